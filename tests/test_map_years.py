"""The map's year filter: the page's years agree with the year's view (`kg map --year`), and
the select filters the drawn network in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import chromium

from kg.analysis.pipeline import analyse
from kg.io.source import Source
from kg.synth import write_synthetic
from kg.web.map import render_map, write_map


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two report years of 120 actors: past the map's LAYOUT_LIMIT in both views (112 and
    172 nodes), as 300 were, with links and nodes each year lacks, in a quarter of the time
    (a page's layout grows with its nodes squared)."""
    path = tmp_path_factory.mktemp("synth") / "two-years.ttl"
    return write_synthetic(path, 120, seed=5, years=(2015, 2016)).path


@pytest.fixture(
    scope="module", params=["bundled", pytest.param("synthetic", marks=pytest.mark.slow)]
)
def source(request, synthetic: Path, bundled_source: Source) -> Source:
    if request.param == "bundled":
        return bundled_source
    return Source(data=(synthetic,), bundled=False)


def _links(edges: list[dict]) -> set[tuple[str, str]]:
    return {tuple(sorted((e["from"], e["to"]))) for e in edges}


@pytest.mark.slow
@pytest.mark.parametrize("view", ["actors", "bipartite"])
def test_the_pages_years_are_the_years_views(source: Source, view: str):
    page = render_map(analyse(source.facts()), view=view)
    assert page.nodes and all("years" in n for n in page.nodes)
    for year in source.years():
        facts = source.at(year).facts()
        in_year = render_map(analyse(facts), view=view)
        assert _links(e for e in page.edges if year in e["years"]) == _links(in_year.edges)
        active = {n["id"] for n in page.nodes if year in n["years"]}
        if view == "bipartite":
            expected = set(facts.collaborations) | {o for o, c in facts.takes_part_in.items() if c}
        else:
            expected = {o for o, c in facts.takes_part_in.items() if c}
        assert active == expected & {n["id"] for n in page.nodes}, year


def test_a_years_page_shows_the_year_and_no_select():
    page = render_map(analyse(Source(year=2016).facts()))
    assert 'id="kg-year"' not in page.html
    assert "What the sources report for 2016" in page.html
    whole = render_map(analyse(Source().facts()))
    options = [f'<option value="{y}">{y}</option>' for y in Source().years()]
    assert all(option in whole.html for option in options)


# ---------------------------------------------------------------- in Chromium


@pytest.mark.slow
def test_the_year_select_filters_nodes_and_links(browser, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    target = tmp_path / "map.html"
    page = write_map(analyse(Source().facts()), target)
    browser.get_log("browser")
    chromium.open_map(browser, target)
    choice = Select(browser.find_element(By.ID, "kg-year"))
    assert [o.get_attribute("value") for o in choice.options] == [
        "",
        *(str(y) for y in Source().years()),
    ]
    for year in (2012, 2016):
        choice.select_by_value(str(year))
        shown = browser.execute_script("return kgMap.shown.getIds()")
        assert set(shown) == {n["id"] for n in page.nodes if year in n["years"]}
        links = set(browser.execute_script("return kgMap.shownEdges()"))
        assert links == {e["id"] for e in page.edges if year in e["years"]}
        message = browser.find_element(By.ID, "kg-message").text
        assert f"kg map --year {year}" in message and "all years" in message
    assert browser.execute_script("return kgMap.setPlace('year', 2015)") == sum(
        1 for n in page.nodes if 2015 in n["years"]
    )
    browser.execute_script("kgMap.reset()")
    assert choice.first_selected_option.get_attribute("value") == ""
    assert browser.execute_script("return kgMap.shown.length") == len(page.nodes)
    assert browser.find_element(By.ID, "kg-message").text == ""
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
