"""Admission to the query workers: two lanes, bounded queues, and separate deadlines for waiting
and for running.

- **Lanes.** Quick queries (:func:`kg.sparql.check.quick`: ASK, a small LIMIT) have a worker of
  their own and go first on any free worker, so they stay answerable while long queries fill
  the others. A "quick" query still running after ``quick_timeout`` on the quick worker was
  not quick: that worker is replaced and the query queued again in the main lane.
- **Queues.** Each lane holds at most ``queue`` waiting queries; one more is answered 503 at
  once. A query that waits ``queue_timeout`` seconds for a worker is answered 503 too.
- **A rebuilt store.** With ``identity`` (what the store on disk is now), a query that finds
  the store rebuilt since the workers opened it has every idle worker replaced, and every busy
  one once it has answered: from then on every query is answered from the new store.
  :meth:`Pool.reload` (SIGHUP) does the same unasked, with a graph read again if given.
- **Deadlines.** A query's ``timeout`` counts from when a worker starts on it, not from when it
  arrived; a worker still busy at the deadline is killed and replaced (503), and one that dies
  under a query (memory, a crash) is replaced and the query answered 503 or 500 with a message.

Everything but starting and stopping processes runs on the server's event loop.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from kg.errors import KgError
from kg.io.outputs import finishing
from kg.web.exchange import WorkerDied, exchange
from kg.web.workers import DEFAULT_MEMORY, WORKER_START_TIMEOUT, Reply, Worker, text_reply

#: Seconds before a worker that could not start is tried again, doubling up to the maximum.
RESTART_DELAY, RESTART_DELAY_MAX = 1.0, 30.0


@dataclass(frozen=True)
class Limits:
    """Seconds a query may run (``timeout``) and wait (``queue_timeout``), places in each
    lane's queue, and seconds a quick query may hold the quick worker."""

    timeout: float = 30.0
    queue_timeout: float = 10.0
    queue: int = 16
    quick_timeout: float = 2.0


@dataclass(eq=False)
class _Pending:
    job: tuple
    future: asyncio.Future
    quick: bool
    timer: asyncio.TimerHandle | None = field(default=None, repr=False)


class Pool:
    """``workers`` main workers and ``quick_workers`` quick ones, and the queues before them."""

    def __init__(
        self,
        payload: bytes | str,
        *,
        workers: int = 2,
        quick_workers: int = 1,
        max_rows: int = 10_000,
        memory: int = DEFAULT_MEMORY,
        limits: Limits = Limits(),
        identity: Callable[[], object] | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.payload = payload
        self.identity = identity
        self.on_change = on_change
        self._seen = identity() if identity is not None else None
        self._generation = 0
        self.max_rows = max_rows
        self.memory = memory
        self.limits = limits
        self.lanes = {"main": max(1, workers), "quick": max(0, quick_workers)}
        self._context = multiprocessing.get_context("spawn")
        self._idle: dict[str, list[Worker]] = {"main": [], "quick": []}
        self._waiting: dict[bool, deque[_Pending]] = {False: deque(), True: deque()}
        self._workers: set[Worker] = set()
        self._lock = threading.Lock()
        self._tasks: set[asyncio.Task] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._answering: set[_Pending] = set()
        self._restarting = 0  # workers stopped whose successors are not started yet
        self._restarts: set[threading.Thread] = set()  # the threads starting them
        self._stopped = threading.Event()  # set by close()
        # the threads that talk to the workers (kg.web.exchange), one a worker: never the
        # loop's default ones, which render pages
        self._exchanges = ThreadPoolExecutor(self.size, thread_name_prefix="kg-exchange")

    @property
    def size(self) -> int:
        """How many workers the pool keeps."""
        return sum(self.lanes.values())

    @property
    def closed(self) -> bool:
        """Whether the pool is stopping or stopped (it takes no more queries)."""
        return self._closed

    @property
    def ready(self) -> int:
        """How many workers are idle now."""
        return sum(len(idle) for idle in self._idle.values())

    def start(self) -> None:
        """Start every worker and wait until each has loaded the graph."""
        started = [self._spawn(lane) for lane, n in self.lanes.items() for _ in range(n)]
        for worker in started:
            if not worker.wait_ready(WORKER_START_TIMEOUT):
                worker.process.join(1)
                code = worker.process.exitcode
                self.close()
                raise KgError(
                    f"a query worker could not load the graph (it exited with code {code})"
                    if code is not None
                    else "a query worker could not load the graph in time",
                    hint="check the data with kg validate, and that this user can run kg's "
                    "Python and read the store",
                )
            self._idle[worker.lane].append(worker)

    def close(self) -> None:
        """Stop every worker, and wait (a few seconds at most) for those being started in
        place of others: none outlives the pool."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        self._stopped.set()
        for worker in workers:
            worker.stop()
        for thread in list(self._restarts):
            thread.join(10)
        self._exchanges.shutdown(wait=True, cancel_futures=True)  # its workers ended: no wait

    async def run(self, job: tuple, *, quick: bool = False) -> Reply:
        """Run ``job`` (query, accept, formats, dataset, base IRI) on a worker of its lane:
        the answer, or 503 when the lane's queue is full, the wait or the run takes too long,
        or memory runs out."""
        self._loop = asyncio.get_running_loop()
        if self._closed:
            return _busy("the endpoint is shutting down")
        self._notice_rebuilt_store()
        lane = quick and self.lanes["quick"] > 0
        if self.full(quick=lane):
            return self.busy()
        pending = _Pending(job, self._loop.create_future(), lane)
        self._answering.add(pending)
        try:
            self._enqueue(pending)
            return await pending.future
        finally:
            self._answering.discard(pending)

    def stopping(self) -> None:
        """The server is stopping: answer every query waiting or running with 503 now (the
        client may retry on another instance) and take no more."""
        self._closed = True
        for pending in list(self._answering):
            _settle(pending, _busy("the endpoint is shutting down; try again in a moment"))

    def state(self) -> dict[str, int]:
        """How many workers the pool has (started or starting), idle now, and queries waiting."""
        with self._lock:
            workers = len(self._workers) + self._restarting
        return {
            "workers": workers,
            "idle": self.ready,
            "waiting": sum(len(queue) for queue in self._waiting.values()),
        }

    def full(self, *, quick: bool) -> bool:
        """Whether a lane's queue is full (a query for it would be answered 503 at once)."""
        return len(self._waiting[quick and self.lanes["quick"] > 0]) >= self.limits.queue

    def busy(self) -> Reply:
        """The answer when a lane's queue is full."""
        return _busy(
            f"{self.limits.queue} queries are already waiting for a query worker; "
            "try again in a moment"
        )

    # ------------------------------------------------------------ the queues

    def _enqueue(self, pending: _Pending, *, front: bool = False) -> None:
        assert self._loop is not None
        queue = self._waiting[pending.quick]
        queue.appendleft(pending) if front else queue.append(pending)
        pending.timer = self._loop.call_later(self.limits.queue_timeout, self._expire, pending)
        self._dispatch()

    def _expire(self, pending: _Pending) -> None:
        queue = self._waiting[pending.quick]
        if pending in queue:
            queue.remove(pending)
        waited = self.limits.queue_timeout
        _settle(
            pending,
            _busy(f"no query worker became free within {waited:g} s; try again in a moment"),
        )

    def _next(self, quick: bool) -> _Pending | None:
        queue = self._waiting[quick]
        while queue and queue[0].future.done():  # answered already (expired, or cancelled)
            queue.popleft()
        return queue[0] if queue else None

    def _dispatch(self) -> None:
        """Give waiting queries to idle workers: quick ones first, to any worker."""
        while not self._closed:
            pending = self._next(True)
            if pending is not None and (self._idle["quick"] or self._idle["main"]):
                lane = "quick" if self._idle["quick"] else "main"
            else:
                pending = self._next(False)
                if pending is None or not self._idle["main"]:
                    return
                lane = "main"
            self._waiting[pending.quick].popleft()
            if pending.timer is not None:
                pending.timer.cancel()
            worker = self._idle[lane].pop()
            assert self._loop is not None
            task = self._loop.create_task(self._execute(pending, worker))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------ running

    async def _execute(self, pending: _Pending, worker: Worker) -> None:
        on_quick = worker.lane == "quick"
        limits = self.limits
        timeout = min(limits.quick_timeout, limits.timeout) if on_quick else limits.timeout
        try:
            reply = await exchange(worker, pending.job, timeout, self._exchanges)
        except RuntimeError:
            if not self._closed:
                raise
            return  # closed under the query (no threads left): stopping() answered it
        except TimeoutError:
            self._replace(worker)
            if on_quick and not pending.future.done():
                pending.quick = False  # it was not quick after all: the main lane takes it
                if len(self._waiting[False]) >= self.limits.queue:
                    _settle(pending, _busy("every query worker is busy; try again in a moment"))
                else:
                    self._enqueue(pending, front=True)
                return
            reply = text_reply(
                503,
                f"the query ran past the time limit ({self.limits.timeout:g} s) and was "
                "stopped; narrow it (LIMIT, more specific patterns) or ask for a longer --timeout",
            )
        except WorkerDied as died:
            self._replace(worker)
            reply = died.reply
        else:
            self._arrived(worker)
        _settle(pending, reply)
        self._dispatch()

    # ------------------------------------------------------------ the workers

    def _notice_rebuilt_store(self) -> None:
        """When the store on disk is not the one the workers opened, replace them all."""
        now = self.identity() if self.identity is not None else None
        if now is None or now == self._seen:  # None: being replaced right now, or no store
            return
        self._seen = now
        self._renew()

    def reload(self, payload: bytes | str | None = None) -> None:
        """SIGHUP (on the server's event loop): replace every worker, with ``payload`` (a
        graph read again) when given; queries running finish on the graph they started on."""
        self._loop = asyncio.get_running_loop()
        if self._closed:
            return
        if payload is not None:
            self.payload = payload
        if self.identity is not None:
            self._seen = self.identity()
        self._renew()

    def _renew(self) -> None:
        """Replace the idle workers now and the busy ones once they have answered."""
        self._generation += 1
        for idle in self._idle.values():
            for worker in idle:
                self._replace(worker)
            idle.clear()
        if self.on_change is not None:
            self.on_change()

    def _spawn(self, lane: str, *, restarting: bool = False) -> Worker:
        # the generation before the payload (a restart runs in a thread): a reload between the
        # two gives a worker to replace, never one that answers from the old graph as the new
        generation = self._generation
        with finishing():  # a stop signal waits until the process is started and counted
            worker = Worker(self._context, self.payload, self.max_rows, self.memory, lane)
            worker.generation = generation
            with self._lock:
                closed = self._closed
                if not closed:
                    self._workers.add(worker)
                self._restarting -= restarting  # the successor is counted from now on
        if closed:  # closed meanwhile: close() did not see this one
            worker.stop()
        return worker

    def _replace(self, worker: Worker) -> None:
        """Stop ``worker`` and start another for its lane (in a thread: loading takes time)."""
        with self._lock:
            self._workers.discard(worker)
            self._restarting += 1  # still counted as a worker until its successor is
        loop = self._loop

        def restart() -> None:
            try:
                worker.stop()
                delay = RESTART_DELAY
                while not self._closed:
                    new = self._spawn(worker.lane, restarting=True)
                    started = new.wait_ready(WORKER_START_TIMEOUT)
                    if started and not self._closed and loop is not None:
                        try:
                            loop.call_soon_threadsafe(self._arrived, new)
                            return
                        except RuntimeError:  # the loop has closed: the server is stopping
                            pass
                    with self._lock:
                        self._workers.discard(new)
                        self._restarting += 1  # counted until a successor starts
                    new.stop()
                    if started:  # it started, but the server is stopping: no other is wanted
                        break
                    self._stopped.wait(delay)  # it did not start (a store being moved): again
                    delay = min(delay * 2, RESTART_DELAY_MAX)
                with self._lock:
                    self._restarting -= 1
            finally:
                self._restarts.discard(threading.current_thread())  # a set's own lock: the GIL

        thread = threading.Thread(target=restart, name="kg-worker-restart", daemon=True)
        self._restarts.add(thread)
        thread.start()

    def _arrived(self, worker: Worker) -> None:
        """A worker is free: a new one, or one that has answered."""
        if self._closed:
            worker.stop()
            return
        if worker.generation != self._generation:  # it answers from a store since rebuilt
            self._replace(worker)
            return
        self._idle[worker.lane].append(worker)
        self._dispatch()


def _settle(pending: _Pending, reply: Reply) -> None:
    if pending.timer is not None:
        pending.timer.cancel()
    if not pending.future.done():
        pending.future.set_result(reply)


def _busy(message: str) -> Reply:
    return text_reply(503, message, (("Retry-After", "1"),))
