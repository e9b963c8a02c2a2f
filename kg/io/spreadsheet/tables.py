"""Read a spreadsheet (XLSX, a folder of CSV files, or a ZIP of them) into rows of text cells.

Every cell becomes a stripped string ("" when empty); a workbook's cells are read as a person
typed them (see :mod:`kg.io.spreadsheet.xlsx`), and the cells it cannot read are mistakes.
Sheets and columns are matched to the template by name (see
:mod:`kg.io.spreadsheet.columns`); unknown ones are mistakes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import translated, word
from kg.io.files import unreadable
from kg.io.given import not_downloaded, web_address
from kg.io.spreadsheet.columns import IGNORED_SHEETS, SHEETS, Sheet, sheet_named, sheet_of_headers
from kg.io.spreadsheet.csvfiles import (
    csv_names,
    csv_sheet,
    download_name,
    no_csv_files,
    note_windows_1252,
    one_sheet_alone,
    read_csv,
    read_zip,
)
from kg.io.spreadsheet.mistakes import Mistakes
from kg.io.spreadsheet.vocab import closest, fold
from kg.io.spreadsheet.xlsx import Unreadable, read_xlsx


def column_letter(index: int) -> str:
    """Spreadsheet letters of a 0-based column index.

    >>> column_letter(0), column_letter(27)
    ('A', 'AB')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(eq=False)
class Row:
    """One row of a sheet: its number as the spreadsheet shows it and its cells by column key."""

    table: Table
    number: int
    cells: dict[str, str]

    def get(self, key: str) -> str:
        """The cell of column ``key``, "" when empty or absent."""
        return self.cells.get(key, "")

    def where(self, key: str | None = None) -> dict:
        """The place of this row (and column) for a mistake."""
        return self.table.where(self.number, key)


@dataclass
class Table:
    """One sheet as read: which template sheet it is, where it came from, and its rows."""

    sheet: Sheet
    file: Path
    name: str
    headers: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (letter, header)
    rows: list[Row] = field(default_factory=list)

    @property
    def lang(self) -> str:
        """The language the sheet is named in: sv when its name is the Swedish one."""
        return _named_in(self.sheet, self.name)

    def heading(self, key: str) -> str:
        """A column's heading as this sheet writes it, else in the sheet's language."""
        if key in self.headers:
            return self.headers[key][1]
        column = next((c for c in self.sheet.columns if c.key == key), None)
        return column.header(self.lang) if column else key

    def sheet_name(self, key: str) -> str:
        """Another sheet's name (``evidence``, ``documents``) in this sheet's language, as a
        mistake's hint names it."""
        return sheet_named(key).name(self.lang)  # type: ignore[union-attr]

    def column_name(self, sheet_key: str, key: str) -> str:
        """A column of another sheet, named in this sheet's language."""
        sheet = sheet_named(sheet_key)
        return next(c for c in sheet.columns if c.key == key).header(self.lang)  # type: ignore[union-attr]

    def where(self, number: int | None = None, key: str | None = None) -> dict:
        """The place of a cell for a mistake: file, sheet, row and column."""
        column = None
        if key is not None:
            letter, header = self.headers.get(key, ("", self.heading(key)))
            column = f"{letter} ({header})" if letter else f"({header})"
        return {"file": self.file, "sheet": self.name, "row": number, "column": column}


def workbook_lang(tables: Iterable[Table]) -> str:
    """A workbook's language: Swedish when most of its sheets have their Swedish names."""
    return _most([t.lang for t in tables])


def sheet_language(path: Path | str) -> str | None:
    """A spreadsheet's language as :func:`workbook_lang` finds it, from its sheets' names
    alone (no cell is read); None where no sheet of the template's can be read."""
    path = Path(path)
    try:
        if path.is_dir():
            names = [download_name(p) for p in path.iterdir() if p.suffix.lower() == ".csv"]
        elif path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                names = [download_name(Path(n)) for n in csv_names(archive)]
        elif path.suffix.lower() == ".csv":  # one sheet alone, which kg import names
            names = [name] if (name := csv_sheet(path)) else []
        else:
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True)
            names = list(book.sheetnames)
            book.close()
    except Exception:  # a spreadsheet kg import cannot read says so in its own words
        return None
    langs = [_named_in(sheet, n) for n in names if (sheet := sheet_named(n)) is not None]
    return _most(langs) if langs else None


def _named_in(sheet: Sheet, name: str) -> str:
    return "sv" if fold(name) == fold(sheet.sv) != fold(sheet.en) else "en"


def _most(langs: list[str]) -> str:
    return "sv" if langs.count("sv") > langs.count("en") else "en"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError as error:  # another user's sheet
        raise unreadable(error, path) from error


def read_tables(path: Path, mistakes: Mistakes) -> list[Table]:
    """The template sheets in ``path``: an .xlsx file, a folder of .csv files or a .zip of them."""
    address = web_address(path)
    if address is not None:
        mistakes.add(*not_downloaded(address, "file"))
        return []
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            mistakes.add(*no_csv_files(path))
        legacy: list[Path] = []  # files read as Windows-1252, noted at once
        raw = [(p, download_name(p), read_csv(_read(p), p, mistakes, legacy)) for p in files]
        note_windows_1252(legacy)
    elif path.suffix.lower() == ".zip" and path.is_file():
        raw = list(read_zip(path, mistakes))
    elif path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        raw = list(read_xlsx(path, mistakes))
    elif not path.exists():  # a name typed wrong (Ekby.xlsx, ekby.xls): the one there
        readable = (".xlsx", ".xlsm", ".zip", ".csv", "")  # these win over ekby.ttl
        found = sorted(
            path.parent.glob("[!~.]*"), key=lambda p: (p.suffix.lower() in readable, p.name)
        )
        there = {p.stem: p.name for p in found}
        near = closest(path.stem, list(there)) if there else None
        mistakes.add(
            f"{path}: no such file or folder",
            f"did you mean {path.parent / there[near]}?" if near else "check the path",
        )
        return []
    elif path.suffix.lower() == ".csv":
        one_sheet_alone(path, mistakes)
        return []
    else:
        mistakes.add(
            f"{path}: kg import reads .xlsx files, folders of .csv files and .zip files of them",
            "save the spreadsheet as .xlsx (Excel, LibreOffice: Save as) or as CSV files",
        )
        return []
    return _tables(raw, mistakes)


def _tables(raw: Iterable[tuple[Path, str, list[list[str]]]], mistakes: Mistakes) -> list[Table]:
    tables: dict[str, Table] = {}
    raw = list(raw)  # the sheets there, for one of another name that copies one of them:
    there = {s.key: n for _, n, _ in raw if (s := sheet_named(n)) is not None}
    for file, name, grid in raw:
        if fold(name) in IGNORED_SHEETS or name.lstrip().startswith("#"):
            continue  # instructions, or a sheet the city keeps for itself
        sheet = sheet_named(name)
        if sheet is None and not any(c or isinstance(c, Unreadable) for r in grid for c in r):
            continue  # an empty sheet of another name (Excel's Blad1) holds nothing to lose
        if sheet is None:
            hint = (
                "name each sheet (or CSV file) after the template: "
                "about, documents, actors, collaborations, parties, evidence, counts, areas, "
                "other (or om, dokument, aktörer, samverkan, parter, belägg, antal, områden, "
                "övrigt); delete or rename others, or start the name of a sheet of your own "
                "with #, and kg import skips it"
            )
            close = closest(name, [n for s in SHEETS for n in (s.en, s.sv)])
            fits = sheet_of_headers(next((r for r in grid if any(r)), []))
            copied = sheet_named(fits or "#")  # Excel's "aktörer (2)", or ekby.csv
            if copied is not None and copied.key in there and not getattr(grid, "hidden", 0):
                what = f"sheet '{name}' repeats sheet '{there[copied.key]}'"
                hint = (
                    "keep one sheet of each kind: delete the older, or start this one's name with #"
                )
                mistakes.add(what, hint, file=file, sheet=name)
                continue
            what = (
                f"unknown sheet '{name}' (did you mean '{close}'?)"
                if close
                else f"unknown sheet '{name}' (did you mean '{fits}'? It has that sheet's headers)"
                if fits
                else f"unknown sheet '{name}'"
            )
            if getattr(grid, "hidden", False):  # Excel shows no tab for it
                what = (
                    f"unknown sheet '{name}' (did you mean '{close}'?), a hidden sheet"
                    if close
                    else f"unknown sheet '{name}', a hidden sheet"
                )
                hint = (
                    "show it (Excel: right-click a sheet's tab, Unhide; LibreOffice: Sheet, "
                    f"Show Sheet), then {hint}"
                )
            mistakes.add(what, hint, file=file, sheet=name)
            continue
        if sheet.key in tables:
            mistakes.add(
                f"sheet '{name}' repeats sheet '{tables[sheet.key].name}'",
                "keep one sheet of each kind",
                file=file,
                sheet=name,
            )
            continue
        table = Table(sheet, file, name)
        tables[sheet.key] = table
        _fill(table, grid, mistakes)
    return list(tables.values())


def _fill(table: Table, grid: list[list[str]], mistakes: Mistakes) -> None:
    header_index = next((i for i, row in enumerate(grid) if any(row)), None)
    if header_index is None or _above_headers(table, grid, header_index, mistakes):
        return
    keys: list[str | None] = []
    unheaded: set[int] = set()  # columns without a header: a value there is a mistake
    for index, header in enumerate(grid[header_index]):
        if isinstance(header, Unreadable):  # a header merged over this column too, or #N/A
            _unreadable_header(table, header_index + 1, index, header, mistakes)
        if not header:
            keys.append(None)
            unheaded.add(index)
            continue
        if header.lstrip().startswith("#"):  # a column the city keeps for itself
            keys.append(None)
            continue
        column = table.sheet.column(header)
        letter = column_letter(index)
        place = {**table.where(header_index + 1), "column": letter}
        if column is not None and column.key in table.headers:
            first, named = table.headers[column.key]  # both say what column.key is
            what = f"column '{header}' repeats column {first} ('{named}')"
            mistakes.add(what, "keep one column of each kind", **place)
            keys.append(None)
            continue
        if column is None:
            close = closest(header, [n for c in table.sheet.columns for n in (c.en, c.sv)])
            what = (
                f"unknown column '{header}' (did you mean '{close}'?)"
                if close
                else f"unknown column '{header}'"
            )
            hint, hint_sv = _columns_hint(table.sheet)
            mistakes.add(what, hint, **place, hint_sv=hint_sv)
            keys.append(None)
            continue
        keys.append(column.key)
        table.headers[column.key] = (letter, header)
    for column in table.sheet.columns:
        if column.required and column.key not in table.headers:
            mistakes.add(
                f"the sheet has no column '{column.header('en')}' ('{column.header('sv')}')",
                f"add it to the header row: {column.help}",
                **table.where(header_index + 1),
                hint_sv=f"{word('add it to the header row', 'sv')}: {column.help_sv}",
            )
    for offset, values in enumerate(grid[header_index + 1 :], start=header_index + 2):
        cells = {k: v for k, v in zip(keys, values, strict=False) if k and v}
        for index, value in enumerate(values):
            if isinstance(value, Unreadable):
                _unreadable(table, offset, index, keys, value, mistakes)
            elif value and (index in unheaded or index >= len(keys)):
                _unheaded(table, offset, index, value, mistakes)
        if cells:
            table.rows.append(Row(table, offset, cells))


def _above_headers(table: Table, grid: list[list[str]], first: int, mistakes: Mistakes) -> bool:
    """True (after one mistake) when the first filled row names no column but a row a little
    below it does: a title above the headers, which would make every header unknown."""

    def known(row: list[str]) -> bool:
        return any(cell and table.sheet.column(cell) for cell in row)

    if known(grid[first]):
        return False
    below = next((i for i in range(first + 1, min(len(grid), first + 11)) if known(grid[i])), None)
    if below is None:
        return False
    title, headers = first + 1, below + 1
    mistakes.add(
        f"row {title} is above the headers in row {headers}: kg takes the first filled row "
        "for the headers",
        "delete the rows above the headers (a title or a note can go on a sheet named "
        "readme or läs mig, which kg import skips)",
        **table.where(title),
    )
    return True


def _columns_hint(sheet: Sheet) -> tuple[str, str]:
    """The sheet's columns, for an unknown one: in English, and in Swedish (the Swedish
    names first)."""
    said = {}
    for lang in ("en", "sv"):
        first, then = ("sv", "en") if lang == "sv" else ("en", "sv")
        names = ", ".join(
            a if a == b else f"{a} ({b})"
            for a, b in ((getattr(c, first), getattr(c, then)) for c in sheet.columns)
        )
        said[lang] = (
            f"the columns of sheet {sheet.en} ({sheet.sv}) are: {names}; start the header of "
            "a column of your own with #, and kg import skips it"
        )
    return said["en"], translated(said["sv"], "sv")


def _unheaded(table: Table, row: int, index: int, value: str, mistakes: Mistakes) -> None:
    """A value in a column without a header would be lost: a mistake, like an unknown header."""
    shown = value if len(value) <= 40 else value[:39] + "…"
    mistakes.add(
        f"the column has no header, so '{shown}' would be lost",
        "move the value into its column, give the column a header "
        f"({', '.join(c.header(table.lang) for c in table.sheet.columns)}), or delete it",
        **{**table.where(row), "column": column_letter(index)},
    )


def _unreadable_header(
    table: Table, row: int, index: int, cell: Unreadable, mistakes: Mistakes
) -> None:
    """A header kg cannot read: one merged cell over several columns (a wide heading) names
    only the first of them."""
    hint = (
        "unmerge the cells (Excel: Merge & Center; LibreOffice: Format, Merge and Unmerge "
        "Cells) and give each column a header of its own"
        if cell.message.startswith("the cell is part of the merged cells")
        else cell.hint
    )
    mistakes.add(cell.message, hint, **{**table.where(row), "column": column_letter(index)})


def _unreadable(
    table: Table, row: int, index: int, keys: list[str | None], cell: Unreadable, mistakes: Mistakes
) -> None:
    """A cell kg cannot read (an Excel error, a formula without its result): a mistake."""
    key = keys[index] if index < len(keys) else None
    place = table.where(row, key) if key else {**table.where(row), "column": column_letter(index)}
    mistakes.add(cell.message, cell.hint, **place)
