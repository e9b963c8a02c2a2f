"""``kg serve``'s logs on stderr: with ``--access-log`` one line per request, safe to read and
to parse; and the operator's lines (:func:`say`: a reload, a proxy without ``--public-url``).

A line is the time (UTC), the client (behind a reverse proxy on this machine: the last address
its ``X-Forwarded-For`` names), the method and path (no query string: queries can be
long and private), the status, the bytes sent and the seconds taken::

    2026-12-05T04:56:27Z 127.0.0.1 GET /sparql 200 1979247 0.412

Text from the request is percent-escaped where it is not printable ASCII, so that a request
cannot write a line of its own into the log.
"""

from __future__ import annotations

import sys
import time
from typing import Any
from urllib.parse import quote

_SAFE = "/:@!$&'()*+,;=-._~%"


def logged(app: Any) -> Any:
    """``app`` (ASGI) writing an access line per HTTP request to stderr."""

    async def logging_app(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started, sent = time.monotonic(), {"status": 0, "bytes": 0}

        async def counting(message: dict) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
            elif message["type"] == "http.response.body" and scope["method"] != "HEAD":
                # uvicorn sends no body for HEAD: the bytes logged are those sent
                sent["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await app(scope, receive, counting)
        finally:
            client = _client(scope)
            line = (
                f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {_clean(str(client))} "
                f"{_clean(scope['method'])} {_clean(scope['path'])} {sent['status'] or '-'} "
                f"{sent['bytes']} {time.monotonic() - started:.3f}\n"
            )
            sys.stderr.write(line)
            sys.stderr.flush()

    return logging_app


def say(text: str, lang: str) -> None:
    """A line on stderr for the operator (the error log), in the server's language; kg's own
    words, never text from a request unescaped."""
    from kg.errors import translated

    sys.stderr.write(f"kg serve: {translated(text, lang)}\n")
    sys.stderr.flush()


def _client(scope: dict) -> str:
    """The client's address; for a request from a proxy on this machine, the address the
    proxy says it forwards for."""
    peer = str((scope.get("client") or ("-", 0))[0])
    if peer in ("127.0.0.1", "::1"):
        for name, value in scope.get("headers", ()):
            if name == b"x-forwarded-for" and value.strip():
                return value.decode("latin-1").split(",")[-1].strip()
    return peer


def _clean(text: str) -> str:
    """``text`` with nothing but printable ASCII (others percent-escaped as UTF-8).

    >>> _clean("/sparql\\n2026 fake line")
    '/sparql%0A2026%20fake%20line'
    """
    return quote(text, safe=_SAFE)
