"""Benchmark kg's pipeline on synthetic graphs, fast paths side by side with straightforward ones.

Run:  python bench/bench.py                 # sizes 10k and 100k triples
      python bench/bench.py --sizes 10k,100k,1M --repeat 3

Every step runs in a fresh subprocess (so its peak memory is its own), ``--repeat`` times; the
table shows medians and the ratio of the straightforward path to kg's path measured in the same
run. Nothing here is a test: these machines are shared and noisy, so read ratios, not seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

#: Synthetic actors per target size: kg synth writes about 2,600 + 12.6 triples per actor
#: (measured: 600 actors → 10,357 triples, 8,000 → 103,734).
SIZES = {"10k": 600, "100k": 8000, "1M": 79000}

#: Steps: name → (kg's path, straightforward path or None). Each is Python run in a subprocess
#: with ``PATH`` (the synthetic Turtle file) defined; it prints nothing.
STEPS: dict[str, tuple[str, str | None]] = {
    "load": (
        "import pyoxigraph as ox; ox.Store().bulk_load(path=PATH, format=ox.RdfFormat.TURTLE)",
        "import rdflib; rdflib.Graph().parse(PATH, format='turtle')",
    ),
    "validate": (
        "import kg; kg.validate(kg.load([PATH], bundled=False))",
        None,
    ),
    "projection": (
        "import kg; from kg.projection import actor_graph; g = kg.load([PATH], bundled=False); "
        "import time; t = time.perf_counter(); actor_graph(g); print(time.perf_counter() - t)",
        "import kg, networkx as nx; g = kg.load([PATH], bundled=False); import time; "
        "t = time.perf_counter(); n = nx.Graph(); "
        "n.add_edges_from((str(r.a), str(r.b)) for r in g.query("
        "'PREFIX org: <http://www.w3.org/ns/org#> SELECT ?a ?b WHERE { "
        "?m1 org:organization ?c ; org:member ?a . "
        "?m2 org:organization ?c ; org:member ?b . FILTER(STR(?a) < STR(?b)) }')); "
        "print(time.perf_counter() - t)",
    ),
    "betweenness": (
        "import kg, time; from kg.projection import actor_graph; "
        "from kg.analysis import centrality; n = actor_graph(kg.load([PATH], bundled=False)); "
        "t = time.perf_counter(); "
        "centrality.compute(n, exact_limit=0); print(time.perf_counter() - t)",
        "import kg, time, networkx as nx; from kg.projection import actor_graph; "
        "n = actor_graph(kg.load([PATH], bundled=False)); t = time.perf_counter(); "
        "nx.betweenness_centrality(n); print(time.perf_counter() - t)",
    ),
    "report": (
        "import kg; from kg.report import write_report; import tempfile, pathlib; "
        "write_report(kg.load([PATH], bundled=False), pathlib.Path(tempfile.mkdtemp()))",
        None,
    ),
}

_RUNNER = """
import resource, sys, time
PATH = sys.argv[1]
start = time.perf_counter()
import io, contextlib
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    exec(sys.argv[2])
total = time.perf_counter() - start
inner = buffer.getvalue().strip().splitlines()
seconds = float(inner[-1]) if inner else total
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{seconds} {peak}")
"""


def _measure(code: str, path: Path, timeout: float) -> tuple[float, float] | None:
    """Run ``code`` in a fresh interpreter; return (seconds, peak MiB) or None on time-out."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(path), code],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    seconds, peak = done.stdout.split()[-2:]
    return float(seconds), float(peak)


def _median(runs: list[tuple[float, float] | None]) -> tuple[float, float] | None:
    if not runs or any(r is None for r in runs):
        return None
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def main() -> None:
    """Parse arguments, generate the graphs, time every step, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1M")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    from kg.synth import write_synthetic

    console = Console()
    sizes = [s.strip() for s in args.sizes.split(",")]
    results: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp, Progress(console=console) as progress:
        task = progress.add_task("benchmark", total=len(sizes) * len(STEPS))
        for size in sizes:
            path = Path(tmp) / f"synth-{size}.ttl"
            write_synthetic(path, SIZES[size], seed=1)
            triples = sum(1 for line in path.open(encoding="utf-8") if line.startswith(":"))
            for step, (fast, plain) in STEPS.items():
                progress.update(task, description=f"{size}: {step}")
                row = {"size": size, "step": step, "statements": triples}
                row["kg"] = _median(
                    [_measure(fast, path, args.timeout) for _ in range(args.repeat)]
                )
                row["plain"] = (
                    _median([_measure(plain, path, args.timeout) for _ in range(args.repeat)])
                    if plain
                    else None
                )
                results.append(row)
                progress.advance(task)
    table = Table(
        "size",
        "step",
        "kg s",
        "kg peak MiB",
        "plain s",
        "plain peak MiB",
        "plain / kg",
        title=f"kg benchmark (medians of {args.repeat})",
    )
    for row in results:
        fast, plain = row["kg"], row["plain"]
        ratio = f"{plain[0] / fast[0]:.1f}×" if fast and plain and fast[0] > 0 else "—"
        table.add_row(
            row["size"],
            row["step"],
            f"{fast[0]:.3f}" if fast else "time-out",
            f"{fast[1]:.0f}" if fast else "—",
            f"{plain[0]:.3f}" if plain else "—",
            f"{plain[1]:.0f}" if plain else "—",
            ratio,
        )
    console.print(table)
    console.print(
        "load: kg = Oxigraph bulk load, plain = rdflib in memory; projection: kg = "
        "triple iteration, plain = a 2-hop SPARQL join in rdflib; betweenness: kg = "
        "256 sampled sources, plain = exact"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
