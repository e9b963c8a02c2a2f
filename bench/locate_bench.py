"""The cost of placing violations at their file and line (``kg validate``'s ``where``), and of
the validation that finds them, on data with defects: run it with one checkout of kg, then
with another (``PYTHONPATH=<other checkout>``), alternating, and compare the medians.

Run:  kg synth -n 3300 --seed 1 -o /tmp/big.ttl     # about 100k triples
      (edit a few values of /tmp/big.ttl; state a few again, badly, in /tmp/more.ttl)
      python bench/locate_bench.py /tmp/big.ttl /tmp/more.ttl --repeat 5

Each repeat validates the files (the shapes, the ``kg:`` terms and the datatypes; not the
quotes) on one in-memory store, then places the violations; it prints both medians, the
number of violations and where each is placed. Read the ratios, not the seconds: the machine
is shared.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import kg.validation
from kg.io.files import input_files
from kg.io.parse import load_memory
from kg.validation.locate import located


def main() -> None:
    """Parse the arguments, load the files with the ontology, time validation and placing."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, nargs="+", help="Turtle files (kg synth's)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store = load_memory(input_files(args.data, bundled=False))
    checking, placing = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        report = kg.validation.validate(store, quotes=False)
        checking.append(time.perf_counter() - start)
        start = time.perf_counter()
        where = located(report.violations, args.data)
        placing.append(time.perf_counter() - start)
    print(f"{len(store):,} triples, {len(report.violations)} violations")
    print(
        f"validate {statistics.median(checking):.3f} s, "
        f"place {statistics.median(placing):.3f} s (medians of {args.repeat})"
    )
    for violation in report.violations:
        print(f"  {where.get(violation.ref, '?')}: {violation.node} {violation.path}")


if __name__ == "__main__":
    main()
