"""The network exports' analysis: what ``kg export -f graphml|gexf|csv`` computed before
2026-12-06 (the whole ``analyse``) against what it computes now (``measured_network``).

Run:  python bench/export_bench.py                         # bundled data, and --year 2016
      python bench/export_bench.py --year 2012 --rounds 9
      python bench/export_bench.py --synth 3300              # kg synth -n 3300 --seed 1

Both are kg's own functions in this checkout, run on the same ``Facts`` in one process:
``kg.analysis.pipeline.analyse`` (centralities, communities, brokerage with the partners'
concentration, sector and community holes with ten more Louvain runs for the borders, the
committees' gaps) and ``kg.analysis.pipeline.measured_network`` (the same projection,
centralities and communities, nothing else). Each round runs both, the order alternating,
with Louvain's per-process store of partitions emptied before each call, and times them in
CPU time (``time.process_time``). The table gives the medians and the ratio, and whether the
two annotate the network's nodes alike (what the exported files hold). Nothing here is a
test: the machine is shared and noisy, so read the ratio measured in one run, not the
seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's kg

from kg.analysis import communities
from kg.analysis.pipeline import analyse, measured_network
from kg.io.source import Source
from kg.model.facts import Facts
from kg.synth import write_synthetic


def _cpu(call: Callable[[Facts], object], facts: Facts) -> tuple[float, object]:
    """``call(facts)`` in CPU seconds, with no Louvain partition kept from an earlier call."""
    communities._kept_louvain.cache_clear()
    start = time.process_time()
    result = call(facts)
    return time.process_time() - start, result


def _nodes(result: object) -> list:
    return sorted(result.network.nodes(data=True))  # type: ignore[attr-defined]


def measure(facts: Facts, rounds: int) -> tuple[float, float, bool]:
    """Median CPU seconds of ``analyse`` and of ``measured_network`` over ``rounds`` rounds,
    and whether they annotate the nodes alike."""
    _, old = _cpu(analyse, facts)  # imports and first calls, once
    _, new = _cpu(measured_network, facts)
    times: dict[str, list[float]] = {"analyse": [], "measured": []}
    for number in range(rounds):
        calls = [("analyse", analyse), ("measured", measured_network)]
        for name, call in calls if number % 2 == 0 else calls[::-1]:
            seconds, _ = _cpu(call, facts)
            times[name].append(seconds)
    same = _nodes(old) == _nodes(new)
    return statistics.median(times["analyse"]), statistics.median(times["measured"]), same


def main() -> None:
    """Parse arguments, measure each data set, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of both (default 5)")
    parser.add_argument("--year", type=int, default=2016, help="the year view also measured")
    parser.add_argument(
        "--synth", type=int, metavar="N", help="also kg synth -n N --seed 1 (e.g. 3300)"
    )
    args = parser.parse_args()
    table = Table(
        "data",
        "organisations",
        "analyse, CPU s",
        "measured_network, CPU s",
        "ratio",
        "nodes alike",
        title=f"kg export's analysis, before and now (medians of {args.rounds} rounds)",
    )
    with tempfile.TemporaryDirectory() as tmp:
        sources = [
            ("bundled data", Source()),
            (f"bundled, --year {args.year}", Source(year=args.year)),
        ]
        if args.synth:
            path = write_synthetic(Path(tmp) / "synth.ttl", args.synth, seed=1).path
            synth = Source(data=(path,), bundled=False)
            sources.append((f"kg synth -n {args.synth} --seed 1", synth))
        for name, source in sources:
            facts = source.facts()
            old, new, same = measure(facts, args.rounds)
            size = measured_network(facts).network.number_of_nodes()
            ratio = f"{old / new:.1f}×" if new else "-"
            table.add_row(name, f"{size:,}", f"{old:.3f}", f"{new:.3f}", ratio, str(same))
    Console(width=110).print(table)  # whole columns in a log or a pipe too


if __name__ == "__main__":
    main()
