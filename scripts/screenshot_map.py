"""Write the map of the bundled data and save a screenshot of it (docs/map.png).

Run:  python scripts/screenshot_map.py [--output docs/map.png]
Needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver) and
selenium (in the `test` extra).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

import kg
from kg.analysis.pipeline import analyse
from kg.map import write_map

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1600,1000",
    "--hide-scrollbars",
]


def main() -> None:
    """Render the map in headless Chromium, wait until it is still, save a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("docs/map.png"))
    parser.add_argument("--size-by", default="betweenness")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "map.html"
        write_map(analyse(kg.load()), page, size_by=args.size_by)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
        for flag in [*FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        try:
            driver.get(page.as_uri())
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not driver.execute_script(
                "return !!(window.kgMap && window.kgMap.stable)"
            ):
                time.sleep(0.2)
            time.sleep(0.5)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.output))
        finally:
            driver.quit()
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
