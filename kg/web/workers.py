"""Worker processes that answer SPARQL queries, each holding the graph in pyoxigraph.

pyoxigraph's evaluation cannot be interrupted and a Python thread cannot be stopped, so a
query past the time limit is stopped by killing its worker, which is then replaced while the
others go on answering.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError, QueryError, RefusedQueryError

#: How long a new worker may take to load the graph before the server gives up on it.
WORKER_START_TIMEOUT = 600.0


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def text_reply(status: int, message: str) -> Reply:
    """A plain-text answer (errors and refusals)."""
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode())


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free before the time limit."""


def answer(store: Any, query: str, accept: str | None, formats: list[str], max_rows: int) -> Reply:
    """Answer one SPARQL query on ``store`` (in a worker): check, run, serialise.

    >>> from kg.io.source import Source
    >>> answer(Source().open(), "ASK { ?s ?p ?o }", "application/sparql-results+json", [], 10).body
    b'{"head":{},"boolean":true}'
    >>> answer(Source().open(), "DROP ALL", None, [], 10).status
    403
    """
    from kg.sparql.engine import prepare_text, run
    from kg.sparql.results import FORMATS, negotiate, serialize

    try:
        prepared = prepare_text(query)
    except QueryError as error:
        return text_reply(403 if isinstance(error, RefusedQueryError) else 400, str(error))
    fmt = negotiate(prepared.kind, accept, formats)
    if fmt is None:
        offered = FORMATS[prepared.kind]
        return text_reply(
            406,
            f"cannot give a {prepared.form} result as {', '.join(formats) or accept}; "
            f"this endpoint offers: {', '.join(offered.values())}",
        )
    try:
        result = serialize(run(store, prepared), fmt, max_rows=max_rows)
    except KgError as error:
        return text_reply(400, str(error))
    except Exception as error:  # the engine's errors while evaluating lazily
        return text_reply(400, f"the query failed while running: {type(error).__name__}: {error}")
    body, headers = result.body, ()
    if result.truncated:
        body = _marked(body, fmt, max_rows)
        headers = (("Kg-Truncated", f"max-rows={max_rows}"),)
    return Reply(200, f"{result.media_type}; charset=utf-8", body, headers)


def _marked(body: bytes, fmt: str, max_rows: int) -> bytes:
    """A cut answer with a note saying so where its format has room for one."""
    message = (
        f"result cut at {max_rows} rows (the endpoint's --max-rows); "
        "add LIMIT/OFFSET to page through it"
    )
    if fmt == "json":
        marker = json.dumps({"max_rows": max_rows, "message": message})
        return body.rstrip()[:-1] + f',"truncated":{marker}}}'.encode()
    if fmt == "xml":
        return body.replace(b"</sparql>", f"<!-- {message} --></sparql>".encode())
    if fmt in ("turtle", "nt"):
        return body + f"# {message}\n".encode()
    return body


def _load(payload: bytes | str) -> Any:
    """The worker's store: the on-disk store reopened, or the parent's N-Quads loaded with
    their blank-node labels kept (every worker gives the same labels)."""
    import pyoxigraph as ox

    if isinstance(payload, str):
        from kg.io.store import reopen

        return reopen(Path(payload))
    store = ox.Store()
    store.extend(ox.parse(payload, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False))
    return store


def _worker_main(connection: Any, payload: bytes | str, max_rows: int) -> None:
    """A worker process: load the graph once, then answer queries from the pipe forever."""
    store = _load(payload)
    answer(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", None, [], 1)  # warm up
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(answer(store, *job, max_rows))


class _Worker:
    def __init__(self, context: Any, payload: bytes | str, max_rows: int) -> None:
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


def payload_of(store: Any, directory: Path | None) -> bytes | str:
    """What workers load: the folder of an on-disk store, else the store as N-Quads."""
    import pyoxigraph as ox

    if directory is not None:
        return str(directory)
    return ox.serialize(store, format=ox.RdfFormat.N_QUADS)


class WorkerPool:
    """Worker processes that each hold the graph; a worker past its deadline is replaced."""

    def __init__(self, payload: bytes | str, *, size: int = 2, max_rows: int = 10_000) -> None:
        self.size = max(1, size)
        self.max_rows = max_rows
        self.payload = payload
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
        worker = _Worker(self._context, self.payload, self.max_rows)
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
            return text_reply(500, "the query worker died while answering; it is being restarted")
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
