"""A big city's workbook: a hidden sheet, many mistakes of a kind, the Turtle kg import writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kg.cli import app
from kg.io.spreadsheet import export_spreadsheet, import_spreadsheet

SJOSTAD = Path(__file__).parent / "fixtures" / "sjostad"


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """Sjöstad's spreadsheet as a Swedish .xlsx workbook."""
    path = tmp_path / "sjostad.xlsx"
    export_spreadsheet(import_spreadsheet(SJOSTAD / "kalkylark"), path, lang="sv")
    return path


def import_(path: Path, tmp_path: Path, lang: str = "sv"):
    output = tmp_path / "out.ttl"
    sources = SJOSTAD / "sources"
    result = run("import", path, "-o", output, "--sources", sources, "--lang", lang)
    return result, output


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("sv", "okänt blad 'gamla parter', ett dolt blad; visa det (Excel: högerklicka"),
        ("en", "unknown sheet 'gamla parter', a hidden sheet; show it (Excel: right-click"),
    ],
)
def test_a_hidden_sheet_kg_does_not_know_is_named_as_hidden(workbook, tmp_path, lang, said):
    """Excel shows no tab for a hidden sheet: the mistake says it is hidden and how to show
    it, or the officer looks for a sheet the workbook does not seem to have."""
    book = load_workbook(workbook)
    old = book.create_sheet("gamla parter")
    old["A1"], old["A2"] = "samverkan", "Trygga stråket"
    old.sheet_state = "hidden"
    book.save(workbook)
    result, output = import_(workbook, tmp_path, lang)
    assert result.exit_code == 2 and not output.exists()
    assert said in result.output
