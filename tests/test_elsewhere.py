"""kg on macOS and Windows, simulated on Linux (tests/helpers/elsewhere.py takes away /proc,
/sys, os.sched_getaffinity and, for Windows, fcntl, resource, SIGHUP and the like): the
commands run there as here, or say once what they do without."""

from __future__ import annotations

import json
import re
import signal
import sys
from pathlib import PureWindowsPath

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.io.given import web_address
from kg.machine import limits_memory
from kg.web.workers import NO_MEMORY_LIMIT, limit_memory
from tests.helpers.elsewhere import run_kg, start_kg
from tests.helpers.serving import FIXTURE, RUNAWAY, http, triples_served

SYSTEMS = ["mac", "windows"]


@pytest.mark.parametrize("system", SYSTEMS)
def test_validate_runs_without_linux_s_cpu_affinity(tmp_path, system):
    """kg validate checks its shapes in threads, as many as the cores: counted without
    os.sched_getaffinity, which macOS and Windows lack (it stopped every validation there)."""
    done = run_kg(system, "validate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "the data conforms" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("system", SYSTEMS)
def test_the_quick_start_s_report_is_written(tmp_path, system):
    """The README's first command, ``kg report -o report``, writes the same report there."""
    done = run_kg(system, "report", "-o", "report", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    here = run_kg("linux", "report", "-o", "here", "-q", cwd=tmp_path)
    assert here.returncode == 0, here.stderr
    there = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    same = json.loads((tmp_path / "here" / "report.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in there.items() if k != "provenance"} == {
        k: v for k, v in same.items() if k != "provenance"
    }
    assert (tmp_path / "report" / "map.html").stat().st_size > 0


@pytest.mark.slow
@pytest.mark.parametrize("system", SYSTEMS)
def test_kg_serve_says_once_that_its_memory_limit_is_linux_s_and_serves(tmp_path, system):
    """The workers cap their memory with RLIMIT_AS over the size /proc gives: there, a
    worker stopped at ``import resource`` (Windows) or went on without a word (macOS); now
    kg serve says once that it serves without the limit, answers, and still stops a query
    past --timeout by ending its worker (spawned, as Windows and macOS start them)."""
    server = start_kg(
        system,
        *("serve", "--port", "0", "--workers", "1", "--timeout", "2", "--no-bundled"),
        *("--data", str(FIXTURE)),
        cwd=tmp_path,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+/)sparql", first)
        assert found, first + (server.stderr.read() if server.poll() is not None else "")
        url = found.group(1)
        assert triples_served(url) > 1000
        status, _, body = http(url + "sparql", params={"query": RUNAWAY}, timeout=60)
        assert status == 503, body
        assert triples_served(url) > 1000  # a new worker took the killed one's place
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
        said = server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(30)
        server.stdout.close()
        server.stderr.close()
    assert said.count(NO_MEMORY_LIMIT) == 1
    assert "Traceback" not in said


def test_the_memory_limit_is_linux_s_and_kept_here():
    """On Linux the workers' cap is there (and the warning is not said)."""
    assert limits_memory()


def test_a_worker_without_resource_caps_nothing_and_goes_on(monkeypatch):
    """Without the module ``resource`` (Windows) a worker's cap is None, not an ImportError
    that ended every worker as it started."""
    monkeypatch.setitem(sys.modules, "resource", None)
    assert not limits_memory()
    assert limit_memory(64) is None


@pytest.mark.parametrize(
    ("option", "code"),
    [(["gaps", "--data"], 2), (["validate", "--sources"], 2), (["stats", "--store"], 3)],
    ids=str,
)
def test_a_web_address_as_windows_pathlib_gives_it_is_refused_as_one(option, code):
    """Windows' pathlib turns ``https://example.org/malmo.ttl`` into
    ``https:\\example.org\\malmo.ttl``; kg took that for a file's name (not found) rather
    than saying it never downloads."""
    given = str(PureWindowsPath("https://example.org/data/malmo.ttl"))
    said = CliRunner().invoke(app, [*option, given])
    assert said.exit_code == code, said.output
    text = " ".join(said.stderr.split())
    assert "web address" in text
    assert "https://example.org/data/malmo.ttl" in text


@pytest.mark.parametrize("given", ["C:\\data\\malmo.ttl", "C:/data", "c:data"])
def test_a_windows_path_with_a_drive_is_not_a_web_address(given):
    assert web_address(PureWindowsPath(given)) is None
    assert web_address(given) is None
