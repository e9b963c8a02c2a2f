"""Flatten rows of plain data into CSV text (lists joined with "; "), and CSV as Excel opens it."""

from __future__ import annotations

import csv
import io
import re


def flatten(value: object) -> str:
    """One CSV cell: lists joined with "; ", dicts as ``key=value``, None as empty.

    >>> flatten(["civil", "academia"]), flatten({"civil": 2}), flatten(None)
    ('civil; academia', 'civil=2', '')
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}={flatten(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(
            flatten(v.get("label", v.get("iri", v))) if isinstance(v, dict) else flatten(v)
            for v in value
        )
    return str(value)


def to_csv(rows: list[dict], columns: list[str], *, delimiter: str = ",") -> str:
    """Rows as CSV with a header of ``columns``; nested values flattened, a boolean as
    ``TRUE`` or ``FALSE``: the spelling R's ``read.csv`` and readr, pandas and an English
    Excel read as a logical (R's ``read.csv`` keeps ``True`` as text).

    >>> to_csv([{"iri": "a", "municipal": True}, {"iri": "b"}], ["iri", "municipal"])
    'iri,municipal\\na,TRUE\\nb,\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _csv_cell(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return flatten(value)


#: Excel's list separator and decimal sign, per language: what a double-click reads.
_EXCEL_DIALECT = {"en": (",", "."), "sv": (";", ",")}
_DECIMAL = re.compile(r"[-+]?\d+\.\d+(?:[eE][-+]?\d+)?")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")
#: What a spreadsheet reads as the start of a formula (OWASP's CSV injection list).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def for_excel(text: str, lang: str = "en") -> bytes:
    """CSV ``text`` (comma-separated) as Excel opens it on a double-click in ``lang``'s
    locale: UTF-8 with a byte-order mark (without it Excel shows "Ã¤" for "ä"), CRLF line
    ends, and for ``sv`` semicolons between fields and decimal commas ("0,35"), as Excel
    and LibreOffice with Swedish settings read them. Only whole decimal numbers change, and
    text that would run as a formula ("=HYPERLINK(…)" in a name) is kept as text.

    >>> for_excel("label,score\\nFörening,0.35\\n", "sv")
    b'\\xef\\xbb\\xbflabel;score\\r\\nF\\xc3\\xb6rening;0,35\\r\\n'
    """
    delimiter, point = _EXCEL_DIALECT.get(lang, _EXCEL_DIALECT["en"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([_excel_cell(c, point) for c in row])
    return "\ufeff".encode() + buffer.getvalue().encode()


def _excel_cell(cell: str, point: str) -> str:
    """A decimal number with the locale's decimal sign; text that a spreadsheet would run as
    a formula (=, +, -, @ first, or a tab or return) kept as text behind an apostrophe.

    >>> _excel_cell("0.5", ","), _excel_cell("+0.5", ","), _excel_cell("-2", ",")
    ('0,5', '+0,5', '-2')
    >>> _excel_cell("=HYPERLINK(1)", ",")
    "'=HYPERLINK(1)"
    """
    if _DECIMAL.fullmatch(cell):
        return cell.replace(".", point)
    if cell[:1] in _FORMULA and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
