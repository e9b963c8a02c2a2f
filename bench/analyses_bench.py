"""The analyses' CPU: ``kg.analysis.pipeline.analyse`` and the report's partner suggestions on
one ``Facts``, as ``kg report`` runs them, in the kg of this checkout or of another.

Run:  python bench/analyses_bench.py --data s1m.ttl --store STORE            # this checkout
      python bench/analyses_bench.py --kg /tmp/old --data s1m.ttl --store OLD_STORE --runs 2

The facts are read once (from the store's kept kg-facts.json after its first use; a store
records the files, the ontology's among them, so each checkout needs a store of its own).
Then, ``--runs`` times, ``analyse`` and the suggestions (``build_index`` and ``suggest`` for
every committee with a gap, as :func:`kg.report.build.build_report` calls them) run with the
collector paused, as a command pauses it, and the CPU of this process and of its children
(betweenness counted in a process of its own at 1M) is printed for each (``os.times``, in
10 ms). Compare two checkouts by running it with each in turn, alternating, and read the
ratio pair by pair: the machine is shared and noisy. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kg", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--data", type=Path, help="the graph (default: the bundled data)")
    parser.add_argument("--store", type=Path, help="a store of --data, this checkout's own")
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    sys.path.insert(0, str(options.kg))  # the kg measured

    from kg.analysis import suggest as suggesting
    from kg.analysis.pipeline import analyse
    from kg.io.source import Source
    from kg.report.build import SUGGESTIONS_PER_GROUP

    if options.data:
        source = Source(data=[options.data], bundled=False, store=options.store)
    else:
        source = Source()
    facts = source.facts()
    gc.disable()
    print(f"kg from {Path(sys.modules['kg'].__file__).parent}")
    for run in range(1, options.runs + 1):
        start = _cpu()
        analysis = analyse(facts)
        analysed = _cpu()
        index = suggesting.build_index(facts)
        for row in analysis.gaps:
            if row["missing_sectors"]:
                suggesting.suggest(
                    facts,
                    analysis.network,
                    row["committee"],
                    top=SUGGESTIONS_PER_GROUP,
                    index=index,
                )
        done = _cpu()
        print(
            f"run {run}: analyse {analysed - start:.2f} s, suggestions {done - analysed:.2f} s, "
            f"together {done - start:.2f} s of CPU"
        )
        del analysis


if __name__ == "__main__":
    main()
