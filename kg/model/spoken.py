"""The languages kg speaks, and its one rule for any other: every function of the Python API
that takes a ``lang`` (``kg.label``, ``kg.render_map``, ``kg.export_spreadsheet``, a
violation's words) refuses a language kg has no words for, rather than answer in another."""

from __future__ import annotations

from kg.errors import KgError

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
