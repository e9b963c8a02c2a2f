"""The query page in headless Chromium: a shared link fills the editor but runs nothing until
the reader clicks Run (a link on another website must not make the page run queries)."""

from __future__ import annotations

import os
import time
import urllib.parse
from collections.abc import Iterator

import pytest
from helpers import chromium
from helpers.serving import running

from kg.web.server import Endpoint, Settings

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM, CHROMEDRIVER = chromium.binaries()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CI"), reason=chromium.MISSING
    ),
]


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with running(Settings(workers=1)) as server:
        yield server


def _text(driver, element_id: str) -> str:
    return driver.execute_script(f"return document.getElementById('{element_id}').textContent")


def test_a_shared_query_waits_for_a_click(browser, endpoint: Endpoint):
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"
    browser.get(endpoint.url + "?" + urllib.parse.urlencode({"query": query}))
    time.sleep(1)  # room for a query the page must not send
    assert browser.execute_script("return document.getElementById('query').value") == query
    assert _text(browser, "results") == ""
    assert "press Run" in _text(browser, "status")
    browser.find_element("id", "run").click()
    deadline = time.monotonic() + 30
    while "row" not in _text(browser, "status") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _text(browser, "status").startswith("3 rows")


def test_a_graph_is_shown_as_turtle(browser, endpoint: Endpoint):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"
    browser.get(endpoint.url + "?" + urllib.parse.urlencode({"query": query}))
    browser.find_element("id", "run").click()
    deadline = time.monotonic() + 30
    while "graph" not in _text(browser, "status") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _text(browser, "status").startswith("graph (text/turtle)")
    assert not _text(browser, "results").lstrip().startswith("[")  # not JSON-LD
