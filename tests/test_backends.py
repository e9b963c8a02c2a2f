"""Reading facts on every backend: files into in-memory Oxigraph, an on-disk store, rdflib."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kg.backends import load_facts, open_source
from kg.errors import DataLoadError
from kg.facts import Lit, read_facts
from kg.loader import load
from kg.report import build_report
from kg.store import MANIFEST, is_validated, open_graph, oxigraph_store
from kg.validation import validate_store

FIXTURES = Path(__file__).parent / "fixtures"


def _comparable(facts) -> dict:
    """Facts as plain data, member lists sorted (their order is the store's)."""
    data = dict(facts.__dict__)
    data["members"] = {
        c: {m: sorted(e) for m, e in members.items()} for c, members in facts.members.items()
    }
    return data


@pytest.mark.parametrize(
    ("extra", "bundled"),
    [((), True), ((FIXTURES / "kitchen_sink.ttl",), False), ((FIXTURES / "analysis.ttl",), False)],
)
def test_oxigraph_and_rdflib_give_the_same_facts(extra, bundled):
    from_rdflib = read_facts(load(extra, bundled=bundled))
    from_oxigraph = load_facts(extra, bundled=bundled)
    assert _comparable(from_oxigraph) == _comparable(from_rdflib)
    assert from_oxigraph.actors and from_oxigraph.memberships > 0


def test_facts_keep_literal_values():
    facts = load_facts()
    counts = [c for c in facts.counts if c["count"] is not None]
    assert counts and all(isinstance(c["count"], int) for c in counts)
    pages = [e["page"] for e in facts.excerpts.values() if e["page"] is not None]
    assert pages and all(isinstance(p, int) for p in pages)
    assert {a["municipal"] for a in facts.actors.values()} <= {True, False, None}
    assert Lit("true", datatype="http://www.w3.org/2001/XMLSchema#boolean").value() is True


def test_a_bad_file_names_its_line_and_loads_nothing():
    with pytest.raises(DataLoadError) as caught:
        open_source([FIXTURES / "syntax_error.ttl"], bundled=False)
    assert caught.value.path == FIXTURES / "syntax_error.ttl"
    assert caught.value.line == 6
    assert "nothing was loaded" in str(caught.value)


def test_the_store_is_read_directly(tmp_path: Path):
    import pyoxigraph

    source = open_source(store=tmp_path / "s")
    assert isinstance(source, pyoxigraph.Store)
    assert isinstance(oxigraph_store(open_graph(store=tmp_path / "s")), pyoxigraph.Store)
    assert _comparable(read_facts(source)) == _comparable(load_facts())


def test_the_report_is_the_same_on_every_backend(tmp_path: Path, bundled_graph: Graph):
    from kg.analysis.pipeline import analyse

    memory = build_report(bundled_graph)
    source = open_source(store=tmp_path / "s")
    on_store = build_report(source, analyse(source))
    assert json.dumps(on_store, sort_keys=True) == json.dumps(memory, sort_keys=True)


def _forbid_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, facts must come from a store's kept file, not from reading the store."""
    from kg import backends

    def no_reading(source: object) -> None:
        raise AssertionError("the facts should come from the file")

    monkeypatch.setattr(backends, "read_facts", no_reading)


def test_a_conforming_store_is_validated_once(tmp_path: Path):
    directory = tmp_path / "s"
    graph = open_graph(store=directory)
    assert not is_validated(directory)
    first = validate_store(graph, directory)
    assert first.conforms and not first.recorded
    assert is_validated(directory)
    again = validate_store(open_graph(store=directory), directory)
    assert again.conforms and again.recorded
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["validated"]


def test_validating_a_store_keeps_its_facts_for_the_first_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from kg import backends

    directory = tmp_path / "s"
    graph = open_graph(store=directory)
    assert not (directory / backends.FACTS_FILE).exists()
    assert validate_store(graph, directory).conforms
    expected = read_facts(oxigraph_store(graph))

    _forbid_reading(monkeypatch)
    assert load_facts(store=directory) == expected


def test_a_rebuilt_store_is_validated_again(tmp_path: Path):
    directory = tmp_path / "s"
    validate_store(open_graph(store=directory), directory)
    graph = open_graph(store=directory, reload=True)
    assert not is_validated(directory)
    assert not validate_store(graph, directory).recorded


def test_facts_need_neither_rdflib_nor_networkx():
    code = (
        "import sys; from kg.backends import load_facts; from kg.analysis.gaps import "
        "committee_gaps; committee_gaps(load_facts()); "
        "print(sorted(m for m in ('rdflib', 'networkx') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_store_keeps_its_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from kg import backends

    directory = tmp_path / "s"
    first = load_facts(store=directory)
    assert (directory / backends.FACTS_FILE).is_file()

    _forbid_reading(monkeypatch)
    assert load_facts(store=directory) == first


def test_stale_or_broken_kept_facts_are_read_again(tmp_path: Path):
    from kg import backends

    directory = tmp_path / "s"
    first = load_facts(store=directory)
    kept = directory / backends.FACTS_FILE
    kept.write_text('{"key": "other", "facts": {}}', encoding="utf-8")
    assert load_facts(store=directory) == first
    kept.write_text("{not json", encoding="utf-8")
    assert load_facts(store=directory) == first
    assert json.loads(kept.read_text(encoding="utf-8"))["key"] != "other"
