"""The map in the report's language: its headings, filters, legend and panel in Swedish or
English, and the areas and goal areas by their names in that language."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from kg.analysis.pipeline import Analysis, analyse
from kg.cli import app
from kg.errors import KgError
from kg.io.source import Source
from kg.web.map import render_map
from kg.web.wording import wording

runner = CliRunner()


@pytest.fixture(scope="module")
def bundled() -> Analysis:
    return analyse(Source().facts())


def _visible(html: str) -> str:
    """The page's text outside its scripts and styles."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def _data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_both_languages_have_the_same_words():
    en, sv = wording("en"), wording("sv")
    assert en.keys() == sv.keys() and en["page"].keys() == sv["page"].keys()
    with pytest.raises(KgError, match="no map language 'de'"):
        wording("de")


@pytest.mark.slow
@pytest.mark.parametrize("view", ["actors", "bipartite"])
def test_a_swedish_map_has_no_english_words_of_its_own(bundled: Analysis, view: str):
    page = render_map(bundled, view=view, lang="sv", max_nodes=30)
    visible, data = _visible(page.html), _data(page.html)
    en, sv = wording("en"), wording("sv")
    assert data["text"] == sv["page"]
    for key, english in en.items():
        if isinstance(english, str) and english != sv[key] and "{" not in english:
            assert not re.search(rf"\b{re.escape(english)}\b", visible), key
    assert sv["find"] in visible and sv["reset"] in visible
    assert page.message.startswith("Visar de 30 största")
    assert "organisation network" not in visible and "Find" not in visible


@pytest.mark.slow
def test_areas_and_goal_areas_are_named_in_the_maps_language(bundled: Analysis):
    english = _data(render_map(bundled, lang="en").html)["places"]
    swedish = _data(render_map(bundled, lang="sv").html)["places"]
    assert english.keys() == swedish.keys()
    assert "2 – A city for work and business" in english.values()  # numbered as the city does
    assert "2 – En stad för arbete och näringsliv" in swedish.values()


def test_the_goal_area_filter_follows_the_citys_numbers(bundled: Analysis):
    page = render_map(bundled, lang="sv").html
    chosen = re.search(r'<select id="kg-goal">(.*?)</select>', page, re.S).group(1)
    numbers = [int(n) for n in re.findall(r">(\d+) – ", chosen)]
    assert numbers and numbers == sorted(numbers)


@pytest.mark.slow
def test_kg_map_takes_the_language(tmp_path):
    target = tmp_path / "karta.html"
    result = runner.invoke(app, ["map", "--lang", "sv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert _data(target.read_text(encoding="utf-8"))["text"] == wording("sv")["page"]


@pytest.mark.parametrize(
    ("lang", "depth", "said"),
    [
        ("en", 1, "within 1 step of Fritidsnämnden"),
        ("en", 2, "within 2 steps of Fritidsnämnden"),
        ("sv", 2, "inom 2 steg från Fritidsnämnden"),
    ],
)
def test_the_focus_message_counts_its_steps(bundled: Analysis, lang: str, depth: int, said: str):
    page = render_map(bundled, focus="fritid", depth=depth, lang=lang)
    assert said in page.message and "(s)" not in page.message


@pytest.mark.slow
def test_the_panel_gives_each_basis_note_in_the_maps_language(bundled: Analysis):
    """Every node with a basis carries its curators' note in the map's language: the Swedish
    map the Swedish note (never the English one), the English map the English note."""
    notes = {
        iri: (b["note"], b["note_sv"])
        for iri, actor in bundled.facts.actors.items()
        for b in actor["basis"]
    }
    for lang, which in (("sv", 1), ("en", 0)):
        nodes = _data(render_map(bundled, lang=lang, max_nodes=10_000).html)["nodes"]
        shown = {n["id"]: n["basis"] for n in nodes if n.get("basis")}
        assert shown and shown.keys() <= notes.keys()
        for iri, bases in shown.items():
            assert all(b["note"] == notes[iri][which] != "" for b in bases), iri
    abf = "https://w3id.org/kg-malmo/id/abf"
    nodes = _data(render_map(bundled, lang="sv", max_nodes=10_000).html)["nodes"]
    [found] = [n["basis"] for n in nodes if n["id"] == abf]
    assert found[0]["note"].startswith("Texten anger bara förkortningen; typ och sektor bygger")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "size_by", "said"),
    [
        ("en", "degree", "larger: more partners"),
        ("sv", "degree", "större: fler partner"),
        ("en", "betweenness", "larger: more often on the shortest path between others"),
        ("sv", "closeness", "större: färre steg till alla andra (närhetscentralitet)"),
    ],
)
def test_the_legend_says_what_a_nodes_size_means(
    bundled: Analysis, lang: str, size_by: str, said: str
):
    """The legend explains the colours (groups) and shapes (types), and the sizes too: a
    reader in front of a projector is not told --size-by."""
    legend = re.search(
        r'<ul id="kg-legend".*?</ul>', render_map(bundled, lang=lang, size_by=size_by).html, re.S
    )
    assert said in _visible(legend.group(0))


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "part of a name, then press Enter"), ("sv", "del av ett namn, tryck sedan Enter")],
)
def test_the_find_box_says_what_to_type_in_words_that_fit_it(
    bundled: Analysis, lang: str, said: str
):
    """The Find box's placeholder is plain words in the page's language (not "sv eller en"),
    short enough to show whole in the box (about 35 characters)."""
    html = render_map(bundled, lang=lang).html
    [placeholder] = re.findall(r'id="kg-search"[^>]*placeholder="([^"]*)"', html, re.S)
    assert placeholder == said and len(placeholder) <= 35


@pytest.mark.parametrize(
    ("lang", "said"), [("sv", "ingen partner namngiven i"), ("en", "no partner named in")]
)
def test_a_committees_gap_on_the_map_says_what_the_sources_name(
    bundled: Analysis, lang: str, said: str
):
    """The panel's gap field reads as the report asks gaps to be read: no partner named in a
    group, not "lacks" ("saknar") a civil-society partner."""
    data = _data(render_map(bundled, lang=lang).html)
    assert data["text"]["lacks"] == said
    assert "saknar" not in data["text"]["lacks_none"] + data["text"]["lacks"]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_public_party_unnamed_is_told_by_the_groups_names(bundled_report, lang: str):
    """A party the sources place in the public sector without naming it reaches neither
    public group: the report's appendix and the map's panel (of the same report) say so by
    the two groups' names as every table and legend gives them, in either language."""
    from kg.model.sectors import vocabulary

    words = vocabulary()
    public = words.public.label(lang)
    both = [words.group(g).label(lang) for g in ("agencies", "city")]
    folder, _ = bundled_report("--lang", lang)
    told = [
        item
        for node in _data((folder / "map.html").read_text(encoding="utf-8"))["nodes"]
        for item in node.get("unnamed", ())
        if item.startswith(f"{public} (")
    ]
    report = (folder / "report.md").read_text(encoding="utf-8")
    appendix = re.findall(rf"[^\n]*{re.escape(public)} \([^\n]*", report)
    assert told and appendix
    for said in (*told, *appendix):
        assert all(name in said for name in both), said
