"""How concentrated an organisation's partners are: how many collaborations they come through,
and how many one collaboration (with its parts) alone gives, on every surface that states a
partner count as a finding: the analysis, `kg brokers`, the report (both languages) and the
map."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pytest
from conftest import facts_of
from helpers.memberships import memberships
from typer.testing import CliRunner

from kg.analysis.pipeline import analyse
from kg.cli import app
from kg.io.source import Source
from kg.sparql.engine import run

runner = CliRunner()
ID = "https://w3id.org/kg-malmo/id/"
T = ID + "conc/"
TEKNISKA = ID + "tekniska-namnden"
PROGRAMME = ID + "proj-omradesprogrammet-for-ett-socialt-hallbart-malmo"

# - Nämnden takes part in two parts of one programme (never in the programme itself), in
#   "Annat" and in "Tredje". Part A gives it a1 and a2, part B b1; "Annat" gives c1 and a1
#   again; "Tredje" d1. So 5 partners through 3 collaborations (the programme and its parts
#   once); a2 and b1 come through the programme alone, a1 through two.
# - x and y share two collaborations and nothing else: no partner comes through one alone.
# Made-up names with a real quote (as tests/fixtures/analysis.ttl), so the report validates.
TINY = """@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix : <https://w3id.org/kg-malmo/id/conc/> .
:doc a kg:SourceDocument ; dcterms:title "Uppföljning 2016"@sv ;
    kg:fileName "004_7af0419ea9a82ec3.txt" ; kg:paginated true .
:ev a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 21 ;
    oa:hasSelector [ a oa:TextQuoteSelector ;
        oa:exact "bildat en kunskapsallians som resulterat i Mötesplats Otto" ] .
:namnden a kg:Committee ; skos:prefLabel "Nämnden"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal true ; prov:wasDerivedFrom :ev .
:a1 a kg:Association ; skos:prefLabel "A1"@sv ; kg:sector kg:CivilSociety ;
    prov:wasDerivedFrom :ev .
:a2 a kg:Company ; skos:prefLabel "A2"@sv ; kg:sector kg:Business ; prov:wasDerivedFrom :ev .
:b1 a kg:PublicAgency ; skos:prefLabel "B1"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal false ; prov:wasDerivedFrom :ev .
:c1 a kg:Association ; skos:prefLabel "C1"@sv ; kg:sector kg:CivilSociety ;
    prov:wasDerivedFrom :ev .
:d1 a kg:University ; skos:prefLabel "D1"@sv ; kg:sector kg:Academia ; prov:wasDerivedFrom :ev .
:x a kg:Association ; skos:prefLabel "X"@sv ; kg:sector kg:CivilSociety ; prov:wasDerivedFrom :ev .
:y a kg:Association ; skos:prefLabel "Y"@sv ; kg:sector kg:CivilSociety ; prov:wasDerivedFrom :ev .
:prog a kg:Project ; skos:prefLabel "Programmet"@sv ; kg:unnamedPartySector kg:CivilSociety ;
    prov:wasDerivedFrom :ev .
:parta a kg:Project ; skos:prefLabel "Del A"@sv ; dcterms:isPartOf :prog ; prov:wasDerivedFrom :ev .
:partb a kg:Project ; skos:prefLabel "Del B"@sv ; dcterms:isPartOf :prog ; prov:wasDerivedFrom :ev .
:annat a kg:Project ; skos:prefLabel "Annat"@sv ; prov:wasDerivedFrom :ev .
:tredje a kg:Project ; skos:prefLabel "Tredje"@sv ; prov:wasDerivedFrom :ev .
:p1 a kg:Project ; skos:prefLabel "P1"@sv ; prov:wasDerivedFrom :ev .
:p2 a kg:Project ; skos:prefLabel "P2"@sv ; prov:wasDerivedFrom :ev .
"""
MEMBERS = {
    "parta": ["namnden", "a1", "a2"],
    "partb": ["namnden", "b1"],
    "annat": ["namnden", "c1", "a1"],
    "tredje": ["namnden", "d1"],
    "p1": ["x", "y"],
    "p2": ["x", "y"],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("conc") / "tiny.ttl"
    path.write_text(TINY + memberships(MEMBERS), encoding="utf-8")
    return path


def _row(rows: list[dict], iri: str) -> dict:
    return next(r for r in rows if r["iri"] == iri)


def test_the_tiny_fixture_counts_what_one_collaboration_gives(tiny):
    facts = facts_of(tiny)
    analysis = analyse(facts)
    namnden = _row(analysis.brokers, T + "namnden")
    assert namnden["partners"] == 5  # no change to who is a partner
    assert namnden["partner_collaborations"] == 3
    assert namnden["main_collaboration"] == T + "prog"
    assert namnden["main_collaboration_label"] == "Programmet"
    assert namnden["main_collaboration_partners"] == 2  # a2 and b1; a1 also comes via Annat
    assert namnden["main_collaboration_groups"] == ["agencies", "business"]
    assert [p["label"] for p in namnden["main_collaboration_parts"]] == ["Del A", "Del B"]
    x = _row(analysis.brokers, T + "x")
    assert x["partner_collaborations"] == 2
    assert (x["main_collaboration"], x["main_collaboration_partners"]) == (None, 0)
    assert x["main_collaboration_groups"] == [] and x["main_collaboration_parts"] == []
    # the analysis's rows are the function's, read from the same network
    from kg.analysis.concentration import concentration

    assert concentration(analysis.network, facts)[T + "namnden"]["main_collaboration_partners"] == 2


def test_kg_brokers_gives_the_fields_in_json_and_csv(tiny):
    args = ["brokers", "--no-bundled", "--data", str(tiny), "--top", "0"]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    row = _row(json.loads(result.stdout)["rows"], T + "namnden")
    assert (row["partner_collaborations"], row["main_collaboration_partners"]) == (3, 2)
    result = runner.invoke(app, [*args, "-f", "csv"])
    assert result.exit_code == 0, result.output
    row = _row(list(csv.DictReader(io.StringIO(result.stdout))), T + "namnden")
    assert row["main_collaboration_label"] == "Programmet"
    assert row["main_collaboration_partners"] == "2"
    assert row["main_collaboration_groups"] == "agencies; business"
    assert row["main_collaboration_parts"] == "Del A; Del B"


@pytest.mark.parametrize(
    ("lang", "finding", "cell"),
    [
        (
            "en",
            "2 of its 5 partners come only through one collaboration: Programmet, through its "
            "parts Del A and Del B. Its named partners in public agencies and business all come "
            "through that collaboration.",
            "2 of 5: Programmet",
        ),
        (
            "sv",
            "2 av dess 5 partner kommer genom ett enda samarbete och inget annat: Programmet, "
            "genom dess delar Del A och Del B. Alla dess namngivna partner inom offentliga "
            "aktörer utanför kommunen och näringsliv kommer genom det samarbetet.",
            "2 av 5: Programmet",
        ),
    ],
)
def test_the_report_says_it_beside_the_top_broker_and_in_its_tables(
    tiny, tmp_path, lang, finding, cell
):
    out = tmp_path / lang
    result = runner.invoke(
        app, ["report", "--no-bundled", "--data", str(tiny), "--lang", lang, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = (out / "report.md").read_text(encoding="utf-8")
    top = next(line for line in text.splitlines() if "(#brokers)" in line)
    assert "Nämnden" in top and top.endswith(finding), top
    rows = [line for line in text.splitlines() if line.startswith("| Nämnden")]
    assert any(line.endswith(f"| 3 | {cell} |") for line in rows)  # the brokers table
    assert sum(line.endswith(f"| {cell} |") for line in rows) == 2  # and the central one
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["findings"]["top_broker"]["main_collaboration_partners"] == 2


def test_the_map_panel_gets_the_count(tiny):
    from kg.web.map import render_map

    page = render_map(analyse(facts_of(tiny))).html
    assert '"one_collaboration": {"collaboration": "Programmet", "n": 2, "total": 5}' in page or (
        '"one_collaboration":{"collaboration":"Programmet","n":2,"total":5}' in page
    )


@pytest.mark.slow
def test_tekniska_namndens_numbers_from_the_librarys_queries():
    """Computed apart from kg.analysis: the partners and the collaborations each comes
    through from `committee-partners`, checked against `collaborations-of-actor`, and each
    collaboration's outermost whole read up its dcterms:isPartOf chain."""
    source = Source()
    facts = source.facts()
    own = {
        r["collaboration"].value
        for r in run(source, "collaborations-of-actor", {"actor": f"<{TEKNISKA}>"})
    }
    through = defaultdict(set)
    for r in run(source, "committee-partners", {"committee": f"<{TEKNISKA}>"}):
        through[r["partner"].value].add(r["collaboration"].value)
    assert set().union(*through.values()) <= own

    def top(collaboration: str) -> str:
        while facts.collaborations[collaboration]["part_of"]:
            (collaboration,) = facts.collaborations[collaboration]["part_of"]
        return collaboration

    tops = {p: {top(c) for c in cs} for p, cs in through.items()}
    alone = defaultdict(set)
    for partner, found in tops.items():
        if len(found) == 1:
            alone[next(iter(found))].add(partner)
    main = max(alone, key=lambda c: len(alone[c]))
    row = _row(analyse(facts).brokers, TEKNISKA)
    assert row["partners"] == len(through) == 20
    assert row["partner_collaborations"] == len(set().union(*tops.values())) == 3
    assert row["main_collaboration"] == main == PROGRAMME
    assert row["main_collaboration_partners"] == len(alone[main]) == 12
    assert len(alone[main]) > sum(len(v) for c, v in alone.items() if c != main)


def test_a_tie_goes_to_the_label_first_in_natural_order():
    """Two collaborations that each give two partners alone: the one whose label sorts first
    (numbers in order, case-blind) is the main one, whatever order the links come in; a
    partner through a part and its whole counts once, through the whole."""
    from kg.analysis.concentration import concentrated
    from kg.model.facts import Facts

    facts = Facts()
    for iri, label in (("c10", "Nämnd 10"), ("c2", "nämnd 2"), ("c3", "Annat"), ("p", "Del")):
        facts.collaborations[iri] = {"label": label, "label_en": "", "part_of": []}
    facts.collaborations["p"]["part_of"] = ["c3"]
    links = {
        "a": ("civil", ["c10"]),
        "b": ("business", ["c10"]),
        "c": ("academia", ["c2"]),
        "d": ("civil", ["c2"]),
        "e": ("agencies", ["c3", "p"]),
        "f": ("agencies", ["c10", "c2"]),
    }
    for order in (links, dict(reversed(links.items()))):
        row = concentrated(facts, order)
        assert (row["main_collaboration"], row["main_collaboration_partners"]) == ("c2", 2)
        assert row["partner_collaborations"] == 3  # c10, c2 and c3 (its part p within it)
        assert row["main_collaboration_groups"] == ["academia"]  # civil comes through c10 too
