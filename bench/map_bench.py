"""Time the map's first drawing in headless Chromium, from 300 to 5,000 actors.

Run:  python bench/map_bench.py [--actors 300,1000,2000,5000] [--repeat 3]

For each size it writes ``kg synth`` data, the map of its actor network (``kg.web.map.write_map``,
at most 2,000 nodes: larger networks are reduced to the largest and say so), then opens the
page in headless Chromium ``--repeat`` times and reports the median time from navigation to
the network's first drawing (the page's own clock), the time until it is still, and how long
writing the page took. Needs Chromium, chromedriver and selenium (the ``test`` extra).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' Chromium helper

from kg.analysis.pipeline import analyse
from kg.io.source import Source
from kg.synth import write_synthetic
from kg.web.map import write_map
from tests.helpers import chromium


def main() -> None:
    """Parse arguments, write the maps, time them in Chromium, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", default="300,1000,2000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(n) for n in args.actors.split(",")]
    console = Console()
    table = Table(
        "actors",
        "nodes shown",
        "links shown",
        "write map s",
        "first drawing ms",
        "still ms",
        title=f"kg map in headless Chromium (medians of {args.repeat})",
    )
    with tempfile.TemporaryDirectory() as tmp, Progress(console=console) as progress:
        task = progress.add_task("map", total=len(sizes))
        driver = chromium.start(Path(tmp) / "profile", "--window-size=1600,1000")
        try:
            for actors in sizes:
                progress.update(task, description=f"{actors} actors")
                data = write_synthetic(Path(tmp) / f"s{actors}.ttl", actors, seed=1).path
                analysis = analyse(Source(data=(data,), bundled=False).facts())
                page = Path(tmp) / f"map{actors}.html"
                start = time.perf_counter()
                written = write_map(analysis, page)
                writing = time.perf_counter() - start
                drawn, still = [], []
                for _ in range(args.repeat):
                    opened = time.perf_counter()
                    state = chromium.open_map(driver, page, timeout=120)
                    drawn.append(state["first_drawn_ms"])
                    still.append((time.perf_counter() - opened) * 1000)
                table.add_row(
                    str(actors),
                    str(len(written.nodes)),
                    str(len(written.edges)),
                    f"{writing:.2f}",
                    f"{statistics.median(drawn):.0f}",
                    f"{statistics.median(still):.0f}",
                )
                progress.advance(task)
        finally:
            driver.quit()
    console.print(table)
    console.print(
        "first drawing: navigation start to vis-network's first afterDrawing event; still: "
        "until physics has settled (precomputed positions, no physics, above 300 nodes)"
    )


if __name__ == "__main__":
    main()
