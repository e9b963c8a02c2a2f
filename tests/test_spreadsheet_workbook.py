"""The workbook kg export writes, streamed row by row, is the one it wrote holding every cell:
the same sheets, headers, notes, drop-down lists, widths, styles and values."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.workbooks import read_only_rows, reference_workbook, seen
from rdflib import Graph

from kg.errors import KgError
from kg.io.spreadsheet import export_rows
from kg.io.spreadsheet.writer import write_spreadsheet

#: Cells a graph seldom gives: a text that looks like a formula, a number with a leading
#: zero, an empty quote (still wrapped), a year as a number.
_EDGES = {
    "other": [{"subject": "id:x", "property": "rdfs:comment", "value": '"=SUM(A1:A3)"'}],
    "evidence": [{"about": "id:x", "document": "d", "page": "007", "quote": ""}],
    "counts": [{"id": "c", "count": "12", "year": "2021", "quote": "=1+1"}],
}


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


def test_a_control_character_is_named_by_its_cell(tmp_path: Path):
    rows = {"actors": [{"name_sv": "A"}, {"name_sv": "B", "description": "x\x01y"}]}
    with pytest.raises(KgError, match=r"the actors sheet, cell [A-Z]+3: 'x\\x01y'"):
        write_spreadsheet(rows, tmp_path / "bad.xlsx")
    rows = {"evidence": [{"about": "A", "quote": "q\x02"}]}
    with pytest.raises(KgError, match=r"the evidence sheet, cell [A-Z]+2: 'q\\x02'"):
        write_spreadsheet(rows, tmp_path / "bad.xlsx")
    assert not (tmp_path / "bad.xlsx").exists()
