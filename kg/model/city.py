"""The municipality (or municipalities) a graph is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model.names import natural

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
    return sorted(found, key=lambda m: (natural(m["label"]), m["iri"]))
