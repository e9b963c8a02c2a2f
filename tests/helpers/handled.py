"""A plain HTTP server of a test's own, answering as its handler says, on a free loopback port
in a thread: an endpoint that fails, cuts or relabels as a test needs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def endpoint_of(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """The URL (``…/query``) of a server answering with ``handler``, stopped when the block
    ends (within 0.05 s: the server looks for the stop that often)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query"
    finally:
        server.shutdown()
        server.server_close()
