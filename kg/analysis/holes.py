"""Structural holes: pairs of communities or sectors joined by no edge or by a single bridge."""

from __future__ import annotations

from itertools import combinations, islice

import networkx as nx
import numpy as np

from kg.analysis.communities import OTHER_SEEDS, membership, single_in_other_runs
from kg.analysis.matrices import EdgeTable, edge_table
from kg.model.sectors import vocabulary


def sector_holes(network: nx.Graph, *, table: EdgeTable | None = None) -> list[dict]:
    """For each pair of partner groups: how many links cross between them, and the bridges.

    ``status`` is ``"none"`` (no link), ``"single"`` (exactly one link: its two organisations
    are the bridge) or ``"bridged"``. Every pair of the five groups is listed. ``table`` is
    the network's :func:`~kg.analysis.matrices.edge_table`, where the caller has it.

    >>> g = nx.Graph([("p", "c")])
    >>> nx.set_node_attributes(g, {"p": "agencies", "c": "civil"}, "sector")
    >>> [(h["sectors"], h["status"]) for h in sector_holes(g)][:2]
    [(['civil', 'academia'], 'none'), (['civil', 'business'], 'none')]
    """
    groups = vocabulary().names
    nodes, ends = _ends(network, table)
    code = {group: k for k, group in enumerate(groups)}
    group_of = np.array([code.get(network.nodes[n].get("sector"), -1) for n in nodes] or [-1])
    counts, first = _crossings(group_of[ends[:, 0]], group_of[ends[:, 1]], len(groups))
    return [
        _hole(network, [a, b], counts.get((i, j), 0), _link(nodes, ends, first.get((i, j))))
        for (i, a), (j, b) in combinations(enumerate(groups), 2)
    ]


#: Pairs of communities with no link that are named (the first, by community number); the
#: rest are counted: with many small communities they are most pairs.
UNCONNECTED_LISTED = 100


def community_holes(
    network: nx.Graph, found: list[dict], *, table: EdgeTable | None = None
) -> dict:
    """Pairs of communities joined by exactly one link (its actors are the bridge).

    Returns ``{"single": [...], "unconnected_pairs": n, "unconnected": [[a, b], ...]}``:
    community pairs with no link at all are counted, and the first
    :data:`UNCONNECTED_LISTED` of them given by their numbers (lower first, in order), since
    with many small communities they are most pairs.
    """
    number = membership(found)
    nodes, ends = _ends(network, table)
    community_of = np.array(
        [number.get(network.nodes[n].get("iri", n), -1) for n in nodes] or [-1], dtype=np.int64
    )
    largest = int(community_of.max(initial=0)) + 1
    counts, first = _crossings(community_of[ends[:, 0]], community_of[ends[:, 1]], largest)
    # only linked pairs are visited: with many small communities most pairs are not linked
    single = [
        _hole(network, [a, b], 1, _link(nodes, ends, first[a, b]))
        for a, b in sorted(counts)
        if counts[a, b] == 1
    ]
    pairs = len(found) * (len(found) - 1) // 2
    numbers = sorted(c["community"] for c in found)
    apart = (list(p) for p in combinations(numbers, 2) if p not in counts)
    return {
        "single": single,
        "unconnected_pairs": pairs - len(counts),
        "unconnected": list(islice(apart, UNCONNECTED_LISTED)),
    }


def _ends(network: nx.Graph, table: EdgeTable | None) -> tuple[list, np.ndarray]:
    """The nodes in order, and each edge's two node numbers as a row of an array."""
    nodes, edges = table if table is not None else edge_table(network)
    return nodes, edges[:, :2].astype(np.int64)


def _crossings(
    left: np.ndarray, right: np.ndarray, size: int
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """For the links whose ends are in two different classes (numbered 0 … ``size`` - 1; -1
    for none): per pair of classes (the lower first), how many links, and the first link."""
    crossing = np.flatnonzero((left >= 0) & (right >= 0) & (left != right))
    low = np.minimum(left[crossing], right[crossing])
    high = np.maximum(left[crossing], right[crossing])
    keys, where, counts = np.unique(low * size + high, return_index=True, return_counts=True)
    pairs = [(int(key // size), int(key % size)) for key in keys]
    return (
        dict(zip(pairs, counts.tolist(), strict=True)),
        dict(zip(pairs, crossing[where].tolist(), strict=True)),
    )


def _link(nodes: list, ends: np.ndarray, edge: int | None) -> tuple | None:
    return None if edge is None else tuple(sorted((nodes[ends[edge, 0]], nodes[ends[edge, 1]])))


def _hole(network: nx.Graph, pair: list, links: int, link: tuple | None) -> dict:
    status = "none" if not links else "single" if links == 1 else "bridged"
    bridge = sorted(link) if status == "single" else []
    return {
        "sectors" if isinstance(pair[0], str) else "communities": pair,
        "links": links,
        "status": status,
        "bridge": [
            {"iri": network.nodes[n].get("iri", n), "label": network.nodes[n].get("label", n)}
            for n in bridge
        ],
    }


def check_borders(network: nx.Graph, holes: dict) -> None:
    """Add to each single link between two communities in ``holes`` (as
    :func:`community_holes` gives them) ``holds``: in how many of ``runs`` runs of Louvain
    with other seeds it is again the one link between two communities, so a reader can tell
    a hole that holds from one a near-equal partition draws elsewhere. Left out past
    :data:`~kg.analysis.communities.OTHER_SEEDS_LIMIT` organisations."""
    node_of = {network.nodes[n].get("iri", n): n for n in network}
    links = [tuple(node_of[b["iri"]] for b in hole["bridge"]) for hole in holes["single"]]
    counts = single_in_other_runs(network, links)  # type: ignore[arg-type]
    if counts is None:
        return
    for hole, count in zip(holes["single"], counts, strict=True):
        hole.update(holds=count, runs=len(OTHER_SEEDS))
