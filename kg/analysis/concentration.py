"""How concentrated an organisation's partners are: through how many collaborations they come,
and how many of them one collaboration alone gives. The partners stay those of kg's rule (two
parties of one collaboration are partners); this says how much of a count one collaboration
makes, so a reader can weigh it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from kg.model.facts import Facts
from kg.model.names import by_name, natural
from kg.model.nesting import wholes

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

#: The fields :func:`concentration` gives each organisation, in order.
FIELDS = (
    "partner_collaborations",
    "main_collaboration",
    "main_collaboration_label",
    "main_collaboration_label_en",
    "main_collaboration_partners",
    "main_collaboration_groups",
    "main_collaboration_parts",
)


def flat_lists(row: dict) -> dict:
    """A row's two list fields of :data:`FIELDS` as one cell each, for CSV and DataFrames:
    the groups and the parts' labels, joined with "; ".

    >>> flat_lists({"main_collaboration_groups": ["civil", "city"],
    ...             "main_collaboration_parts": [{"label": "Del A"}, {"label": "Del B"}]})
    {'main_collaboration_groups': 'civil; city', 'main_collaboration_parts': 'Del A; Del B'}
    """
    return {
        "main_collaboration_groups": "; ".join(row["main_collaboration_groups"]),
        "main_collaboration_parts": "; ".join(p["label"] for p in row["main_collaboration_parts"]),
    }


def without_partners() -> dict:
    """The :data:`FIELDS` of an organisation with no partner: nothing to concentrate."""
    return dict(zip(FIELDS, (0, None, None, None, 0, [], []), strict=True))


def outermost(facts: Facts) -> dict[str, frozenset[str]]:
    """Collaboration → the outermost collaborations it is part of (``dcterms:isPartOf``,
    transitively), itself where it is part of none: a programme and its parts are one
    collaboration here. Those on a cycle with no whole outside it stand for themselves."""
    parts_of = wholes(facts)
    return {
        iri: frozenset({w for w in parts_of.get(iri, ()) if not parts_of.get(w)} or {iri})
        for iri in facts.collaborations
    }


def concentration(network: nx.Graph, facts: Facts) -> dict[str, dict]:
    """Per organisation with partners (by IRI): the :data:`FIELDS`.

    ``partner_collaborations`` counts the collaborations its partners come through (a
    collaboration and its parts, ``dcterms:isPartOf``, counted once: :func:`outermost`);
    ``main_collaboration_partners`` counts the partners reached only through the one of them
    that gives the most (``main_collaboration``, its IRI, and its labels; None and 0 when
    every partner comes through two collaborations or more), and
    ``main_collaboration_groups`` the partner groups (short names) only those partners
    reach, and ``main_collaboration_parts`` the parts of it (``iri``, ``label``,
    ``label_en``) they come through, where they come through its parts rather than through
    it. Ties go to the label first.

    >>> from kg.io.source import Source
    >>> from kg.model.projection import actor_graph
    >>> facts = Source().facts()
    >>> row = concentration(actor_graph(facts), facts)[
    ...     "https://w3id.org/kg-malmo/id/tekniska-namnden"]
    >>> row["main_collaboration_partners"], row["main_collaboration_label"]
    (12, 'Områdesprogrammet för ett socialt hållbart Malmö')
    >>> row["main_collaboration_groups"]
    ['agencies', 'business', 'civil']
    >>> [part["label"] for part in row["main_collaboration_parts"]][:2]
    ['Områdesprogram Holma-Kroksbäck', 'Områdesprogram Segevång']
    """
    tops = outermost(facts)
    # each node's group and IRI read once, not once per link through the graph's views
    attributes = dict(network.nodes(data=True))
    group = {node: data.get("sector") or "unknown" for node, data in attributes.items()}
    rows = {}
    for node, partners in network.adjacency():
        if not partners:
            continue
        links = {p: (group[p], edge.get("collaborations", ())) for p, edge in partners.items()}
        rows[attributes[node].get("iri", node)] = concentrated(facts, links, tops)
    return rows


def concentrated(
    facts: Facts,
    links: Mapping[str, tuple[str, Collection[str]]],
    tops: Mapping[str, frozenset[str]] | None = None,
) -> dict:
    """The :data:`FIELDS` of an organisation whose partners are ``links``' keys, each with
    its partner group and the collaborations its link counts (a network edge's, a gaps
    partner's): the one definition :func:`concentration` and the gaps per group read.
    ``tops`` is :func:`outermost` (computed when not given)."""
    if not links:
        return without_partners()
    tops = outermost(facts) if tops is None else tops
    through: set[str] = set()
    only: dict[str, str] = {}  # partner → the one collaboration it comes through
    for partner, (_, shared) in links.items():
        if len(shared) == 1:  # most links: one collaboration, its outermost wholes as they are
            (one,) = shared
            reached = tops.get(one) or {one}  # (no set made where tops has it: most links)
        else:
            reached = set().union(*(tops.get(c) or {c} for c in shared))
        through |= reached
        if len(reached) == 1:
            (only[partner],) = reached
    alone = Counter(only.values())  # counted at once, in the order partners first reach them
    row = {"partner_collaborations": len(through), **_main(facts, alone)}
    main = row["main_collaboration"]
    groups: set[str] = set()  # those of the partners that come through main alone
    others: set[str] = set()
    via: set[str] = set()
    for partner, (group, shared) in links.items():
        if main and only.get(partner) == main:
            groups.add(group)
            via.update(shared)
        else:
            others.add(group)
    row["main_collaboration_groups"] = sorted(groups - others)
    row["main_collaboration_parts"] = _named(facts, via - {main})
    return row


def _named(facts: Facts, collaborations: set[str]) -> list[dict]:
    """The collaborations as ``iri``, ``label`` and ``label_en``, by label."""
    named = [
        {
            "iri": c,
            "label": facts.collaborations.get(c, {}).get("label") or c,
            "label_en": facts.collaborations.get(c, {}).get("label_en") or None,
        }
        for c in collaborations
    ]
    return by_name(named)


def _main(facts: Facts, alone: Counter[str]) -> dict:
    """The collaboration that alone gives the most partners, with its count."""
    if not alone:
        return dict(zip(FIELDS[1:5], (None, None, None, 0), strict=True))

    def label(iri: str) -> str:
        return facts.collaborations.get(iri, {}).get("label") or iri

    most = max(alone.values())  # ties are few: only they are sorted by name
    best = min((c for c, n in alone.items() if n == most), key=lambda c: (natural(label(c)), c))
    collab = facts.collaborations.get(best, {})
    return {
        "main_collaboration": best,
        "main_collaboration_label": label(best),
        "main_collaboration_label_en": collab.get("label_en") or None,
        "main_collaboration_partners": alone[best],
    }
