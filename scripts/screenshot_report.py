"""Write the report of the bundled data and save a picture of its first printed page
(docs/report.png).

Run:  python scripts/screenshot_report.py [--lang en|sv] [--output docs/report.png]
Needs Debian's chromium and chromium-driver and selenium (in the `test` extra). Chromium prints
the report to PDF (Page.printToPDF, as a reader's "Save as PDF" does); with poppler's pdftoppm
(apt-get install poppler-utils) the picture is that PDF's first page, else a screenshot of the
page laid out for print at A4 size.
"""

from __future__ import annotations

import argparse
import base64
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' Chromium helper

from kg.analysis.pipeline import analyse
from kg.io.provenance import source_provenance
from kg.io.source import Source
from kg.report.write import write_report
from tests.helpers import chromium

#: A4 at 96 pixels to the inch.
A4 = (794, 1123)


def main() -> None:
    """Write the report, print it in headless Chromium, save its first page as a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("docs/report.png"))
    parser.add_argument("--lang", choices=("en", "sv"), default="en")
    parser.add_argument("--dpi", type=int, default=96)
    args = parser.parse_args()
    source = Source()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "report"
        write_report(
            analyse(source.facts()),
            folder,
            triples=source.triples(),
            lang=args.lang,
            provenance=source_provenance(source),  # the digest, licences and credit, as kg report
        )
        driver = chromium.start(Path(tmp) / "profile", f"--window-size={A4[0]},{A4[1]}")
        try:
            driver.get((folder / "report.html").resolve().as_uri())
            printed = driver.execute_cdp_cmd(
                "Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}
            )
            pdf = Path(tmp) / "report.pdf"
            pdf.write_bytes(base64.b64decode(printed["data"]))
            args.output.parent.mkdir(parents=True, exist_ok=True)
            if shutil.which("pdftoppm"):
                stem = Path(tmp) / "page"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", "1",
                     "-singlefile", str(pdf), str(stem)],
                    check=True,
                )  # fmt: skip
                shutil.copy(stem.with_suffix(".png"), args.output)
            else:
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
                driver.save_screenshot(str(args.output))
        finally:
            driver.quit()
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
