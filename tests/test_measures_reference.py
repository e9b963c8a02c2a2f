"""kg's network measures against the reference implementations (networkx, numpy) and the
definitions README "Analysis commands" and the report's glossary give: on the bundled data
(fast) and on synthetic networks past the exact limit (slow)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from conftest import facts_of

from kg.analysis import brokerage, centrality, communities, optional
from kg.model.projection import actor_graph, bipartite_graph

#: the measures are given to 6 decimals
ROUNDING = 5e-7 + 1e-12
QUIET = ("-f", "json", "-q")
BACKENDS = [
    pytest.param(
        backend,
        marks=pytest.mark.skipif(
            backend == "igraph" and not optional.IGRAPH, reason="igraph is not installed"
        ),
    )
    for backend in optional.BACKENDS
]


@pytest.fixture(scope="module")
def network(bundled_facts) -> nx.Graph:
    return actor_graph(bundled_facts)


def _synthetic(tmp_path_factory: pytest.TempPathFactory, actors: int) -> Path:
    from kg.synth import write_synthetic

    folder = tmp_path_factory.mktemp(f"synth{actors}")
    return write_synthetic(folder / "s.ttl", actors, seed=1).path


@pytest.fixture(scope="module", params=[1300, 3300])
def synthetic(request, tmp_path_factory) -> tuple[Path, nx.Graph]:
    """``kg synth -n N --seed 1``: its file and its organisation network."""
    path = _synthetic(tmp_path_factory, request.param)
    return path, actor_graph(facts_of(path))


def _by_node(network: nx.Graph, rows: list[dict], measure: str) -> dict:
    node_of = {data.get("iri", node): node for node, data in network.nodes(data=True)}
    return {node_of[row["iri"]]: row[measure] for row in rows}


def _assert_close(found: dict, expected: dict, tolerance: float) -> None:
    assert found.keys() == expected.keys()
    worst = max(abs(found[n] - expected[n]) for n in expected)
    assert worst <= tolerance, f"differs by {worst:.3g} from the reference"


def _dominant(network: nx.Graph) -> set:
    """The component with the largest leading eigenvalue of its weighted adjacency."""
    from scipy.sparse.linalg import eigsh

    def leading(component: set) -> float:
        matrix = nx.to_scipy_sparse_array(network.subgraph(component), dtype=float)
        if len(component) < 50:
            return float(np.linalg.eigvalsh(matrix.toarray()).max())
        return float(eigsh(matrix, k=1, which="LA")[0][0])

    return max((c for c in nx.connected_components(network) if len(c) > 1), key=leading)


def _check_exact_centrality(network: nx.Graph, backend: str) -> None:
    """Every measure of ``centrality.compute``, exact, as networkx computes it."""
    rows = centrality.compute(network, exact_limit=10**9, backend=backend).rows
    assert _by_node(network, rows, "degree") == dict(network.degree())
    assert _by_node(network, rows, "weighted_degree") == dict(network.degree(weight="weight"))
    expected = nx.betweenness_centrality(network)  # hops, normalised over (n-1)(n-2)/2
    _assert_close(_by_node(network, rows, "betweenness"), expected, ROUNDING)
    expected = nx.closeness_centrality(network, wf_improved=True)
    _assert_close(_by_node(network, rows, "closeness"), expected, ROUNDING)
    dominant = _dominant(network)
    expected = dict.fromkeys(network, 0.0)
    expected.update(
        nx.eigenvector_centrality(
            network.subgraph(dominant), weight="weight", max_iter=1000, tol=1e-6
        )
    )
    _assert_close(_by_node(network, rows, "eigenvector"), expected, ROUNDING)


def _check_burt(network: nx.Graph) -> None:
    """Constraint and effective size, weighted by the shared collaborations, as networkx's."""
    rows = brokerage.brokerage(network)
    linked = [n for n in network if network.degree(n)]
    constraint = nx.constraint(network, weight="weight")  # its sparse path: the same values
    constraint = {n: constraint[n] for n in linked}
    effective = nx.effective_size(network, nodes=linked, weight="weight")
    _assert_close(_by_node(network, rows, "constraint"), constraint, ROUNDING)
    _assert_close(_by_node(network, rows, "effective_size"), effective, ROUNDING)


def _check_modularity(network: nx.Graph, backend: str) -> None:
    """The modularity kg reports is networkx's of the partition kg gives (organisations
    without partners each on their own)."""
    found = communities.communities(network, backend=backend)
    node_of = {data.get("iri", node): node for node, data in network.nodes(data=True)}
    parts = [{node_of[m["iri"]] for m in c["members"]} for c in found]
    placed = set().union(*parts)
    assert placed == {n for n in network if network.degree(n)}
    parts += [{n} for n in network if n not in placed]
    expected = nx.community.modularity(network, parts, weight="weight", resolution=1)
    assert communities.modularity(network, found) == pytest.approx(expected, abs=1e-12)


# ---- the bundled data


@pytest.mark.parametrize("backend", BACKENDS)
def test_centrality_on_the_bundled_data_is_networkxs(network, backend):
    _check_exact_centrality(network, backend)


def test_eigenvector_is_within_1e5_of_the_exact_one_on_the_bundled_data(network):
    rows = centrality.compute(network).rows
    dominant = network.subgraph(_dominant(network))
    exact = {n: abs(x) for n, x in nx.eigenvector_centrality_numpy(dominant, "weight").items()}
    found = _by_node(network, rows, "eigenvector")
    _assert_close({n: found[n] for n in dominant}, exact, 1e-5)
    assert all(found[n] == 0 for n in network if n not in dominant)


def test_burt_measures_on_the_bundled_data_are_networkxs_weighted(network):
    _check_burt(network)
    # the weight matters: unweighted, networkx gives other effective sizes
    rows = brokerage.brokerage(network)
    linked = [n for n in network if network.degree(n)]
    unweighted = nx.effective_size(network, nodes=linked)
    found = _by_node(network, rows, "effective_size")
    assert max(abs(found[n] - unweighted[n]) for n in linked) > 0.1


@pytest.mark.parametrize("backend", BACKENDS)
def test_modularity_on_the_bundled_data_is_networkxs_of_the_partition(network, backend):
    _check_modularity(network, backend)


def test_the_network_is_the_clique_projection_with_parts_standing_for_wholes(
    bundled_facts, network
):
    """Organisations are linked when they share a collaboration (never to their own
    municipality); the weight counts the shared collaborations, a whole left to a part the
    two also share, as README "Projection" says."""
    two_mode = bipartite_graph(bundled_facts)
    wholes = {
        c: set(data["part_of"]) for c, data in two_mode.nodes(data=True) if data["kind"] != "actor"
    }

    def above(collaboration: str) -> set:
        found, todo = set(), list(wholes.get(collaboration, ()))
        while todo:
            whole = todo.pop()
            if whole not in found:
                found.add(whole)
                todo.extend(wholes.get(whole, ()))
        return found

    organisations = [n for n, data in two_mode.nodes(data=True) if data["kind"] == "actor"]
    projected = nx.bipartite.weighted_projected_graph(two_mode, organisations)
    assert set(network) == set(projected)
    for a, b in projected.edges:
        types = {network.nodes[a]["type"], network.nodes[b]["type"]}
        if not network.has_edge(a, b):
            assert "Municipality" in types, (a, b)
            assert {network.nodes[a]["sector"], network.nodes[b]["sector"]} == {
                "city"
            }  # a municipality is no partner of its own bodies
            continue
        shared = set(two_mode[a]) & set(two_mode[b])
        kept = sorted(c for c in shared if not any(c in above(p) for p in shared - {c}))
        assert network.edges[a, b]["collaborations"] == kept
        assert network.edges[a, b]["weight"] == len(kept)
    assert set(map(frozenset, network.edges)) <= set(map(frozenset, projected.edges))


def test_the_counts_the_readme_gives_are_the_bundled_networks(network, request):
    readme = (request.config.rootpath / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"of (\d+) nodes and\s+\d+\s+of (\d+) links", readme)
    assert shown, "README's map filter example is gone: update this test"
    assert (int(shown[1]), int(shown[2])) == (len(network), network.number_of_edges())
    eight = nx.complete_graph(8)  # "a collaboration of n organisations makes n(n−1)/2 links"
    assert "one of eight parties makes 28" in readme and eight.number_of_edges() == 28


# ---- synthetic networks (kg synth --seed 1)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_every_measure_on_a_synthetic_network_is_the_references(tmp_path_factory, backend):
    network = actor_graph(facts_of(_synthetic(tmp_path_factory, 300)))
    assert nx.number_connected_components(network) > 1  # isolates: Wasserman–Faust matters
    _check_exact_centrality(network, backend)
    _check_modularity(network, backend)


@pytest.mark.slow
def test_burt_measures_on_a_synthetic_network_are_networkxs_weighted(tmp_path_factory):
    _check_burt(actor_graph(facts_of(_synthetic(tmp_path_factory, 300))))


@pytest.mark.slow
def test_sampled_estimates_are_unbiased_stable_and_seeded(synthetic):
    """Past 1,000 organisations betweenness and closeness are estimated: the mean of ten
    seeds is the exact value to within a few per cent, one seed ranks as the exact values do,
    and a seed gives the same numbers every time."""
    from scipy.stats import spearmanr

    _, network = synthetic
    first = centrality.compute(network)
    assert first.betweenness_method == "sampled"
    assert centrality.compute(network).rows == first.rows  # the default seed, fixed
    exact = centrality.compute(network, exact_limit=10**9, backend=first.backend).rows
    runs = [centrality.compute(network, seed=seed).rows for seed in range(1, 11)]
    for measure in ("betweenness", "closeness"):
        truth = _by_node(network, exact, measure)
        nodes = sorted(truth)
        by_node = [_by_node(network, run, measure) for run in runs]
        estimates = np.array([[values[n] for n in nodes] for values in by_node])
        truth_values = np.array([truth[n] for n in nodes])
        mean = estimates.mean(axis=0)
        assert abs(mean.sum() / truth_values.sum() - 1) < 0.02, measure
        top = np.argsort(-truth_values)[:20]
        assert abs((mean[top] / truth_values[top]).mean() - 1) < 0.03, measure
        ranked = [spearmanr(run, truth_values).statistic for run in estimates]
        assert min(ranked) > 0.99, measure


@pytest.mark.slow
def test_eigenvector_is_near_the_exact_one_on_a_large_synthetic_network(tmp_path_factory):
    """networkx's stopping rule (total change below n·1e-6) leaves kg's values within 4e-4
    of the exact eigenvector at 3,300 actors, as README says, the top ranked alike."""
    network = actor_graph(facts_of(_synthetic(tmp_path_factory, 3300)))
    found = _by_node(network, centrality.compute(network).rows, "eigenvector")
    dominant = network.subgraph(_dominant(network))
    exact = {n: abs(x) for n, x in nx.eigenvector_centrality_numpy(dominant, "weight").items()}
    _assert_close({n: found[n] for n in dominant}, exact, 4e-4)
    top = sorted(exact, key=exact.get, reverse=True)[:10]
    assert sorted(top, key=found.get, reverse=True) == top


@pytest.mark.slow
def test_measures_and_communities_do_not_depend_on_the_hash_seed(tmp_path_factory):
    """Past both the exact limit and igraph's Louvain limit: the sampled measures and the
    partition are the same whatever the hash seed."""
    path = _synthetic(tmp_path_factory, 3300)
    outputs = []
    for hash_seed in ("0", "1"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = []
        for command in ("centrality", "communities"):
            done = subprocess.run(
                [sys.executable, "-m", "kg", command, "--no-bundled", "--data", str(path), *QUIET],
                capture_output=True,
                text=True,
                encoding="utf-8",
                env=env,
                check=True,
            )
            out.append(json.loads(done.stdout))
        outputs.append(out)
    assert outputs[0] == outputs[1]
    assert outputs[0][0]["betweenness"]["method"] == "sampled"
    assert len({c["community"] for c in outputs[0][1]["rows"]}) > 10


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_glossary_says_how_closeness_counts_a_network_in_pieces(network, lang):
    """kg's closeness is Wasserman and Faust's: within an organisation's own piece, scaled by
    the share of the others it reaches, so one without partners scores 0; the glossary says so."""
    from kg.report.i18n import catalog

    _, sentence = catalog(lang).entry("glossary.closeness")
    assert "Wasserman" in sentence and "Faust" in sentence
    closeness = _by_node(network, centrality.compute(network).rows, "closeness")
    assert all(closeness[n] == 0 for n in network if not network.degree(n))
    assert max(closeness.values()) < 1  # the bundled network is in pieces: no one reaches all


@pytest.mark.skipif(not optional.IGRAPH, reason="igraph is not installed")
def test_python_igraph_weighs_only_when_asked_as_the_data_dictionary_says(
    bundled_export, network, request
):
    """R's igraph reads the edge attribute ``weight`` by default, Python's only when given
    ``weights="weight"``: on kg's GraphML, Python's strength and constraint are kg's only
    with it, and its betweenness is kg's (on hops) without it."""
    import igraph

    g = igraph.Graph.Read_GraphML(str(bundled_export("graphml")))
    iri = g.vs["id"]
    degree = _by_node(network, centrality.compute(network).rows, "degree")
    node_of = {data.get("iri", node): node for node, data in network.nodes(data=True)}
    assert g.strength() == [degree[node_of[i]] for i in iri]
    assert g.strength(weights="weight") == g.vs["weighted_degree"]
    pairs = (g.vcount() - 1) * (g.vcount() - 2) / 2
    on_hops = [b / pairs for b in g.betweenness(directed=False)]
    assert max(abs(a - b) for a, b in zip(on_hops, g.vs["betweenness"], strict=True)) < 1e-6
    constraint = _by_node(network, brokerage.brokerage(network), "constraint")
    weighted = dict(zip(iri, g.constraint(weights="weight"), strict=True))
    unweighted = dict(zip(iri, g.constraint(), strict=True))
    assert (
        max(abs(weighted[i] - constraint[node_of[i]]) for i in iri if node_of[i] in constraint)
        < 1e-6
    )
    assert (
        max(abs(unweighted[i] - constraint[node_of[i]]) for i in iri if node_of[i] in constraint)
        > 0.1
    )
    dictionary = (request.config.rootpath / "docs" / "data-dictionary.md").read_text("utf-8")
    assert "In Python's igraph it is the other way round" in " ".join(dictionary.split())
