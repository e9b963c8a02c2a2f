"""``kg query passages``: every quoted passage once, whole, with the facts it supports, as a
table a qualitative researcher imports (CSV, csv-excel) and filters."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.io.source import Source

runner = CliRunner()
SOURCES = Path(__file__).parent.parent / "data" / "sources"
EXACT = (
    "SELECT ?e ?q ?file WHERE { ?e <http://www.w3.org/ns/oa#hasSelector>/"
    "<http://www.w3.org/ns/oa#exact> ?q ; <http://www.w3.org/ns/oa#hasSource>/"
    "<https://w3id.org/kg-malmo/ontology#fileName> ?file }"
)


def _table(*args: str) -> list[dict[str, str]]:
    """The rows of ``kg query passages`` with these options, read as plain CSV."""
    result = runner.invoke(app, ["query", "passages", "-q", "--format", "csv", *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def passages() -> list[dict[str, str]]:
    return _table()


@pytest.fixture(scope="module")
def quotes(bundled_source: Source) -> dict[str, tuple[str, str]]:
    """Each excerpt's quote and its source file, read from the graph."""
    store = bundled_source.open()
    return {r["e"].value: (r["q"].value, r["file"].value) for r in store.query(EXACT)}


def _cells(value: str) -> list[str]:
    return value.split("; ") if value else []


@pytest.mark.slow
def test_every_passage_is_one_row_with_its_quote_word_for_word(passages, quotes):
    assert Counter(r["passage"] for r in passages) == Counter(quotes.keys())
    for row in passages:
        quote, file = quotes[row["passage"]]
        assert row["quote"] == quote
        text = (SOURCES / file).read_text(encoding="utf-8")
        assert re.sub(r"\s+", " ", quote) in re.sub(r"\s+", " ", text)
    # the facts a passage supports are all in its row: the Mötesplats Otto alliance, its six
    # parties and the five associations the passage names
    otto = next(r for r in passages if r["passage"].endswith("/ev-004-p21-motesplats-otto"))
    assert (otto["page"], otto["reportYear"], otto["facts"]) == ("21", "2016", "12")
    assert _cells(otto["kinds"]) == ["association", "knowledge alliance", "membership"]
    assert "Rädda Barnen" in _cells(otto["actors"])
    assert len(_cells(otto["actorIris"])) == 6
    assert otto["committees"] == "Fritidsnämnden"
    assert otto["committeeIris"] == "https://w3id.org/kg-malmo/id/fritidsnamnden"


def test_work_with_no_partner_named_is_there_with_its_committees(passages):
    """Page 17 names Hela familjen in four district committees, with no partner: evidence of
    work, not of a link, and still a passage with its committees and goal area."""
    row = next(r for r in passages if r["passage"].endswith("/ev-004-p17-hela-familjen"))
    assert len(_cells(row["committees"])) == 4
    assert row["goalAreas"] == "En stad för arbete och näringsliv"
    assert len(_cells(row["collaborationIris"])) == 4


@pytest.mark.slow
def test_the_spreadsheet_csv_keeps_the_quotes_whole_in_both_languages(passages):
    """csv-excel (a byte-order mark; semicolons in Swedish) gives the same quotes, å, ä, ö,
    ”…” and the one quote across a line break included."""
    plain = {r["passage"]: r["quote"] for r in passages}
    assert any("\n" in q for q in plain.values())
    for lang, delimiter in (("sv", ";"), ("en", ",")):
        result = runner.invoke(
            app, ["query", "passages", "-q", "--format", "csv-excel", "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("\ufeffpassage" + delimiter)
        rows = csv.DictReader(
            io.StringIO(result.stdout.removeprefix("\ufeff")), delimiter=delimiter
        )
        assert {r["passage"]: r["quote"] for r in rows} == plain


@pytest.mark.slow
@pytest.mark.parametrize(
    ("param", "column"),
    [
        ("committee=id:fritidsnamnden", "committeeIris"),
        ("committee=id:stadsomradesnamnd-vaster", "committeeIris"),
        ("goal_area=id:goal-area-2", "goalAreaIris"),
        ("document=id:doc-001", "source"),
        ("year=2016", "reportYear"),
    ],
)
def test_a_filter_keeps_exactly_the_passages_that_list_it(passages, param: str, column: str):
    value = param.split("=")[1]
    wanted = value.replace("id:", "https://w3id.org/kg-malmo/id/")
    kept = [r["passage"] for r in passages if wanted in _cells(r[column])]
    assert kept, f"no passage lists {wanted}"
    assert [r["passage"] for r in _table("-p", param)] == kept


@pytest.mark.slow
def test_a_document_has_as_many_passages_as_evidence_per_document_counts(passages):
    result = runner.invoke(app, ["query", "evidence-per-document", "-q", "--format", "csv"])
    assert result.exit_code == 0, result.output
    counted = {
        r["document"]: int(r["excerpts"]) for r in csv.DictReader(io.StringIO(result.stdout))
    }
    assert Counter(r["source"] for r in passages) == Counter(counted)


@pytest.mark.slow
def test_a_year_no_document_reports_gives_no_passage():
    assert _table("-p", "year=1999") == []
