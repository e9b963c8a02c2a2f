"""The cost of kg validate's check that every value is of its datatype, beside the shapes and
the ``kg:`` terms it runs with, on one in-memory store (side by side, in one process).

Run:  kg synth -n 3300 -o /tmp/100k.ttl && python bench/datatype_bench.py /tmp/100k.ttl
      python bench/datatype_bench.py /tmp/1M.ttl --repeat 3      # kg synth -n 33000

Each repeat times the shapes (compiled to SPARQL), the ``kg:`` terms and the datatype check,
and prints the check's share of the three. Read the ratios, not the seconds: the machine is
shared.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.io.parse import load_memory
from kg.paths import ontology_file, shapes_file
from kg.validation import constraints, literals, terms


def main() -> None:
    """Parse the arguments, load the file with the ontology, time each part."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a Turtle or N-Triples file (kg synth's)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = load_memory([ontology_file(), args.data])
    print(f"{len(store):,} triples")
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = constraints.validate(store, shapes_file(), None, in_memory=True)
        shapes = time.perf_counter() - start
        start = time.perf_counter()
        terms.check_terms(store, flagged={r.path for r in results})
        used = time.perf_counter() - start
        start = time.perf_counter()
        found = literals.ill_typed(store, {(r.focus, r.path) for r in results})
        typed = time.perf_counter() - start
        share = typed / (shapes + used + typed)
        print(
            f"shapes {shapes:.2f} s, kg: terms {used:.2f} s, datatypes {typed:.2f} s "
            f"({len(found)} found): {share:.0%} of the three"
        )


if __name__ == "__main__":
    main()
