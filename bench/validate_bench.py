"""Benchmark validation: pySHACL on rdflib (the test suite's reference) against kg's validator
(kg.validation.validate: the shapes as SPARQL) on a pyoxigraph store in memory and on disk.

Run:  python bench/validate_bench.py                      # 100k triples, 1 repeat
      python bench/validate_bench.py --sizes 100k,1M --repeat 1 --timeout 900

For each size it writes a synthetic graph (``kg synth``), puts ``--defects`` seeded defects of
every local kind in it (``tests/helpers/defects.py``; 0 for a graph that conforms), and runs each
engine in a fresh subprocess, ``--repeat`` times: pySHACL after rdflib parses the file; the
SPARQL validator after Oxigraph loads the file into memory; and on an on-disk store built
beforehand (by ``kg.Source(store=…)``, timed as that row's load). Each row shows the load,
the parts of validation (shapes, quotes, labels and report), placing the violations at their
file and line (``where``, as ``kg validate`` prints them), the process's wall time and peak
memory, the ratio of pySHACL's validation time to the row's, and whether the row's violations
(node, path, message, severity) are the same set as pySHACL's. Medians; read ratios, not
seconds: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

#: The test suite's folder: the pySHACL reference and the defect writer live there.
TESTS = str(Path(__file__).resolve().parent.parent / "tests")

#: Synthetic actors per target size (kg synth writes about 30.5 triples per actor).
SIZES = {"10k": 330, "100k": 3300, "1M": 33000}

_PRELUDE = """
import json, resource, sys, time
sys.path.insert(0, TESTS)
PATH, STORE, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
times = {}
def keys(report):
    return sorted([v.node, v.path, v.message, v.severity] for v in report.violations)
"""
_END = """
times["peak"] = max(resource.getrusage(w).ru_maxrss for w in
                    (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
json.dump({"times": times, "violations": keys(report)}, open(OUT, "w"))
"""
#: engine → Python run in a fresh interpreter; it fills ``times`` and sets ``report``.
ENGINES = {
    "pySHACL, rdflib in memory": """
import kg, pyshacl, rdflib  # imports before the clock, as below
from helpers.pyshacl_reference import validate_with_pyshacl
from kg.io.parse import from_rdflib
from kg.validation import ValidationReport, _report
from kg.validation.quotes import check_quotes
start = time.perf_counter()
graph = kg.load([PATH], bundled=False)
times["load"] = time.perf_counter() - start
start = time.perf_counter()
shapes = validate_with_pyshacl(graph)
quotes = _report(from_rdflib(graph), [], check_quotes(graph))
report = ValidationReport(sorted(set(shapes.violations) | set(quotes.violations)))
times["validate"] = time.perf_counter() - start
""",
    "SPARQL, Oxigraph in memory": """
from kg.io.files import input_files
from kg.io.parse import load_memory
start = time.perf_counter()
store = load_memory(input_files([PATH], bundled=False))
times["load"] = time.perf_counter() - start
IN_MEMORY = True
FAST
""",
    "SPARQL, Oxigraph on disk": """
import pyoxigraph
start = time.perf_counter()
store = pyoxigraph.Store.read_only(STORE + "/oxigraph")
times["load"] = time.perf_counter() - start
IN_MEMORY = False
FAST
""",
}
_FAST = """
import kg.model.facts, kg.validation  # what the labels and the report read
from kg.paths import shapes_file
from kg.validation import _report, constraints, quotes
start = time.perf_counter()
results = constraints.validate(store, shapes_file(), in_memory=IN_MEMORY)
times["shapes"] = time.perf_counter() - start
start = time.perf_counter()
problems = quotes.check_quotes(store)
times["quotes"] = time.perf_counter() - start
start = time.perf_counter()
report = _report(store, results, problems)
times["labels"] = time.perf_counter() - start
times["validate"] = times["shapes"] + times["quotes"] + times["labels"]
from pathlib import Path
from kg.validation.locate import located
start = time.perf_counter()
located(report.violations, [Path(PATH)])
times["where"] = time.perf_counter() - start
"""
_BUILD = """
from pathlib import Path
from kg.io.source import Source
start = time.perf_counter()
Source((Path(PATH),), bundled=False, store=Path(STORE)).open()
times["build"] = time.perf_counter() - start
class report:
    violations = []
"""


def _run(code: str, path: Path, store: Path, timeout: float) -> dict | None:
    """Run ``code`` in a fresh interpreter: its times, wall time and violations (None: late)."""
    with tempfile.TemporaryDirectory() as folder:  # a file held open is not reopened on Windows
        out = Path(folder) / "times.json"
        start = time.perf_counter()
        try:
            done = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    _PRELUDE.replace("TESTS", repr(TESTS)) + code + _END,
                    str(path),
                    str(store),
                    str(out),
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return None
        if done.returncode:
            raise RuntimeError(f"benchmark step failed:\n{done.stderr[-3000:]}")
        result = json.loads(out.read_text(encoding="utf-8"))
    result["times"]["wall"] = time.perf_counter() - start
    return result


def _median(runs: list[dict | None]) -> dict | None:
    if not runs or any(run is None for run in runs):
        return None
    names = runs[0]["times"]
    times = {name: statistics.median(run["times"][name] for run in runs) for name in names}
    times["peak"] = max(run["times"]["peak"] for run in runs)
    return {"times": times, "violations": runs[0]["violations"]}


def measure(size: str, folder: Path, args: argparse.Namespace) -> list[dict]:
    """Every engine's row for one size."""
    sys.path.insert(0, TESTS)
    from helpers.defects import LOCAL_KINDS, write_with_defects

    from kg.synth import write_synthetic

    turtle, path = folder / f"synth-{size}.ttl", folder / f"synth-{size}.nt"
    write_synthetic(turtle, SIZES[size], seed=1)
    defects = write_with_defects(turtle, path, LOCAL_KINDS, per_kind=args.defects, seed=1)
    store = folder / f"store-{size}"
    build = _run(_BUILD, path, store, args.timeout)
    triples = json.loads((store / "kg-store.json").read_text(encoding="utf-8"))["triples"]
    rows = []
    for engine, code in ENGINES.items():
        code = code.replace("FAST", _FAST)
        runs = [_run(code, path, store, args.timeout) for _ in range(args.repeat)]
        row = {"size": size, "triples": triples, "defects": len(defects), "engine": engine}
        row["result"] = _median(runs)
        if engine.endswith("on disk") and row["result"] and build:
            row["result"]["times"]["load"] = build["times"]["build"]
            row["result"]["times"]["build peak"] = build["times"]["peak"]
        rows.append(row)
    return rows


def main() -> None:
    """Parse arguments, write the graphs, run every engine, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k", help="comma-separated: 10k, 100k, 1M")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--defects", type=int, default=2, help="defects of each kind (0: none)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    console = Console(width=200)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (s.strip() for s in args.sizes.split(",")):
            console.print(f"{size}: writing the graph, then {len(ENGINES)} engines …")
            rows += measure(size, Path(tmp), args)
    _print(console, rows, args)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def _print(console: Console, rows: list[dict], args: argparse.Namespace) -> None:
    console.print(
        f"{platform.node()}: Python {platform.python_version()}, {platform.machine()}, "
        f"medians of {args.repeat}"
    )
    table = Table(
        "triples",
        "engine",
        "load s",
        "shapes s",
        "quotes s",
        "labels s",
        "validate s",
        "where s",
        "wall s",
        "peak MiB",
        "pySHACL / this",
        "violations",
        "same as pySHACL",
        title="Validation: pySHACL (the reference) vs kg.validate (SPARQL on Oxigraph)",
    )
    reference = {}
    for row in rows:
        result = row["result"]
        if row["engine"].startswith("pySHACL"):
            reference[row["size"]] = result
        base = reference.get(row["size"])
        if result is None:
            table.add_row(
                f"{row['triples']:,}",
                row["engine"],
                *["—"] * 6,
                f"> {args.timeout:.0f} (time-out)",
                *["—"] * 4,
            )
            continue
        t = result["times"]

        def cell(name: str, t: dict = t) -> str:
            return f"{t[name]:.2f}" if name in t else "—"

        if base is None:
            ratio, same = "—", "—"
        else:
            ratio = f"{base['times']['validate'] / t['validate']:.1f}×"
            same = "yes" if base["violations"] == result["violations"] else "NO"
        peak = f"{t['peak']:.0f}"
        if "build peak" in t:
            peak += f" (build {t['build peak']:.0f})"
        table.add_row(
            f"{row['triples']:,}",
            row["engine"],
            cell("load"),
            cell("shapes"),
            cell("quotes"),
            cell("labels"),
            cell("validate"),
            cell("where"),
            cell("wall"),
            peak,
            ratio,
            f"{len(result['violations']):,}",
            same,
        )
    console.print(table)
    console.print(
        f"Each graph has {rows[0]['defects'] if rows else 0} seeded defects "
        "(tests/helpers/defects.py, seed 1). load: rdflib parse, Oxigraph in-memory load, or "
        "building the on-disk store (bulk load and optimise); validate = shapes + quotes + "
        "labels (for pySHACL: the reference plus kg's quote check); where: placing each "
        "violation at its file and line, as kg validate prints it; wall: the whole process, "
        "imports included."
    )


if __name__ == "__main__":
    main()
