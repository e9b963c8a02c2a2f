"""The report as one self-contained HTML page: the document of :mod:`kg.report.compose` in the
template ``templates/report.html``, its style and charts inlined; it works offline and prints
to A4 (print styles: page breaks before the long sections, no row or chart cut in two)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.report.charts import inline_svg
from kg.report.document import Document, Figure, Text

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    from markupsafe import Markup

_HERE = Path(__file__).parent


def _environment() -> jinja2.Environment:
    from kg.web.pages import environment

    return environment(_HERE / "templates")


def rich(text: Text) -> Markup:
    """A text's runs as HTML, every run's text escaped: strong runs in ``<strong>``, links as
    ``<a>`` with their title (a Python function on plain strings: a template macro per run,
    or a Markup object per run, was a third of a large report's page).

    >>> from kg.report.document import Link, Strong
    >>> str(rich(["a < b ", Strong("c"), Link("d", "#e", 'the "f"')]))
    'a &lt; b <strong>c</strong><a href="#e" title="the &#34;f&#34;">d</a>'
    """
    from markupsafe import Markup

    out = []
    for run in text:
        if isinstance(run, str):
            out.append(escape(run))
        elif run.kind == "strong":
            out.append(f"<strong>{escape(run.text)}</strong>")
        elif run.title:
            out.append(
                f'<a href="{escape(run.href)}" title="{escape(run.title)}">{escape(run.text)}</a>'
            )
        else:
            out.append(f'<a href="{escape(run.href)}">{escape(run.text)}</a>')
    return Markup("".join(out))


def escape(text: object) -> str:
    """``text`` with ``& < > ' "`` escaped, as markupsafe (and so the template) escapes them;
    anything but a plain string (a number, Markup) as markupsafe's ``escape`` does.

    >>> escape("<b> & 'c'"), escape(7)
    ('&lt;b&gt; &amp; &#39;c&#39;', '7')
    """
    if type(text) is not str:
        import markupsafe

        return str(markupsafe.escape(text))
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


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
    page = _environment().get_template("report.html")
    return page.render(doc=document, charts=inlined, css=css, rich=rich)
