"""The report as one self-contained HTML page: the document of :mod:`kg.report.compose` in the
template ``templates/report.html``, its style and charts inlined; it works offline and prints
to A4 (print styles: page breaks before the long sections, no row or chart cut in two)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.report.charts import inline_svg
from kg.report.document import Document, Figure

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

_HERE = Path(__file__).parent


def _environment() -> jinja2.Environment:
    from kg.web.pages import environment

    return environment(_HERE / "templates")


def render_html(document: Document, charts: dict[str, str]) -> str:
    """The page of ``document``, with ``charts`` (SVG text by name) drawn inline."""
    figures = {
        b.name: b for section in document.sections for b in section.blocks if isinstance(b, Figure)
    }
    inlined = {
        name: inline_svg(charts[name], f"chart-{name}", figure.alt)
        for name, figure in figures.items()
    }
    css = (_HERE / "static" / "report.css").read_text(encoding="utf-8")
    return _environment().get_template("report.html").render(doc=document, charts=inlined, css=css)
