"""The report's charts, drawn when it is written, as SVG: a committee × partner-group heatmap,
partners per committee by group (widest gaps first) and the links between partner groups;
with ``--compare``, the change between the two years (from the comparison's own numbers).

matplotlib lays each out and draws it once, as SVG whose text stays text
(:mod:`kg.report.chart_svg`; no window, no pyplot, so a notebook's own backend is left alone);
the same report gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from kg.analysis.quiet import matplotlib_imported
from kg.io.provenance import attribution
from kg.report.chart_figures import change_chart, heatmap, links, partners, wrapped
from kg.report.chart_narrow import narrow_change, narrow_heatmap, narrow_links, narrow_partners
from kg.report.chart_style import FONT_FAMILIES, INK, styled
from kg.report.i18n import catalog

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from matplotlib.figure import Figure

#: The charts, by file name (``charts/<name>.svg``); a comparison adds ``change``.
CHARTS = ("heatmap", "partners", "links")
#: How each chart is drawn: wide (a desktop, print and ``charts/<name>.svg``) and narrow (a
#: phone's screen, :func:`draw_narrow_charts`), each from what it shows and the catalog
_FIGURES: dict[str, tuple[Callable[..., Figure], Callable[..., Figure]]] = {
    "heatmap": (heatmap, narrow_heatmap),
    "partners": (partners, narrow_partners),
    "links": (links, narrow_links),
    "change": (change_chart, narrow_change),
}


def draw_charts(report: dict, lang: str = "en", *, rows: int = 40) -> dict[str, str]:
    """The charts of ``report`` in ``lang`` as SVG text, by name; the committee charts show
    the ``rows`` committees with the widest gaps (the report's order). On kg's own data each
    chart carries, at its foot and as its SVG rights, the credit the data's licence asks for,
    so that a chart taken alone still gives it."""
    return _drawn(report, lang, rows)


def draw_narrow_charts(report: dict, lang: str = "en", *, rows: int = 40) -> dict[str, str]:
    """The same charts drawn again for a phone's screen, as SVG text by name: 3.6 inches
    wide (a phone's width in CSS pixels), their text at the page's own size, each
    committee's name over its row. The same committees, numbers and credit as
    :func:`draw_charts`' wide ones, which a desktop, a print and ``charts/*.svg`` show."""
    return _drawn(report, lang, rows, narrow=True)


def _drawn(report: dict, lang: str, rows: int, *, narrow: bool = False) -> dict[str, str]:
    """Each chart of ``report`` (:func:`chart_names`) as SVG, drawn here or earlier."""
    matplotlib_imported()
    import matplotlib

    cat = catalog(lang)
    gaps = report["gaps"][:rows]
    shown = {
        "heatmap": gaps,
        "partners": gaps,
        "links": report["sector_holes"],
        "change": report.get("compare"),
    }
    credit = attribution(report.get("provenance"), lang)
    charts = {}
    # one drawing at a time: matplotlib's settings are the process's, and a thread leaving
    # its rc_context would put back those of before under another thread still drawing
    with _DRAWING, styled():
        # dict's own items: RcParams' would resolve the backend, importing pyplot
        settings = repr(sorted(dict.items(matplotlib.rcParams)))
        for name in chart_names(report):
            drawing = f"{name}-narrow" if narrow else name
            key = _digest(drawing, lang, credit, shown[name], settings)
            if key in _DRAWN:
                _DRAWN.move_to_end(key)
            else:
                figure = _FIGURES[name][narrow](shown[name], cat)
                _DRAWN[key] = _svg(figure, credit, narrow=narrow)
                if len(_DRAWN) > _KEEP:
                    _DRAWN.popitem(last=False)
            charts[name] = _DRAWN[key]
    return charts


#: Charts drawn in this process, by a digest of everything they show and of matplotlib's
#: settings: a report written again from the same numbers in the same language (in a
#: notebook, or with options that leave the charts alone) reuses their SVG rather than laying
#: the text out again, which is most of a small report's time. The same bytes either way.
_DRAWN: OrderedDict[str, str] = OrderedDict()
_KEEP = 32
_DRAWING = threading.Lock()


def forget_drawn() -> None:
    """Draw every chart anew from here on (the charts drawn so far are forgotten)."""
    with _DRAWING:
        _DRAWN.clear()


def _digest(*shown: object) -> str:
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chart_names(report: dict) -> list[str]:
    """The charts :func:`draw_charts` draws for ``report``."""
    return [*CHARTS, *(["change"] if "compare" in report else [])]


def _svg(figure: Figure, credit: str | None = None, *, narrow: bool = False) -> str:
    from kg.report.chart_svg import svg_text

    metadata = {"Date": None, "Creator": "kg"}
    if credit:
        # 7 pt text across the figure; on a phone's narrow chart, 10 pt (13 CSS pixels)
        size = 10 if narrow else 7
        width = int(figure.get_figwidth() * 17 * 7 / size)  # characters across the figure
        figure.supxlabel(wrapped(credit, width), x=0.0, ha="left", fontsize=size, color=INK)
        metadata["Rights"] = credit
    return svg_text(figure, metadata, FONT_FAMILIES)
