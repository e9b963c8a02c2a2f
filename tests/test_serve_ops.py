"""``kg serve`` in production: behind a reverse proxy at a path prefix (``--public-url``), a
health check for load balancers, an access log that requests cannot forge lines in, compressed
answers, and a stop (SIGTERM) that answers the queries in flight."""

from __future__ import annotations

import gzip
import io
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest
from helpers.proxy import proxy
from helpers.serving import (
    COMMITTEES,
    FIXTURE,
    NEW_TRIPLE,
    RUNAWAY,
    exact,
    fixture_store,
    http,
    running,
    triples_served,
)
from typer.testing import CliRunner

from kg.cli import app
from kg.io.source import Source
from kg.web.admission import Limits
from kg.web.server import Endpoint, Settings

pytestmark = pytest.mark.slow  # servers

SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def served() -> Iterator[Endpoint]:
    """An endpoint with one worker over the SPARQL fixture, for the tests that only read it
    (GET requests: nothing they send changes the graph, its workers or its settings)."""
    with running(Settings(workers=1)) as endpoint:
        held = (endpoint.version(), endpoint.triples, endpoint.settings)
        yield endpoint
        assert (endpoint.version(), endpoint.triples, endpoint.settings) == held, (
            "a test changed the shared endpoint"
        )


def test_behind_a_proxy_at_a_prefix_the_page_and_queries_work_and_name_the_public_url(served):
    with proxy(served.server_address[:2]) as url:
        # the proxy passes on Host: localhost:PORT, which loopback allows
        status, _, page = http(url)
        assert status == 200 and b'id="endpoint"' in page
        status, _, body = http(url + "sparql", params={"query": COMMITTEES, "format": "csv"})
        assert status == 200 and body.startswith(b"c\r\n")
    public = "https://data.example.se/kg/"
    settings = Settings(workers=1, public_url=public)
    with running(settings) as endpoint, proxy(endpoint.server_address[:2]) as url:
        port = urllib.parse.urlsplit(url).port
        headers = {"Host": "data.example.se", "Accept": "application/n-triples"}
        request = f"http://127.0.0.1:{port}/kg/sparql"
        status, _, body = exact(request, method="GET", body=None, headers=headers)
        assert status == 200, body  # the public host is answered on the loopback address
        text = body.decode()
        assert f"<{public}sparql> <{SD}endpoint> <{public}sparql> ." in text
        assert "127.0.0.1" not in text
        query = urllib.parse.urlencode({"query": 'SELECT (IRI("x") AS ?i) {}', "format": "csv"})
        status, _, body = exact(
            f"{request}?{query}", method="GET", body=None, headers={"Host": "data.example.se"}
        )
        assert status == 200 and body.split(b"\r\n")[1] == b"https://data.example.se/kg/x"
        # another host is still refused (DNS rebinding)
        status, _, _ = exact(request, method="GET", body=None, headers={"Host": "evil.example"})
        assert status == 403
        # a page that is not there names the addresses readers open
        status, _, body = exact(
            f"http://127.0.0.1:{port}/kg/nothing", method="GET", body=None, headers={}
        )
        assert status == 404
        assert body.decode().endswith(
            f"endpoint is {public}sparql, the query page is {public}, the graph's resources are "
            f"at {public}id/…\n"
        )


def test_a_public_url_that_is_no_http_address_is_a_usage_error():
    result = CliRunner().invoke(
        app, ["serve", "--port", "0", "--data", str(FIXTURE), "--public-url", "data.example.se"]
    )
    assert result.exit_code == 2, result.output
    assert "--public-url data.example.se is not an http(s) address" in result.output


def test_a_public_url_with_a_user_or_password_is_refused():
    url = "https://anna:secret@data.example.se/kg/"
    result = CliRunner().invoke(
        app, ["serve", "--port", "0", "--data", str(FIXTURE), "--public-url", url]
    )
    assert result.exit_code == 2, result.output
    assert "names a user or a password, which the service description would publish" in " ".join(
        result.output.split()
    )


def test_a_public_url_that_is_no_http_address_is_refused_in_the_language_asked():
    result = CliRunner().invoke(
        app,
        [
            *("serve", "--port", "0", "--data", str(FIXTURE), "--lang", "sv"),
            *("--public-url", "data.example.se"),
        ],
    )
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "--public-url data.example.se är ingen http(s)-adress till frågesidan" in said
    assert "ange den adress som användarna öppnar" in said


def test_a_public_url_no_iri_can_be_made_of_is_refused_at_start():
    """A space in --public-url: refused at start, not a server answering every query 500
    'Invalid base IRI'."""
    from kg.errors import KgError
    from kg.web.server import public_address

    with pytest.raises(KgError) as raised:
        public_address("https://data.example.se/k g/")
    assert "--public-url https://data.example.se/k g/ is not an IRI" in str(raised.value)


def test_the_health_check_answers_at_once_while_every_worker_is_busy():
    with running(Settings(workers=1, limits=Limits(timeout=60))) as endpoint:
        url = endpoint.url
        status, headers, body = http(url + "health")
        assert status == 200 and headers["cache-control"] == "no-store"
        assert json.loads(body) == {"status": "ok", "workers": 2, "idle": 2, "waiting": 0}
        assert http(url + "health", method="HEAD")[0] == 200
        threading.Thread(
            target=http, args=(url + "sparql",), kwargs={"params": {"query": RUNAWAY}}
        ).start()
        deadline = time.monotonic() + 30
        while endpoint.pool.ready > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        status, _, body = http(url + "health")
        assert status == 200 and time.monotonic() - started < 1
        assert json.loads(body)["idle"] == 1


def test_the_access_log_has_one_safe_line_per_request_and_no_query_text(capfd):
    with running(Settings(workers=1, access_log=True)) as endpoint:
        http(endpoint.url + "sparql", params={"query": COMMITTEES})
        http(endpoint.url + "%0A2026-01-01T00:00:00Z%20127.0.0.1%20GET%20/admin%20200%200%200")
        http(endpoint.url + "health", headers={"X-Forwarded-For": "192.0.2.1, 198.51.100.7"})
    lines = capfd.readouterr().err.splitlines()
    logged = [line for line in lines if " GET /" in line]
    assert len(logged) == 3, lines
    assert logged[0].endswith(tuple("0123456789")) and " GET /sparql 200 " in logged[0]
    assert "Committee" not in "\n".join(lines)  # the query's text is not logged
    assert " GET /%0A2026-01-01T00:00:00Z%20127.0.0.1%20GET%20/admin" in logged[1]
    assert " 404 " in logged[1]
    assert " 198.51.100.7 GET /health 200 " in lines[-1]  # the client behind the proxy


def test_large_answers_are_compressed_for_clients_that_accept_gzip(served):
    query = "SELECT * WHERE { ?s ?p ?o }"
    plain = http(served.url + "sparql", params={"query": query})
    status, headers, body = http(
        served.url + "sparql", params={"query": query}, headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in headers["vary"] and "Accept" in headers["vary"].split(", ")
    assert gzip.GzipFile(fileobj=io.BytesIO(body)).read() == plain[2]
    assert len(body) < len(plain[2]) / 3


def test_stopping_answers_the_queries_in_flight_with_503():
    with running(Settings(workers=1, limits=Limits(timeout=60))) as endpoint:
        answers: list = []
        call = threading.Thread(
            target=lambda: answers.append(
                http(endpoint.url + "sparql", params={"query": RUNAWAY}, timeout=30)
            )
        )
        call.start()
        deadline = time.monotonic() + 30
        while endpoint.pool.ready > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        endpoint.shutdown()  # what SIGTERM and Ctrl-C do
        call.join(30)
        assert time.monotonic() - started < 2.5  # not uvicorn's graceful-shutdown deadline
    status, headers, body = answers[0]
    assert status == 503 and headers["retry-after"] == "1"
    assert b"shutting down" in body


NEW = "ASK { <http://example.org/new> <http://example.org/p> <http://example.org/o> }"


def test_a_store_rebuilt_under_a_running_server_is_served_by_every_worker(tmp_path):
    """New Turtle files arrive and the store is rebuilt in place: the server answers every
    query from the new store (before, workers replaced after a timeout read the new store while
    the others went on answering from the old: two answers to one query)."""
    data, store, opened = fixture_store(tmp_path)
    with running(Settings(workers=2), store=opened, directory=store) as endpoint:
        before = triples_served(endpoint.url)
        assert http(endpoint.url + "sparql", params={"query": NEW})[2].endswith(b"false}")
        (data / "new.ttl").write_text(NEW_TRIPLE, encoding="utf-8")
        Source(data=(data,), bundled=False, store=store, reload=True).open()
        counts = {triples_served(endpoint.url) for _ in range(8)}
        asks = {http(endpoint.url + "sparql", params={"query": NEW})[2] for _ in range(4)}
        assert counts == {before + 1}
        assert asks == {b'{"head":{},"boolean":true}'}
        deadline = time.monotonic() + 30
        while endpoint.triples != before + 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert endpoint.triples == before + 1  # the service description's void:triples


def test_the_query_page_is_revalidated_with_its_etag(served):
    status, headers, _ = http(served.url)
    assert status == 200 and headers["cache-control"] == "no-cache"
    tag = headers["etag"]
    again = http(served.url, headers={"If-None-Match": tag})
    assert again[0] == 304 and again[2] == b"" and again[1]["etag"] == tag
    swedish = http(served.url + "?lang=sv", headers={"If-None-Match": tag})
    assert swedish[0] == 200 and swedish[1]["etag"] != tag
    assert http(served.url, headers={"If-None-Match": "*"})[0] == 304
    assert http(served.url, headers={"If-None-Match": f'"x", {tag}'})[0] == 304
    assert http(served.url, headers={"If-None-Match": tag[:-2] + '"'})[0] == 200


def test_a_worker_that_cannot_start_is_named_with_its_exit_code(tmp_path):
    from kg.errors import KgError
    from kg.web.admission import Pool

    pool = Pool(str(tmp_path / "no-store"), workers=1, quick_workers=0)
    with pytest.raises(KgError) as raised:
        pool.start()
    assert "could not load the graph (it exited with code 1)" in str(raised.value)
    assert "this user can run kg's Python and read the store" in raised.value.hint


def test_the_health_check_stays_ok_while_workers_are_replaced_for_a_rebuilt_store(tmp_path):
    """Replacing the workers for a rebuilt store takes a moment (each old one is stopped before
    its successor starts): /health says ok all the while, not 503 'stopping', so a load
    balancer does not take a serving instance out of rotation."""
    data, store, opened = fixture_store(tmp_path)
    with running(Settings(workers=1), store=opened, directory=store) as endpoint:
        pool = endpoint.pool
        for worker in list(pool._workers):
            stop = worker.stop
            worker.stop = lambda stop=stop: (time.sleep(1), stop())  # a worker slow to exit
        (data / "new.ttl").write_text(NEW_TRIPLE, encoding="utf-8")
        Source(data=(data,), bundled=False, store=store, reload=True).open()
        answers: list = []
        call = threading.Thread(
            target=lambda: answers.append(http(endpoint.url + "sparql", params={"query": NEW}))
        )
        call.start()
        deadline = time.monotonic() + 30
        while pool._generation == 0 and time.monotonic() < deadline:  # the query noticed it
            time.sleep(0.01)
        status, _, body = http(endpoint.url + "health")
        assert status == 200, body
        assert json.loads(body)["status"] == "ok" and json.loads(body)["workers"] == 2
        call.join(30)
        assert answers[0][2].endswith(b"true}")


def test_a_store_rebuilt_into_the_inode_number_of_an_old_one_is_noticed(tmp_path):
    """A file system such as ext4 gives a new folder the inode number of one just removed: two
    rebuilds between queries can put the database at the number the workers opened, which
    must still count as a new store."""
    import shutil

    from kg.io.store import DATABASE
    from kg.web.server import store_identity

    database = tmp_path / DATABASE
    database.mkdir()
    (database / "CURRENT").write_text("MANIFEST-000001\n", encoding="utf-8")
    opened = store_identity(tmp_path)
    for _ in range(2):  # the rebuilds: each moves a new database in and removes the old one
        time.sleep(0.02)
        shutil.rmtree(database)
        database.mkdir()
        (database / "CURRENT").write_text("MANIFEST-000002\n", encoding="utf-8")
    assert store_identity(tmp_path) != opened


@pytest.mark.parametrize(
    ("public", "host", "answered"),
    [
        ("https://data.example.se:443/kg/", "data.example.se", True),
        ("https://data.example.se/kg/", "data.example.se:443", True),
        ("https://data.example.se/kg/", "DATA.example.se", True),
        ("http://data.example.se:8080/kg/", "data.example.se:8080", True),
        ("http://data.example.se:8080/kg/", "data.example.se", False),
        ("https://data.example.se/kg/", "evil.example", False),
        ("https://data.example.se/kg/", "evil@data.example.se", False),
        ("https://data.example.se/kg/", "data.example.se:99999", False),
    ],
)
def test_the_public_host_is_known_with_or_without_its_default_port(public, host, answered):
    """--public-url with the scheme's port written out, or a proxy that passes the Host with
    it, is the same host: its queries are answered on the loopback address."""
    from types import SimpleNamespace

    from kg.web.app import _public_host

    endpoint = SimpleNamespace(settings=Settings(public_url=public))
    assert _public_host(endpoint, host) is answered  # type: ignore[arg-type]


def test_a_proxy_without_public_url_is_named_once_in_the_log(capfd):
    """Behind a proxy at /kg/ without --public-url, the service description names the
    backend's /sparql: the operator is told once, on stderr, what to give."""
    with running(Settings(workers=1)) as endpoint, proxy(endpoint.server_address[:2]) as url:
        for _ in range(2):
            assert http(url + "sparql", params={"query": COMMITTEES})[0] == 200
    said = capfd.readouterr().err
    assert said.count("kg serve: a request came through a reverse proxy") == 1, said
    port = urllib.parse.urlsplit(url).port
    assert f"the base IRI of queries are http://localhost:{port}/sparql, not" in said
    assert "give --public-url" in said


def test_a_proxy_that_sends_x_forwarded_for_alone_is_named_too(capfd):
    """nginx as the README sets it up sends X-Forwarded-For alone (and Host 127.0.0.1:port):
    without --public-url the operator is told, as for a proxy that sends every X-Forwarded-*."""
    with running(Settings(workers=1)) as endpoint:
        headers = {"X-Forwarded-For": "203.0.113.9"}
        status, _, _ = http(endpoint.url + "sparql", params={"query": COMMITTEES}, headers=headers)
        assert status == 200
    said = capfd.readouterr().err
    assert said.count("kg serve: a request came through a reverse proxy") == 1, said
    assert f"the base IRI of queries are {endpoint.url}sparql, not" in said
