"""The template's sheets and columns, read from ``files/columns.toml``.

A sheet (an XLSX sheet, or one CSV file named after it) and a column may be named in English
or Swedish; headers are matched ignoring case, spaces, brackets and the letters å, ä, ö, é
(``Namn (sv)``, ``namn_sv`` and ``NAMN SV`` are one column).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.io.spreadsheet.vocab import fold

COLUMNS_FILE = Path(__file__).resolve().parent / "files" / "columns.toml"


@dataclass(frozen=True)
class Column:
    """One column: its key, its header in each language, other accepted headers, and its
    help in English (``help``) and Swedish (``help_sv``)."""

    key: str
    en: str
    sv: str
    help: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help_sv: str = ""

    def header(self, lang: str) -> str:
        """The header a written template uses."""
        return self.sv if lang == "sv" else self.en

    def note(self, lang: str) -> str:
        """The note on the header of a workbook written in ``lang``: what the column holds.

        >>> sheet_named("samverkan").columns[0].note("sv")[:22]
        'Frivilligt: samverkans'
        """
        text = self.help_sv if lang == "sv" else self.help
        if self.required:
            text += " (obligatorisk)" if lang == "sv" else " (required)"
        return text

    def names(self) -> set[str]:
        """Every folded header this column accepts."""
        return {fold(n) for n in (self.key, self.en, self.sv, *self.aliases)}


@dataclass(frozen=True)
class Sheet:
    """One sheet of the template."""

    key: str
    en: str
    sv: str
    help: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        """The sheet's (or CSV file's) name in a written template."""
        return self.sv if lang == "sv" else self.en

    def names(self) -> set[str]:
        """Every folded name this sheet accepts."""
        return {fold(n) for n in (self.key, self.en, self.sv, *self.aliases)}

    def column(self, header: str) -> Column | None:
        """The column a header names, or None."""
        key = fold(header)
        return next((c for c in self.columns if key in c.names()), None)


def read_sheets(path: Path = COLUMNS_FILE) -> tuple[Sheet, ...]:
    """The sheets a columns file describes, in order."""
    sheets = []
    for sheet in tomllib.loads(path.read_text(encoding="utf-8"))["sheet"]:
        columns = tuple(
            Column(**column | {"aliases": tuple(column.get("aliases", ()))})
            for column in sheet.pop("column")
        )
        sheets.append(
            Sheet(**sheet | {"aliases": tuple(sheet.get("aliases", ()))}, columns=columns)
        )
    return tuple(sheets)


SHEETS: tuple[Sheet, ...] = read_sheets()

#: Sheets an importer skips: instructions for people.
IGNORED_SHEETS = {fold(n) for n in ("readme", "read me", "läs mig", "instructions", "help")}


def sheet_named(name: str) -> Sheet | None:
    """The sheet a sheet or CSV file name means, or None.

    >>> sheet_named("Aktörer").key
    'actors'
    """
    key = fold(name)
    return next((s for s in SHEETS if key in s.names()), None)


def sheet_of_headers(headers: list[str]) -> str | None:
    """The name of the one sheet every header of a row names a column of, in the language
    the headers are written in, or None: what a sheet named otherwise (Excel's Blad1, a CSV
    file named after the workbook) holds.

    >>> sheet_of_headers(["samverkan", "aktör", "roll"]), sheet_of_headers(["id", "citat"])
    ('parter', None)
    """
    named = [h for h in headers if isinstance(h, str) and h and not h.lstrip().startswith("#")]
    fits = [s for s in SHEETS if named and all(s.column(h) is not None for h in named)]
    if len(fits) != 1:
        return None
    sheet = fits[0]
    swedish = sum(fold(h) in {fold(c.sv) for c in sheet.columns} for h in named)
    english = sum(fold(h) in {fold(c.en) for c in sheet.columns} for h in named)
    return sheet.sv if swedish > english else sheet.en
