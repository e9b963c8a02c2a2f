"""The ``--endpoint`` rows of the benchmark: each command against an Oxigraph server holding
the synthetic graph, side by side with the same command on the ``--store`` it serves: as it
runs again (the facts it read kept in the store's folder) and with those facts removed first
(read from the store again, as the endpoint's copy must be every time). Beside them, kg serve
on the same store: an endpoint that names the graph it answers from (``Kg-Graph``), so that
the facts read from it (and ``kg report``'s validation) are kept between runs; the first
runs that copy them (``kg gaps``: the facts; ``kg report``: the whole graph, validated) are
timed once, before the runs again.

The server (``oxigraph serve-read-only``, from the test extra) is started here on the
benchmark's own store, so both paths read the same database on the same disk; the store was
validated beforehand, so ``kg report --store`` skips validation where ``kg report --endpoint``
cannot (an endpoint has no record of it). Each run is a fresh ``kg`` process.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.helpers import stores

#: Commands timed on both paths; ``{out}`` is a fresh folder.
COMMANDS = {
    "kg gaps": ["gaps", "-f", "json"],
    "kg stats": ["stats", "-f", "json"],
    "kg centrality": ["centrality", "-f", "json"],
    "kg report": ["report", "-o", "{out}"],
}


def _code(args: list[str], *, forget: bool = False) -> str:
    """Python for bench.py's runner: one ``kg`` run (``KG``), ``{out}`` a fresh folder;
    ``forget``: first remove the facts the store keeps (they are read from it again)."""
    first = "import pathlib; pathlib.Path(STORE, 'kg-facts.json').unlink(missing_ok=True); "
    return (
        (first if forget else "") + "import subprocess, tempfile; out = tempfile.mkdtemp(); "
        f"subprocess.run([KG, *[a.replace('{{out}}', out) for a in {args!r}]], check=True, "
        "capture_output=True)"
    )


def _median(runs: list) -> tuple[float, float] | None:
    if not runs or any(r is None for r in runs):
        return None
    return statistics.median(float(r[0]) for r in runs), max(r[1] for r in runs)


def endpoint_rows(
    run: Callable, path: Path, store: Path, size: str, repeat: int, timeout: float
) -> list[dict]:
    """Rows of the table: per command, --endpoint and --store medians side by side (``run``
    is bench.py's runner: a fresh interpreter, its time and peak memory)."""
    rows = []
    files = ["--no-bundled", "--data", str(path)]
    with stores.oxigraph_server(store / "oxigraph", store.parent / f"oxigraph-{size}.log") as url:
        for name, args in COMMANDS.items():
            remote, local, fresh = [], [], []
            on_store = [*args, *files, "--store", str(store)]
            for _ in range(repeat):  # alternated, so that all see the same machine
                remote.append(run(_code([*args, "--endpoint", url]), path, store, timeout))
                fresh.append(run(_code(on_store, forget=True), path, store, timeout))
                local.append(run(_code(on_store), path, store, timeout))
            rows.append(
                {
                    "size": size,
                    "step": name,
                    "endpoint": _median(remote),
                    "store": _median(local),
                    "store_fresh": _median(fresh),
                }
            )
    options = [*files, "--store", str(store)]
    with (
        tempfile.TemporaryDirectory() as kept,
        stores.kg_serve(store.parent, options, workers=2, max_rows=10_000) as url,
    ):
        before = os.environ.get("KG_CACHE_DIR")
        os.environ["KG_CACHE_DIR"] = kept  # the runs' kept facts, not the user's
        try:
            for row, (name, args) in zip(rows, COMMANDS.items(), strict=True):
                command = _code([*args, "--endpoint", url])
                if name in ("kg gaps", "kg report"):  # the copies the runs after them reuse
                    row["kg_serve_first"] = _median([run(command, path, store, timeout)])
                again = [run(command, path, store, timeout) for _ in range(repeat)]
                row["kg_serve"] = _median(again)
        finally:
            os.environ.pop("KG_CACHE_DIR", None)
            if before is not None:
                os.environ["KG_CACHE_DIR"] = before
    return rows


def table(rows: list[dict], repeat: int, timeout: float):
    """The rows as a rich table: seconds, ratios and peak MiB."""
    from rich.table import Table

    def seconds(value: tuple | None) -> str:
        return f"{value[0]:.2f}" if value else f">{timeout:.0f}"

    def ratio(one: tuple | None, other: tuple | None) -> str:
        return f"{one[0] / other[0]:.2f}×" if one and other else "—"

    grid = Table(
        "size",
        "command",
        "--endpoint s",
        "--store s",
        "endpoint / store",
        "--store, facts read again s",
        "endpoint / that",
        "peak MiB (endpoint / store)",
        "kg serve again s",
        "kg serve again / store",
    )
    grid.title = f"--endpoint (Oxigraph server) vs --store, same store (medians of {repeat})"
    for row in rows:
        remote, local, fresh = row["endpoint"], row["store"], row["store_fresh"]
        served, first = row.get("kg_serve"), row.get("kg_serve_first")
        grid.add_row(
            row["size"],
            row["step"],
            seconds(remote),
            seconds(local),
            ratio(remote, local),
            seconds(fresh),
            ratio(remote, fresh),
            f"{remote[1]:.0f} / {local[1]:.0f}" if remote and local else "—",
            seconds(served) + (f" (first {seconds(first)})" if first else ""),
            ratio(served, local),
        )
    return grid
