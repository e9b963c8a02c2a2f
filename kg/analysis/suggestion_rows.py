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
    "rank",
    "context",
    "partners",
    "similar",
]
#: The kinds of points a score is the sum of (:func:`kg.analysis.suggest.suggest`'s parts)
PARTS = ("context", "partners", "similar")


def suggestion_rows(result: dict) -> list[dict]:
    """A candidate per row of :func:`kg.analysis.suggest.suggest`'s ``result``, best first in
    each group, one value per cell (:data:`COLUMNS`; lists joined with "; "): its ``rank`` in
    its group and the points of each part as numbers too (0 for a part it has none of); a
    group with no candidate is one row, "—", whose ``reasons`` say why.

    >>> part = {"kind": "context", "points": 2.0, "reason": "Both work in Rosengård."}
    >>> found = {"groups": [{"sector": "civil", "note": "", "candidates": [{"iri": "x",
    ...     "label": "A", "label_en": "A", "type": "Association", "score": 2.0,
    ...     "parts": [part], "reasons": [part["reason"]]}]}]}
    >>> row = suggestion_rows(found)[0]
    >>> row["score_parts"], row["reasons"], row["partners_through"]
    ('context 2', 'Both work in Rosengård.', '')
    >>> row["rank"], row["context"], row["similar"]
    (1, 2.0, 0.0)
    """
    rows = []
    for group in result["groups"]:
        listed = group["candidates"] or [{"label": "—", "reasons": [group["note"]]}]
        for rank, candidate in enumerate(listed, start=1):
            parts = candidate.get("parts", [])
            points = {p["kind"]: p["points"] for p in parts}
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
                    **(
                        {"rank": rank, **{kind: points.get(kind, 0.0) for kind in PARTS}}
                        if group["candidates"]
                        else dict.fromkeys(("rank", *PARTS))
                    ),
                }
            )
    return rows
