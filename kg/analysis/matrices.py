"""The actor network as numbered nodes and a sparse adjacency matrix, for numpy and scipy."""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy import sparse

#: The nodes in order, and an array with a row (row, column, weight) per edge: what
#: :func:`edge_table` gives.
EdgeTable = tuple[list, np.ndarray]


def edge_table(network: nx.Graph, weight: str = "weight") -> EdgeTable:
    """The nodes in order, and each edge as a row (row, column, weight) of a float array; a
    missing weight is 1.

    The edges come in ``network.edges()``'s order (an edge from the first of its nodes in
    the network's order), read straight from the adjacency rather than through the edge
    view. Reading 1.45M edges takes seconds: compute it once where several analyses need it.

    >>> nodes, edges = edge_table(nx.Graph([("a", "b", {"weight": 2}), ("b", "c")]))
    >>> nodes, edges.tolist()
    (['a', 'b', 'c'], [[0.0, 1.0, 2.0], [1.0, 2.0, 1.0]])
    """
    nodes = list(network)
    index = {node: i for i, node in enumerate(nodes)}
    flat: list = []
    extend = flat.extend
    for i, (_, neighbours) in enumerate(network.adjacency()):
        for other, data in neighbours.items():
            j = index[other]
            if j >= i:  # each edge once, from the first of its nodes (a self-loop too)
                extend((i, j, data.get(weight, 1)))
    return nodes, np.array(flat, dtype=np.float64).reshape(-1, 3)


def symmetric(n: int, edges: list[tuple[int, int, float]] | np.ndarray) -> sparse.csr_array:
    """The symmetric weighted adjacency matrix (a self-loop once, on the diagonal), from
    (row, column, weight) triples or an array of them.

    >>> symmetric(3, [(0, 1, 2.0), (2, 2, 1.0)]).toarray().tolist()
    [[0.0, 2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    table = np.asarray(edges, dtype=float).reshape(-1, 3)
    a, b, w = table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2]
    loops = a == b
    return sparse.csr_array(
        (
            np.concatenate([w, w[~loops]]),
            (np.concatenate([a, b[~loops]]), np.concatenate([b, a[~loops]])),
        ),
        shape=(n, n),
    )
