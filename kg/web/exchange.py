"""One query sent to a worker process and its reply awaited on the server's event loop.

The reply is awaited by the event loop's watch on the pipe (``add_reader``) where the loop
has one; Windows' loop has none, and its pipes are no sockets a selector could watch, so
there a thread waits on the pipe (``Connection.poll``) instead, up to the timeout. That thread,
and those that send and receive, are the pool's own (``executor``, as many as its workers):
in the loop's default executor (a few threads more than the cores) the waits of a few long
queries took every thread, and the server's replies and pages queued behind them.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from typing import Any

from kg.web.workers import Reply, Worker


class WorkerDied(Exception):
    """The worker ended under the query: ``reply`` says why."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply


async def exchange(
    worker: Worker, job: tuple, timeout: float, executor: Executor | None = None
) -> Reply:
    """Send ``job`` to ``worker`` and wait for its reply at most ``timeout`` seconds
    (TimeoutError past it; :class:`WorkerDied` where the worker ended), in the threads of
    ``executor`` (None: the loop's default executor)."""
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(executor, worker.connection.send, job)
    except (OSError, ValueError) as error:
        raise WorkerDied(await loop.run_in_executor(executor, worker.death)) from error
    await _readable(loop, worker.connection, timeout, executor)
    try:
        reply = await loop.run_in_executor(executor, worker.connection.recv)
    except (EOFError, OSError) as error:
        raise WorkerDied(await loop.run_in_executor(executor, worker.death)) from error
    return reply


async def _readable(
    loop: asyncio.AbstractEventLoop, connection: Any, timeout: float, executor: Executor | None
) -> None:
    """Wait until ``connection`` has a reply (or its worker ended) at most ``timeout`` s."""
    readable = loop.create_future()
    fd = connection.fileno()
    try:
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
    except NotImplementedError:  # Windows' event loop
        if not await loop.run_in_executor(executor, connection.poll, timeout):
            raise TimeoutError from None
        return
    try:
        await asyncio.wait_for(readable, timeout)
    finally:
        loop.remove_reader(fd)
