"""Signals to ``kg serve`` while it is still starting (building the store, its workers loading
the graph) leave nothing behind: no worker process, no half-built store; SIGTERM ends it with
status 0, and SIGHUP to a service is the reload it asks for, done once it serves."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # servers, a synthetic graph

KG = str(Path(sys.executable).with_name("kg"))


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic graph large enough that the workers take a moment to load it."""
    path = tmp_path_factory.mktemp("city") / "city.ttl"
    subprocess.run([KG, "synth", "-n", "2000", "--seed", "3", "-o", str(path)], check=True)
    return path


def _session(leader: int) -> list[tuple[int, str, bytes]]:
    """The processes of the session ``leader`` started: pid, state and command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            if int(fields[3]) == leader:
                found.append((int(entry.name), fields[0], (entry / "cmdline").read_bytes()))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _workers(leader: int) -> list[int]:
    """The query workers (spawned processes, not the resource tracker) alive in the session."""
    return [
        pid
        for pid, state, command in _session(leader)
        if state != "Z" and b"spawn_main" in command and b"resource_tracker" not in command
    ]


def _until(check, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


def _start(*options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [KG, "serve", "--port", "0", "--workers", "2", *options],
        stdin=subprocess.DEVNULL,  # as a service has it
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its processes are those of its session
    )


def _end(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.kill()
        server.wait(30)
    for pid in _workers(server.pid):  # none, unless a test failed
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    for stream in (server.stdout, server.stderr):
        if stream is not None:
            stream.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_while_the_workers_load_the_graph_leaves_no_worker_behind(city: Path, signum):
    """Before, SIGTERM while the workers loaded ended kg serve at once (killed by the signal)
    and the workers went on loading the graph as orphans; Ctrl-C left them too."""
    server = _start("--no-bundled", "--data", str(city))
    try:
        assert _until(lambda: len(_workers(server.pid)) > 0 or server.poll() is not None)
        assert server.poll() is None  # still starting: nothing said on stdout yet
        server.send_signal(signum)
        code = server.wait(60)
        assert code == 0
        assert _workers(server.pid) == []  # every worker stopped before kg serve ended
        assert server.stdout is not None and "query page" not in server.stdout.read()
    finally:
        _end(server)


def test_sigterm_while_kg_serve_builds_its_store_leaves_no_half_built_store(
    city: Path, tmp_path: Path
):
    """Before, the ``.store.*.loading`` folder of the build was left beside the store (kg
    serve, unlike the other commands, took SIGTERM with the default action)."""
    store = tmp_path / "store"
    server = _start("--no-bundled", "--data", str(city), "--store", str(store))
    try:
        assert _until(lambda: any(tmp_path.glob(".store.*.loading")) or server.poll() is not None)
        assert server.poll() is None
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".store.")) == []
        assert _workers(server.pid) == []
    finally:
        _end(server)


def test_sighup_while_a_service_starts_reloads_once_it_serves(city: Path):
    """Before, SIGHUP (``systemctl reload``) before the workers were ready ended kg serve, and
    left the workers loading as orphans."""
    server = _start("--no-bundled", "--data", str(city))
    try:
        assert _until(lambda: len(_workers(server.pid)) > 0 or server.poll() is not None)
        server.send_signal(signal.SIGHUP)
        assert server.stdout is not None and server.stderr is not None
        line = server.stdout.readline()
        assert re.search(r"query page: http://\S+", line), line
        assert server.poll() is None
        said = []
        assert _until(lambda: said.append(server.stderr.readline()) or "reloading" in said[-1])
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
        assert _workers(server.pid) == []
    finally:
        _end(server)


def test_a_service_started_without_stdout_and_stderr_serves(tmp_path: Path):
    """`kg serve >&- 2>&-` (a service whose manager closes both) ended at once with "internal
    error: ValueError: Unable to configure formatter 'default'": uvicorn's log formatter asks
    stdout, which Python then makes None, whether it is a terminal."""
    import json
    import shlex
    import socket
    import urllib.parse
    import urllib.request

    with socket.socket() as probe:  # a free port: with stdout closed kg cannot tell its own
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = f"exec {shlex.quote(KG)} serve --port {port} --workers 1 >&- 2>&-"
    server = subprocess.Popen(["sh", "-c", command], start_new_session=True, cwd=tmp_path)
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    answers = []

    def answered() -> bool:
        if server.poll() is not None:
            return True
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{query}", timeout=5) as r:
                answers.append(json.loads(r.read()))
            return True
        return False

    try:
        assert _until(answered)
        assert server.poll() is None, "kg serve ended"
        assert answers == [{"head": {}, "boolean": True}]
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
    finally:
        _end(server)
