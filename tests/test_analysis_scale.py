"""The fast paths for large networks: igraph and numpy against networkx, determinism, backends."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from conftest import facts_of

from kg.analysis import background, brokerage, centrality, communities, holes, optional, pipeline
from kg.analysis.matrices import edge_table
from kg.model.projection import actor_graph
from kg.model.sectors import vocabulary


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
    graph = optional.igraph().Graph(
        n=len(nodes), edges=[(index[a], index[b]) for a, b in network.edges]
    )
    fast = centrality._igraph_betweenness(graph.betweenness(directed=False), nodes, None)
    exact = nx.betweenness_centrality(network)
    assert all(round(fast[n], 6) == round(exact[n], 6) for n in network)
    assert fast == pytest.approx(exact, abs=1e-12)


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize(("exact_limit", "sample"), [(1000, 60), (100, 60), (100, 500)])
def test_betweenness_counted_in_the_background_is_the_same(exact_limit, sample, monkeypatch):
    network = _random_network(300, 900, 8)
    options = {"exact_limit": exact_limit, "sample": sample, "backend": "igraph"}
    here = centrality.start(network, **options, background=False).finish()

    def not_here(*_):
        raise AssertionError("counted in this process, not in the background")

    started = centrality.start(network, **options, background=True)
    monkeypatch.setattr(background, "count", not_here)
    assert started.finish().rows == here.rows
    assert started.result.betweenness_method == here.betweenness_method


@pytest.mark.parametrize("python", ["/bin/false", "/no/such/python"])
def test_a_failed_background_count_is_made_here(python, monkeypatch):
    network = _random_network(200, 500, 9)
    options = {"exact_limit": 50, "sample": 40, "backend": "igraph"}
    here = centrality.compute(network, **options)
    monkeypatch.setattr(background.sys, "executable", python)
    started = centrality.start(network, **options, background=True)
    assert started.finish().rows == here.rows


def test_a_cancelled_background_count_leaves_no_process():
    counting = background.Betweenness(3, [(0, 1), (1, 2)], None, background=True)
    process = counting._process
    assert process is not None
    counting.cancel()
    assert process.poll() is not None
    assert counting.result() == [0.0, 1.0, 0.0]  # then counted here


def test_the_counting_process_counts_without_importing_matplotlib():
    """igraph imports matplotlib's pyplot where it can (half a second of CPU); the process that
    only counts bars it, and counts the same as this process."""
    import pickle
    import subprocess
    import sys

    task = (4, [[0, 1], [1, 2], [2, 3]], None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kg.analysis.background"],
        input=pickle.dumps(task),
        capture_output=True,
        check=True,
    )
    assert pickle.loads(done.stdout) == background.count(*task) == [0.0, 2.0, 2.0, 0.0]
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.decode().splitlines()]
    assert "igraph" in imported
    # (a barred import is listed by its top name alone, having loaded nothing)
    assert not [name for name in imported if name.startswith("matplotlib.")]


def test_a_large_network_is_counted_in_the_background_on_two_cores(monkeypatch):
    """Two cores this process may run on, not the host's count (taskset, a cpuset)."""
    monkeypatch.setattr("kg.machine.cores", lambda: 2)
    assert background.in_background(background.BACKGROUND_FROM_EDGES)
    assert not background.in_background(background.BACKGROUND_FROM_EDGES - 1)
    monkeypatch.setattr("kg.machine.cores", lambda: 1)
    assert not background.in_background(10 * background.BACKGROUND_FROM_EDGES)


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
    monkeypatch.setattr(optional, "IGRAPH", False)
    assert centrality.compute(network, exact_limit=30, sample=20).backend == "networkx"
    assert optional.backend_for(network, 30) == "networkx"
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
    assert optional.backend_for(network, communities.IGRAPH_LIMIT) == "networkx"
    assert optional.backend_for(network, 30) == "igraph"


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


# ---- the edge table the analyses share


def _shuffled_network(seed: int) -> nx.Graph:
    """A random network whose node order is not its names' order, with a node removed and
    added again, self-loops, an isolated actor and actors outside the partner groups."""
    network = _random_network(300, 800, seed)
    pick = random.Random(seed)
    network = nx.relabel_nodes(network, {n: f"{pick.randint(0, 99)}-{n}" for n in network})
    removed = next(iter(network))
    neighbours = list(network[removed])
    network.remove_node(removed)
    network.add_edges_from((removed, other) for other in neighbours if other != removed)
    network.nodes[removed].update(label=removed, sector="business")
    for node in pick.sample(list(network), 20):
        network.nodes[node]["sector"] = "unknown"  # in no partner group
    for node in pick.sample(list(network), 10):
        del network.nodes[node]["sector"]
    network.add_edge(neighbours[0], neighbours[0], weight=2)
    return network


@pytest.mark.parametrize("seed", [11, 12])
def test_the_edge_table_is_the_edge_view_in_its_order(seed):
    network = _shuffled_network(seed)
    nodes, table = edge_table(network)
    index = {node: i for i, node in enumerate(nodes)}
    assert nodes == list(network)
    assert table.tolist() == [
        [index[a], index[b], w] for a, b, w in network.edges(data="weight", default=1)
    ]


@pytest.mark.parametrize("seed", [11, 12])
def test_communities_number_the_edges_as_their_names_sort(seed):
    network = _shuffled_network(seed)
    nodes, edges = communities._sorted_edges(network, None)
    assert nodes == sorted(n for n in network if network.degree(n) > 0)
    named = [(nodes[int(a)], nodes[int(b)], w) for a, b, w in edges.tolist()]
    assert named == sorted(
        (*sorted((a, b)), w) for a, b, w in network.edges(data="weight", default=1)
    )


@pytest.mark.parametrize("seed", [11, 12])
def test_holes_agree_with_counting_every_link(seed):
    network = _shuffled_network(seed)
    found = communities.communities(network, backend="igraph")
    groups = vocabulary().names
    number = communities.membership(found)

    def crossing(key_of, allowed):
        links = {}
        for a, b in network.edges():
            ka, kb = key_of(a), key_of(b)
            if ka in allowed and kb in allowed and ka != kb:
                pair = tuple(sorted((ka, kb), key=list(allowed).index))
                links.setdefault(pair, []).append(tuple(sorted((a, b))))
        return links

    by_sector = crossing(lambda n: network.nodes[n].get("sector"), groups)
    for hole in holes.sector_holes(network):
        links = by_sector.get(tuple(hole["sectors"]), [])
        assert hole["links"] == len(links)
        assert hole["status"] == ("none", "single", "bridged")[min(len(links), 2)]
        bridge = sorted(links[0]) if len(links) == 1 else []
        assert [b["iri"] for b in hole["bridge"]] == bridge

    numbers = sorted(set(number.values()))
    by_community = crossing(lambda n: number.get(n), numbers)
    result = holes.community_holes(network, found)
    single = {pair: links for pair, links in by_community.items() if len(links) == 1}
    assert [tuple(h["communities"]) for h in result["single"]] == sorted(single)
    for hole in result["single"]:
        bridge = sorted(single[tuple(hole["communities"])][0])
        assert [b["iri"] for b in hole["bridge"]] == bridge
    assert result["unconnected_pairs"] == len(found) * (len(found) - 1) // 2 - len(by_community)
    apart = [[a, b] for i, a in enumerate(numbers) for b in numbers[i + 1 :]]
    apart = [p for p in apart if tuple(p) not in by_community]
    assert result["unconnected"] == apart[: holes.UNCONNECTED_LISTED]  # named, by number


@pytest.mark.slow
def test_the_analyses_give_the_same_with_the_shared_table():
    network = _shuffled_network(13)
    table = edge_table(network)
    found = communities.communities(network, backend="igraph")
    assert communities.communities(network, backend="igraph", table=table) == found
    assert brokerage.brokerage(network, table=table) == brokerage.brokerage(network)
    assert holes.sector_holes(network, table=table) == holes.sector_holes(network)
    assert holes.community_holes(network, found, table=table) == holes.community_holes(
        network, found
    )
    options = {"exact_limit": 100, "sample": 50, "backend": "igraph", "background": False}
    assert (
        centrality.start(network, **options, table=table).finish().rows
        == centrality.start(network, **options).finish().rows
    )
