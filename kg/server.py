"""A read-only SPARQL 1.1 Protocol endpoint over a loaded graph, with a query page at ``/``.

Queries run in worker processes that hold the graph: a query past the time limit is stopped by
killing its worker (a Python thread cannot be stopped), which is then replaced, while the other
workers go on answering.
"""

from __future__ import annotations

import base64
import hashlib
import json
import multiprocessing
import queue
import re
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from kg.errors import KgError

#: Request bodies larger than this are answered with 413.
MAX_BODY = 1024 * 1024
#: How long a new worker may take to load the graph before the server gives up on it.
WORKER_START_TIMEOUT = 600.0

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
_RESULT_FORMAT_IRIS = {
    "json": FORMATS.SPARQL_Results_JSON,
    "xml": FORMATS.SPARQL_Results_XML,
    "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV,
    "turtle": FORMATS.Turtle,
    "nt": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"],
    "rdfxml": FORMATS.RDF_XML,
}
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$")


@dataclass(frozen=True)
class Settings:
    """Limits of the endpoint: seconds per query, rows per result, workers, body size."""

    timeout: float = 30.0
    max_rows: int = 10_000
    workers: int = 2
    max_body: int = MAX_BODY


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free before the time limit."""


# ---------------------------------------------------------------- worker processes


def _text(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode())


def answer(
    graph: Graph, query: str, accept: str | None, formats: list[str], max_rows: int
) -> Reply:
    """Answer one SPARQL query on ``graph`` (in a worker): parse, check, run, render.

    >>> from kg.loader import load
    >>> answer(load(), "ASK { ?s ?p ?o }", "application/sparql-results+json", [], 10).body
    b'{"head": {}, "boolean": true}'
    >>> answer(load(), "DROP ALL", None, [], 10).status
    403
    """
    from kg.errors import QueryError
    from kg.queries import from_text, prepare, run
    from kg.results import GRAPH_FORMATS, SOLUTION_FORMATS, negotiate, render

    try:  # a standard endpoint: '#+ param:' header lines bind nothing here
        prepared = prepare(replace(from_text(query, name="query"), params=()))
    except QueryError as error:
        return _text(error.status, str(error))
    kind = "graph" if prepared.form in ("CONSTRUCT", "DESCRIBE") else "solutions"
    fmt = negotiate(kind, accept, formats)
    if fmt is None:
        offered = SOLUTION_FORMATS if kind == "solutions" else GRAPH_FORMATS
        return _text(
            406,
            f"cannot give a {prepared.form} result as {', '.join(formats) or accept}; "
            f"this endpoint offers: {', '.join(offered.values())}",
        )
    try:
        rendered = render(run(graph, prepared), fmt, max_rows=max_rows)
    except KgError as error:
        return _text(400, str(error))
    except Exception as error:  # rdflib raises plain exceptions while evaluating
        return _text(400, f"the query failed while running: {type(error).__name__}: {error}")
    headers = (("Kg-Truncated", f"max-rows={max_rows}"),) if rendered.truncated else ()
    content_type = f"{rendered.media_type}; charset=utf-8"
    return Reply(200, content_type, rendered.text.encode("utf-8"), headers)


def _worker_main(connection, payload: bytes | str, max_rows: int) -> None:
    """A worker process: load the graph once (N-Triples ``payload``, or the folder of an
    on-disk store to reopen), then answer queries from the pipe forever."""
    if isinstance(payload, str):
        from kg.store import reopen

        graph = reopen(Path(payload))
    else:
        from kg.namespace import bind_prefixes

        graph = bind_prefixes(Graph())
        graph.parse(data=payload, format="nt")
    answer(graph, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", None, [], 1)  # warm up the parser
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(answer(graph, *job, max_rows))


class _Worker:
    def __init__(self, context, payload: bytes | str, max_rows: int) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, payload, max_rows),
            name="kg-sparql-worker",
            daemon=True,
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> bool:
        try:
            return self.connection.poll(timeout) and self.connection.recv() == "ready"
        except (EOFError, OSError):
            return False

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """Worker processes that each hold the graph; a worker past its deadline is replaced."""

    def __init__(self, graph: Graph, *, size: int = 2, max_rows: int = 10_000) -> None:
        self.size = max(1, size)
        self.max_rows = max_rows
        from kg.store import store_directory

        directory = store_directory(graph)
        # Workers reopen an on-disk store themselves (read-only, no copy); else they parse a copy.
        self._payload: bytes | str = (
            str(directory) if directory else graph.serialize(format="nt", encoding="utf-8")
        )
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start the workers and wait until each has loaded the graph."""
        workers = [self._spawn() for _ in range(self.size)]
        for worker in workers:
            if not worker.wait_ready(WORKER_START_TIMEOUT):
                self.close()
                raise KgError(
                    "a query worker could not load the graph",
                    hint="check the data with kg validate",
                )
            self._idle.put(worker)

    @property
    def ready(self) -> int:
        """How many workers are idle now."""
        return self._idle.qsize()

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self._payload, self.max_rows)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()
        if self._closed:
            return

        def start() -> None:
            new = self._spawn()
            if new.wait_ready(WORKER_START_TIMEOUT) and not self._closed:
                self._idle.put(new)
            else:
                with self._lock:
                    self._workers.discard(new)
                new.stop()

        threading.Thread(target=start, name="kg-worker-restart", daemon=True).start()

    def run(self, job: tuple, timeout: float) -> Reply:
        """Run ``job`` (query, accept, formats) on a free worker, waiting for one at most
        ``timeout`` seconds; a query still running ``timeout`` seconds later is stopped."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolBusy from None
        try:
            worker.connection.send(job)
            if worker.connection.poll(timeout):
                reply = worker.connection.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            self._replace(worker)
            return _text(500, "the query worker died while answering; it is being restarted")
        self._replace(worker)
        raise QueryTimeout

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()


# ---------------------------------------------------------------- HTTP


class Endpoint(ThreadingHTTPServer):
    """The HTTP server: ``/sparql`` (SPARQL 1.1 Protocol, read-only) and ``/`` (query page)."""

    daemon_threads = True

    def __init__(
        self,
        graph: Graph,
        host: str = "127.0.0.1",
        port: int = 8000,
        settings: Settings = Settings(),
    ) -> None:
        self.settings = settings
        self.triples = len(graph)
        self.page = _page()
        try:
            super().__init__((host, port), _Handler)
        except OSError as error:
            raise KgError(
                f"cannot listen on {host}:{port}: {error.strerror}",
                hint="another program may be using the port: give another --port (0: any free)",
            ) from error
        self.pool = WorkerPool(graph, size=settings.workers, max_rows=settings.max_rows)
        try:
            self.pool.start()
        except BaseException:
            self.socket.close()
            raise

    @property
    def url(self) -> str:
        """The server's base URL, ending in ``/``."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        """Close the socket and stop the workers."""
        super().server_close()
        self.pool.close()


def make_server(
    graph: Graph,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
) -> Endpoint:
    """A ready endpoint (workers started, socket bound); call ``serve_forever()`` on it."""
    if timeout <= 0 or max_rows < 1 or workers < 1:
        raise KgError(
            "--timeout, --max-rows and --workers must be positive",
            hint="for example --timeout 30 --max-rows 10000 --workers 2",
        )
    settings = Settings(timeout=timeout, max_rows=max_rows, workers=workers)
    return Endpoint(graph, host, port, settings)


def serve(
    graph: Graph,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``graph`` until interrupted (Ctrl-C); ``ready`` is called with the base URL."""
    server = make_server(graph, host, port, timeout=timeout, max_rows=max_rows, workers=workers)
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


class _Handler(BaseHTTPRequestHandler):
    server: Endpoint
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql/0.1"

    # ---- verbs

    def do_OPTIONS(self) -> None:
        self._send(Reply(204, "", b""))

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            csp = "default-src 'none'; style-src 'unsafe-inline'; connect-src 'self'; " + (
                f"script-src '{self.server.page[1]}'"
            )
            self._send(
                Reply(
                    200,
                    "text/html; charset=utf-8",
                    self.server.page[0],
                    (("Content-Security-Policy", csp),),
                )
            )
        elif url.path == "/sparql":
            self._dispatch(parse_qs(url.query, keep_blank_values=True))
        else:
            self._send(_text(404, "no such page: the endpoint is /sparql, the query page is /"))

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            self.close_connection = True
            self._send(_text(411, "a POST needs a Content-Length header"))
            return
        try:
            length = int(raw_length)
        except ValueError:
            self.close_connection = True
            self._send(_text(400, f"bad Content-Length: {raw_length!r}"))
            return
        if length > self.server.settings.max_body:
            self._drain(length)
            self.close_connection = True
            self._send(
                _text(413, f"the request body is over {self.server.settings.max_body} bytes")
            )
            return
        body = self.rfile.read(length)
        if url.path != "/sparql":
            self._send(_text(404, "no such endpoint: POST queries to /sparql"))
            return
        params = parse_qs(url.query, keep_blank_values=True)
        content_type = self.headers.get_content_type()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(_text(400, "the request body is not UTF-8"))
            return
        if content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            params.setdefault("query", []).append(text)
        elif content_type == "application/sparql-update":
            self._send(_refused_update())
            return
        else:
            self._send(
                _text(
                    415,
                    f"cannot read a {content_type} body: send application/sparql-query or "
                    "application/x-www-form-urlencoded (query=…)",
                )
            )
            return
        self._dispatch(params)

    # ---- the protocol

    def _dispatch(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._send(_refused_update())
            return
        if any(
            v.strip() for k in ("default-graph-uri", "named-graph-uri") for v in params.get(k, [])
        ):
            self._send(
                _text(
                    403,
                    "default-graph-uri and named-graph-uri are refused: the endpoint answers "
                    "from the one graph it has loaded",
                )
            )
            return
        queries = params.get("query", [])
        if not queries:
            self._send(self._service_description())
            return
        if len(queries) > 1:
            self._send(_text(400, "give one query parameter, not several"))
            return
        formats = params.get("format", []) + params.get("output", [])
        job = (queries[0], self.headers.get("Accept"), formats)
        timeout = self.server.settings.timeout
        try:
            reply = self.server.pool.run(job, timeout)
        except QueryTimeout:
            reply = _text(
                503,
                f"the query ran past the time limit ({timeout:g} s) and was stopped; "
                "narrow it (LIMIT, more specific patterns) or ask for a longer --timeout",
            )
        except PoolBusy:
            reply = _text(503, f"every query worker stayed busy for {timeout:g} s; try again")
        self._send(reply)

    def _service_description(self) -> Reply:
        from kg.results import GRAPH_FORMATS, negotiate, write_graph

        fmt = negotiate("graph", self.headers.get("Accept"))
        if fmt is None:
            return _text(
                406, f"the service description is offered as: {', '.join(GRAPH_FORMATS.values())}"
            )
        host = self.headers.get("Host", "")
        base = f"http://{host}/" if _HOST.match(host) else self.server.url
        endpoint = URIRef(base + "sparql")
        graph = Graph()
        graph.bind("sd", SD)
        graph.bind("void", VOID)
        dataset, default = BNode(), BNode()
        graph.add((endpoint, RDF.type, SD.Service))
        graph.add((endpoint, SD.endpoint, endpoint))
        graph.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
        for iri in _RESULT_FORMAT_IRIS.values():
            graph.add((endpoint, SD.resultFormat, iri))
        graph.add((endpoint, SD.defaultDataset, dataset))
        graph.add((dataset, RDF.type, SD.Dataset))
        graph.add((dataset, SD.defaultGraph, default))
        graph.add((default, RDF.type, SD.Graph))
        graph.add((default, VOID.triples, Literal(self.server.triples)))
        settings = self.server.settings
        graph.add(
            (
                endpoint,
                DCTERMS.description,
                Literal(
                    "kg: the actors and alliances behind Malmö's social-sustainability work. "
                    f"Read-only (updates are refused); SERVICE and FROM are refused; a query "
                    f"may run {settings.timeout:g} s; results are cut at {settings.max_rows} "
                    "rows.",
                    lang="en",
                ),
            )
        )
        rendered = write_graph(fmt, graph)
        return Reply(200, f"{rendered.media_type}; charset=utf-8", rendered.text.encode("utf-8"))

    # ---- plumbing

    def _drain(self, length: int) -> None:
        remaining = min(length, 16 * self.server.settings.max_body)
        while remaining > 0:
            chunk = self.rfile.read(min(65536, remaining))
            if not chunk:
                break
            remaining -= len(chunk)

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Expose-Headers", "Kg-Truncated")
        self.send_header("Vary", "Accept")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)


def _refused_update() -> Reply:
    return _text(
        403,
        "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, "
        "COPY, MOVE, ADD) are refused; change the data in data/*.ttl instead",
    )


# ---------------------------------------------------------------- the query page


def _page() -> tuple[bytes, str]:
    """The query page (self-contained HTML) and the CSP source of its one script."""
    from kg.namespace import PREFIXES
    from kg.queries import bind, library, with_values

    examples = []
    for query in library():
        try:
            text = with_values(query, bind(query))
        except KgError:
            text = query.text
        examples.append(
            {
                "name": query.name,
                "summary": query.summary,
                "description": query.description,
                "text": text,
            }
        )
    data = json.dumps({"examples": examples, "prefixes": PREFIXES}, ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = (Path(__file__).parent / "server_page.html").read_text(encoding="utf-8")
    script = re.search(r"<script>(.*?)</script>", template, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    html = template.replace("__DATA__", data)
    return html.encode("utf-8"), f"sha256-{digest}"
