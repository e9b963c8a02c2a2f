"""Structural holes: pairs of communities or sectors joined by no edge or by a single bridge."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from kg.analysis.communities import membership
from kg.model.sectors import vocabulary


def sector_holes(network: nx.Graph) -> list[dict]:
    """For each pair of partner groups: how many links cross between them, and the bridges.

    ``status`` is ``"none"`` (no link), ``"single"`` (exactly one link: its two organisations
    are the bridge) or ``"bridged"``. Every pair of the five groups is listed.

    >>> g = nx.Graph([("p", "c")])
    >>> nx.set_node_attributes(g, {"p": "agencies", "c": "civil"}, "sector")
    >>> [(h["sectors"], h["status"]) for h in sector_holes(g)][:2]
    [(['civil', 'academia'], 'none'), (['civil', 'business'], 'none')]
    """
    groups = vocabulary().names
    sector = dict(network.nodes(data="sector"))
    crossing: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for a, b in network.edges():
        sa, sb = sector[a], sector[b]
        if sa != sb and sa in groups and sb in groups:
            key = tuple(sorted((sa, sb), key=groups.index))
            crossing[key].append(tuple(sorted((a, b))))
    return [_hole(network, list(pair), crossing[pair]) for pair in combinations(groups, 2)]


def community_holes(network: nx.Graph, found: list[dict]) -> dict:
    """Pairs of communities joined by exactly one link (its actors are the bridge).

    Returns ``{"single": [...], "unconnected_pairs": n}``: community pairs with no link at all
    are only counted, since with many small communities they are most pairs.
    """
    number = membership(found)
    community_of = {n: number.get(data.get("iri", n)) for n, data in network.nodes(data=True)}
    crossing: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for a, b in network.edges():
        ca, cb = community_of[a], community_of[b]
        if ca is not None and cb is not None and ca != cb:
            crossing[tuple(sorted((ca, cb)))].append(tuple(sorted((a, b))))
    # only linked pairs are visited: with many small communities most pairs are not linked
    linked = sorted(crossing.items())
    single = [_hole(network, list(pair), links) for pair, links in linked if len(links) == 1]
    pairs = len(found) * (len(found) - 1) // 2
    return {"single": single, "unconnected_pairs": pairs - len(crossing)}


def _hole(network: nx.Graph, pair: list, links: list[tuple[str, str]]) -> dict:
    status = "none" if not links else "single" if len(links) == 1 else "bridged"
    bridge = sorted({n for link in links for n in link}) if status == "single" else []
    return {
        "sectors" if isinstance(pair[0], str) else "communities": pair,
        "links": len(links),
        "status": status,
        "bridge": [
            {"iri": network.nodes[n].get("iri", n), "label": network.nodes[n].get("label", n)}
            for n in bridge
        ],
    }
