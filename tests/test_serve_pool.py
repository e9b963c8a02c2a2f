"""``kg serve``'s workers under attack and load: every failure is an answer and a replacement,
memory is bounded per worker, waiting and running have deadlines of their own, the queue is
bounded, and quick queries have a lane of their own."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable

import pytest
from helpers.serving import COMMITTEES, RUNAWAY, RUNAWAY_ASK, http, running

from kg.web.admission import Limits
from kg.web.server import Endpoint, Settings

pytestmark = pytest.mark.slow  # servers

#: The review's nested-CONCAT bomb: 1.2 KB of query that doubles a string 25 times (1.6 GB).
BOMB = (
    "SELECT (STRLEN(?x25) AS ?n) WHERE { "
    + 'BIND("'
    + "a" * 50
    + '" AS ?x0) '
    + " ".join(f"BIND(CONCAT(?x{i - 1}, ?x{i - 1}) AS ?x{i})" for i in range(1, 26))
    + " }"
)


class Call:
    """An HTTP request in a thread of its own."""

    def __init__(self, url: str, query: str, **options: object) -> None:
        self.answer: tuple[int, dict, bytes] | None = None
        self.thread = threading.Thread(target=self._run, args=(url, query, options))
        self.thread.start()

    def _run(self, url: str, query: str, options: dict) -> None:
        try:
            self.answer = http(url, params={"query": query}, **options)
        except OSError as error:  # the endpoint stopped under it, at the end of a test
            self.answer = (0, {}, str(error).encode())

    def result(self) -> tuple[int, dict, bytes]:
        self.thread.join(120)
        assert self.answer is not None, "no answer within 120 s"
        return self.answer


def until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.05)


def busy_workers(endpoint: Endpoint, n: int) -> None:
    """Wait until ``n`` workers are running queries."""
    until(lambda: endpoint.pool.size - endpoint.pool.ready >= n)


def restored(endpoint: Endpoint) -> bool:
    until(lambda: endpoint.pool.ready == endpoint.pool.size)
    return True


def pids(endpoint: Endpoint) -> set[int]:
    return {w.process.pid for w in endpoint.pool._workers}


# ---------------------------------------------------------------- failures are answers


def test_nested_and_chained_queries_never_kill_a_worker():
    """The review's D2: 40 nested groups killed a worker; a flood killed 55 in 30 s."""
    nested = "ASK " + "{" * 40 + " ?s ?p ?o " + "}" * 40
    chained = "SELECT * { " + " ".join(f"BIND({i} AS ?x{i})" for i in range(5000)) + " }"
    with running(Settings(workers=1)) as endpoint:
        before = pids(endpoint)
        url = endpoint.url + "sparql"
        for _ in range(5):
            assert http(url, params={"query": nested})[0] == 200
            status, _, body = http(
                url,
                method="POST",
                body=chained.encode(),
                headers={"Content-Type": "application/sparql-query"},
            )
            assert status == 400 and b"too complex" in body
        assert pids(endpoint) == before, "no worker was replaced"


@pytest.mark.parametrize(
    ("how", "status", "words"),
    [
        (signal.SIGKILL, 500, b"died while answering"),
        (signal.SIGSEGV, 500, b"crashed its worker"),
        (signal.SIGABRT, 503, b"more memory"),
    ],
)
def test_a_worker_dying_under_a_query_is_an_answer_and_a_replacement(
    how: int, status: int, words: bytes
):
    with running(Settings(workers=1, limits=Limits(timeout=60))) as endpoint:
        url = endpoint.url + "sparql"
        call = Call(url, RUNAWAY)
        busy_workers(endpoint, 1)
        [worker] = [w for w in endpoint.pool._workers if w.lane == "main"]
        os.kill(worker.process.pid, how)
        answer_status, _, body = call.result()
        assert (answer_status, words in body) == (status, True), body
        assert restored(endpoint)
        assert http(url, params={"query": COMMITTEES})[0] == 200


def test_a_worker_that_cannot_start_again_is_tried_again_and_health_stays_ok(monkeypatch):
    """A replacement that fails to start (the store being moved into place, say) is tried
    again after a pause, and /health counts it meanwhile: the pool never loses a worker."""
    import json

    from kg.web import admission

    with running(Settings(workers=1, limits=Limits(timeout=60))) as endpoint:
        url = endpoint.url
        monkeypatch.setattr(admission, "RESTART_DELAY", 0.2)
        failures = iter([False, False])
        started = admission.Worker.wait_ready
        monkeypatch.setattr(
            admission.Worker,
            "wait_ready",
            lambda worker, timeout: next(failures, None) is None and started(worker, timeout),
        )
        call = Call(url + "sparql", RUNAWAY)
        busy_workers(endpoint, 1)
        [worker] = [w for w in endpoint.pool._workers if w.lane == "main"]
        os.kill(worker.process.pid, signal.SIGKILL)
        assert call.result()[0] == 500
        status, _, body = http(url + "health")
        assert (status, json.loads(body)["status"], json.loads(body)["workers"]) == (200, "ok", 2)
        assert restored(endpoint)  # the third try started
        assert next(failures, "used") == "used"
        assert http(url + "sparql", params={"query": COMMITTEES})[0] == 200


def test_the_nested_concat_bomb_is_stopped_by_the_memory_limit():
    """The review's D10: one 1.2 KB query took a worker to 3.6 GB."""
    with running(Settings(workers=1, memory=256, limits=Limits(timeout=120))) as endpoint:
        url = endpoint.url + "sparql"
        started = time.monotonic()
        status, _, body = http(url, params={"query": BOMB}, timeout=150)
        assert status == 503 and b"more memory than a query worker may use (256 MiB" in body
        assert time.monotonic() - started < 100, "stopped by memory, not by the time limit"
        assert restored(endpoint)
        assert http(url, params={"query": COMMITTEES})[0] == 200


# ---------------------------------------------------------------- deadlines and the queue


def test_the_wait_for_a_worker_does_not_count_against_the_run_time():
    """The review's D9: with one deadline for both, a query queued behind a runaway got 503
    although it needs milliseconds to run."""
    with running(Settings(workers=1, limits=Limits(timeout=2, queue_timeout=60))) as endpoint:
        url = endpoint.url + "sparql"
        runaway = Call(url, RUNAWAY)
        busy_workers(endpoint, 1)
        waiting = Call(url, COMMITTEES)  # waits at least the runaway's 2 s, then runs at once
        assert runaway.result()[0] == 503
        status, _, body = waiting.result()
        assert status == 200, body


def test_a_query_waiting_past_the_queue_timeout_gets_503():
    settings = Settings(workers=1, limits=Limits(timeout=60, queue_timeout=1))
    with running(settings) as endpoint:
        url = endpoint.url + "sparql"
        Call(url, RUNAWAY)
        busy_workers(endpoint, 1)
        status, headers, body = http(url, params={"query": COMMITTEES})
        assert status == 503 and b"no query worker became free within 1 s" in body
        assert headers["retry-after"] == "1"


def test_a_full_queue_answers_503_at_once():
    settings = Settings(workers=1, limits=Limits(timeout=60, queue_timeout=60, queue=2))
    with running(settings) as endpoint:
        url = endpoint.url + "sparql"
        runaway = Call(url, RUNAWAY)
        busy_workers(endpoint, 1)
        waiting = [Call(url, COMMITTEES), Call(url, COMMITTEES)]
        until(lambda: len(endpoint.pool._waiting[False]) == 2)
        status, _, body = http(url, params={"query": COMMITTEES})
        assert status == 503 and b"2 queries are already waiting" in body
        assert runaway.thread.is_alive() and all(w.thread.is_alive() for w in waiting)


# ---------------------------------------------------------------- the quick lane


def test_ask_is_answered_while_every_main_worker_runs_a_runaway():
    """The review's D9: at 50 clients ASK was answered 0 of 20 times, and waited 28 s."""
    with running(Settings(workers=2, limits=Limits(timeout=60))) as endpoint:
        url = endpoint.url + "sparql"
        runaways = [Call(url, RUNAWAY), Call(url, RUNAWAY)]
        busy_workers(endpoint, 2)
        for _ in range(10):
            status, _, body = http(url, params={"query": "ASK { ?s ?p ?o }"})
            assert (status, body) == (200, b'{"head":{},"boolean":true}')
            status, _, _ = http(url, params={"query": "SELECT * { ?s ?p ?o } LIMIT 5"})
            assert status == 200
        assert all(r.thread.is_alive() for r in runaways), "answered beside the runaways"


def test_a_slow_quick_query_moves_to_the_main_lane():
    """An ASK that is not quick after all holds the quick worker for the quick deadline only."""
    limits = Limits(timeout=2, quick_timeout=0.5)
    with running(Settings(workers=1, limits=limits)) as endpoint:
        url = endpoint.url + "sparql"
        slow = Call(url, RUNAWAY_ASK)
        until(lambda: any(w.lane == "main" for w in _running(endpoint)))
        assert http(url, params={"query": "ASK { ?s ?p ?o }"})[0] == 200
        status, _, body = slow.result()
        assert status == 503 and b"time limit (2 s)" in body
        assert restored(endpoint)


def _running(endpoint: Endpoint) -> list:
    idle = {id(w) for lane in endpoint.pool._idle.values() for w in lane}
    return [w for w in endpoint.pool._workers if id(w) not in idle]


# ---------------------------------------------------------------- --max-rows on a store


@pytest.mark.parametrize("on_disk", [False, True], ids=["memory", "store"])
def test_max_rows_bounds_the_work(tmp_path, on_disk: bool):
    """The review's D19: on --store the whole answer was converted before the cut, so a
    cartesian product always ran into the time limit."""
    directory = tmp_path / "store" if on_disk else None
    settings = Settings(workers=1, max_rows=10, limits=Limits(timeout=20))
    with running(settings, directory=directory) as endpoint:
        status, headers, body = http(
            endpoint.url + "sparql",
            params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"},
            headers={"Accept": "text/csv"},
        )
    assert status == 200 and headers["kg-truncated"] == "max-rows=10"
    assert body.decode().count("\r\n") == 11


def test_a_worker_stopped_by_two_threads_at_once_closes_its_pipe_once():
    """The pool closing and a restart giving up on the same new worker stop it at the same
    moment: its pipe is closed once (twice at once failed with EBADF, or closed a
    descriptor another file had taken meanwhile)."""
    import contextlib
    import multiprocessing

    from kg.web.workers import Worker

    worker = Worker(multiprocessing.get_context("spawn"), "", 0, 256, "main")
    pipe, both = worker.connection, threading.Barrier(2, timeout=2)

    class Racing:
        """The pipe, whose close waits for the other thread's (the race made certain)."""

        @property
        def closed(self) -> bool:
            return pipe.closed

        def close(self) -> None:
            handle = pipe.fileno()
            # the other thread not closing it too (the barrier broken) is as it should be
            with contextlib.suppress(threading.BrokenBarrierError):
                both.wait()
            os.close(handle)
            pipe._handle = None  # what Connection.close does after closing it

    worker.connection = Racing()  # type: ignore[assignment]
    failed: list[BaseException] = []

    def stopping() -> None:
        try:
            worker.stop()
        except BaseException as error:  # whatever it is, the test reports it
            failed.append(error)

    threads = [threading.Thread(target=stopping) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failed == []
    assert pipe.closed and not worker.process.is_alive()
