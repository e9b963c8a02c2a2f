"""Write the map of the bundled data and save a screenshot of it (docs/map.png).

Run:  python scripts/screenshot_map.py [--output docs/map.png]
Needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver) and
selenium (in the `test` extra).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' Chromium helper

from kg.analysis.pipeline import analyse
from kg.io.source import Source
from kg.web.map import write_map
from tests.helpers import chromium


def main() -> None:
    """Render the map in headless Chromium, wait until it is still, save a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("docs/map.png"))
    parser.add_argument("--size-by", default="betweenness")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "map.html"
        write_map(analyse(Source().facts()), page, size_by=args.size_by)
        driver = chromium.start(
            Path(tmp) / "profile", "--window-size=1600,1000", "--hide-scrollbars"
        )
        try:
            chromium.open_map(driver, page, timeout=60)
            time.sleep(0.5)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.output))
        finally:
            driver.quit()
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
