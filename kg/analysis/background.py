"""igraph's betweenness counted in a process of its own, so that the other analyses run
meanwhile on the other core: igraph holds Python's lock while it counts shortest paths
(26 s of a national report at 10M triples), so a thread would not run beside it.

The process is ``python -m kg.analysis.background``: it reads the graph from its standard
input and writes the counts to its standard output, both pickled (the two ends are the same
kg). Nothing else is shared, so nothing depends on how the process was started. Should it
fail, the counts are made in this process instead: the result is the same either way.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

#: From this many edges on, the counting runs in the background where the machine has
#: two cores or more (below it the counting takes less than starting a process).
BACKGROUND_FROM_EDGES = 100_000


class Betweenness:
    """igraph's raw (unscaled) betweenness of an undirected graph, counted from ``sources``
    (every vertex when None): in the background when ``background`` is true, else when
    :meth:`result` asks for it."""

    def __init__(
        self, n: int, edges: list[list[int]], sources: list[int] | None, *, background: bool
    ) -> None:
        self._task = (n, edges, sources)
        self._process: subprocess.Popen | None = _start(self._task) if background else None

    def result(self) -> list[float]:
        """The counts, one per vertex in order (waits for the background process)."""
        process, self._process = self._process, None
        if process is not None:
            counts = _finish(process)
            if counts is not None and len(counts) == self._task[0]:
                return counts
        return count(*self._task)

    def cancel(self) -> None:
        """Stop the background process, if it still runs (the result is then not wanted)."""
        process, self._process = self._process, None
        if process is not None:
            _stop(process)


def in_background(edges: int) -> bool:
    """Whether counting a graph of ``edges`` edges is worth a process of its own here."""
    from kg.machine import cores

    return edges >= BACKGROUND_FROM_EDGES and cores() > 1


def count(n: int, edges: list[list[int]], sources: list[int] | None) -> list[float]:
    """igraph's raw betweenness, counted here."""
    import igraph

    return igraph.Graph(n=n, edges=edges).betweenness(directed=False, sources=sources)


def _start(task: tuple) -> subprocess.Popen | None:
    package_root = str(Path(__file__).resolve().parents[2])
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [package_root, *filter(None, [environment.get("PYTHONPATH")])]
    )
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.analysis.background"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment,
        )
    except OSError:
        return None
    payload = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
    writer = threading.Thread(target=_send, args=(process, payload), daemon=True)
    writer.start()
    process.writer = writer  # type: ignore[attr-defined]
    return process


def _send(process: subprocess.Popen, payload: bytes) -> None:
    try:
        with process.stdin:  # type: ignore[union-attr]
            process.stdin.write(payload)  # type: ignore[union-attr]
    except OSError:
        pass  # the process ended early: its exit status says so


def _finish(process: subprocess.Popen) -> list[float] | None:
    try:
        output = process.stdout.read()  # type: ignore[union-attr]
        if process.wait() != 0:
            return None
        counts = pickle.loads(output)
    except (OSError, pickle.UnpicklingError, EOFError):
        return None
    finally:
        _stop(process)
    return counts if isinstance(counts, list) else None


def _stop(process: subprocess.Popen) -> None:
    """Kill ``process`` if it still runs, and close its pipes."""
    if process.poll() is None:
        process.kill()
        process.wait()
    process.writer.join()  # type: ignore[attr-defined]
    process.stdout.close()  # type: ignore[union-attr]


def _main() -> None:
    # This process only counts. igraph imports matplotlib's pyplot for its drawing where it
    # can (half a second of CPU, more than the counting at 1M triples); barred, igraph draws
    # nothing and counts the same.
    sys.modules["matplotlib"] = None  # type: ignore[assignment]
    task = pickle.load(sys.stdin.buffer)
    sys.stdout.buffer.write(pickle.dumps(count(*task), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _main()
