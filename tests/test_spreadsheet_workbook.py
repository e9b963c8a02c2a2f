"""The workbook kg export writes, streamed row by row, is the one it wrote holding every cell:
the same sheets, headers, notes, drop-down lists, widths, styles and values."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.workbooks import read_only_rows, reference_workbook, seen
from rdflib import Graph

from kg.errors import KgError, translated_error
from kg.io.spreadsheet import export_rows
from kg.io.spreadsheet.writer import write_spreadsheet

#: Cells a graph seldom gives: a text that looks like a formula, a number with a leading
#: zero, an empty quote (still wrapped), a year as a number.
_EDGES = {
    "other": [{"subject": "id:x", "property": "rdfs:comment", "value": '"=SUM(A1:A3)"'}],
    "evidence": [{"about": "id:x", "document": "d", "page": "007", "quote": ""}],
    "counts": [{"id": "c", "count": "12", "year": "2021", "quote": "=1+1"}],
}


# sv: the same writer, the other catalog's headers (slow: a variant of en's)
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_streamed_workbook_is_the_one_written_whole(
    bundled_graph: Graph, tmp_path: Path, lang: str
):
    rows = export_rows(bundled_graph, lang=lang).rows
    for key, extra in _EDGES.items():
        rows[key] = [*rows.get(key, []), *extra]
    streamed = write_spreadsheet(rows, tmp_path / "streamed.xlsx", "xlsx", lang)
    whole = reference_workbook(rows, lang, tmp_path / "whole.xlsx")
    got, expected = seen(streamed), seen(whole)
    assert got["order"] == expected["order"]
    assert sum(len(sheet["cells"]) for sheet in got.values() if isinstance(sheet, dict)) > 1000
    for title in expected["order"]:
        for part in ("range", "pane", "widths", "lists", "cells"):
            assert got[title][part] == expected[title][part], (title, part)
    assert read_only_rows(streamed) == read_only_rows(whole)


@pytest.mark.slow
def test_a_control_character_is_written_as_its_escape_in_every_sheet(tmp_path: Path):
    """A control character was refused, naming its cell; a workbook holds it as Excel writes
    it, "_x0001_", in any cell (a quote too)."""
    rows = {
        "actors": [{"name_sv": "A"}, {"name_sv": "B", "description": "x\x01y"}],
        "evidence": [{"about": "A", "quote": "q\x02"}],
    }
    written = read_only_rows(write_spreadsheet(rows, tmp_path / "controls.xlsx"))
    assert "x_x0001_y" in written["actors"][2] and "q_x0002_" in written["evidence"][1]


def test_a_cell_longer_than_a_workbook_holds_is_named_not_cut(tmp_path: Path):
    """openpyxl cuts a text past 32,767 characters without a word: the workbook would hold
    another label than the graph's. kg names the cell; CSV files take it whole."""
    long = "R" * 32_768
    rows = {"actors": [{"name_sv": "A"}, {"name_sv": long}]}
    with pytest.raises(KgError, match=r"the actors sheet, cell B3: 'R+'… is 32,768 characters"):
        write_spreadsheet(rows, tmp_path / "long.xlsx")
    assert not (tmp_path / "long.xlsx").exists()
    with pytest.raises(KgError) as refused:
        write_spreadsheet(rows, tmp_path / "long.xlsx", lang="sv")
    said = translated_error(str(refused.value), "sv")
    assert (
        "cell B3: 'R" in said and "'… har 32\u202f768 tecken, fler än de 32\u202f767 som en" in said
    )
    assert "tips: korta texten i uppgifterna, eller skriv CSV-filer" in said
    rows["actors"][1]["name_sv"] = long[:-1]  # the most a cell holds is written whole
    workbook = write_spreadsheet(rows, tmp_path / "long.xlsx")
    assert [len(row[1]) for row in read_only_rows(workbook)["actors"][1:]] == [1, 32_767]
    folder = write_spreadsheet({"actors": [{"name_sv": long}]}, tmp_path / "csv", "csv")
    assert long in (folder / "actors.csv").read_text("utf-8-sig")


@pytest.mark.slow
@pytest.mark.parametrize("page", ["²", "٣"])
def test_a_page_of_digits_other_than_0_to_9_stays_text(tmp_path: Path, page: str):
    """A page of "²" (a digit to str.isdigit, not to int) made kg export fail with an
    internal error, and "٣" was written as the number 3."""
    rows = {"evidence": [{"about": "A", "page": page, "quote": "q"}]}
    workbook = write_spreadsheet(rows, tmp_path / "page.xlsx")
    assert read_only_rows(workbook)["evidence"][1][:4] == ("A", None, None, page)


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "suffix"), [("xlsx", ".xlsx"), ("csv", ".zip")])
def test_the_same_rows_give_the_same_bytes_with_no_time_in_them(
    bundled_graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, suffix: str
):
    """A workbook and a zip of CSV files depend on the rows alone, as every other export: no
    entry is dated by the clock and docProps/core.xml keeps no creation or modification
    time (openpyxl stamps both with the moment it saves)."""
    import datetime
    import zipfile

    rows = export_rows(bundled_graph).rows
    first = write_spreadsheet(rows, tmp_path / f"one{suffix}", fmt).read_bytes()

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime(2031, 5, 17, 12, 30, tzinfo=tz)

    monkeypatch.setattr(datetime, "datetime", Later)  # openpyxl's stamp, a later day
    monkeypatch.setattr("time.time", lambda: 1_950_000_000.0)  # zipfile's dates
    assert write_spreadsheet(rows, tmp_path / f"two{suffix}", fmt).read_bytes() == first
    with zipfile.ZipFile(tmp_path / f"one{suffix}") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        if fmt == "xlsx":
            core = archive.read("docProps/core.xml")
            assert b"<dc:creator>" in core and b"dcterms:created" not in core
            assert b"dcterms:modified" not in core


def test_a_cell_its_escaped_returns_make_too_long_is_named_not_cut(tmp_path: Path):
    """A carriage return is written as the seven characters "_x000D_", a control character as
    "_x0001_", which count to the most openpyxl writes: a text of 32,000 characters with 200
    of them would be cut."""
    text = "R" * 15_900 + "\r\x01" * 100 + "R" * 15_900
    rows = {"actors": [{"name_sv": "A"}, {"name_sv": text}]}
    with pytest.raises(KgError) as refused:
        write_spreadsheet(rows, tmp_path / "long.xlsx", lang="sv")
    assert "cell B3: 'RRR" in str(refused.value)
    assert "is 33,200 characters long as a workbook writes it" in str(refused.value)
    said = translated_error(str(refused.value), "sv")
    assert (
        "blir 33\u202f200 tecken i arbetsboken, där en vagnretur (CR) skrivs som _x000D_ och "
        "ett styrtecken som _x0001_, fler än de 32\u202f767" in said
    )
    assert not (tmp_path / "long.xlsx").exists()
    rows["actors"][1]["name_sv"] = "R" * 15_900 + "\r" * 138 + "R" * 15_900  # 32,766 written
    workbook = write_spreadsheet(rows, tmp_path / "long.xlsx")
    written = read_only_rows(workbook)["actors"][2][1]  # openpyxl's: the escapes as written
    assert written == "R" * 15_900 + "_x000D_" * 138 + "R" * 15_900


def test_a_carriage_return_in_a_csv_cell_is_quoted(tmp_path: Path):
    """Python's csv quoted only the characters of its line ending ("\\n"), so a cell's bare
    carriage return was written unquoted, and kg import stopped on it with an internal error
    ("new-line character seen in unquoted field")."""
    import csv

    rows = {"actors": [{"name_sv": "A\rB", "description": "c\r\nd"}, {"name_sv": "E"}]}
    folder = write_spreadsheet(rows, tmp_path / "csv", "csv")
    with (folder / "actors.csv").open(encoding="utf-8-sig", newline="") as table:
        read = list(csv.DictReader(table))
    assert [(r["name (sv)"], r["description (en)"]) for r in read] == [
        ("A\rB", "c\r\nd"),
        ("E", ""),
    ]
    assert (folder / "actors.csv").read_bytes().count(b"\r") == 2  # the cells' own
