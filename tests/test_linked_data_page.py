"""A resource's page in headless Chromium: a person who follows an actor's IRI to kg serve
reads its names, statements and quoted evidence, walks to a related resource by its link, and
switches language; the page runs no script."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import chromium
from helpers.serving import running

from kg.io.source import Source
from kg.web.server import Endpoint, Settings

webdriver, WebDriverWait, pytestmark = chromium.browser_tests()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with running(Settings(workers=1, licensed=True), store=Source().open()) as server:
        yield server


def _text(driver, selector: str) -> str:
    return driver.find_element("css selector", selector).text


def test_a_reader_walks_from_a_committee_to_its_municipality(browser, endpoint: Endpoint):
    browser.get(endpoint.url + "id/fritidsnamnden")
    assert _text(browser, "h1") == "Leisure Committee"
    assert "FRITIDSNÄMNDEN Nämnden har i årsanalysen ett tydligt fokus" in _text(browser, "main")
    rows = browser.find_elements("css selector", "#statements tbody tr")
    assert len(rows) > 20
    browser.find_element("link text", "City of Malmö").click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith("/id/malmo-stad"))
    assert _text(browser, "h1") == "City of Malmö"
    browser.find_element("id", "language").click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith("?lang=sv"))
    assert _text(browser, "h1") == "Malmö stad"
    assert browser.execute_script("return document.scripts.length") == 0


def test_a_type_leads_to_its_place_in_the_ontology(browser, endpoint: Endpoint):
    browser.get(endpoint.url + "id/fritidsnamnden")
    browser.find_element("css selector", "#types a").click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith("/ontology#Committee"))
    section = browser.find_element("id", "Committee")
    assert "nämnd" in section.text and "committee" in section.text
