"""The shapes' SPARQL is the same text on every run, however the shapes fall to the
validation's threads: a proof that one shape asks and another asks again is one text, and so
one shared answer (kg.validation.proofs.Proofs), never two by the order threads took them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import kg
from kg.io.parse import from_rdflib
from kg.paths import shapes_file
from kg.validation import constraints

#: The broken fixtures of tests/test_validation.py, each failing a shape.
DEFECTS = (
    "missing_quote.ttl",
    "iop_without_nonprofit.ttl",
    "two_types.ttl",
    "no_party.ttl",
    "no_sector.ttl",
    "sector_contradicts_type.ttl",
    "membership_without_evidence.ttl",
    "wrong_parents.ttl",
)


class _Recording:
    """A pyoxigraph store that keeps the text of every query it is asked."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.texts: set[str] = set()

    def query(self, text: str, **options: Any) -> Any:
        self.texts.add(text)
        return self.store.query(text, **options)


def _validated(store: Any, threads: int, monkeypatch: pytest.MonkeyPatch, **options: Any):
    """The query texts and the results of validating ``store`` on ``threads`` threads."""
    monkeypatch.setattr(constraints, "THREADS", threads)
    recording = _Recording(store)
    results = constraints.validate(recording, shapes_file(), **options)
    found = sorted((str(r.focus), r.shape.name, r.component, r.detail) for r in results)
    return recording.texts, found


@pytest.mark.slow
@pytest.mark.parametrize("in_memory", [True, False])
def test_each_query_has_one_text_whatever_the_threads_order(
    bundled_graph, monkeypatch: pytest.MonkeyPatch, in_memory: bool
):
    """One thread (every shape in the shapes' order), four (each thread a share, in the order
    they come): the same query texts, the proofs of sh:minCount among them, and the same
    results; on data that conforms, none."""
    store = from_rdflib(bundled_graph)
    one, results = _validated(store, 1, monkeypatch, in_memory=in_memory)
    four, again = _validated(store, 4, monkeypatch, in_memory=in_memory)
    assert results == again == []
    assert one == four, sorted(one ^ four)[:4]
    proofs = {text for text in one if " MINUS { ?this " in text}
    assert len(proofs) > 10  # a proof of sh:minCount per property shape that asks one


@pytest.mark.slow
@pytest.mark.parametrize("fixture", DEFECTS)
def test_a_defect_is_found_by_the_same_queries_whatever_the_threads_order(
    fixture_path, monkeypatch: pytest.MonkeyPatch, fixture: str
):
    store = from_rdflib(kg.load([fixture_path(fixture)], bundled=False))
    one, results = _validated(store, 1, monkeypatch)
    four, again = _validated(store, 4, monkeypatch)
    assert results == again
    assert results, f"{fixture} fails no shape"
    assert one == four, sorted(one ^ four)[:4]


def test_the_fixtures_exist(fixture_path):
    assert all(Path(fixture_path(name)).is_file() for name in DEFECTS)
