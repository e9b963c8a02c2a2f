"""The derivation rules (ontology/rules/) against answers worked out apart from them.

Every surface reads the rules' triples, so tests that compare the surfaces with each other pass
whatever a rule derives; these pin what the rules must derive: on the bundled data, checked
against the partners and unnamed parties each committee has, and on small graphs made for a
case the bundled data lacks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import facts_of
from typer.testing import CliRunner

from kg.analysis.gaps import committee_gaps
from kg.cli import app
from kg.io.source import Source
from kg.model.sectors import vocabulary
from kg.model.vocab import DERIVED_GRAPH, ONTOLOGY_IRI

runner = CliRunner()
WORDS = vocabulary()
T = "https://w3id.org/kg-malmo/id/test/"
PREFIXES = """@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://w3id.org/kg-malmo/id/test/> .
"""


def _expected_lacks(row: dict) -> list[str]:
    """The groups a gaps row's committee has no partner in, worked out from its named
    partners' groups and its unnamed parties and stated counts: each group reached, and the
    broader group (public) of each reached group that has one."""
    reached = {p["category"] for p in row["partner_list"]} | set(row["unnamed_sectors"])
    broader = {g.name: WORDS.by_iri(g.broader).name for g in WORDS.groups if g.broader}
    reached |= {broader[g] for g in reached if g in broader}
    return [g for g in (*WORDS.names, WORDS.public.name) if g not in reached]


def test_a_committee_lacks_exactly_the_groups_none_of_its_partners_is_in(bundled_facts):
    rows = committee_gaps(bundled_facts)
    assert len(rows) == 20
    for row in rows:
        assert row["no_partner_in"] == _expected_lacks(row), row["label"]
        assert row["missing_sectors"] == [
            g for g in WORDS.gap_groups if g in row["no_partner_in"]
        ], row["label"]
    # the broader public sector both ways: reached through an agency or a city body alone,
    # lacked by the committees with no partner at all
    by_label = {row["label"]: row for row in rows}
    assert "public" not in by_label["Revisorskollegiet"]["no_partner_in"]  # one agency
    assert "public" not in by_label["Stadsbyggnadsnämnden"]["no_partner_in"]  # one city body
    assert "public" in by_label["Valnämnden"]["no_partner_in"]


@pytest.mark.slow
def test_a_committee_absent_from_the_sources_lacks_no_group():
    """What a committee no source describes lacks, the sources cannot tell: in 2012's view the
    17 committees its sources do not name lack nothing, on every surface that selects by it,
    while the three they describe keep their gaps."""
    year = Source(year=2012)
    rows = committee_gaps(year.facts())
    absent = [r for r in rows if r["status"] == "absent"]
    assert len(absent) == 17 and all(r["no_partner_in"] == [] for r in absent)
    described = [r for r in rows if r["status"] != "absent"]
    assert all(r["no_partner_in"] == _expected_lacks(r) for r in described)
    lacking = {r["committee"] for r in described if "academia" in r["missing_sectors"]}
    assert lacking
    gaps = runner.invoke(app, ["gaps", "--year", "2012", "--sector", "academia", "-f", "json"])
    assert {r["committee"] for r in json.loads(gaps.stdout)} == lacking
    query = ["query", "committees-lacking-sector", "-p", "sector=academia", "--year", "2012"]
    answer = runner.invoke(app, [*query, "-f", "json"])
    rows = json.loads(answer.stdout)["results"]["bindings"]
    assert {r["committee"]["value"] for r in rows} == lacking


@pytest.mark.slow
def test_kg_gaps_sector_public_lists_the_committees_without_a_public_partner():
    result = runner.invoke(app, ["gaps", "--sector", "public", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert sorted(r["label"] for r in json.loads(result.stdout)) == [
        "Förtroendenämnden",
        "Valnämnden",
    ]


def test_a_collaboration_of_one_committee_and_its_own_units_is_its_own_work():
    """Alfanämnden, its administration and its school are the members of one project: one
    organisation (kg:organisationCount 1), so the project is work without a partner."""
    facts = facts_of(Path(__file__).parent / "fixtures" / "analysis.ttl")
    assert facts.collaborations[T + "internal"]["organisations"] == 1
    assert facts.collaborations[T + "ka"]["organisations"] == 3
    (alfa,) = [row for row in committee_gaps(facts) if row["committee"] == T + "alfa"]
    assert (alfa["status"], alfa["partners"]) == ("no-partner", 0)
    assert [w["iri"] for w in alfa["own_work"]] == [T + "internal"]


def test_city_bodies_that_do_not_state_it_are_city_organisations(tmp_path: Path):
    """kg:isMunicipal is optional: a public council, committee, administration or unit that
    leaves it out is one of the city's own bodies; a public agency that leaves it out is
    outside the city, and a stated value wins over the type."""
    data = tmp_path / "bodies.ttl"
    bodies = {
        "council": "kg:Council",
        "committee": "kg:Committee",
        "administration": "kg:Administration",
        "unit": "kg:OperationalUnit",
        "agency": "kg:PublicAgency",
    }
    lines = [
        f':{name} a {cls} ; skos:prefLabel "{name}"@sv ; kg:sector kg:PublicSector .'
        for name, cls in bodies.items()
    ]
    lines.append(
        ':outside a kg:OperationalUnit ; skos:prefLabel "outside"@sv ; '
        "kg:sector kg:PublicSector ; kg:isMunicipal false ."
    )
    lines.append(
        ':city-agency a kg:PublicAgency ; skos:prefLabel "city agency"@sv ; '
        "kg:sector kg:PublicSector ; kg:isMunicipal true ."
    )
    data.write_text(PREFIXES + "\n".join(lines) + "\n", encoding="utf-8")
    actors = facts_of(data).actors
    assert {name: actors[T + name]["group"] for name in [*bodies, "outside", "city-agency"]} == {
        "council": "city",
        "committee": "city",
        "administration": "city",
        "unit": "city",
        "agency": "agencies",
        "outside": "agencies",
        "city-agency": "city",
    }


def _reported_in(data: Path) -> dict[str, list[int]]:
    store = Source(data=[data], bundled=False).open()
    derived = f"GRAPH <{DERIVED_GRAPH}> {{ ?fact <{ONTOLOGY_IRI}reportedIn> ?year }}"
    found: dict[str, list[int]] = {}
    for row in store.query(f"SELECT ?fact ?year WHERE {{ {derived} }}"):
        found.setdefault(row["fact"].value.rsplit("/", 1)[-1], []).append(int(row["year"].value))
    return {fact: sorted(years) for fact, years in found.items()}


@pytest.mark.parametrize(
    "end", ['kg:endYear "2023"^^xsd:gYear', 'schema:endDate "2023-06-30"^^xsd:date']
)
def test_an_end_year_alone_runs_from_the_first_report_year(tmp_path: Path, end: str):
    """A collaboration that states only its end (2023), reported in 2021 and 2023, runs from
    its first report: 2021–2023. A party first named in 2022 is its party from 2022; one
    named in 2020, before the collaboration's first report, from 2021; one with no evidence
    of its own has the collaboration's years."""
    data = tmp_path / "ended.ttl"
    data.write_text(
        PREFIXES
        + f"""@prefix schema: <https://schema.org/> .
:d2020 a kg:SourceDocument ; kg:reportYear "2020"^^xsd:gYear .
:d2021 a kg:SourceDocument ; kg:reportYear "2021"^^xsd:gYear .
:d2022 a kg:SourceDocument ; kg:reportYear "2022"^^xsd:gYear .
:d2023 a kg:SourceDocument ; kg:reportYear "2023"^^xsd:gYear .
:e2020 a kg:SourceExcerpt ; oa:hasSource :d2020 .
:e2021 a kg:SourceExcerpt ; oa:hasSource :d2021 .
:e2022 a kg:SourceExcerpt ; oa:hasSource :d2022 .
:e2023 a kg:SourceExcerpt ; oa:hasSource :d2023 .
:ended a kg:Project ; {end} ; prov:wasDerivedFrom :e2021 , :e2023 .
:later a org:Membership ; org:organization :ended ; prov:wasDerivedFrom :e2022 .
:earlier a org:Membership ; org:organization :ended ; prov:wasDerivedFrom :e2020 .
:unquoted a org:Membership ; org:organization :ended .
""",
        encoding="utf-8",
    )
    assert _reported_in(data) == {
        "ended": [2021, 2022, 2023],
        "later": [2022, 2023],
        "earlier": [2021, 2022, 2023],
        "unquoted": [2021, 2022, 2023],
    }


def test_a_committee_takes_part_in_what_it_reports_with_its_municipality_as_party(
    bundled_facts,
):
    """The sources name Malmö stad as the party where a committee acts: the committee that
    reports the collaboration takes part in it, though neither it nor a unit of it is a
    party (rule 03's second branch)."""
    id_ = "https://w3id.org/kg-malmo/id/"
    for committee, collaboration in [
        ("tekniska-namnden", "ka-institutet-for-hallbar-stadsutveckling"),
        ("kulturnamnden", "ka-institutet-for-hallbar-stadsutveckling"),
        ("stadsomradesnamnd-soder", "agr-medborgarloften-soder"),
        ("stadsomradesnamnd-innerstaden", "ka-alliansen-i-sofielund"),
    ]:
        reporters = bundled_facts.collaborations[id_ + collaboration]["reported_by"]
        assert id_ + committee in reporters
        assert id_ + collaboration in bundled_facts.takes_part_in[id_ + committee]


def test_a_committee_and_its_municipality_are_not_each_others_partners(bundled_facts):
    """Malmö stad is a party of collaborations its committees take part in: it is the
    organisation they belong to (org:subOrganizationOf), not their partner, nor are they its
    (rule 04's MINUS in each direction)."""
    id_ = "https://w3id.org/kg-malmo/id/"
    city, shared = id_ + "malmo-stad", id_ + "ka-institutet-for-hallbar-stadsutveckling"
    committees = [i for i, a in bundled_facts.actors.items() if a["type"] == "Committee"]
    together = [c for c in committees if shared in bundled_facts.takes_part_in.get(c, ())]
    assert together and shared in bundled_facts.takes_part_in[city]
    for committee in committees:
        assert city not in bundled_facts.partners.get(committee, ())
    assert not set(committees) & set(bundled_facts.partners.get(city, ()))


def test_a_number_stated_for_a_committee_or_its_unit_reaches_its_group(tmp_path: Path):
    """A stated count of unnamed partners (kg:StatedCount with kg:countedSector) reaches its
    group for the committee it is counted for, or whose unit it is counted for; it names no
    partner, so the committee has unnamed partners only."""
    data = tmp_path / "counted.ttl"
    data.write_text(
        PREFIXES
        + """@prefix dcterms: <http://purl.org/dc/terms/> .
:doc a kg:SourceDocument ; kg:reportYear "2016"^^xsd:gYear .
:ev a kg:SourceExcerpt ; oa:hasSource :doc .
:c a kg:Committee ; skos:prefLabel "Nämnden"@sv ; kg:sector kg:PublicSector ;
    prov:wasDerivedFrom :ev .
:c-adm a kg:Administration ; skos:prefLabel "Förvaltningen"@sv ; org:unitOf :c ;
    kg:sector kg:PublicSector ; prov:wasDerivedFrom :ev .
:for-the-unit a kg:StatedCount ; kg:count 3 ; kg:countedFor :c-adm ;
    kg:countedClass kg:University ; kg:countedSector kg:Academia ;
    dcterms:description "Universities (not named)"@en ; prov:wasDerivedFrom :ev .
:for-the-committee a kg:StatedCount ; kg:count 2 ; kg:countedFor :c ;
    kg:countedClass kg:Company ; kg:countedSector kg:Business ;
    dcterms:description "Companies (not named)"@en ; prov:wasDerivedFrom :ev .
""",
        encoding="utf-8",
    )
    facts = facts_of(data)
    (row,) = committee_gaps(facts)
    assert row["status"] == "unnamed-only"
    assert row["unnamed_sectors"] == ["academia", "business"]
    assert row["no_partner_in"] == ["civil", "agencies", "city", "public"]
    assert [c["count"] for c in row["unnamed"]["academia"]] == [3]


def test_every_property_a_rule_derives_is_declared_a_derived_property(bundled_source):
    store = bundled_source.open()
    derived = {
        row["p"].value
        for row in store.query(
            f"SELECT DISTINCT ?p WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }}"
        )
    }
    declared = {
        row["p"].value
        for row in store.query(
            "SELECT ?p WHERE { ?p a <https://w3id.org/kg-malmo/ontology#DerivedProperty> }"
        )
    }
    assert derived - declared == set(), (
        "a rule in ontology/rules/ derives a property ontology/kg.ttl does not declare: add it "
        "there as `a owl:ObjectProperty (or owl:DatatypeProperty), kg:DerivedProperty` with its "
        "rdfs:label and skos:definition in Swedish and English, as kg:partner is"
    )
    assert declared - derived == set(), (
        f"ontology/kg.ttl declares {sorted(declared - derived)} kg:DerivedProperty, but no rule "
        "in ontology/rules/ derives it on the bundled data: write the rule, or drop the "
        'declaration (CONTRIBUTING.md, "Adding a rule")'
    )


def test_kg_suggest_does_not_say_a_committee_absent_from_the_sources_lacks_no_group():
    """Förskolenämnden is described by no source of 2012: kg suggest says so (nothing to base
    a suggestion on), not that it "lacks no partner group" as if it reached every one."""
    args = ["suggest", "Förskolenämnden", "--year", "2012"]
    shown = runner.invoke(app, args)
    assert shown.exit_code == 0, shown.output
    assert "lacks no partner group" not in shown.output
    assert "None of the sources of 2012 describes this committee" in " ".join(shown.output.split())
    found = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert found["note"]["key"] == "not_described_year" and found["groups"] == []
    assert found["note"]["values"]["year"] == 2012  # -f json names the year the view is of
    swedish = runner.invoke(app, [*args, "--lang", "sv"])
    assert "saknar ingen partnergrupp" not in swedish.output


@pytest.mark.parametrize(("lang", "said"), [("en", "no source describes"), ("sv", "ingen källa")])
def test_the_glossary_says_a_committee_absent_from_the_sources_has_no_gap(lang: str, said: str):
    """Rule 07 gives a committee no source describes no gap: the report's definition of a gap
    (a group none of its partners is in) must say so, or its empty "lacks" cell reads as a
    committee that reaches every group."""
    from kg.report.i18n import catalog

    _term, definition = catalog(lang).entry("glossary.gap")
    assert said in definition, definition
