"""Terms and values as a reader of each language reads them on kg serve's pages: the names of
the vocabularies' terms kg reuses (``terms.toml``) and a literal's value written the
language's way (ja/nej, a decimal comma, digits grouped, a date in words), the datatype in
words beside it and the stored form kept in its title."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path

from kg.model.vocab import XSD
from kg.numbers import written
from kg.web.wording import wording

_INTEGERS = ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "short")


@cache
def term_names() -> dict[str, dict[str, str]]:
    """The names of the terms of other vocabularies, by language, then prefixed name.

    >>> term_names()["sv"]["skos:prefLabel"], term_names()["en"]["org:member"]
    ('namn', 'member')
    """
    with (Path(__file__).parent / "terms.toml").open("rb") as file:
        return tomllib.load(file)


def term_name(prefixed: str, lang: str) -> str | None:
    """The name of the term ``prefixed`` (``dcterms:title``) in ``lang``; None for a term the
    table does not name.

    >>> term_name("dcterms:title", "sv"), term_name("kg:Committee", "sv")
    ('titel', None)
    """
    return term_names().get(lang, {}).get(prefixed)


def literal(node: dict, lang: str) -> dict:
    """A literal of a SPARQL JSON answer as a page shows it in ``lang``: ``text`` written the
    language's way, ``title`` its datatype in words and its stored form (None for text),
    ``note`` the prefixed datatype of a type the table does not name (shown beside the
    text), ``lang`` the literal's own language tag.

    >>> literal({"value": "true", "datatype": XSD + "boolean"}, "sv")["text"]
    'ja'
    >>> literal({"value": "12500", "datatype": XSD + "integer"}, "sv")["text"]
    '12\\u202f500'
    >>> literal({"value": "2.5", "datatype": XSD + "decimal"}, "sv")["text"]
    '2,5'
    >>> literal({"value": "1234567890.123456789", "datatype": XSD + "decimal"}, "en")["text"]
    '1,234,567,890.123456789'
    >>> literal({"value": "2015-12-07", "datatype": XSD + "date"}, "sv")["text"]
    '7 december 2015'
    >>> literal({"value": "2013-03", "datatype": XSD + "gYearMonth"}, "en")["title"]
    'month: "2013-03"^^xsd:gYearMonth'
    """
    value, datatype = node["value"], node.get("datatype") or ""
    kind = datatype[len(XSD) :] if datatype.startswith(XSD) else None
    text = _written(value, kind, lang) if kind else value
    shown_type = f"xsd:{kind}" if kind else f"<{datatype}>"
    if not datatype or kind == "string":
        return {"text": text, "note": None, "title": None, "lang": node.get("xml:lang")}
    stored = f'"{value}"^^{shown_type}'
    words = term_name(shown_type, lang)
    note = None if words else shown_type
    title = f"{words}: {stored}" if words else stored
    return {"text": text, "note": note, "title": title, "lang": node.get("xml:lang")}


def language(node: dict, lang: str) -> dict:
    """A ``dcterms:language`` literal (a language code) as a page shows it in ``lang``: the
    language's name (``sv`` is "svenska" on a Swedish page, "Swedish" on an English one),
    the code in its title; a code kg does not name as it is.

    >>> language({"value": "sv"}, "sv")["text"], language({"value": "EN"}, "sv")["text"]
    ('svenska', 'engelska')
    >>> language({"value": "fi"}, "en")["text"]
    'fi'
    """
    shown = literal(node, lang)
    name = wording(lang, "resource")["languages"].get(node["value"].lower())
    if name is None:
        return shown
    return {**shown, "text": name, "title": shown["title"] or f'"{node["value"]}"'}


def _written(value: str, kind: str, lang: str) -> str:
    """``value`` of the XSD datatype ``kind`` as ``lang`` writes it; as it is where it is not
    a well-formed value of its type."""
    if kind == "boolean" and value in ("true", "false", "1", "0"):
        return wording(lang, "resource")["yes_no"][value not in ("true", "1")]
    if kind in _INTEGERS and re.fullmatch(r"[+-]?\d+", value):
        return written(int(value), lang=lang)
    if kind in ("decimal", "double", "float") and re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", value):
        # the digits as stored, every one of them: a float keeps about 15
        digits = len(value.partition(".")[2])
        return written(Decimal(value), digits, lang)
    month = re.fullmatch(r"(\d{4})-(\d\d)(?:-(\d\d))?", value)
    if kind in ("date", "gYearMonth") and month and 1 <= int(month[2]) <= 12:
        year, day = month[1], month[3]
        name = wording(lang, "resource")["months"][int(month[2]) - 1]
        if kind == "gYearMonth":
            return f"{name} {year}"
        if day:
            return f"{int(day)} {name} {year}"
    return value
