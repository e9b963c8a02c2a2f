"""Communities of actors (seeded Louvain, deterministic) with each community's mix of partner
groups."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable

import networkx as nx
import numpy as np

from kg.analysis import optional
from kg.analysis.matrices import EdgeTable, edge_table
from kg.model.names import natural

SEED = 42
#: Past this many actors Louvain runs in igraph when it is installed. networkx's Louvain takes
#: 0.3 s at 2,000 actors and 13 s at 79,000 (2 cores), igraph 0.02 s and 0.5 s.
IGRAPH_LIMIT = 2000


def communities(
    network: nx.Graph,
    *,
    seed: int = SEED,
    backend: str | None = None,
    table: EdgeTable | None = None,
) -> list[dict]:
    """Detect communities among actors that have partners; singletons are left out.

    Louvain with a fixed ``seed`` on nodes in sorted order gives the same partition every run,
    in networkx or igraph (``backend``; default: igraph past :data:`IGRAPH_LIMIT` actors if
    installed). Communities are numbered
    from 1, largest first (ties by their first label). ``table`` is the network's
    :func:`~kg.analysis.matrices.edge_table`, where the caller has it.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> nx.set_node_attributes(g, "civil", "sector")
    >>> [c["size"] for c in communities(g)]
    [3, 2]
    """
    if network.number_of_edges() == 0:
        return []
    parts = _louvain(network, optional.backend_for(network, IGRAPH_LIMIT, backend), table)(seed)
    # each node's attributes read once, not once per field through the graph's node view
    attributes = dict(network.nodes(data=True))

    def label(node: str) -> str:
        return attributes[node].get("label", str(node))

    labelled = [sorted(part, key=lambda n: (natural(label(n)), n)) for part in parts]
    labelled.sort(key=lambda members: (-len(members), natural(label(members[0]))))
    result = []
    for number, members in enumerate(labelled, start=1):
        mix = Counter(attributes[m].get("sector", "unknown") for m in members)
        result.append(
            {
                "community": number,
                "size": len(members),
                "sectors": dict(sorted(mix.items())),
                "members": [_member(m, attributes[m]) for m in members],
            }
        )
    return result


def _member(node: str, data: dict) -> dict:
    """A member of a community as :func:`communities` lists it."""
    return {
        "iri": data.get("iri", node),
        "label": data.get("label", str(node)),
        "label_en": data.get("label_en", ""),
        "sector": data.get("sector", "unknown"),
        "municipality": data.get("municipality"),
    }


#: The other seeds Louvain runs with to see whether a border between communities holds.
OTHER_SEEDS = tuple(range(1, 11))
#: Past this many organisations with partners the other runs are left out: each costs as
#: much as the first (networkx: 0.1 s at 1,000).
OTHER_SEEDS_LIMIT = 1000


def single_in_other_runs(
    network: nx.Graph, links: list[tuple[str, str]], *, backend: str | None = None
) -> list[int] | None:
    """For each link, in how many runs of Louvain with :data:`OTHER_SEEDS` it is again the
    one link between two communities (its ends in different communities, no other link
    between those); None for a network past :data:`OTHER_SEEDS_LIMIT` organisations with
    partners (not checked).

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "x"), ("x", "y"), ("y", "z"),
    ...               ("x", "z")])
    >>> single_in_other_runs(g, [("c", "x"), ("a", "b")])
    [10, 0]
    """
    linked = sum(1 for n in network if network.degree(n) > 0)
    if linked > OTHER_SEEDS_LIMIT or not links:
        return None if linked > OTHER_SEEDS_LIMIT else []
    louvain = _louvain(network, backend or optional.backend_for(network, IGRAPH_LIMIT))
    edges = _named_edges(network)
    counts = [0] * len(links)
    for seed in OTHER_SEEDS:
        parts = louvain(seed)
        part_of = {node: k for k, part in enumerate(parts) for node in part}
        between = Counter(
            tuple(sorted((part_of[a], part_of[b]))) for a, b, _ in edges if part_of[a] != part_of[b]
        )
        for i, (a, b) in enumerate(links):
            pair = tuple(sorted((part_of[a], part_of[b])))
            counts[i] += pair[0] != pair[1] and between[pair] == 1
    return counts


def _louvain(
    network: nx.Graph, backend: str, table: EdgeTable | None = None
) -> Callable[[int], list[set]]:
    """Louvain on ``network``'s nodes with partners, in sorted order, in ``backend``, as a
    function of the seed: the input is made once for any number of seeds."""
    if backend == "igraph":
        nodes, rows = _sorted_edges(network, table)
        return lambda seed: _igraph_louvain(nodes, rows, seed)
    nodes = sorted(n for n in network if network.degree(n) > 0)
    edges = _named_edges(network)
    if len(edges) > KEEP_EDGES:
        return lambda seed: _networkx_louvain(nodes, edges, seed)
    shown = (tuple(nodes), tuple(edges))
    return lambda seed: [set(part) for part in _kept_louvain(shown, seed)]


#: Louvain's partitions of small networks (up to this many links) found in this process, by
#: the network and the seed: the same network analysed again (a notebook asking another
#: question of the same facts, each of kg's analyses on one year) reuses them rather than
#: running Louvain eleven times more. The same partitions either way: the seed fixes them.
KEEP_EDGES = 20_000


@functools.lru_cache(maxsize=64)
def _kept_louvain(shown: tuple[tuple, tuple], seed: int) -> list[frozenset]:
    """:func:`_networkx_louvain` of ``shown`` (its nodes and edges), found once per process."""
    return [frozenset(part) for part in _networkx_louvain(*shown, seed)]


def _named_edges(network: nx.Graph) -> list[tuple]:
    """The edges as (lower node, higher node, weight), sorted."""
    return sorted((*sorted((a, b)), w) for a, b, w in network.edges(data="weight", default=1))


def _networkx_louvain(nodes: list, edges: list[tuple], seed: int) -> list[set]:
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_weighted_edges_from(edges)
    return nx.community.louvain_communities(ordered, weight="weight", seed=seed)


def _sorted_edges(network: nx.Graph, table: EdgeTable | None) -> tuple[list, np.ndarray]:
    """The nodes with partners, sorted; and the edges as rows (first node, second node,
    weight) numbered in that order, each from its lower number, sorted: what
    :func:`_networkx_louvain` is given, as numbers (in numpy: 1.45M edges sorted as strings
    took 5 s)."""
    names, rows = table if table is not None else edge_table(network)
    ends = rows[:, :2].astype(np.int64)
    linked = np.zeros(len(names), dtype=bool)
    linked[ends.ravel()] = True
    order = sorted(np.flatnonzero(linked).tolist(), key=names.__getitem__)
    rank = np.zeros(len(names), dtype=np.int64)
    rank[order] = np.arange(len(order))
    low, high = np.sort(rank[ends], axis=1).T
    sort = np.lexsort((high, low))
    return [names[i] for i in order], np.column_stack([low[sort], high[sort], rows[sort, 2]])


def _igraph_louvain(nodes: list, edges: np.ndarray, seed: int) -> list[set]:
    """igraph's multilevel (Louvain) communities, its random numbers drawn from ``seed``;
    ``edges`` as :func:`_sorted_edges` gives them."""
    with optional.seeded(seed) as igraph:
        graph = igraph.Graph(
            n=len(nodes),
            edges=edges[:, :2].astype(np.int64).tolist(),
            edge_attrs={"weight": edges[:, 2].tolist()},
        )
        clustering = graph.community_multilevel(weights="weight")
    return [{nodes[i] for i in members} for members in clustering]


def modularity(
    network: nx.Graph, found: list[dict], *, table: EdgeTable | None = None
) -> float | None:
    """The weighted modularity (resolution 1) of the partition ``found``, organisations
    without partners each on their own, as ``networkx.community.modularity`` gives it; None
    for a network without links.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> nx.set_node_attributes(g, "civil", "sector")
    >>> round(modularity(g, communities(g)), 4)
    0.375
    """
    nodes, edges = table if table is not None else edge_table(network)
    if not len(edges):
        return None
    community_of = membership(found)
    # isolates and any node left out: a community of their own, numbered past the others
    labels = np.array([community_of.get(n, -1) for n in nodes])
    alone = labels < 0
    labels[alone] = len(found) + 1 + np.arange(alone.sum())
    rows, cols, weights = edges[:, 0].astype(np.int64), edges[:, 1].astype(np.int64), edges[:, 2]
    total = weights.sum()
    inside = weights[labels[rows] == labels[cols]].sum()
    strength = np.bincount(rows, weights, len(nodes)) + np.bincount(cols, weights, len(nodes))
    per_community = np.bincount(labels, strength)
    return float(inside / total - ((per_community / (2 * total)) ** 2).sum())


def membership(found: list[dict]) -> dict[str, int]:
    """Actor IRI → community number, for the actors in ``found``."""
    return {m["iri"]: c["community"] for c in found for m in c["members"]}
