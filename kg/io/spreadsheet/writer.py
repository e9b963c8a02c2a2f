"""Write the template's sheets, filled or empty, as an XLSX workbook or as CSV files."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kg.errors import KgError, cannot_write
from kg.io.outputs import atomic
from kg.io.spreadsheet.columns import SHEETS, Sheet
from kg.io.spreadsheet.surrogates import refuse_in_rows
from kg.io.spreadsheet.vocab import (
    ACTOR_TYPES,
    AREA_TYPES,
    BASES,
    COLLABORATION_TYPES,
    ROLES,
    SECTORS,
)
from kg.io.spreadsheet.xstring import escaped
from kg.model.spoken import LANGUAGES

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.cell import Cell

#: Rows of each sheet: dicts from column key to cell text.
Rows = dict[str, list[dict[str, str]]]

#: The most characters a cell of a workbook holds (Excel's limit; openpyxl cuts a longer
#: text there without a word).
MAX_CELL = 32_767
#: Columns that hold numbers, written as numbers in a workbook.
_NUMBERS = {"page", "count", "year", "date", "reports_on"}
#: Columns with a drop-down list of their words in a workbook.
_CHOICES = {
    ("actors", "type"): ACTOR_TYPES,
    ("actors", "sector"): SECTORS,
    ("collaborations", "type"): COLLABORATION_TYPES,
    ("parties", "sector"): SECTORS,
    ("parties", "role"): ROLES,
    ("actors", "basis"): BASES,
    ("collaborations", "basis"): BASES,
    ("parties", "basis"): BASES,
    ("areas", "type"): AREA_TYPES,
}

_README = {
    "en": [
        "kg spreadsheet template",
        "One sheet per kind of fact. A header row names the columns (English or Swedish).",
        "Every actor, collaboration, party, count and area needs evidence: the document's id, "
        "the page (for paginated documents) and a verbatim quote.",
        "Names refer to rows of other sheets by their Swedish name (or id).",
        "Several values in one cell are separated by | (a vertical bar).",
        "Hover over a header for what its column holds. kg import checks everything and names "
        "each mistake by sheet, row and column.",
        "This sheet is ignored by kg import.",
    ],
    "sv": [
        "kg: mall för kalkylark",
        "Ett blad per slags uppgift. Rubrikraden namnger kolumnerna (på svenska eller engelska).",
        "Varje aktör, samverkan, part, antal och område behöver belägg: dokumentets id, sidan "
        "(för dokument med sidnummer) och ett ordagrant citat.",
        "Hänvisningar till rader på andra blad görs med det svenska namnet (eller id).",
        "Flera värden i en cell skiljs åt med | (lodstreck).",
        "Håll musen över en rubrik för att se vad kolumnen ska innehålla. kg import kontrollerar "
        "allt och anger varje fel med blad, rad och kolumn.",
        "Det här bladet läses inte av kg import.",
    ],
}


def write_spreadsheet(rows: Rows, path: Path, fmt: str = "xlsx", lang: str = "en") -> Path:
    """Write every sheet of the template with ``rows`` (missing sheets stay empty).

    ``fmt`` is ``xlsx`` (one workbook) or ``csv`` (a folder of CSV files, or a ``.zip`` of
    them when ``path`` ends so).
    """
    if lang not in LANGUAGES:
        raise KgError(f"unknown language '{lang}'", hint="write the template in en or sv")
    path = Path(path)
    check_name(path, fmt)
    refuse_in_rows(rows, lang)  # before any file is begun, never halfway
    # a workbook and a zip are made in memory and then written: a write that fails (the disk
    # full) leaves no half-made archive to fail again, noisily, when it is collected
    if fmt == "xlsx":
        # made inside atomic, which names the file in any error (write-only sheets write
        # temporary files as rows come)
        atomic(path, lambda stream: stream.write(timeless(_in_memory(_workbook(rows, lang).save))))
    elif fmt == "csv" and path.suffix.lower() == ".zip":
        atomic(path, lambda stream: stream.write(_in_memory(lambda s: _zip(rows, lang, s))))
    elif fmt == "csv":
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise cannot_write(path, error) from error
        for sheet in SHEETS:
            data = _csv(sheet, rows.get(sheet.key, []), lang).encode("utf-8-sig")
            atomic(path / f"{sheet.name(lang)}.csv", lambda stream, d=data: stream.write(d))
    else:
        raise KgError(f"unknown spreadsheet format '{fmt}'", hint="write xlsx or csv")
    return path


def check_name(path: Path, fmt: str) -> None:
    """Refuse to write a workbook (``fmt`` xlsx) to a name not ending in .xlsx (before any
    work is done for it)."""
    path = Path(path)
    if fmt == "xlsx" and path.suffix.lower() != ".xlsx":
        raise KgError(
            f"a workbook is written as an .xlsx file, not as {path.name}",
            path=path,
            hint="end the file's name in .xlsx, or write CSV files: a folder or a .zip (kg export "
            '--format csv-template; in Python fmt="csv")',
        )


def _csv(sheet: Sheet, rows: list[dict[str, str]], lang: str) -> str:
    """The sheet as CSV, each line ending in a newline. Python's csv quotes a field holding a
    character of its line ending, and no other line break, so the writer ends lines in
    "\\r\\n" (a carriage return in a cell is quoted) and each line's "\\r" is taken off."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for cells in [[c.header(lang) for c in sheet.columns]] + [
        [row.get(c.key, "") for c in sheet.columns] for row in rows
    ]:
        writer.writerow(cells)
        buffer.seek(buffer.tell() - 2)
        buffer.truncate()
        buffer.write("\n")
    return buffer.getvalue()


def _in_memory(write: Callable[[IO[bytes]], object]) -> bytes:
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


def _zip(rows: Rows, lang: str, stream: IO[bytes]) -> None:
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for sheet in SHEETS:
            data = _csv(sheet, rows.get(sheet.key, []), lang).encode("utf-8-sig")
            archive.writestr(_entry(f"{sheet.name(lang)}.csv"), data)


#: When a workbook was made: openpyxl's stamps in docProps/core.xml (kg's files depend on
#: the data alone, so the same data gives the same bytes, as every other export does)
_STAMPS = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
#: The zip entries' time: the earliest a zip can say (1980-01-01), for every entry
_NO_TIME = (1980, 1, 1, 0, 0, 0)


def timeless(archive: bytes) -> bytes:
    """The zip ``archive`` (a workbook) with no time in it: every entry dated
    :data:`_NO_TIME` and the creation and modification stamps left out of
    docProps/core.xml (both optional there), so that the same rows give the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as made,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written,
    ):
        for info in made.infolist():
            data = made.read(info)
            if info.filename == "docProps/core.xml":
                data = _STAMPS.sub(b"", data)
            written.writestr(_entry(info.filename), data)
    return out.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_NO_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _workbook(rows: Rows, lang: str) -> Workbook:
    """The workbook, streamed (openpyxl's write-only mode): each row is written as it is
    made, never held as a grid of cell objects."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _refuse_unwritable(rows, lang)  # before a sheet is begun, never halfway
    book = Workbook(write_only=True)
    readme = book.create_sheet("läs mig" if lang == "sv" else "read me")
    readme.column_dimensions["A"].width = 110
    _dimension(readme, 1, len(_README[lang]))
    first, *rest = _README[lang]
    readme.append([_cell(readme, first, font=Font(bold=True, size=14))])
    for line in rest:
        readme.append([line])
    for sheet in SHEETS:
        _sheet(book, sheet, rows.get(sheet.key, []), lang)
    return book


def _sheet(book: Workbook, sheet: Sheet, rows: list[dict[str, str]], lang: str) -> None:
    """One sheet: widths, frozen header, drop-down lists, the header with its notes, the rows."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    page = book.create_sheet(sheet.name(lang))
    keys = [column.key for column in sheet.columns]
    for index, key in enumerate(keys, start=1):  # widths and the pane: before any row
        width = 60 if key in ("quote", "description", "value") else 18
        page.column_dimensions[get_column_letter(index)].width = width
    page.freeze_panes = "A2"
    _dimension(page, len(keys), len(rows) + 1)
    for index, key in enumerate(keys, start=1):
        vocabulary = _CHOICES.get((sheet.key, key))
        if vocabulary is not None:
            words = ",".join(t.name(lang) for t in vocabulary.terms)
            check = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
            check.showErrorMessage = False  # other accepted words are still allowed
            letter = get_column_letter(index)
            check.add(f"{letter}2:{letter}5000")
            page.data_validations.append(check)
    bold = Font(bold=True)
    page.append(
        [
            _cell(page, column.header(lang), font=bold, note=Comment(column.note(lang), "kg"))
            for column in sheet.columns
        ]
    )
    numbers = [key in _NUMBERS for key in keys]
    wrap = Alignment(wrap_text=True)
    for row in rows:
        values: list[object] = []
        for key, numeric in zip(keys, numbers, strict=True):
            text = escaped(row.get(key, ""))  # a return, a control as Excel writes them
            if numeric and text.isascii() and text.isdigit() and not text.startswith("0"):
                values.append(int(text))
            elif key == "quote":  # wrapped, an empty one too (as it always was)
                values.append(_cell(page, text, alignment=wrap))
            elif text.startswith("="):  # text, never a formula
                values.append(_cell(page, text))
            else:
                values.append(text or None)
        page.append(values)


def _dimension(page: object, columns: int, rows: int) -> None:
    """The sheet's used range (``<dimension>``), as a workbook written whole states it: a
    write-only sheet leaves it out, and a reader in read-only mode pads rows by it."""
    from openpyxl.utils import get_column_letter

    used = f"A1:{get_column_letter(columns)}{rows}"
    page.calculate_dimension = lambda: used  # type: ignore[attr-defined]


def _cell(page: object, text: str, *, note: object = None, **style: object) -> Cell:
    """A cell of text with a style or a note (a value starting with '=' stays text)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(page, value=text or None)  # type: ignore[arg-type]
    for name, value in style.items():
        setattr(cell, name, value)
    if note is not None:
        cell.comment = note
    if text:
        cell.data_type = "s"
    return cell


def _refuse_unwritable(rows: Rows, lang: str) -> None:
    """Name the first cell a workbook cannot hold: one of more than :data:`MAX_CELL`
    characters as it is written (longer, openpyxl would cut it). A control character is
    written as its escape (:func:`~kg.io.spreadsheet.xstring.escaped`), never refused."""
    from openpyxl.utils import get_column_letter

    for sheet in SHEETS:
        keys = [column.key for column in sheet.columns]
        for number, row in enumerate(rows.get(sheet.key, []), start=2):
            whole = "".join(row.values())
            if len(whole) * 7 <= MAX_CELL or len(escaped(whole)) <= MAX_CELL:
                continue  # one look a row: the row's cells one by one only to name one
            for index, key in enumerate(keys, start=1):
                text = row.get(key, "")
                name, coordinate = sheet.name(lang), f"{get_column_letter(index)}{number}"
                if len(text) > MAX_CELL:
                    raise KgError(
                        f"the {name} sheet, cell {coordinate}: {text[:40]!r}… is {len(text):,} "
                        f"characters long, more than the {MAX_CELL:,} a cell of a workbook holds",
                        hint="shorten it in the data, or write CSV files: kg export --format "
                        "csv-template",
                    )
                if len(written := escaped(text)) > MAX_CELL:  # openpyxl would cut it
                    raise KgError(
                        f"the {name} sheet, cell {coordinate}: {text[:40]!r}… is "
                        f"{len(written):,} characters long as a workbook writes it (a carriage "
                        f"return as _x000D_, a control character as _x0001_), more than the "
                        f"{MAX_CELL:,} a cell of a workbook holds",
                        hint="shorten it in the data, or write CSV files: kg export --format "
                        "csv-template",
                    )
