"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``, a query page at ``/``.

HTTP is Starlette's, served by uvicorn; queries run in :mod:`kg.web.workers`' processes.
"""

from __future__ import annotations

import re
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.errors import KgError
from kg.web.workers import PoolBusy, QueryTimeout, Reply, WorkerPool, payload_of, text_reply

#: Request bodies larger than this are answered with 413.
MAX_BODY = 1024 * 1024
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$")
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Expose-Headers": "Kg-Truncated",
}


@dataclass(frozen=True)
class Settings:
    """Limits of the endpoint: seconds per query, rows per result, workers, body size."""

    timeout: float = 30.0
    max_rows: int = 10_000
    workers: int = 2
    max_body: int = MAX_BODY


class Endpoint:
    """A bound endpoint with its workers started; :meth:`serve_forever` answers requests."""

    def __init__(
        self, store: Any, directory: Path | None, host: str, port: int, settings: Settings
    ) -> None:
        self.settings = settings
        self.triples = len(store)
        self.socket = _listen(host, port)
        self.server_address = self.socket.getsockname()
        self.pool = WorkerPool(
            payload_of(store, directory), size=settings.workers, max_rows=settings.max_rows
        )
        try:
            self.pool.start()
        except BaseException:
            self.socket.close()
            raise
        self.app = _app(self)
        self._server: Any = None
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        """The server's base URL, ending in ``/``."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown` (or Ctrl-C in the main thread)."""
        import uvicorn

        config = uvicorn.Config(
            self.app,
            log_level="warning",
            lifespan="off",
            timeout_keep_alive=5,
            server_header=False,
        )
        self._server = uvicorn.Server(config)
        self._stopped.clear()
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Make :meth:`serve_forever` return, and wait until it has."""
        if self._server is not None:
            self._server.should_exit = True
            self._stopped.wait(10)

    def server_close(self) -> None:
        """Close the socket and stop the workers."""
        self.socket.close()
        self.pool.close()


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise KgError(
            f"cannot listen on {host}:{port}: {error.strerror}",
            hint="another program may be using the port: give another --port (0: any free)",
        ) from error
    sock.listen(1024)
    return sock


def make_server(
    store: Any,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    directory: Path | None = None,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
) -> Endpoint:
    """A ready endpoint over a pyoxigraph ``store`` (workers started, socket bound); with the
    ``directory`` of an on-disk store the workers reopen it instead of loading a copy."""
    if timeout <= 0 or max_rows < 1 or workers < 1:
        raise KgError(
            "--timeout, --max-rows and --workers must be positive",
            hint="for example --timeout 30 --max-rows 10000 --workers 2",
        )
    settings = Settings(timeout=timeout, max_rows=max_rows, workers=workers)
    return Endpoint(store, directory, host, port, settings)


def serve(
    store: Any,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    ready: Callable[[str], None] | None = None,
    **options: Any,
) -> None:
    """Serve ``store`` until interrupted (Ctrl-C); ``ready`` is called with the base URL."""
    server = make_server(store, host, port, **options)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # stop the workers on kill, too
    try:
        if ready:
            ready(server.url)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# ---------------------------------------------------------------- the application


def _app(endpoint: Endpoint) -> Starlette:
    async def page(request: Request) -> Response:
        from kg.web.service import query_page

        html, script = query_page()
        csp = (
            "default-src 'none'; style-src 'unsafe-inline'; connect-src 'self'; "
            f"script-src '{script}'"
        )
        return _response(
            Reply(200, "text/html; charset=utf-8", html, (("Content-Security-Policy", csp),))
        )

    async def sparql(request: Request) -> Response:
        if request.method == "OPTIONS":
            return _response(Reply(204, "", b""))
        params = parse_qs(request.url.query, keep_blank_values=True)
        if request.method == "POST":
            refused = await _read_body(request, endpoint.settings.max_body, params)
            if refused is not None:
                return _response(refused)
        reply = await _dispatch(endpoint, request, params)
        return _response(reply)

    async def missing(request: Request) -> Response:
        return _response(
            text_reply(404, "no such page: the endpoint is /sparql, the query page is /")
        )

    return Starlette(
        routes=[
            Route("/", page, methods=["GET"]),
            Route("/index.html", page, methods=["GET"]),
            Route("/sparql", sparql, methods=["GET", "POST", "OPTIONS"]),
            Route("/{path:path}", missing, methods=["GET", "POST"]),
        ]
    )


async def _read_body(request: Request, limit: int, params: dict[str, list[str]]) -> Reply | None:
    """Read a POST body into ``params``; a Reply when it is refused.

    A body over ``limit`` is answered with 413 after reading (and dropping) at most 16 times
    the limit, so that the client sees the answer rather than a connection cut mid-send.
    """
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
        elif size > 16 * limit:
            break
    if size > limit:
        return Reply(
            413,
            "text/plain; charset=utf-8",
            f"the request body is over {limit} bytes\n".encode(),
            (("Connection", "close"),),
        )
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        return text_reply(400, "the request body is not UTF-8")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        for key, values in parse_qs(text, keep_blank_values=True).items():
            params.setdefault(key, []).extend(values)
    elif content_type == "application/sparql-query":
        params.setdefault("query", []).append(text)
    elif content_type == "application/sparql-update":
        return _refused_update()
    else:
        return text_reply(
            415,
            f"cannot read a {content_type or 'untyped'} body: send application/sparql-query "
            "or application/x-www-form-urlencoded (query=…)",
        )
    return None


async def _dispatch(endpoint: Endpoint, request: Request, params: dict[str, list[str]]) -> Reply:
    if "update" in params:
        return _refused_update()
    if any(v.strip() for k in ("default-graph-uri", "named-graph-uri") for v in params.get(k, [])):
        return text_reply(
            403,
            "default-graph-uri and named-graph-uri are refused: the endpoint answers from the "
            "one graph it has loaded",
        )
    queries = params.get("query", [])
    if not queries:
        return _service_description(endpoint, request)
    if len(queries) > 1:
        return text_reply(400, "give one query parameter, not several")
    formats = params.get("format", []) + params.get("output", [])
    job = (queries[0], request.headers.get("accept"), formats)
    timeout = endpoint.settings.timeout
    try:
        return await run_in_threadpool(endpoint.pool.run, job, timeout)
    except QueryTimeout:
        return text_reply(
            503,
            f"the query ran past the time limit ({timeout:g} s) and was stopped; "
            "narrow it (LIMIT, more specific patterns) or ask for a longer --timeout",
        )
    except PoolBusy:
        return text_reply(503, f"every query worker stayed busy for {timeout:g} s; try again")


def _service_description(endpoint: Endpoint, request: Request) -> Reply:
    from kg.sparql.results import FORMATS, negotiate, serialize
    from kg.web.service import description

    fmt = negotiate("graph", request.headers.get("accept"))
    if fmt is None:
        offered = ", ".join(FORMATS["graph"].values())
        return text_reply(406, f"the service description is offered as: {offered}")
    host = request.headers.get("host", "")
    base = f"http://{host}/" if _HOST.match(host) else endpoint.url
    triples = description(
        base + "sparql",
        endpoint.triples,
        timeout=endpoint.settings.timeout,
        max_rows=endpoint.settings.max_rows,
    )
    result = serialize(iter(triples), fmt)
    return Reply(200, f"{result.media_type}; charset=utf-8", result.body)


def _refused_update() -> Reply:
    return text_reply(
        403,
        "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, "
        "COPY, MOVE, ADD) are refused; change the data in its files instead",
    )


def _response(reply: Reply) -> Response:
    headers = {**_CORS, "Vary": "Accept", **dict(reply.headers)}
    if reply.content_type:
        headers["Content-Type"] = reply.content_type
    return Response(reply.body, status_code=reply.status, headers=headers)
