"""Mistakes in a spreadsheet: each names its file, sheet, row and column and what to write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError


@dataclass(frozen=True)
class Mistake:
    """One mistake and where it is; ``str()`` gives the one-line message.

    >>> str(Mistake("unknown sector 'kultur'", "write public or civil", Path("a.xlsx"),
    ...             "actors", 7, "E (sector)"))
    "a.xlsx, sheet actors, row 7, column E (sector): unknown sector 'kultur'; write public or civil"
    """

    message: str
    hint: str = ""
    file: Path | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [str(self.file)] if self.file is not None else []
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        place = ", ".join(parts)
        text = f"{place}: {self.message}" if place else self.message
        return f"{text}; {self.hint}" if self.hint else text

    def to_dict(self) -> dict:
        """Plain data for JSON."""
        return {**self.__dict__, "file": str(self.file) if self.file else None}


@dataclass
class Mistakes:
    """The mistakes found so far; reading and building go on after one, to find them all."""

    found: list[Mistake] = field(default_factory=list)

    def add(
        self,
        message: str,
        hint: str = "",
        *,
        file: Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        """Record one mistake."""
        mistake = Mistake(message, hint, file, sheet, row, column)
        if mistake not in self.found:
            self.found.append(mistake)

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self, path: Path) -> None:
        """Raise :class:`SpreadsheetError` with every mistake (by file and row), if any."""
        if self.found:
            ordered = sorted(self.found, key=_order)
            raise SpreadsheetError(path, ordered)


def _order(mistake: Mistake) -> tuple:
    """Mistakes in the template's sheet order, then by row."""
    from kg.io.spreadsheet.columns import SHEETS, sheet_named

    sheet = sheet_named(mistake.sheet) if mistake.sheet else None
    index = SHEETS.index(sheet) if sheet is not None else -1
    return index, str(mistake.file or ""), mistake.row or 0


class SpreadsheetError(KgError):
    """A spreadsheet has mistakes; ``mistakes`` lists each, and nothing was written."""

    def __init__(self, path: Path, mistakes: list[Mistake]) -> None:
        self.mistakes = mistakes
        lines = "\n".join(f"  {m}" for m in mistakes)
        super().__init__(
            f"{len(mistakes)} {'mistake' if len(mistakes) == 1 else 'mistakes'} in {path}; "
            f"nothing was written:\n{lines}",
            hint="fix each cell named above and run kg import again"
            if any(m.sheet for m in mistakes)
            else "fix what is named above and run kg import again",
        )
