"""The years of facts, as the rules derive them (``kg:reportedIn``, ontology/rules/00-years.rq),
read into plain numbers."""

from __future__ import annotations

from kg.model import vocab as v
from kg.model.triples import Lit, Term, Triples


def year_of(value: Term | None) -> int | None:
    """A year literal (xsd:gYear, "2016") as a number; None for anything else.

    >>> year_of(Lit("2016", datatype=v.XSD + "gYear")), year_of("https://example.org/x")
    (2016, None)
    """
    text = value.text.strip()[:4] if isinstance(value, Lit) else ""
    return int(text) if text.isdigit() else None


#: A start and an end: the year (``kg:startYear``), else a month or a date (``schema:startDate``).
_BOUNDS = {"start": (v.START_YEAR, v.START_DATE), "end": (v.END_YEAR, v.END_DATE)}


def stated_bound(triples: Triples, node: str, which: str) -> int | None:
    """The year a node states it starts or ends (``which``), whether the source gives a year
    (``kg:startYear``) or a month or a date (``schema:startDate``), as the years rule reads it."""
    year, date = _BOUNDS[which]
    return year_of(triples.value(node, year) or triples.value(node, date))


def years_of(triples: Triples, node: str) -> list[int]:
    """The years the rules say the sources report ``node`` in (kg:reportedIn), in order."""
    found = {year_of(y) for y in triples.objects(node, v.REPORTED_IN)}
    return sorted(y for y in found if y is not None)
