"""The map page's wording in each language kg writes (``wording.toml``): the page's own
headings, filters, legend and side panel; names and types come from the data and the
vocabulary."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from kg.errors import KgError


@cache
def wording(lang: str) -> dict:
    """The wording of ``lang`` (``en`` or ``sv``); ``["page"]`` is what the page's script reads.

    >>> wording("sv")["reset"], wording("en")["page"]["evidence_heading"]
    ('Återställ', 'Evidence')
    """
    with (Path(__file__).parent / "wording.toml").open("rb") as file:
        languages = tomllib.load(file)
    if lang not in languages:
        raise KgError(f"no map language '{lang}'", hint="choose one of: " + ", ".join(languages))
    return languages[lang]
