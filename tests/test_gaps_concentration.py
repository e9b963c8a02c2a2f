"""The gaps say how concentrated a committee's partners are, per group: through how many
collaborations they come and which one alone gives the most (the fields of
kg.analysis.concentration), in `kg gaps` (table, JSON, CSV) and the report's gaps section, in
both languages. Who is a partner does not change."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pytest
from conftest import facts_of
from helpers.memberships import memberships
from typer.testing import CliRunner

from kg.analysis.concentration import FIELDS
from kg.analysis.gaps import committee_gaps
from kg.analysis.pipeline import analyse
from kg.cli import app
from kg.io.source import Source
from kg.report.build import build_report
from kg.report.compose import report_document
from kg.report.document import plain
from kg.sparql.engine import run

runner = CliRunner()
ID = "https://w3id.org/kg-malmo/id/"
T = ID + "gapconc/"
GROUPS = ["civil", "academia", "business", "agencies", "city"]

# - Anämnden takes part in one strand of an area programme, with a university, two
#   associations and an agency: its one academic partner (and all others) come through it.
# - Bnämnden has three collaborations of its own, each with a university of its own (one of
#   them the programme's): three academic partners through three collaborations.
# Made-up names with a real quote (as tests/fixtures/analysis.ttl).
FIXTURE = """@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix : <https://w3id.org/kg-malmo/id/gapconc/> .
:doc a kg:SourceDocument ; dcterms:title "Uppföljning 2016"@sv ;
    kg:fileName "004_7af0419ea9a82ec3.txt" ; kg:paginated true .
:ev a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 21 ;
    oa:hasSelector [ a oa:TextQuoteSelector ;
        oa:exact "bildat en kunskapsallians som resulterat i Mötesplats Otto" ] .
:a a kg:Committee ; skos:prefLabel "Anämnden"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal true ; prov:wasDerivedFrom :ev .
:b a kg:Committee ; skos:prefLabel "Bnämnden"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal true ; prov:wasDerivedFrom :ev .
:u1 a kg:University ; skos:prefLabel "U1"@sv ; kg:sector kg:Academia ; prov:wasDerivedFrom :ev .
:u2 a kg:University ; skos:prefLabel "U2"@sv ; kg:sector kg:Academia ; prov:wasDerivedFrom :ev .
:u3 a kg:University ; skos:prefLabel "U3"@sv ; kg:sector kg:Academia ; prov:wasDerivedFrom :ev .
:c1 a kg:Association ; skos:prefLabel "C1"@sv ; kg:sector kg:CivilSociety ;
    prov:wasDerivedFrom :ev .
:c2 a kg:Association ; skos:prefLabel "C2"@sv ; kg:sector kg:CivilSociety ;
    prov:wasDerivedFrom :ev .
:ag a kg:PublicAgency ; skos:prefLabel "AG"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal false ; prov:wasDerivedFrom :ev .
:prog a kg:Project ; skos:prefLabel "Programmet"@sv ; kg:unnamedPartySector kg:CivilSociety ;
    prov:wasDerivedFrom :ev .
:strand a kg:Project ; skos:prefLabel "Delen"@sv ; dcterms:isPartOf :prog ;
    prov:wasDerivedFrom :ev .
:k1 a kg:KnowledgeAlliance ; skos:prefLabel "K1"@sv ; prov:wasDerivedFrom :ev .
:k2 a kg:KnowledgeAlliance ; skos:prefLabel "K2"@sv ; prov:wasDerivedFrom :ev .
:k3 a kg:KnowledgeAlliance ; skos:prefLabel "K3"@sv ; prov:wasDerivedFrom :ev .
"""
MEMBERS = {
    "strand": ["a", "u1", "c1", "c2", "ag"],
    "k1": ["b", "u1"],
    "k2": ["b", "u2"],
    "k3": ["b", "u3"],
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("gapconc") / "small.ttl"
    path.write_text(FIXTURE + memberships(MEMBERS), encoding="utf-8")
    return path


def _row(rows: list[dict], iri: str) -> dict:
    return next(r for r in rows if r["committee"] == iri)


def test_one_programme_partner_and_three_direct_ones_are_told_apart(small):
    rows = committee_gaps(facts_of(small))
    a, b = _row(rows, T + "a"), _row(rows, T + "b")
    assert a["by_sector"]["academia"] == 1 and b["by_sector"]["academia"] == 3  # unchanged
    assert a["partners"] == 4 and b["partners"] == 3
    academia = a["by_sector_concentration"]["academia"]
    assert academia["partner_collaborations"] == 1
    assert (academia["main_collaboration"], academia["main_collaboration_partners"]) == (
        T + "prog",
        1,
    )
    assert [p["label"] for p in academia["main_collaboration_parts"]] == ["Delen"]
    theirs = b["by_sector_concentration"]["academia"]
    assert (theirs["partner_collaborations"], theirs["main_collaboration_partners"]) == (3, 1)
    assert (a["partner_collaborations"], a["main_collaboration_partners"]) == (1, 4)
    assert a["main_collaboration_groups"] == ["academia", "agencies", "civil"]
    assert b["by_sector_concentration"]["civil"]["partner_collaborations"] == 0


def test_kg_gaps_table_json_and_csv_show_it(small):
    args = ["gaps", "--no-bundled", "--data", str(small)]
    said = runner.invoke(app, [*args, "-f", "json"])
    assert said.exit_code == 0, said.output
    a = _row(json.loads(said.stdout), T + "a")
    assert set(FIELDS) <= set(a) and set(a["by_sector_concentration"]) == set(GROUPS)
    table = runner.invoke(app, [*args, "-f", "csv"]).stdout
    rows = {r["label"]: r for r in csv.DictReader(io.StringIO(table))}
    assert (rows["Anämnden"]["academia"], rows["Bnämnden"]["academia"]) == ("1", "3")
    assert rows["Anämnden"]["academia_partner_collaborations"] == "1"
    assert rows["Bnämnden"]["academia_partner_collaborations"] == "3"
    assert rows["Anämnden"]["academia_main_collaboration_label"] == "Programmet"
    assert rows["Anämnden"]["main_collaboration_parts"] == "Delen"
    assert rows["Anämnden"]["main_collaboration_groups"] == "academia; agencies; civil"
    assert rows["Bnämnden"]["academia_main_collaboration_partners"] == "1"
    shown = runner.invoke(app, [*args, "-q"], env={"COLUMNS": "4000"}).stdout
    cells = {
        line.split("│")[1].strip(): [c.strip() for c in line.strip("│ \n").split("│")]
        for line in shown.splitlines()
        if line.startswith("│")
    }
    a_row, b_row = cells["Anämnden"], cells["Bnämnden"]
    assert a_row[2:8] == ["4 (1)", "2 (1)", "1 (1)", "0", "1 (1)", "0"]
    assert b_row[2:8] == ["3 (3)", "0", "3 (3)", "0", "0", "0"]
    assert "- Anämnden: civil society, academia and public agencies through Programmet" in shown
    assert "- Bnämnden" not in shown


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "item"),
    [
        ("en", "Anämnden: civil society, academia and public agencies through Programmet"),
        ("sv", "Anämnden: idéburen sektor, akademi och offentliga aktörer utanför kommunen genom "
         "Programmet"),
    ],
)  # fmt: skip
def test_the_reports_gaps_section_shows_it(small, tmp_path, lang, item):
    out = tmp_path / lang
    result = runner.invoke(
        app, ["report", "--no-bundled", "--data", str(small), "--lang", lang, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = (out / "report.md").read_text(encoding="utf-8")
    assert f"- {item}" in text
    rows = [line for line in text.splitlines() if line.startswith("| [Anämnden]")]
    assert rows and "| 4 (1) | 2 (1) | 1 (1) |" in rows[0], rows
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    gaps = _row(report["gaps"], T + "b")
    assert gaps["by_sector_concentration"]["academia"]["partner_collaborations"] == 3


@pytest.mark.slow
def test_bundled_counts_per_group_from_the_librarys_query(bundled_facts):
    """Per committee and group, the collaborations its partners there come through, from
    `committee-partners` and each collaboration's outermost whole; the committee's own
    fields are those of its row in `kg brokers`."""
    source = Source()
    facts = bundled_facts

    def top(collaboration: str) -> set[str]:
        wholes = facts.collaborations[collaboration]["part_of"]
        return set().union(*(top(w) for w in wholes)) if wholes else {collaboration}

    rows = committee_gaps(facts)
    brokers = {b["iri"]: b for b in analyse(facts).brokers}
    for row in rows:
        committee = row["committee"]
        through = defaultdict(set)
        for r in run(source, "committee-partners", {"committee": f"<{committee}>"}):
            through[r["partner"].value].add(r["collaboration"].value)
        for group in GROUPS:
            theirs = [p for p in through if facts.actors[p]["group"] == group]
            tops = set().union(*(top(c) for p in theirs for c in through[p]))
            found = row["by_sector_concentration"][group]
            assert found["partner_collaborations"] == len(tops), (row["label"], group)
            assert row["by_sector"][group] == len(theirs)
        if row["partners"]:
            assert {f: row[f] for f in FIELDS} == {f: brokers[committee][f] for f in FIELDS}


@pytest.mark.slow
def test_tekniska_namnden_reaches_three_groups_through_the_area_programme(bundled_facts):
    """Its named partners in civil society, business and public agencies all come through
    Områdesprogrammet (README, "How much one collaboration gives"), its one academic partner
    through ISU; the report says so in its gaps section."""
    row = _row(committee_gaps(bundled_facts), ID + "tekniska-namnden")
    programme = ID + "proj-omradesprogrammet-for-ett-socialt-hallbart-malmo"
    for group in ("civil", "business", "agencies"):
        found = row["by_sector_concentration"][group]
        assert (found["partner_collaborations"], found["main_collaboration"]) == (1, programme)
        assert found["main_collaboration_partners"] == row["by_sector"][group]
    report = build_report(analyse(bundled_facts), triples=0)
    gaps = next(s for s in report_document(report, "en").sections if s.id == "gaps")
    items = [plain(i) for b in gaps.blocks if b.kind == "bullets" for i in b.items]
    assert (
        "Technical Committee (Tekniska nämnden): civil society, business and public agencies "
        "through The area programme for a socially sustainable Malmö; academia through "
        "Institute for Sustainable Urban Development"
    ) in items
