"""Brokerage: Burt's constraint and effective size, and brokers between sectors."""

from __future__ import annotations

from itertools import combinations

import networkx as nx


def brokerage(network: nx.Graph) -> list[dict]:
    """Per actor with partners: constraint, effective size, sectors spanned, open pairs.

    ``sectors_spanned`` counts the distinct sectors among an actor's partners;
    ``cross_sector_pairs`` counts pairs of its partners from different sectors that are not
    partners themselves — the holes the actor bridges. Sorted by sectors spanned, then open
    pairs, then effective size (highest first), ties by label.

    >>> g = nx.Graph([("hub", "a"), ("hub", "b")])
    >>> nx.set_node_attributes(g, {"hub": "public", "a": "civil", "b": "academia"}, "sector")
    >>> nx.set_node_attributes(g, {n: n for n in g}, "label")
    >>> row = brokerage(g)[0]
    >>> row["iri"], row["sectors_spanned"], row["cross_sector_pairs"]
    ('hub', 2, 1)
    """
    active = [n for n in network if network.degree(n) > 0]
    constraint = nx.constraint(network, nodes=active, weight="weight")
    effective = nx.effective_size(network, nodes=active, weight="weight")
    rows = []
    for node in active:
        data = network.nodes[node]
        partners = sorted(network[node])
        sectors = sorted({network.nodes[p].get("sector", "unknown") for p in partners})
        open_pairs = sum(
            1
            for a, b in combinations(partners, 2)
            if network.nodes[a].get("sector") != network.nodes[b].get("sector")
            and not network.has_edge(a, b)
        )
        rows.append(
            {
                "iri": data.get("iri", str(node)),
                "label": data.get("label", str(node)),
                "type": data.get("type", ""),
                "sector": data.get("sector", ""),
                "partners": len(partners),
                "sectors_spanned": len(sectors),
                "partner_sectors": sectors,
                "cross_sector_pairs": open_pairs,
                "constraint": round(constraint[node], 6),
                "effective_size": round(effective[node], 6),
            }
        )
    return sorted(
        rows,
        key=lambda r: (
            -r["sectors_spanned"],
            -r["cross_sector_pairs"],
            -r["effective_size"],
            r["label"].casefold(),
            r["iri"],
        ),
    )
