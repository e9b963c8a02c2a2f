"""Worker processes that answer SPARQL queries, each holding the graph in pyoxigraph.

pyoxigraph's evaluation cannot be interrupted and a Python thread cannot be stopped, so a
query past its time limit is stopped by killing its worker, which is then replaced while the
others go on answering (:mod:`kg.web.admission` decides who runs where and for how long).

Each worker caps its own address space (``RLIMIT_AS``) at what it holds once the graph is
loaded plus a per-query allowance. A query past it fails to allocate: a Python allocation
raises ``MemoryError`` and is answered with 503 by the worker itself; pyoxigraph aborts the
process instead, and the pool reads the abort from the exit signal and answers 503 too.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError, QueryError, RefusedQueryError
from kg.machine import address_space, limits_memory
from kg.numbers import written

#: How long a new worker may take to load the graph before the server gives up on it.
WORKER_START_TIMEOUT = 600.0
#: What a query may allocate in a worker beyond the loaded graph, by default (MiB): less where
#: the machine has less free (:func:`worker_memory`).
DEFAULT_MEMORY = 2048


#: What kg serve says once where its workers cannot cap their memory (macOS, Windows).
NO_MEMORY_LIMIT = (
    "warning: the memory limit of each query worker (--memory) works on Linux alone: kg serve "
    "runs here without it, and a query that needs more memory than the machine has is not "
    "stopped by kg; keep --workers low, or serve from Linux"
)


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def text_reply(status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    """A plain-text answer (errors and refusals)."""
    body = (message.rstrip("\n") + "\n").encode()
    return Reply(status, "text/plain; charset=utf-8", body, headers)


def worker_memory(asked: int | None, workers: int, free: int | None) -> tuple[int, str | None]:
    """The MiB a query may use in each worker, and a warning when what was asked is more than
    the machine has: by default :data:`DEFAULT_MEMORY`, or half the ``free`` MiB shared among
    the ``workers`` and the quick one where that is less (the other half is for the graphs
    they hold), at least 64.

    >>> worker_memory(None, 2, 22000)
    (2048, None)
    >>> worker_memory(None, 2, 1700)
    (283, None)
    >>> print(worker_memory(2048, 2, 1700)[1])  # doctest: +ELLIPSIS
    3 query workers may each use 2,048 MiB beyond the graph (--memory), 6,144 MiB together, ...
    """
    shared = DEFAULT_MEMORY if free is None else free // 2 // (workers + 1)
    fits = max(64, min(DEFAULT_MEMORY, shared))
    if asked is None:
        return fits, None
    if free is None or asked * (workers + 1) <= free:
        return asked, None
    each, together, has = written(asked), written(asked * (workers + 1)), written(free)
    return asked, (
        f"{workers + 1} query workers may each use {each} MiB beyond the graph (--memory), "
        f"{together} MiB together, more than the {has} MiB this machine has free: "
        "queries that need it can make the "
        f"system end kg serve; give a smaller --memory ({fits} fits) or fewer --workers"
    )


def memory_reply(memory: int) -> Reply:
    """The answer to a query that needed more memory than a worker may use."""
    return text_reply(
        503,
        "the query needed more memory than a query worker may use "
        f"({written(memory)} MiB beyond the graph) and was stopped; narrow it (LIMIT, fewer "
        "joins, shorter strings) or ask for a larger --memory",
    )


def answer(
    store: Any,
    query: str,
    accept: str | None,
    formats: list[str],
    max_rows: int,
    dataset: tuple[list[str], list[str]] | None = None,
    base_iri: str | None = None,
) -> Reply:
    """Answer one SPARQL query on ``store`` (in a worker): check, run, serialise.

    Every failure is an answer: a refusal 403, a bad query 400, too little memory 503, anything
    else 500, each with a message; the worker goes on. ``dataset`` holds the request's
    ``default-graph-uri`` and ``named-graph-uri`` values; relative IRIs resolve against
    ``base_iri`` (the endpoint's URL, as the Protocol allows).

    >>> from kg.io.source import Source
    >>> answer(Source().open(), "ASK { ?s ?p ?o }", "application/sparql-results+json", [], 10).body
    b'{"head":{},"boolean":true}'
    >>> answer(Source().open(), "DROP ALL", None, [], 10).status
    403
    """
    try:
        return _answer(store, query, accept, formats, max_rows, dataset, base_iri)
    except MemoryError:
        return memory_reply(_ALLOWANCE["mib"])
    except RecursionError:
        return text_reply(400, "the query is nested too deeply to be read; nest it less")
    except Exception as error:  # the worker must answer, whatever went wrong
        return text_reply(
            500, f"the query failed in the worker: {type(error).__name__}: {error}"[:2000]
        )


def _answer(
    store: Any,
    query: str,
    accept: str | None,
    formats: list[str],
    max_rows: int,
    dataset: tuple[list[str], list[str]] | None,
    base_iri: str | None,
) -> Reply:
    from kg.io.store import storage_failure
    from kg.model.xml_names import NotInRdfXml
    from kg.sparql.engine import prepare_text, run
    from kg.sparql.results import FORMATS, negotiate, serialize

    try:
        prepared = prepare_text(query, base_iri=base_iri)
    except QueryError as error:
        return text_reply(403 if isinstance(error, RefusedQueryError) else 400, str(error))
    fmt = negotiate(prepared.kind, accept, formats)
    if fmt is None:
        offered = FORMATS[prepared.kind]
        return text_reply(
            406,
            f"cannot give {'an' if prepared.form == 'ASK' else 'a'} {prepared.form} result as "
            f"{', '.join(formats) or accept}; "
            f"this endpoint offers: {', '.join(offered.values())}",
        )
    try:
        result = serialize(run(store, prepared, dataset=dataset), fmt, max_rows=max_rows)
    except (KgError, ValueError, RuntimeError, OSError) as error:  # the engine, lazily too
        damaged = error.__cause__ if isinstance(error, KgError) else error
        if damaged is not None and storage_failure(damaged):
            return text_reply(
                500,
                f"the store's database failed: {damaged}; it may be damaged: restart kg serve "
                "with --reload to rebuild it",
            )
        if isinstance(error, NotInRdfXml):  # the answer is there; the format cannot hold it
            return text_reply(406, str(error))
        if isinstance(error, KgError):
            return text_reply(400, str(error))
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


#: The MiB this worker's queries may use, as :func:`limit_memory` set it (for the answer to a
#: query that ran out of it).
_ALLOWANCE = {"mib": DEFAULT_MEMORY}


def limit_memory(allowance_mib: int) -> int | None:
    """Cap this process's address space at its present size plus ``allowance_mib`` MiB.

    Returns the cap in bytes, or None where the system has no such cap (not Linux: kg serve
    says so once, :func:`kg.web.server.serve`).
    """
    if not limits_memory():
        return None
    import resource

    present = address_space()
    _ALLOWANCE["mib"] = allowance_mib
    cap = present + allowance_mib * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return cap


#: How much lower the main lane's workers run than the server and the quick worker: when long
#: queries take every core, the HTTP side and quick queries still get the CPU first.
MAIN_LANE_NICENESS = 10


def _worker_main(
    connection: Any, payload: bytes | str, max_rows: int, memory: int, lane: str
) -> None:
    """A worker process: load the graph once, then answer queries from the pipe forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    if lane == "main" and hasattr(os, "nice"):
        os.nice(MAIN_LANE_NICENESS)
    store = _load(payload)
    answer(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", None, [], 1)  # warm up
    limit_memory(memory)
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        query, accept, formats, dataset, base_iri = job
        reply = answer(store, query, accept, formats, max_rows, dataset, base_iri)
        try:
            connection.send(reply)
        except MemoryError:
            connection.send(memory_reply(memory))


class Worker:
    """One worker process and the pipe to it; ``lane`` says which queries it takes."""

    def __init__(
        self, context: Any, payload: bytes | str, max_rows: int, memory: int, lane: str
    ) -> None:
        self.lane = lane
        self.memory = memory
        self.generation = 0  # which version of the store it opened (see Pool.identity)
        self._stopping = threading.Lock()
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, payload, max_rows, memory, lane),
            name=f"kg-sparql-worker-{lane}",
            daemon=True,
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the worker has loaded the graph; False if it failed or took too long."""
        try:
            return self.connection.poll(timeout) and self.connection.recv() == "ready"
        except (EOFError, OSError):
            return False

    def death(self) -> Reply:
        """The answer for a query whose worker died under it, read from how it died."""
        self.process.join(5)
        code = self.process.exitcode
        if code == -signal.SIGABRT:  # pyoxigraph aborts when an allocation fails
            return memory_reply(self.memory)
        if code == -signal.SIGSEGV:
            return text_reply(
                500,
                "the query crashed its worker (the engine ran out of stack); write it with "
                "fewer nested groups or chained operators. The worker is being replaced",
            )
        return text_reply(
            500, f"the query worker died while answering (exit code {code}); it is being replaced"
        )

    def stop(self) -> None:
        """Kill the process (if alive) and close the pipe; once, whichever threads ask (the
        pool closing and a restart giving up on the same new worker): a pipe closed twice at
        once closes its descriptor twice, the second time another file's that took its
        number, or fails with EBADF."""
        with self._stopping:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
            if not self.connection.closed:
                self.connection.close()


def payload_of(store: Any, directory: Path | None) -> bytes | str:
    """What workers load: the folder of an on-disk store, else the store as N-Quads."""
    import pyoxigraph as ox

    if directory is not None:
        return str(directory)
    return ox.serialize(store, format=ox.RdfFormat.N_QUADS)
