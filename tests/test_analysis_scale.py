"""The fast paths for large networks: igraph and numpy against networkx, determinism, backends."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from conftest import facts_of

from kg.analysis import brokerage, centrality, communities, pipeline
from kg.model.projection import actor_graph


@pytest.fixture(scope="module")
def facts(request):
    path = request.config.rootpath / "tests" / "fixtures" / "analysis.ttl"
    return facts_of(path)


def _random_network(nodes: int, edges: int, seed: int) -> nx.Graph:
    """A random weighted network with a self-loop and an isolated actor, labelled like kg's."""
    graph = nx.gnm_random_graph(nodes, edges, seed=seed)
    graph = nx.relabel_nodes(graph, {n: f"n{n:04d}" for n in graph})
    graph.add_edge("n0000", "n0000")
    graph.add_node("alone")
    pick = random.Random(seed)
    for a, b in graph.edges:
        graph.edges[a, b]["weight"] = pick.randint(1, 3)
    for node in graph:
        graph.nodes[node].update(label=node, sector=pick.choice(["public", "civil", "academia"]))
    return graph


def _cliques(count: int, size: int) -> nx.Graph:
    """``count`` cliques of ``size`` actors, each joined to the next by a single edge."""
    graph = nx.Graph()
    for c in range(count):
        members = [f"c{c}-{i}" for i in range(size)]
        graph.add_edges_from((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
        if c:
            graph.add_edge(f"c{c - 1}-0", f"c{c}-1")
    nx.set_node_attributes(graph, "civil", "sector")
    return graph


def _by_iri(result: centrality.CentralityResult) -> dict[str, dict]:
    return {row["iri"]: row for row in result.rows}


# ---- centrality


@pytest.mark.parametrize("seed", [1, 2])
def test_igraph_exact_betweenness_equals_networkx(seed):
    network = _random_network(120, 300, seed)
    nodes = list(network)
    index = {node: i for i, node in enumerate(nodes)}
    graph = centrality.igraph.Graph(
        n=len(nodes), edges=[(index[a], index[b]) for a, b in network.edges]
    )
    fast = centrality._igraph_betweenness(graph, nodes, list(range(len(nodes))))
    exact = nx.betweenness_centrality(network)
    assert all(round(fast[n], 6) == round(exact[n], 6) for n in network)
    assert fast == pytest.approx(exact, abs=1e-12)


@pytest.mark.parametrize(("exact_limit", "method"), [(1000, "exact"), (50, "sampled")])
def test_igraph_backend_agrees_with_networkx(exact_limit, method):
    network = _random_network(150, 400, 3)
    slow = centrality.compute(network, exact_limit=exact_limit, sample=60, backend="networkx")
    fast = centrality.compute(network, exact_limit=exact_limit, sample=60, backend="igraph")
    assert (slow.backend, fast.backend) == ("networkx", "igraph")
    assert slow.betweenness_method == fast.betweenness_method == method
    slow_rows, fast_rows = _by_iri(slow), _by_iri(fast)
    for iri, row in slow_rows.items():
        for measure in centrality.MEASURES:
            # the same numbers up to floating-point noise at the sixth decimal
            assert fast_rows[iri][measure] == pytest.approx(row[measure], abs=1.01e-6), measure


def test_sampled_estimates_are_deterministic_and_close_to_exact():
    network = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=4)
    nx.set_node_attributes(network, {n: str(n) for n in network}, "label")
    first = centrality.compute(network, exact_limit=100, sample=300, backend="igraph")
    again = centrality.compute(network, exact_limit=100, sample=300, backend="igraph")
    assert first.rows == again.rows
    assert (first.betweenness_method, first.betweenness_sample) == ("sampled", 300)
    exact = _by_iri(centrality.compute(network, backend="igraph"))
    for iri, row in _by_iri(first).items():
        assert row["closeness"] == pytest.approx(exact[iri]["closeness"], rel=0.05)
    total = sum(row["betweenness"] for row in first.rows)
    error = sum(abs(row["betweenness"] - exact[row["iri"]]["betweenness"]) for row in first.rows)
    assert error / total < 0.1


def test_backend_follows_the_limit_and_is_reported():
    network = _random_network(60, 120, 5)
    assert centrality.compute(network).backend == "networkx"
    result = centrality.compute(network, exact_limit=30, sample=20)
    assert result.backend == "igraph"
    assert result.to_dict()["betweenness"] == {
        "method": "sampled",
        "sample": 20,
        "backend": "igraph",
    }


def test_networkx_path_is_kept_without_igraph(monkeypatch):
    network = _random_network(60, 120, 6)
    monkeypatch.setattr(centrality, "igraph", None)
    monkeypatch.setattr(communities, "igraph", None)
    assert centrality.compute(network, exact_limit=30, sample=20).backend == "networkx"
    assert communities.backend_for(network, limit=30) == "networkx"
    with pytest.raises(ImportError, match="igraph"):
        centrality.compute(network, backend="igraph")
    with pytest.raises(ImportError, match="igraph"):
        communities.communities(network, backend="igraph")


def test_unknown_backend_is_refused():
    network = _random_network(20, 30, 7)
    with pytest.raises(ValueError, match="unknown backend"):
        centrality.compute(network, backend="graph-tool")
    with pytest.raises(ValueError, match="unknown backend"):
        communities.communities(network, backend="graph-tool")


# ---- communities


def test_igraph_communities_are_the_cliques():
    network = _cliques(6, 7)
    network.add_node("alone", sector="civil")
    found = communities.communities(network, backend="igraph")
    assert found == communities.communities(network, backend="igraph")
    groups = {frozenset(m["iri"] for m in c["members"]) for c in found}
    assert groups == {frozenset(f"c{c}-{i}" for i in range(7)) for c in range(6)}


def test_igraph_communities_cover_the_actors_with_partners():
    network = _random_network(400, 700, 8)
    found = communities.communities(network, backend="igraph")
    assert found == communities.communities(network, backend="igraph")
    members = [m["iri"] for c in found for m in c["members"]]
    assert sorted(members) == sorted(n for n in network if network.degree(n))
    assert [c["community"] for c in found] == list(range(1, len(found) + 1))


def test_communities_backend_follows_the_limit():
    network = _random_network(60, 120, 9)
    assert communities.backend_for(network) == "networkx"
    assert communities.backend_for(network, limit=30) == "igraph"


# ---- the pipeline, brokerage and gaps on the fixtures


def test_pipeline_reports_its_backends(facts):
    analysis = pipeline.analyse(facts)
    assert analysis.backends == {"betweenness": "networkx", "communities": "networkx"}
    assert analysis.centrality.to_dict()["betweenness"]["backend"] == "networkx"


def test_brokerage_counts_open_cross_sector_pairs_by_brute_force(facts):
    for network in (actor_graph(facts), _random_network(80, 400, 10)):
        for row in brokerage.brokerage(network):
            node = next(n for n, d in network.nodes(data=True) if d.get("iri", n) == row["iri"])
            partners = sorted(network[node])
            expected = sum(
                1
                for i, a in enumerate(partners)
                for b in partners[i + 1 :]
                if network.nodes[a].get("sector") != network.nodes[b].get("sector")
                and not network.has_edge(a, b)
            )
            assert row["cross_sector_pairs"] == expected
