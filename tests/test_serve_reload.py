"""``kg serve`` takes new data without downtime: SIGHUP reads the files again (``--data``) or
has the workers reopen the store (``--store``), while the server goes on answering; a graph
that cannot be read leaves the old one served; SIGTERM stops it with exit 0."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers.serving import FIXTURE, NEW_TRIPLE, fixture_store, http, running, triples_served

from kg.io.source import Source
from kg.web.server import Settings

pytestmark = pytest.mark.slow  # servers


def _until(check, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_sighup_reads_the_data_again_and_the_server_answers_throughout(tmp_path: Path):
    """Before, SIGHUP (``systemctl reload``) ended kg serve at once, with no message; systemd
    counts a SIGHUP death as clean, so Restart=on-failure left the service down."""
    data = tmp_path / "facts.ttl"
    data.write_bytes(FIXTURE.read_bytes())
    kg = Path(sys.executable).with_name("kg")
    command = [str(kg), "serve", "--no-bundled", "--data", str(data), "--port", "0"]
    with subprocess.Popen(
        [*command, "--workers", "1"],
        stdin=subprocess.DEVNULL,  # as a service has it (systemd: /dev/null)
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None and server.stderr is not None
            line = server.stdout.readline()
            url = re.search(r"query page: (\S+)", line)
            assert url, line
            url = url.group(1)
            before = triples_served(url)
            with data.open("a", encoding="utf-8") as file:
                file.write(NEW_TRIPLE)
            server.send_signal(signal.SIGHUP)
            health = []
            assert _until(
                lambda: health.append(http(url + "health")[0]) or triples_served(url) > before
            )
            assert triples_served(url) == before + 1 and server.poll() is None
            assert set(health) == {200}  # a load balancer never saw it down
            with data.open("a", encoding="utf-8") as file:
                file.write("broken <\n")
            server.send_signal(signal.SIGHUP)
            time.sleep(2)
            assert server.poll() is None and triples_served(url) == before + 1  # the graph before
            status, _, body = http(url + "sparql")  # the service description counts the new
            assert status == 200 and f"#triples> {before + 1}" in body.decode()
            server.send_signal(signal.SIGTERM)
            assert server.wait(30) == 0
            said = server.stderr.read()
        finally:
            if server.poll() is None:
                server.kill()
    assert f"kg serve: reloading: new query workers for {before + 1:,} triples" in said
    assert "kg serve: could not read the graph again, still serving the one read before: " in said
    assert "facts.ttl:" in said and "syntax error" in said  # names the file and line


def test_in_a_terminal_sighup_still_ends_it(tmp_path: Path):
    """Started in a terminal, SIGHUP means the terminal closed: kg serve ends, as before."""
    import os
    import pty

    kg = Path(sys.executable).with_name("kg")
    leader, follower = pty.openpty()
    try:
        with subprocess.Popen(
            [str(kg), "serve", "--no-bundled", "--data", str(FIXTURE), "--port", "0"],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ) as server:
            assert server.stdout is not None and "query page" in server.stdout.readline()
            server.send_signal(signal.SIGHUP)
            try:
                assert server.wait(30) is not None
            finally:
                if server.poll() is None:
                    server.kill()
    finally:
        os.close(leader)
        os.close(follower)


def test_a_reload_has_the_workers_reopen_the_store_and_queries_go_on(tmp_path: Path, capfd):
    data, store, opened = fixture_store(tmp_path)
    with running(Settings(workers=1), store=opened, directory=store) as endpoint:
        before = triples_served(endpoint.url)
        old = set(endpoint.pool._workers)
        (data / "new.ttl").write_text(NEW_TRIPLE, encoding="utf-8")
        Source(data=(data,), bundled=False, store=store, reload=True).open()
        endpoint.reload()  # what SIGHUP does
        assert _until(lambda: endpoint.pool._generation == 1, 30)
        assert _until(lambda: not (set(endpoint.pool._workers) & old), 60)
        assert triples_served(endpoint.url) == before + 1
        status, _, body = http(endpoint.url + "health")
        assert status == 200 and json.loads(body)["status"] == "ok"
    said = capfd.readouterr().err
    assert f"kg serve: reloading: new query workers for {before + 1:,} triples" in said


def test_a_worker_started_while_a_reload_comes_is_not_taken_for_the_new_graph(monkeypatch):
    """A worker restarts in a thread; a reload (on the event loop) between its reading the
    graph and its being counted must leave it to be replaced, not answering (and tagged) as
    the new graph until the next reload."""
    from kg.web import admission

    pool = admission.Pool("the graph before", workers=1, quick_workers=0)
    built = []

    class Worker:
        def __init__(self, context, payload, max_rows, memory, lane) -> None:
            built.append(payload)
            pool.payload = "the graph read again"  # what Pool.reload does meanwhile
            pool._generation += 1

    monkeypatch.setattr(admission, "Worker", Worker)
    worker = pool._spawn("main")
    assert built == ["the graph before"]
    assert worker.generation != pool._generation  # so _arrived replaces it


def test_sighup_while_stopping_announces_no_reload(capfd):
    """SIGHUP just after SIGTERM (systemctl reload during a stop): the log said "reloading:
    new query workers …" though none were started."""
    with running(Settings(workers=1)) as endpoint:
        assert http(endpoint.url + "health")[0] == 200  # the server is up
        endpoint.pool.stopping()  # what the server does first when it stops
        endpoint.reload()
        for thread in threading.enumerate():
            if thread.name == "kg-reload":
                thread.join(30)
        http(endpoint.url + "health")  # (503 now) after what the reload left to the loop
        assert endpoint.pool._generation == 0
    assert "reloading" not in capfd.readouterr().err


@pytest.mark.parametrize(
    ("lang", "said", "english"),
    [
        (
            "sv",
            "kg serve: kunde inte läsa in grafen på nytt, och svarar fortfarande från den som "
            "lästes in förut: {path}:{line}: syntaxfel: broken kan inte vara subjekt",
            "syntax error",
        ),
        (
            "en",
            "kg serve: could not read the graph again, still serving the one read before: "
            "{path}:{line}: syntax error: broken is not a valid subject",
            "syntaxfel",
        ),
    ],
)
def test_a_graph_that_cannot_be_read_again_is_named_in_the_servers_language(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], lang: str, said: str, english: str
):
    """The reload's message and the error inside it (its message and hint) are in the
    server's language; before, a Swedish server put the English error in its Swedish text."""
    from kg.web.server import Endpoint

    data = tmp_path / "facts.ttl"
    data.write_bytes(FIXTURE.read_bytes())
    line = len(FIXTURE.read_text("utf-8").splitlines()) + 1
    store = Source(data=(data,), bundled=False).open()
    endpoint = Endpoint(
        store,
        None,
        "127.0.0.1",
        0,
        Settings(workers=1, lang=lang),
        loader=lambda: Source(data=(data,), bundled=False).open(),
    )
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        with data.open("a", encoding="utf-8") as file:
            file.write("broken <\n")
        endpoint.reload()
        text: list[str] = []
        assert _until(lambda: text.append(capfd.readouterr().err) or "kg serve: " in "".join(text))
        assert triples_served(endpoint.url) == len(store)  # the graph before, served on
    finally:
        endpoint.shutdown()
        endpoint.server_close()
        thread.join(10)
    err = "".join(text)
    assert said.format(path=data, line=line) in err, err
    assert english not in err
    assert ("tips: " if lang == "sv" else "hint: ") in err
