"""The years each node and link of a network is reported in, for GEXF's timeline (Gephi).

A link is in year Y exactly when it is in the network of Y's view (``--year Y``); an
organisation when a source of Y describes it or it has a link in Y; a collaboration (the
two-mode graph) when it is in Y's view. A link of the whole network that no year's view has
(its two organisations are parties of a collaboration in different years only) is in the
years its collaborations are reported in: without years, Gephi would show it in every year.

Each year is the interval of its days, 1 January to 31 December: the sources report a fact
for a year, not for a day, so a timeline window over one year shows that year's network, and
consecutive years join into one spell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from kg.model.projection import actor_graph, bipartite_graph

if TYPE_CHECKING:  # pragma: no cover
    from kg.io.source import Source

#: A node's or a link's years: node IRI, or the pair of IRIs in order → years.
Years = dict[object, list[int]]
#: A link's weight in each year's view: the pair of IRIs in order → {year: weight}.
Weights = dict[tuple[str, str], dict[int, int]]


def timeline(source: Source, network: nx.Graph) -> tuple[Years, Weights]:
    """The years (:meth:`kg.io.source.Source.years`) each node and link of ``network`` (the
    whole data's organisation network, or its two-mode graph) is in, as the year's view has
    it, and each weighted link's weight in each year's view (``kg export --year Y``'s
    ``weight``; a link in no year's view: its whole weight in its collaborations' years).
    Links are keyed by their two ends in sorted order. Data without years gives empty dicts.

    >>> from kg.io.source import Source
    >>> from kg.model.projection import actor_graph
    >>> years, weights = timeline(Source(), actor_graph(Source().facts()))
    >>> years["https://w3id.org/kg-malmo/id/fritidsnamnden"]
    [2012, 2016, 2020]
    >>> weights[("https://w3id.org/kg-malmo/id/arbetsformedlingen", "https://w3id.org/kg-malmo/id/jobb-malmo")]
    {2012: 1, 2016: 2}
    """
    two_mode = any("kind" in data for _, data in network.nodes(data=True))
    project = bipartite_graph if two_mode else actor_graph
    found: dict[object, list[int]] = {}
    weights: Weights = {}
    for year in source.years():
        facts = source.at(year).facts()
        of_year: nx.Graph = project(facts)
        for node, data in of_year.nodes(data=True):
            described = data.get("kind") == "collaboration" or bool(
                facts.actors.get(node, {}).get("evidence")
            )
            if described or of_year.degree(node):
                found.setdefault(node, []).append(year)
        for a, b, weight in of_year.edges(data="weight"):
            ends = (a, b) if a < b else (b, a)
            found.setdefault(ends, []).append(year)
            if weight is not None:
                weights.setdefault(ends, {})[year] = weight
    if found:
        collaborations = source.whole().facts().collaborations
        for a, b, data in network.edges(data=True):
            ends = tuple(sorted((a, b)))
            if ends not in found:  # in no year's view: its collaborations' years
                shared = data.get("collaborations") or [x for x in ends if x in collaborations]
                reported = {y for c in shared for y in collaborations[c]["years"]}
                found[ends] = sorted(reported)
                for end in ends:  # a link's ends are there when it is (Gephi asks it)
                    found[end] = sorted({*found.get(end, ()), *reported})
                if data.get("weight") is not None:
                    weights[ends] = {year: data["weight"] for year in found[ends]}
    return found, weights


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
