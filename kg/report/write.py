"""Write the report's files: report.md, report.html, report.json, the charts and the map.

``report.json`` is what the report says; the other files are views of it in one language.
Everything is rendered before anything is written, so a rendering error leaves no file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import kg.progress as progress
from kg.analysis.pipeline import Analysis
from kg.collector import collector_paused
from kg.errors import KgError
from kg.report.build import build_report
from kg.report.charts import CHARTS, draw_charts
from kg.report.compose import CHART_ROWS, report_document
from kg.report.html import render_html
from kg.report.i18n import catalog
from kg.report.markdown import document_markdown
from kg.web.map import write_map

#: From this many actors on, report.json is written without indentation (one line).
COMPACT_JSON_FROM = 5000


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote, and the data it wrote."""

    directory: Path
    files: list[Path] = field(default_factory=list)
    report: dict = field(default_factory=dict)

    @property
    def html(self) -> Path:
        """The report to open in a browser (and print)."""
        return self.directory / "report.html"

    @property
    def map(self) -> Path:
        """The interactive map."""
        return self.directory / "map.html"


@collector_paused
def write_report(
    analysis: Analysis,
    directory: Path,
    *,
    triples: int,
    lang: str = "en",
    sections: dict | None = None,
) -> ReportFiles:
    """Write ``report.md``, ``report.html``, ``report.json``, ``charts/*.svg`` and ``map.html``
    to ``directory`` (created if needed), the text in ``lang`` (``en`` or ``sv``); ``sections``
    (a year's, a comparison) go into the report as :func:`build_report` says.

    The same data gives byte-identical files: nothing depends on time or on set order.
    """
    catalog(lang)  # an unknown language fails before any work
    report = build_report(analysis, triples=triples, sections=sections)
    document = report_document(report, lang)
    with progress.step(f"Drawing {len(CHARTS)} charts"):
        charts = draw_charts(report, lang, rows=CHART_ROWS)
    with progress.step("Writing report.md, report.html and report.json"):
        texts = {
            "report.md": document_markdown(document),
            "report.html": render_html(document, charts),
            # Indented JSON is written by Python code, three times slower than the compact form
            # and several times its size in memory: past a few thousand actors, compact it is.
            "report.json": json.dumps(
                report,
                ensure_ascii=False,
                indent=2 if report["summary"]["actors"] < COMPACT_JSON_FROM else None,
            )
            + "\n",
            **{f"charts/{name}.svg": charts[name] for name in CHARTS},
        }
        written = []
        try:
            (directory / "charts").mkdir(parents=True, exist_ok=True)
            for name, text in texts.items():
                path = directory / name
                path.write_text(text, encoding="utf-8")
                written.append(path)
        except OSError as error:
            raise KgError(
                f"cannot write the report to {directory}: {error.strerror}",
                path=directory,
                hint="choose a writable folder with -o",
            ) from error
    page = directory / "map.html"
    write_map(analysis, page, lang=lang)
    return ReportFiles(directory, [*written, page], report)
