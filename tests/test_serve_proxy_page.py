"""The query page in headless Chromium behind a reverse proxy at a path prefix
(``http://localhost:PORT/kg/`` proxied to kg serve's ``/``, with ``--public-url``): every
request the page makes stays under the prefix, and the endpoint it names, its shared links,
its language link, its downloads and the base of relative IRIs are the public ones."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from helpers import chromium
from helpers.proxy import proxy
from helpers.serving import running

from kg.web.server import Settings

webdriver, WebDriverWait, pytestmark = chromium.browser_tests()


@pytest.fixture(scope="module")
def public() -> Iterator[tuple[str, list]]:
    """The proxy's public URL and the requests it forwarded."""
    with socket.socket() as probe:  # a free port for the proxy, named in --public-url
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url, seen = f"http://localhost:{port}/kg/", []
    with (
        running(Settings(workers=1, public_url=url)) as endpoint,
        proxy(endpoint.server_address[:2], port=port, seen=seen) as proxied,
    ):
        assert proxied == url
        yield url, seen


def _text(driver, element_id: str) -> str:
    return driver.execute_script(f"return document.getElementById('{element_id}').textContent")


def _wait(driver, element_id: str, word: str) -> str:
    deadline = time.monotonic() + 30
    while word not in _text(driver, element_id) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _text(driver, element_id)


def _run(driver, query: str) -> str:
    driver.execute_script("document.getElementById('query').value = arguments[0]", query)
    driver.find_element("id", "run").click()
    deadline = time.monotonic() + 30
    while _text(driver, "status").endswith("…") and time.monotonic() < deadline:
        time.sleep(0.1)
    return _text(driver, "status")


def test_the_page_works_under_the_prefix_of_a_proxy(browser, public):
    url, seen = public
    browser.get(url)
    assert _text(browser, "endpoint") == url + "sparql"
    assert _run(browser, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3").startswith("3 rows")
    # a relative IRI resolves against the public address, as readers see it
    _run(browser, 'SELECT (IRI("x") AS ?i) {}')
    assert url + "x" in browser.execute_script(
        "return [...document.querySelectorAll('#results a')].map(a => a.href).join(' ')"
        " + document.getElementById('results').textContent"
    )
    # the link to share, under the prefix
    browser.find_element("id", "share").click()
    link = browser.execute_script("return document.getElementById('link').value")
    assert link.startswith(url + "?") and "query=" in link
    # a download: the endpoint's own CSV, fetched through the proxy
    _run(browser, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 2")
    browser.execute_script(
        "window.saved = []; var make = URL.createObjectURL;"
        "URL.createObjectURL = function (blob) { window.saved.push(blob); return make(blob); };"
    )
    browser.find_element("xpath", "//div[@id='downloads']/button[text()='CSV']").click()
    assert _wait(browser, "status", "saved").startswith("saved ")
    saved = browser.execute_async_script(
        "var done = arguments[arguments.length - 1]; window.saved[0].text().then(done);"
    )
    assert saved.startswith("s\r\n") and len(saved.splitlines()) == 3
    # the other language, under the prefix, keeping the query
    browser.find_element("id", "language").click()
    deadline = time.monotonic() + 30
    while "lang=sv" not in browser.current_url and time.monotonic() < deadline:
        time.sleep(0.1)
    assert browser.current_url.startswith(url + "?")
    assert browser.execute_script("return document.documentElement.lang") == "sv"
    assert _text(browser, "endpoint") == url + "sparql"
    paths = [path for _, path in seen]
    assert paths and all(path.startswith("/kg/") for path in paths), paths
    # the queries went by POST, through the proxy (asking in the page's language)
    assert ("POST", "/kg/sparql?lang=en") in seen, seen
