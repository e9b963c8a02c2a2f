"""The web pages' wording in each language kg writes: the map's (``wording.toml``: its
headings, filters, legend and side panel), the query page's (``query_wording.toml``) and the
resource and ontology pages' (``resource_wording.toml``);
names and types come from the data and the vocabulary."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from kg.errors import KgError

_FILES = {
    "map": "wording.toml",
    "query": "query_wording.toml",
    "resource": "resource_wording.toml",
}


@cache
def wording(lang: str, page: str = "map") -> dict:
    """The wording of ``page`` (``map``, ``query`` or ``resource``) in ``lang`` (``en`` or ``sv``);
    ``["page"]`` is what the page's script reads.

    >>> wording("sv")["reset"], wording("en")["page"]["evidence_heading"]
    ('Återställ', 'Evidence')
    >>> wording("sv", "query")["run"]
    'Kör'
    """
    with (Path(__file__).parent / _FILES[page]).open("rb") as file:
        languages = tomllib.load(file)
    if lang not in languages:
        raise KgError(f"no {page} language '{lang}'", hint="choose one of: " + ", ".join(languages))
    return languages[lang]


def in_quotes(text: object, lang: str) -> str:
    """``text`` within the quotation marks of ``lang`` (“…” in English, ”…” in Swedish), as the
    map, the report and kg serve's pages quote."""
    opening, closing = wording(lang)["page"]["quote_marks"]
    return f"{opening}{text}{closing}"
