"""The municipality (or municipalities) a graph is about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kg.model.names import by_name
from kg.model.spoken import in_language

if TYPE_CHECKING:  # pragma: no cover
    from kg.model.facts import Facts


def municipalities(facts: Facts) -> list[dict]:
    """The municipalities the committees belong to: those whose own bodies the data counts
    as the city's (partner group ``city``), sorted by name; each with its ``iri``, ``label``
    and ``label_en``."""
    found = [
        {"iri": iri, "label": a["label"], "label_en": a["label_en"]}
        for iri, a in facts.actors.items()
        if a["type"] == "Municipality" and a["group"] == "city"
    ]
    return by_name(found)


def names_in(rows: Sequence[Mapping[str, str]], lang: str) -> list[str]:
    """The names of ``rows`` in ``lang`` (the English one where there is one, else the
    Swedish): of the :func:`municipalities`, as the report's title and the map's heading
    give them, and of the organisations :func:`kg.model.successors.lineage` gives.

    >>> names_in([{"label": "Malmö stad", "label_en": "City of Malmö"}], "sv")
    ['Malmö stad']
    >>> names_in([{"label": "Sociala nämnden", "label_en": ""}], "en")
    ['Sociala nämnden']
    """
    return [in_language(r["label"], r.get("label_en"), lang) for r in rows]
