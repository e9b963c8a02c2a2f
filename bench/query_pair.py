"""Time two or more forms of a library query side by side on one store, alternating.

Run:  python bench/query_pair.py STORE DATA.ttl ROUNDS OLD.rq NEW.rq [--params '{"k": "v"}']

``STORE`` is a store folder built from ``DATA.ttl`` (``kg synth -n 33000 --seed 1`` writes
about 1M triples). Each run is a fresh process; only the query and reading its rows are
timed, in wall seconds and in the process's CPU seconds, which other jobs on the machine
disturb far less. The order alternates each round; the rows' digest shows whether the forms
give the same answer in the same order (an ASK's is one row, its boolean). Medians at the
end, the load average beside each run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

_ONE = r"""
import hashlib, json, resource, sys, time
from kg.io.source import Source
from kg.sparql.engine import prepare, run
store = Source(data=[sys.argv[2]], bundled=False, store=sys.argv[1]).open()
prepared = prepare(sys.argv[3], json.loads(sys.argv[4]))
before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
answer = run(store, prepared)
rows = [(str(bool(answer)),)] if prepared.kind == "boolean" else [
    tuple(str(term) for term in row) for row in answer
]
wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF)
cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
print(wall, cpu, len(rows), hashlib.md5(repr(rows).encode()).hexdigest()[:8])
"""


def main() -> None:
    """Run the forms in turn and print each run and the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("data")
    parser.add_argument("rounds", type=int)
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--params", default="{}", help="parameters as a JSON object")
    args = parser.parse_args()
    cpu: dict[str, list[float]] = {q: [] for q in args.queries}
    wall: dict[str, list[float]] = {q: [] for q in args.queries}
    for turn in range(args.rounds):
        for query in args.queries if turn % 2 == 0 else args.queries[::-1]:
            load = os.getloadavg()[0]
            done = subprocess.run(
                [sys.executable, "-c", _ONE, args.store, args.data, query, args.params],
                capture_output=True,
                text=True,
                check=True,
            )
            seconds, used, rows, digest = done.stdout.split()
            wall[query].append(float(seconds))
            cpu[query].append(float(used))
            print(
                f"{query}: {float(seconds):.3f} s, CPU {float(used):.3f} s, {rows} rows "
                f"({digest}), load {load:.1f}",
                flush=True,
            )
    for query in args.queries:
        print(
            f"median {query}: {statistics.median(wall[query]):.3f} s, "
            f"CPU {statistics.median(cpu[query]):.3f} s"
        )


if __name__ == "__main__":
    main()
