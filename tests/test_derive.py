"""The rules that derive the committee-level view: run side by side where they do not wait for
each other, they derive what running them one at a time in file order derives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.io import derive as deriving
from kg.io.files import input_files
from kg.io.parse import load_memory
from kg.model.triples import dataset
from kg.model.vocab import DERIVED_GRAPH
from kg.synth import write_synthetic

GRAPH = ox.NamedNode(DERIVED_GRAPH)


@pytest.fixture(scope="module", params=["bundled", "synthetic with years"])
def files(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list:
    if request.param == "bundled":
        return input_files()
    path = tmp_path_factory.mktemp("derive") / "synthetic.ttl"
    write_synthetic(path, 400, seed=5, years=(2015, 2016))
    return input_files([path], bundled=False)


def _view(store: ox.Store) -> tuple[int, list[str]]:
    """How many derived triples, and each one without a blank node (named anew per load)."""
    quads = list(store.quads_for_pattern(None, None, None, GRAPH))
    plain = sorted(str(q) for q in quads if "_:" not in str(q.subject) + str(q.object))
    return len(quads), plain


@pytest.mark.slow
def test_side_by_side_derives_what_one_at_a_time_derives(files):
    parallel = load_memory(files)
    derived = deriving.derive(parallel)
    serial = load_memory(files)  # one rule at a time, in file order
    assert deriving.derive(serial, side_by_side=1) == derived > 100
    assert _view(parallel) == _view(serial)


@pytest.mark.slow
def test_each_rule_reads_only_what_the_rules_it_waits_for_derive(files):
    """Run alone on the curated facts with only the triples of the rules it waits for (and
    theirs, however far back), each rule derives what it derives after every earlier rule:
    a derived predicate a rule reads without waiting for its rule would show here."""
    every, waits = deriving.rules(), deriving.after()
    curated = load_memory(files)
    made = []
    for _, text in every:
        made.append(list(curated.query(text, **dataset())))
        curated.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in made[-1])
    for rule, (name, text) in enumerate(every):
        before = set(waits[rule])
        while grown := set().union(*(waits[r] for r in before)) - before:
            before |= grown
        alone = load_memory(files)
        for earlier in before:
            alone.bulk_extend(
                ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in made[earlier]
            )
        got = alone.query(text, **dataset())
        plain = sorted(str(t) for t in got if "_:" not in str(t.subject) + str(t.object))
        expected = sorted(str(t) for t in made[rule] if "_:" not in str(t.subject) + str(t.object))
        assert plain == expected, name


def test_rules_wait_for_the_rules_whose_predicates_they_name():
    names = [name for name, _ in deriving.rules()]
    waits = {
        names[rule]: sorted(names[r] for r in earlier)
        for rule, earlier in enumerate(deriving.after())
    }
    assert waits["01-organisation.rq"] == waits["02-partner-group.rq"] == []
    assert waits["03-takes-part-in.rq"] == ["01-organisation.rq"]
    assert waits["04-partner.rq"] == ["03-takes-part-in.rq"]
    assert waits["06-reaches-group.rq"] == [
        "01-organisation.rq",
        "02-partner-group.rq",
        "03-takes-part-in.rq",
        "04-partner.rq",
    ]
    # its status tells a committee the sources describe from one absent from them
    assert waits["07-partner-status.rq"] == ["04-partner.rq", "06-reaches-group.rq"]
    assert waits["08-lacks-group.rq"] == ["06-reaches-group.rq", "07-partner-status.rq"]


def test_a_failing_rule_names_itself(monkeypatch):
    from kg.errors import StoreError

    broken = (*deriving.rules()[:2], ("99-broken.rq", "CONSTRUCT { ?s ?p ?o } WHERE {"))
    monkeypatch.setattr(deriving, "rules", lambda: broken)
    monkeypatch.setattr(deriving, "after", lambda: (frozenset(),) * len(broken))
    with pytest.raises(StoreError, match=r"99-broken\.rq"):
        deriving.derive(load_memory(input_files()))


def test_a_view_naming_a_blank_node_joins_the_facts(tmp_path):
    """Rules' triples are loaded as N-Triples, except where they name a blank node: that
    keeps its identity only as a pyoxigraph term, and the view must join the facts there."""
    path = tmp_path / "blank.ttl"
    path.write_text(
        """@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix : <https://w3id.org/kg-malmo/id/> .
:c a kg:Committee ; kg:sector kg:PublicSector .
:a a kg:Association ; kg:sector kg:CivilSociety .
_:work a kg:Project .
[] a org:Membership ; org:member :c ; org:organization _:work .
[] a org:Membership ; org:member :a ; org:organization _:work .
""",
        encoding="utf-8",
    )
    store = load_memory(input_files([path], bundled=False))
    written = []
    assert deriving.derive(store, written=written.append) > 0
    joined = store.query(
        """PREFIX kg: <https://w3id.org/kg-malmo/ontology#>
        SELECT ?organisation WHERE { ?organisation kg:takesPartIn ?work . ?work a kg:Project }""",
        **dataset(),
    )
    assert sorted(row[0].value.rsplit("/", 1)[1] for row in joined) == ["a", "c"]
    partners = store.query(
        "ASK { <https://w3id.org/kg-malmo/id/c> <https://w3id.org/kg-malmo/ontology#partner> "
        "<https://w3id.org/kg-malmo/id/a> }",
        **dataset(),
    )
    assert partners
    kinds = {type(triples) for triples in written}
    assert kinds == {bytes, list}  # N-Triples, and terms for the rule naming the blank node


@pytest.mark.slow
def test_an_organisation_is_no_partner_of_the_municipality_it_belongs_to():
    """kg:partner leaves out the organisation an organisation is part of (a committee and its
    city), where both take part in one collaboration, and keeps every other pair."""
    store = load_memory(input_files())
    deriving.derive(store)
    prefixes = """PREFIX kg: <https://w3id.org/kg-malmo/ontology#>
                  PREFIX org: <http://www.w3.org/ns/org#>"""

    def pairs(where: str) -> set[tuple[str, str]]:
        rows = store.query(f"{prefixes} SELECT DISTINCT ?a ?b WHERE {{ {where} }}", **dataset())
        return {(row["a"].value, row["b"].value) for row in rows}

    together = pairs("?a kg:takesPartIn ?c . ?b kg:takesPartIn ?c FILTER(!sameTerm(?a, ?b))")
    within = pairs("{ ?a org:subOrganizationOf ?b } UNION { ?b org:subOrganizationOf ?a }")
    assert together & within  # the bundled data has such pairs: the rule is exercised
    assert pairs("?a kg:partner ?b") == together - within
