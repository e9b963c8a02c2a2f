"""Network analysis on hand-made graphs with known answers, and on the bundled data."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import facts_of

from kg.analysis import brokerage, centrality, communities, gaps, holes, suggest
from kg.analysis.committee import find_committee
from kg.errors import KgError
from kg.model.projection import actor_graph, bipartite_graph

T = "https://w3id.org/kg-malmo/id/test/"


@pytest.fixture(scope="module")
def facts(request):
    path = request.config.rootpath / "tests" / "fixtures" / "analysis.ttl"
    return facts_of(path)


def _labelled(graph: nx.Graph, sectors: dict[str, str] | None = None) -> nx.Graph:
    nx.set_node_attributes(graph, {n: str(n) for n in graph}, "label")
    nx.set_node_attributes(graph, {n: str(n) for n in graph}, "iri")
    nx.set_node_attributes(graph, sectors or dict.fromkeys(graph, "civil"), "sector")
    return graph


@pytest.fixture
def two_cliques() -> nx.Graph:
    """Two 4-cliques, a1..a4 (city) and b1..b4 (civil), bridged by the edge a1–b1."""
    graph = nx.Graph()
    graph.add_edges_from(nx.complete_graph(["a1", "a2", "a3", "a4"]).edges)
    graph.add_edges_from(nx.complete_graph(["b1", "b2", "b3", "b4"]).edges)
    graph.add_edge("a1", "b1")
    sectors = {n: "city" if n.startswith("a") else "civil" for n in graph}
    return _labelled(graph, sectors)


# ---- projection


def test_a_committee_and_its_units_are_one_organisation(facts):
    network = actor_graph(facts)
    assert network.degree(T + "alfa") == 0
    assert T + "alfa-adm" not in network and T + "alfa-school" not in network
    assert facts.actors[T + "alfa-school"]["organisation"] == T + "alfa"
    assert facts.units_by_organisation()[T + "alfa"] == [T + "alfa-adm", T + "alfa-school"]
    assert network.nodes[T + "alfa"]["units"] == ["Alfaförvaltningen", "Alfaskolan"]


def test_shared_collaborations_become_weighted_edges(facts):
    network = actor_graph(facts)
    edge = network.edges[T + "assoc", T + "beta"]
    assert edge["weight"] == 1
    assert edge["collaborations"] == [T + "ka"]
    assert network.nodes[T + "uni"]["sector"] == "academia"


def test_bipartite_graph_joins_actors_to_collaborations(facts):
    graph = bipartite_graph(facts)
    assert graph.nodes[T + "ka"]["kind"] == "collaboration"
    assert sorted(graph[T + "ka"]) == [T + "assoc", T + "beta", T + "uni"]
    assert graph.edges[T + "beta", T + "ka"]["evidence"] == [T + "ev"]


# ---- centrality and brokerage


def test_star_centre_is_most_central():
    star = _labelled(nx.star_graph(4))
    result = centrality.compute(star)
    top = result.rows[0]
    assert (top["iri"], top["degree"], top["betweenness"]) == ("0", 4, 1.0)
    assert result.betweenness_method == "exact"


def test_ties_are_broken_by_label_then_iri():
    star = _labelled(nx.star_graph(3))
    leaves = [r["iri"] for r in centrality.compute(star).rows[1:]]
    assert leaves == ["1", "2", "3"]
    # labels that sort the other way from the IRIs: the label decides, then the IRI
    nx.set_node_attributes(star, {1: "Cirkeln", 2: "Bojen", 3: "Bojen"}, "label")
    leaves = [r["iri"] for r in centrality.compute(star).rows[1:]]
    assert leaves == ["2", "3", "1"]


def test_betweenness_is_sampled_past_the_limit_and_says_so():
    graph = _labelled(nx.path_graph(30))
    result = centrality.compute(graph, exact_limit=10, sample=8, backend="networkx")
    assert (result.betweenness_method, result.betweenness_sample) == ("sampled", 8)
    at_the_limit = centrality.compute(graph, exact_limit=30, sample=8, backend="networkx")
    assert (at_the_limit.betweenness_method, at_the_limit.betweenness_sample) == ("exact", None)
    assert result.to_dict()["betweenness"] == {
        "method": "sampled",
        "sample": 8,
        "backend": "networkx",
    }


def test_select_filters_by_type_and_sector(facts):
    rows = centrality.compute(actor_graph(facts)).rows
    committees = centrality.select(rows, actor_type="committee", measure="degree")
    assert {r["type"] for r in committees} == {"Committee"}
    assert committees[0]["iri"] == T + "beta"
    assert [r["iri"] for r in centrality.select(rows, sector="academia")] == [T + "uni"]


def test_bridge_ends_are_the_brokers(two_cliques):
    rows = brokerage.brokerage(two_cliques)
    assert {rows[0]["iri"], rows[1]["iri"]} == {"a1", "b1"}
    assert rows[0]["sectors_spanned"] == 2
    assert rows[0]["cross_sector_pairs"] == 3
    by_iri = {r["iri"]: r for r in rows}
    assert by_iri["a1"]["constraint"] < by_iri["a2"]["constraint"]


def test_partners_of_two_groups_not_linked_make_a_broker():
    """The glossary's broker: partners from two groups or more, two of different groups not
    partners themselves; two groups are enough, an open pair is needed."""
    graph = _labelled(nx.Graph([("hub", "a"), ("hub", "b")]), {"hub": "city", "a": "civil",
                                                                "b": "academia"})  # fmt: skip
    (hub,) = [r for r in brokerage.brokerage(graph) if r["iri"] == "hub"]
    assert (hub["sectors_spanned"], hub["cross_sector_pairs"]) == (2, 1)
    assert brokerage.bridges(hub)
    graph.add_edge("a", "b")  # the pair is closed: no broker, however many groups
    (hub,) = [r for r in brokerage.brokerage(graph) if r["iri"] == "hub"]
    assert not brokerage.bridges(hub)


def test_brokers_with_the_same_groups_and_pairs_rank_by_effective_size():
    """Two hubs, each with two civil partners and an academic one (two groups, two open
    pairs); x's civil partners work together, which makes its effective size the smaller:
    y ranks first, though x comes first by name."""
    graph = nx.Graph([("x", "x1"), ("x", "x2"), ("x", "x3"), ("x1", "x3"),
                      ("y", "y1"), ("y", "y2"), ("y", "y3")])  # fmt: skip
    sectors = {"x1": "civil", "x3": "civil", "x2": "academia"}
    sectors |= {"y1": "civil", "y3": "civil", "y2": "academia"}
    graph = _labelled(graph, {n: sectors.get(n, "city") for n in graph})
    nx.set_node_attributes(graph, {"x": "A", "y": "B"}, "label")
    rows = {r["iri"]: r for r in brokerage.brokerage(graph)}
    for hub in ("x", "y"):
        assert (rows[hub]["sectors_spanned"], rows[hub]["cross_sector_pairs"]) == (2, 2)
    assert rows["x"]["effective_size"] < rows["y"]["effective_size"] == 3
    assert [iri for iri in rows if iri in ("x", "y")] == ["y", "x"]


def test_a_self_loop_is_no_tie():
    graph = _labelled(nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")]))
    looped = graph.copy()
    looped.add_edge("c", "c", weight=5)
    assert brokerage.burt(looped) == brokerage.burt(graph)
    assert brokerage.brokerage(looped) == brokerage.brokerage(graph)


# ---- communities and holes


def test_two_cliques_are_two_communities(two_cliques):
    found = communities.communities(two_cliques)
    assert [sorted(m["iri"] for m in c["members"]) for c in found] == [
        ["a1", "a2", "a3", "a4"],
        ["b1", "b2", "b3", "b4"],
    ]
    assert found[0]["sectors"] == {"city": 4}


def test_communities_are_deterministic(two_cliques):
    assert communities.communities(two_cliques) == communities.communities(two_cliques.copy())


@pytest.mark.slow
def test_a_network_analysed_again_gets_the_partitions_of_its_first_run(bundled_facts):
    """Louvain's partitions are kept in the process by network and seed: the same network,
    or an equal one, gets the same communities and bridges again, each run its own sets
    (what one caller changes, the next does not see), and a changed network its own."""
    network = actor_graph(bundled_facts)
    links = sorted(tuple(sorted(e)) for e in network.edges())[:20]
    first = communities.communities(network)
    again = communities._louvain(network, "networkx")(communities.SEED)
    again[0].clear()
    assert communities.communities(actor_graph(bundled_facts)) == first
    assert communities.single_in_other_runs(network, links) == communities.single_in_other_runs(
        network.copy(), links
    )
    fewer = network.copy()
    fewer.remove_edges_from(list(fewer.edges(first[0]["members"][0]["iri"])))
    assert communities.communities(fewer) == communities.communities(fewer.copy()) != first


def test_communities_are_numbered_largest_first():
    """A pair whose names come first alphabetically is numbered after a larger community."""
    graph = nx.Graph([("a", "b")])
    graph.add_edges_from(nx.complete_graph(["x", "y", "z"]).edges)
    found = communities.communities(_labelled(graph))
    assert [(c["community"], c["size"]) for c in found] == [(1, 3), (2, 2)]
    assert [m["iri"] for m in found[0]["members"]] == ["x", "y", "z"]


def test_the_single_bridge_is_a_structural_hole(two_cliques):
    found = communities.communities(two_cliques)
    result = holes.community_holes(two_cliques, found)
    assert result["unconnected_pairs"] == 0
    assert [b["iri"] for b in result["single"][0]["bridge"]] == ["a1", "b1"]
    sector = {tuple(h["sectors"]): h for h in holes.sector_holes(two_cliques)}
    assert len(sector) == 10  # every pair of the five partner groups
    assert sector[("civil", "city")]["status"] == "single"
    assert sector[("academia", "business")]["status"] == "none"


def test_a_hole_between_communities_says_whether_other_seeds_draw_it_too(two_cliques):
    """Two cliques joined by one link: every run of Louvain with another seed finds the same
    hole; past the limit of organisations the other runs are left out, and said so by the
    hole's having no count."""
    found = communities.communities(two_cliques)
    result = holes.community_holes(two_cliques, found)
    holes.check_borders(two_cliques, result)
    (hole,) = result["single"]
    assert (hole["holds"], hole["runs"]) == (10, 10)
    again = holes.community_holes(two_cliques, found)
    holes.check_borders(two_cliques, again)
    assert again == result  # the same seeds, the same counts


def test_a_border_other_seeds_draw_elsewhere_counts_fewer_runs(monkeypatch):
    """On the bundled network a near-equal partition moves one border: that hole holds in
    fewer than all runs; none holds in more runs than there are; past the limit no count."""
    from kg.analysis.pipeline import analyse
    from kg.io.source import Source

    facts = Source().facts()
    singles = analyse(facts).community_holes["single"]
    assert singles and all(0 <= h["holds"] <= h["runs"] == 10 for h in singles)
    assert any(h["holds"] < h["runs"] for h in singles)
    monkeypatch.setattr(communities, "OTHER_SEEDS_LIMIT", 10)
    assert all("runs" not in h for h in analyse(facts).community_holes["single"])


# ---- gaps


def test_gaps_statuses(facts):
    rows = {r["committee"]: r for r in gaps.committee_gaps(facts)}
    assert rows[T + "alfa"]["status"] == gaps.NO_PARTNER
    assert rows[T + "alfa"]["partners"] == 0
    assert rows[T + "gamma"]["status"] == gaps.UNNAMED_ONLY
    assert rows[T + "delta"]["status"] == gaps.ABSENT
    assert rows[T + "beta"]["status"] == gaps.HAS_PARTNERS


def test_partners_through_the_administration_count_for_the_committee(facts):
    beta = next(r for r in gaps.committee_gaps(facts) if r["committee"] == T + "beta")
    assert beta["by_sector"] == {"civil": 1, "academia": 1, "business": 1, "agencies": 1, "city": 0}
    assert beta["missing_sectors"] == []
    assert {p["label"] for p in beta["partner_list"]} == {
        "Föreningen",
        "Högskolan",
        "Myndigheten",
        "Bolaget",
    }
    assert beta["evidence"][0]["page"] == 21
    assert "Mötesplats Otto" in beta["evidence"][0]["quote"]
    # the committee's evidence is every partner's passage once, in the partners' order
    cited = [e["excerpt"] for p in beta["partner_list"] for e in p["evidence"]]
    assert [e["excerpt"] for e in beta["evidence"]] == list(dict.fromkeys(cited))
    supported = {p for e in beta["evidence"] for p in e["partners"]}
    assert supported == {p["iri"] for p in beta["partner_list"]}  # each partner's, 4


def test_unnamed_partners_fill_the_sector_gap(facts):
    gamma = next(r for r in gaps.committee_gaps(facts) if r["committee"] == T + "gamma")
    assert "civil" not in gamma["missing_sectors"]
    assert gamma["unnamed_sectors"] == ["civil"]
    assert gamma["partners"] == 0


def test_gaps_for_one_sector(facts):
    rows = gaps.committee_gaps(facts, sector="academia")
    assert T + "beta" not in {r["committee"] for r in rows}
    assert T + "alfa" in {r["committee"] for r in rows}
    with pytest.raises(KgError, match="'space' is not a partner group") as caught:
        gaps.committee_gaps(facts, sector="space")
    assert "civil, academia, business, agencies, city, public" in caught.value.hint
    assert gaps.committee_gaps(facts, sector="Akademi") == rows  # any word of the vocabulary


def test_election_committee_lacks_partners_in_the_bundled_data(bundled_facts):
    rows = {r["label"]: r for r in gaps.committee_gaps(bundled_facts)}
    assert rows["Valnämnden"]["status"] == gaps.NO_PARTNER
    assert rows["Fritidsnämnden"]["by_sector"]["civil"] >= 5


@pytest.mark.parametrize("which", ["fixture", "bundled"])
def test_gaps_read_from_the_network_are_those_worked_out_from_the_facts(
    facts, bundled_facts, which
):
    """Given the network, the gaps read each partner's shared collaborations from its link
    (a whole left to the part both share, as the projection counts them) and give the same
    rows, passages and concentration as from the facts alone."""
    chosen = facts if which == "fixture" else bundled_facts
    network = actor_graph(chosen)
    from_network = gaps.committee_gaps(chosen, network=network)
    assert from_network == gaps.committee_gaps(chosen)
    assert any(p["collaborations"] for row in from_network for p in row["partner_list"])
    assert gaps.committee_gaps(chosen, sector="civil", network=network) == gaps.committee_gaps(
        chosen, sector="civil"
    )


# ---- suggestions


@pytest.mark.parametrize("name", ["Epsilonnämnden", "epsilonnamnden", "EPSILON", "eps"])
def test_committee_found_by_name_or_unique_prefix(facts, name):
    assert find_committee(facts, name) == T + "epsilon"


def test_unknown_committee_lists_the_closest(facts):
    with pytest.raises(KgError, match="no committee is called") as caught:
        find_committee(facts, "Betanämden")
    assert "Betanämnden" in caught.value.hint


def test_ambiguous_prefix_is_refused(facts):
    with pytest.raises(KgError, match="matches several committees"):
        find_committee(facts, "")


def test_suggestions_come_from_missing_sectors_with_reasons(facts):
    network = actor_graph(facts)
    result = suggest.suggest(facts, network, T + "epsilon")
    assert "academia" in result["sectors"]
    by_group = {g["sector"]: g for g in result["groups"]}
    assert list(by_group) == result["sectors"]  # one list per lacking group, in order
    best = by_group["academia"]["candidates"][0]
    assert best["iri"] == T + "uni"
    assert any("Testområdet" in r for r in best["reasons"])
    assert any("Föreningen" in r for r in best["reasons"])
    assert best["score"] == pytest.approx(sum(p["points"] for p in best["parts"]))
    assert {p["kind"] for p in best["parts"]} <= {"context", "partners", "similar"}
    for group in result["groups"]:
        assert all(c["sector"] == group["sector"] for c in group["candidates"])
        assert all(c["score"] > 0 for c in group["candidates"])  # never popularity alone


def test_suggestions_are_for_the_groups_a_committee_lacks_among_its_partners_none(
    bundled_facts,
):
    """By default the groups of each committee's gaps (never city, which is no gap); asked
    for a group it has partners in, no candidate is one of them."""
    network = actor_graph(bundled_facts)
    index = suggest.build_index(bundled_facts)
    for row in gaps.committee_gaps(bundled_facts):
        found = suggest.suggest(bundled_facts, network, row["committee"], index=index)
        assert found["sectors"] == row["missing_sectors"], row["label"]
    (city,) = [r for r in gaps.committee_gaps(bundled_facts) if r["label"] == "Miljönämnden"]
    partners = {p["iri"] for p in city["partner_list"]}
    asked = suggest.suggest(bundled_facts, network, city["committee"], sectors=["city", "civil"])
    offered = {c["iri"] for group in asked["groups"] for c in group["candidates"]}
    assert offered and not offered & partners


def test_a_committee_works_in_the_areas_of_the_collaborations_it_reports(request, tmp_path):
    """Kappanämnden is a party to nothing, but reports a project in Testområdet, where
    Föreningen works: Föreningen is its candidate for the civil society it lacks, and the
    project its own work."""
    reported = tmp_path / "reported.ttl"
    reported.write_text(
        """@prefix : <https://w3id.org/kg-malmo/id/test/> .
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:kappa a kg:Committee ; skos:prefLabel "Kappanämnden"@sv ; kg:sector kg:PublicSector ;
    prov:wasDerivedFrom :ev .
:reported a kg:Project ; skos:prefLabel "Rapporterat projekt"@sv ; kg:reportedBy :kappa ;
    schema:areaServed :area ; prov:wasDerivedFrom :ev .
""",
        encoding="utf-8",
    )
    fixture = request.config.rootpath / "tests" / "fixtures" / "analysis.ttl"
    facts = facts_of(fixture, reported)
    found = suggest.suggest(facts, actor_graph(facts), T + "kappa", sectors=["civil"])
    (civil,) = found["groups"]
    assert [c["iri"] for c in civil["candidates"]] == [T + "assoc"]
    assert "Testområdet" in civil["candidates"][0]["reasons"][0]
    # and the project, with no party named, is its own work
    (kappa,) = [r for r in gaps.committee_gaps(facts) if r["committee"] == T + "kappa"]
    assert [w["iri"] for w in kappa["own_work"]] == [T + "reported"]


def test_candidates_are_ranked_by_the_score_they_are_given(bundled_facts):
    """The ranking counts every part the score is given with: each group's candidates in
    order of score, the best first, and none left out that scores more than one shown."""
    network = actor_graph(bundled_facts)
    index = suggest.build_index(bundled_facts)
    ranked = 0
    for row in gaps.committee_gaps(bundled_facts):
        every = suggest.suggest(bundled_facts, network, row["committee"], top=10_000, index=index)
        best = suggest.suggest(bundled_facts, network, row["committee"], top=2, index=index)
        for group, top in zip(every["groups"], best["groups"], strict=True):
            scores = [c["score"] for c in group["candidates"]]
            assert scores == sorted(scores, reverse=True), (row["label"], group["sector"])
            assert [c["score"] for c in top["candidates"]] == scores[:2], row["label"]
            ranked += len(scores) > 1 and len({*scores}) > 1
    assert ranked > 5


def test_the_best_few_are_the_first_of_all_even_when_the_cut_falls_in_a_tie(bundled_facts):
    """``top`` candidates are the first ``top`` of the whole ranking, by name where their
    scores tie at the cut (names are compared only there)."""
    network = actor_graph(bundled_facts)
    index = suggest.build_index(bundled_facts)
    tied = 0
    for row in gaps.committee_gaps(bundled_facts):
        every = suggest.suggest(bundled_facts, network, row["committee"], top=0, index=index)
        for top in (1, 2, 3):
            best = suggest.suggest(bundled_facts, network, row["committee"], top=top, index=index)
            for group, few in zip(every["groups"], best["groups"], strict=True):
                assert few["candidates"] == group["candidates"][:top], (row["label"], top)
                scores = [c["score"] for c in group["candidates"]]
                tied += len(scores) > top and scores[top - 1] == scores[top]
    assert tied > 5


def test_a_sector_asked_for_twice_counts_once(facts):
    network = actor_graph(facts)
    once = suggest.suggest(facts, network, T + "epsilon", sectors=["academia"])
    twice = suggest.suggest(facts, network, T + "epsilon", sectors=["academia", "academia"])
    assert once == twice and once["groups"][0]["candidates"]


def test_brokerage_of_an_empty_network_is_empty():
    assert brokerage.brokerage(nx.Graph()) == []


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_burt_measures_equal_networkx(seed):
    graph = nx.gnm_random_graph(40, 120, seed=seed)
    for a, b in graph.edges:
        graph.edges[a, b]["weight"] = (a + b) % 3 + 1
    constraint, effective = brokerage.burt(graph)
    expected_c = nx.constraint(graph, weight="weight")
    # With nodes given, networkx runs Burt's definition term by term; without them (and with
    # scipy installed) it takes a sparse-matrix path that differs from it at some nodes.
    expected_e = nx.effective_size(graph, nodes=list(graph), weight="weight")
    for node in graph:
        if graph.degree(node):
            assert constraint[node] == pytest.approx(expected_c[node])
            assert effective[node] == pytest.approx(expected_e[node])


@pytest.mark.slow
def test_sampled_closeness_is_close_to_exact_on_a_larger_graph():
    graph = nx.connected_watts_strogatz_graph(600, 6, 0.1, seed=4)
    estimate = centrality.sampled_closeness(graph, 200, seed=1)
    exact = nx.closeness_centrality(graph)
    worst = max(abs(estimate[n] - exact[n]) / exact[n] for n in graph)
    assert worst < 0.05


def test_sampled_closeness_scales_by_component_like_networkx():
    graph = nx.union(nx.path_graph(4), nx.path_graph(range(10, 12)))
    assert centrality.sampled_closeness(graph, 6) == pytest.approx(nx.closeness_centrality(graph))


def test_a_suggestions_reasons_name_the_most_similar_committees_first(bundled_facts):
    """The committees with similar partners read from the most similar; the shared partners
    and areas by name; the reason, an English sentence, names them in the order of their
    English names, the shared partners gathered by the collaborations they work with the
    candidate through (each set named once); the items come in that order too."""
    from kg.analysis.links import grouped
    from kg.model.names import in_language_order

    network = actor_graph(bundled_facts)
    index = suggest.build_index(bundled_facts)
    seen = {"similar": 0, "partners": 0, "context": 0}
    for committee in sorted(bundled_facts.lacks):
        result = suggest.suggest(bundled_facts, network, committee, index=index)
        for group in result["groups"]:
            for candidate in group["candidates"]:
                for part in candidate["parts"]:
                    items, reason = part["items"], part["reason"]
                    seen[part["kind"]] += len(items) > 1
                    ordered = in_language_order(items, "en")
                    if part["kind"] == "similar":
                        ordered.sort(key=lambda i: -i["similarity"])
                    if part["kind"] == "partners":
                        ordered = [i for linked, _ in grouped(ordered) for i in linked]
                    assert items == ordered, reason  # the items as the reason names them
                    named = [reason.index(i.get("label_en") or i["label"]) for i in items]
                    assert named == sorted(named), reason
    assert all(seen.values()), seen  # each kind lists several items somewhere


def test_every_party_and_partner_carries_its_evidence(bundled_facts):
    """Every partner line of the gaps and every organisation–collaboration link cites the
    passages that make the organisation a party; a committee taking part through the city
    (it reports the collaboration, Malmö stad is a party) cites the city's membership."""
    rows = gaps.committee_gaps(bundled_facts)
    assert all(p["evidence"] for row in rows for p in row["partner_list"])
    graph = bipartite_graph(bundled_facts)
    assert all(data["evidence"] for _, _, data in graph.edges(data=True))
    kultur = next(r for r in rows if r["label"] == "Kulturnämnden")
    teknik = next(p for p in kultur["partner_list"] if p["label"] == "Tekniska nämnden")
    isu = "https://w3id.org/kg-malmo/id/ka-institutet-for-hallbar-stadsutveckling"
    city = bundled_facts.members[isu]["https://w3id.org/kg-malmo/id/malmo-stad"]
    assert [e["quote"] for e in teknik["evidence"]] == [
        bundled_facts.excerpts[e]["quote"] for e in sorted(city)
    ]
    teknik_iri = "https://w3id.org/kg-malmo/id/tekniska-namnden"
    assert graph.edges[teknik_iri, isu]["evidence"] == sorted(city)


def test_a_committee_takes_part_through_its_own_municipality_only(tmp_path):
    """Where two municipalities are parties of a collaboration a committee reports, the
    committee is a party through its own: its evidence and years are its city's membership's,
    never the other city's (the rule, ontology/rules/03-takes-part-in.rq, says the same)."""
    from kg.io.source import Source
    from kg.model.parties import Parties

    data = tmp_path / "two.ttl"
    data.write_text(
        """@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix : <https://w3id.org/kg-malmo/id/t/> .
:lund a kg:Municipality ; kg:sector kg:PublicSector .
:malmo a kg:Municipality ; kg:sector kg:PublicSector .
:kultur a kg:Committee ; kg:sector kg:PublicSector ; org:subOrganizationOf :lund .
:proj a kg:Project ; kg:reportedBy :kultur .
:m-lund a org:Membership ; org:organization :proj ; org:member :lund ; prov:wasDerivedFrom :e1 .
:m-malmo a org:Membership ; org:organization :proj ; org:member :malmo ; prov:wasDerivedFrom :e2 .
""",
        encoding="utf-8",
    )
    facts = Source(data=[data], bundled=False).facts()
    t = "https://w3id.org/kg-malmo/id/t/"
    assert t + "proj" in facts.takes_part_in[t + "kultur"]
    parties = Parties(facts)
    assert parties.members(t + "kultur", t + "proj") == [t + "lund"]
    assert parties.evidence(t + "kultur", t + "proj") == [t + "e1"]
