"""The national-scale run: one synthetic graph of about 10M triples, the user's path through it.

Run:  python bench/national_bench.py                  # 330,000 actors: about 10M triples
      python bench/national_bench.py --actors 33000   # about 1M, to try it quickly
      python bench/national_bench.py --queries-only DATA.ttl STORE   # the queries alone

In order, each a fresh ``kg`` process timed whole with its peak memory: the first
``kg report`` on files never seen (building the store, deriving, validating, reading the facts,
the report), the same report again (the store reopened), ``kg gaps``, and every library query
on the store (each stopped at ``--query-cap`` seconds; a query's time includes the process
starting and opening the store, about 0.3 s). There is nothing to compare side by
side at this size (rdflib alone needs more memory than the machine has), so the table gives
seconds and MiB; where a step fails or passes its cap, it says so.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

KG = str(Path(sys.executable).with_name("kg"))


def timed(command: list[str], timeout: float) -> tuple[str, float | None, float]:
    """Run ``command``: its outcome ("ok", "failed", "time-out"), seconds and peak MiB."""
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "done = subprocess.run(sys.argv[2:], capture_output=True, timeout=float(sys.argv[1])); "
        "s = time.perf_counter() - t; "
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024; "
        "print(done.returncode, s, peak); sys.stderr.write(done.stderr.decode()[-2000:])"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(timeout), *command],
            capture_output=True,
            text=True,
            timeout=timeout + 30,
        )
    except subprocess.TimeoutExpired:
        return "time-out", None, 0.0
    if not done.stdout.strip():  # the timeout inside: subprocess.run raised
        return "time-out", None, 0.0
    code_, seconds, peak = done.stdout.split()
    outcome = "ok" if code_ == "0" else f"failed ({code_}): {done.stderr.strip()[-200:]}"
    return outcome, float(seconds), float(peak)


def main() -> None:
    """Write the graph, run the steps, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=330_000)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per command")
    parser.add_argument("--query-cap", type=float, default=60, help="seconds per query")
    parser.add_argument(
        "--folder", type=Path, help="where to write, made if missing (default: a temporary folder)"
    )
    parser.add_argument(
        "--queries-only",
        nargs=2,
        type=Path,
        metavar=("DATA", "STORE"),
        help="time only the library queries, on a graph and its store built before "
        "(kg stats --no-bundled --data DATA --store STORE builds one)",
    )
    args = parser.parse_args()
    console = Console(width=120)
    if args.queries_only:
        data, store = args.queries_only
        if not (store / "kg-store.json").exists():
            parser.error(f"{store}: no kg store there; build it with kg stats --store {store}")
        rows = _queries(data, store, args.query_cap)
        _print(console, rows, data, store, "the graph given", None)
        return
    if args.folder is not None:
        args.folder.mkdir(parents=True, exist_ok=True)
    from kg.synth import write_synthetic

    with tempfile.TemporaryDirectory(dir=args.folder) as tmp:
        folder = Path(tmp)
        data, store = folder / "national.ttl", folder / "store"
        console.print(f"writing {args.actors:,} actors …")
        start = time.perf_counter()
        write_synthetic(data, args.actors, seed=1)
        written = time.perf_counter() - start
        options = _options(data, store)
        rows = []
        steps = [
            ("kg report, first run (store built)", ["report", *options, "-o", str(folder / "r1")]),
            ("kg report, repeat (store reopened)", ["report", *options, "-o", str(folder / "r2")]),
            ("kg gaps", ["gaps", *options, "-f", "json"]),
        ]
        for name, command in steps:
            console.print(name, "…")
            rows.append((name, *timed([KG, *command], args.timeout)))
        rows += _queries(data, store, args.query_cap)
        _print(console, rows, data, store, f"{args.actors:,} synthetic actors", written)


def _options(data: Path, store: Path) -> list[str]:
    return ["--no-bundled", "--data", str(data), "--store", str(store), "-q"]


def _queries(data: Path, store: Path, cap: float) -> list[tuple]:
    """Every library query on the store, each a fresh ``kg query`` process."""
    from kg.sparql.library import library

    rows = []
    for query in library():
        form = re.search(r"^\s*(CONSTRUCT|DESCRIBE|ASK)\b", query.text, re.I | re.M)
        fmt = {"ASK": "json", None: "csv"}.get(form and form[1].upper(), "nt")
        command = [KG, "query", query.name, *_options(data, store), "-f", fmt]
        rows.append((f"query {query.name}", *timed(command, cap)))
    return rows


def _print(
    console: Console, rows: list[tuple], data: Path, store: Path, what: str, written: float | None
) -> None:
    manifest = store / "kg-store.json"
    triples = (
        json.loads(manifest.read_text(encoding="utf-8"))["triples"] if manifest.exists() else 0
    )
    size = data.stat().st_size
    wrote = "" if written is None else f" written in {written:.0f} s"
    table = Table("step", "outcome", "seconds", "peak MiB")
    table.title = (
        f"{what}, {triples:,} triples ({size / 2**20:,.0f} MiB of Turtle{wrote}); "
        f"Python {platform.python_version()}, {_cores()} cores"
    )
    for name, outcome, seconds, peak in rows:
        shown = "—" if seconds is None else f"{seconds:.1f}"
        table.add_row(name, outcome, shown, f"{peak:.0f}")
    console.print(table)


def _cores() -> int:
    return len(getattr(__import__("os"), "sched_getaffinity", lambda _: [0])(0)) or 1


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
