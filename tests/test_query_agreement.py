"""The library's queries tell the report's story: a committee's partners, the passages that
evidence a link, who is linked at all, an actor's collaborations, the most collaborative
organisations, the universities' partners and the links between groups are what the
analyses, the report and the map say, on every source of tests/helpers/surfaces.py."""

from __future__ import annotations

import pytest
from helpers import surfaces

from kg.analysis.pipeline import analyse
from kg.io.source import Source
from kg.model.sectors import vocabulary
from kg.report.build import build_report
from kg.sparql.engine import run

synthetic, source = surfaces.synthetic, surfaces.source  # the sources, as fixtures
#: Each check runs once per link, committee or partner and is not about size: the synthetic
#: graph's 200 actors have every kind of actor, unit and partner group its 400 have.
SYNTHETIC_ACTORS = 200
WORDS = vocabulary()


@pytest.mark.slow
def test_the_evidence_query_gives_the_collaborations_and_passages_the_report_gives_a_partner(
    source: Source,
):
    report = build_report(analyse(source.facts()), triples=source.triples())
    pairs = [(row, p) for row in report["gaps"] for p in row["partner_list"]][:60]
    assert pairs
    for row, partner in pairs:
        found = run(
            source,
            "evidence-between-actors",
            {"actor_a": f"<{row['committee']}>", "actor_b": f"<{partner['iri']}>"},
        )
        rows = list(found)
        shared = {r["collaboration"].value for r in rows}
        assert shared == {c["iri"] for c in partner["collaborations"]}, (row["label"], partner)
        # the link's evidence is both sides' passages, in the report as in the query
        quotes = {r["quote"].value for r in rows}
        assert {e["quote"] for e in partner["evidence"]} == quotes, (row["label"], partner)


@pytest.mark.slow
def test_actors_linked_says_yes_exactly_for_the_reports_partners(source: Source):
    """`actors-linked` is true for every link of the organisation network (kg:partner, the
    report's and the map's), also asked through a unit of either side, and false for pairs
    the network does not link: two parts of one organisation, a committee and its city, and
    organisations with no collaboration in common. `evidence-between-actors` has rows for
    exactly the same pairs (a collaboration both take part in always has a part that
    contains no other they share, so its nesting rule never empties a link)."""
    facts = source.facts()
    network = analyse(facts).network
    units = facts.units_by_organisation()
    linked = sorted((a, b) for a, b in network.edges)
    assert linked
    for a, b in linked:
        asked = (units.get(a, [a])[0], b)  # a unit of the organisation stands for it
        for x, y in ((a, b), asked):
            params = {"actor_a": f"<{x}>", "actor_b": f"<{y}>"}
            assert bool(run(source, "actors-linked", params)), (x, y)
    organisations = sorted(network)
    apart = [
        (a, b)
        for a in organisations[::7]
        for b in organisations[::5]
        if a != b and not network.has_edge(a, b)
    ][:80]
    inside = [(o, u) for o, parts in sorted(units.items()) for u in parts[:2]][:20]
    cities = [(c, facts.actors[c]["municipality"]) for c in sorted(facts.actors)
              if facts.actors[c].get("municipality")][:10]  # fmt: skip
    assert apart and inside
    for a, b in [*apart, *inside, *cities]:
        params = {"actor_a": f"<{a}>", "actor_b": f"<{b}>"}
        assert not bool(run(source, "actors-linked", params)), (a, b)
        assert not list(run(source, "evidence-between-actors", params)), (a, b)
    for a, b in linked[:40]:
        params = {"actor_a": f"<{a}>", "actor_b": f"<{b}>"}
        assert list(run(source, "evidence-between-actors", params)), (a, b)


@pytest.mark.slow
def test_collaborations_of_actor_lists_what_the_map_lists(source: Source):
    """For every committee (and asked through one of its units), `collaborations-of-actor`
    gives the collaborations the organisation takes part in (kg:takesPartIn, the map's
    panel), each through the members the report cites for it (Parties.members: its own
    bodies, and its city where it reports a collaboration the city is a party of)."""
    from kg.model.parties import Parties

    facts = source.facts()
    parties = Parties(facts)
    units = facts.units_by_organisation()
    committees = [iri for iri, a in sorted(facts.actors.items()) if a["type"] == "Committee"]
    assert committees
    for committee in committees:
        expected = set(facts.takes_part_in.get(committee, ()))
        for actor in (committee, *units.get(committee, ())[:1]):
            rows = list(run(source, "collaborations-of-actor", {"actor": f"<{actor}>"}))
            assert {r["collaboration"].value for r in rows} == expected, actor
            for collaboration in expected:
                members = {
                    r["member"].value for r in rows if r["collaboration"].value == collaboration
                }
                assert set(parties.members(committee, collaboration)) == members, collaboration
            assert len({tuple(r) for r in rows}) == len(rows), actor  # each row once


def test_most_collaborative_actors_counts_per_organisation(source: Source):
    """`most-collaborative-actors` counts each organisation's collaborations as the map's
    panel and the organisation–collaboration graph do, with its partner group."""
    facts = source.facts()
    counted = sorted(
        (-len(c), facts.actors[o]["label"], o)
        for o, c in facts.takes_part_in.items()
        if len(c) >= 2
    )[:50]
    expected = [(o, facts.actors[o]["group"], -n) for n, _, o in counted]
    rows = run(source, "most-collaborative-actors", {"min_collaborations": "2"})
    found = [(r["actor"].value, r["group"].value, int(r["collaborations"].value)) for r in rows]
    assert found == expected


def test_partners_of_several_committees_are_the_networks_links_to_committees(source: Source):
    """`partners-of-several-committees` gives each organisation the network links to two or
    more committees, with those committees' names, as the report and the map count them."""
    network = analyse(source.facts()).network
    committees = {n for n, d in network.nodes(data=True) if d["type"] == "Committee"}
    expected = {}
    for node in network:
        linked = sorted(network.nodes[c]["label"] for c in set(network[node]) & committees)
        if len(linked) >= 2:
            expected[node] = (network.nodes[node]["sector"], len(linked), linked)
    assert expected
    rows = list(run(source, "partners-of-several-committees", {"min_committees": "2"}))
    # the names come sorted, as the query sorts them before GROUP_CONCAT (the CHANGELOG says
    # so; the comparison below sorts them again, so would not see them unsorted)
    for r in rows:
        names = r["committeeNames"].value.split("; ")
        assert names == sorted(names), (r["label"].value, names)
    found = {
        r["actor"].value: (
            r["group"].value,
            int(r["committees"].value),
            sorted(r["committeeNames"].value.split("; ")),
        )
        for r in rows
    }
    assert found == expected


def test_university_partners_are_the_networks_links(source: Source):
    """`university-partners` gives each university's partners and, for each, the
    collaborations the network's link counts (as committee-partners does for a committee)."""
    analysis = analyse(source.facts())
    network = analysis.network
    universities = [n for n, d in network.nodes(data=True) if d["type"] == "University"]
    expected = {
        (u, p, c)
        for u in universities
        for p in network[u]
        for c in network.edges[u, p]["collaborations"]
    }
    rows = list(run(source, "university-partners", {}))
    found = {(r["university"].value, r["partner"].value, r["collaboration"].value) for r in rows}
    assert found == expected
    assert all(r["group"].value == network.nodes[r["partner"].value]["sector"] for r in rows)


def test_the_group_pairs_query_is_the_reports_links_between_groups(source: Source):
    """The library's `group-pairs` gives the report's table of links between partner groups
    (its structural holes and the headline built on them), row for row and in its order."""
    analysis = analyse(source.facts())
    report = build_report(analysis, triples=source.triples())
    table = [
        (h["sectors"][0], h["sectors"][1], h["links"], h["status"]) for h in report["sector_holes"]
    ]
    queried = [
        (r["group1"].value, r["group2"].value, int(r["links"].value), r["status"].value)
        for r in run(source, "group-pairs", {})
    ]
    assert queried == table
    assert len(table) == len(WORDS.names) * (len(WORDS.names) - 1) // 2
