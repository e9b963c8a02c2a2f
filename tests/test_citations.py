"""One citation rule on every surface: the report's references and the map's panel cite each
document by the same issuer, year and page (kg.model.citation), in both languages."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from helpers import chromium

from kg.analysis.pipeline import Analysis, analyse
from kg.io.source import Source
from kg.report.build import build_report
from kg.report.document import plain
from kg.report.evidence import Sources
from kg.report.i18n import LANGUAGES, catalog
from kg.web.map import render_map, write_map

DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def bundled() -> tuple[Analysis, dict]:
    source = Source()
    analysis = analyse(source.facts())
    return analysis, build_report(analysis, triples=source.triples())


def _map_data(analysis: Analysis, lang: str, view: str) -> dict:
    return json.loads(DATA_BLOCK.findall(render_map(analysis, lang=lang, view=view).html)[0])


@pytest.mark.slow
@pytest.mark.parametrize("view", ["actors", "bipartite"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_cites_every_document_as_the_report_does(bundled, lang: str, view: str):
    """Each quote on the map carries the reference the report gives for it: "Malmö stad,
    Stadskontoret 2017, p. 21", never the title with another year."""
    analysis, report = bundled
    sources = Sources(report, catalog(lang))
    data = _map_data(analysis, lang, view)
    cited = set()
    for excerpt in data["excerpts"].values():
        assert excerpt["cite"] == plain(sources.refs([excerpt])), excerpt
        assert data["documents"][excerpt["document"]]["key"] == sources.key[excerpt["document"]]
        cited.add(excerpt["document"])
    # every document the report cites is on the map (all of the bundled data's)
    quoted = {e["document"] for row in report["gaps"] for e in row["evidence"]}
    assert quoted <= cited and cited == {d["iri"] for d in report["documents"]}


def test_a_document_issued_one_year_about_another_is_cited_by_the_year_issued(bundled):
    """The 2016 follow-up, issued in 2017, is "… 2017" on both surfaces (the report's rule);
    the map used to give the year it reports on."""
    analysis, report = bundled
    follow_up = next(d for d in report["documents"] if d["report_year"] == 2016)
    assert follow_up["year"] == "2017"
    data = _map_data(analysis, "sv", "actors")
    cites = [e["cite"] for e in data["excerpts"].values() if e["document"] == follow_up["iri"]]
    assert cites and all(c.startswith(f"{follow_up['publisher']} 2017, s. ") for c in cites)


@pytest.mark.slow
@pytest.mark.skipif(
    not all(chromium.binaries()) and not os.environ.get("CI"), reason=chromium.MISSING
)
def test_the_maps_panel_shows_the_reports_reference(browser, bundled, tmp_path: Path):
    """In the browser: a quote's <cite> begins with the report's reference, then the title."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    analysis, report = bundled
    sources = Sources(report, catalog("en"))
    target = tmp_path / "map.html"
    write_map(analysis, target)
    browser.get_log("browser")
    chromium.open_map(browser, target)
    browser.find_element(By.ID, "kg-search").send_keys("Fritidsnämnden", Keys.ENTER)
    panel = browser.find_element(By.ID, "kg-panel")
    cites = [c.get_attribute("textContent") for c in panel.find_elements(By.TAG_NAME, "cite")]
    titles = {d["iri"]: d["title"] for d in report["documents"]}
    expected = {
        f"{plain(sources.refs([{'document': iri, 'page': page}]))} — {titles[iri]}"
        for iri in titles
        for page in [None, *range(1, 200)]
    }
    assert cites and all(c in expected for c in cites), cites
