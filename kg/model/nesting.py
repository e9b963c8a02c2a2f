"""Which collaborations a link between two partners counts: a collaboration that contains
another they share (``dcterms:isPartOf``, transitively) is left to its part. The one rule the
network, the gaps' partner lists and the library's queries apply; it needs no networkx, so the
gaps can be read without it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kg.model.facts import Facts
from kg.model.triples import descendants


def wholes(facts: Facts) -> dict[str, frozenset[str]]:
    """Collaboration → every collaboration it is part of (``dcterms:isPartOf``, transitively;
    never itself, even on a cycle). Those without a whole are left out."""
    part_of = {iri: collab.get("part_of", ()) for iri, collab in facts.collaborations.items()}
    return {
        start: frozenset(descendants(part_of, start) - {start})
        for start, parts in part_of.items()
        if parts
    }


def counted(shared: Iterable[str], wholes: Mapping[str, frozenset[str]]) -> list[str]:
    """The collaborations that count for a pair sharing ``shared``, sorted: each once, except
    one that contains (is ``dcterms:isPartOf``, transitively, of ``wholes``) another they also
    share: the more specific part stands for it (one reported activity, not two).

    >>> counted(["strand", "programme", "other"], {"strand": frozenset({"programme"})})
    ['other', 'strand']
    """
    shared = set(shared)
    # a whole that is also part of its part (a cycle) is no more general than it: both count
    contained = {
        whole
        for part in shared
        for whole in wholes.get(part, ())
        if whole in shared and part not in wholes.get(whole, ())
    }
    return sorted(shared - contained)
