"""The analysis commands' terminal tables speak as the report does: for the same rows, `kg gaps`,
`kg brokers`, `kg centrality`, `kg communities` and `kg suggest` show the names, types, groups,
numbers and headings of the report's tables, in English and in Swedish (--lang); JSON and CSV
stay machine data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from kg.analysis.pipeline import Analysis, analyse
from kg.cli import app
from kg.io.source import Source
from kg.model.sectors import vocabulary
from kg.report import document
from kg.report.build import build_report
from kg.report.compose import report_document
from kg.report.i18n import catalog

runner = CliRunner()
#: Wide enough that no cell wraps: a row of the table is one line.
WIDE = {"COLUMNS": "4000"}


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyse(Source().facts())


@pytest.fixture(scope="module")
def report(analysis: Analysis) -> dict:
    return build_report(analysis, triples=0)


def _section(report: dict, lang: str, name: str) -> document.Section:
    found = report_document(report, lang).sections
    return next(s for s in found if s.id == name)


def _report_table(report: dict, lang: str, name: str) -> tuple[list[str], list[list[str]]]:
    table = next(b for b in _section(report, lang, name).blocks if b.kind == "table")
    return [document.plain(h) for h in table.header], [
        [document.plain(c) for c in row] for row in table.rows
    ]


def _shown(*args: str) -> tuple[str, list[str], list[list[str]]]:
    """The command's table: its title, its header and its rows, a list of cells each."""
    result = runner.invoke(app, [*args, "-q"], env=WIDE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()

    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip()[1:-1].split(line.strip()[0])]

    header = [cells(line) for line in lines if line.startswith("┃")]
    rows = [cells(line) for line in lines if line.startswith("│")]
    return lines[0].strip(), header[0] if header else [], rows


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_kg_brokers_shows_the_reports_brokers_table(report: dict, lang: str):
    header, rows = _report_table(report, lang, "brokers")
    title, shown_header, shown = _shown("brokers", "--top", str(len(rows)), "--lang", lang)
    assert title == _section(report, lang, "brokers").title
    assert (shown_header, shown) == (header, rows)
    if lang == "en":  # the reviewer's words: the report's, never class names or short names
        assert "groups among partners" in header and "sectors_spanned" not in header
        words = {cell for row in shown for cell in row[1:3]}
        assert not {"OperationalUnit", "city", "agencies"} & words


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_kg_centrality_shows_the_reports_table_of_central_organisations(report: dict, lang: str):
    header, rows = _report_table(report, lang, "central")
    title, shown_header, shown = _shown("centrality", "--top", str(len(rows)), "--lang", lang)
    cat = catalog(lang)
    assert title == f"{cat('heading.central')} ({cat('central.degree')})"
    assert (shown_header, shown) == (header, rows)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_kg_communities_shows_the_reports_communities(report: dict, lang: str):
    section = _section(report, lang, "communities")
    bullets = next(b for b in section.blocks if b.kind == "bullets")
    expected = [[document.plain([name]), document.plain(rest)[3:]] for name, *rest in bullets.items]
    title, _, shown = _shown("communities", "--lang", lang)
    assert title.startswith(section.title + " (Louvain, ")
    assert shown == expected


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_kg_gaps_shows_the_reports_gaps_table(report: dict, lang: str):
    header, rows = _report_table(report, lang, "gaps")
    title, shown_header, shown = _shown("gaps", "--lang", lang)
    assert title == _section(report, lang, "gaps").title
    assert (shown_header, shown) == (header, rows)
    cat = catalog(lang)
    title, _, shown = _shown("gaps", "--sector", "academia", "--lang", lang)
    assert title == cat("heading.gaps_in", group=cat.group("academia"))
    lacking = [r for r in rows if cat.group("academia") in r[-1]]
    assert shown == lacking


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_kg_suggest_words_each_candidate_as_the_report_does(report: dict, lang: str):
    """Each row of `kg suggest` is the report's line for that candidate: its group, its name,
    its points and the parts of its score."""
    cat = catalog(lang)
    section = _section(report, lang, "suggestions")
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    heading = None
    for block in section.blocks:
        if block.kind == "heading":
            heading = block.id
        elif block.kind == "table" and heading:
            tables[heading] = (
                [document.plain(h) for h in block.header],
                [[document.plain(c) for c in row] for row in block.rows],
            )
    checked = 0
    for found in report["suggestions"]:
        if found["note"]:
            continue
        expected_header, expected = tables[document.anchor(found["committee"], "s")]
        title, header, shown = _shown("suggest", found["label"], "--lang", lang)
        assert (
            title == f"{cat('heading.suggestions')}: {cat.name(found['label'], found['label_en'])}"
        )
        assert header == expected_header and header[:3] == [
            cat("brokers.group"),
            cat("brokers.organisation"),
            cat("brokers.type"),
        ]
        assert shown == expected, found["label"]
        kinds = {cat.type(c["type"]) for g in found["groups"] for c in g["candidates"]}
        assert {row[2] for row in shown if row[1]} == kinds
        checked += 1
        if checked == 4:
            break
    assert checked


@pytest.mark.slow
def test_suggest_as_csv_names_groups_as_the_other_machine_data_does():
    """CSV is machine data: the group a suggestion is for is its short name, as in JSON,
    `kg gaps -f csv` and kg.frames' suggestions."""
    result = runner.invoke(app, ["suggest", "fritidsnämnden", "-f", "csv", "-q"])
    assert result.exit_code == 0, result.output
    groups = {row["group"] for row in csv.DictReader(io.StringIO(result.stdout))}
    found = json.loads(runner.invoke(app, ["suggest", "fritidsnämnden", "-f", "json"]).stdout)
    assert groups == {g["sector"] for g in found["groups"]}
    assert groups <= set(vocabulary().names)


@pytest.mark.slow
@pytest.mark.parametrize("command", ["brokers", "centrality", "communities", "gaps"])
def test_json_is_the_same_in_either_language(command: str):
    english = runner.invoke(app, [command, "-f", "json", "-q"])
    swedish = runner.invoke(app, [command, "-f", "json", "--lang", "sv", "-q"])
    assert english.exit_code == swedish.exit_code == 0, english.output + swedish.output
    assert json.loads(english.stdout) == json.loads(swedish.stdout)


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "none"), [("en", "none"), ("sv", "inga")])
def test_an_empty_table_and_a_note_name_what_they_are_about(lang: str, none: str):
    """An empty table says "none" in agreement with its plural title ("inga" in Swedish), and
    a committee with nothing to suggest is named beside the note (a prefix found it)."""
    empty = runner.invoke(
        app, ["centrality", "--type", "university", "--sector", "city", "--lang", lang]
    )
    assert empty.exit_code == 0 and empty.stdout.strip().endswith(f": {none}")
    note = runner.invoke(app, ["suggest", "förtroende", "--lang", lang])
    assert note.exit_code == 0
    assert "Förtroendenämnden" in note.stderr.split(":")[0]
