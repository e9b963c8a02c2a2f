"""Read an .xlsx workbook's sheets as grids of cell text, as a person sees the cells.

Numbers that are whole become digits ("2016", not "2016.0"); a date cell becomes an ISO date,
or a month ("2022-05") or a year when its number format shows no day (Excel stores a typed
"2022-05" as the 1st of May shown as "May-22"). A cell kg cannot read, an Excel error value
(``#N/A``) or a formula whose result was never saved, becomes an empty :class:`Unreadable`
that names what to do; the table reader reports it with its row and column. So does a cell
that merged cells cover (all but the first of them): Excel shows the first cell's value across
them, but only the first cell holds it. A text cell's escapes (``_x000D_``, a carriage
return) are read as Excel reads them (:mod:`kg.io.spreadsheet.xstring`).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.io.spreadsheet.mistakes import Mistakes
from kg.io.spreadsheet.xstring import MAIN, shared_strings, unescaped

#: A formula element in a worksheet's XML, with or without a namespace prefix.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
#: What a number format writes without reading the date: quoted text, escaped characters,
#: [colours, locales, elapsed time], padding and AM/PM.
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].|am/pm|a/p')
#: A merged range in a worksheet's XML: ``<mergeCell ref="A2:A4"/>``.
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
#: Minutes, not months: an m right after hours or right before seconds.
_MINUTES = re.compile(r"(h+[^a-z]*)m+|m+([^a-z]*s)")


class Unreadable(str):
    """An empty cell value standing for a cell kg cannot read, with why and what to do.

    >>> cell = Unreadable("the cell holds the error #N/A", "type the value")
    >>> cell == "", bool(cell), cell.message
    (True, False, 'the cell holds the error #N/A')
    """

    message: str
    hint: str

    def __new__(cls, message: str, hint: str) -> Unreadable:
        """An empty string that carries ``message`` and ``hint``."""
        cell = super().__new__(cls, "")
        cell.message = message
        cell.hint = hint
        return cell


class SheetRows(list):
    """A sheet's rows of cell text, and whether the workbook hides the sheet (Excel shows no
    tab for it, so a mistake on it says how to show it)."""

    hidden: bool = False


def error_cell(value: object) -> Unreadable:
    """The mistake of a cell holding an Excel error value such as ``#N/A``."""
    return Unreadable(
        f"the cell holds the error {value}",
        "type the value (a formula or lookup that failed gives no data)",
    )


def uncached_formula() -> Unreadable:
    """The mistake of a formula cell whose result was never saved in the file."""
    return Unreadable(
        "the cell holds a formula whose result Excel never saved",
        "open and save the file in Excel or LibreOffice, or type the value",
    )


def merged_cell(first: str, cells: str) -> Unreadable:
    """The mistake of a cell that merged cells cover, whose value only their first cell holds."""
    return Unreadable(
        f"the cell is part of the merged cells {cells}, whose value only {first} holds",
        "unmerge the cells (Excel: Merge & Center; LibreOffice: Format, Merge and Unmerge "
        "Cells) and write the value in each row that needs it",
    )


def shown_parts(number_format: str) -> str:
    """The date parts a number format shows: 'y', 'm' and 'd', in that order, if shown.

    >>> shown_parts("mmm-yy"), shown_parts("yyyy"), shown_parts("yyyy-mm-dd h:mm")
    ('ym', 'y', 'ymd')
    >>> shown_parts('[$-41D]mmm/yy;@'), shown_parts('yyyy "d" h:mm')
    ('ym', 'y')
    """
    section = re.split(r";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", number_format, maxsplit=1)[0]
    letters = _MINUTES.sub(r"\1\2", _LITERALS.sub("", section.lower()))
    return "".join(part for part in "ymd" if part in letters)


def date_text(value: dt.date, number_format: str) -> str:
    """A date cell as text: a month or a year when its format shows no day, else ISO.

    >>> day = dt.datetime(2022, 5, 1)
    >>> date_text(day, "mmm-yy"), date_text(day, "yyyy"), date_text(day, "yyyy-mm-dd")
    ('2022-05', '2022', '2022-05-01')
    """
    shown = shown_parts(number_format)
    if "y" in shown and "d" not in shown:
        return f"{value.year:04d}-{value.month:02d}" if "m" in shown else f"{value.year:04d}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return value.isoformat()


def cell_text(value: object) -> str:
    """A cell's value as a person typed it: "" when empty, whole numbers without ".0".

    >>> cell_text(2016.0), cell_text(True), cell_text(None), cell_text(" a ")
    ('2016', 'yes', '', 'a')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return date_text(value, "yyyy-mm-dd")
    return str(value).strip()


def read_xlsx(path: Path, mistakes: Mistakes) -> Iterator[tuple[Path, str, list[list[str]]]]:
    """Each sheet of the workbook at ``path``: (path, sheet title, rows of cell text)."""
    try:
        book = _workbook(path)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        mistakes.add(f"{path}: cannot read the workbook ({error})", "save it again as .xlsx")
        return
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet in book.worksheets:
                data = _part(archive, getattr(sheet, "_worksheet_path", ""))
                grid = SheetRows(_unmerged(_grid(sheet, _uncached_formulas(data)), data))
                grid.hidden = getattr(sheet, "sheet_state", "visible") != "visible"
                yield path, sheet.title, grid
    finally:
        book.close()


def _workbook(path: Path) -> Any:
    """The workbook at ``path`` as openpyxl reads it in read-only mode with the formulas' saved
    values, but its shared strings as written (openpyxl deletes every ``x005F_`` in them,
    so that an escaped ``_x000D_`` could not be told from a carriage return)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    class Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                with self.archive.open(part.PartName[1:]) as source:
                    self.shared_strings = list(shared_strings(source))

    reader = Reader(path, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _grid(sheet: object, uncached: set[str]) -> list[list[str]]:
    """The sheet's rows of cell text; errors and ``uncached`` formulas are :class:`Unreadable`."""
    grid = []
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        values = []
        for cell in row:
            if cell.data_type == "e":
                values.append(error_cell(cell.value))
            elif cell.data_type == "d" and isinstance(cell.value, dt.date):
                values.append(date_text(cell.value, cell.number_format or ""))
            # the empty filler cells openpyxl adds have no coordinate ("C7")
            elif cell.value is None and uncached and getattr(cell, "coordinate", "") in uncached:
                values.append(uncached_formula())
            elif isinstance(cell.value, str):
                values.append(cell_text(unescaped(cell.value)))
            else:
                values.append(cell_text(cell.value))
        grid.append(values)
    return grid


def _part(archive: zipfile.ZipFile, part: str) -> bytes:
    """One worksheet's XML, b"" when the workbook does not hold it."""
    try:
        return archive.read(part.lstrip("/"))
    except (KeyError, OSError, zipfile.BadZipFile):
        return b""


def _unmerged(grid: list[list[str]], data: bytes) -> list[list[str]]:
    """``grid`` with the cells that merged cells cover (all but the first, when it holds a
    value) made :class:`Unreadable`, so that no row silently lacks the value it shows; in the
    sheet's own rows and columns (a merge down to Excel's last row adds none).

    >>> xml = b'<mergeCells><mergeCell ref="A1:A9"/><mergeCell ref="B1:B2"/></mergeCells>'
    >>> [[str(type(c).__name__) for c in row] for row in _unmerged([["x", ""], [], []], xml)]
    [['str', 'str'], ['Unreadable'], ['Unreadable']]
    """
    from openpyxl.utils import column_index_from_string

    width = max((len(row) for row in grid), default=0)
    for start, top, end, bottom in _MERGE.findall(data):
        first_column = column_index_from_string(start.decode()) - 1
        last_column = min(column_index_from_string(end.decode()), width) - 1
        first_row, last_row = int(top) - 1, min(int(bottom), len(grid)) - 1
        row = grid[first_row] if first_row < len(grid) else []
        if first_column >= len(row) or not row[first_column]:
            continue  # merged empty cells: nothing is shown, so nothing is lost
        first = f"{start.decode()}{int(top)}"
        cells = f"{first}:{end.decode()}{int(bottom)}"
        for index in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                if (index, column) == (first_row, first_column):
                    continue
                grid[index].extend([""] * (column + 1 - len(grid[index])))
                grid[index][column] = merged_cell(first, cells)
    return grid


def _uncached_formulas(data: bytes) -> set[str]:
    """The coordinates of the formula cells with no saved result in one worksheet's XML: the
    ``r`` of each ``<c>`` with an ``<f>`` and no ``<v>`` text.

    Only sheets that hold a formula are parsed; a formula whose saved result is the empty
    text (``t="str"``) has a result, so it is not one of them.

    >>> xml = (f'<worksheet xmlns="{MAIN[1:-1]}"><sheetData><row r="1">'
    ...        '<c r="A1"><f>B1*2</f><v/></c><c r="B1" t="str"><f>""</f><v></v></c>'
    ...        '<c r="C1"><f>B1</f><v>4</v></c></row></sheetData></worksheet>')
    >>> _uncached_formulas(xml.encode())
    {'A1'}
    """
    if not _FORMULA_TAG.search(data):
        return set()
    import io

    from openpyxl.xml.functions import iterparse

    found = set()
    for _, element in iterparse(io.BytesIO(data)):
        if element.tag == f"{MAIN}c":
            formula = element.find(f"{MAIN}f") is not None and element.get("t") != "str"
            if formula and not element.findtext(f"{MAIN}v") and element.get("r"):
                found.add(element.get("r"))
            element.clear()
        elif element.tag == f"{MAIN}row":
            element.clear()
    return found
