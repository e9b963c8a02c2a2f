"""GEXF's timeline (Gephi's dynamic mode): each node and link carries the spells of the
years its sources report it in, and a link is in year Y exactly when ``kg export --year Y``
has it. The spells are read back with networkx's GEXF reader and checked by the spec."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
GEXF = "{http://www.gexf.net/1.2draft}"
ID = "https://w3id.org/kg-malmo/id/t/"
DATED = """@prefix : <https://w3id.org/kg-malmo/id/t/> .
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:d12 a kg:SourceDocument ; dcterms:title "Delrapport"@sv ; kg:fileName "a.txt" ;
    kg:reportYear "2012"^^xsd:gYear .
:d16 a kg:SourceDocument ; dcterms:title "Uppföljning"@sv ; kg:fileName "b.txt" ;
    kg:reportYear "2016"^^xsd:gYear .
:e12 a kg:SourceExcerpt ; oa:hasSource :d12 ; oa:hasSelector [ a oa:TextQuoteSelector ;
    oa:exact "Nämnden och föreningen samverkar." ] .
:e16 a kg:SourceExcerpt ; oa:hasSource :d16 ; oa:hasSelector [ a oa:TextQuoteSelector ;
    oa:exact "Sedan 2015 samverkar nämnden, föreningen och bolaget." ] .
:city a kg:Municipality ; skos:prefLabel "Teststad"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal true ; prov:wasDerivedFrom :e12 .
:c a kg:Committee ; skos:prefLabel "Nämnden"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal true ; org:subOrganizationOf :city ; prov:wasDerivedFrom :e12, :e16 .
:f a kg:Association ; skos:prefLabel "Föreningen \\"Å\\""@sv ; kg:sector kg:CivilSociety ;
    prov:wasDerivedFrom :e12, :e16 .
:b a kg:Company ; skos:prefLabel "Bolaget"@sv ; kg:sector kg:BusinessSector ;
    prov:wasDerivedFrom :e16 .
:k12 a kg:KnowledgeAlliance ; skos:prefLabel "Alliansen"@sv ; prov:wasDerivedFrom :e12 .
:k16 a kg:KnowledgeAlliance ; skos:prefLabel "Samverkan"@sv ; prov:wasDerivedFrom :e16 ;
    kg:startYear "2015"^^xsd:gYear .
:m1 a org:Membership ; org:organization :k12 ; org:member :c ; prov:wasDerivedFrom :e12 .
:m2 a org:Membership ; org:organization :k12 ; org:member :f ; prov:wasDerivedFrom :e12 .
:m3 a org:Membership ; org:organization :k16 ; org:member :c ; prov:wasDerivedFrom :e16 .
:m4 a org:Membership ; org:organization :k16 ; org:member :f ; prov:wasDerivedFrom :e16 .
:m5 a org:Membership ; org:organization :k16 ; org:member :b ; prov:wasDerivedFrom :e16 .
"""


def _export(target: Path, *args: str) -> nx.Graph:
    result = runner.invoke(app, ["export", "-f", "gexf", "-o", str(target), *args, "-q"])
    assert result.exit_code == 0, result.output
    return nx.read_gexf(target)


@pytest.fixture(scope="module")
def bundled_gexf(tmp_path_factory: pytest.TempPathFactory) -> callable:
    """``kg export -f gexf`` of the bundled data with these options, written once per module
    and read back (the tests only read it): ``(path, graph)``."""
    written: dict[tuple[str, ...], tuple[Path, nx.Graph]] = {}

    def export(*args: str) -> tuple[Path, nx.Graph]:
        if args not in written:
            target = tmp_path_factory.mktemp("bundled-gexf") / "n.gexf"
            written[args] = (target, _export(target, *args))
        return written[args]

    return export


def _in(spells: list[tuple[str, str]], year: int) -> bool:
    day = f"{year:04d}-07-01"
    return any(start <= day <= end for start, end in spells)


def _spelled(path: Path) -> None:
    """What the GEXF 1.2 spec asks of a dynamic graph's spells, and that a link is present
    only when both its ends are."""
    graph = ET.parse(path).getroot().find(f"{GEXF}graph")
    assert graph is not None
    read = nx.read_gexf(path)
    for a, b, spells in read.edges(data="spells"):
        for start, end in spells:
            for node in (a, b):
                covered = read.nodes[node]["spells"]
                assert any(s <= start and end <= e for s, e in covered), (a, b, node)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    for element in graph.iter(f"{GEXF}spell"):
        start, end = element.get("start"), element.get("end")
        assert start and end and start <= end and start.endswith("-01-01")
        assert end.endswith("-12-31")


@pytest.mark.slow
def test_a_dated_networks_gexf_has_the_years_as_spells(tmp_path):
    """A link reported in 2012 and again from 2015 (stated start) to 2016 has two spells, the
    consecutive years joined; a node is present in the years a source describes it or it
    has a link. Without --year the graph is dynamic; with it, static (one year's file)."""
    data = tmp_path / "data.ttl"
    data.write_text(DATED, encoding="utf-8")
    own = ["--no-bundled", "--data", str(data)]
    read = _export(tmp_path / "all.gexf", *own)
    _spelled(tmp_path / "all.gexf")
    assert read.graph["mode"] == "dynamic"
    assert read.edges[ID + "c", ID + "f"]["spells"] == [
        ("2012-01-01", "2012-12-31"),
        ("2015-01-01", "2016-12-31"),
    ]
    assert read.edges[ID + "b", ID + "c"]["spells"] == [("2015-01-01", "2016-12-31")]
    assert read.nodes[ID + "b"]["spells"] == [("2015-01-01", "2016-12-31")]
    assert read.nodes[ID + "f"]["label"] == 'Föreningen "Å"'
    year = _export(tmp_path / "2012.gexf", *own, "--year", "2012")
    assert year.graph["mode"] == "static"
    assert all("spells" not in data for _, data in year.nodes(data=True))
    two = _export(tmp_path / "two.gexf", *own, "--view", "bipartite")
    _spelled(tmp_path / "two.gexf")
    assert two.nodes[ID + "k16"]["spells"] == [("2015-01-01", "2016-12-31")]
    assert two.edges[ID + "b", ID + "k16"]["spells"] == [("2015-01-01", "2016-12-31")]


# the two-mode timeline's spells are checked on a small graph above (slow: every year again)
@pytest.mark.slow
@pytest.mark.parametrize("view", ["actors", "bipartite"])
def test_the_bundled_gexf_timeline_is_each_years_export(bundled_gexf, view, bundled_source):
    """For every year of the bundled data, the links whose spells cover it are exactly those
    of ``kg export --year Y``, and the nodes are those with a link that year or described
    by a source of it; ``weight_in_year`` is the year's ``weight``."""
    path, whole = bundled_gexf("--view", view)
    _spelled(path)
    _, static = bundled_gexf("--view", view, "--year", "2016")
    for year in bundled_source.years():
        _, of_year = bundled_gexf("--view", view, "--year", str(year))
        edges = {frozenset(e) for e, s in nx.get_edge_attributes(whole, "spells").items()}
        shown = {frozenset((a, b)) for a, b, s in whole.edges(data="spells") if _in(s, year)}
        assert shown == {frozenset(e) for e in of_year.edges()}, year
        assert shown <= edges
        for a, b, weight in of_year.edges(data="weight"):
            if weight is None:  # the two-mode graph's links have no weight
                continue
            by_year = {start[:4]: w for w, start, _ in whole.edges[a, b]["weight_in_year"]}
            assert by_year[str(year)] == weight, (a, b, year)
        facts = bundled_source.at(year).facts()  # each year's view, opened once a session
        present = {n for n, s in whole.nodes(data="spells") if s and _in(s, year)}
        described = {
            n
            for n, kind in of_year.nodes(data="kind", default="actor")
            if of_year.degree(n) or kind == "collaboration" or facts.actors[n]["evidence"]
        }
        assert present == described, year
    assert set(static) <= set(whole)  # the same ids as a year's file
    assert all(s for _, _, s in whole.edges(data="spells"))


def test_a_link_in_no_years_view_takes_its_collaborations_years(tmp_path):
    """Two parties of one collaboration, each reported in another year (``kg synth --years``
    makes 549 such links at 3,300 actors): no year's view links them, yet the whole network
    does. Without spells Gephi would show the link in every year; it is in the years its
    collaboration is reported in."""
    header = DATED.split(":k12 a")[0]
    data = tmp_path / "data.ttl"
    data.write_text(
        header
        + """:k a kg:KnowledgeAlliance ; skos:prefLabel "Alliansen"@sv ;
    prov:wasDerivedFrom :e12, :e16 .
:m1 a org:Membership ; org:organization :k ; org:member :c ; prov:wasDerivedFrom :e12 .
:m2 a org:Membership ; org:organization :k ; org:member :b ; prov:wasDerivedFrom :e16 .
""",
        encoding="utf-8",
    )
    own = ["--no-bundled", "--data", str(data)]
    read = _export(tmp_path / "all.gexf", *own)
    _spelled(tmp_path / "all.gexf")  # b and c are there in both years, as their link is
    for year in (2012, 2016):
        assert _export(tmp_path / f"{year}.gexf", *own, "--year", str(year)).number_of_edges() == 0
    assert read.edges[ID + "b", ID + "c"]["spells"] == [
        ("2012-01-01", "2012-12-31"),
        ("2016-01-01", "2016-12-31"),
    ]


@pytest.mark.slow
def test_a_link_has_the_same_gexf_id_in_every_years_file(bundled_gexf):
    """GEXF numbered its links 0, 1, … in each file, so id "0" was one link in the 2012 file
    and another in 2016's: Gephi, merging the files as time frames, matches links by id.
    A link's id is now its two ends in IRI order, the same in every file (the actors' view is
    the default: these are the files the timeline test reads)."""
    ids: dict[str, dict[frozenset, str]] = {}
    for name, year in (("all", ()), ("2012", ("--year", "2012")), ("2016", ("--year", "2016"))):
        _, read = bundled_gexf("--view", "actors", *year)
        ids[name] = {frozenset((a, b)): i for a, b, i in read.edges(data="id")}
        assert len(set(ids[name].values())) == len(ids[name])
    for year in ("2012", "2016"):
        assert all(ids["all"][link] == i for link, i in ids[year].items())
    link, named = next(iter(ids["2016"].items()))
    assert named == "|".join(sorted(link))


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "with its years (2012, 2015–2016)"), ("sv", "med sina år (2012")]
)
def test_the_export_says_which_years_the_timeline_has(tmp_path, lang, said):
    data = tmp_path / "data.ttl"
    data.write_text(DATED, encoding="utf-8")
    args = ["export", "--no-bundled", "--data", str(data), "-f", "gexf", "--lang", lang]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "n.gexf")])
    assert result.exit_code == 0, result.output
    assert said in " ".join(result.stdout.split())
    one = runner.invoke(app, [*args, "--year", "2012", "-o", str(tmp_path / "y.gexf")])
    assert "2015" not in one.stdout
