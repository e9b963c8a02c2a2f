"""Centrality of actors: degree, weighted degree, betweenness, eigenvector and closeness."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

import kg.progress as progress
from kg.analysis import optional
from kg.analysis.background import Betweenness, in_background
from kg.analysis.matrices import EdgeTable, edge_table, symmetric
from kg.model.names import natural
from kg.model.projection import node_fields
from kg.model.sectors import vocabulary

#: The measures ``centrality`` computes, in report order.
MEASURES = ("degree", "weighted_degree", "betweenness", "eigenvector", "closeness")

#: Above this many actors, betweenness is estimated from ``BETWEENNESS_SAMPLE`` sources.
#: networkx's exact betweenness is O(n·m); measured on 2 cores it passes a minute at about
#: 3,500 actors, so 1,000 keeps reports interactive with room to spare.
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLE = 256
SEED = 42
#: networkx's eigenvector iteration limit and tolerance; values are rounded to 6 decimals.
EIGENVECTOR_MAX_ITER, EIGENVECTOR_TOL = 1000, 1e-6


@dataclass
class CentralityResult:
    """Rows of measures per actor, and how betweenness was computed."""

    rows: list[dict] = field(default_factory=list)
    betweenness_method: str = "exact"
    betweenness_sample: int | None = None
    #: ``networkx``, or ``igraph``: betweenness in igraph, closeness and eigenvector in numpy
    backend: str = "networkx"

    def to_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "betweenness": {
                "method": self.betweenness_method,
                "sample": self.betweenness_sample,
                "backend": self.backend,
            },
            "actors": self.rows,
        }


def compute(
    network: nx.Graph,
    *,
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    sample: int = BETWEENNESS_SAMPLE,
    seed: int = SEED,
    backend: str | None = None,
) -> CentralityResult:
    """Compute every measure for every actor of ``network`` (an :func:`kg.projection.actor_graph`).

    Betweenness and closeness are exact up to ``exact_limit`` nodes and estimated from
    ``sample`` seeded source nodes above it (both are O(n·m) exactly); the result says which,
    and which ``backend`` computed them (default: igraph past ``exact_limit`` if installed).
    Both backends draw the same sources and scale the same way, so their numbers agree to
    rounding. In a large network igraph's betweenness is counted in a process of its own while
    closeness and eigenvector are computed here (:func:`start`).

    >>> g = nx.star_graph(3)
    >>> nx.set_node_attributes(g, {n: str(n) for n in g}, "label")
    >>> result = compute(g)
    >>> [row["iri"] for row in result.rows][:1], result.rows[0]["betweenness"], result.backend
    (['0'], 1.0, 'networkx')
    """
    return start(
        network,
        exact_limit=exact_limit,
        sample=sample,
        seed=seed,
        backend=backend,
    ).finish()


@dataclass
class Started:
    """:func:`compute` begun: every measure but igraph's betweenness is known, which may be
    counting in the background (:mod:`kg.analysis.background`); :meth:`finish` completes it."""

    network: nx.Graph
    result: CentralityResult
    closeness: dict
    eigenvector: dict
    betweenness: Callable[[], dict]
    cancel: Callable[[], None] = lambda: None

    def finish(self) -> CentralityResult:
        """The rows, ranked by degree (waits for betweenness); the same result if called again."""
        with progress.step("Betweenness"):
            if self.result.rows or not self.network:
                return self.result
            betweenness, network, result = self.betweenness(), self.network, self.result
            degree, weighted_degree = dict(network.degree()), dict(network.degree(weight="weight"))
            for node, data in network.nodes(data=True):
                result.rows.append(
                    {
                        **node_fields(node, data),
                        "degree": degree[node],
                        "weighted_degree": weighted_degree[node],
                        "betweenness": round(betweenness[node], 6),
                        "eigenvector": round(self.eigenvector[node], 6),
                        "closeness": round(self.closeness[node], 6),
                    }
                )
            result.rows = rank(result.rows, "degree")
            return result


def start(
    network: nx.Graph,
    *,
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    sample: int = BETWEENNESS_SAMPLE,
    seed: int = SEED,
    backend: str | None = None,
    background: bool | None = None,
    table: EdgeTable | None = None,
) -> Started:
    """Begin :func:`compute` (the same arguments): with the igraph backend, betweenness is
    counted in a process of its own when ``background`` is true (None: when the network is
    large enough for it to pay, :func:`kg.analysis.background.in_background`), so that other
    work can go on; call :meth:`Started.finish` (or ``cancel``) when done with it. ``table``
    is the network's :func:`~kg.analysis.matrices.edge_table`, where the caller has it."""
    backend = optional.backend_for(network, exact_limit, backend)
    if backend == "igraph":
        optional.igraph()  # installed, or an ImportError that says how
    result = CentralityResult(backend=backend)
    n = network.number_of_nodes()
    if n > exact_limit:
        result.betweenness_method, result.betweenness_sample = "sampled", min(sample, n)
    if backend == "igraph":
        return _fast_measures(network, result, seed, background, table)
    k = result.betweenness_sample
    if k is None:
        betweenness = nx.betweenness_centrality(network)
        closeness = nx.closeness_centrality(network)
    else:
        betweenness = nx.betweenness_centrality(network, k=k, seed=seed)
        closeness = sampled_closeness(network, k, seed=seed)
    return Started(network, result, closeness, _eigenvector(network, table), lambda: betweenness)


def _fast_measures(
    network: nx.Graph,
    result: CentralityResult,
    seed: int,
    background: bool | None,
    table: EdgeTable | None,
) -> Started:
    """Betweenness in igraph; closeness and eigenvector in numpy on the sparse adjacency."""
    nodes, edges = table if table is not None else edge_table(network)
    index = {node: i for i, node in enumerate(nodes)}
    sample = result.betweenness_sample
    between, close = None, list(range(len(nodes)))
    if sample is not None:
        # the sources networkx's betweenness_centrality(k=sample, seed=seed) draws
        between = [index[s] for s in random.Random(seed).sample(nodes, sample)]
        close = [index[s] for s in _closeness_sources(network, sample, seed)]
        if len(between) == len(nodes):
            between = None  # every node a source: exact
    if background is None:
        background = in_background(len(edges))
    counting = Betweenness(
        len(nodes), edges[:, :2].astype(np.int64).tolist(), between, background=background
    )
    adjacency = symmetric(len(nodes), edges)
    totals, reached = _distance_totals(adjacency, close)
    # the components' sizes from the adjacency, in scipy (the same sizes networkx finds)
    _, labels = csgraph.connected_components(adjacency, directed=False)
    sizes = np.bincount(labels)[labels].tolist()
    closeness = _wasserman_faust(
        network,
        dict(zip(nodes, totals, strict=True)),
        dict(zip(nodes, reached, strict=True)),
        dict(zip(nodes, sizes, strict=True)),
    )
    eigenvector = dict(zip(nodes, _power_iteration(adjacency), strict=True))
    return Started(
        network,
        result,
        closeness,
        eigenvector,
        lambda: _igraph_betweenness(counting.result(), nodes, between),
        counting.cancel,
    )


def _igraph_betweenness(raw: list[float], nodes: list, sources: list[int] | None) -> dict:
    """igraph's ``raw`` betweenness normalized like networkx's for undirected graphs, exact
    (``sources`` None) or from ``sources``.

    igraph counts each unordered pair once where networkx counts both orders, hence the 2. From
    a sample of k sources, networkx scales a node by 1/(k(n-2)), or 1/((k-1)(n-2)) when it is
    a source itself (a node is never an endpoint of the paths it lies on).
    """
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    if sources is None:
        scale = 2 / ((n - 1) * (n - 2))
        return {node: b * scale for node, b in zip(nodes, raw, strict=True)}
    k = len(sources)
    source_scale = 2 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    other_scale = 2 / (k * (n - 2))
    chosen = set(sources)
    return {
        node: b * (source_scale if i in chosen else other_scale)
        for i, (node, b) in enumerate(zip(nodes, raw, strict=True))
    }


#: the number of set bits of each byte
_POPCOUNT = np.array([bin(byte).count("1") for byte in range(256)], dtype=np.int64)


def _distance_totals(adjacency: sparse.csr_array, sources: list[int]) -> tuple[list, list]:
    """Per vertex: the sum of its distances from the ``sources`` that reach it, and their number.

    Breadth-first searches from 64 sources at once, one bit per source: a level's frontier is
    the OR of the neighbours' frontiers, less what was already seen.
    """
    n = adjacency.shape[0]
    linked = np.diff(adjacency.indptr) > 0
    starts = adjacency.indptr[:-1][linked]
    totals = np.zeros(n, dtype=np.int64)
    reached = np.zeros(n, dtype=np.int64)
    for first in range(0, len(sources), 64):
        chunk = np.array(sources[first : first + 64], dtype=np.int64)
        seen = np.zeros(n, dtype=np.uint64)
        seen[chunk] = np.left_shift(np.uint64(1), np.arange(len(chunk), dtype=np.uint64))
        frontier, distance = seen.copy(), 0
        while frontier.any():
            distance += 1
            near = np.zeros(n, dtype=np.uint64)
            near[linked] = np.bitwise_or.reduceat(frontier[adjacency.indices], starts)
            frontier = near & ~seen
            seen |= frontier
            count = _POPCOUNT[frontier.view(np.uint8)].reshape(n, 8).sum(axis=1)
            totals += distance * count
            reached += count
    return totals.tolist(), reached.tolist()


def sampled_closeness(network: nx.Graph, sample: int, *, seed: int = SEED) -> dict:
    """Closeness estimated from breadth-first searches out of ``sample`` seeded source nodes.

    A node's mean distance to the others in its component is estimated by its mean distance
    from the sources that reach it, then scaled like networkx's closeness (Wasserman and Faust:
    by the share of other nodes in its component). Exact when ``sample`` covers every node.

    >>> g = nx.path_graph(5)
    >>> sampled_closeness(g, 5) == nx.closeness_centrality(g)
    True
    """
    totals: dict = dict.fromkeys(network, 0)
    reached: dict = dict.fromkeys(network, 0)
    for source in _closeness_sources(network, sample, seed):
        for node, distance in nx.single_source_shortest_path_length(network, source).items():
            if node != source:
                totals[node] += distance
                reached[node] += 1
    return _wasserman_faust(network, totals, reached)


def _closeness_sources(network: nx.Graph, sample: int, seed: int) -> list:
    nodes = sorted(network, key=str)
    return random.Random(seed).sample(nodes, min(sample, len(nodes)))


def _wasserman_faust(
    network: nx.Graph, totals: dict, reached: dict, component_size: dict | None = None
) -> dict:
    """Closeness from each node's total distance to the sources it ``reached``, scaled by the
    share of the other nodes that are in its component (0 where no source reached it).
    ``component_size`` is each node's component's size, where the caller has it."""
    n = network.number_of_nodes()
    if n < 2:
        return dict.fromkeys(network, 0.0)
    if component_size is None:
        component_size = {
            node: len(component)
            for component in nx.connected_components(network)
            for node in component
        }
    return {
        node: (component_size[node] - 1) / (n - 1) / (totals[node] / reached[node])
        if reached[node] and component_size[node] >= 2
        else 0.0
        for node in network
    }


def _eigenvector(network: nx.Graph, table: EdgeTable | None = None) -> dict:
    nodes, edges = table if table is not None else edge_table(network)
    return dict(zip(nodes, _power_iteration(symmetric(len(nodes), edges)), strict=True))


def _power_iteration(adjacency: sparse.csr_array) -> list[float]:
    """Weighted eigenvector centrality, on the dominant component only: the connected
    component whose adjacency has the largest leading eigenvalue holds its Perron vector
    (unit length), every other node exactly 0.

    That is what the power iteration on the whole network (networkx's eigenvector_centrality)
    tends to, less the leftovers of stopping early that it leaves on other components, which
    networkx's exact solver calls ambiguous; and it keeps the measure comparable across the
    network (a pair on its own would otherwise outrank the core). Components whose leading
    eigenvalues tie (to 1e-9) share the vector: each its Perron vector, together unit length.

    Every component is iterated at once, as networkx iterates (same start and steps; its
    stopping rule per component): x ← (A + I)x, each component's part scaled to unit length.
    The Collatz–Wielandt bounds on each component's leading eigenvalue leave out, as they
    tighten, the components that cannot be dominant: the iteration stops once the L1 change of
    every component still in is below its size·tol (a slow component left out does not hold
    it up), and the Rayleigh quotients of those decide.
    """
    n = adjacency.shape[0]
    if not adjacency.nnz:
        return [0.0] * n
    _, labels = csgraph.connected_components(adjacency, directed=False)
    size = np.bincount(labels)
    order, starts = np.argsort(labels, kind="stable"), np.cumsum(size) - size
    x = np.full(n, 1 / n)
    for _ in range(EIGENVECTOR_MAX_ITER):
        last = x
        x = last + adjacency @ last
        ratio = (x / last)[order]  # ρ(A + I) of a component lies between its least and most
        most, least = np.maximum.reduceat(ratio, starts), np.minimum.reduceat(ratio, starts)
        still_in = most >= least.max() * (1 - 1e-9)
        x /= np.sqrt(np.bincount(labels, x * x))[labels]
        change = np.bincount(labels, np.abs(x - last))
        if (change[still_in] < size[still_in] * EIGENVECTOR_TOL).all():
            break
    else:
        raise nx.PowerIterationFailedConvergence(EIGENVECTOR_MAX_ITER)
    leading = np.where(still_in, np.bincount(labels, x * (adjacency @ x)), -np.inf)
    dominant = leading >= leading.max() - 1e-9 * max(abs(leading.max()), 1)
    return np.where(dominant[labels], x / np.sqrt(dominant.sum()), 0.0).tolist()


def rank(rows: list[dict], measure: str) -> list[dict]:
    """Sort rows by ``measure``, highest first; ties by label, then IRI (deterministic)."""
    return sorted(rows, key=lambda r: (-r[measure], natural(r["label"]), r["iri"]))


def select(
    rows: list[dict],
    *,
    measure: str = "degree",
    actor_type: str | None = None,
    sector: str | None = None,
    top: int | None = None,
) -> list[dict]:
    """Filter by type (``committee``, ``association`` …) and partner group (any word of the
    vocabulary; ``public``: both public groups), rank, keep the top N."""
    groups = vocabulary().covered(sector) if sector is not None else ()
    chosen = [
        r
        for r in rows
        if (actor_type is None or r["type"].casefold() == actor_type.casefold())
        and (sector is None or r["sector"] in groups)
    ]
    ranked = rank(chosen, measure)
    return ranked[:top] if top else ranked
