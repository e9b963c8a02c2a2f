"""HTTP caching of ``kg serve``'s answers (see kg.web.freshness): a weak ETag and
``Cache-Control: no-cache`` on GET answers, 304 at once for an unchanged graph, a new tag for a
rebuilt store, none for answers that may differ; HEAD gives GET's header fields."""

from __future__ import annotations

import threading
import time

import pytest
from helpers.serving import (
    COMMITTEES,
    COUNT,
    NEW_TRIPLE,
    RUNAWAY,
    fixture_store,
    http,
    running,
)

from kg.io.source import Source
from kg.web.admission import Limits
from kg.web.server import Settings

pytestmark = pytest.mark.slow  # servers


def _ask(url: str, headers: dict | None = None, method: str = "GET", **params: str):
    return http(url + "sparql", method=method, params=params, headers=headers)


def test_an_answer_is_revalidated_with_its_etag_without_a_worker():
    settings = Settings(workers=1, limits=Limits(timeout=60, queue_timeout=1))
    with running(settings) as endpoint:
        url = endpoint.url
        status, headers, body = _ask(url, query=COMMITTEES, format="csv")
        assert status == 200 and headers["cache-control"] == "no-cache"
        tag = headers["etag"]
        assert tag.startswith('W/"')
        assert _ask(url, query=COMMITTEES, format="csv")[1]["etag"] == tag  # the same answer
        # another format, Accept or query is another answer
        assert _ask(url, query=COMMITTEES, format="tsv")[1].get("etag") not in (None, tag)
        json_tag = http(
            url + "sparql", params={"query": COMMITTEES}, headers={"Accept": "text/csv"}
        )[1]["etag"]
        assert json_tag != tag
        # every main worker busy: the revalidation still comes at once, as a 304
        threading.Thread(target=_ask, args=(url,), kwargs={"query": RUNAWAY}).start()
        deadline = time.monotonic() + 30
        while endpoint.pool.ready > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        # (a query waiting for the busy worker would get 503 after the 1 s queue timeout)
        status, again, body = _ask(url, {"If-None-Match": tag}, query=COMMITTEES, format="csv")
        assert status == 304 and body == b""
        assert again["etag"] == tag and again["cache-control"] == "no-cache"
        assert "Accept" in again["vary"]


def test_answers_that_may_differ_and_posts_carry_no_etag():
    with running(Settings(workers=1)) as endpoint:
        status, headers, _ = _ask(endpoint.url, query="SELECT (RAND() AS ?r) {}")
        assert status == 200 and "etag" not in headers
        body = f"query={COMMITTEES}".encode()
        status, headers, _ = http(endpoint.url + "sparql", method="POST", body=body)
        assert status == 200 and "etag" not in headers
        assert _ask(endpoint.url, query="SELECT ?x {")[1].get("etag") is None  # a 400


def test_a_rebuilt_store_gives_new_answers_a_new_etag(tmp_path):
    data, store, opened = fixture_store(tmp_path)
    with running(Settings(workers=1), store=opened, directory=store) as endpoint:
        _, headers, before = _ask(endpoint.url, query=COUNT, format="csv")
        tag = headers["etag"]
        (data / "new.ttl").write_text(NEW_TRIPLE, encoding="utf-8")
        Source(data=(data,), bundled=False, store=store, reload=True).open()
        status, headers, after = _ask(
            endpoint.url, {"If-None-Match": tag}, query=COUNT, format="csv"
        )
        assert status == 200 and after != before and headers["etag"] != tag


def test_the_service_description_is_revalidated_and_changes_with_the_graph(tmp_path):
    data, store, opened = fixture_store(tmp_path)
    with running(Settings(workers=1), store=opened, directory=store) as endpoint:
        url = endpoint.url + "sparql"
        status, headers, body = http(url, headers={"Accept": "text/turtle"})
        assert status == 200 and headers["cache-control"] == "no-cache"
        tag = headers["etag"]
        status, again, empty = http(url, headers={"Accept": "text/turtle", "If-None-Match": tag})
        assert (status, empty, again["etag"]) == (304, b"", tag)
        other = http(url, headers={"Accept": "application/n-triples", "If-None-Match": tag})
        assert other[0] == 200 and other[1]["etag"] != tag  # another format, another answer
        (data / "new.ttl").write_text(NEW_TRIPLE, encoding="utf-8")
        Source(data=(data,), bundled=False, store=store, reload=True).open()
        status, headers, after = http(url, headers={"Accept": "text/turtle", "If-None-Match": tag})
        assert status == 200 and headers["etag"] != tag and after != body  # its size changed


def test_head_gives_the_header_fields_of_get_and_logs_no_body(capfd):
    with running(Settings(workers=1, access_log=True)) as endpoint:
        got = _ask(endpoint.url, query=COMMITTEES)
        head = _ask(endpoint.url, method="HEAD", query=COMMITTEES)
        assert head[0] == 200 and head[2] == b""
        for name in ("content-type", "content-length", "etag", "cache-control", "vary"):
            assert head[1][name] == got[1][name], name
        tag = got[1]["etag"]
        assert _ask(endpoint.url, {"If-None-Match": tag}, method="HEAD", query=COMMITTEES)[0] == 304
    lines = capfd.readouterr().err.splitlines()
    assert any(" HEAD /sparql 200 0 " in line for line in lines), lines


def test_another_version_of_kg_gives_another_etag(monkeypatch):
    """A tag kept from before an upgrade (a store's identity survives it) is not taken for
    the new version's answer, which may be written otherwise."""
    from kg.web import freshness

    job = (COMMITTEES, None, ["csv"], ([], []), "http://localhost/sparql")
    before = freshness.answer_tag("store", job, 1000)
    monkeypatch.setattr(freshness, "__version__", "0.0.0-other")
    assert freshness.answer_tag("store", job, 1000) != before
