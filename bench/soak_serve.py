"""A long run of ``kg serve``: what grows while it answers for minutes on end.

Run:  python bench/soak_serve.py                           # bundled data, 10 minutes
      python bench/soak_serve.py --minutes 15 --synthetic 3000   # a store of a synthetic city

``kg serve`` runs in a subprocess (``--timeout 3``) while clients send a mix: the library's
queries, syntax errors, runaway queries (stopped at the time limit), clients that hang up
(before sending, half-way through the headers, or right after sending a query) and, every
``--reload`` seconds, a SIGHUP (with ``--synthetic``, every other one a rebuild of the store
with ``kg validate --store --reload`` instead, which the server notices at the next query).
Every ``--every`` seconds it samples the server and its workers (RSS, open file descriptors,
threads), the zombie processes under it, the temporary files and folders kg names (in the
temporary folder and beside the store: ``.loading``, ``.old``) and ``/health``; it prints the
first and the last sample side by side, with the answers counted by status. Nothing here is
a test: the last samples should equal the first, apart from the workers' RSS settling.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load_bench import RUNAWAY, library_queries, request

KG = str(Path(sys.executable).with_name("kg"))
SYNTAX_ERRORS = ("SELECT ?s WHERE { ?s ?p }", "SELEKT * {}", "ASK { ?s kg:nope ")


def children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (Linux)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int(
                    (entry / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[1]
                )
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def process(pid: int) -> dict[str, int | str]:
    """RSS (MiB), open file descriptors, threads and state of one process ("tracker" for
    multiprocessing's resource tracker, which the spawn start method runs beside the workers)."""
    try:
        if b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes():
            return {"rss": 0, "fds": 0, "threads": 0, "state": "tracker"}
        status = dict(
            line.split(":", 1)
            for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines()
        )
        fds = len(os.listdir(f"/proc/{pid}/fd"))
    except (OSError, ValueError):
        return {"rss": 0, "fds": 0, "threads": 0, "state": "gone"}
    rss = int(status.get("VmRSS", "0 kB").split()[0]) // 1024
    return {
        "rss": rss,
        "fds": fds,
        "threads": int(status["Threads"]),
        "state": status["State"].split()[0],
    }


def temporary(store: Path | None) -> list[str]:
    """The temporary files and folders kg names, in the temporary folder (other programs' too:
    compare counts) and beside the store."""
    places = [Path(tempfile.gettempdir())] + ([store.parent] if store else [])
    return [
        str(entry)
        for place in places
        for entry in place.iterdir()
        if entry.name.startswith(("kg-output-", ".kg-output."))
        or entry.name.endswith((".loading", ".old"))
    ]


def sample(server: subprocess.Popen, url: str, store: Path | None) -> dict[str, object]:
    main = process(server.pid)
    workers = [process(pid) for pid in children(server.pid)]
    alive = [w for w in workers if w["state"] not in ("Z", "tracker")]
    parts = urllib.parse.urlsplit(url)
    try:
        connection = HTTPConnection(parts.hostname, parts.port, timeout=10)
        connection.request("GET", "/health")
        health = json.loads(connection.getresponse().read())
        connection.close()
    except (OSError, ValueError):
        health = {}
    return {
        "server RSS (MiB)": main["rss"],
        "server fds": main["fds"],
        "server threads": main["threads"],
        "worker processes": len(alive),
        "workers' RSS (MiB)": sum(int(w["rss"]) for w in alive),
        "workers' fds": sum(int(w["fds"]) for w in alive),
        "zombies": sum(1 for w in workers if w["state"] == "Z"),
        "kg temporary files": len(temporary(store)),
        "/health workers / idle": f"{health.get('workers')} / {health.get('idle')}",
    }


def hang_up(url: str, rng: random.Random) -> str:
    """A client that goes away: before sending, in the headers, or with its query sent."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as raw:
        how = rng.choice(("silent", "headers", "sent"))
        if how == "headers":
            raw.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        elif how == "sent":
            query = urllib.parse.quote(rng.choice((RUNAWAY, "ASK { ?s ?p ?o }")))
            raw.sendall(f"GET /sparql?query={query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        return f"hang-up ({how})"


def client(url: str, queries: list[str], stop: threading.Event, seed: int, seen: Counter) -> None:
    rng = random.Random(seed)
    parts = urllib.parse.urlsplit(url)
    connection = HTTPConnection(parts.hostname, parts.port, timeout=60)
    while not stop.is_set():
        roll = rng.random()
        try:
            if roll < 0.15:
                seen[hang_up(url, rng)] += 1
                continue
            if roll < 0.25:
                query = rng.choice(SYNTAX_ERRORS)
            elif roll < 0.30:
                query = RUNAWAY
            else:
                query = rng.choice(queries)
            status = request(connection, parts.path, query, rng.choice(("GET", "POST form")))
            seen[status] += 1
        except OSError:
            seen["connection error"] += 1
            connection.close()
        time.sleep(rng.random() * 0.2)


def reloader(
    server: subprocess.Popen, args: argparse.Namespace, data: Path | None, store: Path | None
) -> None:
    turn = 0
    while not args.stop.wait(args.reload):
        turn += 1
        if store is not None and turn % 2 == 0:
            command = [KG, "validate", "--store", str(store), "--reload", "--no-bundled"]
            subprocess.run([*command, "--data", str(data)], capture_output=True, check=False)
            args.seen["store rebuilt"] += 1
        else:
            server.send_signal(signal.SIGHUP)
            args.seen["SIGHUP"] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="how long to drive it")
    parser.add_argument("--clients", type=int, default=4, help="clients at once")
    parser.add_argument("--synthetic", type=int, default=0, help="actors of a synthetic store")
    parser.add_argument("--reload", type=float, default=30, help="seconds between reloads")
    parser.add_argument("--every", type=float, default=30, help="seconds between samples")
    args = parser.parse_args()
    args.stop, args.seen = threading.Event(), Counter()
    with tempfile.TemporaryDirectory() as folder:
        data = store = None
        command = [KG, "serve", "--port", "0", "--timeout", "3", "--workers", "2"]
        if args.synthetic:
            data, store = Path(folder) / "city.ttl", Path(folder) / "store"
            synth = [KG, "synth", "-n", str(args.synthetic), "--seed", "1", "-o", str(data)]
            subprocess.run(synth, check=True, capture_output=True)
            subprocess.run(
                [KG, "stats", "--no-bundled", "--data", str(data), "--store", str(store)],
                check=True,
                capture_output=True,
            )
            command += ["--store", str(store)]
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        server = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environment
        )
        assert server.stdout is not None
        line = server.stdout.readline()
        url = line[line.index("http://") :].split()[0]
        queries = library_queries()
        time.sleep(2)
        samples = [(0.0, sample(server, url, store))]
        threads = [
            threading.Thread(target=client, args=(url, queries, args.stop, i, args.seen))
            for i in range(args.clients)
        ]
        threads.append(threading.Thread(target=reloader, args=(server, args, data, store)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        try:
            while (elapsed := time.monotonic() - started) < args.minutes * 60:
                time.sleep(min(args.every, args.minutes * 60 - elapsed))
                samples.append((time.monotonic() - started, sample(server, url, store)))
                print(f"{samples[-1][0]:6.0f} s  {samples[-1][1]}", file=sys.stderr, flush=True)
        finally:
            args.stop.set()
            for thread in threads:
                thread.join(120)  # a store being rebuilt is finished first
        time.sleep(5)  # workers replaced at the end settle
        samples.append((time.monotonic() - started, sample(server, url, store)))
        server.send_signal(signal.SIGTERM)
        code = server.wait(30)
        left = temporary(store)
    what = f"a store of {args.synthetic} synthetic actors" if args.synthetic else "bundled data"
    print(f"kg serve on {what}, {args.clients} clients for {args.minutes:g} min")
    print("| sampled | start | middle | end (5 s after the load) |")
    print("|---|---:|---:|---:|")
    middle = samples[len(samples) // 2][1]
    for key in samples[0][1]:
        print(f"| {key} | {samples[0][1][key]} | {middle[key]} | {samples[-1][1][key]} |")
    print(f"| exit code on SIGTERM | | | {code} |")
    print(f"| kg temporary files after exit | | | {len(left)} |")
    counts = ", ".join(f"{key}: {n}" for key, n in sorted(args.seen.items(), key=str))
    print(f"requests: {counts}")
    if left:
        print("left after exit:", ", ".join(left))


if __name__ == "__main__":
    main()
