"""The data source: files into in-memory Oxigraph, an on-disk store, its kept facts and stamps."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from kg.analysis.pipeline import analyse
from kg.errors import DataLoadError, EndpointError, StoreError
from kg.io.kept import FACTS_FILE, facts_key
from kg.io.source import Source
from kg.io.store import MANIFEST
from kg.model.facts import read_facts
from kg.model.triples import Lit
from kg.report.build import build_report
from kg.validation import check, stamps
from kg.validation.stamps import is_validated

FIXTURES = Path(__file__).parent / "fixtures"


def _comparable(facts) -> dict:
    """Facts as plain data (every field; not what a cached property such as
    ``Facts.replaced_by`` keeps beside them), member lists sorted (their order is the
    store's)."""
    data = {f.name: getattr(facts, f.name) for f in fields(facts)}
    data["members"] = {
        c: {m: sorted(e) for m, e in members.items()} for c, members in facts.members.items()
    }
    return data


def test_facts_keep_literal_values(bundled_facts):
    counts = [c for c in bundled_facts.counts if c["count"] is not None]
    assert counts and all(isinstance(c["count"], int) for c in counts)
    pages = [e["page"] for e in bundled_facts.excerpts.values() if e["page"] is not None]
    assert pages and all(isinstance(p, int) for p in pages)
    assert {a["municipal"] for a in bundled_facts.actors.values()} <= {True, False, None}
    assert Lit("true", datatype="http://www.w3.org/2001/XMLSchema#boolean").value() is True


def test_a_bad_file_names_its_line_and_loads_nothing():
    with pytest.raises(DataLoadError) as caught:
        Source(data=(FIXTURES / "syntax_error.ttl",), bundled=False).open()
    assert caught.value.path == FIXTURES / "syntax_error.ttl"
    assert caught.value.line == 6
    assert "nothing was loaded" in str(caught.value)


def test_store_and_endpoint_exclude_each_other():
    with pytest.raises(StoreError, match="not both"):
        Source(store=Path("s"), endpoint="http://127.0.0.1:1/sparql")
    with pytest.raises(StoreError, match="read-only"):
        Source(data=(Path("x.ttl"),), endpoint="http://127.0.0.1:1/sparql")


def test_an_endpoint_that_is_not_http_is_refused_when_the_source_is_made():
    """It was accepted and failed only at ``.facts()``; the message is the same."""
    with pytest.raises(EndpointError) as made:
        Source(endpoint="ftp://x/sparql")
    assert made.value.message == "not an http(s) URL: ftp://x/sparql"
    assert "http://127.0.0.1:7878/query" in made.value.hint


def test_a_folder_with_no_store_is_said_to_have_none(tmp_path: Path):
    """Source.of_store on a misspelt or empty folder says there is no store there, and how to
    build one from Python (not that a store's record is damaged, with the command line's
    options); a web address is refused as Source(store=…) refuses it."""
    for folder, said in [
        (tmp_path / "nowhere", "no such file or folder"),
        (tmp_path, "no kg store is in this folder"),
    ]:
        with pytest.raises(StoreError, match=said) as caught:
            Source.of_store(folder)
        assert caught.value.path == folder and "store=FOLDER" in caught.value.hint
    with pytest.raises(StoreError, match="not a web address"):
        Source.of_store("https://example.org/store")


@pytest.mark.slow
def test_the_store_gives_the_same_facts_as_memory(tmp_path: Path, bundled_facts):
    import pyoxigraph

    stored = Source(store=tmp_path / "s")
    assert isinstance(stored.open(), pyoxigraph.Store)
    assert _comparable(read_facts(stored.open())) == _comparable(bundled_facts)


@pytest.mark.slow
def test_the_report_is_the_same_on_every_backend(tmp_path: Path, bundled_source: Source):
    memory = build_report(analyse(bundled_source.facts()), triples=len(bundled_source.open()))
    stored = Source(store=tmp_path / "s")
    on_store = build_report(analyse(stored.facts()), triples=len(stored.open()))
    assert json.dumps(on_store, sort_keys=True) == json.dumps(memory, sort_keys=True)


def _forbid_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, facts must come from a store's kept file, not from reading the store."""
    import kg.model.facts

    def no_reading(store: object) -> None:
        raise AssertionError("the facts should come from the file")

    monkeypatch.setattr(kg.model.facts, "read_facts", no_reading)


@pytest.mark.slow
def test_a_conforming_store_is_validated_once(tmp_path: Path):
    directory = tmp_path / "s"
    assert not is_validated(directory)
    first = check(Source(store=directory))
    assert first.conforms and not first.recorded
    assert is_validated(directory)
    again = check(Source(store=directory))
    assert again.conforms and again.recorded
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["validated"]


@pytest.mark.slow
def test_validating_a_store_keeps_its_facts_for_the_first_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    directory = tmp_path / "s"
    assert check(Source(store=directory)).conforms
    assert (directory / FACTS_FILE).is_file()
    expected = read_facts(Source(store=directory).open())
    _forbid_reading(monkeypatch)
    assert Source(store=directory).facts() == expected


@pytest.mark.slow
def test_a_rebuilt_store_is_validated_again(tmp_path: Path):
    directory = tmp_path / "s"
    check(Source(store=directory))
    Source(store=directory, reload=True).open()
    assert not is_validated(directory)
    assert not check(Source(store=directory)).recorded


@pytest.fixture(scope="module")
def validated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the bundled data, built and validated once: copy it before changing it (a
    copy is reopened as it is, its stamp with it)."""
    directory = tmp_path_factory.mktemp("validated") / "s"
    check(Source(store=directory))
    return directory


@pytest.mark.slow
@pytest.mark.parametrize("changed", ["validation/quotes.py", "model/vocab.py", "io/parse.py"])
def test_changed_validation_code_invalidates_the_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str, validated_store: Path
):
    """The validator's own modules, and those it reads terms and files through."""
    directory = tmp_path / "s"
    shutil.copytree(validated_store, directory)
    assert is_validated(directory)
    code = tmp_path / "kg"
    shutil.copytree(Path(stamps.__file__).parent.parent, code)
    monkeypatch.setattr(stamps, "__file__", str(code / "validation" / "stamps.py"))
    assert is_validated(directory)  # the same code, elsewhere
    module = code / changed
    module.write_text(module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert not is_validated(directory)


@pytest.mark.slow
def test_facts_need_neither_rdflib_nor_networkx():
    code = (
        "import sys; from kg.io.source import Source; from kg.analysis.gaps import "
        "committee_gaps; committee_gaps(Source().facts()); "
        "print(sorted(m for m in ('rdflib', 'networkx') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_kg_gaps_imports_neither_rdflib_nor_networkx():
    """The command as a user runs it, its table included (the report's wording for it)."""
    code = (
        "import sys, io, contextlib; from kg.cli import app; sys.argv = ['kg', 'gaps']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: app()\n"
        "    except SystemExit: pass\n"
        "print(sorted(m for m in ('rdflib', 'networkx', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_a_store_keeps_its_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    directory = tmp_path / "s"
    first = Source(store=directory).facts()
    assert (directory / FACTS_FILE).is_file()
    _forbid_reading(monkeypatch)
    assert Source(store=directory).facts() == first


@pytest.mark.slow
def test_stale_or_broken_kept_facts_are_read_again(tmp_path: Path):
    directory = tmp_path / "s"
    first = Source(store=directory).facts()
    kept = directory / FACTS_FILE
    kept.write_text('{"key": "other"}\n{"actors": {}}\n', encoding="utf-8")
    assert Source(store=directory).facts() == first
    kept.write_text("{not json", encoding="utf-8")
    assert Source(store=directory).facts() == first
    key = kept.read_text(encoding="utf-8").splitlines()[0]
    kept.write_text(key + "\n[1, 2]\n", encoding="utf-8")  # the right key, damaged facts
    assert Source(store=directory).facts() == first
    assert json.loads(kept.read_text(encoding="utf-8").splitlines()[0])["key"] != "other"


@pytest.mark.parametrize(
    "module", ["facts", "names", "periods", "records", "sectors", "triples", "vocab"]
)
def test_kept_facts_are_keyed_by_the_code_that_reads_them(module, tmp_path, monkeypatch):
    """A store keeps the facts it read; a change to any module that reads them (the basis
    notes moved from facts to names) must read them again, not serve them stale."""
    import importlib

    folder = tmp_path / "s"
    folder.mkdir()
    before = facts_key(folder)
    changed = tmp_path / f"{module}.py"
    read = importlib.import_module(f"kg.model.{module}")
    changed.write_bytes(Path(read.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(read, "__file__", str(changed))
    assert facts_key(folder) != before
