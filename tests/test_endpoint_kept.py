"""``--endpoint`` against kg serve: every answer names the graph it came from (``Kg-Graph``),
so the facts read from it are kept between runs and read again only once that graph changes
(a reload, a rebuilt store, a restart with the graph in memory)."""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from helpers.serving import FIXTURE, http, running
from test_progress import Recorder

import kg.progress as progress
from kg.io.endpoint import Endpoint
from kg.io.source import Source
from kg.web.server import Endpoint as Server
from kg.web.server import Settings

pytestmark = pytest.mark.slow  # servers


def _serving(data: Path, settings: Settings | None = None) -> AbstractContextManager[Server]:
    """kg serve over ``data`` in memory, reading it again on :meth:`Server.reload`."""

    def load() -> object:
        return Source(data=(data,), bundled=False).open()

    return running(settings, store=load(), loader=load)


def _serve_new(server: Server, data: Path, text: str) -> None:
    """Write ``text`` to ``data``, have ``server`` read it again, and wait until its answers
    name the new graph."""
    url = server.url + "sparql"
    before = Endpoint(url).graph()
    data.write_text(text, "utf-8")
    server.reload()
    deadline = time.monotonic() + 30
    while Endpoint(url).graph() == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert Endpoint(url).graph() != before


#: The fixture with a second Swedish name for one committee, which a shape forbids.
BROKEN = FIXTURE.read_text("utf-8").replace('"Alfanämnden"@sv ,', '"Alfanämnden"@sv , "Alfa"@sv ,')


def _read(url: str) -> tuple[object, list[str]]:
    """The facts of the endpoint at ``url``, in a Source of their own, and the steps taken."""
    recorder = Recorder()
    with progress.reporting(recorder):
        facts = Source(endpoint=url).facts()
    return facts, recorder.started()


def test_kg_serve_names_its_graph_in_every_answer(tmp_path: Path):
    data = tmp_path / "facts.ttl"
    data.write_bytes(FIXTURE.read_bytes())
    with _serving(data, Settings(cors="*")) as server:  # a browser's script may read it
        url = server.url + "sparql"
        named = Endpoint(url).graph()  # a POST
        assert named and len(named) == 32
        status, headers, _ = http(url, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
        assert status == 200 and headers["kg-graph"] == named
        assert "Kg-Graph" in headers["access-control-expose-headers"]


def test_the_facts_read_from_kg_serve_are_kept_until_its_graph_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "facts.ttl"
    data.write_bytes(FIXTURE.read_bytes())
    alpha = "https://w3id.org/kg-malmo/id/fx/alpha"
    with _serving(data) as server:
        url = server.url + "sparql"
        first, steps = _read(url)
        assert f"Copying the graph from {url}" in steps
        assert f"Keeping the facts read from {url}" in steps
        assert first.actors[alpha]["label"] == "Alfanämnden"
        again, steps = _read(url)
        assert steps == [f"Reading the facts kept for {url}"]  # nothing copied
        assert again.actors == first.actors and again.partners == first.partners
        assert again.members == first.members and again.status == first.status
        # the data changes and the server reads it again: so do the facts
        renamed = data.read_text("utf-8").replace('"Alfanämnden"@sv', '"Alfanämnden (ny)"@sv')
        _serve_new(server, data, renamed)
        changed, steps = _read(url)
        assert f"Copying the graph from {url}" in steps
        assert changed.actors[alpha]["label"] == "Alfanämnden (ny)"
        assert _read(url)[1] == [f"Reading the facts kept for {url}"]


def test_a_validation_of_kg_serve_s_graph_is_kept_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``kg validate`` and ``kg report`` over kg serve check its graph once: the next run
    uses the record (and the facts read beside), ``--reload`` checks again, and a graph
    that changed is checked again; one that does not conform is never recorded."""
    from typer.testing import CliRunner

    from kg.cli import app

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    recorded = "as recorded when kg last validated this graph of the endpoint"
    data = tmp_path / "facts.ttl"
    data.write_bytes(FIXTURE.read_bytes())

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, [*args, "--endpoint", url])
        return result.exit_code, result.output

    with _serving(data) as server:
        url = server.url + "sparql"
        first = run("report", "-o", str(tmp_path / "first"))
        assert first[0] == 0 and "✓ the data conforms" in first[1] and recorded not in first[1]
        again = run("report", "-o", str(tmp_path / "again"))
        assert again[0] == 0 and recorded in again[1]
        assert _read(url)[1] == [f"Reading the facts kept for {url}"]  # kept beside
        for name in ("report.md", "report.json", "map.html"):
            assert (tmp_path / "first" / name).read_bytes() == (
                tmp_path / "again" / name
            ).read_bytes()
        assert run("validate")[1].count(recorded) == 1
        checked = run("validate", "--reload")
        assert checked[0] == 0 and recorded not in checked[1]
        _serve_new(server, data, BROKEN)  # checked every time, never recorded
        for _ in range(2):
            code, said = run("validate")
            assert code == 1 and "at most one skos:prefLabel per language" in said
            assert recorded not in said


def test_a_cache_folder_that_cannot_be_written_keeps_nothing_and_fails_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """It was "internal error: NotADirectoryError" where the cache folder is a file."""
    from typer.testing import CliRunner

    from kg.cli import app

    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file", "utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(not_a_folder))
    data = tmp_path / "facts.ttl"
    data.write_bytes(FIXTURE.read_bytes())
    with _serving(data) as server:
        url = server.url + "sparql"
        runs = [CliRunner().invoke(app, ["gaps", "-f", "json", "--endpoint", url]) for _ in "12"]
        assert [r.exit_code for r in runs] == [0, 0] and runs[0].stdout == runs[1].stdout
        assert _read(url)[1][0] == f"Copying the graph from {url}"  # nothing was kept
        written = CliRunner().invoke(app, ["report", "--endpoint", url, "-o", str(tmp_path / "r")])
        assert written.exit_code == 0, written.output
    assert not_a_folder.read_text("utf-8") == "a file"


def test_what_is_kept_is_read_again_under_another_ontology(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A copy derives its committee-level view, and is validated, with kg's own ontology: an
    ontology edited since (a checkout, an upgrade without a new version) reads and checks
    the graph again."""
    from typer.testing import CliRunner

    import kg.paths
    from kg.cli import app

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "facts.ttl"
    data.write_bytes(FIXTURE.read_bytes())
    edited = tmp_path / "ontology" / "kg.ttl"
    edited.parent.mkdir()
    edited.write_bytes(kg.paths.ontology_file().read_bytes() + b"\n# edited\n")
    recorded = "as recorded when kg last validated this graph of the endpoint"
    with _serving(data) as server:
        url = server.url + "sparql"
        assert CliRunner().invoke(app, ["validate", "--endpoint", url]).exit_code == 0
        assert recorded in CliRunner().invoke(app, ["validate", "--endpoint", url]).output
        _read(url)
        assert _read(url)[1] == [f"Reading the facts kept for {url}"]
        monkeypatch.setattr(kg.paths, "ontology_file", lambda: edited)
        assert _read(url)[1][0] == f"Copying the graph from {url}"
        checked = CliRunner().invoke(app, ["validate", "--endpoint", url])
        assert checked.exit_code == 0 and recorded not in checked.output


def test_a_record_names_the_graph_that_was_copied_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A source copied before kg serve took new data is checked as it was copied: the record
    is that copy's graph's, not the one the server names by the time the check ends; and a
    record used by ``kg report`` comes with the facts kept for the same graph, read without
    asking the endpoint again."""
    from typer.testing import CliRunner

    import kg.io.endpoint
    from kg.cli import app
    from kg.validation import check

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "facts.ttl"
    data.write_bytes(FIXTURE.read_bytes())
    with _serving(data) as server:
        url = server.url + "sparql"
        copied = Source(endpoint=url)
        copied.open()  # the graph as it is now, then the server takes data that breaks a rule
        _serve_new(server, data, BROKEN)
        assert check(copied).conforms  # the copy made before
        said = CliRunner().invoke(app, ["validate", "--endpoint", url])
        assert said.exit_code == 1 and "at most one skos:prefLabel per language" in said.output
        # the data mended again: a report keeps its record and facts, and the next uses both
        _serve_new(server, data, FIXTURE.read_text("utf-8"))
        runs = [
            CliRunner().invoke(app, ["report", "--endpoint", url, "-o", str(tmp_path / n)])
            for n in "ab"
        ]
        assert [r.exit_code for r in runs] == [0, 0]
        source = Source(endpoint=url)
        assert check(source, read_facts=True).recorded
        asked: list[str] = []
        query = kg.io.endpoint.Endpoint.query
        monkeypatch.setattr(
            kg.io.endpoint.Endpoint, "query", lambda self, *a: asked.append(a[0]) or query(self, *a)
        )
        assert source.facts().actors and asked == []
