"""Communities of actors (seeded Louvain, deterministic) with each community's sector mix."""

from __future__ import annotations

from collections import Counter

import networkx as nx

SEED = 42


def communities(network: nx.Graph, *, seed: int = SEED) -> list[dict]:
    """Detect communities among actors that have partners; singletons are left out.

    Louvain with a fixed ``seed`` on nodes in sorted order gives the same partition every run.
    Communities are numbered from 1, largest first (ties by their first label).

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> nx.set_node_attributes(g, "civil", "sector")
    >>> [c["size"] for c in communities(g)]
    [3, 2]
    """
    ordered = nx.Graph()
    ordered.add_nodes_from(
        sorted((n, d) for n, d in network.nodes(data=True) if network.degree(n) > 0)
    )
    ordered.add_edges_from(sorted((*sorted((a, b)), d) for a, b, d in network.edges(data=True)))
    if ordered.number_of_edges() == 0:
        return []
    parts = nx.community.louvain_communities(ordered, weight="weight", seed=seed)
    labelled = [sorted(part, key=lambda n: (_label(network, n).casefold(), n)) for part in parts]
    labelled.sort(key=lambda members: (-len(members), _label(network, members[0]).casefold()))
    result = []
    for number, members in enumerate(labelled, start=1):
        mix = Counter(network.nodes[m].get("sector", "unknown") for m in members)
        result.append(
            {
                "community": number,
                "size": len(members),
                "sectors": dict(sorted(mix.items())),
                "members": [
                    {
                        "iri": network.nodes[m].get("iri", m),
                        "label": _label(network, m),
                        "sector": network.nodes[m].get("sector", "unknown"),
                    }
                    for m in members
                ],
            }
        )
    return result


def membership(found: list[dict]) -> dict[str, int]:
    """Actor IRI → community number, for the actors in ``found``."""
    return {m["iri"]: c["community"] for c in found for m in c["members"]}


def _label(network: nx.Graph, node: str) -> str:
    return network.nodes[node].get("label", str(node))
