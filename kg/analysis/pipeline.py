"""Run every analysis once over a loaded graph and keep the results together."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

import kg.progress as progress
from kg.analysis import brokerage, centrality, communities, gaps, holes
from kg.analysis.matrices import edge_table
from kg.collector import collector_paused
from kg.model.facts import Facts
from kg.model.projection import actor_graph, bipartite_graph


@dataclass
class Analysis:
    """The projected network and every measure computed on it."""

    facts: Facts
    network: nx.Graph
    centrality: centrality.CentralityResult
    brokers: list[dict]
    communities: list[dict]
    sector_holes: list[dict]
    community_holes: dict
    gaps: list[dict]
    #: which library computed what: {"betweenness": "igraph", "communities": "networkx"} …
    backends: dict[str, str] = field(default_factory=dict)
    #: the communities' weighted modularity (None for a network without links)
    modularity: float | None = None


@collector_paused
def analyse(facts: Facts) -> Analysis:
    """Project the facts and compute centrality, brokerage, communities, holes and gaps.

    The network's nodes are annotated with their centralities and community number;
    ``backends`` says which library computed betweenness and communities.

    >>> from kg.io.source import Source
    >>> analyse(Source().facts()).network.number_of_nodes() > 50
    True
    """
    if not hasattr(facts, "takes_part_in"):
        raise TypeError(
            f"analyse takes the facts a source reads, not a {type(facts).__name__}: "
            "kg.analyse(source.facts())"
        )
    network = actor_graph(facts)  # a step of its own, counting organisations
    size = network.number_of_nodes()
    with progress.step("Centrality of {organisations} organisations", organisations=size):
        table = edge_table(network)  # read once for every analysis below
        # a large network's betweenness goes on counting in the background meanwhile
        started = centrality.start(network, table=table)
    try:
        with progress.step("Communities"):
            found = communities.communities(network, table=table)
            quality = communities.modularity(network, found, table=table)
        with progress.step("Brokerage (Burt's constraint and effective size)"):
            brokers = brokerage.brokerage(network, table=table)
        with progress.step("Structural holes"):
            sector_holes = holes.sector_holes(network, table=table)
            community_holes = holes.community_holes(network, found, table=table)
            holes.check_borders(network, community_holes)
        committee_gaps = gaps.committee_gaps(facts)  # a step of its own, counting committees
        with progress.step("Betweenness"):
            measures = started.finish()
    finally:
        started.cancel()
    annotate(network, measures.rows, communities.membership(found))
    return Analysis(
        facts=facts,
        network=network,
        centrality=measures,
        brokers=brokers,
        communities=found,
        sector_holes=sector_holes,
        community_holes=community_holes,
        gaps=committee_gaps,
        backends={
            "betweenness": measures.backend,
            "communities": communities.backend_for(network),
        },
        modularity=quality,
    )


def annotate(network: nx.Graph, centrality_rows: list[dict], community_of: dict[str, int]) -> None:
    """Add centralities and community numbers to the network's nodes, in place. An
    organisation without partners is in no community: its ``community`` is None (communities
    are numbered from 1)."""
    by_iri = {row["iri"]: row for row in centrality_rows}
    for node, data in network.nodes(data=True):
        row = by_iri.get(data.get("iri", node), {})
        for measure in centrality.MEASURES:
            data[measure] = row.get(measure, 0)
        data["community"] = community_of.get(data.get("iri", node))


def two_mode_network(analysis: Analysis) -> nx.Graph:
    """The organisation–collaboration graph (``kg map --view bipartite`` draws it, ``kg export
    --view bipartite`` writes it), each organisation with the attributes it has in the
    organisation network (its centralities, and its community or None); each edge carries
    the excerpts that make the organisation a party."""
    graph = bipartite_graph(analysis.facts)
    for node, data in analysis.network.nodes(data=True):
        if node in graph:
            graph.nodes[node].update(data)
    return graph
