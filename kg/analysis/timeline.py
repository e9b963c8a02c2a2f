"""The years each node and link of a network is reported in, for GEXF's timeline (Gephi).

A link is in year Y exactly when it is in the network of Y's view (``--year Y``); an
organisation when a source of Y describes it or it has a link in Y; a collaboration (the
two-mode graph) when it is in Y's view. Each year is the interval of its days, 1 January to
31 December: the sources report a fact for a year, not for a day, so a timeline window over
one year shows that year's network, and consecutive years join into one spell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from kg.model.projection import actor_graph, bipartite_graph

if TYPE_CHECKING:  # pragma: no cover
    from kg.io.source import Source

#: A node's or a link's years: node IRI, or the pair of IRIs in order → years.
Years = dict[object, list[int]]


def network_years(source: Source, view: str = "actors") -> Years:
    """The years (:meth:`kg.io.source.Source.years`) each node and link of ``view``'s network
    (``actors`` or ``bipartite``) is in, as the year's view has it. Links are keyed by their
    two ends in sorted order. Data without years gives an empty dict.

    >>> from kg.io.source import Source
    >>> found = network_years(Source())
    >>> found["https://w3id.org/kg-malmo/id/fritidsnamnden"]
    [2012, 2016, 2020]
    """
    project = bipartite_graph if view == "bipartite" else actor_graph
    found: dict[object, list[int]] = {}
    for year in source.years():
        facts = source.at(year).facts()
        network: nx.Graph = project(facts)
        for node, data in network.nodes(data=True):
            described = data.get("kind") == "collaboration" or bool(
                facts.actors.get(node, {}).get("evidence")
            )
            if described or network.degree(node):
                found.setdefault(node, []).append(year)
        for a, b in network.edges():
            found.setdefault(tuple(sorted((a, b))), []).append(year)
    return found


def spells(years: list[int]) -> list[tuple[str, str]]:
    """Years as GEXF spells of dates, runs of consecutive years joined.

    >>> spells([2010, 2011, 2012, 2016])
    [('2010-01-01', '2012-12-31'), ('2016-01-01', '2016-12-31')]
    """
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [(f"{run[0]:04d}-01-01", f"{run[-1]:04d}-12-31") for run in runs]
