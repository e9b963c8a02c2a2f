"""Run every analysis once over a loaded graph and keep the results together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import networkx as nx

import kg.progress as progress
from kg.analysis import brokerage, centrality, communities, concentration, gaps, holes, optional
from kg.analysis.matrices import EdgeTable, edge_table
from kg.collector import collector_paused
from kg.model.facts import Facts
from kg.model.projection import actor_graph, bipartite_graph
from kg.numbers import counted


@dataclass(repr=False)
class Analysis:
    """The projected network and every measure computed on it, as plain data (its text form
    is one line of counts; :func:`kg.frames` makes each result a DataFrame).

    - ``facts``: what the analyses read (:class:`kg.model.facts.Facts`).
    - ``network``: the organisation network (a ``networkx.Graph``, undirected): a node per
      organisation, keyed by its IRI, with ``iri``, ``label`` (Swedish), ``label_en``,
      ``type``, ``sector`` (its partner group's short name), ``municipal`` (None where the
      data does not say), ``municipality``, ``units`` (its own bodies, by label), the
      centralities (``degree``, ``weighted_degree``, ``betweenness``, ``eigenvector``,
      ``closeness``) and ``community`` (None without partners); an edge per pair of
      partners, ``weight`` the number of ``collaborations`` (their IRIs) they share, a
      collaboration and a part of it counted once.
    - ``centrality``: ``.rows``, a dict per organisation (``iri``, ``label``, ``label_en``,
      ``type``, ``sector``, ``degree``, ``weighted_degree``, ``betweenness``,
      ``eigenvector``, ``closeness``, and :data:`kg.analysis.concentration.FIELDS`);
      ``.backend`` and ``.betweenness_method`` say how it was computed.
    - ``brokers``: a dict per organisation with partners, the brokers first
      (:func:`kg.analysis.brokerage.brokerage`): ``iri``, ``label``, ``label_en``, ``type``,
      ``sector``, ``partners``, ``sectors_spanned``, ``partner_sectors``,
      ``cross_sector_pairs``, ``constraint`` and ``effective_size`` (Burt's, weighted by
      ``weight``), and how concentrated its partners are.
    - ``communities``: a dict per community, numbered from 1, largest first: ``community``,
      ``size``, ``sectors`` ({group: members}) and ``members`` (``iri``, ``label``,
      ``label_en``, ``sector`` each).
    - ``modularity``: the communities' weighted modularity (None for a network without
      links).
    - ``sector_holes``: a dict per pair of partner groups: ``sectors`` (the two), ``links``
      between them, ``status`` ("none", "single" or "bridged") and ``bridge`` (``iri`` and
      ``label`` of the two organisations of a single link).
    - ``community_holes``: ``{"single": [...], "unconnected_pairs": n, "unconnected": [[a,
      b], …]}``: pairs of communities joined by one link, and those joined by none.
    - ``gaps``: a dict per committee, the widest gap first: ``committee``, ``label``,
      ``label_en``, ``status``, ``partners``, ``by_sector`` ({group: partners}),
      ``missing_sectors`` (its gaps), ``no_partner_in``, ``unnamed_sectors``,
      ``partner_list``, ``unnamed``, ``own_work`` and ``evidence``.
    - ``backends``: which library computed what ({"betweenness": "networkx", …}).
    """

    facts: Facts
    network: nx.Graph
    centrality: centrality.CentralityResult
    brokers: list[dict]
    communities: list[dict]
    sector_holes: list[dict]
    community_holes: dict
    gaps: list[dict]
    backends: dict[str, str] = field(default_factory=dict)
    modularity: float | None = None

    def __repr__(self) -> str:
        lacking = sum(1 for row in self.gaps if row["missing_sectors"])
        parts = [
            counted(self.network.number_of_nodes(), "organisation"),
            counted(self.network.number_of_edges(), "partner link"),
            counted(len(self.facts.collaborations), "collaboration"),
            counted(len(self.communities), "community", "communities"),
            counted(sum(1 for row in self.brokers if brokerage.bridges(row)), "broker"),
            f"{lacking:,} of {counted(len(self.gaps), 'committee')} with a gap",
        ]
        return f"<Analysis: {', '.join(parts)}>"


@collector_paused
def analyse(facts: Facts) -> Analysis:
    """Project the facts and compute centrality, brokerage, communities, holes and gaps.

    The network's nodes are annotated with their centralities and community number;
    ``backends`` says which library computed betweenness and communities. What each field of
    the :class:`Analysis` holds, the network's node and edge attributes among them, is in
    ``help(Analysis)`` (``help(analysis)`` of the one returned).

    >>> from kg.io.source import Source
    >>> analyse(Source().facts()).network.number_of_nodes() > 50
    True
    """
    if not hasattr(facts, "takes_part_in"):
        raise TypeError(
            f"analyse takes the facts a source reads, not a {type(facts).__name__}: "
            "kg.analyse(source.facts())"
        )
    network = actor_graph(facts)  # a step of its own, counting organisations
    with _centrality(network) as (table, started):
        found, quality = _communities(network, table)
        brokers, concentrated = broker_rows(facts, network, table=table)
        with progress.step("Structural holes"):
            sector_holes = holes.sector_holes(network, table=table)
            community_holes = holes.community_holes(network, found, table=table)
            holes.check_borders(network, community_holes)
        # a step of its own, counting committees
        committee_gaps = gaps.committee_gaps(facts, network=network)
        measures = started.finish()
    annotate(network, measures.rows, communities.membership(found))
    _add_concentration(measures, concentrated)
    return Analysis(
        facts=facts,
        network=network,
        centrality=measures,
        brokers=brokers,
        communities=found,
        sector_holes=sector_holes,
        community_holes=community_holes,
        gaps=committee_gaps,
        backends=_backends(network, measures),
        modularity=quality,
    )


@dataclass(repr=False)
class Measured:
    """The projected network with its centralities and communities, and how they were
    computed: what :func:`measured_network` gives, the part of :class:`Analysis` a network
    export writes (the same fields, with the same meaning)."""

    facts: Facts
    network: nx.Graph
    centrality: centrality.CentralityResult
    backends: dict[str, str] = field(default_factory=dict)
    modularity: float | None = None


@collector_paused
def measured_network(facts: Facts) -> Measured:
    """Project the facts and compute the centralities and communities :func:`analyse` puts on
    the network's nodes, by the same functions, and nothing else (no brokerage, holes, gaps
    or partner concentration): what ``kg export`` writes as GraphML, GEXF or CSV.

    >>> from kg.io.source import Source
    >>> facts = Source().facts()
    >>> measured = measured_network(facts)
    >>> sorted(measured.network.nodes(data=True)) == sorted(analyse(facts).network.nodes(data=True))
    True
    """
    network = actor_graph(facts)
    with _centrality(network) as (table, started):
        found, quality = _communities(network, table)
        measures = started.finish()
    annotate(network, measures.rows, communities.membership(found))
    return Measured(facts, network, measures, _backends(network, measures), quality)


@contextmanager
def _centrality(network: nx.Graph) -> Iterator[tuple[EdgeTable, centrality.Started]]:
    """The network's edge table, read once for every analysis, and its centralities started (a
    large network's betweenness goes on counting in the background meanwhile), stopped at the
    end of the block where they were not waited for."""
    size = network.number_of_nodes()
    with progress.step("Centrality of {organisations} organisations", organisations=size):
        table = edge_table(network)
        started = centrality.start(network, table=table)
    try:
        yield table, started
    finally:
        started.cancel()


def _communities(network: nx.Graph, table: EdgeTable) -> tuple[list[dict], float | None]:
    with progress.step("Communities"):
        found = communities.communities(network, table=table)
        return found, communities.modularity(network, found, table=table)


def _backends(network: nx.Graph, measures: centrality.CentralityResult) -> dict[str, str]:
    return {
        "betweenness": measures.backend,
        "communities": optional.backend_for(network, communities.IGRAPH_LIMIT),
    }


def broker_rows(
    facts: Facts, network: nx.Graph, *, table: EdgeTable | None = None
) -> tuple[list[dict], dict[str, dict]]:
    """:attr:`Analysis.brokers` of ``network`` (:func:`kg.model.projection.actor_graph` of
    ``facts``), and how concentrated each organisation's partners are, by IRI: what ``kg
    brokers`` shows, without the other analyses."""
    with progress.step("Brokerage (Burt's constraint and effective size)"):
        rows = brokerage.brokerage(network, table=table)
        concentrated = concentration.concentration(network, facts)
        return [{**row, **concentrated[row["iri"]]} for row in rows], concentrated


def centrality_of(facts: Facts, network: nx.Graph) -> centrality.CentralityResult:
    """:attr:`Analysis.centrality` of ``network`` (:func:`kg.model.projection.actor_graph` of
    ``facts``): what ``kg centrality`` shows, without the other analyses."""
    with _centrality(network) as (_, started):
        measures = started.finish()
    _add_concentration(measures, concentration.concentration(network, facts))
    return measures


def _add_concentration(measures: centrality.CentralityResult, concentrated: dict) -> None:
    for row in measures.rows:  # the central organisations' partner counts, read alike
        row.update(concentrated.get(row["iri"]) or concentration.without_partners())


def annotate(network: nx.Graph, centrality_rows: list[dict], community_of: dict[str, int]) -> None:
    """Add centralities and community numbers to the network's nodes, in place. An
    organisation without partners is in no community: its ``community`` is None (communities
    are numbered from 1)."""
    by_iri = {row["iri"]: row for row in centrality_rows}
    for node, data in network.nodes(data=True):
        row = by_iri.get(data.get("iri", node), {})
        for measure in centrality.MEASURES:
            data[measure] = row.get(measure, 0)
        data["community"] = community_of.get(data.get("iri", node))


def two_mode_network(analysis: Analysis | Measured) -> nx.Graph:
    """The organisation–collaboration graph (``kg map --view bipartite`` draws it, ``kg export
    --view bipartite`` writes it), each organisation with the attributes it has in the
    organisation network (its centralities, and its community or None); each edge carries
    the excerpts that make the organisation a party."""
    graph = bipartite_graph(analysis.facts)
    for node, data in analysis.network.nodes(data=True):
        if node in graph:
            graph.nodes[node].update(data)
    return graph
