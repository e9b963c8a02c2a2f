"""``kg import`` of a big city's workbook, and ``kg export -f xlsx`` of what it imported: this
checkout's code against another commit's.

Run:  python bench/import_bench.py                        # against 77ab89f, --scale 1, 1 round
      python bench/import_bench.py --base HEAD~3 --scale 0.25 --rounds 3
      python bench/import_bench.py --form csv               # the CSV folder instead
      python bench/import_bench.py --export --base main     # kg export -f xlsx too

The workbook is ``bench/bigcity.py``'s fictional Storstad kommun (at ``--scale 1``: 40
committees, 5,000 actors, 12,000 collaborations, 30,000 parties and their quotes), written
once to a temporary folder; ``--mistakes N`` imports its copy with N mistakes instead (exit
code 2 and the list of mistakes). The other commit is checked out in a temporary ``git
worktree``. Each round runs ``kg import`` of each code in a process of its own, in turn (the
order alternates), and measures its wall time, its CPU time and its peak memory (maximum
resident set size). With ``--export`` each code then runs ``kg export --no-bundled --data
TURTLE -f xlsx`` of the Turtle the import wrote, measured the same way. The table gives the
sizes, the medians and the ratios, then whether both wrote the same Turtle (or the same
mistakes) and, with ``--export``, workbooks with the same cells (read as ``kg import`` reads
them). Nothing here is a test: the machine is shared
and noisy, so read the ratios measured in one run, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import bigcity  # noqa: E402

#: Runs one import with the code at sys.argv[1]; what the child process prints is its result.
_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
sys.argv = ["kg", *sys.argv[2:]]
from kg.cli import app
sys.exit(app())
"""


def _run(root: Path, args: list[str], tmp: str) -> tuple[float, float, float, int, str]:
    """One import in a child process: wall seconds, CPU seconds, peak MB, exit code, stderr."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    err = Path(tmp, "stderr")
    with err.open("w", encoding="utf-8") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(root), *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
        )
        _, status, usage = os.wait4(child.pid, 0)  # this child's own CPU time and peak
        wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return (
        wall,
        cpu,
        usage.ru_maxrss / 1024,
        os.waitstatus_to_exitcode(status),
        err.read_text(encoding="utf-8"),
    )


def main() -> None:
    """Write the city, import it with both codes in turn, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="77ab89f", help="the commit to compare with")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--mistakes", type=int, default=0)
    parser.add_argument("--form", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--export", action="store_true", help="kg export -f xlsx too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        city = bigcity.build(args.scale)
        folder = Path(tmp, "storstad")
        (folder / "data").mkdir(parents=True)
        (folder / "kg.toml").write_text(
            f'city = "{bigcity.CITY}"\nsources = "sources"\n', encoding="utf-8"
        )
        bigcity.write_sources(city, folder / "sources")
        if args.mistakes:
            sheet = folder / "data" / "storstad-fel.xlsx"
            bigcity.write_mistakes(city, sheet, args.mistakes)
        elif args.form == "csv":
            sheet = folder / "data" / "storstad"
            bigcity.write_csv(city, sheet)
        else:
            sheet = folder / "data" / "storstad.xlsx"
            bigcity.write_xlsx(city, sheet)
        sizes = ", ".join(f"{len(rows):,} {title}" for title, rows in city.sheets.items())
        base = Path(tmp, "base")
        git = ["git", "-C", str(ROOT)]
        subprocess.run(
            [*git, "worktree", "add", "-q", "--detach", str(base), args.base], check=True
        )
        try:
            sides = {args.base: base, "this": ROOT}
            got: dict[str, list[tuple[float, float, float]]] = {side: [] for side in sides}
            exported: dict[str, list[tuple[float, float, float]]] = {side: [] for side in sides}
            outputs: dict[str, str] = {}
            for round_ in range(args.rounds):
                order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
                for side in order:
                    out = Path(tmp, f"{side}.ttl")
                    command = ["import", str(sheet), "-o", str(out), "-q"]
                    wall, cpu, peak, code, stderr = _run(sides[side], command, tmp)
                    if code not in (0, 2):
                        sys.exit(f"kg import of {side} failed:\n{stderr}")
                    got[side].append((wall, cpu, peak))
                    said = out.read_text("utf-8") if code == 0 else stderr
                    outputs[side] = said.replace(str(base), "").replace(str(ROOT), "")
                    if args.export and code == 0:
                        book = Path(tmp, f"{side}.xlsx")
                        command = ["export", "--no-bundled", "--data", str(out)]
                        command += ["-f", "xlsx", "-o", str(book), "-q"]
                        wall, cpu, peak, code, stderr = _run(sides[side], command, tmp)
                        if code != 0:
                            sys.exit(f"kg export of {side} failed:\n{stderr}")
                        exported[side].append((wall, cpu, peak))
            print(f"kg import {sheet.name} ({args.form}): {sizes}; medians of {args.rounds}")
            _table(args.base, got)
            old, new = outputs.values()
            same = "the same" if old == new else f"different ({len(old):,} → {len(new):,} chars)"
            print(f"output: {same}")
            if all(exported.values()):
                print(f"kg export -f xlsx of the imported Turtle; medians of {args.rounds}")
                _table(args.base, exported)
                old, new = (_cells(Path(tmp, f"{side}.xlsx")) for side in sides)
                print(f"workbooks: {'the same cells' if old == new else 'different cells'}")
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(base)], check=True)


def _table(base: str, got: dict[str, list[tuple[float, float, float]]]) -> None:
    """Medians of each side, side by side, and their ratio."""
    print(f"{'':16}{base:>12}{'this':>12}{'ratio':>8}")
    for index, what in enumerate(("wall s", "CPU s", "peak MB")):
        old, new = (statistics.median(r[index] for r in got[side]) for side in got)
        print(f"{what:16}{old:12.1f}{new:12.1f}{old / new:7.2f}×")


def _cells(path: Path) -> dict[str, list[tuple]]:
    """Each sheet's rows of values, as kg import's reader (openpyxl, read-only) gives them."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = {page.title: [tuple(c.value for c in r) for r in page.iter_rows()] for page in book}
    book.close()
    return rows


if __name__ == "__main__":
    main()
