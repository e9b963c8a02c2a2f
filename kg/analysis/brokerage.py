"""Brokerage: Burt's constraint and effective size, and brokers between sectors."""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy import sparse

from kg.analysis.matrices import EdgeTable, edge_table, symmetric
from kg.model.names import natural
from kg.model.projection import node_fields


def brokerage(network: nx.Graph, *, table: EdgeTable | None = None) -> list[dict]:
    """Per actor with partners: constraint, effective size, sectors spanned, open pairs.

    ``sectors_spanned`` counts the distinct sectors among an actor's partners;
    ``cross_sector_pairs`` counts pairs of its partners from different sectors that are not
    partners themselves — the holes the actor bridges. Sorted as :func:`broker_order` ranks
    them: brokers (an open pair at least) by sectors spanned, then open pairs, then effective
    size; the actors that broker nothing after them all.

    >>> g = nx.Graph([("hub", "a"), ("hub", "b")])
    >>> nx.set_node_attributes(g, {"hub": "public", "a": "civil", "b": "academia"}, "sector")
    >>> nx.set_node_attributes(g, {n: n for n in g}, "label")
    >>> row = brokerage(g)[0]
    >>> row["iri"], row["sectors_spanned"], row["cross_sector_pairs"]
    ('hub', 2, 1)

    ``table`` is the network's :func:`~kg.analysis.matrices.edge_table`, where the caller has it.
    """
    nodes, weights = _ties(network, table=table)
    constraint, effective = _burt(nodes, weights)
    open_pairs, per_sector, codes = _open_pairs(network, nodes, _unweighted(weights))
    partners = per_sector.sum(axis=1).tolist()
    # the sectors among each node's partners, as a bit mask over the sector codes
    masks = ((per_sector > 0) @ (1 << np.arange(len(codes), dtype=np.int64))).tolist()
    names = ["unknown" if code is None else code for code in codes]
    spanned = {
        mask: sorted({names[c] for c in range(len(codes)) if mask >> c & 1}) for mask in set(masks)
    }
    rows = []
    for i, (node, data) in enumerate(network.nodes(data=True)):
        if not partners[i]:
            continue
        sectors = spanned[masks[i]]
        rows.append(
            {
                **node_fields(node, data),
                "partners": partners[i],
                "sectors_spanned": len(sectors),
                "partner_sectors": list(sectors),
                "cross_sector_pairs": open_pairs[i],
                "constraint": round(constraint[node], 6),
                "effective_size": round(effective[node], 6),
            }
        )
    return sorted(rows, key=broker_order)


#: A broker bridges groups only when its partners come from at least this many.
BRIDGING_GROUPS = 2


def bridges(row: dict) -> bool:
    """Whether an organisation of :func:`brokerage` brokers between groups, as the glossary
    defines a broker: its partners come from two groups or more, and some of them, of
    different groups, are not partners themselves (an open cross-group pair).

    >>> bridges({"sectors_spanned": 3, "cross_sector_pairs": 0})
    False
    """
    return row["sectors_spanned"] >= BRIDGING_GROUPS and row["cross_sector_pairs"] > 0


def broker_order(row: dict) -> tuple:
    """The sort key of the brokers' ranking, best first. A broker links partners from
    different sectors who are not partners themselves: an actor with no such open pair
    brokers nothing, and comes after every one that has one, however many sectors its
    partners span. Then more sectors spanned, more open pairs, a larger effective size;
    ties by label.

    >>> rows = [
    ...     {"label": "spans all, bridges nothing", "iri": "a", "sectors_spanned": 4,
    ...      "cross_sector_pairs": 0, "effective_size": 3.0},
    ...     {"label": "bridges", "iri": "b", "sectors_spanned": 3, "cross_sector_pairs": 42,
    ...      "effective_size": 11.0},
    ... ]
    >>> [r["iri"] for r in sorted(rows, key=broker_order)]
    ['b', 'a']
    """
    return (
        row["cross_sector_pairs"] == 0,
        -row["sectors_spanned"],
        -row["cross_sector_pairs"],
        -row["effective_size"],
        natural(row["label"]),
        row["iri"],
    )


def _open_pairs(
    network: nx.Graph, nodes: list, ties: sparse.csr_array
) -> tuple[list[int], np.ndarray, list]:
    """Per node (in ``nodes``' order): its cross-sector open pairs; its partners per sector
    (an array, a column per sector); and the sectors in the order of those columns."""
    n, codes = len(nodes), {}
    sector = np.array([codes.setdefault(network.nodes[v].get("sector"), len(codes)) for v in nodes])
    members = sparse.csr_array(
        (np.ones(n, dtype=np.int64), (np.arange(n), sector)), shape=(n, len(codes))
    )
    per_sector = (ties @ members).toarray()
    partners = per_sector.sum(axis=1)
    pairs = partners * (partners - 1) // 2 - (per_sector * (per_sector - 1) // 2).sum(axis=1)
    # the linked pairs of partners from different sectors, each pair once: with U the
    # cross-sector ties k–j with k < j, (T·U)[i, j] counts i's partners k linked so to j
    rows, cols = ties.nonzero()
    upper = (rows < cols) & (sector[rows] != sector[cols])
    across = sparse.csr_array(
        (np.ones(upper.sum(), dtype=np.int64), (rows[upper], cols[upper])), shape=ties.shape
    )
    linked = np.asarray((ties @ across).multiply(ties).sum(axis=1)).ravel()
    return (pairs - linked).tolist(), per_sector, list(codes)


def burt(network: nx.Graph, weight: str = "weight") -> tuple[dict, dict]:
    """Burt's constraint and effective size of every node with partners, weighted.

    networkx's definitions of ``constraint`` and ``effective_size`` (with ``weight``), in
    sparse matrices: with P the ties' weights divided by each node's total, the indirect
    part of the tie i–j is (P·P)[i, j], and the redundancy of j to i is (P·W)[i, j] divided
    by j's strongest tie. networkx's loops take minutes at 35,000 actors; this takes about
    a second, and agrees to within 1e-13. Self-loops are not ties; weights must be positive
    (kg's count shared collaborations, kg.model.nesting.counted: at least 1).

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> constraint, effective = burt(g)
    >>> round(constraint["c"], 4) == round(nx.constraint(g)["c"], 4)
    True
    >>> round(effective["c"], 4) == round(nx.effective_size(g, nodes=["c"])["c"], 4)
    True
    """
    return _burt(*_ties(network, weight))


def _burt(nodes: list, weights: sparse.csr_array) -> tuple[dict, dict]:
    if not nodes:
        return {}, {}
    strength = weights.sum(axis=1)
    linked = np.flatnonzero(strength)
    inverse = np.divide(1, strength, where=strength > 0, out=np.zeros(len(nodes)))
    share = (sparse.diags_array(inverse) @ weights).tocsr()
    rows, cols = share.nonzero()
    direct = _at(share, rows, cols)
    # P·P in the real part and P·W in the imaginary one: one product where two were (the
    # same sums in the same order, so the same numbers to the last bit)
    both = _at(share @ (share + 1j * weights), rows, cols)
    indirect = both.real
    strongest = weights.max(axis=1).toarray()
    redundancy = both.imag / strongest[cols]
    constraint = np.bincount(rows, weights=(direct + indirect) ** 2, minlength=len(nodes))
    effective = np.bincount(rows, weights=1 - redundancy, minlength=len(nodes))
    return (
        {nodes[i]: float(constraint[i]) for i in linked},
        {nodes[i]: float(effective[i]) for i in linked},
    )


def _ties(
    network: nx.Graph, weight: str = "weight", *, table: EdgeTable | None = None
) -> tuple[list, sparse.csr_array]:
    """The nodes in order and their weighted ties, self-loops left out."""
    nodes, edges = table if table is not None else edge_table(network, weight)
    return nodes, symmetric(len(nodes), edges[edges[:, 0] != edges[:, 1]])


def _unweighted(weights: sparse.csr_array) -> sparse.csr_array:
    """The same ties, 1 each."""
    ones = np.ones(len(weights.data), dtype=np.int64)
    return sparse.csr_array((ones, weights.indices, weights.indptr), shape=weights.shape)


def _at(matrix: sparse.sparray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The entries of ``matrix`` at (rows[k], cols[k]), zeros included, as one array."""
    return np.asarray(matrix.tocsr()[rows, cols]).ravel()
