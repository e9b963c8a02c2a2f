"""Change over time: `kg report --year` and `--compare` on the bundled data (what the sources
state for 2015 and 2016, the 2012 area programme against the 2016 follow-up) and on two years
of synthetic data, checked against the Turtle it was written as."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EXIT_INPUT, KgError
from kg.io.source import Source
from kg.model.vocab import DATA_IRI
from kg.report.compare import compare_years, year_summary
from kg.synth import synthetic_turtle, write_synthetic

runner = CliRunner()
ID = DATA_IRI
KS = ID + "kommunstyrelsen"
KG = Namespace("https://w3id.org/kg-malmo/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
SYN = Namespace(ID + "synth/")
#: As data/context/goal-area-review.ttl and report-2016.ttl state them (doc-004 pp. 6, 9, 15).
ASSIGNMENTS = {"green": (16, 27), "yellow": (15, 4), "red": (1, 1)}


@pytest.fixture(scope="module")
def bundled(bundled_source: Source) -> Source:
    return bundled_source


@pytest.fixture(scope="module")
def change_2015_2016(bundled: Source) -> dict:
    return compare_years(bundled, 2015, 2016)


@pytest.mark.slow
def test_the_assignment_statuses_are_compared_as_the_sources_state_them(change_2015_2016):
    both = [c for c in change_2015_2016["counts"] if c["first"] is not None and c["second"]]
    assert {c["status"]: (c["first"], c["second"]) for c in both} == ASSIGNMENTS
    assert {c["counted_for"] for c in both} == {KS}
    assert {c["what"] for c in both} == {"investigation assignment"}
    for count in both:
        pages = {e["page"] for e in count["evidence"]}
        assert 15 in pages or 9 in pages  # "föregående år" (p. 15), the 2015 follow-up (p. 9)
    # counts stated for 2016 only are listed with no number for 2015, never a guessed one
    assert all(c["first"] is None for c in change_2015_2016["counts"] if c not in both)


def test_a_year_lists_its_counts_and_the_documents_it_rests_on(bundled: Source):
    summary = year_summary(bundled, 2015)
    statuses = {c["status"]: c["count"] for c in summary["counts"] if c["counted_for"] == KS}
    assert statuses == {s: numbers[0] for s, numbers in ASSIGNMENTS.items()}
    documents = {d["document"]: d for d in summary["documents"]}
    assert documents[ID + "doc-000"]["reports_the_year"]  # the 2015 press release
    # the 2015 numbers are quoted from the 2016 follow-up, which reports 2016
    assert documents[ID + "doc-004"]["report_year"] == 2016
    assert not documents[ID + "doc-004"]["reports_the_year"]


def test_what_started_and_ended_is_said_only_where_the_sources_say_it(change_2015_2016):
    found = change_2015_2016["collaborations"]
    started = {c["iri"].rsplit("/", 1)[-1]: c["year"] for c in found["only_second"]
               if c["known"] == "started"}  # fmt: skip
    assert started == {"proj-fritidsbank": 2016, "proj-yalla-sofielund": 2016}
    ended = {c["iri"].rsplit("/", 1)[-1]: c["year"] for c in found["only_first"]
             if c["known"] == "ended"}  # fmt: skip
    assert ended == {"proj-omradesprogrammet-for-ett-socialt-hallbart-malmo": 2015}
    first_reported = [c for c in found["only_second"] if c["known"] == "first_reported"]
    assert len(first_reported) > 80
    assert all(c["year"] == 2016 for c in first_reported)
    # reported in 2012 and 2016, not in 2015: not "first reported" in 2016
    again = {c["iri"].rsplit("/", 1)[-1] for c in found["only_second"]
             if c["known"] == "not_in_first"}  # fmt: skip
    assert again == {
        "mp-allaktivitetshuset-pa-lindangeskolan",
        "proj-omradesprogram-holma-kroksback",
    }
    keys = {n["key"] for n in change_2015_2016["notes"]}
    assert {"year_meaning", "committees_not_described", "first_reported_note"} <= keys


def test_the_2012_area_programme_against_the_2016_follow_up(bundled: Source):
    change = compare_years(bundled, 2016, 2012)  # either order
    assert (change["first"]["year"], change["second"]["year"]) == (2012, 2016)
    found = change["collaborations"]
    gone = {c["iri"].rsplit("/", 1)[-1]: c for c in found["only_first"]}
    assert gone["proj-omradesprogrammet-for-ett-socialt-hallbart-malmo"]["known"] == "ended"
    assert gone["proj-omradesprogram-lindangen"]["known"] == "last_reported"
    assert {c["iri"].rsplit("/", 1)[-1] for c in found["both"]} == {
        "mp-allaktivitetshuset-pa-lindangeskolan",
        "proj-omradesprogram-holma-kroksback",
    }
    # doc-001 names no committee: most committees cannot be compared, and are named as such
    assert len(change["not_described"]["first"]) >= 15
    compared = {r["label"] for r in change["committees"] if r["described"] == "both"}
    assert compared and compared.isdisjoint(change["not_described"]["first"])
    fritid = next(r for r in change["committees"] if r["label"] == "Fritidsnämnden")
    assert {p["label"] for p in fritid["partners_lost"]} >= {"Malmö FC"}  # named in 2012 only
    assert {p["label"] for p in fritid["partners_gained"]} >= {"Skåneidrotten"}


@pytest.mark.parametrize(
    ("years", "first_reported", "last_reported"),
    [((2015, 2020), 5, 1), ((2012, 2020), 5, 28), ((2015, 2016), 91, 1), ((2012, 2016), 91, 28)],
)
def test_the_notes_count_what_is_first_or_last_reported_in_the_years_compared(
    bundled: Source, years: tuple[int, int], first_reported: int, last_reported: int
):
    """A collaboration reported in a year between the two compared is first (last)
    reported then, on its own line, and not counted as first (last) reported in the years
    compared: the continued work, reported in 2015 and 2016, is not last reported in 2015
    against 2020, nor the Holma-Kroksbäck programme (2012 and 2016) in 2012."""
    change = compare_years(bundled, *years)
    first, second = years
    notes = {n["key"]: n["values"]["n"] for n in change["notes"] if "n" in n["values"]}
    assert notes["first_reported_note"] == first_reported
    assert notes["last_reported_note"] == last_reported
    lines = change["collaborations"]
    assert notes["first_reported_note"] == sum(
        c["known"] == "first_reported" and c["year"] == second for c in lines["only_second"]
    )
    between = [
        c for c in lines["only_first"] if c["known"] == "last_reported" and c["year"] > first
    ]
    assert all(first < c["year"] < second for c in between)
    assert bool(between) == (second == 2020)


def test_a_comparison_is_the_same_from_a_years_view(bundled: Source):
    """``kg report --year Y --compare A B``: the comparison reads the years across the whole
    data, not the view's (whose kg:reportedIn is Y alone)."""
    for year, (first, second) in ((2016, (2015, 2016)), (2012, (2012, 2020))):
        assert compare_years(bundled.at(year), first, second) == compare_years(
            bundled, first, second
        )


def test_kg_report_compare_writes_the_section(bundled_report):
    folder, result = bundled_report("--lang", "en", "--compare", "2015", "2016")
    assert "16" in result.output and "27" in result.output  # the counts in the terminal
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    counts = {c["status"]: (c["first"], c["second"]) for c in data["compare"]["counts"]}
    assert {s: counts[s] for s in ASSIGNMENTS} == ASSIGNMENTS
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert "## Change between 2015 and 2016" in text
    for status, label in (("green", "done"), ("yellow", "ongoing"), ("red", "not started")):
        before, after = ASSIGNMENTS[status]
        pattern = (
            rf"\| City Executive Board \(Kommunstyrelsen\) \| "
            rf"investigation assignment, {label} \({status}\) \| "
        )
        assert re.search(pattern + rf"{before} \| {after} \|", text), status
    assert "started 2016 (the source states it)" in text
    assert "first reported 2016" in text
    assert "### What the sources cannot tell" in text
    assert "not necessarily a year it ran" in text
    # "reported before 2015 as well (…)" lists the years before 2015 only
    earlier = re.findall(r"reported before 2015 as well \(([^)]*)\), not in 2015", text)
    assert earlier
    for years in earlier:
        assert all(int(y) < 2015 for y in years.split(", ")), years


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_report_of_every_year_says_its_years_and_how_to_compare_two(bundled_report, lang):
    """A report of all years together says which years its sources report on and gives the
    commands for one year and for two compared (the two follow-ups, 2012 and 2016: their
    documents describe the most committees); a year's report and a comparison do not."""
    folder, _ = bundled_report("--lang", lang)
    text = (folder / "report.md").read_text(encoding="utf-8")
    said = {
        "en": "The sources report on the years 2012, 2014, 2015, 2016 and 2020",
        "sv": "Källorna redovisar åren 2012, 2014, 2015, 2016 och 2020",
    }
    assert said[lang] in text
    command = re.search(r"kg report (--lang sv )?--compare (\d{4}) (\d{4})", text)
    assert command and command.groups()[1:] == ("2012", "2016"), command
    assert re.search(r"kg report (--lang sv )?--year 2016 ", text)
    for other in (
        ("--year", "2012", "--lang", "en"),
        ("--lang", "en", "--compare", "2015", "2016"),
    ):
        folder, _ = bundled_report(*other)  # the options as the tests above give them
        assert "--compare 2012" not in (folder / "report.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_kg_report_year_writes_the_years_section(tmp_path: Path):
    result = runner.invoke(app, ["report", "--year", "2015", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["year"]["year"] == 2015
    assert data["summary"]["collaborations"] == data["year"]["collaborations"] == 3
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## The year 2015" in text
    row = "| City Executive Board (Kommunstyrelsen) | investigation assignment, done (green) | 16 |"
    assert row in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_years_report_counts_the_committees_no_source_describes_once(bundled_report, lang):
    """2012's sources describe 3 committees: the other 17 are absent from them, in the year
    section, the findings, the data section and the gaps alike, never "no partner named"."""
    folder, _ = bundled_report("--year", "2012", "--lang", lang)
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    statuses = [row["status"] for row in data["gaps"]]
    absent = {row["committee"] for row in data["gaps"] if row["status"] == "absent"}
    assert len(absent) == 17 and len(statuses) == 20
    assert {r["committee"] for r in data["findings"]["absent"]} == absent
    assert data["summary"]["committees_absent"] == 17
    assert [r["committee"] for r in data["findings"]["without_partners"]] == [
        row["committee"] for row in data["gaps"] if row["status"] == "no-partner"
    ]
    text = (folder / "report.md").read_text(encoding="utf-8")
    said = {
        "en": ("**17** of 20 committees are described by none of the sources", "17 described by"),
        "sv": ("**17** av 20 nämnder beskrivs inte i någon av källorna", "17 beskrivs inte"),
    }[lang]
    assert said[0] in text and said[1] in text
    appendix = {
        "en": "None of the sources of 2012 describes this committee.",
        "sv": "Ingen av källorna för 2012",
    }
    assert appendix[lang] in text  # not "no partner and no work": they are not described
    assert "no partner named in the sources" not in text and "ingen partner namngiven i" not in text
    # the groups committees lack are counted over the 3 the sources describe, not all 20
    assert data["findings"]["described"] == 3
    assert all(g["committees"] <= 3 for g in data["findings"]["lacking_groups"])
    described = {
        "en": "of the 3 committees they describe",
        "sv": "av de 3 nämnder som de beskriver",
    }
    assert described[lang] in text


@pytest.mark.slow
def test_the_lead_of_a_collaboration_starting_in_a_year_is_described_in_it(bundled_report):
    """No document reports 2017, but the Agenda 2030 effort starts then (its stated start):
    Kommunstyrelsen, its lead, is described in 2017 by the passage naming it as the party,
    with the effort as its work, not "absent from the sources"."""
    folder, _ = bundled_report("--year", "2017", "--lang", "en")
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    board = next(row for row in data["gaps"] if row["committee"] == KS)
    assert board["status"] == "no-partner"
    assert [w["iri"] for w in board["own_work"]] == [ID + "proj-implementering-av-agenda-2030"]
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert "1 of 20 committees described in the sources" in text


# sv: the same findings in the report's other catalog (slow: a whole report of its own)
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_year_no_source_describes_any_committee_in_claims_nothing_of_them(tmp_path, lang):
    """2010's only source is the area programme, which names no committee: no finding says
    every committee reaches every group, none is said to lack a group (the sources cannot tell)
    and so none gets suggestions."""
    result = runner.invoke(app, ["report", "--year", "2010", "--lang", lang, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["findings"]["described"] == 0
    assert data["suggestions"] == []
    assert all(row["missing_sectors"] == [] for row in data["gaps"])
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    reached = {"en": "Every committee has a partner", "sv": "Alla nämnder har partner"}[lang]
    described = {"en": "The sources describe this committee", "sv": "Källorna beskriver nämnden"}
    assert reached not in text and described[lang] not in text


@pytest.mark.parametrize(
    ("years", "message"),
    [(("2015", "2015"), "two different years"), (("2015", "2019"), "anything for 2019")],
)
def test_a_comparison_of_years_the_data_cannot_compare_is_refused(
    tmp_path, years, message, bundled
):
    result = runner.invoke(app, ["report", "--compare", *years, "-o", str(tmp_path / "r")])
    assert result.exit_code == EXIT_INPUT
    assert message in result.output
    assert not (tmp_path / "r").exists()
    with pytest.raises(KgError):
        compare_years(bundled, *(int(y) for y in years))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "'-o' is not a valid int; --compare takes two years, the earlier first, as in "
            "--compare 2015 2016",
        ),
        (
            "sv",
            "'-o' är inget heltal; --compare tar två år, det tidigare året först, till "
            "exempel --compare 2015 2016",
        ),
    ],
)
def test_one_year_given_to_compare_says_it_takes_two(tmp_path, lang, said):
    """``--compare 2016 -o r`` reads ``-o`` as the second year: the error says what
    ``--compare`` takes, not only that ``-o`` is no number; nothing is written."""
    args = ["report", "--lang", lang, "--compare", "2016", "-o", str(tmp_path / "r")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert said in " ".join(result.output.split()), result.output
    assert not (tmp_path / "r").exists()


# ---------------------------------------------------------------- two years of synthetic data


def test_two_report_years_are_seeded_and_leave_the_one_year_graph_as_it_was():
    one = "".join(synthetic_turtle(200, seed=3))
    two = "".join(synthetic_turtle(200, seed=3, years=(2015, 2016)))
    assert two == "".join(synthetic_turtle(200, seed=3, years=(2015, 2016)))
    assert "kg:reportYear" not in one and two.count("kg:reportYear") == 2
    # the same actors, collaborations and memberships, dated
    shape = re.compile(r"^:(?:[cax]\d+|k\d+|m\d+-\w+) a ", re.M)
    assert shape.findall(one) == shape.findall(two)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "two-years.ttl"
    return write_synthetic(path, 300, seed=11, years=(2015, 2016)).path


def _expected(path: Path) -> dict:
    """What the Turtle says, worked out without kg: each collaboration's and membership's
    years and each committee's partners per year."""
    graph = Graph().parse(path)
    year_of = {
        e: int(graph.value(graph.value(e, OA.hasSource), KG.reportYear))
        for e in graph.subjects(OA.hasSource, None)
    }

    def cited(node) -> set[int]:
        return {year_of[e] for e in graph.objects(node, PROV.wasDerivedFrom)}

    collabs = {}
    for collab in set(graph.subjects(KG.reportedBy, None)):
        start, end = graph.value(collab, KG.startYear), graph.value(collab, KG.endYear)
        stated = {int(y) for y in (start, end) if y is not None}
        collabs[collab] = {"years": stated or cited(collab), "start": start, "end": end}
    organisation = {}
    for unit, parent in graph.subject_objects(ORG.unitOf):
        organisation[unit] = parent
    parties: dict[int, dict] = {2015: defaultdict(set), 2016: defaultdict(set)}
    for membership in graph.subjects(ORG.organization, None):
        collab = graph.value(membership, ORG.organization)
        member = graph.value(membership, ORG.member)
        stated = collabs[collab]["start"] is not None or collabs[collab]["end"] is not None
        years = collabs[collab]["years"] if stated else cited(membership)
        for year in years & collabs[collab]["years"]:
            parties[year][collab].add(organisation.get(member, member))
    partners: dict[int, dict] = {2015: defaultdict(set), 2016: defaultdict(set)}
    for year, found in parties.items():
        for members in found.values():
            for a in members:
                partners[year][a] |= members - {a}
    return {"collaborations": collabs, "partners": partners}


@pytest.mark.slow
def test_compare_lists_what_changed_in_two_years_of_synthetic_data(synthetic: Path):
    expected = _expected(synthetic)
    source = Source(data=(synthetic,), bundled=False)
    assert source.years() == [2015, 2016]
    change = compare_years(source, 2015, 2016)
    collabs = expected["collaborations"]
    found = change["collaborations"]

    def iris(rows: list[dict]) -> set[str]:
        return {r["iri"] for r in rows}

    assert iris(found["only_first"]) == {str(c) for c, i in collabs.items() if i["years"] == {2015}}
    assert iris(found["only_second"]) == {
        str(c) for c, i in collabs.items() if i["years"] == {2016}
    }
    assert iris(found["both"]) == {str(c) for c, i in collabs.items() if len(i["years"]) == 2}
    assert found["only_first"] and found["only_second"] and found["both"]
    started = {r["iri"] for r in found["only_second"] if r["known"] == "started"}
    ended = {r["iri"] for r in found["only_first"] if r["known"] == "ended"}
    assert started == {str(c) for c, i in collabs.items() if i["start"] is not None}
    assert ended == {str(c) for c, i in collabs.items() if i["end"] is not None}
    assert started and ended
    rows = [r for r in change["committees"] if r["described"] == "both"]
    assert len(rows) == 20  # every synthetic committee is described in both follow-ups
    partners = expected["partners"]
    for row in rows:
        committee = SYN[row["committee"].rsplit("/", 1)[-1]]
        gained = {SYN[p["iri"].rsplit("/", 1)[-1]] for p in row["partners_gained"]}
        lost = {SYN[p["iri"].rsplit("/", 1)[-1]] for p in row["partners_lost"]}
        assert gained == partners[2016][committee] - partners[2015][committee], row["label"]
        assert lost == partners[2015][committee] - partners[2016][committee], row["label"]
    assert any(r["partners_gained"] or r["partners_lost"] for r in rows)


@pytest.mark.slow
def test_kg_report_compare_on_synthetic_data(synthetic: Path, tmp_path: Path):
    result = runner.invoke(
        app,
        ["report", "--no-bundled", "--data", str(synthetic), "--compare", "2015", "2016",
         "-o", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Reported in 2016, not in 2015" in text and "Reported in 2015, not in 2016" in text
    assert "Partners named in 2016, not in 2015" in text


@pytest.mark.parametrize(
    ("year", "lang"),
    [(2017, "en"), pytest.param(2016, "sv", marks=pytest.mark.slow)],  # 2017's covers it
)
def test_a_years_report_counts_and_lists_the_documents_of_its_sources_table(
    bundled_report, year, lang
):
    """A year's report rests on the documents its facts of the year are quoted from: its title
    line, "The data", the table of the year's sources and the list of sources at the end
    name the same documents, and say how many the data holds in all."""
    folder, _ = bundled_report("--year", str(year), "--lang", lang)
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    in_table = {row["document"] for row in report["year"]["documents"]}
    listed = [d["iri"] for d in report["documents"]]
    assert sorted(listed) == sorted(in_table)
    every = report["year"]["documents_in_data"]
    assert every == len(Source().facts().documents) > len(listed)
    table = markdown.split('<a id="year-sources"></a>', 1)[1].split("<a id=", 1)[0]
    assert len([r for r in table.splitlines() if r.startswith("| [")]) == len(listed)
    sources = markdown.rsplit("\n## ", 1)[1]
    assert len(re.findall(r'<a id="source-\d+"></a>', sources)) == len(listed)
    counted = {"en": "the one source document", "sv": f"de {len(listed)} källdokument"}[lang]
    scope = {"en": f"(of {every} in the data)", "sv": f"(av {every} i uppgifterna)"}[lang]
    made, data = markdown.splitlines()[4], next(x for x in markdown.splitlines() if "(100 " in x)
    for line in (made, data):
        assert f"{counted} " in line and scope in line and str(year) in line, line
