"""`kg report --committee`: one committee's brief tells the story `kg gaps -f json` and the
library's `committee-partners` tell (one definition on every surface), in words a chair reads
right: "the sources mention no partner", suggestions that are kg's, years a source reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model.sectors import vocabulary

runner = CliRunner()
#: a committee with partners, a second one, and one the sources describe with no partner named
COMMITTEES = {
    "fritidsnamnden": "Fritidsnämnden",
    "forskolenamnden": "förskolenämnden",
    "valnamnden": "Valnämnden",
}


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def gaps() -> dict:
    return {row["committee"]: row for row in json.loads(_run("gaps", "-f", "json"))}


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("briefs")
    for name in COMMITTEES.values():
        for lang in ("sv", "en"):
            _run("report", "--committee", name, "--lang", lang, "-o", str(folder / lang), "-q")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("stem", COMMITTEES)
def test_brief_numbers_are_kg_gaps(briefs: Path, gaps: dict, stem: str) -> None:
    brief = json.loads((briefs / "sv" / f"{stem}.json").read_text(encoding="utf-8"))
    row = brief["committee"]
    assert row == gaps[row["committee"]]  # the very row kg gaps -f json gives
    named = {p["iri"] for c in brief["collaborations"] for p in c["partners"]}
    assert len(named) == row["partners"]
    for group in vocabulary().names:
        in_group = {p["iri"] for p in row["partner_list"] if p["category"] == group}
        assert len(in_group) == row["by_sector"][group]


@pytest.mark.slow
@pytest.mark.parametrize("stem", COMMITTEES)
def test_brief_pairs_are_the_library_query(briefs: Path, stem: str) -> None:
    brief = json.loads((briefs / "sv" / f"{stem}.json").read_text(encoding="utf-8"))
    answer = json.loads(
        _run("query", "committee-partners", "-p", f"committee=id:{stem}", "-f", "json")
    )
    queried = {
        (b["partner"]["value"], b["collaboration"]["value"], b["group"]["value"])
        for b in answer["results"]["bindings"]
    }
    briefed = {
        (p["iri"], c["iri"], p["category"]) for c in brief["collaborations"] for p in c["partners"]
    }
    assert briefed == queried


@pytest.mark.slow
def test_brief_words_gaps_as_what_the_sources_name(briefs: Path) -> None:
    text = (briefs / "sv" / "fritidsnamnden.md").read_text(encoding="utf-8")
    assert (
        "Källorna nämner ingen partner till nämnden inom akademi, näringsliv och offentliga "
        "aktörer utanför kommunen." in text
    )
    assert "| Akademi | 0 ✕ | källorna nämner ingen partner |" in text
    assert "saknar partner inom" not in text  # the report's heading, which reads as a fact
    assert "inte rekommendationer från kommunen eller nämnden" in text
    assert "Källorna namnger inget idéburet offentligt partnerskap (IOP) för nämnden." in text
    assert "| **Kunskapsallians Mötesplats Otto" in text and "| kunskapsallians | 2016 |" in text
    assert "redovisar samverkan för, inte nödvändigtvis när den startade" in text
    # the passage, word for word, with its document and page
    assert "bildat en kunskapsallians som resulterat i Mötesplats Otto.” — [Malmö stad, " in text


@pytest.mark.slow
def test_quotes_are_marked_as_the_map_marks_them_in_each_language(briefs: Path, bundled_report):
    """A passage quoted word for word is within the marks of the page's language, the map's
    (“…” in English, ”…” in Swedish): in a brief's evidence and in the report's goal areas."""
    from kg.web.wording import wording

    passage = "bildat en kunskapsallians som resulterat i Mötesplats Otto."
    goal_area = "Jämställda platser framhålls med exempel"
    for lang in ("sv", "en"):
        opening, closing = wording(lang)["page"]["quote_marks"]
        brief = (briefs / lang / "fritidsnamnden.md").read_text(encoding="utf-8")
        line = next(line for line in brief.splitlines() if passage in line)
        assert line.startswith(f"- {opening}") and f"{passage}{closing} — [" in line
        report = (bundled_report("--lang", lang)[0] / "report.md").read_text("utf-8")
        cell = next(c for c in report.replace("\n", " | ").split(" | ") if goal_area in c)
        assert f": {opening}{goal_area}" in cell and cell.endswith(f"områden.{closing}")
    assert wording("en")["page"]["quote_marks"] != wording("sv")["page"]["quote_marks"]


def test_brief_of_a_committee_with_no_partner_named(briefs: Path) -> None:
    text = (briefs / "sv" / "valnamnden.md").read_text(encoding="utf-8")
    assert "Status i källorna: beskriven, ingen partner namngiven." in text
    assert "Källorna namnger ingen partner till nämnden." in text
    assert "Källorna beskriver nämnden utan någon samverkan" in text  # no guesses
    english = (briefs / "en" / "valnamnden.md").read_text(encoding="utf-8")
    assert "The sources name no partner of the committee." in english


def test_brief_html_prints_as_the_report(briefs: Path) -> None:
    page = (briefs / "en" / "fritidsnamnden.html").read_text(encoding="utf-8")
    assert "@media print" in page and "@bottom-right" in page
    assert 'class="contents"' not in page  # a short brief: no table of contents
    assert '<body class="brief">' in page  # its sources follow on, no page break before
    assert "These are kg&#39;s suggestions, computed from the data" in page
    assert '<dt id="g-score">' in page  # the score column's link has its definition


def test_brief_of_a_year_no_source_describes(tmp_path: Path) -> None:
    _run("report", "--committee", "valn", "--year", "2012", "--lang", "sv", "-o", str(tmp_path))
    text = (tmp_path / "valnamnden.md").read_text(encoding="utf-8")
    assert "Ingen av källorna för 2012 beskriver nämnden." in text
    assert "Bara det som källorna redovisar för 2012." in text


def test_brief_compare_is_the_report_comparison(tmp_path: Path, bundled_report) -> None:
    compared, _ = bundled_report("--lang", "en", "--compare", "2012", "2016")
    _run(
        "report",
        "--committee",
        "fritid",
        "--compare",
        "2012",
        "2016",
        "--lang",
        "sv",
        "-o",
        str(tmp_path / "brief"),
        "-q",
    )
    report = json.loads((compared / "report.json").read_text(encoding="utf-8"))
    brief = json.loads((tmp_path / "brief" / "fritidsnamnden.json").read_text(encoding="utf-8"))
    iri = brief["committee"]["committee"]
    row = [r for r in report["compare"]["committees"] if r["committee"] == iri]
    assert brief["compare"]["committees"] == row and row[0]["partners"] == [6, 5]
    text = (tmp_path / "brief" / "fritidsnamnden.md").read_text(encoding="utf-8")
    assert "## Förändring mellan 2012 och 2016" in text
    assert "Partner som namnges 2012 men inte 2016: C.O.L.I.B.R.I" in text
    assert "**Kunskapsallians Mötesplats Otto" in text and "**Try me** (projekt" in text
    assert "Tekniska nämnden (Technical Committee) | har partner" not in text  # its own only


@pytest.mark.slow
def test_brief_unknown_committee(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--committee", "nosuch", "-o", str(tmp_path / "b")])
    assert result.exit_code == 2
    assert "no committee is called 'nosuch'" in result.output


def test_report_suggestion_headings_say_what_the_sources_name(bundled_report) -> None:
    """The report's own "how to read this" asks for "the sources name no partner …", not
    "the committee lacks …": its suggestion headings say it so too."""
    text = (bundled_report("--lang", "sv")[0] / "report.md").read_text(encoding="utf-8")
    assert "### Fritidsnämnden (Leisure Committee) saknar partner inom" not in text
    assert (
        "### Fritidsnämnden (Leisure Committee) — källorna nämner ingen partner till den inom "
        "akademi, näringsliv och offentliga aktörer utanför kommunen." in text
    )


@pytest.mark.slow
def test_a_brief_of_an_actor_that_is_no_committee_says_what_briefs_are_for(tmp_path: Path):
    """The municipality named where a committee is wanted: the hint fits a brief as well as
    a suggestion, in the command's language."""
    result = runner.invoke(app, ["report", "--committee", "Malmö", "-o", str(tmp_path / "b")])
    assert result.exit_code == 2
    assert "'Malmö stad' is an actor, but not a committee" in result.output
    assert "suggestions and briefs are made for committees" in result.output
    swedish = runner.invoke(
        app, ["report", "--committee", "Malmö", "--lang", "sv", "-o", str(tmp_path / "s")]
    )
    assert "förslag och sammanfattningar görs för nämnder" in swedish.output


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Miljönämnden", "6 – A safe and accessible city (En trygg och tillgänglig stad): "
                         "Gender-equal places (Jämställda platser)."),
        ("Fritidsnämnden", "The sources link none of its collaborations to a goal area"),
    ],
)  # fmt: skip
def test_brief_goal_areas_are_the_library_query(tmp_path: Path, name: str, said: str) -> None:
    """The goal areas a brief names for the committee's collaborations are the rows of
    `collaborations-by-goal-area` that name the committee, and its text says them."""
    _run("report", "--committee", name, "-o", str(tmp_path), "-q")
    (data,) = tmp_path.glob("*.json")
    brief = json.loads(data.read_text("utf-8"))
    answer = json.loads(_run("query", "collaborations-by-goal-area", "-f", "json"))
    committee = brief["committee"]["committee"]
    queried = {
        (b["goalArea"]["value"], b["collaboration"]["value"])
        for b in answer["results"]["bindings"]
        if b.get("committee", {}).get("value") == committee
    }
    briefed = {(g["iri"], c["iri"]) for g in brief["goal_areas"] for c in g["collaborations"]}
    assert briefed == queried
    assert said in data.with_suffix(".md").read_text("utf-8")


def test_every_committee_s_brief_lists_the_collaborations_the_map_and_the_query_list(
    bundled_source, tmp_path: Path
):
    """One definition of a committee's collaborations on every surface: the brief lists those
    the map's panel and `collaborations-of-actor` list (a whole whose partners are named
    through its parts among them, said so), and its "through N collaborations" is the
    report's gaps table's count, a collaboration and its parts counted as one."""
    from kg.analysis.pipeline import analyse
    from kg.report.brief import committee_brief, write_brief
    from kg.report.build import build_report
    from kg.sparql.engine import run
    from kg.web.map import render_map

    analysis = analyse(bundled_source.facts())
    report = build_report(analysis, triples=bundled_source.triples())
    panels = {n["id"]: n for n in render_map(analysis).nodes}
    wholes = 0
    for row in report["gaps"]:
        iri = row["committee"]
        brief = committee_brief(report, analysis, iri)
        listed = {c["iri"] for c in brief["collaborations"]}
        assert listed == {c for c, _, _ in panels[iri]["collaborations"]}, iri
        answer = run(bundled_source, "collaborations-of-actor", {"actor": f"<{iri}>"})
        assert listed == {r["collaboration"].value for r in answer}, iri
        for c in brief["collaborations"]:
            if c["parts"]:
                wholes += 1
                assert not c["partners"] and {p["iri"] for p in c["parts"]} <= listed
    assert wholes == 3  # the all-activity houses: Fritids-, Grundskole- and Kulturnämnden
    fritid = next(r["committee"] for r in report["gaps"] if r["label"] == "Fritidsnämnden")
    for lang, words in [
        ("en", "through 3 collaborations (a collaboration and its parts counted as one)"),
        ("sv", "genom 3 samarbeten (ett samarbete och dess delar räknade som ett)"),
    ]:
        _, files = write_brief(analysis, tmp_path / lang, fritid, triples=1, lang=lang)
        written = next(f for f in files if f.suffix == ".md").read_text(encoding="utf-8")
        assert words in " ".join(written.split())


@pytest.mark.parametrize("lang", ["en", pytest.param("sv", marks=pytest.mark.slow)])  # en: both
def test_a_brief_lists_each_groups_partners_as_the_report_appendix(tmp_path: Path, gaps, lang):
    """A brief's partners of each group read in the order of the names the language shows
    (kg.model.names.in_language_order), as the report's appendix lists them."""
    from kg.model.names import in_language_order
    from kg.report.i18n import catalog

    cat = catalog(lang)
    row = gaps["https://w3id.org/kg-malmo/id/grundskolenamnden"]  # English sorts apart
    _run("report", "--committee", "Grundskolenämnden", "--lang", lang, "-o", str(tmp_path), "-q")
    text = (tmp_path / "grundskolenamnden.md").read_text(encoding="utf-8")
    compared = 0
    for group in vocabulary().names:
        ordered = in_language_order(row["partner_list"], lang)
        partners = [p for p in ordered if p["category"] == group]
        if len(partners) > 1:
            names = cat.join([cat.name(p["label"], p["label_en"]) for p in partners])
            assert f"| {names}" in text, group
            compared += 1
    assert compared


@pytest.mark.parametrize("lang", ["en", pytest.param("sv", marks=pytest.mark.slow)])  # en: both
def test_a_brief_words_a_gap_as_the_reports_gaps_table_does(
    briefs: Path, bundled_report, lang: str
) -> None:
    """A group a brief marks ✕ is worded as the report words a gap, from the same catalog
    entry: the brief said "no partner named in the sources" of it where the report says the
    sources mention no partner. The report's gaps table and the brief's table explain ✕ with
    one note, and the words of the brief's gap cells are the note's."""
    report = (bundled_report("--lang", lang)[0] / "report.md").read_text("utf-8")
    brief = (briefs / lang / "fritidsnamnden.md").read_text("utf-8")
    notes = [
        [line for line in text.splitlines() if line.startswith("✕: ")] for text in (report, brief)
    ]
    assert len(notes[0]) == 1 and notes[0] == notes[1], notes
    rows = [line.split(" | ") for line in brief.splitlines() if " ✕ | " in line]
    said = {row[2].removesuffix(" |") for row in rows}
    assert len(rows) == 3 and len(said) == 1, rows  # academia, business, public agencies
    assert said.pop() in notes[0][0].removeprefix("✕: "), (rows, notes)


@pytest.mark.parametrize(
    ("lang", "said", "gap_mark"),
    [
        (
            "sv",
            "**Källorna nämner ingen partner till nämnden inom ",
            "✕: källorna nämner ingen partner till nämnden i en grupp som den ska nå (en lucka)",
        ),
        (
            "en",
            "**The sources mention no partner of the committee in ",
            "✕: the sources mention no partner of the committee in a group it is to reach (a gap)",
        ),
    ],
)
def test_brief_words_a_gap_as_no_partner_mentioned_not_none_named(
    gaps: dict, tmp_path: Path, lang: str, said: str, gap_mark: str
) -> None:
    """A gap is a group in which the sources mention no partner, named or not. The Swedish
    brief said "Källorna namnger ingen partner till nämnden inom …" of the gaps alone, while its
    own table showed groups with none named but some unnamed (+), which are no gap (the
    report, kg gaps and the English say "nämner"/"mention")."""
    stem = next(
        row["committee"].rsplit("/", 1)[-1]
        for row in gaps.values()
        if row["missing_sectors"]
        and any(
            row["by_sector"][group] == 0 and group not in row["missing_sectors"]
            for group in row["unnamed_sectors"]
            if group in row["by_sector"]
        )
    )
    _run("report", "--committee", stem, "--lang", lang, "-o", str(tmp_path), "-q")
    text = (tmp_path / f"{stem}.md").read_text(encoding="utf-8")
    assert said in text, text[:2000]
    assert gap_mark in text


def _quotes(query: str, **params: str) -> dict[str, set[str]]:
    """A library query's quotes by the collaboration each row names."""
    args = [f"--param={k}={v}" for k, v in params.items()]
    answer = json.loads(_run("query", query, *args, "-f", "json", "-q"))["results"]["bindings"]
    found: dict[str, set[str]] = {}
    for b in answer:
        found.setdefault(b["collaboration"]["value"], set()).add(b["quote"]["value"])
    return found


@pytest.mark.parametrize(
    "name",
    [
        "Fritidsnämnden",  # the all-activity houses: the passage naming the partners; own work
        pytest.param("Servicenämnden", marks=pytest.mark.slow),  # the same code
    ],
)
def test_a_brief_cites_for_a_collaboration_the_passages_that_make_its_partners_parties(
    tmp_path: Path, gaps: dict, name: str
) -> None:
    """A brief's row of a collaboration with partners named cites the passages that make the
    committee and each partner parties of it (their memberships', as evidence-between-actors
    gives them), none other; one of the committee's own work those of its own memberships in
    it (collaborations-of-actor), so that no row cites a passage that names neither."""
    _run("report", "--committee", name, "--lang", "en", "-o", str(tmp_path), "-q")
    brief = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    committee = brief["committee"]["committee"]
    own = _quotes("collaborations-of-actor", actor=committee)
    between: dict[str, set[str]] = {}
    for partner in brief["committee"]["partner_list"]:
        found = _quotes("evidence-between-actors", actor_a=committee, actor_b=partner["iri"])
        for collaboration, quotes in found.items():
            between.setdefault(collaboration, set()).update(quotes)
    checked = 0
    for c in brief["collaborations"]:
        if c["unnamed"] or c["parts"]:  # its own passages too, or its parts'
            continue
        cited = {e["quote"] for e in c["evidence"]}
        assert cited == (between if c["partners"] else own).get(c["iri"], set()), c["label"]
        assert cited <= {e["quote"] for e in brief["evidence"]}, c["label"]  # quoted in full
        checked += 1
    assert checked
