"""Benchmark kg's paths side by side with the straightforward ones (rdflib in memory + networkx).

Run:  python bench/bench.py                           # 10k and 100k triples, 3 repeats
      python bench/bench.py --sizes 1M --repeat 1     # about 1M triples (33,000 actors)
      python bench/bench.py --sizes 100k,1M --steps endpoint   # --endpoint vs --store
      python bench/bench.py --sizes 10M --steps first-run,report,gaps,queries --no-plain

Every step runs in a fresh subprocess (so its peak memory is its own), ``--repeat`` times; the
tables show medians, peak memory and the ratio of the straightforward path's time to kg's,
measured in the same run. A straightforward step that passes ``--timeout`` is shown as a
time-out and its ratio as a lower bound. Nothing here is a test: these machines are shared
and noisy, so read ratios, not seconds.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

#: Synthetic actors per target size: kg synth writes about 30.5 triples per actor
#: (measured: 1,000 actors → 30,515 triples; 33,000 → 1,019,895).
SIZES = {"10k": 330, "100k": 3300, "1M": 33000, "10M": 330000}

KG = str(Path(sys.executable).with_name("kg"))

#: Steps: name → (kg's path, the straightforward path or None). Each is Python run in a fresh
#: interpreter with ``PATH`` (the synthetic Turtle file), ``STORE`` (an Oxigraph store of it,
#: built and validated beforehand) and ``KG`` (the kg command) defined. A step that prints a
#: number reports that many seconds (the part it times); otherwise the whole run is timed.
STEPS: dict[str, tuple[str, str | None]] = {
    "load": (
        "import tempfile, shutil; from kg.io.source import Source; d = tempfile.mkdtemp(); "
        "Source(data=[PATH], bundled=False, store=d + '/s').open(); shutil.rmtree(d)",
        "import rdflib; rdflib.Graph().parse(PATH, format='turtle')",
    ),
    "projection": (
        "import time; t = time.perf_counter(); from kg.io.source import Source; "
        "from kg.model.facts import read_facts; from kg.model.projection import actor_graph; "
        "actor_graph(read_facts(Source(data=[PATH], bundled=False, store=STORE).open())); "
        "print(time.perf_counter() - t)",
        "import kg, networkx as nx, time; g = kg.load([PATH], bundled=False); "
        "t = time.perf_counter(); n = nx.Graph(); "
        "n.add_edges_from((str(r.a), str(r.b)) for r in g.query("
        "'PREFIX org: <http://www.w3.org/ns/org#> SELECT ?a ?b WHERE { "
        "?m1 org:organization ?c ; org:member ?a . "
        "?m2 org:organization ?c ; org:member ?b . FILTER(STR(?a) < STR(?b)) }')); "
        "print(time.perf_counter() - t)",
    ),
    "centrality": (
        "import time; from kg.io.source import Source; "
        "from kg.model.projection import actor_graph; from kg.analysis import centrality; "
        "n = actor_graph(Source(data=[PATH], bundled=False, store=STORE).facts()); "
        "t = time.perf_counter(); centrality.compute(n); print(time.perf_counter() - t)",
        "import time, networkx as nx; from kg.io.source import Source; "
        "from kg.model.projection import actor_graph; "
        "n = actor_graph(Source(data=[PATH], bundled=False, store=STORE).facts()); "
        "t = time.perf_counter(); nx.betweenness_centrality(n); nx.closeness_centrality(n); "
        "nx.community.louvain_communities(n, seed=42); print(time.perf_counter() - t)",
    ),
    "kg gaps": (
        "import subprocess; subprocess.run([KG, 'gaps', '--no-bundled', '--data', PATH, "
        "'--store', STORE, '-f', 'json'], check=True, capture_output=True)",
        "import kg; from kg.model.facts import read_facts; from kg.analysis.gaps import "
        "committee_gaps; from kg.io.parse import load_memory; import pyoxigraph as ox; "
        "g = kg.load([PATH], bundled=False); s = ox.Store(); "
        "s.load(g.serialize(format='nt', encoding='utf-8'), ox.RdfFormat.N_TRIPLES); "
        "committee_gaps(read_facts(s))",
    ),
    "kg map": (
        "import subprocess, tempfile; subprocess.run([KG, 'map', '--no-bundled', '--data', PATH, "
        "'--store', STORE, '-o', tempfile.mkdtemp() + '/m.html'], check=True, "
        "capture_output=True)",
        "import kg, tempfile; from pyvis.network import Network; import pyoxigraph as ox; "
        "from kg.model.facts import read_facts; from kg.model.projection import actor_graph; "
        "g = kg.load([PATH], bundled=False); s = ox.Store(); "
        "s.load(g.serialize(format='nt', encoding='utf-8'), ox.RdfFormat.N_TRIPLES); "
        "net = Network(); net.from_nx(actor_graph(read_facts(s))); "
        "net.write_html(tempfile.mkdtemp() + '/m.html')",
    ),
    "kg report": (
        "import subprocess, tempfile; subprocess.run([KG, 'report', '--no-bundled', '--data', "
        "PATH, '--store', STORE, '-o', tempfile.mkdtemp()], check=True, capture_output=True)",
        "exec(PLAIN_REPORT)",
    ),
    "first-run": (
        "import subprocess, tempfile; d = tempfile.mkdtemp(); subprocess.run([KG, 'report', "
        "'--no-bundled', '--data', PATH, '--store', d + '/store', '-o', d + '/r'], check=True, "
        "capture_output=True)",
        "exec(PLAIN_REPORT)",
    ),
    "first-run-memory": (
        "import subprocess, tempfile; subprocess.run([KG, 'report', '--no-bundled', '--data', "
        "PATH, '-o', tempfile.mkdtemp()], check=True, capture_output=True)",
        "exec(PLAIN_REPORT)",
    ),
    "validate": (
        "from kg.io.source import Source; from kg.validation import validate; "
        "assert validate(Source(data=[PATH], bundled=False).open()).conforms",
        "exec(PLAIN_VALIDATE)",
    ),
}

#: The straightforward validation: rdflib parses, pySHACL checks the shapes (the reference the
#: tests hold kg's validator to), and the quotes are checked on the rdflib graph.
_PLAIN_VALIDATE = """
import sys
sys.path.insert(0, TESTS)
import kg
from helpers.pyshacl_reference import validate_with_pyshacl
from kg.validation.quotes import check_quotes
graph = kg.load([PATH], bundled=False)
assert validate_with_pyshacl(graph).conforms and not check_quotes(graph)
"""
#: The straightforward report: that validation, then networkx alone (no igraph) on the facts.
_PLAIN_REPORT = (
    _PLAIN_VALIDATE
    + """
sys.modules['igraph'] = None
import pathlib, tempfile
import pyoxigraph as ox
from kg.analysis.pipeline import analyse
from kg.model.facts import read_facts
from kg.report.write import write_report
store = ox.Store()
store.load(graph.serialize(format='nt', encoding='utf-8'), ox.RdfFormat.N_TRIPLES)
write_report(analyse(read_facts(store)), pathlib.Path(tempfile.mkdtemp()), triples=len(graph))
"""
)
#: The test suite's folder, where the pySHACL reference lives.
TESTS = str(Path(__file__).resolve().parent.parent / "tests")
#: What every step's interpreter gets after its code (as TESTS, PLAIN_VALIDATE, PLAIN_REPORT).
_PLAIN = (TESTS, _PLAIN_VALIDATE, _PLAIN_REPORT)

#: Times one library query in memory or on the store (``STORE`` or None). Oxigraph evaluates
#: in Rust, beyond an alarm's reach, so each query has a process of its own, stopped at
#: ``QUERY_CAP`` seconds; only the query is timed.
_QUERY = """
import time
from kg.io.source import Source
from kg.sparql.engine import prepare, run
from kg.sparql.results import kind_of
store = Source(data=[PATH], bundled=False, store=STORE if ON_STORE else None).open()
prepared = prepare(NAME, PARAMS)
start = time.perf_counter()
answer = run(store, prepared)
bool(answer) if kind_of(answer) == "boolean" else len(list(answer))
print(time.perf_counter() - start)
"""

#: The busiest actor, one of its partners, and the committee with the most memberships of
#: its own: parameters that find rows in a synthetic graph (the defaults name real actors).
_PARAMETER_QUERY = """
PREFIX kg: <https://w3id.org/kg-malmo/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?actor ?name ?partner ?committee WHERE {
  { SELECT ?actor (COUNT(*) AS ?n) WHERE { ?m org:member ?actor } GROUP BY ?actor
    ORDER BY DESC(?n) STR(?actor) LIMIT 1 }
  ?actor skos:prefLabel ?name .
  FILTER(lang(?name) = "sv")
  ?m1 org:member ?actor ; org:organization ?c .
  ?m2 org:organization ?c ; org:member ?partner .
  FILTER(?partner != ?actor)
  { SELECT ?committee (COUNT(*) AS ?k) WHERE { ?committee a kg:Committee .
      ?m3 org:member ?committee } GROUP BY ?committee ORDER BY DESC(?k) STR(?committee)
    LIMIT 1 }
}
ORDER BY STR(?partner)
LIMIT 1
"""


def _parameters(store: Path) -> dict[str, dict[str, str]]:
    """Per library query, parameters that find rows in the synthetic graph in ``store``."""
    import pyoxigraph

    found = next(iter(pyoxigraph.Store.read_only(str(store / "oxigraph")).query(_PARAMETER_QUERY)))
    actor, partner, committee = (found[v].value for v in ("actor", "partner", "committee"))
    name = f'"{found["name"].value}"@sv'
    return {
        "actor-by-name": {"name": name},
        "actors-linked": {"actor_a": actor, "actor_b": partner},
        "evidence-between-actors": {"actor_a": actor, "actor_b": partner},
        "collaborations-of-actor": {"actor": actor},
        "committee-partners": {"committee": committee},
    }


#: What ``--steps`` may name: the timed steps, then the library queries on the store and in
#: memory, and start-up.
PARTS = (
    *(step.removeprefix("kg ") for step in STEPS),
    "queries",
    "memory-queries",
    "startup",
    "endpoint",
)

_BUILD_STORE = """
import sys
from kg.io.source import Source
Source(data=[sys.argv[1]], bundled=False, store=sys.argv[2]).open()
"""

_RUNNER = """
import resource, sys, time
PATH, STORE, KG = sys.argv[1], sys.argv[2], sys.argv[3]
TESTS, PLAIN_VALIDATE, PLAIN_REPORT = sys.argv[5], sys.argv[6], sys.argv[7]
start = time.perf_counter()
import io, contextlib
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    exec(sys.argv[4])
total = time.perf_counter() - start
inner = buffer.getvalue().strip().splitlines()
seconds = inner[-1] if inner else str(total)
peak = max(resource.getrusage(who).ru_maxrss for who in
           (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
print(seconds, peak, sep="\\t")
"""


def _run(code: str, path: Path, store: Path, timeout: float) -> tuple[str, float] | None:
    """Run ``code`` in a fresh interpreter: (its last line, peak MiB), or None on time-out."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(path), str(store), KG, code, *_PLAIN],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=path.parent,  # pyvis writes a lib/ folder into the working directory
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode:
        raise RuntimeError(f"benchmark step failed:\n{code}\n{done.stderr[-2000:]}")
    seconds, peak = done.stdout.strip().splitlines()[-1].split("\t")
    return seconds, float(peak)


def _queries(
    path: Path, store: Path, cap: int, parameters: dict, *, on_store: bool
) -> dict[str, float | None]:
    """Seconds per library query on the store or in memory (None: stopped at ``cap``)."""
    from kg.sparql.library import library

    times: dict[str, float | None] = {}
    for query in library():
        params = parameters.get(query.name)
        code = f"NAME = {query.name!r}\nPARAMS = {params!r}\nON_STORE = {on_store}\n" + _QUERY
        done = _run(f"exec({code!r})", path, store, cap + 10)
        times[query.name] = float(done[0]) if done and float(done[0]) <= cap else None
    return times


def _median_seconds(times: list[float | None]) -> float | None:
    """The median of a query's runs; None (over the cap) if any run was."""
    return None if any(t is None for t in times) else statistics.median(times)


def _median(runs: list[tuple[str, float] | None]) -> tuple[float, float] | None:
    if not runs or any(r is None for r in runs):
        return None
    return statistics.median(float(r[0]) for r in runs), max(r[1] for r in runs)


def _seconds(value: tuple[float, float] | None, timeout: float) -> str:
    return f"{value[0]:.3f}" if value else f">{timeout:.0f} (time-out)"


def _ratio(fast: tuple | None, plain: tuple | None, timeout: float) -> str:
    if fast is None or fast[0] <= 0:
        return "—"
    if plain is None:
        return f"≥{timeout / fast[0]:.0f}×"
    return f"{plain[0] / fast[0]:.1f}×"


def _startup(repeat: int) -> list[tuple[str, float, float]]:
    """``kg --help`` and bundled ``kg gaps`` against bare Python and importing their libraries."""
    pairs = [
        ("kg --help", [KG, "--help"], "python -c pass", [sys.executable, "-c", "pass"]),
        (
            "kg gaps (bundled data)",
            [KG, "gaps"],
            'python -c "import rdflib, networkx"',
            [sys.executable, "-c", "import rdflib, networkx"],
        ),
    ]
    rows = []
    for name, command, base_name, base in pairs:
        ours, theirs = [], []
        for _ in range(repeat):
            ours.append(_wall(command))
            theirs.append(_wall(base))
        rows.append((f"{name} vs {base_name}", statistics.median(ours), statistics.median(theirs)))
    return rows


def _wall(command: list[str]) -> float:
    import time

    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    """Parse arguments, generate the graphs, time every step, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1M")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run")
    parser.add_argument(
        "--no-plain",
        action="store_true",
        help="kg's paths only (at 10M triples rdflib alone needs more memory than the machine)",
    )
    parser.add_argument("--query-cap", type=int, default=30, help="seconds per query")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument(
        "--steps",
        default=",".join(PARTS),
        help="comma-separated, of: " + ", ".join(PARTS) + " (default: all)",
    )
    args = parser.parse_args()
    args.steps = [s.strip() for s in args.steps.split(",")]
    if unknown := set(args.steps) - set(PARTS):
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    import compileall

    import kg
    from kg.synth import write_synthetic

    # An installed wheel has its bytecode compiled by pip, as rdflib's and networkx's have; an
    # editable install under PYTHONDONTWRITEBYTECODE would compile kg afresh in every run.
    compileall.compile_dir(Path(kg.__file__).parent, quiet=1)
    console = Console()
    sizes = [s.strip() for s in args.sizes.split(",")]
    results: list[dict] = []
    query_times: dict[str, dict[str, dict]] = {}
    startup, endpoint = [], []
    with tempfile.TemporaryDirectory() as tmp, Progress(console=console) as progress:
        task = progress.add_task("benchmark", total=len(sizes) * (len(STEPS) + 3) + 1)
        progress.update(task, description="startup")
        if "startup" in args.steps:
            startup = _startup(max(args.repeat, 5))
        progress.advance(task)
        # start-up alone needs no synthetic graph
        for size in sizes if set(args.steps) - {"startup"} else []:
            path, store = Path(tmp) / f"synth-{size}.ttl", Path(tmp) / f"store-{size}"
            progress.update(task, description=f"{size}: writing the graph and its store")
            write_synthetic(path, SIZES[size], seed=1)
            build = (  # every step needs the store; gaps, map and report its recorded validation
                [KG, "validate", "--no-bundled", "--data", str(path), "--store", str(store)]
                if {"gaps", "map", "report", "validate", "endpoint"} & set(args.steps)
                else [sys.executable, "-c", _BUILD_STORE, str(path), str(store)]
            )
            subprocess.run(build, check=True, capture_output=True)
            progress.advance(task)
            for step, (fast, plain) in STEPS.items():
                if step.removeprefix("kg ") not in args.steps:
                    continue
                progress.update(task, description=f"{size}: {step}")
                row = {"size": size, "step": step}
                row["kg"] = _median(
                    [_run(fast, path, store, args.timeout) for _ in range(args.repeat)]
                )
                row["plain"] = (
                    _median([_run(plain, path, store, args.timeout) for _ in range(args.repeat)])
                    if plain and not args.no_plain
                    else None
                )
                row["has_plain"] = plain is not None and not args.no_plain
                results.append(row)
                progress.advance(task)
            if {"queries", "memory-queries"} & set(args.steps):
                parameters = _parameters(store)
            if "queries" in args.steps:
                progress.update(task, description=f"{size}: library queries on the store")
                runs = [
                    _queries(path, store, args.query_cap, parameters, on_store=True)
                    for _ in range(args.repeat)
                ]
                query_times.setdefault(size, {})["store"] = {
                    name: _median_seconds([run[name] for run in runs]) for name in runs[0]
                }
            progress.advance(task)
            if "memory-queries" in args.steps:
                progress.update(task, description=f"{size}: library queries in memory")
                runs = [
                    _queries(path, store, args.query_cap, parameters, on_store=False)
                    for _ in range(args.repeat)
                ]
                query_times.setdefault(size, {})["memory"] = {
                    name: _median_seconds([run[name] for run in runs]) for name in runs[0]
                }
            progress.advance(task)
            if "endpoint" in args.steps:
                from endpoint_rows import endpoint_rows

                progress.update(task, description=f"{size}: --endpoint vs --store")
                endpoint += endpoint_rows(_run, path, store, size, args.repeat, args.timeout)
            shutil.rmtree(store, ignore_errors=True)
    _print(console, args, sizes, results, query_times, startup)
    if endpoint:
        from endpoint_rows import table

        console.print(table(endpoint, args.repeat, args.timeout))
    if args.json:
        data = {"results": results, "queries": query_times, "startup": startup}
        data["endpoint"] = endpoint
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _print(console, args, sizes, results, query_times, startup) -> None:
    console.print(
        f"{platform.node()}: {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {_cores()} cores"
    )
    table = Table("size", "step", "kg s", "kg MiB", "plain s", "plain MiB", "plain / kg")
    table.title = f"kg vs the straightforward path (medians of {args.repeat})"
    for row in results:
        fast, plain = row["kg"], row["plain"]
        table.add_row(
            row["size"],
            row["step"],
            _seconds(fast, args.timeout),
            f"{fast[1]:.0f}" if fast else "—",
            _seconds(plain, args.timeout) if row["has_plain"] else "—",
            f"{plain[1]:.0f}" if plain else "—",
            _ratio(fast, plain, args.timeout) if row["has_plain"] else "",
        )
    if results:
        console.print(table)
        console.print(
            "load: Oxigraph on disk vs rdflib in memory; projection: facts read from the store "
            "vs a 2-hop SPARQL join in rdflib; centrality: kg's (igraph when installed, sampled "
            "above 1,000 actors) vs networkx exact betweenness + closeness + Louvain; kg gaps/map/"
            "report: the command on the store (validated once beforehand) vs rdflib + networkx "
            "(pyvis from_nx for the map; for the report: rdflib, pySHACL and kg's report code "
            "with networkx only); first-run: kg report on new files, building a new store "
            "(load, derive, validate, facts, report), and first-run-memory the same without a "
            "store, against that straightforward report; validate: kg's validator (SHACL as "
            "SPARQL on Oxigraph, quotes) vs rdflib + pySHACL + the quote check."
        )
    queries = Table("query", *(f"{s} {b}" for s in sizes for b in ("store", "memory")))
    queries.title = (
        f"Library queries, seconds (cap {args.query_cap} s each; medians of {args.repeat})"
    )
    names = sorted({n for s in query_times.values() for b in s.values() for n in b})
    for name in names:
        cells = []
        for size in sizes:
            for backend in ("store", "memory"):
                value = query_times.get(size, {}).get(backend, {}).get(name, "missing")
                cells.append(
                    "—" if value == "missing" else "cap" if value is None else f"{value:.3f}"
                )
        queries.add_row(name, *cells)
    if names:
        console.print(queries)
    start = Table("command", "kg s", "baseline s", "kg / baseline", title="Start-up (bundled)")
    for name, ours, theirs in startup:
        start.add_row(name, f"{ours:.3f}", f"{theirs:.3f}", f"{ours / theirs:.2f}")
    if startup:
        console.print(start)


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    main()
