"""The report as one self-contained HTML page: the document of :mod:`kg.report.compose` in the
template ``templates/report.html``, its style and charts inlined; it works offline and prints
to A4 (print styles: page breaks before the long sections, no row or chart cut in two)."""

from __future__ import annotations

import re
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from kg.report.chart_inline import inline_svg
from kg.report.document import Bullets, Document, Figure, Link, Table, Text, plain
from kg.report.i18n import catalog

if TYPE_CHECKING:  # pragma: no cover
    from markupsafe import Markup

_HERE = Path(__file__).parent


#: A name in brackets: the place of a name in the other language ("Fritidsnämnden (Leisure
#: Committee)").
_BRACKETED = re.compile(r"\(([^()]+)\)")


@lru_cache(maxsize=1 << 16)  # names and words recur on every committee of a large report
def _marked(text: str, others: frozenset[str], lang: str) -> str:
    """``text`` escaped, each name of ``others`` that it writes in brackets marked with the
    other language than ``lang`` (WCAG 3.1.2).

    >>> _marked("Fritidsnämnden (Leisure Committee) & (x)", frozenset({"Leisure Committee"}), "sv")
    'Fritidsnämnden (<span lang="en">Leisure Committee</span>) &amp; (x)'
    """
    text = escape(text)
    if not others or "(" not in text:
        return text
    other = "sv" if lang == "en" else "en"

    def mark(found: re.Match) -> str:
        name = found.group(1)
        return f'(<span lang="{other}">{name}</span>)' if name in others else found.group(0)

    return _BRACKETED.sub(mark, text)


def rich(text: Text, lang: str = "", others: frozenset[str] = frozenset()) -> Markup:
    """A text's runs as HTML, every run's text escaped: strong runs in ``<strong>``, links as
    ``<a>`` with their title, a run in another language than the page's (``lang``) marked
    with its own (a Python function on plain strings: a template macro per run, or a Markup
    object per run, was a third of a large report's page). A name of ``others`` (escaped,
    the other language's names) in brackets is marked with its language.

    >>> from kg.report.document import Foreign, Link, Strong
    >>> str(rich(["a < b ", Strong("c"), Link("d", "#e", 'the "f"')]))
    'a &lt; b <strong>c</strong><a href="#e" title="the &#34;f&#34;">d</a>'
    >>> str(rich([Foreign("Uppföljning", "sv")]))
    '<span lang="sv">Uppföljning</span>'

    A title in another language than its link's text is the element's language, the text
    keeps its own:

    >>> str(rich([Link("Stadskontoret 2017", "#s", "Uppföljning", title_lang="sv")], "en"))
    '<a href="#s" title="Uppföljning" lang="sv"><span lang="en">Stadskontoret 2017</span></a>'
    """
    from markupsafe import Markup

    return Markup(_runs(text, lang, others))


def _runs(text: Text, lang: str, others: frozenset[str]) -> str:
    """:func:`rich` as a plain string: for the loops that join many texts into one Markup."""
    out = []
    for run in text:
        if isinstance(run, str):
            out.append(_marked(run, others, lang))
        elif run.kind == "strong":
            out.append(f"<strong>{_marked(run.text, others, lang)}</strong>")
        elif run.kind == "foreign":
            out.append(f'<span lang="{escape(run.lang)}">{escape(run.text)}</span>')
        elif run.kind == "code":
            out.append(f"<code>{escape(run.text)}</code>")
        else:
            out.append(_link(run, others, lang))
    return "".join(out)


def list_items(bullets: Bullets, lang: str, others: frozenset[str]) -> Markup:
    """A list's items as ``templates/report.html`` lays them out in its ``<ul>``, each with its
    anchor where the list has them (written here rather than in a template loop: the
    appendix has one item for each of a large report's 70,000 partners)."""
    from markupsafe import Markup

    anchors = bullets.anchors
    out = []
    for i, item in enumerate(bullets.items):
        attribute = f' id="{escape(anchors[i])}"' if anchors else ""
        out.append(f"\n  <li{attribute}>{_runs(item, lang, others)}</li>")
    return Markup("".join(out))


def table_rows(table: Table, lang: str, others: frozenset[str]) -> Markup:
    """A table's rows as ``templates/report.html`` lays them out in its ``<tbody>``: a
    number's cell of class ``num``, a cell's own class (a gap) after it (written here rather
    than in a template loop: a large report's tables have 35,000 cells)."""
    from markupsafe import Markup

    out = []
    for i, row in enumerate(table.rows):
        marks = table.classes[i] if table.classes else []
        out.append("\n    <tr>")
        for j, cell in enumerate(row):
            names = " ".join(
                n for n in ("num" if table.numeric[j] else "", marks[j] if marks else "") if n
            )
            attribute = f' class="{escape(names)}"' if names else ""
            out.append(f"\n      <td{attribute}>{_runs(cell, lang, others)}</td>")
        out.append("\n    </tr>")
    return Markup("".join(out))


@lru_cache(maxsize=1 << 16)  # a large report cites its sources' pages in a few hundred ways
def _link(run: Link, others: frozenset[str], lang: str) -> str:
    """A link run as HTML (see :func:`rich`)."""
    attributes = f' title="{escape(run.title)}"' if run.title else ""
    body = escape(run.text) if run.lang else _marked(run.text, others, lang)
    text_lang = run.lang or lang
    if run.title and run.title_lang and text_lang and run.title_lang != text_lang:
        attributes += f' lang="{escape(run.title_lang)}"'
        body = f'<span lang="{escape(text_lang)}">{body}</span>'
    elif run.lang:
        attributes += f' lang="{escape(run.lang)}"'
    if run.label:
        attributes += f' aria-label="{escape(run.label)}"'
    link = f'{escape(run.lead)}<a href="{escape(run.href)}"{attributes}>{body}</a>'
    return f'<span class="screen-only">{link}</span>' if run.screen_only else link


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


def css_string(text: str) -> str:
    r"""``text`` as a quoted CSS string that no text can end early (a quote, a backslash or
    ``</style>`` in a name from the data): all but letters, digits and spaces escaped.

    >>> css_string('Ekby: "x" </style>')
    '"Ekby\\3a  \\22 x\\22  \\3c \\2f style\\3e "'
    """
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def render_html(
    document: Document, charts: dict[str, str], narrow: dict[str, str] | None = None
) -> str:
    """The page of ``document``, with ``charts`` (SVG text by name) drawn inline; a chart of
    ``narrow`` (its drawing for a phone, by the same name) goes beside its wide one, and the
    page's style shows it instead of the wide one on a narrow screen (not in print)."""
    figures = {
        b.name: b for section in document.sections for b in section.blocks if isinstance(b, Figure)
    }
    narrow = {name: svg for name, svg in (narrow or {}).items() if name in figures}
    inlined = {
        name: inline_svg(charts[name], f"chart-{name}", figure.alt)
        + (
            inline_svg(narrow[name], f"chart-{name}-narrow", figure.alt, "chart-narrow")
            if name in narrow
            else ""
        )
        for name, figure in figures.items()
    }
    css = (_HERE / "static" / "report.css").read_text(encoding="utf-8")
    cat = catalog(document.lang)
    # a printed page names the report it is from: its title at the foot, beside the page
    # number in the report's language ("8 / 31", "sida 8 av 31")
    foot = page_counter(cat.template("print.page"))
    css += (
        f"@page {{ @bottom-left {{ content: {css_string(document.title)}; }}"
        f" @bottom-right {{ content: {foot}; }} }}\n"
        # a gap's mark is read as the word "gap", never as "multiplication x" (CSS alt text;
        # a browser without it keeps report.css's mark)
        f'td.gap::after {{ content: " \\2715" / {css_string(cat.template("gaps.mark"))}; }}\n'
    )
    from kg.web.pages import environment

    page = environment(_HERE / "templates").get_template("report.html")
    others = frozenset(map(escape, document.other_names))
    try:
        return page.render(
            doc=document,
            charts=inlined,
            narrow=narrow,
            css=css,
            rich=partial(rich, lang=document.lang, others=others),
            list_items=partial(list_items, lang=document.lang, others=others),
            table_rows=partial(table_rows, lang=document.lang, others=others),
            plain=plain,
            continued=cat.template("print.continued"),
            scrolls=cat.template("chart.scrolls"),
        )
    finally:  # a program that writes one report after another keeps none of their texts
        _marked.cache_clear()
        _link.cache_clear()


def page_counter(words: str) -> str:
    """A page foot's words (``{page}`` and ``{pages}`` marking the numbers) as CSS content.

    >>> page_counter("sida {page} av {pages}")
    '"sida " counter(page) " av " counter(pages)'
    """
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", words):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)
