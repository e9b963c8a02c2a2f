"""``kg serve`` in a test: an endpoint on a free loopback port in a thread, and plain HTTP.

The endpoint is stopped (and its workers with it) when the ``running`` block ends.
"""

from __future__ import annotations

import gc
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

from kg.io.source import Source
from kg.web.server import Endpoint, Settings

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "sparql_fixture.ttl"
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
#: A query that runs for minutes on the fixture (a four-way product of every triple).
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: The same, as an ASK (which the endpoint takes for a quick query).
RUNAWAY_ASK = (
    "ASK { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i))) < 0) }"
)
COMMITTEES = (
    "PREFIX kg: <https://w3id.org/kg-malmo/ontology#>\n"
    "SELECT ?c WHERE { ?c a kg:Committee } ORDER BY ?c"
)


@contextmanager
def running(
    settings: Settings | None = None,
    *,
    store: Any = None,
    directory: Path | None = None,
    loader: Callable[[], Any] | None = None,
) -> Iterator[Endpoint]:
    """An endpoint over ``store`` (default: the SPARQL fixture) with ``settings``; with the
    ``directory`` of an on-disk store, its workers reopen that; with ``loader``, a reload
    (:meth:`Endpoint.reload`, SIGHUP) serves what it reads."""
    if store is None:
        store = Source(data=(FIXTURE,), bundled=False, store=directory).open()
    # an earlier test's garbage in a cycle (a refused query's traceback holding Oxigraph's
    # answer) is freed here, in the thread that made it: pyoxigraph's answers may not be
    # dropped in another, and the server's thread could be where the collector next runs
    gc.collect()
    endpoint = Endpoint(store, directory, "127.0.0.1", 0, settings or Settings(), loader=loader)
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        endpoint.server_close()
        thread.join(10)


#: A triple the fixture does not hold, for tests that add a file under a running server.
NEW_TRIPLE = "<http://example.org/new> <http://example.org/p> <http://example.org/o> .\n"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def fixture_store(folder: Path) -> tuple[Path, Path, Any]:
    """The fixture as the one file of ``folder/data`` and a store of it built at
    ``folder/store``: the data folder, the store's folder and the store opened."""
    data, store = folder / "data", folder / "store"
    data.mkdir()
    (data / "facts.ttl").write_bytes(FIXTURE.read_bytes())
    return data, store, Source(data=(data,), bundled=False, store=store).open()


def triples_served(url: str) -> int:
    """How many triples the endpoint at ``url`` answers a count of (CSV)."""
    status, _, body = http(url + "sparql", params={"query": COUNT, "format": "csv"}, timeout=30)
    assert status == 200, body
    return int(body.split(b"\r\n")[1])


def http(
    url: str,
    *,
    method: str = "GET",
    params: dict | None = None,
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 60,
) -> tuple[int, dict, bytes]:
    """A plain HTTP request (no proxies): status, headers (lower-case names) and body."""
    if params:
        url += "?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with DIRECT.open(request, timeout=timeout) as response:
            return response.status, _headers(response), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, _headers(error), error.read()


def exact(
    url: str, *, method: str, body: bytes | None, headers: dict[str, str]
) -> tuple[int, dict, bytes]:
    """A request with exactly these headers (urllib would add a Content-Type to a POST)."""
    parts = urllib.parse.urlsplit(url)
    connection = HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, _headers(response), response.read()
    finally:
        connection.close()


def _headers(response: Any) -> dict:
    return {k.lower(): v for k, v in response.headers.items()}


def raw(endpoint: Endpoint, data: bytes, *, timeout: float = 20) -> bytes:
    """Send raw bytes on a new connection; everything the server sends back until it closes
    the connection or goes quiet for ``timeout`` seconds."""
    with socket.create_connection(endpoint.server_address[:2], timeout=timeout) as sock:
        sock.sendall(data)
        return read_all(sock)


def read_all(sock: socket.socket) -> bytes:
    """What the server sends until it closes the connection (or the socket's timeout passes)."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        pass
    return received


def status_of(response: bytes) -> int:
    """The status code of a raw HTTP response (0 when there is none)."""
    parts = response.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
