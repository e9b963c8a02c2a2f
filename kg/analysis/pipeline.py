"""Run every analysis once over a loaded graph and keep the results together."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from kg.analysis import brokerage, centrality, communities, gaps, holes
from kg.collector import collector_paused
from kg.network_export import annotate
from kg.projection import Facts, actor_graph, read_facts


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


@collector_paused
def analyse(graph: object | None = None, *, facts: Facts | None = None) -> Analysis:
    """Project ``graph`` and compute centrality, brokerage, communities, holes and gaps.

    ``graph`` is anything :func:`kg.facts.read_facts` reads (an rdflib Graph, a pyoxigraph
    Store), or give its ``facts``. The network's nodes are annotated with their centralities
    and community number; ``backends`` says which library computed betweenness and communities.
    """
    facts = facts or read_facts(graph)
    network = actor_graph(facts=facts)
    measures = centrality.compute(network)
    found = communities.communities(network)
    annotate(network, measures.rows, communities.membership(found))
    return Analysis(
        facts=facts,
        network=network,
        centrality=measures,
        brokers=brokerage.brokerage(network),
        communities=found,
        sector_holes=holes.sector_holes(network),
        community_holes=holes.community_holes(network, found),
        gaps=gaps.committee_gaps(facts),
        backends={
            "betweenness": measures.backend,
            "communities": communities.backend_for(network),
        },
    )
