"""Through which collaborations two partners are linked, with the passages that say so: the
collaborations the organisation network counts for the pair (:func:`kg.model.nesting.counted`,
a whole left to the part both share) and, for each, the excerpts that make either of the two a
party of it (:meth:`kg.model.parties.Parties.between`, as ``evidence-between-actors`` cites
them). A suggestion's "works with your partner" items name their link with this."""

from __future__ import annotations

from kg.model.facts import Facts, evidence_of
from kg.model.names import by_name, natural
from kg.model.parties import Parties


def through(
    facts: Facts, parties: Parties, a: str, b: str, collaborations: list[str]
) -> list[dict]:
    """The ``collaborations`` linking ``a`` and ``b`` (a network edge's), by label: each its
    ``iri``, ``label``, ``label_en`` and ``evidence`` (document, page and quote of each
    excerpt that makes ``a`` or ``b`` a party of it)."""
    found = [
        {
            "iri": c,
            **facts.named(c),
            "evidence": evidence_of(facts, parties.between(a, b, c)),
        }
        for c in collaborations
        if c in facts.collaborations
    ]
    return by_name(found)


def grouped(items: list[dict]) -> list[tuple[list[dict], list[dict]]]:
    """Items with ``collaborations`` (:func:`through`'s) gathered by the collaborations they
    come through, in the order of their first item: the reasons name each set of
    collaborations once, after the partners it links ("a and b (through x)").

    >>> x, y = {"iri": "x"}, {"iri": "y"}
    >>> found = grouped([{"label": "a", "collaborations": [x]}, {"label": "b",
    ...     "collaborations": [y]}, {"label": "c", "collaborations": [x]}])
    >>> [([i["label"] for i in items], [c["iri"] for c in via]) for items, via in found]
    [(['a', 'c'], ['x']), (['b'], ['y'])]
    """
    found: dict[tuple[str, ...], tuple[list[dict], list[dict]]] = {}
    for item in items:
        via = item.get("collaborations", [])
        found.setdefault(tuple(c["iri"] for c in via), ([], via))[0].append(item)
    return list(found.values())


def cited(collaboration: dict) -> str:
    """A collaboration of :func:`through` as one line of machine text: its label and each
    document (IRI) in brackets of its own, with the pages cited where the document has pages.

    >>> cited({"label": "Try me", "evidence": [{"document": "d1", "page": None},
    ...     {"document": "d2", "page": 4}, {"document": "d2", "page": 9}]})
    'Try me [d1] [d2 p. 4, 9]'
    """
    pages: dict[str, list[int]] = {}
    for e in collaboration["evidence"]:
        found = pages.setdefault(e["document"], [])
        if e.get("page") and e["page"] not in found:
            found.append(e["page"])
    places = [d + (" p. " + ", ".join(map(str, sorted(p))) if p else "") for d, p in pages.items()]
    return " ".join([collaboration["label"], *(f"[{place}]" for place in places)])


def partners_through(candidate: dict) -> str:
    """A suggestion's links to the committee's partners as one CSV cell: per partner, its
    name, a colon and the collaborations (:func:`cited`, `` | `` between them, as names hold
    commas) it works with the candidate through, ``; `` between partners, by the (Swedish)
    names it gives them (``kg suggest -f csv``'s and ``kg.frames``' ``partners_through``).

    >>> one = {"label": "Trygg i Söder, en plan", "evidence": [{"document": "d", "page": 3}]}
    >>> two = {"label": "Try me", "evidence": [{"document": "d", "page": None}]}
    >>> partners_through({"parts": [{"kind": "partners", "items": [
    ...     {"label": "Polisen", "collaborations": [one, two]}, {"label": "MKB"}]}]})
    'MKB: ; Polisen: Trygg i Söder, en plan [d p. 3] | Try me [d]'
    """
    items = [i for p in candidate.get("parts", []) if p["kind"] == "partners" for i in p["items"]]
    items.sort(key=lambda i: (natural(i["label"]), i.get("iri", "")))  # by the names it shows
    return "; ".join(
        f"{i['label']}: {' | '.join(cited(c) for c in i.get('collaborations', []))}" for i in items
    )
