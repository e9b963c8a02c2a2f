"""A committee's suggestions as rows: the one table behind ``kg suggest -f csv`` and
``kg.frames(…)["suggestions"]``."""

from __future__ import annotations

from kg.analysis.links import partners_through

#: The columns of a committee's suggestions, in order (``kg.frames`` adds ``committee`` and
#: ``committee_label`` before them, as it holds every committee's).
COLUMNS = [
    "group",
    "label",
    "label_en",
    "type",
    "score",
    "score_parts",
    "reasons",
    "iri",
    "partners_through",
]


def suggestion_rows(result: dict) -> list[dict]:
    """A candidate per row of :func:`kg.analysis.suggest.suggest`'s ``result``, best first in
    each group, one value per cell (:data:`COLUMNS`; lists joined with "; "); a group with no
    candidate is one row, "—", whose ``reasons`` say why.

    >>> part = {"kind": "context", "points": 2.0, "reason": "Both work in Rosengård."}
    >>> found = {"groups": [{"sector": "civil", "note": "", "candidates": [{"iri": "x",
    ...     "label": "A", "label_en": "A", "type": "Association", "score": 2.0,
    ...     "parts": [part], "reasons": [part["reason"]]}]}]}
    >>> row = suggestion_rows(found)[0]
    >>> row["score_parts"], row["reasons"], row["partners_through"]
    ('context 2', 'Both work in Rosengård.', '')
    """
    rows = []
    for group in result["groups"]:
        for candidate in group["candidates"] or [{"label": "—", "reasons": [group["note"]]}]:
            parts = candidate.get("parts", [])
            rows.append(
                {
                    "group": group["sector"],
                    "label": candidate["label"],
                    "label_en": candidate.get("label_en"),
                    "type": candidate.get("type"),
                    "score": candidate.get("score"),
                    "score_parts": "; ".join(f"{p['kind']} {p['points']:g}" for p in parts),
                    "reasons": "; ".join(candidate.get("reasons", [])),
                    "iri": candidate.get("iri"),
                    "partners_through": partners_through(candidate),
                }
            )
    return rows
