"""Load on ``kg serve``: concurrent clients, a share of runaway queries, and a stream of ASK probes.

Run:  python bench/load_bench.py                          # bundled data, 8 and 50 clients, 60 s
      python bench/load_bench.py --clients 8 --duration 30 --runaway 0.2
      python bench/load_bench.py --synthetic 1000          # a synthetic graph (kg synth) instead

``kg serve`` runs in a subprocess with its defaults (or ``--timeout``, ``--workers``). Each
client keeps one connection and sends, one after another, a query of the library with its
default parameters as a VALUES block (as the query page offers them) by GET, POST form or POST
``application/sparql-query`` in turn; with probability ``--runaway`` it sends instead a
four-way cartesian product that runs until the time limit stops it. Beside them, one ASK probe
a second on its own connection. Each phase reports throughput (answers 200 per second),
latency percentiles of the library queries, how the runaways ended, the share of ASK probes
answered (200) within one second, and the server's largest process-tree RSS. Nothing here is a
test: the machine is shared and noisy, so compare phases measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

KG = str(Path(sys.executable).with_name("kg"))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PROBE = "ASK { ?s ?p ?o }"
METHODS = ("GET", "POST form", "POST direct")


@dataclass
class Phase:
    """What one phase measured."""

    clients: int
    runaway: float
    seconds: float = 0.0
    library: list[tuple[int, float]] = field(default_factory=list)  # (status, seconds)
    runaways: list[tuple[int, float]] = field(default_factory=list)
    probes: list[tuple[int, float]] = field(default_factory=list)
    rss_max: int = 0


def library_queries() -> list[str]:
    """The library's queries with their default parameters bound, as the query page has them."""
    from kg.errors import KgError
    from kg.sparql.library import bind, library
    from kg.sparql.values import with_values

    texts = []
    for query in library():
        try:
            texts.append(with_values(query.text, bind(query)))
        except KgError:
            texts.append(query.text)
    return texts


def start_server(args: argparse.Namespace, data: Path | None) -> tuple[subprocess.Popen, str]:
    command = [KG, "serve", "--port", "0", "--workers", str(args.workers)]
    command += ["--timeout", str(args.timeout)]
    if data is not None:
        command += ["--no-bundled", "--data", str(data)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert server.stdout is not None
    line = server.stdout.readline()
    match = re.search(r"(http://\S+/)sparql", line)
    if not match:
        server.kill()
        raise SystemExit(f"kg serve did not start: {line!r}")
    return server, match.group(1) + "sparql"


def request(connection: HTTPConnection, path: str, query: str, method: str) -> int:
    """Send one query; its status (the body is read and dropped)."""
    headers = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}
    if method == "GET":
        connection.request(
            "GET", f"{path}?{urllib.parse.urlencode({'query': query})}", headers=headers
        )
    elif method == "POST form":
        body = urllib.parse.urlencode({"query": query})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request("POST", path, body=body.encode(), headers=headers)
    else:
        headers["Content-Type"] = "application/sparql-query"
        connection.request("POST", path, body=query.encode(), headers=headers)
    response = connection.getresponse()
    response.read()
    if response.getheader("Connection", "").lower() == "close":
        connection.close()
    return response.status


class Client(threading.Thread):
    """One client: queries one after another on a keep-alive connection until ``stop``."""

    def __init__(
        self, url: str, phase: Phase, queries: list[str], stop: threading.Event, seed: int
    ):
        super().__init__(daemon=True)
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path
        self.phase, self.queries, self.stop = phase, queries, stop
        self.random = random.Random(seed)
        self.polite = False

    def run(self) -> None:
        connection = HTTPConnection(self.host, self.port, timeout=300)
        turn = 0
        while not self.stop.is_set():
            runaway = self.random.random() < self.phase.runaway
            query = RUNAWAY if runaway else self.random.choice(self.queries)
            started = time.monotonic()
            try:
                status = request(connection, self.path, query, METHODS[turn % 3])
            except OSError:
                status = 0
                connection.close()
            turn += 1
            if not self.stop.is_set():  # answers after the end are not counted
                record = self.phase.runaways if runaway else self.phase.library
                record.append((status, time.monotonic() - started))
            if status == 503 and self.polite:
                self.stop.wait(1.0)  # the Retry-After of kg serve's 503s


def probe(url: str, phase: Phase, stop: threading.Event) -> None:
    """An ASK a second, each on a fresh connection, as a monitoring check would send it."""
    parts = urllib.parse.urlsplit(url)
    while not stop.is_set():
        started = time.monotonic()
        connection = HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            status = request(connection, parts.path, PROBE, "GET")
        except OSError:
            status = 0
        finally:
            connection.close()
        took = time.monotonic() - started
        phase.probes.append((status, took))
        stop.wait(max(0.0, 1.0 - took))


def tree_rss(pid: int) -> int:
    """The resident memory of ``pid`` and its descendants (bytes; Linux only, else 0)."""
    children: dict[int, list[int]] = {}
    sizes: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            sizes[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += sizes.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def run_phase(
    url: str,
    server: subprocess.Popen,
    phase: Phase,
    duration: float,
    queries: list[str],
    polite: bool,
) -> None:
    stop = threading.Event()
    clients = [Client(url, phase, queries, stop, seed=i) for i in range(phase.clients)]
    for client in clients:
        client.polite = polite
    prober = threading.Thread(target=probe, args=(url, phase, stop), daemon=True)
    started = time.monotonic()
    for thread in (*clients, prober):
        thread.start()
    while time.monotonic() - started < duration:
        phase.rss_max = max(phase.rss_max, tree_rss(server.pid))
        time.sleep(1)
    stop.set()
    phase.seconds = time.monotonic() - started
    for thread in (*clients, prober):
        thread.join(0.1)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(phase: Phase) -> dict:
    ok = [t for s, t in phase.library if s == 200]
    statuses = Counter(s for s, _ in phase.library)
    stopped = Counter(s for s, _ in phase.runaways)
    answered = [t for s, t in phase.probes if s == 200]
    within = sum(1 for s, t in phase.probes if s == 200 and t <= 1.0)
    return {
        "clients": phase.clients,
        "runaway share": f"{phase.runaway:.0%}",
        "library requests": len(phase.library),
        "library 200 / 503 / other": f"{statuses[200]} / {statuses[503]} / "
        f"{sum(statuses.values()) - statuses[200] - statuses[503]}",
        "throughput (200/s)": f"{(len(ok) + stopped[200]) / phase.seconds:.2f}",
        "library p50 / p95 / p99 (s)": " / ".join(
            f"{percentile(ok, share):.2f}" for share in (0.5, 0.95, 0.99)
        ),
        "runaways (503 / other)": f"{len(phase.runaways)} ({stopped[503]} / "
        f"{len(phase.runaways) - stopped[503]})",
        "ASK probes within 1 s": f"{within}/{len(phase.probes)} "
        f"({within / max(1, len(phase.probes)):.0%})",
        "ASK p50 / max (s)": (
            f"{statistics.median(answered):.3f} / {max(answered):.3f}" if answered else "—"
        ),
        "server tree RSS max (MB)": f"{phase.rss_max / 1e6:.0f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="8,50", help="client counts, one phase each")
    parser.add_argument("--runaway", type=float, default=0.1, help="share of runaway queries")
    parser.add_argument("--duration", type=float, default=60, help="seconds per phase")
    parser.add_argument("--timeout", type=float, default=30, help="kg serve --timeout")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    parser.add_argument("--synthetic", type=int, default=0, help="actors of a synthetic graph")
    parser.add_argument(
        "--retry-after",
        action="store_true",
        help="clients wait the 1 s of Retry-After after a 503 (default: they resend at once)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = None
        if args.synthetic:
            data = Path(folder) / "synthetic.ttl"
            subprocess.run(
                [KG, "synth", "--actors", str(args.synthetic), "-o", str(data)],
                check=True,
                capture_output=True,
            )
        queries = library_queries()
        rows = []
        for clients in (int(n) for n in args.clients.split(",")):
            server, url = start_server(args, data)  # a fresh server per phase
            try:
                phase = Phase(clients, args.runaway)
                run_phase(url, server, phase, args.duration, queries, args.retry_after)
                rows.append(report(phase))
            finally:
                server.terminate()
                server.wait(30)
    what = f"synthetic graph of {args.synthetic} actors" if args.synthetic else "bundled data"
    print(
        f"kg serve on the {what}: --workers {args.workers} --timeout {args.timeout:g}, "
        f"{args.duration:g} s per phase, {len(queries)} library queries, clients "
        + ("wait 1 s after a 503" if args.retry_after else "resend at once after a 503")
    )
    header = " | ".join(f"{row['clients']} clients" for row in rows)
    print(f"| measure | {header} |")
    print(f"|---|{'---:|' * len(rows)}")
    for key in rows[0]:
        if key != "clients":
            print(f"| {key} | {' | '.join(str(r[key]) for r in rows)} |")


if __name__ == "__main__":
    main()
