"""Project the RDF graph into networkx: the actor network and the actor–collaboration graph."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from kg.model.facts import Facts, is_internal


def actor_graph(facts: Facts) -> nx.Graph:
    """The actor network: actors as nodes, an edge where two actors share a collaboration.

    Node attributes: ``iri``, ``label`` (Swedish), ``label_en``, ``type``, ``sector``,
    ``municipal``, ``owner`` (the committee a unit belongs to). Edge attributes: ``weight``
    (how many collaborations the two share) and ``collaborations`` (their IRIs). Two units of
    the same organisation (a committee and its administration) are internal: no edge.

    >>> from kg.io.source import Source
    >>> network = actor_graph(Source().facts())
    >>> network.nodes["https://w3id.org/kg-malmo/id/radda-barnen"]["sector"]
    'civil'
    """
    network = nx.Graph()
    for iri in sorted(facts.actors):
        network.add_node(iri, **_node_attributes(facts, iri))
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for collab in sorted(facts.members):
        members = sorted(m for m in facts.members[collab] if m in facts.actors)
        for a, b in combinations(members, 2):
            if not is_internal(facts, a, b):
                shared[(a, b)].append(collab)
    for (a, b), collabs in sorted(shared.items()):
        network.add_edge(a, b, weight=len(collabs), collaborations=collabs)
    return network


def _node_attributes(facts: Facts, iri: str) -> dict:
    actor = facts.actors[iri]
    return {
        "iri": iri,
        "label": actor["label"],
        "label_en": actor["label_en"],
        "type": actor["type"],
        "sector": actor["sector"],
        "municipal": actor["municipal"],
        "owner": facts.owner.get(iri, iri),
    }


def bipartite_graph(facts: Facts) -> nx.Graph:
    """The actor–collaboration graph: ``kind`` is ``"actor"`` or ``"collaboration"`` on nodes.

    Edges join a collaboration to each of its members and carry the membership's
    ``evidence`` (excerpt IRIs).
    """
    network = nx.Graph()
    for iri in sorted(facts.actors):
        network.add_node(iri, kind="actor", bipartite=0, **_node_attributes(facts, iri))
    for iri, collab in sorted(facts.collaborations.items()):
        network.add_node(
            iri,
            kind="collaboration",
            bipartite=1,
            iri=iri,
            label=collab["label"],
            label_en=collab["label_en"],
            type=collab["type"],
        )
    for collab in sorted(facts.members):
        for member, evidence in sorted(facts.members[collab].items()):
            if member in facts.actors:
                network.add_edge(member, collab, evidence=sorted(set(evidence)))
    return network
