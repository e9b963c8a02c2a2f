"""Mistakes in a spreadsheet: each names its file, sheet, row and column and what to write."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path

from kg.errors import KgError, translated, word
from kg.io.given import web_address
from kg.numbers import written


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
    #: The message and the hint in Swedish, where the code has them (a shape's own
    #: sh:message@sv, a column's Swedish help); others are worded from kg's catalog
    message_sv: str = field(default="", compare=False)
    hint_sv: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str, rows: list[int] | None = None) -> str:
        """The one-line message in ``lang`` (``en`` or ``sv``); with ``rows``, the same
        mistake in each of those rows (of the same column).

        >>> Mistake("the page is missing", "write 4", sheet="belägg", row=3).text("sv")
        'blad belägg, rad 3: sidnumret saknas; write 4'
        >>> Mistake("the page is missing", sheet="parties", row=3).text("en", [3, 4, 5, 9])
        'sheet parties, rows 3–5 and 9: the page is missing'
        """
        parts = [str(self.file)] if self.file is not None else []
        row = self.row if rows is None or len(rows) < 2 else _rows(rows, lang)
        name_of_row = "row" if rows is None or len(rows) < 2 else "rows"
        for name, value in (("sheet", self.sheet), (name_of_row, row), ("column", self.column)):
            if value is not None:
                parts.append(f"{word(name, lang)} {value}")
        place = ", ".join(parts)
        message = self.message_sv if lang == "sv" and self.message_sv else self.message
        message = translated(message, lang)
        text = f"{place}: {message}" if place else message
        hint = self.hint_sv if lang == "sv" and self.hint_sv else translated(self.hint, lang)
        return f"{text}; {hint}" if hint else text


@dataclass
class Mistakes:
    """The mistakes found so far; reading and building go on after one, to find them all."""

    found: list[Mistake] = field(default_factory=list)
    #: The mistakes of ``found``, to tell a repeated one in constant time (a cascade from
    #: one wrong name can make tens of thousands)
    seen: set[Mistake] = field(default_factory=set, repr=False)
    #: The language of the spreadsheet's sheet and column names, once they are read (None
    #: before, or where none is): the mistakes are told in it unless another is asked for
    lang: str | None = None

    def add(
        self,
        message: str,
        hint: str = "",
        *,
        file: Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        message_sv: str = "",
        hint_sv: str = "",
    ) -> None:
        """Record one mistake (``message_sv``, ``hint_sv``: its Swedish, where the caller has
        it)."""
        mistake = Mistake(message, hint, file, sheet, row, column, message_sv, hint_sv)
        if mistake not in self.seen:
            self.seen.add(mistake)
            self.found.append(mistake)

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self, path: Path) -> None:
        """Raise :class:`SpreadsheetError` with every mistake (by file and row), if any."""
        if self.found:
            ordered = sorted(self.found, key=_order)
            raise SpreadsheetError(path, ordered, lang=self.lang)


def _order(mistake: Mistake) -> tuple:
    """Mistakes in the template's sheet order, then by row."""
    from kg.io.spreadsheet.columns import SHEETS, sheet_named

    sheet = sheet_named(mistake.sheet) if mistake.sheet else None
    index = SHEETS.index(sheet) if sheet is not None else -1
    return index, str(mistake.file or ""), mistake.row or 0


class SpreadsheetError(KgError):
    """A spreadsheet has mistakes; ``mistakes`` lists each, and nothing was written.

    ``lang`` is the spreadsheet's own language, in which ``kg import`` tells the mistakes
    unless ``--lang`` asks for another.
    """

    def __init__(self, path: Path, mistakes: list[Mistake], *, lang: str | None = None) -> None:
        self.mistakes, self.lang, self.where = mistakes, lang, path
        message, hint = self._worded("en")
        super().__init__(message, hint=hint)

    def __reduce__(self) -> tuple:  # pickle and copy make it again with its language
        return partial(SpreadsheetError, lang=self.lang), (self.where, self.mistakes)

    def worded(self, lang: str) -> tuple[str, str]:
        """The message, every mistake on its own line, and the hint, in ``lang``."""
        message, hint = self._worded(lang)
        return message, translated(hint, lang)

    def _worded(self, lang: str) -> tuple[str, str]:
        groups = _grouped(self.mistakes)
        lines = [f"  {m.text(lang, rows)}" for m, rows in groups[:SHOWN]]
        if len(groups) > SHOWN:
            rest = sum(len(rows) for _, rows in groups[SHOWN:])
            more = "mistake" if rest == 1 else "mistakes"
            lines.append(
                "  "
                + translated(
                    f"… and {rest:,} more {more}, not shown: fix those above (one cause often "
                    "makes many) and run kg import again",
                    lang,
                )
            )
        count = len(self.mistakes)
        words = "mistake" if count == 1 else "mistakes"
        where = web_address(self.where) or self.where  # "https://…", not pathlib's "https:/…"
        head = translated(f"{count:,} {words} in {where}; nothing was written", lang)
        hint = (
            "fix each cell named above and run kg import again"
            if all(m.row is not None for m in self.mistakes)
            else "fix what is named above and run kg import again"
        )
        return f"{head}:\n" + "\n".join(lines), hint


#: How many lines of mistakes a :class:`SpreadsheetError` shows; the rest are counted.
SHOWN = 200


def _grouped(mistakes: list[Mistake]) -> list[tuple[Mistake, list[int] | None]]:
    """The same mistake in several rows of one column (the same message and hint) as one
    line with its rows, where its first row would be; others alone."""
    groups: dict[tuple, tuple[Mistake, list[int]]] = {}
    alone: list[tuple[Mistake, list[int] | None]] = []
    for mistake in mistakes:
        if mistake.row is None:
            alone.append((mistake, None))
            continue
        key = (mistake.file, mistake.sheet, mistake.column, mistake.message, mistake.hint)
        if key in groups:
            groups[key][1].append(mistake.row)
        else:
            groups[key] = (mistake, [mistake.row])
            alone.append(groups[key])
    return alone


#: How many runs of rows one line of mistakes names; the others are counted.
ROW_RUNS = 20


def _rows(rows: list[int], lang: str) -> str:
    """Row numbers as few as they can be written: runs as ranges, the last after "and";
    past :data:`ROW_RUNS` runs, the rows of the rest counted.

    >>> _rows([2, 3, 4, 7, 9, 10], "sv")
    '2–4, 7 och 9–10'
    >>> _rows(list(range(2, 2002, 2)), "en")[-27:]
    '34, 36, 38, 40 and 980 more'
    """
    # the rows of a run stand as far from their places in the sorted list
    ordered = enumerate(sorted(set(rows)))
    runs = [[row for _, row in run] for _, run in groupby(ordered, lambda at: at[1] - at[0])]
    said = [f"{run[0]}–{run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs]
    if len(runs) > ROW_RUNS:
        rest = sum(len(run) for run in runs[ROW_RUNS:])
        more = f"{written(rest, lang=lang)} {word('more', lang)}"
        return f"{', '.join(said[:ROW_RUNS])} {word('and', lang)} {more}"
    return said[0] if len(said) == 1 else f"{', '.join(said[:-1])} {word('and', lang)} {said[-1]}"
