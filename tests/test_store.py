"""Backends: an on-disk Oxigraph store (--store) and a SPARQL endpoint (--endpoint) vs memory."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import needs
from helpers.graphs import same_graph
from rdflib import Graph
from typer.testing import CliRunner

from kg.analysis.stats import stats
from kg.cli import app
from kg.errors import KgError, StoreError
from kg.io.endpoint import Endpoint
from kg.io.parse import to_rdflib
from kg.io.source import Source
from kg.io.store import MANIFEST
from kg.model.facts import PREDICATES
from kg.sparql.engine import run
from kg.sparql.library import LibraryQuery, find, library
from kg.sparql.results import kind_of, serialize

pytestmark = pytest.mark.slow  # stores, servers or a browser

runner = CliRunner()


def _json(args: list[str]) -> object:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _rows(target: object, query: LibraryQuery, values: dict | None = None) -> object:
    """A query's answer in a comparable form: sorted rows, or the graph itself.

    GROUP_CONCAT's order is the engine's choice, so lists joined with ", " are sorted.
    """
    result = run(target, query, values)
    if kind_of(result) == "graph":
        return Graph().parse(data=serialize(result, "nt").body, format="nt")
    if kind_of(result) == "boolean":
        return bool(result)
    lines = csv.reader(io.StringIO(serialize(result, "csv").body.decode()))
    return sorted([", ".join(sorted(cell.split(", "))) for cell in row] for row in lines)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the bundled data (by the first use of the folder)."""
    directory = tmp_path_factory.mktemp("stores") / "bundled"
    Source(store=directory).open()
    return directory


# ---------------------------------------------------------------- --store


def test_store_is_created_then_reopened_without_parsing(tmp_path, monkeypatch):
    directory = tmp_path / "store"
    default = _json(["stats", "--format", "json"])
    assert _json(["stats", "--store", str(directory), "--format", "json"]) == default
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["triples"] == default["triples"]
    assert any(f["path"].endswith("kg.ttl") for f in manifest["files"])
    written = (directory / MANIFEST).stat().st_mtime_ns

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store was rebuilt")

    monkeypatch.setattr("kg.io.store._build", no_build)
    assert _json(["stats", "--store", str(directory), "--format", "json"]) == default
    assert (directory / MANIFEST).stat().st_mtime_ns == written


#: Evidence on blank nodes: excerpts, memberships and one document (kg stats reads them as text).
_BLANK_EVIDENCE = """
@prefix :    <https://w3id.org/kg-malmo/id/test/> .
@prefix kg:  <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix oa:  <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
:doc a kg:SourceDocument ; kg:fileName "a.txt" .
_:doc a kg:SourceDocument ; kg:fileName "b.txt" .
_:e1 a kg:SourceExcerpt ; oa:hasSource :doc .
_:e2 a kg:SourceExcerpt ; oa:hasSource :doc .
_:e3 a kg:SourceExcerpt ; oa:hasSource _:doc .
:committee a kg:Committee ; kg:sector kg:PublicSector ; prov:wasDerivedFrom _:e1 .
:association a kg:Association ; kg:sector kg:CivilSociety ; prov:wasDerivedFrom _:e1 , _:e2 .
:alliance a kg:KnowledgeAlliance ; prov:wasDerivedFrom _:e2 .
[] a org:Membership ; org:member :committee ; org:organization :alliance ;
   prov:wasDerivedFrom _:e2 .
[] a org:Membership ; org:member :association ; org:organization :alliance ;
   prov:wasDerivedFrom _:e3 .
:count a kg:StatedCount ; prov:wasDerivedFrom _:e3 .
"""


def test_stats_count_blank_node_evidence_alike_on_a_store_in_memory_and_an_endpoint(tmp_path):
    data = tmp_path / "blank.ttl"
    data.write_text(_BLANK_EVIDENCE, encoding="utf-8")
    graph = to_rdflib(Source(data=(data,), bundled=False).open())
    with oxigraph_server(graph, tmp_path) as url:
        sources = (
            Source(data=(data,), bundled=False),
            Source(data=(data,), bundled=False, store=tmp_path / "store"),
            Source(endpoint=url),
        )
        counted = [stats(source) for source in sources]
    assert len({counts["triples"] for counts in counted}) == 1
    for counts in counted:
        assert (counts["actors"], counts["collaborations"], counts["memberships"]) == (2, 1, 2)
        assert counts["sectors"] == {"public": 1, "civil": 1, "academia": 0, "business": 0}
        assert counts["classes"]["kg:SourceExcerpt"] == 3
        assert counts["documents"] == {
            "a.txt": {
                "excerpts": 2,
                "actors": 2,
                "collaborations": 1,
                "memberships": 1,
                "counts": 0,
            },
            "b.txt": {
                "excerpts": 1,
                "actors": 0,
                "collaborations": 0,
                "memberships": 1,
                "counts": 1,
            },
        }


def test_an_endpoint_copy_keeps_memberships_written_as_blank_nodes(tmp_path):
    """A membership written as ``[]`` is a blank node no subject points at: a copy of the
    facts' predicates reads no such node piece by piece, so the whole graph is copied."""
    data = tmp_path / "blank.ttl"
    data.write_text(_BLANK_EVIDENCE, encoding="utf-8")
    memory = Source(data=(data,), bundled=False)
    with oxigraph_server(to_rdflib(memory.open()), tmp_path) as url:
        remote = Source(endpoint=url).facts()
    local = memory.facts()
    assert remote.memberships == local.memberships == 2
    assert remote.partners == local.partners
    committee = "https://w3id.org/kg-malmo/id/test/committee"
    assert remote.status == local.status == {committee: "partners"}


def _reported(store: object) -> int:
    """Memberships with a derived year, joined with a curated triple of the same node."""
    from kg.model.triples import dataset

    query = (
        "PREFIX kg: <https://w3id.org/kg-malmo/ontology#> PREFIX org: <http://www.w3.org/ns/org#> "
        "SELECT (COUNT(*) AS ?n) WHERE { ?m kg:reportedIn ?year ; org:member ?who }"
    )
    return int(next(iter(store.query(query, **dataset())))[0].value)


@pytest.mark.parametrize("in_memory", [True, False], ids=["derived-in-memory", "on-disk"])
def test_a_view_derived_on_blank_nodes_joins_the_stored_triples(tmp_path, monkeypatch, in_memory):
    """Blank nodes are named anew in every parse: the store on disk must hold the view of its
    own blank nodes, whether the view was derived in memory (the run that built it reads that
    copy) or on disk."""
    from kg.io.store import reopen

    data = tmp_path / "blank.ttl"
    dated = "[] a org:Membership ; org:member :association ; org:organization :alliance ;"
    data.write_text(f"{_BLANK_EVIDENCE}{dated} kg:year 2016 .\n", encoding="utf-8")
    expected = _reported(Source(data=(data,), bundled=False).open())
    assert expected == 1
    monkeypatch.setattr("kg.io.build.fits_in_memory", lambda files: in_memory)
    directory = tmp_path / "store"
    assert _reported(Source(data=(data,), bundled=False, store=directory).open()) == expected
    assert _reported(reopen(directory)) == expected


def test_a_store_keeps_the_blank_nodes_of_the_copy_it_was_derived_in(tmp_path):
    """The store on disk is a copy of the in-memory one the run derived in, not a second
    parse: the same quads, its blank nodes and the view naming them under the same names."""
    from kg.io.store import reopen

    data = tmp_path / "blank.ttl"
    dated = "[] a org:Membership ; org:member :association ; org:organization :alliance ;"
    data.write_text(f"{_BLANK_EVIDENCE}{dated} kg:year 2016 .\n", encoding="utf-8")
    source = Source(data=(data,), bundled=False, store=tmp_path / "store")
    copy = set(source.open())
    assert not source.on_disk(), "the copy the store was derived in"
    stored = set(reopen(tmp_path / "store"))
    assert any(type(q.subject).__name__ == "BlankNode" for q in copy)
    assert stored == copy


def test_the_run_that_builds_a_store_reads_its_in_memory_copy_until_settled(tmp_path):
    source = Source(store=tmp_path / "store")
    built = len(source.open())
    assert not source.on_disk(), "the copy the store was derived in"
    source.settle()
    assert source.on_disk() and len(source.open()) == built
    again = Source(store=tmp_path / "store")
    assert again.on_disk() and len(again.open()) == built
    facts = Source(store=tmp_path / "other").facts()  # keeping the facts settles it too
    assert facts.actors


def test_a_store_derived_in_memory_equals_one_derived_on_disk(tmp_path, monkeypatch):
    """A store of data that fits in memory (its curated quads copied to disk from memory, each
    rule's triples written as they come) holds the same graph, blank nodes and derived view
    included, as one loaded and derived on disk file by file."""
    from kg.io.store import reopen

    built = {}
    for in_memory in (True, False):
        monkeypatch.setattr("kg.io.build.fits_in_memory", lambda files, v=in_memory: v)
        Source(store=tmp_path / str(in_memory)).open()
        built[in_memory] = reopen(tmp_path / str(in_memory))
    assert len(built[True]) > 5_000
    assert len(built[True]) == len(built[False])
    assert same_graph(built[True], built[False])


def test_blank_nodes_of_one_label_in_two_files_stay_two_in_a_store(tmp_path):
    """Each file's blank nodes are its own: ``_:e`` written in two small files (written to a
    store's disk in one load) are two nodes, as in memory."""
    from kg.io.store import reopen

    for name, quote in (("one", "Första citatet"), ("two", "Andra citatet")):
        (tmp_path / f"{name}.ttl").write_text(
            f"<https://example.org/{name}> <https://example.org/said> _:e .\n"
            f'_:e <https://example.org/quote> "{quote}" .\n',
            encoding="utf-8",
        )
    files = (tmp_path / "one.ttl", tmp_path / "two.ttl")
    Source(data=files, bundled=False, store=tmp_path / "store").open()
    stored = reopen(tmp_path / "store")
    said = {q.object for q in stored if q.predicate.value == "https://example.org/said"}
    assert len(said) == 2
    assert same_graph(stored, Source(data=files, bundled=False).open())


def test_store_gives_the_same_gaps_and_query_results(store_dir):
    for args in (["gaps"], ["brokers"], ["centrality", "--top", "0"]):
        assert _json([*args, "-f", "json", "--store", str(store_dir)]) == _json(
            [*args, "-f", "json"]
        )
    args = ["query", "committees-lacking-sector", "-p", "sector=business", "-f", "csv"]
    on_store = runner.invoke(app, [*args, "--store", str(store_dir)])
    assert on_store.exit_code == 0, on_store.output
    assert sorted(on_store.stdout.splitlines()) == sorted(
        runner.invoke(app, args).stdout.splitlines()
    )


def test_every_library_query_gives_the_same_rows_on_the_store(store_dir, bundled_source):
    stored = Source(store=store_dir)
    for query in library():
        on_store, in_memory = _rows(stored, query), _rows(bundled_source, query)
        if isinstance(on_store, Graph):
            assert same_graph(on_store, in_memory), query.name
        else:
            assert on_store == in_memory, query.name


def test_store_validates(store_dir):
    result = runner.invoke(app, ["validate", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output


def test_changed_file_rebuilds_and_other_files_need_reload(tmp_path, fixture_path):
    data = tmp_path / "mine.ttl"
    shutil.copy(fixture_path("kitchen_sink.ttl"), data)
    directory = tmp_path / "store"
    before = len(Source(data=(data,), bundled=False, store=directory).open())
    with data.open("a", encoding="utf-8") as file:
        file.write('\n<https://w3id.org/kg-malmo/id/extra> <http://example.org/p> "x" .\n')
    assert len(Source(data=(data,), bundled=False, store=directory).open()) == before + 1
    with pytest.raises(StoreError, match="other files") as raised:
        Source(store=directory).open()
    assert "--reload" in raised.value.hint
    assert len(Source(store=directory, reload=True).open()) > before


@pytest.mark.parametrize("bundled", [True, False], ids=["with the bundled data", "no-bundled"])
def test_a_store_remembers_the_files_it_was_built_from(tmp_path, fixture_path, bundled: bool):
    """The user review: `kg gaps --store big.db` alone failed; a store is like a database
    file, and --data and --bundled/--no-bundled need saying only when building it."""
    folder = tmp_path / "city"
    folder.mkdir()
    shutil.copy(fixture_path("kitchen_sink.ttl"), folder / "mine.ttl")
    directory = tmp_path / "store"
    given = ["--data", str(folder), *([] if bundled else ["--no-bundled"])]
    full = runner.invoke(app, ["gaps", "-f", "json", "--store", str(directory), *given])
    assert full.exit_code == 0, full.output
    alone = runner.invoke(app, ["gaps", "-f", "json", "--store", str(directory)])
    assert alone.exit_code == 0, alone.output
    assert alone.stdout == full.stdout
    rebuilt = runner.invoke(app, ["stats", "-f", "json", "--store", str(directory), "--reload"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert (
        json.loads(rebuilt.stdout)["triples"]
        == json.loads(runner.invoke(app, ["stats", "-f", "json", *given]).stdout)["triples"]
    )
    # a store of an older layout is rebuilt, from the files it records
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    (directory / MANIFEST).write_text(json.dumps({**manifest, "layout": 1}), encoding="utf-8")
    again = runner.invoke(app, ["gaps", "-f", "json", "--store", str(directory)])
    assert again.exit_code == 0 and again.stdout == full.stdout, again.output
    assert json.loads((directory / MANIFEST).read_text(encoding="utf-8"))["layout"] > 1
    # an option given is what the user asks for: the store must then hold just that
    other = "--no-bundled" if bundled else "--bundled"
    refused = runner.invoke(app, ["gaps", "--store", str(directory), other, *given[:2]])
    assert refused.exit_code == 3 and "built from other files" in refused.stderr


@pytest.mark.parametrize("bundled", [True, False], ids=["with the bundled data", "no-bundled"])
def test_a_store_built_by_another_install_of_kg_is_reopened_where_its_files_are_the_same(
    tmp_path, fixture_path, bundled: bool
):
    """A store built by kg in another virtual environment or checkout records that install's
    ontology (and bundled data): the same content here is the same file, so the store is
    reopened (it was refused as "built from other files", to be rebuilt with --reload: four
    minutes at 10M triples); another ontology there rebuilds it, as a changed file does."""
    from kg.paths import ontology_dir

    data = tmp_path / "mine.ttl"
    shutil.copy(fixture_path("kitchen_sink.ttl"), data)
    directory = tmp_path / "store"
    given = ["--data", str(data), *([] if bundled else ["--no-bundled"])]
    built = runner.invoke(app, ["gaps", "-f", "json", "--store", str(directory), *given])
    assert built.exit_code == 0, built.output
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    here, elsewhere = str(ontology_dir().resolve().parent), str(tmp_path / "venv" / "kg")
    moved = [
        # another install's files: the same content, other paths, times and inodes
        {**entry, "path": elsewhere + entry["path"][len(here) :], "inode": 1, "mtime_ns": 1}
        if entry["path"].startswith(here + "/")
        else entry
        for entry in manifest["files"]
    ]
    assert moved[0]["path"] == elsewhere + "/ontology/kg.ttl"
    (directory / MANIFEST).write_text(json.dumps({**manifest, "files": moved}), encoding="utf-8")
    for command in (["gaps", "-f", "json"], ["gaps", "-f", "json", *given]):
        again = runner.invoke(app, [*command, "--store", str(directory)])
        assert again.exit_code == 0, again.output
        assert again.stdout == built.stdout
    kept = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    assert kept["build"] == manifest["build"]  # reopened, not rebuilt
    assert [entry["path"] for entry in kept["files"]] == [e["path"] for e in manifest["files"]]
    other = [{**moved[0], "sha256": "0" * 64, "mtime_ns": 0}, *moved[1:]]
    (directory / MANIFEST).write_text(json.dumps({**manifest, "files": other}), encoding="utf-8")
    rebuilt = runner.invoke(app, ["gaps", "-f", "json", "--store", str(directory)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert rebuilt.stdout == built.stdout
    assert (
        json.loads((directory / MANIFEST).read_text(encoding="utf-8"))["build"] != manifest["build"]
    )


def test_a_store_built_from_part_of_the_bundled_folder_remembers_just_that(tmp_path):
    from kg.paths import data_dir

    directory = tmp_path / "store"
    given = ["--no-bundled", "--data", str(data_dir() / "areas")]
    full = runner.invoke(app, ["stats", "-f", "json", "--store", str(directory), *given])
    assert full.exit_code == 0, full.output
    alone = runner.invoke(app, ["stats", "-f", "json", "--store", str(directory)])
    assert alone.exit_code == 0, alone.output
    assert alone.stdout == full.stdout
    # a store that recorded only its files (before kg recorded the options) reads the same
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    del manifest["given"]
    (directory / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert runner.invoke(app, ["stats", "-f", "json", "--store", str(directory)]).stdout == (
        full.stdout
    )


def test_a_store_whose_record_is_damaged_is_never_rebuilt_from_other_data(tmp_path, fixture_path):
    """Following the damaged record's hint with --store alone rebuilt it from the bundled
    data, replacing the user's store without a word."""
    directory = tmp_path / "store"
    mine = ["--no-bundled", "--data", str(fixture_path("kitchen_sink.ttl"))]
    assert runner.invoke(app, ["stats", "--store", str(directory), *mine]).exit_code == 0
    (directory / MANIFEST).write_text('{"layout": 3, "files": [', encoding="utf-8")
    for extra in ([], ["--reload"]):
        refused = runner.invoke(app, ["gaps", "--store", str(directory), *extra])
        assert refused.exit_code == 3, refused.output
        assert "--data" in refused.stderr and "--reload" in refused.stderr
        assert "Kommunfullmäktige" not in refused.stdout
    rebuilt = runner.invoke(app, ["stats", "--store", str(directory), "--reload", *mine])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert runner.invoke(app, ["stats", "--store", str(directory)]).exit_code == 0


def test_a_store_alone_says_when_its_files_are_gone_or_changed(tmp_path, fixture_path):
    folder = tmp_path / "city"
    folder.mkdir()
    shutil.copy(fixture_path("kitchen_sink.ttl"), folder / "a.ttl")
    single = tmp_path / "single.ttl"
    shutil.copy(fixture_path("kitchen_sink.ttl"), single)
    one, two = tmp_path / "one", tmp_path / "two"
    for store, data in ((one, single), (two, folder)):
        built = runner.invoke(app, ["stats", "--store", str(store), "--no-bundled", "--data",
                                    str(data)])  # fmt: skip
        assert built.exit_code == 0, built.output
    single.unlink()
    gone = runner.invoke(app, ["stats", "--store", str(one)])
    assert gone.exit_code == 3 and "files that are gone" in gone.stderr, gone.output
    # a folder given: a file added to it is seen, and --reload alone takes it in
    (folder / "b.ttl").write_text(
        '<https://w3id.org/kg-malmo/id/extra> <http://example.org/p> "x" .\n', encoding="utf-8"
    )
    changed = runner.invoke(app, ["stats", "--store", str(two)])
    assert changed.exit_code == 3 and "1 new" in changed.stderr, changed.output
    assert "--reload" in changed.stderr
    assert runner.invoke(app, ["stats", "--store", str(two), "--reload"]).exit_code == 0
    assert runner.invoke(app, ["stats", "--store", str(two)]).exit_code == 0


def test_bad_file_leaves_no_store(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix a: <http://x/> .\na:s a:p "x" .\na:s a:p a:b a:c .\n', encoding="utf-8")
    directory = tmp_path / "store"
    result = runner.invoke(app, ["stats", "--store", str(directory), "--data", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3:" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl"]


def test_folder_that_is_not_a_store_is_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["stats", "--store", str(tmp_path)])
    assert result.exit_code == 3
    assert "holds no kg store" in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# ---------------------------------------------------------------- --endpoint


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(f"{url}?{query}", timeout=2) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def oxigraph_server(graph: Graph, folder: Path) -> Iterator[str]:
    """A read-only Oxigraph server on the loopback address holding ``graph``; its query URL."""
    beside_python = Path(sys.executable).parent / "oxigraph"
    command = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if command is None:
        needs.missing("the oxigraph server is not installed (pip install oxigraph)")
    dump = folder / "all.nt"
    graph.serialize(dump, format="nt", encoding="utf-8")
    location = folder / "db"
    subprocess.run(
        [command, "load", "--location", str(location), "--file", str(dump)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = _free_port()
    server = subprocess.Popen(
        [command, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while not _answers(url):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the oxigraph server did not start")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, bundled_source: Source) -> Iterator[str]:
    """The bundled data with the committee-level view kg derives (as `kg export --derived`
    writes it), on an Oxigraph server."""
    graph = to_rdflib(bundled_source.open(), derived=True)
    with oxigraph_server(graph, tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def test_endpoint_stats_and_gaps_match_the_default(endpoint):
    for args in (["stats"], ["gaps"], ["communities"]):
        remote, local = (
            _json([*args, "-f", "json", "--endpoint", endpoint]),
            _json([*args, "-f", "json"]),
        )
        if args == ["stats"]:  # its provenance names the endpoint read, not the files' digest
            assert remote.pop("provenance")["endpoint"] == endpoint
            local.pop("provenance")
        assert remote == local


def test_library_query_on_the_endpoint_matches_the_default(endpoint, bundled_source):
    remote = Source(endpoint=endpoint)
    for name, values in (
        ("committees-lacking-sector", {"sector": "business"}),
        ("actor-by-name", {"name": '"Rädda Barnen"@sv'}),
        ("sector-pairs", None),
    ):
        query = find(name)
        on_endpoint = _rows(remote, query, values)
        assert on_endpoint == _rows(bundled_source, query, values), name
        assert len(on_endpoint) > 1, name
    args = ["query", "actor-by-name", "-p", 'name="Rädda Barnen"@sv', "-f", "csv"]
    result = runner.invoke(app, [*args, "--endpoint", endpoint])
    assert result.exit_code == 0, result.output
    assert result.stdout == runner.invoke(app, args).stdout


def test_a_copy_fetches_one_pattern_per_predicate(endpoint, bundled_graph):
    copy = Endpoint(endpoint).copy(PREDICATES)
    assert 0 < len(copy) < len(bundled_graph)
    assert same_graph(to_rdflib(Endpoint(endpoint).copy()), bundled_graph)


def test_a_query_on_the_derived_view_fails_loudly_where_the_endpoint_lacks_it(
    tmp_path: Path, bundled_graph: Graph
):
    from kg.errors import EndpointError

    with oxigraph_server(bundled_graph, tmp_path) as url:  # the curated facts alone
        with pytest.raises(EndpointError, match="committee-level view") as caught:
            run(Source(endpoint=url), "committees-lacking-sector")
        assert "kg export --derived" in caught.value.hint
        assert _rows(Source(endpoint=url), find("sector-pairs"))  # other queries still run


def test_endpoint_refuses_data_and_names_an_unreachable_server():
    with pytest.raises(StoreError, match="read-only"):
        Source(data=(Path("x.ttl"),), endpoint="http://127.0.0.1:1/query")
    with pytest.raises(KgError, match="cannot reach the endpoint"):
        Source(endpoint=f"http://127.0.0.1:{_free_port()}/query").facts()
    result = runner.invoke(app, ["stats", "--store", "s", "--endpoint", "http://127.0.0.1:1/q"])
    assert result.exit_code == 2  # a usage error: the options do not go together
    assert "not both" in result.stderr
    result = runner.invoke(app, ["stats", "--data", "x.ttl", "--endpoint", "http://127.0.0.1:1/q"])
    assert result.exit_code == 2
    assert "read-only" in result.stderr
