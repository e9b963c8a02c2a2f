"""The actor network as numbered nodes and a sparse adjacency matrix, for numpy and scipy."""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy import sparse


def edge_table(network: nx.Graph, weight: str = "weight") -> tuple[list, list[tuple]]:
    """The nodes in order, and each edge as (row, column, weight); a missing weight is 1."""
    nodes = list(network)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[a], index[b], w) for a, b, w in network.edges(data=weight, default=1)]
    return nodes, edges


def symmetric(n: int, edges: list[tuple[int, int, float]]) -> sparse.csr_array:
    """The symmetric weighted adjacency matrix (a self-loop once, on the diagonal).

    >>> symmetric(3, [(0, 1, 2.0), (2, 2, 1.0)]).toarray().tolist()
    [[0.0, 2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    table = np.array(edges, dtype=float).reshape(-1, 3)
    a, b, w = table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2]
    loops = a == b
    return sparse.csr_array(
        (
            np.concatenate([w, w[~loops]]),
            (np.concatenate([a, b[~loops]]), np.concatenate([b, a[~loops]])),
        ),
        shape=(n, n),
    )
