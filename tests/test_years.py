"""Years on facts: the rule that dates them (kg:reportedIn) and a year's view of the graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EXIT_INPUT, KgError
from kg.io.period import span, years
from kg.io.source import Source
from kg.model.parties import Parties
from kg.model.vocab import DATA_IRI, DERIVED_GRAPH, ONTOLOGY_IRI
from kg.validation import check

runner = CliRunner()
ID = DATA_IRI
PROGRAMME = ID + "proj-omradesprogrammet-for-ett-socialt-hallbart-malmo"
CONTINUED = ID + "proj-det-fortsatta-arbetet-for-ett-socialt-hallbart-malmo"
AGENDA = ID + "proj-implementering-av-agenda-2030"
HOLMA = ID + "proj-omradesprogram-holma-kroksback"
KS = ID + "kommunstyrelsen"


@pytest.fixture(scope="module")
def whole() -> Source:
    source = Source()
    source.open()
    return source


@pytest.mark.slow
def test_the_bundled_data_has_the_years_its_sources_report(whole: Source):
    assert whole.years() == [2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2020]
    assert years(whole.open()) == whole.years()
    assert span(whole.years()) == "2010–2017, 2020"


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        # kg:startYear 2010, kg:endYear 2015 (doc-000)
        (PROGRAMME, [2010, 2011, 2012, 2013, 2014, 2015]),
        # its lead, whose own quote is in doc-001 (2012), has the programme's stated period
        (PROGRAMME.replace("/proj-", "/m-proj-") + "--malmo-stad", list(range(2010, 2016))),
        # kg:startYear 2014, cited by doc-002 (2014) and doc-004 (2016): 2014 to 2016
        (CONTINUED, [2014, 2015, 2016]),
        (CONTINUED.replace("/proj-", "/m-proj-") + "--kommunstyrelsen", [2014, 2015, 2016]),
        # kg:startYear 2017 in the 2016 follow-up: a start alone runs to no later report
        (AGENDA, [2017]),
        # no year of its own: the report years of doc-001 and doc-004
        (HOLMA, [2012, 2016]),
        # a party with no year of its own, its collaboration none either: its quote's year
        (HOLMA.replace("/proj-", "/m-proj-") + "--polisen", [2012]),
        # a count with kg:year 2015 quoted from the 2016 follow-up: its own year only
        (ID + "count-utredningsuppdrag-slutforda-2015", [2015]),
        (ID + "count-utredningsuppdrag-slutforda-2016", [2016]),
        (ID + "uppdrag-social-konsekvensbedomning-amiralsstaden", [2016]),
    ],
    ids=lambda x: x.rsplit("/", 1)[-1] if isinstance(x, str) else None,
)
def test_the_rule_dates_each_fact(whole: Source, node: str, expected: list[int]):
    import pyoxigraph as ox

    query = f"SELECT ?y WHERE {{ <{node}> <{ONTOLOGY_IRI}reportedIn> ?y }}"
    curated = whole.open().query(query, default_graph=ox.DefaultGraph())
    assert list(curated) == []  # no data file states it: the rule derives it
    derived = whole.open().query(query, default_graph=ox.NamedNode(DERIVED_GRAPH))
    assert sorted(int(row[0].value) for row in derived) == expected


@pytest.mark.slow
def test_every_collaboration_party_and_count_has_a_year(whole: Source):
    facts = whole.facts()
    assert all(c["years"] for c in facts.collaborations.values())
    assert all(y for members in facts.member_years.values() for y in members.values())
    assert all(c["years"] for c in facts.counts)


@pytest.mark.slow
@pytest.mark.parametrize("year", [2014, 2016])
def test_a_years_view_keeps_the_investigation_assignments_of_the_year(whole: Source, year):
    """An investigation assignment is in a year's view when the rule reports it in the year,
    as the collaborations and stated counts are (the one in the bundled data: 2016)."""
    assignment = f"?f a <{ONTOLOGY_IRI}InvestigationAssignment>"
    reported = f"GRAPH <{DERIVED_GRAPH}> {{ ?f <{ONTOLOGY_IRI}reportedIn> ?y }}"
    everything: dict[str, set[int]] = {}
    for r in whole.open().query(f"SELECT ?f ?y WHERE {{ {assignment} {reported} }}"):
        everything.setdefault(r["f"].value, set()).add(int(r["y"].value))
    expected = {f for f, years in everything.items() if year in years}
    view = whole.at(year).open()
    kept = {r["f"].value for r in view.query(f"SELECT ?f WHERE {{ {assignment} }}")}
    assert everything and kept == expected


@pytest.mark.slow
@pytest.mark.parametrize("year", [2012, 2015, 2016, 2020])
def test_a_years_view_keeps_what_is_reported_in_the_year(whole: Source, year: int):
    view = whole.at(year)
    facts, everything = view.facts(), whole.facts()
    assert facts.year == year and everything.year is None
    assert set(facts.actors) == set(everything.actors)  # actors stay
    expected = {c for c, info in everything.collaborations.items() if year in info["years"]}
    assert set(facts.collaborations) == expected
    for collab, members in facts.member_years.items():
        for member, found in members.items():
            assert year in found, (collab, member)
            assert year in everything.member_years[collab][member]
    for collab, members in everything.member_years.items():
        kept = {m for m, found in members.items() if year in found}
        if collab in expected:
            assert set(facts.members.get(collab, {})) == kept, collab
    assert {c["iri"] for c in facts.counts} == {
        c["iri"] for c in everything.counts if year in c["years"]
    }
    # an actor keeps the evidence of the documents that report the year; one that none of
    # them describes, but a party reported in the year, the passages naming it as a party
    report_year = {d: doc["report_year"] for d, doc in everything.documents.items()}
    for iri, actor in facts.actors.items():
        own = everything.actors[iri]["evidence"]
        of_year = {e for e in own if report_year[everything.excerpts[e]["document"]] == year}
        as_party = {
            e
            for collab, members in facts.members.items()
            for e in members.get(iri, ())
            if year in facts.member_years[collab][iri]
        }
        assert set(actor["evidence"]) == (of_year or as_party), iri


def test_the_year_filter_runs_before_the_rules(whole: Source):
    """The committee-level view of a year is derived from that year's facts."""
    in_2012, in_2016 = whole.at(2012).facts(), whole.at(2016).facts()
    # doc-001 (2012) names no committee: no committee is described in 2012, though some are
    # reached through their administrations' units named there
    assert {s for c, s in in_2012.status.items()} <= {"absent", "partners"}
    assert in_2016.status[ID + "valnamnden"] == "no-partner"
    assert in_2012.status[ID + "valnamnden"] == "absent"
    for committee, partners in in_2012.partners.items():
        for partner in partners:
            shared = set(in_2012.takes_part_in[committee]) & set(in_2012.takes_part_in[partner])
            assert any(2012 in in_2012.collaborations[c]["years"] for c in shared)


def test_the_years_an_organisation_is_a_party(whole: Source):
    years = Parties(whole.facts())
    assert years(KS, CONTINUED) == [2014, 2015, 2016]
    assert set(years.active(KS)) >= {2014, 2015, 2016, 2017}
    polisen = ID + "polisen"
    assert years(polisen, HOLMA) == [2012]


def test_a_view_shares_its_whole_and_is_validated_as_the_whole(whole: Source):
    view = whole.at(2016)
    assert view.whole() is whole and whole.at(2016) is view and whole.at(None) is whole
    assert Source(year=2016).whole().year is None
    report = check(Source(year=2015))  # a view may lack a kept IOP's parties: not checked
    assert report.conforms
    assert view.triples() < whole.triples()


@pytest.mark.slow
@pytest.mark.parametrize("year", [1999, 2018])
def test_a_year_no_source_reports_is_refused_with_the_years_there_are(year: int):
    with pytest.raises(KgError, match=f"no source reports anything for {year}") as caught:
        Source(year=year).facts()
    assert caught.value.exit_code == EXIT_INPUT
    assert "2010–2017, 2020" in caught.value.hint
    result = runner.invoke(app, ["gaps", "--year", str(year)])
    assert result.exit_code == EXIT_INPUT
    assert f"no source reports anything for {year}" in result.output
    assert "2010–2017, 2020" in result.output


def test_data_without_years_says_how_to_give_them(fixture_path):
    source = Source(data=(fixture_path("analysis.ttl"),), bundled=False, year=2016)
    with pytest.raises(KgError, match="no fact has a year") as caught:
        source.open()
    assert "kg:reportYear" in caught.value.hint
    assert caught.value.hint.endswith("see 'Years' in data/README.md")
    args = ["gaps", "--no-bundled", "--data", str(fixture_path("analysis.ttl")), "--year", "2016"]
    result = runner.invoke(app, [*args, "--lang", "sv"])
    assert result.exit_code == EXIT_INPUT
    assert "inga uppgifter har något år, så det finns inget år 2016 att visa" in result.output
    assert "uppgift dess eget kg:year eller kg:startYear/kg:endYear; se 'Years'" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("command", ["gaps", "stats", "centrality", "brokers", "communities"])
def test_every_analysis_command_takes_the_year(command: str):
    result = runner.invoke(app, [command, "--year", "2012", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_year_where_no_organisation_brokers_says_so(lang: str):
    """2015 names no two partners: the brokers table says there are none (as the report
    does) instead of failing."""
    result = runner.invoke(app, ["brokers", "--year", "2015", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.strip()
        == {
            "en": "Brokers between groups: none",
            "sv": "Brobyggare mellan grupper: inga",
        }[lang]
    )


@pytest.mark.slow
def test_a_query_of_a_year_sees_that_year_alone(whole: Source):
    """A year's view holds what the sources report for it, its parties included, so its
    kg:reportedIn is that year's alone: a query by year of the view gives the whole data's
    rows of that year, and no other year with its parties left out."""

    def rows(*year: str) -> list[str]:
        args = [
            "query",
            "collaborations-by-year",
            "-f",
            "csv",
            *(("--year", *year) if year else ()),
        ]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()[1:]

    every = rows()
    for year in ("2012", "2016", "2020"):
        assert rows(year) == [r for r in every if r.startswith(year + ",")]


@pytest.mark.slow
def test_gaps_of_a_year_are_the_years_rules(whole: Source):
    rows = json.loads(runner.invoke(app, ["gaps", "--year", "2012", "-f", "json"]).stdout)
    facts = whole.at(2012).facts()
    assert {r["committee"]: r["status"] for r in rows} == {
        c: facts.status[c] for c in (r["committee"] for r in rows)
    }
    assert "absent" in {r["status"] for r in rows}


@pytest.mark.slow
def test_a_years_view_of_a_store_leaves_the_store_as_it_was(tmp_path: Path, whole: Source):
    store = Source(store=tmp_path / "s")
    size = len(store.open())
    view = store.at(2016)
    assert view.facts().collaborations == whole.at(2016).facts().collaborations
    assert view.facts().partners == whole.at(2016).facts().partners
    assert len(Source(store=tmp_path / "s").open()) == size
    assert view.target() is view.open()  # queries go to the year's view, not the store


@pytest.mark.slow
@pytest.mark.parametrize("start", ["2023", "2023-05", "2023-05-12"])
def test_a_start_given_as_a_month_or_a_date_counts_by_its_year(tmp_path: Path, start: str):
    """A start of "2023-05" (schema:startDate, as kg import writes a month) dates a
    collaboration as a start year of 2023 does: the same years, the same stated start, the
    same "stated" in collaborations-by-year."""
    from helpers.cities import copy_sjostad

    import kg
    from kg.io.spreadsheet import write_turtle

    city = copy_sjostad(tmp_path)
    sheet = city / "kalkylark" / "samverkan.csv"
    text = sheet.read_text("utf-8")
    row = "Mötesplats Hamnhuset;Meeting place Hamnhuset;mötesplats;Kultur- och fritidsnämnden;;"
    assert text.count(row + ";;Hamnen") == 1
    sheet.write_text(text.replace(row + ";;Hamnen", row + start + ";;Hamnen"), "utf-8")
    (city / "data").mkdir()
    write_turtle(kg.import_spreadsheet(city / "kalkylark"), city / "data" / "sjostad.ttl")
    source = Source(data=[city / "data"], bundled=False)
    (meeting,) = [
        c for c in source.facts().collaborations.values() if c["label"] == "Mötesplats Hamnhuset"
    ]
    assert (meeting["start_year"], meeting["years"], meeting["end_year"]) == (2023, [2023], None)
    rows = kg.query(source, "collaborations-by-year")
    dated = {str(r["dated"].value) for r in rows if r["collaboration"].value == meeting["iri"]}
    assert dated == {"stated"}


def test_a_party_named_in_one_years_document_is_not_carried_into_the_next(tmp_path: Path):
    """An alliance started in 2022 is reported in 2022 and 2023; a party only the 2022
    document names is its party in 2022 alone, one the 2023 document names in both years
    (from the start), one that states its year in that year; a party's own evidence never
    takes it past its collaboration's years (a 2025 document), and one with none has them."""
    data = tmp_path / "dated.ttl"
    data.write_text(
        """@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://w3id.org/kg-malmo/id/test/> .
:a a kg:SourceDocument ; kg:reportYear "2022"^^xsd:gYear .
:b a kg:SourceDocument ; kg:reportYear "2023"^^xsd:gYear .
:exa a kg:SourceExcerpt ; oa:hasSource :a .
:exb a kg:SourceExcerpt ; oa:hasSource :b .
:alliance a kg:KnowledgeAlliance ; kg:startYear "2022"^^xsd:gYear ;
    prov:wasDerivedFrom :exa , :exb .
:early a org:Membership ; org:organization :alliance ; prov:wasDerivedFrom :exa .
:late a org:Membership ; org:organization :alliance ; prov:wasDerivedFrom :exb .
:own a org:Membership ; org:organization :alliance ; kg:year "2023"^^xsd:gYear ;
    prov:wasDerivedFrom :exa .
:c a kg:SourceDocument ; kg:reportYear "2025"^^xsd:gYear .
:exc a kg:SourceExcerpt ; oa:hasSource :c .
:beyond a org:Membership ; org:organization :alliance ; prov:wasDerivedFrom :exa , :exc .
:unquoted a org:Membership ; org:organization :alliance .
""",
        encoding="utf-8",
    )
    store = Source(data=[data], bundled=False).open()
    found: dict[str, list[int]] = {}
    derived = f"GRAPH <{DERIVED_GRAPH}> {{ ?fact <{ONTOLOGY_IRI}reportedIn> ?year }}"
    for row in store.query(f"SELECT ?fact ?year WHERE {{ {derived} }}"):
        found.setdefault(row["fact"].value.rsplit("/", 1)[-1], []).append(int(row["year"].value))
    assert {k: sorted(v) for k, v in found.items()} == {
        "alliance": [2022, 2023],
        "early": [2022],
        "late": [2022, 2023],
        "own": [2023],
        "beyond": [2022, 2023],  # within its collaboration's years, not to 2025
        "unquoted": [2022, 2023],  # no evidence of its own: the collaboration's years
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "groups in which the sources mention no partner of the only committee they describe",
        ),
        (
            "sv",
            "där källorna inte nämner någon partner till den enda nämnd som de beskriver",
        ),
    ],
)
def test_a_year_with_one_described_committee_says_so(bundled_report, lang: str, said: str):
    """2017's sources describe one committee: the finding says "the only committee", not
    "1 of the 1 committees … have"."""
    folder, _ = bundled_report("--year", "2017", "--lang", lang)
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    assert said in markdown and " of the 1 " not in markdown and " av de 1 " not in markdown


def test_a_year_leaves_out_a_collaboration_and_with_it_its_parties(fixture_path):
    """The 2016 view leaves out a project the sources date 2010–2012 and both its parties:
    the one that takes the project's years and the one that states 2016 itself (reported in
    2016 by the rule, but a party of nothing the view holds); the 2012 view keeps the project
    with the party of its years."""
    import pyoxigraph as ox

    data = fixture_path("year_left_out.ttl")
    test = DATA_IRI + "test/"
    member = ox.NamedNode("http://www.w3.org/ns/org#member")

    def parties(year: int) -> set[str]:
        view = Source(data=(data,), bundled=False, year=year).open()
        return {q.subject.value for q in view.quads_for_pattern(None, member, None, None)}

    in_2016 = Source(data=(data,), bundled=False, year=2016)
    facts = in_2016.facts()
    assert set(facts.collaborations) == {test + "new"}
    assert facts.takes_part_in[test + "alfa"] == [test + "new"]
    assert parties(2016) == {test + "m-new-alfa", test + "m-new-assoc"}
    view = in_2016.open()
    for left_out in ("old", "m-old-alfa", "m-old-assoc"):
        node = ox.NamedNode(test + left_out)
        assert next(view.quads_for_pattern(node, None, None, None), None) is None, left_out
        assert next(view.quads_for_pattern(None, None, node, None), None) is None, left_out
    assert set(Source(data=(data,), bundled=False, year=2012).facts().collaborations) == {
        test + "old"
    }
    assert parties(2012) == {test + "m-old-assoc"}

    args = ["--no-bundled", "--data", str(data), "-f", "json"]
    counts = {
        year: json.loads(runner.invoke(app, ["stats", *args, "--year", year]).stdout)
        for year in ("2012", "2016")
    }
    assert {y: (c["collaborations"], c["memberships"]) for y, c in counts.items()} == {
        "2012": (1, 1),
        "2016": (1, 2),
    }
    result = runner.invoke(
        app, ["query", "memberships-as-links", *args[:3], "--year", "2016", "-f", "nt"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(result.stdout.splitlines()) == [
        f"<{test}new> <http://www.w3.org/ns/org#hasMember> <{test}{who}> ."
        for who in ("alfa", "assoc")
    ]
