"""Project the facts into networkx: the organisation network and the organisation–collaboration
graph. Nodes are organisations (a committee with its administrations and units is one), linked
where the rules found them partners (kg:partner): the network every analysis and the map read."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import networkx as nx

import kg.progress as progress
from kg.model.facts import Facts
from kg.model.names import municipality_of
from kg.model.nesting import counted, wholes
from kg.model.parties import Parties


def actor_graph(facts: Facts) -> nx.Graph:
    """The organisation network: an edge between partners, weighted by how many collaborations
    they share, a collaboration that contains another they share left to its part
    (:func:`counted`; ``collaborations`` lists those counted, and ``weight`` is their number).

    Node attributes: ``iri``, ``label`` (Swedish), ``label_en``, ``type``, ``sector`` (the
    partner group's short name), ``municipal``, ``municipality`` (:func:`home`) and ``units``
    (the organisation's own administrations and units, by label).

    >>> from kg.io.source import Source
    >>> network = actor_graph(Source().facts())
    >>> network.nodes["https://w3id.org/kg-malmo/id/radda-barnen"]["sector"]
    'civil'
    """
    network = nx.Graph()
    units = facts.units_by_organisation()
    organisations = sorted(_organisations(facts))
    towns = home(facts)
    parts_of = wholes(facts)
    with progress.step(
        "Projecting the organisation network: {organisations} organisations",
        total=len(facts.partners),
        organisations=len(organisations),
    ) as counting:
        for iri in organisations:
            network.add_node(iri, **_node_attributes(facts, iri, units, towns))
        # the nodes as a set: a lookup in it is cheaper than networkx's ``in`` (300,000 at 1M)
        nodes = set(organisations)
        for done, (a, partners) in enumerate(sorted(facts.partners.items()), start=1):
            if a in nodes:
                # the links of ``a`` in one call, in the order add_edge would add them
                network.add_edges_from(_links(facts, a, partners, nodes, parts_of))
            if done % 1000 == 0:  # in thousands, not a bar's update per organisation
                counting.advance(1000)
        counting.advance(len(facts.partners) % 1000)
    return network


def _links(
    facts: Facts,
    a: str,
    partners: list[str],
    nodes: set[str],
    parts_of: dict[str, frozenset[str]],
) -> Iterator[tuple[str, str, dict]]:
    """The links of ``a`` to its partners after it (by IRI) in ``nodes``, with their weight and
    collaborations."""
    ours = set(facts.takes_part_in.get(a, ()))
    for b in partners:
        if a < b and b in nodes:
            common = ours.intersection(facts.takes_part_in.get(b, ()))
            # one shared collaboration (most links) counts as itself: nothing to leave out
            shared = list(common) if len(common) == 1 else counted(common, parts_of)
            yield a, b, {"weight": len(shared), "collaborations": shared}


def _organisations(facts: Facts) -> set[str]:
    return {iri for iri, actor in facts.actors.items() if actor["organisation"] == iri}


def node_fields(node: str, data: dict) -> dict:
    """What every analysis's row of an organisation starts with: ``iri``, ``label``,
    ``label_en``, ``type``, ``sector`` (its partner group) and ``municipality``, from its
    node's attributes."""
    return {
        "iri": data.get("iri", str(node)),
        "label": data.get("label", str(node)),
        "label_en": data.get("label_en", ""),
        "type": data.get("type", ""),
        "sector": data.get("sector", ""),
        "municipality": data.get("municipality"),
    }


def home(facts: Facts) -> Callable[[str], str | None]:
    """The Swedish name of each organisation's municipality (by IRI): the one it is part of,
    else the one whose data names it (:func:`~kg.model.names.municipality_of`, as a name
    shared by two cities' organisations is told apart), else None. What tells several
    cities' organisations apart, and lets a table of them be filtered by city."""
    of = municipality_of(facts.actors)

    def name(iri: str) -> str | None:
        city = of(iri)
        return facts.actors[city]["label"] if city else None

    return name


def _node_attributes(
    facts: Facts, iri: str, units: dict[str, list[str]], towns: Callable[[str], str | None]
) -> dict:
    actor = facts.actors[iri]
    return {
        **facts.ref(iri),
        "sector": actor["group"],
        "municipal": actor["municipal"],
        "municipality": towns(iri),
        "units": [facts.actors[u]["label"] for u in units.get(iri, ())],
    }


def bipartite_graph(facts: Facts) -> nx.Graph:
    """The organisation–collaboration graph: ``kind`` is ``"actor"`` or ``"collaboration"``;
    a collaboration's ``part_of`` lists the collaborations it is ``dcterms:isPartOf``.

    Edges join a collaboration to each organisation that takes part in it and carry the
    ``evidence`` (excerpt IRIs) that makes it a party (:meth:`Parties.evidence`).
    """
    network = nx.Graph()
    units = facts.units_by_organisation()
    parties = Parties(facts)
    towns = home(facts)
    for iri in sorted(_organisations(facts)):
        attributes = _node_attributes(facts, iri, units, towns)
        network.add_node(iri, kind="actor", bipartite=0, **attributes)
    for iri, collab in sorted(facts.collaborations.items()):
        network.add_node(
            iri,
            kind="collaboration",
            bipartite=1,
            **facts.ref(iri),
            part_of=list(collab["part_of"]),  # so a reader can apply :func:`counted` too
        )
    for organisation, collabs in sorted(facts.takes_part_in.items()):
        if organisation not in network:
            continue
        for collab in collabs:
            network.add_edge(organisation, collab, evidence=parties.evidence(organisation, collab))
    return network
