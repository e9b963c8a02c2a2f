"""Turn cell text into RDF terms: IRI names, years, dates, yes/no, lists and Turtle terms."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import XSD, NamespaceManager
from rdflib.util import from_n3

from kg.io.literals import ill_typed_kept
from kg.io.spreadsheet.vocab import NO, YES
from kg.io.texts import normalise

_SLUG_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_UNPADDED = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_RANGE = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")
_LITERAL = re.compile(
    r'^(?:"(?:[^"\\]|\\.)*"|"""(?:[^\\]|\\.)*?""")(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^\S+)?$'
    r"|^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^(?:true|false)$",
    re.S,
)
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:([\w.-]*)$")

#: Separates several values in one cell.
SEPARATOR = "|"


def slug(text: str) -> str:
    """An IRI name from a Swedish name, as data/README.md says: lower-case ASCII and hyphens.

    >>> slug("Rädda Barnen"), slug("UMIS (Unga Möts i Sofielund)")
    ('radda-barnen', 'umis-unga-mots-i-sofielund')
    """
    return _NOT_SLUG.sub("-", normalise(text).lower().translate(_SLUG_FOLD)).strip("-")


def city_base(city: str) -> str:
    """The IRI namespace of a city's data: its name without 'kommun' or 'stad', as a slug.

    >>> city_base("Sjöstad kommun")
    'https://w3id.org/kg-malmo/id/sjostad/'
    """
    from kg.model.vocab import DATA_IRI

    name = re.sub(r"\s+(kommun|stad|municipality)$", "", city.strip(), flags=re.I)
    return f"{DATA_IRI}{slug(name) or 'city'}/"


def split(text: str) -> list[str]:
    """The values of a cell that may hold several, separated by |.

    >>> split("Rädda Barnen | UMIS |")
    ['Rädda Barnen', 'UMIS']
    """
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


def year(text: str) -> int | None:
    """A four-digit year, or None.

    >>> year("2016"), year("16"), year("2016-03-01")
    (2016, None, None)
    """
    return int(text) if _YEAR.match(text.strip()) else None


def year_range(text: str) -> tuple[int, int] | None:
    """A year (2016) or a range of years (2010-2015) as (first, last), or None.

    >>> year_range("2010-2015"), year_range("2016"), year_range("2016-2010")
    ((2010, 2015), (2016, 2016), None)
    """
    text = text.strip()
    if _YEAR.match(text):
        return int(text), int(text)
    match = _RANGE.match(text)
    if match and int(match.group(1)) <= int(match.group(2)):
        return int(match.group(1)), int(match.group(2))
    return None


def year_literal(value: int) -> Literal:
    """An ``xsd:gYear`` literal."""
    return Literal(f"{value:04d}", datatype=XSD.gYear)


def date_literal(text: str) -> Literal | None:
    """``xsd:gYear`` for a year, ``xsd:gYearMonth`` for a month (2022-05), ``xsd:date`` for a
    valid ISO date, else None.

    >>> date_literal("2017-03-05").datatype == XSD.date, date_literal("2017-13-05")
    (True, None)
    """
    text = text.strip()
    if _YEAR.match(text):
        return year_literal(int(text))
    if _MONTH.match(text):
        return Literal(text, datatype=XSD.gYearMonth)
    if _DATE.match(text):
        import datetime as dt

        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return None
        return Literal(text, datatype=XSD.date)
    return None


def padded_date(text: str) -> str | None:
    """The date (or month) a cell spells with one digit for a month or a day, written as
    ``date_literal`` takes it, or None.

    >>> padded_date("2016-1-5"), padded_date("2016-3"), padded_date("2016-2-30")
    ('2016-01-05', '2016-03', None)
    """
    match = _UNPADDED.match(text.strip())
    if match is None:
        return None
    year_, month, day = match.groups()
    padded = f"{year_}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    return padded if date_literal(padded) is not None else None


def boolean(text: str) -> bool | None:
    """yes/ja/true → True, no/nej/false → False, anything else → None."""
    key = text.strip().lower()
    return True if key in YES else False if key in NO else None


def whole_number(text: str) -> int | None:
    """A whole number of 0 or more, or None.

    >>> whole_number("21"), whole_number("2.5"), whole_number("-1")
    (21, None, None)
    """
    text = text.strip()
    return int(text) if text.isdigit() else None


def term(text: str, base: str, namespaces: NamespaceManager) -> URIRef | Literal | None:
    """A Turtle term as the sheet 'other' writes it, or None when it is not one.

    ``<IRI>``, ``prefix:name`` (a bound prefix), a literal (``"text"@sv``, ``"2016"^^xsd:gYear``,
    ``4``, ``true``), or a bare name: the id of a thing, under ``base``.
    """
    text = text.strip()
    if not text:
        return None
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if text.startswith('"') or text[0].isdigit() or text[0] in "+-" or text in ("true", "false"):
        if not _LITERAL.match(text):
            return None
        try:
            with ill_typed_kept():  # as written: "01" typed xsd:integer, or "yes" typed boolean
                value = from_n3(text, nsm=namespaces)
        except Exception:  # rdflib raises several kinds for a bad literal
            return None
        return value if isinstance(value, Literal) else None
    match = _PREFIXED.match(text)
    if match:
        namespace = dict(namespaces.namespaces()).get(match.group(1) or "")
        return URIRef(str(namespace) + match.group(2)) if namespace is not None else None
    if re.fullmatch(r"[\w.-]+", text):
        return URIRef(base + text)
    return None


def ref_text(iri: str, base: str) -> str:
    """An IRI as an id cell writes it: the name under ``base``, else ``<IRI>``.

    >>> ref_text("https://x.org/id/a", "https://x.org/id/"), ref_text("https://y.org/b", "x")
    ('a', '<https://y.org/b>')
    """
    rest = iri[len(base) :] if iri.startswith(base) else ""
    return rest if re.fullmatch(r"[\w.-]+", rest or "-/") else f"<{iri}>"


def iri_of_id(text: str, base: str) -> URIRef | None:
    """The IRI an id cell names: ``<IRI>``, an absolute IRI, or a name under ``base``."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^https?://", text):
        return URIRef(text)
    return URIRef(base + text) if re.fullmatch(r"[\w.-]+", text) else None
