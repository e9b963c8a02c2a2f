"""Write the report's files: report.md, report.json and the map, all or nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.analysis.pipeline import Analysis
from kg.collector import collector_paused
from kg.errors import KgError
from kg.report.build import build_report
from kg.report.markdown import render_markdown
from kg.web.map import write_map

#: From this many actors on, report.json is written without indentation (one line).
COMPACT_JSON_FROM = 5000


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote, and the data it wrote."""

    directory: Path
    files: list[Path] = field(default_factory=list)
    report: dict = field(default_factory=dict)


@collector_paused
def write_report(
    analysis: Analysis, directory: Path, *, triples: int, sections: dict | None = None
) -> ReportFiles:
    """Write ``report.md``, ``report.json`` and ``map.html`` to ``directory`` (created if needed);
    ``sections`` (a year's, a comparison) go into the report as :func:`build_report` says.

    The same data gives byte-identical files: nothing depends on time or on set order.
    """
    report = build_report(analysis, triples=triples, sections=sections)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        markdown = directory / "report.md"
        data = directory / "report.json"
        markdown.write_text(render_markdown(report), encoding="utf-8")
        # Indented JSON is written by Python code, three times slower than the compact form
        # and several times its size in memory: past a few thousand actors, compact it is.
        indent = 2 if report["summary"]["actors"] < COMPACT_JSON_FROM else None
        data.write_text(
            json.dumps(report, ensure_ascii=False, indent=indent) + "\n", encoding="utf-8"
        )
    except OSError as error:
        raise KgError(
            f"cannot write the report to {directory}: {error.strerror}",
            path=directory,
            hint="choose a writable folder with -o",
        ) from error
    page = directory / "map.html"
    write_map(analysis, page)
    return ReportFiles(directory, [markdown, data, page], report)
