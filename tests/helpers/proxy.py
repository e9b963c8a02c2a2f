"""A reverse proxy as an operator would put before ``kg serve``: it publishes the endpoint
under a path prefix (``/kg/``), strips the prefix, sets X-Forwarded-* headers, and passes on
the Host it was asked for (as Caddy does, and nginx with ``proxy_set_header Host $host``)."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_HOP = ("connection", "keep-alive", "transfer-encoding", "content-length", "date", "server")


@contextmanager
def proxy(
    backend: tuple[str, int], prefix: str = "/kg", *, port: int = 0, seen: list | None = None
) -> Iterator[str]:
    """A proxy to ``backend`` (host, port) on loopback ``port`` (0: a free one); yields its
    public URL (``http://localhost:PORT/kg/``). ``seen`` gets each request's method and path."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def forward(self) -> None:
            if seen is not None:
                seen.append((self.command, self.path))
            if not self.path.startswith(prefix + "/"):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            connection = http.client.HTTPConnection(*backend, timeout=60)
            connection.putrequest(
                self.command, self.path[len(prefix) :], skip_host=True, skip_accept_encoding=True
            )
            for name, value in self.headers.items():
                if name.lower() not in _HOP:
                    connection.putheader(name, value)
            connection.putheader("X-Forwarded-For", self.client_address[0])
            connection.putheader("X-Forwarded-Proto", "http")
            connection.putheader("X-Forwarded-Host", self.headers.get("Host", ""))
            connection.putheader("X-Forwarded-Prefix", prefix)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            data = response.read()
            connection.close()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in _HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_HEAD = do_OPTIONS = forward

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}{prefix}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
