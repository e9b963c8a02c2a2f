"""The languages kg speaks, and its one rule for any other: every function of the Python API
that takes a ``lang`` (``kg.label``, ``kg.render_map``, ``kg.export_spreadsheet``, a
violation's words) refuses a language kg has no words for, rather than answer in another."""

from __future__ import annotations

from collections.abc import Iterable

from kg.errors import KgError
from kg.model.triples import Lit, Term

#: The languages kg writes in: its reports, pages and messages, and the names it shows.
LANGUAGES = ("en", "sv")


def spoken(lang: str) -> str:
    """``lang`` where kg speaks it; else a :class:`~kg.errors.KgError` naming it and the
    languages kg speaks.

    >>> spoken("sv")
    'sv'
    >>> spoken("de")
    Traceback (most recent call last):
    kg.errors.KgError: unknown language 'de'
      hint: choose one of: en, sv
    """
    if lang not in LANGUAGES:
        raise KgError(f"unknown language '{lang}'", hint="choose one of: " + ", ".join(LANGUAGES))
    return lang


def in_language(label: str, label_en: str | None, lang: str) -> str:
    """A name as a sentence in ``lang`` gives it (the report's, a table's, report.json's
    English reasons), alone: in English the English name where there is one, else the
    Swedish; in Swedish the Swedish (:func:`kg.model.names.paired` gives both).

    >>> in_language("Rädda Barnen", "Save the Children", "en"), in_language("MKB", "", "en")
    ('Save the Children', 'MKB')
    >>> in_language("Rädda Barnen", "Save the Children", "sv")
    'Rädda Barnen'
    """
    return (label_en or label) if lang == "en" else label


def in_languages(values: Iterable[Term]) -> tuple[str, str]:
    """The English and the Swedish text of literals (notes, descriptions), each its values
    joined by a space; the English one also takes those in no or another language, and a
    language none has is "".

    >>> in_languages([Lit("Only the name.", "en"), Lit("Bara namnet.", "sv")])
    ('Only the name.', 'Bara namnet.')
    >>> in_languages([Lit("Untagged.")])
    ('Untagged.', '')
    """
    texts = sorted((x.text, x.lang or "") for x in values if isinstance(x, Lit))
    english = [t for t, lang in texts if lang == "en"] or [t for t, lang in texts if lang != "sv"]
    return " ".join(english), " ".join(t for t, lang in texts if lang == "sv")
