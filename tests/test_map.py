"""The offline map: one self-contained page, the graph's data in it, and nothing that runs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.analysis.pipeline import Analysis, analyse
from kg.cli import app
from kg.errors import KgError
from kg.io.source import Source
from kg.model.projection import bipartite_graph
from kg.report.build import build_report
from kg.report.compose import report_document
from kg.report.markdown import document_markdown
from kg.web import map as kgmap
from kg.web.map import render_map, write_map

T = "https://w3id.org/kg-malmo/id/test/"
FIXTURES = Path(__file__).parent / "fixtures"
DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)
REMOTE = [
    re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"<(?:link|iframe|img|object|embed)\b", re.I),
]


def _analysis(name: str) -> Analysis:
    return analyse(Source(data=(FIXTURES / name,), bundled=False).facts())


@pytest.fixture(scope="module")
def small() -> Analysis:
    """The analysis fixture: five committees, partners in every sector, one lacking all."""
    return _analysis("analysis.ttl")


@pytest.fixture(scope="module")
def bundled(bundled_facts) -> Analysis:
    """The bundled data's analysis, which the tests of the map only read."""
    return analyse(bundled_facts)


def data_of(page: str) -> dict:
    """The JSON the page carries, parsed back out of its script element."""
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def outside_data(page: str) -> str:
    return DATA_BLOCK.sub("", page)


def test_page_is_self_contained(small: Analysis):
    page = render_map(small).html
    assert '<meta charset="utf-8">' in page
    for pattern in REMOTE:
        assert not pattern.search(page), pattern.pattern
    assert "vis.Network" in page and "DataSet" in page  # vis-network is inlined
    assert "sourceMappingURL" not in page


def test_data_holds_exactly_the_graphs_nodes_and_edges(small: Analysis):
    page = render_map(small)
    data = data_of(page.html)
    assert {n["id"] for n in data["nodes"]} == set(small.network)
    assert {frozenset((e["from"], e["to"])) for e in data["edges"]} == {
        frozenset(e) for e in small.network.edges
    }
    assert len(data["edges"]) == small.network.number_of_edges()
    assert data["nodes"] == page.nodes and data["edges"] == page.edges
    beta = next(n for n in data["nodes"] if n["id"] == T + "beta")
    assert beta["value"] == small.network.nodes[T + "beta"]["degree"]
    assert beta["collaborations"][0][0] == T + "ka"
    quote = data["excerpts"][beta["collaborations"][0][1][0]]
    assert quote["page"] == 21 and quote["quote"].startswith("bildat en kunskapsallians")


@pytest.mark.slow
def test_swedish_names_are_intact(bundled: Analysis):
    page = render_map(bundled).html
    raw = DATA_BLOCK.search(page).group(1)
    assert "Fritidsnämnden" in raw and "Överförmyndarnämnden" in raw
    labels = {n["label"] for n in data_of(page)["nodes"]}
    assert {"Fritidsnämnden", "Överförmyndarnämnden"} <= labels
    assert any("å" in label for label in labels)


def test_hostile_label_stays_text():
    analysis = _analysis("hostile_label.ttl")
    page = render_map(analysis, view="bipartite").html
    assert "<img" not in outside_data(page)
    assert "onerror=alert" not in outside_data(page)
    labels = {n["label"] for n in data_of(page)["nodes"]}
    assert "<img src=x onerror=alert(1)>" in labels


def test_script_end_tag_in_a_label_cannot_close_the_script(small: Analysis):
    hostile = "</script><script>alert(1)</script><!--<script>"
    small.facts.actors[T + "assoc"]["label"] = hostile
    small.network.nodes[T + "assoc"]["label"] = hostile
    try:
        page = render_map(small).html
    finally:
        small.facts.actors[T + "assoc"]["label"] = "Föreningen"
        small.network.nodes[T + "assoc"]["label"] = "Föreningen"
    raw = DATA_BLOCK.search(page).group(1)
    assert "</" not in raw and "<!--" not in raw
    assert page.lower().count("</script") == 3  # data, vis-network, the page's own code
    assert hostile in {n["label"] for n in data_of(page)["nodes"]}


def test_bipartite_view_has_collaboration_nodes(small: Analysis):
    page = render_map(small, view="bipartite")
    graph = bipartite_graph(small.facts)
    assert {n["id"] for n in page.nodes} == set(graph)
    assert len(page.edges) == graph.number_of_edges()
    collaborations = {n["id"] for n in page.nodes if n["kind"] == "collaboration"}
    assert collaborations == set(small.facts.collaborations)
    ka = next(n for n in page.nodes if n["id"] == T + "ka")
    assert ka["value"] == 3 and [m[1] for m in ka["members"]] == [
        "Betanämnden",
        "Föreningen",
        "Högskolan",
    ]
    assert "collaboration (dashed: no partner named)</li>" in page.html  # the diamonds


def test_focus_keeps_the_ego_network(small: Analysis):
    for depth in (1, 2):
        page = render_map(small, focus="betanämnden", depth=depth)
        expected = set(nx.ego_graph(small.network, T + "beta", radius=depth))
        assert {n["id"] for n in page.nodes} == expected
        assert all(small.network.has_edge(e["from"], e["to"]) for e in page.edges)
        assert "Betanämnden" in page.message
    assert {n["id"] for n in render_map(small, focus="BN").nodes} == set(
        nx.ego_graph(small.network, T + "beta", radius=1)
    )
    focused = [n["id"] for n in render_map(small, focus="Betanämnden").nodes if n.get("focus")]
    assert focused == [T + "beta"]


def test_unknown_focus_suggests_names(small: Analysis):
    with pytest.raises(KgError) as caught:
        render_map(small, focus="Betanamdnen")
    assert "no actor is called" in str(caught.value)
    assert "Betanämnden" in caught.value.hint
    with pytest.raises(KgError, match="several actors: Betanämnden, Bolaget"):
        render_map(small, focus="b")


def test_a_unit_and_its_committee_are_one_place_to_focus(small: Analysis):
    # "alfa" names Alfanämnden, Alfaförvaltningen and Alfaskolan: one node of the map
    focused = [n["id"] for n in render_map(small, focus="alfa").nodes if n.get("focus")]
    assert focused == [T + "alfa"]
    assert render_map(small, focus="alfask").nodes == render_map(small, focus="alfa").nodes


def test_max_nodes_keeps_the_largest_and_says_so(small: Analysis):
    page = render_map(small, max_nodes=3, size_by="degree")
    assert len(page.nodes) == 3
    degrees = sorted((d for _, d in small.network.degree), reverse=True)
    assert sorted((n["value"] for n in page.nodes), reverse=True) == degrees[:3]
    assert "3 largest of 9" in page.message
    assert data_of(page.html)["message"] == page.message
    assert render_map(small).message == ""


def test_committee_without_partners_stands_out(small: Analysis):
    page = render_map(small)
    lacking = {n["id"] for n in page.nodes if n.get("lacking")}
    assert T + "alfa" in lacking and T + "beta" not in lacking
    legend = re.search(r'class="swatch lacking"[^>]*></span>([^<]*)<', page.html)[1]
    assert legend == "committee: described, no partner named; absent from the sources"


def test_large_maps_get_positions_and_no_physics(small: Analysis, monkeypatch):
    assert data_of(render_map(small).html)["physics"] is True
    monkeypatch.setattr(kgmap, "LAYOUT_LIMIT", 5)
    first, second = render_map(small), render_map(small)
    assert data_of(first.html)["physics"] is False
    assert all("x" in n and "y" in n for n in first.nodes)
    assert first.html == second.html


def test_bad_options_raise_kg_errors(small: Analysis, tmp_path: Path):
    with pytest.raises(KgError, match="unknown view"):
        render_map(small, view="map")
    with pytest.raises(KgError, match="unknown measure"):
        render_map(small, size_by="pagerank")
    with pytest.raises(KgError, match="cannot write the file"):
        write_map(small, tmp_path / "missing" / "map.html")


def test_kg_map_refuses_depth_without_focus(tmp_path: Path):
    """--depth counts steps around --focus: alone it would be left unused without a word."""
    target = tmp_path / "map.html"
    args = ["--no-bundled", "--data", str(FIXTURES / "analysis.ttl")]
    result = CliRunner().invoke(app, ["map", "-o", str(target), "--depth", "2", *args])
    assert result.exit_code == 2
    assert "--depth applies with --focus only" in result.stderr
    assert not target.exists()


def test_kg_map_writes_the_file(tmp_path: Path):
    target = tmp_path / "map.html"
    args = ["--no-bundled", "--data", str(FIXTURES / "analysis.ttl")]
    result = CliRunner().invoke(
        app, ["map", "-o", str(target), "--size-by", "betweenness", "--max-nodes", "5", *args]
    )
    assert result.exit_code == 0, result.output
    # counted as kg export counts the same network: organisations (and collaborations)
    assert "wrote 5 organisations" in result.stdout and "5 largest of 9" in result.stdout
    assert len(data_of(target.read_text("utf-8"))["nodes"]) == 5
    result = CliRunner().invoke(
        app, ["map", "-o", str(target), "--max-nodes", "5", "--lang", "sv", *args]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("skrev 5 organisationer och ")  # in the page's language
    result = CliRunner().invoke(app, ["map", "-o", str(target), "--focus", "nobody", *args])
    assert result.exit_code == 2
    assert "no actor is called 'nobody'" in result.stderr


@pytest.mark.slow
def test_every_type_has_its_own_mark_in_the_legend(bundled: Analysis):
    """Committees and their units share the square, a unit drawn outlined: no two types of
    one map look alike."""
    from kg.web.map import render_map

    for view in ("actors", "bipartite"):
        nodes = [n for n in render_map(bundled, view=view).nodes if n["kind"] != "collaboration"]
        marks = {n["type"]: (n["shape"], n["outlined"]) for n in nodes}
        assert len(set(marks.values())) == len(marks), marks
        assert marks["operational unit"] == ("square", True)
        assert marks["committee"] == ("square", False)


def test_an_outlined_nodes_ring_stands_out_from_white_in_its_groups_hue(bundled: Analysis):
    """A unit or the council is drawn as a ring on white: the ring reaches WCAG 1.4.11's 3:1
    against white in every group's colour (the municipality's sky blue does not by itself,
    2.3:1) and keeps the hue its group is known by, and the legend shows that
    ring beside each group that has one on the map."""
    import colorsys

    from helpers import contrast

    page = render_map(bundled, view="actors")
    rings = {(n["colour"], n["ring"]) for n in page.nodes if n.get("outlined")}
    assert "#56B4E9" in {c for c, _ in rings}  # the city's units and council
    for colour, ring in rings:
        assert contrast.ratio(ring, "#ffffff") >= contrast.GRAPHICS, (colour, ring)
        hue = [colorsys.rgb_to_hsv(*contrast.rgb(c))[0] for c in (colour, ring)]
        assert abs(hue[0] - hue[1]) < 0.01, (colour, ring)
    legend = {g["colour"]: g["ring"] for g in data_of(page.html)["groups"] if g["ring"]}
    assert set(legend.items()) == rings
    for _, ring in rings:
        assert f'style="border-color:{ring}"' in page.html


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_map_has_buttons_to_zoom_fit_and_pan(bundled: Analysis, lang: str):
    """Besides a drag, a pinch, the wheel and the keys, the drawing moves by a click on a
    button, each named in the map's language (the browser test clicks them)."""
    from kg.web.wording import wording

    words = wording(lang)
    html = render_map(bundled, lang=lang).html
    group = re.search(
        r'<div id="kg-view" role="group" aria-label="([^"]+)">(.*?)</div>', html, re.S
    )
    assert group and group[1] == words["view"]
    buttons = re.findall(
        r'<button type="button" data-move="([^"]+)" aria-label="([^"]+)"', group[2]
    )
    moves = ["zoom_in", "zoom_out", "fit", "pan_left", "pan_up", "pan_down", "pan_right"]
    assert [name for _, name in buttons] == [words[m] for m in moves]
    assert [move for move, _ in buttons] == [
        "+",
        "-",
        "fit",
        *(f"Arrow{d}" for d in ("Left", "Up", "Down", "Right")),
    ]


@pytest.mark.parametrize("max_nodes", [1, 7, 2000])
@pytest.mark.parametrize("size_by", ["degree", "betweenness"])
def test_map_nodes_are_the_nodes_the_map_draws(bundled: Analysis, max_nodes: int, size_by: str):
    """The report links a committee to the map only when the map draws it: one rule."""
    page = render_map(bundled, max_nodes=max_nodes, size_by=size_by)
    drawn = {node["id"] for node in page.nodes}
    assert kgmap.map_nodes(bundled, max_nodes=max_nodes, size_by=size_by) == drawn


def test_the_appendix_links_only_the_committees_on_the_map(bundled: Analysis):
    report = build_report(bundled, triples=1)
    on_map = kgmap.map_nodes(bundled, max_nodes=7)
    committees = {row["committee"] for row in report["gaps"]}
    text = document_markdown(report_document(report, "en", on_map=on_map))
    linked = set(re.findall(r"\]\(map\.html#([^)]+)\)", text))
    assert {unquote(iri) for iri in linked} == committees & on_map != set()
    assert "map.html#" not in document_markdown(report_document(report, "en"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_every_committees_node_holds_the_groups_kg_gaps_says_it_lacks(lang: str, bundled: Analysis):
    """The panel of a committee lists the groups it lacks: the rows of `kg gaps`, named in the
    page's language."""
    from kg.model.sectors import vocabulary

    analysis = bundled
    gaps = json.loads(CliRunner().invoke(app, ["gaps", "-f", "json"]).stdout)
    nodes = {n["id"]: n for n in render_map(analysis, lang=lang).nodes}
    assert gaps
    for row in gaps:
        node = nodes[row["committee"]]
        assert node["missing_sectors"] == row["missing_sectors"], row["label"]
        named = [vocabulary().group(g).label(lang) for g in row["missing_sectors"]]
        assert node["lacks"] == named, row["label"]
    committees = {row["committee"] for row in gaps}
    assert not [n for i, n in nodes.items() if "lacks" in n and i not in committees]


@pytest.mark.slow
def test_the_map_knows_an_organisation_by_the_names_focus_knows_it_by(bundled: Analysis):
    """Every name of a unit (any language) and its IRI lead to its organisation's node: the
    names `kg map --focus` resolves (kg.web.map.resolve_organisation) are the page's."""
    analysis = bundled
    nodes = {n["id"]: n for n in render_map(analysis).nodes}
    units = [(i, a) for i, a in analysis.facts.actors.items() if a["organisation"] != i]
    assert units
    for iri, actor in units:
        node = nodes[actor["organisation"]]
        assert iri in node["unit_ids"]
        for name in actor["names"]:
            assert name in node["names"], name
            assert kgmap.resolve_organisation(analysis, name) == node["id"], name


@pytest.mark.parametrize(("lang", "heading"), [("sv", "Malmö stad: aktörer"), ("en", "City of")])
def test_the_heading_names_the_city_the_data_is_about(bundled: Analysis, lang: str, heading: str):
    """As the report's title does: the municipality, in the page's language."""
    page = render_map(bundled, lang=lang).html
    (h1,) = re.findall(r"<h1>(.*?)</h1>", page)
    assert h1.startswith(heading), h1


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_panel_and_the_year_filter_are_told_to_a_screen_reader(bundled: Analysis, lang: str):
    """The panel is a region the keyboard can scroll, named in the page's language and not a
    live region (which would read it whole at each choice); the year filter's explanation
    is the select's description, not only a tooltip; the quotes' documents carry their
    language."""
    from kg.web.wording import wording

    page = render_map(bundled, lang=lang)
    words = wording(lang)
    (panel,) = re.findall(r'<aside id="kg-panel"([^>]*)>', page.html)
    assert 'tabindex="0"' in panel and 'role="region"' in panel
    assert f'aria-label="{words["panel_label"]}"' in panel and "aria-live" not in panel
    assert '<select id="kg-year" aria-describedby="kg-year-note">' in page.html
    assert f'<span id="kg-year-note" hidden>{words["year_title"]}</span>' in page.html
    documents = data_of(page.html)["documents"].values()
    assert documents and {d["lang"] for d in documents} == {"sv"}


@pytest.mark.slow
def test_a_committee_absent_from_a_years_sources_has_no_lacks_in_its_panel():
    """In a year's map, a committee no source of the year describes lacks no group
    (08-lacks-group.rq: the sources cannot tell), so its panel must not say it lacks "none of
    the groups it is to reach" (map.js shows that for an empty list): it has no ``lacks`` at
    all, while a described committee keeps its gaps."""
    analysis = analyse(Source(year=2012).facts())
    nodes = {n["id"]: n for n in render_map(analysis, lang="en").nodes}
    absent = [r for r in analysis.gaps if r["status"] == "absent"]
    assert absent
    for row in absent:
        assert "lacks" not in nodes[row["committee"]], row["label"]
        assert "missing_sectors" not in nodes[row["committee"]], row["label"]
        # but it has no partner the year's sources name: the map marks it as lacking them
        assert nodes[row["committee"]]["lacking"], row["label"]
    described = [r for r in analysis.gaps if r["status"] != "absent" and r["missing_sectors"]]
    assert described and all("lacks" in nodes[r["committee"]] for r in described)


@pytest.mark.parametrize("max_nodes", [1, 2, 5, 9, 40, 100])
@pytest.mark.parametrize("size_by", ["degree", "betweenness"])
def test_the_largest_nodes_are_those_of_a_whole_sort(
    bundled: Analysis, max_nodes: int, size_by: str
):
    """The map keeps the nodes first by size (against the largest of their kind), then by
    name, then by IRI: names are compared only among the nodes tied at the cut, which must
    keep what a sort of every node by all three keeps (the bundled network ties at 5, 9 and
    40 nodes by degree, at 40 by betweenness)."""
    from kg.model.names import natural
    from kg.web.mapdata import value_of

    graph = bundled.network
    kind = {n: graph.nodes[n].get("kind", "actor") for n in graph}
    size = {n: value_of(graph, n, size_by) for n in graph}
    largest = {k: max(size[n] for n in graph if kind[n] == k) or 1.0 for k in set(kind.values())}
    top = {n: size[n] / largest[kind[n]] for n in graph}
    whole = sorted(graph, key=lambda n: (-top[n], natural(graph.nodes[n]["label"]), n))
    kept = kgmap.map_nodes(bundled, max_nodes=max_nodes, size_by=size_by)
    assert kept == set(whole[:max_nodes])


@pytest.mark.parametrize("view", ["actors", "bipartite"])
def test_kg_map_counts_what_it_wrote_as_kg_export_counts_the_same_network(tmp_path, view):
    """One count, every surface: `kg map` and `kg export` of one view say the same numbers of
    organisations, collaborations and links."""
    args = ["--view", view, "--no-bundled", "--data", str(FIXTURES / "analysis.ttl")]
    drawn = CliRunner().invoke(app, ["map", "-o", str(tmp_path / "m.html"), *args])
    exported = CliRunner().invoke(
        app, ["export", "-f", "graphml", "-o", str(tmp_path / "g.graphml"), *args]
    )
    assert drawn.exit_code == 0 and exported.exit_code == 0, drawn.output + exported.output
    said = [" ".join(r.output.split()).split(" to ")[0] for r in (drawn, exported)]
    assert said[0] == said[1] and said[0].startswith("wrote ")
    assert ("collaborations" in said[0]) is (view == "bipartite")


def test_unnamed_partners_of_the_public_sector_are_said_to_count_towards_neither_group(bundled):
    """The panel says what the report's appendix says of the broader public sector's unnamed
    partners (Try me's, for Fritidsnämnden): public agencies or municipal bodies, reaching
    neither group, where a group of the five is named alone."""
    for lang, neither, civil in [
        ("en", "they count towards neither group): Try me", "civil society: "),
        ("sv", "de räknas inte till någon av grupperna): Try me", "idéburen sektor: "),
    ]:
        nodes = render_map(bundled, lang=lang).nodes
        node = next(n for n in nodes if n["id"].endswith("/id/fritidsnamnden"))
        said = node["unnamed"]
        assert any(line.endswith(neither) for line in said), said
        assert any(line.startswith(civil) and "(" not in line.split(":")[0] for line in said)


@pytest.mark.parametrize(("lang", "year"), [("en", []), ("sv", ["--year", "2015"])])
def test_the_legend_says_of_a_marked_committee_what_kg_gaps_says(
    tmp_path: Path, lang: str, year: list[str]
):
    """The map marks the committees with no partner named (and, in 2015's view, those no
    source of 2015 describes): exactly those ``kg gaps`` gives no partner, named or unnamed;
    the legend words the marking with the statuses kg gaps and the panel give them, and so
    claims no more than the sources tell (a committee absent from them may have partners)."""
    import html

    runner = CliRunner()
    out = tmp_path / "map.html"
    done = runner.invoke(app, ["map", *year, "--lang", lang, "-o", str(out), "-q"])
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    data = data_of(page)
    found = runner.invoke(app, ["gaps", *year, "--lang", lang, "-f", "json", "-q"])
    rows = json.loads(found.stdout)
    none = {r["committee"] for r in rows if not r["partners"] and not r["unnamed_sectors"]}
    assert data["lacking"] and set(data["lacking"]) == none  # no partner, named or unnamed
    legend = html.unescape(re.search(r'class="swatch lacking"[^>]*></span>([^<]*)<', page)[1])
    said = {n["status"] for n in data["nodes"] if n["id"] in data["lacking"]}
    table = " ".join(runner.invoke(app, ["gaps", *year, "--lang", lang, "-q"]).stdout.split())
    for status in said:
        assert status in legend and status in table, status


def test_the_map_asks_each_organisations_years_in_a_collaboration_once(
    bundled: Analysis, monkeypatch
):
    """A link's years through each of its collaborations are its two organisations' years
    there: each (organisation, collaboration) pair is worked out once for the whole page, not
    again for every link of the organisation through it (at 100k triples 32,700 asks for
    5,000 pairs), and the page says the same years as asking anew each time."""
    from kg.model.parties import Parties

    asked: list[tuple[str, str]] = []
    years = Parties.__call__

    def counted(self: Parties, organisation: str, collaboration: str) -> list[int]:
        asked.append((organisation, collaboration))
        return years(self, organisation, collaboration)

    monkeypatch.setattr(Parties, "__call__", counted)
    render_map(bundled, view="bipartite")
    assert asked and len(asked) == len(set(asked))
    asked.clear()
    page = render_map(bundled)
    assert asked and len(asked) == len(set(asked))
    parties = Parties(bundled.facts)
    monkeypatch.setattr(Parties, "__call__", years)
    for edge in page.edges:
        for collaboration, through in zip(
            edge["collaborations"], edge["collaboration_years"], strict=True
        ):
            shared = set(parties(edge["from"], collaboration)) & set(
                parties(edge["to"], collaboration)
            )
            assert through == sorted(shared)
