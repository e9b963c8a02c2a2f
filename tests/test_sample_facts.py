"""scripts/sample_facts.py: the reader's sample is stratified, seeded, fresh across rounds and
printed with its evidence."""

from __future__ import annotations

import pytest
from helpers.scripts import script

SIZES = {"membership": 30, "collaboration": 15, "actor": 10, "count": 5}


@pytest.fixture(scope="module")
def sampler():
    with script("sample_facts") as module:
        yield module


@pytest.fixture(scope="module")
def store(bundled_source):
    return bundled_source.open()


def test_each_kind_is_sampled_to_its_size_from_its_own_population(sampler, store):
    sample = sampler.draw(store, 20261202, SIZES)
    for kind, size in SIZES.items():
        population = set(sampler.population(store, kind))
        assert len(sample[kind]) == size
        assert len(set(sample[kind])) == size
        assert set(sample[kind]) <= population


def test_a_seed_draws_the_same_sample_and_another_seed_another(sampler, store):
    first = sampler.draw(store, 20261202, SIZES)
    assert sampler.draw(store, 20261202, SIZES) == first
    assert sampler.draw(store, 20261203, SIZES) != first


@pytest.mark.slow
def test_excluded_seeds_are_not_drawn_again(sampler, store):
    first = sampler.draw(store, 20261202, SIZES)
    second = sampler.draw(store, 20261203, SIZES, (20261202,))
    third = sampler.draw(store, 20261204, SIZES, (20261202, 20261203))
    for kind in SIZES:
        assert not set(first[kind]) & set(second[kind])
        assert not (set(first[kind]) | set(second[kind])) & set(third[kind])


@pytest.mark.slow
def test_every_sampled_fact_is_printed_with_its_claims_and_quoted_evidence(sampler, store):
    sample = sampler.draw(store, 20261202, SIZES)
    facts = [
        sampler.describe(store, kind, iri, {}) for kind in sampler.KINDS for iri in sample[kind]
    ]
    for fact in facts:
        assert fact.evidence, fact.iri
        assert all(excerpt.quote for excerpt in fact.evidence)
    memberships = [fact for fact in facts if fact.kind == "membership"]
    assert all({"org:member", "org:organization"} <= set(f.claims) for f in memberships)
    text = sampler.render(facts)
    assert text.count("\n[M") == SIZES["membership"]
    assert text.count("\n[N") == SIZES["count"]
    assert f'"{facts[0].evidence[0].quote}"' in text


def test_the_year_stratum_holds_only_facts_with_a_year_and_is_drawn_only_when_asked(sampler, store):
    years = sampler.draw(store, 23, {**SIZES, "year": 8})["year"]
    assert len(years) == 8
    for iri in years:
        fact = sampler.describe(store, "year", iri, {})
        assert set(fact.claims) & {"kg:year", "kg:startYear", "kg:endYear"}, iri
        assert all(value.isdigit() for values in fact.claims.values() for value in values)
    assert sampler.draw(store, 23, SIZES)["year"] == []
    assert (
        sampler.draw(store, 23, dict(zip(sampler.KINDS, sampler.DEFAULT_SIZES, strict=True)))[
            "year"
        ]
        == []
    )
