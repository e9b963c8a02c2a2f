"""A kg.Source whose store another Source rebuilt in the same process (a notebook: one
Source(store=D) opened, then Source(store=D, reload=True), or one whose files changed): the
older one opens the new store when next used, and never rebuilds it again itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg
from kg.errors import StoreError
from kg.io.store import read_manifest

pytestmark = pytest.mark.slow  # builds stores

EXTRA = '\n<https://w3id.org/kg-malmo/id/extra> <http://example.org/p> "x" .\n'
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def data(tmp_path: Path, fixture_path) -> Path:
    path = tmp_path / "mine.ttl"
    shutil.copy(fixture_path("kitchen_sink.ttl"), path)
    return path


def _count(source: kg.Source) -> int:
    return int(next(iter(source.open().query(COUNT)))["n"].value)


def test_an_older_source_reads_the_store_another_rebuilt(tmp_path: Path, data: Path):
    older = kg.Source(data=data, bundled=False, store=tmp_path / "store")
    before, triples, facts = _count(older), older.triples(), older.facts()
    with data.open("a", encoding="utf-8") as file:
        file.write(EXTRA)
    newer = kg.Source(data=data, bundled=False, store=tmp_path / "store")
    assert _count(newer) == before + 1  # the file changed: rebuilt
    assert _count(older) == before + 1
    assert older.triples() == triples + 1
    assert "x" in {str(o) for o in older.graph().objects()}
    assert older.facts() is not facts  # read again, from the new store


@pytest.mark.parametrize("settled", [False, True], ids=["its in-memory copy", "on disk"])
def test_reload_in_a_newer_source_is_not_undone_by_the_older(tmp_path, data, settled: bool):
    """The older one had built the store (reload=True too): it opens the newer one's build,
    whether it still read its in-memory copy or had settled on the disk."""
    store = tmp_path / "store"
    older = kg.Source(data=data, bundled=False, store=store, reload=True)
    before = _count(older)
    if settled:
        older.settle()
    first = read_manifest(store)["build"]
    newer = kg.Source(data=data, bundled=False, store=store, reload=True)
    assert _count(newer) == before
    build = read_manifest(store)["build"]
    assert build != first
    assert _count(older) == before
    assert older.on_disk()  # the new store, reopened from disk
    assert read_manifest(store)["build"] == build  # not built a third time


def test_an_older_source_whose_store_now_holds_other_files(tmp_path: Path, data: Path):
    other = tmp_path / "other.ttl"
    other.write_text(data.read_text("utf-8") + EXTRA, encoding="utf-8")
    older = kg.Source(data=data, bundled=False, store=tmp_path / "store")
    older.open()
    kg.Source(data=other, bundled=False, store=tmp_path / "store", reload=True).open()
    with pytest.raises(StoreError, match="rebuilt from other files since this Source") as caught:
        older.open()
    assert "make a new kg.Source" in caught.value.hint
    assert "other.ttl" in caught.value.message
