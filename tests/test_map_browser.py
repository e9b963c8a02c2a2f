"""The map in a real browser: headless Chromium opens the file offline and draws the graph."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import chromium

from kg.analysis.pipeline import Analysis, analyse
from kg.io.source import Source
from kg.web import map as kgmap
from kg.web.map import write_map

FIXTURES = Path(__file__).parent / "fixtures"
webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM, CHROMEDRIVER = chromium.binaries()

# On a developer's machine without a browser these tests skip; in CI (.ci/run installs the
# browser) a missing browser is a failure, never a silent skip.
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CI"), reason=chromium.MISSING
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Headless Chromium with a fresh profile, driven through the local chromedriver."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.fail(chromium.MISSING)
    driver = chromium.start(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def bundled() -> Analysis:
    return analyse(Source().facts())


def open_map(driver, path: Path) -> dict:
    """Open ``path`` and wait until the network is drawn and stable; return its state."""
    driver.get_log("browser")  # drop what earlier pages logged
    return chromium.open_map(driver, path)


def severe(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


@pytest.mark.parametrize("view", ["actors", "bipartite"])
def test_map_draws_the_whole_graph(browser, bundled: Analysis, tmp_path: Path, view: str):
    target = tmp_path / f"{view}.html"
    page = write_map(bundled, target, view=view)
    state = open_map(browser, target)
    assert (state["nodes"], state["edges"]) == (len(page.nodes), len(page.edges))
    if view == "actors":
        network = bundled.network
        assert state["nodes"] == network.number_of_nodes()
        assert state["edges"] == network.number_of_edges()
    assert state["legend"] >= 3
    assert severe(browser) == []


def test_large_map_uses_precomputed_positions(browser, bundled: Analysis, tmp_path, monkeypatch):
    monkeypatch.setattr(kgmap, "LAYOUT_LIMIT", 10)
    target = tmp_path / "large.html"
    page = write_map(bundled, target)
    state = open_map(browser, target)
    assert state["nodes"] == len(page.nodes) and state["stable"]
    assert state["first_drawn_ms"] > 0  # the page reports its first drawing (bench/map_bench.py)
    assert severe(browser) == []


def test_hostile_label_stays_text(browser, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    label = "<img src=x onerror=alert(1)>"
    target = tmp_path / "hostile.html"
    write_map(
        analyse(Source(data=(FIXTURES / "hostile_label.ttl",), bundled=False).facts()), target
    )
    state = open_map(browser, target)
    assert state["images"] == 0
    search = browser.find_element(By.ID, "kg-search")
    search.send_keys(label, Keys.ENTER)
    heading = browser.find_element(By.CSS_SELECTOR, "#kg-panel h2")
    assert heading.text == label
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert severe(browser) == []


def test_search_filters_and_evidence_panel(browser, bundled: Analysis, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    target = tmp_path / "map.html"
    page = write_map(bundled, target)
    open_map(browser, target)
    browser.find_element(By.ID, "kg-search").send_keys("Fritidsnämnden", Keys.ENTER)
    panel = browser.find_element(By.ID, "kg-panel")
    assert panel.find_element(By.TAG_NAME, "h2").text == "Fritidsnämnden"
    assert "Committee" in panel.text and "public sector" in panel.text
    cites = [c.get_attribute("textContent") for c in panel.find_elements(By.TAG_NAME, "cite")]
    assert cites and any(", p. " in c for c in cites)
    committees = sum(1 for n in page.nodes if n["type"] == "Committee")
    hide = "document.querySelector('input.kg-type[value=Committee]').click();"
    count = "return kgMap.shown.length"
    assert browser.execute_script(count) == len(page.nodes)
    browser.execute_script(hide)
    assert browser.execute_script(count) == len(page.nodes) - committees
    assert severe(browser) == []
