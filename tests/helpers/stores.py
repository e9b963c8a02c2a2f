"""SPARQL stores for the ``--endpoint`` tests and the benchmark: the Oxigraph server, kg serve
and Virtuoso, each started on a free loopback port with its own data in a folder of its own,
and stopped (by its process) when the ``with`` block ends.

- The Oxigraph server is the ``oxigraph`` command of the ``oxigraph`` package (test extra).
- Virtuoso is Debian's ``virtuoso-opensource`` (``virtuoso-t`` and ``isql-vt``): a throwaway
  instance with its own ini, its data bulk-loaded, its default 10,000-row cap kept.
- kg serve is this kg, with the workers and row cap asked for.

Each store holds several graphs at once (named graphs, chosen with ``default-graph-uri`` in
the endpoint's URL), except kg serve, which serves one graph per process.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

#: How long a store may take to answer its first query.
START_TIMEOUT = 120.0
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def oxigraph_command() -> str | None:
    """The Oxigraph server's command (installed beside this Python by the test extra)."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def virtuoso_commands() -> tuple[str, str] | None:
    """Virtuoso's server and isql commands (Debian's virtuoso-opensource), if installed."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


MISSING = {
    "oxigraph": "needs the Oxigraph server (pip install -e '.[test]')",
    "virtuoso": "needs Virtuoso (apt-get install virtuoso-opensource)",
    "kg-serve": "",
}


def available(store: str) -> bool:
    """Whether the store's programs are installed."""
    if store == "oxigraph":
        return oxigraph_command() is not None
    if store == "virtuoso":
        return virtuoso_commands() is not None
    return True


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    """Whether the endpoint at ``url`` answers ``ASK {}``."""
    query = urllib.parse.urlencode({"query": "ASK {}"})
    separator = "&" if "?" in url else "?"
    try:
        with _DIRECT.open(f"{url}{separator}{query}", timeout=5) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError):
        return False


def with_graph(url: str, graph: str) -> str:
    """The endpoint URL that answers from ``graph`` only (``default-graph-uri``)."""
    return f"{url}?{urllib.parse.urlencode({'default-graph-uri': graph})}"


@contextlib.contextmanager
def _running(command: list[str], url: str, log: Path, **options: object) -> Iterator[str]:
    """Start ``command``, wait until ``url`` answers, yield it; stop the process after."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **options
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not answers(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
                    raise RuntimeError(f"{command[0]} did not start:\n{tail}")
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


@contextlib.contextmanager
def oxigraph(folder: Path, graphs: dict[str, Path]) -> Iterator[str]:
    """``oxigraph serve-read-only`` holding each N-Triples file in its named graph; yields
    the query URL (add ``default-graph-uri`` with :func:`with_graph`)."""
    command = oxigraph_command()
    if command is None:
        raise RuntimeError(MISSING["oxigraph"])
    location = folder / "oxigraph"
    for graph, path in graphs.items():
        load = ["load", "--location", str(location), "--file", str(path), "--format", "nt"]
        subprocess.run(
            [command, *load, "--graph", graph],
            check=True,
            capture_output=True,
            timeout=600,
        )
    with oxigraph_server(location, folder / "oxigraph.log") as url:
        yield url


@contextlib.contextmanager
def oxigraph_server(location: Path, log: Path) -> Iterator[str]:
    """``oxigraph serve-read-only`` on the Oxigraph store at ``location`` (a kg ``--store``
    folder's ``oxigraph`` store too); yields the query URL."""
    command = oxigraph_command()
    if command is None:
        raise RuntimeError(MISSING["oxigraph"])
    port = free_port()
    serve = [command, "serve-read-only", "--location", str(location)]
    with _running(
        [*serve, "--bind", f"127.0.0.1:{port}"], f"http://127.0.0.1:{port}/query", log
    ) as url:
        yield url


@contextlib.contextmanager
def kg_serve(folder: Path, options: list[str], *, workers: int, max_rows: int) -> Iterator[str]:
    """``kg serve`` with these data options, workers and row cap; yields /sparql's URL."""
    port = free_port()
    kg = str(Path(sys.executable).with_name("kg"))
    command = [kg, "serve", "--port", str(port), "--workers", str(workers)]
    command += ["--max-rows", str(max_rows), *options]
    with _running(command, f"http://127.0.0.1:{port}/sparql", folder / "kg-serve.log") as url:
        yield url


_VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{isql}
DisableUnixSocket    = 1
MaxClientConnections = 10
CheckpointInterval   = 0
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = ., {data}
ThreadsPerQuery      = 2
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000

[HTTPServer]
ServerPort           = 127.0.0.1:{http}
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
; Debian's default cap, kept: answers past 10,000 rows are cut
ResultSetMaxRows           = 10000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
"""


@contextlib.contextmanager
def virtuoso(folder: Path, graphs: dict[str, Path]) -> Iterator[str]:
    """A throwaway Virtuoso with its own ini and database in ``folder``, each N-Triples file
    bulk-loaded into its named graph; yields the /sparql URL (add ``default-graph-uri``)."""
    commands = virtuoso_commands()
    if commands is None:
        raise RuntimeError(MISSING["virtuoso"])
    server, isql = commands
    db, data = folder / "db", folder / "data"
    db.mkdir(parents=True)
    data.mkdir()
    isql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        _VIRTUOSO_INI.format(db=db, data=data, isql=isql_port, http=http_port), encoding="utf-8"
    )
    url = f"http://127.0.0.1:{http_port}/sparql"
    command = [server, "+foreground", "+configfile", str(ini)]
    with _running(command, url, folder / "virtuoso-out.log", cwd=folder):
        loads = []
        for number, (graph, path) in enumerate(graphs.items()):
            name = f"graph{number}.nt"
            shutil.copyfile(path, data / name)
            loads.append(f"ld_dir('{data}', '{name}', '{graph}');")
        script = " ".join([*loads, "rdf_loader_run();", "checkpoint;"])
        script += " SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;"
        done = subprocess.run(
            [isql, f"127.0.0.1:{isql_port}", "dba", "dba", f"exec={script}"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode or "0 Rows." not in done.stdout:
            raise RuntimeError(f"Virtuoso did not load the data:\n{done.stdout}\n{done.stderr}")
        yield url
