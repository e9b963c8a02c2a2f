"""The everyday calls on the bundled data, per call, for two checkouts of kg side by side.

Run:  python bench/everyday_bench.py OLD NEW [--rounds 3] [--calls 7] [--only gaps,open]
      python bench/everyday_bench.py /tmp/kg-old .          # a worktree of an older commit

``OLD`` and ``NEW`` are checkouts (their ``kg`` package goes first on ``PYTHONPATH``; the
libraries are this Python's). Each round starts a fresh process for each checkout in turn,
the order alternating; in it every item is called twice to warm up, then ``--calls`` times,
and the median of the process's CPU seconds per call (all its threads:
``time.process_time``) is kept. What is timed: opening a :class:`kg.Source` on the bundled
data, ``.facts()`` of a new one, ``kg.analyse`` of them, ``kg.load()``, and commands run in
process by typer's ``CliRunner`` as a test or a notebook calls them. Medians over rounds at the
end, with new/old. Other jobs on the machine raise both sides: read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ITEMS = {
    "open": "Source().open()",
    "facts": "Source().facts()",
    "analyse": "kg.analyse(Source().facts())",
    "load": "kg.load()",
    "gaps": "cli('gaps')",
    "stats": "cli('stats')",
    "centrality": "cli('centrality')",
    "suggest": "cli('suggest', 'fritidsnamnden')",
    "query": "cli('query', 'committee-partners')",
    "validate": "cli('validate')",
    "report": "cli('report', '-q', '-o', OUT)",
}

_ONE = r"""
import json, shutil, statistics, sys, tempfile, time
import kg
from kg.io.source import Source
from typer.testing import CliRunner
from kg.cli import app

runner, OUT = CliRunner(), tempfile.mkdtemp(prefix="kg-everyday-")

def cli(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output

items, calls = json.loads(sys.argv[1]), int(sys.argv[2])
found = {}
for name, code in items.items():
    call = eval("lambda: " + code)
    call(), call()
    times = []
    for _ in range(calls):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    found[name] = statistics.median(times)
shutil.rmtree(OUT)
print(json.dumps(found))
"""


def _run(checkout: Path, items: dict[str, str], calls: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    done = subprocess.run(
        [sys.executable, "-c", _ONE, json.dumps(items), str(calls)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=7)
    parser.add_argument("--only", default="", help="comma-separated items: " + ", ".join(ITEMS))
    args = parser.parse_args()
    chosen = [n.strip() for n in args.only.split(",") if n.strip()] or list(ITEMS)
    items = {name: ITEMS[name] for name in chosen}
    found: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for number in range(args.rounds):
        order = ("old", "new") if number % 2 == 0 else ("new", "old")
        for side in order:
            found[side].append(_run(getattr(args, side), items, args.calls))
        load = os.getloadavg()[0]
        print(f"round {number + 1}: done, load average {load:.1f}", flush=True)
    print(f"{'item':<12}{'old ms':>10}{'new ms':>10}{'new/old':>10}")
    for name in items:
        old = statistics.median(r[name] for r in found["old"]) * 1000
        new = statistics.median(r[name] for r in found["new"]) * 1000
        print(f"{name:<12}{old:>10.1f}{new:>10.1f}{new / old:>10.2f}")


if __name__ == "__main__":
    main()
