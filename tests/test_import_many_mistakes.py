"""A big city's workbook: a hidden sheet, many mistakes of a kind, the Turtle kg import writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.cities import swedish_workbook
from typer.testing import CliRunner

from kg.cli import app
from kg.io.spreadsheet import import_spreadsheet

SJOSTAD = Path(__file__).parent / "fixtures" / "sjostad"


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """Sjöstad's spreadsheet as a Swedish .xlsx workbook."""
    return swedish_workbook(tmp_path)


def import_(path: Path, tmp_path: Path, lang: str = "sv"):
    output = tmp_path / "out.ttl"
    sources = SJOSTAD / "sources"
    result = run("import", path, "-o", output, "--sources", sources, "--lang", lang)
    return result, output


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("sv", "okänt blad 'gamla parter', ett dolt blad; visa det (Excel: högerklicka"),
        # the same check, the message in the other catalog (slow: a variant of sv's)
        pytest.param(
            "en",
            "unknown sheet 'gamla parter', a hidden sheet; show it (Excel: right-click",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_a_hidden_sheet_kg_does_not_know_is_named_as_hidden(workbook, tmp_path, lang, said):
    """Excel shows no tab for a hidden sheet: the mistake says it is hidden and how to show
    it, or the officer looks for a sheet the workbook does not seem to have."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    old = book.create_sheet("gamla parter")
    old["A1"], old["A2"] = "samverkan", "Trygga stråket"
    old.sheet_state = "hidden"
    book.save(workbook)
    result, output = import_(workbook, tmp_path, lang)
    assert result.exit_code == 2 and not output.exists()
    assert said in result.output


def _many_parties(workbook: Path, names: list[str]) -> None:
    """Sheet parter with a row for each of ``names`` as the actor of Trygga stråket."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    parties = book["parter"]
    header = [c.value for c in parties[1]]
    first = [c.value for c in parties[2]]
    for name in names:
        row = list(first)
        row[header.index("aktör")] = name
        parties.append(row)
    book.save(workbook)


@pytest.mark.slow
def test_one_mistake_in_many_rows_is_one_line_naming_the_rows(workbook, tmp_path):
    """The same unknown actor in ten rows is one line with its rows, runs as ranges, and
    the hint once; the count at the top still counts each row."""
    _many_parties(workbook, ["Brandkåren"] * 10)
    result, _ = import_(workbook, tmp_path, "en")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if "'Brandkåren'" in line]
    assert len(lines) == 1, result.output
    found = re.search(
        r"sheet parter, rows (\d+)–(\d+), column B \(aktör\): unknown actor", lines[0]
    )
    assert found and int(found[2]) - int(found[1]) == 9, lines[0]
    assert lines[0].count("write the Swedish name") == 1
    assert "10 mistakes in" in result.output
    result, _ = import_(workbook, tmp_path, "sv")
    assert f", rader {found[1]}–{found[2]}, kolumn B (aktör): okänd aktör" in result.output


def test_a_mistake_in_every_other_row_names_twenty_runs_and_counts_the_rest(tmp_path):
    """One line per mistake stays a line: a wrong sector in every other row of 120 named
    each row (10,000 rows made a line of 64 KB); now twenty runs, the rest counted."""
    folder = tmp_path / "kalkylark"
    folder.mkdir()
    omby = Path(__file__).parent / "fixtures" / "omby"
    for path in (omby / "kalkylark").iterdir():
        (folder / path.name).write_text(path.read_text("utf-8"), "utf-8")
    with (folder / "aktörer.csv").open("a", encoding="utf-8") as actors:
        for n in range(120):
            sector = "kultur" if n % 2 == 0 else "idéburen"
            actors.write(f"Förening {n:03d};;förening;{sector};nej;;;upp-2016;Ombys Stadsmission\n")
    said = {}
    for lang in ("en", "sv"):
        result = run("import", folder, "-o", tmp_path / "out.ttl", "--lang", lang)
        assert result.exit_code == 2, result.output
        [said[lang]] = [line for line in result.output.splitlines() if "'kultur'" in line]
    assert ", rows 9, 11, 13," in said["en"] and ", 45, 47 and 40 more, column D" in said["en"]
    assert ", 45, 47 och 40 till, kolumn D" in said["sv"]
    rows = said["en"].replace(str(tmp_path), "").split("column")[0]  # the path may hold 49
    assert "49" not in rows


@pytest.mark.slow
def test_past_two_hundred_lines_the_rest_are_counted_not_shown(workbook, tmp_path):
    """A renamed sheet of actors makes a mistake of every party: the first 200 lines are
    shown and the rest counted; the API's error still holds every mistake."""
    from kg.io.spreadsheet import SpreadsheetError

    _many_parties(workbook, [f"Förening {n:04d}" for n in range(250)])
    result, _ = import_(workbook, tmp_path, "en")
    assert result.exit_code == 2
    assert "250 mistakes in" in result.output
    assert sum("unknown actor 'Förening" in line for line in result.output.splitlines()) == 200
    assert "… and 50 more mistakes, not shown: fix those above" in result.output
    result, _ = import_(workbook, tmp_path, "sv")
    assert "… och 50 fel till, som inte visas: rätta felen ovan (en orsak" in result.output
    with pytest.raises(SpreadsheetError) as raised:
        import_spreadsheet(workbook, sources=SJOSTAD / "sources")
    assert len(raised.value.mistakes) == 250


def test_did_you_mean_is_offered_for_the_first_two_hundred_unknown_names(workbook):
    """Each unknown name gets its closest names while there are few; past 200 (one cause,
    such as names changed alike on sheet actors) the hint says what to write without them,
    so the import does not spend minutes comparing every name with every other."""
    from kg.io.spreadsheet import SpreadsheetError

    _many_parties(workbook, [f"Sjöstads Idrottsallians {n}" for n in range(210)])
    with pytest.raises(SpreadsheetError) as raised:
        import_spreadsheet(workbook, sources=SJOSTAD / "sources")
    hints = [m.hint for m in raised.value.mistakes if m.message.startswith("unknown actor")]
    assert len(hints) == 210
    assert sum("did you mean 'Sjöstads Idrottsallians'" in h for h in hints) == 200
    assert all(h.startswith("write the Swedish name or the id") for h in hints[200:])
