"""Edge weights where one collaboration is part of another (dcterms:isPartOf): a pair's
shared collaborations count once each, a whole that contains a part they also share left to
the part; and eigenvector centrality on a network in several pieces."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from conftest import facts_of
from helpers import needs
from helpers.memberships import memberships
from typer.testing import CliRunner

from kg.analysis import centrality, optional
from kg.analysis.pipeline import analyse
from kg.cli import app
from kg.io.source import Source
from kg.model.nesting import counted, wholes
from kg.model.projection import actor_graph, bipartite_graph

T = "https://w3id.org/kg-malmo/id/nest/"
ID = "https://w3id.org/kg-malmo/id/"
runner = CliRunner()

# - Fritid and the association share a programme, its area programme and a strand of that.
# - Fritid and Kultur share a project and two houses that are parts of it (siblings).
# - Kultur and the club share only the project: a whole counts where no part is shared.
NESTED = """@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix : <https://w3id.org/kg-malmo/id/nest/> .
:fritid a kg:Committee ; skos:prefLabel "Fritid"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal true ; prov:wasDerivedFrom :ev .
:kultur a kg:Committee ; skos:prefLabel "Kultur"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal true ; prov:wasDerivedFrom :ev .
:assoc a kg:Association ; skos:prefLabel "Föreningen"@sv ; kg:sector kg:CivilSociety ;
    prov:wasDerivedFrom :ev .
:club a kg:Association ; skos:prefLabel "Klubben"@sv ; kg:sector kg:CivilSociety ;
    prov:wasDerivedFrom :ev .
:programme a kg:Project ; skos:prefLabel "Programmet"@sv ; prov:wasDerivedFrom :ev .
:area a kg:Project ; skos:prefLabel "Områdesprogrammet"@sv ; dcterms:isPartOf :programme ;
    prov:wasDerivedFrom :ev .
:strand a kg:Project ; skos:prefLabel "Spåret"@sv ; dcterms:isPartOf :area ;
    prov:wasDerivedFrom :ev .
:project a kg:Project ; skos:prefLabel "Projektet"@sv ; prov:wasDerivedFrom :ev .
:house1 a kg:MeetingPlace ; skos:prefLabel "Hus 1"@sv ; dcterms:isPartOf :project ;
    prov:wasDerivedFrom :ev .
:house2 a kg:MeetingPlace ; skos:prefLabel "Hus 2"@sv ; dcterms:isPartOf :project ;
    prov:wasDerivedFrom :ev .
"""
MEMBERS = {
    "programme": ["fritid", "assoc"],
    "area": ["fritid", "assoc"],
    "strand": ["fritid", "assoc"],
    "project": ["fritid", "kultur", "club"],
    "house1": ["fritid", "kultur"],
    "house2": ["fritid", "kultur"],
}


@pytest.fixture(scope="module")
def nested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nested")
    path = folder / "nested.ttl"
    path.write_text(NESTED + memberships(MEMBERS), encoding="utf-8")
    return path


def test_the_facts_read_what_a_collaboration_is_part_of(nested):
    facts = facts_of(nested)
    assert facts.collaborations[T + "strand"]["part_of"] == [T + "area"]
    assert facts.collaborations[T + "programme"]["part_of"] == []
    assert wholes(facts)[T + "strand"] == {T + "area", T + "programme"}


def test_a_whole_shared_with_its_part_counts_once_and_a_whole_alone_counts(nested):
    network = actor_graph(facts_of(nested))
    expected = {
        ("assoc", "fritid"): ["strand"],  # the chain programme ⊃ area ⊃ strand: the strand
        ("fritid", "kultur"): ["house1", "house2"],  # two parts of one project, not the project
        ("club", "kultur"): ["project"],  # the whole, where no part is shared
        ("club", "fritid"): ["project"],
    }
    assert {tuple(sorted((a[len(T) :], b[len(T) :]))) for a, b in network.edges} == set(expected)
    for (a, b), collabs in expected.items():
        edge = network.edges[T + a, T + b]
        assert edge["collaborations"] == [T + c for c in collabs], (a, b)
        assert edge["weight"] == len(collabs), (a, b)
    assert dict(network.degree(weight="weight"))[T + "fritid"] == 1 + 2 + 1


def test_the_rule_on_its_own():
    parts = {"s": frozenset({"a", "p"}), "a": frozenset({"p"}), "h": frozenset({"p"})}
    assert counted(["p", "a", "s"], parts) == ["s"]
    assert counted(["p", "a"], parts) == ["a"]
    assert counted(["p", "s", "h"], parts) == ["h", "s"]
    assert counted(["p", "x"], parts) == ["p", "x"]
    cycle = {"x": frozenset({"y"}), "y": frozenset({"x"})}  # neither is the more specific
    assert counted(["x", "y"], cycle) == ["x", "y"]


@pytest.mark.slow  # builds a store
def test_kept_facts_in_a_store_folder_carry_part_of(nested, tmp_path):
    first = Source(data=[nested], bundled=False, store=tmp_path / "store").facts()
    again = Source(data=[nested], bundled=False, store=tmp_path / "store").facts()
    assert (tmp_path / "store" / "kg-facts.json").exists()
    for facts in (first, again):
        assert facts.collaborations[T + "house1"]["part_of"] == [T + "project"]


@pytest.fixture(scope="module")
def bundled():
    return analyse(Source().facts())


@pytest.mark.slow
def test_the_bundled_strand_stands_for_its_area_programme(bundled):
    network = bundled.network
    edge = network.edges[ID + "c-o-l-i-b-r-i", ID + "fritidsnamnden"]
    assert edge["collaborations"] == [ID + "proj-try-me"]
    assert edge["weight"] == 1
    parts = wholes(bundled.facts)
    for a, b, data in network.edges(data=True):
        assert data["weight"] == len(data["collaborations"]) > 0, (a, b)
        listed = set(data["collaborations"])
        assert not {w for c in listed for w in parts.get(c, ())} & listed, (a, b)


@pytest.mark.slow
def test_every_surface_shows_the_counted_weights(bundled, tmp_path):
    network = bundled.network
    weights = {frozenset((a, b)): d["weight"] for a, b, d in network.edges(data=True)}
    by_node = dict(network.degree(weight="weight"))
    assert {r["iri"]: r["weighted_degree"] for r in bundled.centrality.rows} == by_node
    shown = json.loads(runner.invoke(app, ["centrality", "--top", "1000", "-f", "json"]).stdout)
    assert {r["iri"]: r["weighted_degree"] for r in shown["rows"]} == by_node
    target = tmp_path / "net.csv"
    result = runner.invoke(app, ["export", "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    with (tmp_path / "net-edges.csv").open(encoding="utf-8") as edges:
        exported = list(csv.DictReader(edges))
    assert {frozenset((r["source"], r["target"])): int(r["weight"]) for r in exported} == weights
    for row in exported:
        assert len(row["collaborations"].split("; ")) == int(row["weight"])
    from kg.web.map import render_map

    page = render_map(bundled, max_nodes=10_000)
    assert {frozenset((e["from"], e["to"])): e["weight"] for e in page.edges} == weights
    for edge in page.edges:
        assert len(edge["collaborations"]) == edge["weight"]
        if {edge["from"], edge["to"]} == {ID + "c-o-l-i-b-r-i", ID + "fritidsnamnden"}:
            assert (edge["weight"], edge["collaborations"]) == (1, [ID + "proj-try-me"])
    # the page's filters keep a link through a part whose whole they keep: it knows the wholes
    assert f'"part_of":["{ID}proj-omradesprogram-herrgarden"]' in page.html


@pytest.mark.slow
def test_the_bipartite_export_says_what_each_collaboration_is_part_of(tmp_path):
    graph = bipartite_graph(Source().facts())
    assert ID + "proj-omradesprogram-herrgarden" in graph.nodes[ID + "proj-try-me"]["part_of"]
    target = tmp_path / "two.csv"
    result = runner.invoke(app, ["export", "--view", "bipartite", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8") as nodes:
        rows = {r["iri"]: r for r in csv.DictReader(nodes)}
    assert ID + "proj-omradesprogram-herrgarden" in rows[ID + "proj-try-me"]["part_of"]


# ---- eigenvector centrality on a network in pieces


def _pieces() -> nx.Graph:
    """K4 (the dominant component), a triangle, a path of four and an isolate."""
    graph = nx.complete_graph(["k1", "k2", "k3", "k4"])
    graph.add_edges_from([("t1", "t2"), ("t2", "t3"), ("t3", "t1")])
    graph.add_edges_from([("p1", "p2"), ("p2", "p3"), ("p3", "p4")])
    graph.add_node("alone")
    nx.set_node_attributes(graph, {n: n for n in graph}, "label")
    return graph


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_eigenvector_is_the_dominant_components_and_exactly_0_elsewhere(backend):
    if backend == "igraph" and not optional.IGRAPH:
        needs.missing("igraph is not installed (pip install -e '.[test]')")
    graph = _pieces()
    exact = nx.eigenvector_centrality_numpy(graph.subgraph(["k1", "k2", "k3", "k4"]))
    found = {r["iri"]: r["eigenvector"] for r in centrality.compute(graph, backend=backend).rows}
    for node in graph:
        assert found[node] == pytest.approx(exact.get(node, 0.0), abs=1e-6), node
        if node not in exact:
            assert found[node] == 0.0, node


def test_eigenvector_weighs_the_edges_and_splits_a_tie():
    graph = _pieces()
    nx.set_edge_attributes(graph, 1, "weight")
    graph.edges["t1", "t2"]["weight"] = 5  # now the triangle leads
    found = centrality._eigenvector(graph)
    triangle = graph.subgraph(["t1", "t2", "t3"])
    exact = nx.eigenvector_centrality_numpy(triangle, weight="weight")
    assert {n: found[n] for n in exact} == pytest.approx(exact, abs=1e-6)
    assert all(found[n] == 0.0 for n in graph if n not in exact)
    twins = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    assert list(centrality._eigenvector(twins).values()) == pytest.approx([0.5 / 2**0.5] * 8)


def test_a_slow_piece_beside_the_dominant_one_does_not_hold_the_iteration_up():
    graph = nx.path_graph(3000)
    graph.add_edges_from(nx.complete_graph(range(5000, 5005)).edges)
    found = centrality._eigenvector(graph)
    assert found[5000] == pytest.approx(5**-0.5) and found[1500] == 0.0
