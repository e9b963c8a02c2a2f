"""Drawing the report's charts: this checkout's code against another commit's, side by side.

Run:  python bench/charts_bench.py                      # against 916e4a3, 5 rounds
      python bench/charts_bench.py --base HEAD~3 --rounds 7 --repeat 3
      python bench/charts_bench.py --data s100k.ttl       # kg synth -n 3300: 40 committees

The other commit is checked out in a temporary ``git worktree``. Each round runs one process
of each code in turn (the order alternates); each builds the bundled data's report
(``kg.report.build.build_report`` with its provenance, so the charts carry the credit line;
with ``--data``, that of the given Turtle files alone),
draws its charts once to warm up, then ``--repeat`` times in each language with
``kg.report.charts.forget_drawn()`` before each, timing ``draw_charts`` in CPU time. The table
gives the medians over all the drawings and the ratio; then whether each chart's SVG is the
same bytes in both. Nothing here is a test: the machine is shared and noisy, so read the ratio
measured in one run, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "sv")
#: A hatch pattern's id: matplotlib's hash of how the pattern was asked for
HATCH_ID = re.compile(r"\bh[0-9a-f]{10}\b")


def _worker(root: str, repeat: int, out: str, data: list[str]) -> None:
    """In a process of its own: time ``draw_charts`` of the code at ``root``, print JSON."""
    sys.path.insert(0, root)
    from kg.analysis.pipeline import analyse
    from kg.io.provenance import source_provenance
    from kg.io.source import Source
    from kg.report.build import build_report
    from kg.report.charts import draw_charts, forget_drawn

    source = Source(data=tuple(data), bundled=False) if data else Source()
    facts = source.facts()
    report = build_report(
        analyse(facts), triples=source.triples(), provenance=source_provenance(source)
    )
    draw_charts(report, "en")  # matplotlib's imports and fonts, once
    times: dict[str, list[float]] = {lang: [] for lang in LANGUAGES}
    for _ in range(repeat):
        for lang in LANGUAGES:
            forget_drawn()
            start = time.process_time()
            charts = draw_charts(report, lang)
            times[lang].append(time.process_time() - start)
            for name, svg in charts.items():
                Path(out, f"{lang}-{name}.svg").write_text(svg, "utf-8")
    print(json.dumps({"kg": sys.modules["kg"].__file__, "times": times}))


def _run(root: Path, repeat: int, out: Path, data: list[str]) -> dict[str, list[float]]:
    command = [sys.executable, __file__, "--worker", str(root), "--repeat", str(repeat)]
    command += ["--out", str(out), *(f"--data={path}" for path in data)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the drawing at {root} failed:\n{done.stderr}")
    answer = json.loads(done.stdout.splitlines()[-1])
    if not answer["kg"].startswith(str(root)):
        sys.exit(f"{root}: kg was imported from {answer['kg']}")
    return answer["times"]


def _same(old: Path, new: Path) -> str:
    before, after = old.read_text("utf-8"), new.read_text("utf-8")
    if before == after:
        return "the same bytes"
    if HATCH_ID.sub("h", before) == HATCH_ID.sub("h", after):
        return "the same but for the hatch patterns' ids"
    return f"differs ({len(before):,} → {len(after):,} characters)"


def main() -> None:
    """Parse arguments, draw with both codes in turn, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="916e4a3", help="the commit to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", action="append", default=[], help="a Turtle file, not kg's")
    parser.add_argument("--keep", help="a folder to keep both codes' SVG in (base/, this/)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.repeat, args.out, args.data)
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp, "base")
        git = ["git", "-C", str(ROOT)]
        subprocess.run(
            [*git, "worktree", "add", "-q", "--detach", str(base), args.base], check=True
        )
        try:
            sides = {"base": base, "this": ROOT}
            times = {side: {lang: [] for lang in LANGUAGES} for side in sides}
            for side in sides:
                Path(tmp, side + "-svg").mkdir()
            for round_ in range(args.rounds):
                order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
                for side in order:
                    data = [str(Path(path).resolve()) for path in args.data]
                    drawn = _run(sides[side], args.repeat, Path(tmp, side + "-svg"), data)
                    for lang in LANGUAGES:
                        times[side][lang].extend(drawn[lang])
            drawings = args.rounds * args.repeat
            shown = ", ".join(args.data) or "the bundled data"
            print(f"draw_charts on the report of {shown}, CPU s, medians of {drawings} drawings")
            print(f"{'language':10}{args.base:>12}{'this':>12}{'ratio':>8}")
            for lang in (*LANGUAGES, "both"):
                langs = LANGUAGES if lang == "both" else (lang,)
                old, new = (
                    sum(statistics.median(times[side][one]) for one in langs) for side in sides
                )
                print(f"{lang:10}{old:12.3f}{new:12.3f}{old / new:7.2f}×")
            for svg in sorted(Path(tmp, "base-svg").iterdir()):
                print(f"{svg.stem:16}{_same(svg, Path(tmp, 'this-svg', svg.name))}")
            if args.keep:
                for side in sides:
                    shutil.copytree(Path(tmp, side + "-svg"), Path(args.keep, side))
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(base)], check=True)


if __name__ == "__main__":
    main()
