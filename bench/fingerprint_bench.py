"""What a fingerprint of an endpoint's whole graph costs on the server, beside kg's run.

Run:  python bench/fingerprint_bench.py --sizes 100k,1M --rounds 3 [--virtuoso]

A fingerprint would let kg keep what it copied from an endpoint between runs: one aggregate
query, evaluated on the server, that changes whenever a triple does. Each size's synthetic
graph (``kg synth``'s, seed 1) is built into a store by ``kg validate --store``, whose
Oxigraph store ``oxigraph serve-read-only`` serves, as in bench.py's endpoint rows (with
``--virtuoso``, its default graph is also loaded into Debian's Virtuoso, named in the URL);
then, alternating in every round, each query below is timed on each server, and, on
the Oxigraph server, ``kg gaps --endpoint URL -q -f json`` in a fresh process (the run the
fingerprint would shorten). Medians at the end, the load average beside each run.

- ``count``: ``COUNT(*)`` of every triple (sees a triple added or removed, not one changed).
- ``decode``: the length of every object's text summed: the least any fingerprint of the
  terms costs, as the engine must turn each term's stored id into its text.
- ``fingerprint``: ``COUNT(*)`` and the sum over triples of a number read from ``SHA1`` of
  the triple's terms (an IRI in brackets; a literal's text, datatype and language; a blank
  node as ``_``): nine of the digest's decimal digits after a leading 1, so that the sum of
  ten million stays inside a 64-bit integer.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.helpers import stores

SIZES = {"10k": 330, "100k": 3300, "1M": 33000}
_XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


def _term(name: str) -> str:
    """A term's text: an IRI in brackets, a literal with its datatype and language, a blank
    node ``_`` (its label means nothing outside one answer)."""
    return (
        f'IF(isBLANK({name}), "_", IF(isIRI({name}), CONCAT("<", STR({name}), ">"), '
        f'CONCAT(STR({name}), "^", STR(DATATYPE({name})), "@", LANG({name}))))'
    )


_KEY = f'CONCAT({_term("?s")}, " ", STR(?p), " ", {_term("?o")})'
QUERIES = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "decode": "SELECT (COUNT(*) AS ?n) (SUM(IF(isBLANK(?o), 0, STRLEN(STR(?o)))) AS ?sum) "
    "WHERE { ?s ?p ?o }",
    "fingerprint": "SELECT (COUNT(*) AS ?n) (SUM(?h) AS ?sum) WHERE { ?s ?p ?o . "
    f'BIND({_XSD_INTEGER}(CONCAT("1", SUBSTR(REPLACE(SHA1({_KEY}), "[a-f]", ""), 1, 9))) '
    "AS ?h) }",
}
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _ask(url: str, query: str) -> tuple[float, str]:
    """Seconds the endpoint took to answer ``query``, and the answer's first row."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode({"query": query}).encode("utf-8"),
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    start = time.perf_counter()
    with _DIRECT.open(request, timeout=1200) as reply:
        body = reply.read()
    seconds = time.perf_counter() - start
    row = json.loads(body)["results"]["bindings"][0]
    return seconds, " ".join(f"{k}={v['value']}" for k, v in sorted(row.items()))


def _gaps(url: str) -> float:
    """Seconds of one ``kg gaps --endpoint`` run in a fresh process."""
    kg = str(Path(sys.executable).with_name("kg"))
    start = time.perf_counter()
    subprocess.run(
        [kg, "gaps", "--endpoint", url, "-q", "-f", "json"], check=True, capture_output=True
    )
    return time.perf_counter() - start


def _servers(folder: Path, size: str, virtuoso: bool, stack) -> dict[str, str]:
    """The size's graph written, loaded and served; the servers' query URLs by name."""
    from kg.synth import write_synthetic

    turtle, triples = folder / f"synth-{size}.ttl", folder / f"synth-{size}.nt"
    write_synthetic(turtle, SIZES[size], seed=1)
    kg, store = str(Path(sys.executable).with_name("kg")), folder / f"store-{size}"
    build = [kg, "validate", "--no-bundled", "--data", str(turtle), "--store", str(store)]
    subprocess.run(build, check=True, capture_output=True)  # as bench.py's endpoint rows
    oxigraph, location = stores.oxigraph_command(), store / "oxigraph"
    urls = {}
    if virtuoso:  # dumped before the server holds the store
        dump = [oxigraph, "dump", "--location", str(location), "--file", str(triples)]
        subprocess.run([*dump, "--graph", "default"], check=True, capture_output=True)
        graph = f"urn:kg:synth:{size}"
        served = stack.enter_context(stores.virtuoso(folder / f"virtuoso-{size}", {graph: triples}))
        urls["virtuoso"] = stores.with_graph(served, graph)
    log = folder / f"oxigraph-{size}.log"
    urls["oxigraph"] = stack.enter_context(stores.oxigraph_server(location, log))
    return urls


def main() -> None:
    """Time the queries and kg gaps, alternating, and print each run and the medians."""
    import contextlib

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k", help="comma-separated: 10k, 100k, 1M")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--virtuoso", action="store_true", help="also on Virtuoso")
    args = parser.parse_args()
    times: dict[tuple[str, str, str], list[float]] = {}
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
            urls = _servers(Path(tmp), size, args.virtuoso, stack)
            for round_ in range(args.rounds):
                for server, url in urls.items():
                    for name, query in QUERIES.items():
                        seconds, row = _ask(url, query)
                        times.setdefault((size, server, name), []).append(seconds)
                        load = os.getloadavg()[0]
                        print(f"{size} {server} {name} {seconds:.2f} s (load {load:.1f}) {row}")
                seconds = _gaps(urls["oxigraph"])
                times.setdefault((size, "oxigraph", "kg gaps --endpoint"), []).append(seconds)
                print(f"{size} round {round_ + 1}: kg gaps --endpoint {seconds:.2f} s")
    print("\nmedians:")
    for (size, server, name), values in times.items():
        print(f"{size} {server} {name}: {statistics.median(values):.2f} s")


if __name__ == "__main__":
    main()
