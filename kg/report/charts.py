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
import re
import textwrap
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from kg.analysis.quiet import matplotlib_imported
from kg.io.provenance import attribution
from kg.model.sectors import vocabulary
from kg.report.change_sections import chart_committees
from kg.report.chart_style import (
    EMPTY_FILL,
    FONT_FAMILIES,
    GAP_FILL,
    GAP_INK,
    GAP_MARK,
    GROUP_HATCHES,
    INK,
    TEXT_CONTRAST,
    YEAR_COLOURS,
    styled,
)
from kg.report.i18n import Catalog, catalog
from kg.report.sections import group_count
from kg.web.style import GROUP_COLOURS

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

#: The charts, by file name (``charts/<name>.svg``); a comparison adds ``change``.
CHARTS = ("heatmap", "partners", "links")


def draw_charts(report: dict, lang: str = "en", *, rows: int = 40) -> dict[str, str]:
    """The charts of ``report`` in ``lang`` as SVG text, by name; the committee charts show
    the ``rows`` committees with the widest gaps (the report's order). On kg's own data each
    chart carries, at its foot and as its SVG rights, the credit the data's licence asks for,
    so that a chart taken alone still gives it."""
    matplotlib_imported()
    import matplotlib

    cat = catalog(lang)
    credit = attribution(report.get("provenance"), lang)
    gaps = report["gaps"][:rows]
    drawers = {
        "heatmap": (gaps, lambda: _heatmap(gaps, cat)),
        "partners": (gaps, lambda: _partners(gaps, cat)),
        "links": (report["sector_holes"], lambda: _links(report["sector_holes"], cat)),
        "change": (report.get("compare"), lambda: change_chart(report["compare"], cat)),
    }
    charts = {}
    # one drawing at a time: matplotlib's settings are the process's, and a thread leaving
    # its rc_context would put back those of before under another thread still drawing
    with _DRAWING, styled():
        # dict's own items: RcParams' would resolve the backend, importing pyplot
        settings = repr(sorted(dict.items(matplotlib.rcParams)))
        for name in chart_names(report):
            shown, draw = drawers[name]
            key = _digest(name, lang, credit, shown, settings)
            if key in _DRAWN:
                _DRAWN.move_to_end(key)
            else:
                _DRAWN[key] = _svg(draw(), credit)
                if len(_DRAWN) > _KEEP:
                    _DRAWN.popitem(last=False)
            charts[name] = _DRAWN[key]
    return charts


#: Charts drawn in this process, by a digest of everything they show and of matplotlib's
#: settings: a report written again from the same numbers in the same language (in a
#: notebook, or with options that leave the charts alone) reuses their SVG rather than laying
#: the text out again, which is most of a small report's time. The same bytes either way.
_DRAWN: OrderedDict[str, str] = OrderedDict()
_KEEP = 24
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


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _svg(figure: Figure, credit: str | None = None) -> str:
    from kg.report.chart_svg import svg_text

    metadata = {"Date": None, "Creator": "kg"}
    if credit:
        width = int(figure.get_figwidth() * 17)  # characters of 7 pt text across the figure
        figure.supxlabel(_wrapped(credit, width), x=0.0, ha="left", fontsize=7, color=INK)
        metadata["Rights"] = credit
    return svg_text(figure, metadata, FONT_FAMILIES)


def _shade(strength: float) -> str:
    """A blue (Okabe–Ito's) mixed with white: ``strength`` 0 is white, 1 the full blue.

    >>> _shade(1.0), _shade(0.0)
    ('#0072b2', '#ffffff')
    """
    blue = (0x00, 0x72, 0xB2)
    strength = min(max(strength, 0.0), 1.0)
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in blue)


def contrast(one: str, other: str) -> float:
    """The contrast ratio of two ``#rrggbb`` colours (WCAG 2.1's, of their relative
    luminance): 1 to 21.

    >>> round(contrast("#D55E00", GAP_FILL), 2), round(contrast(GAP_INK, GAP_FILL), 2)
    (3.14, 5.32)
    """

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink(fill: str) -> str:
    """The colour of a number on ``fill``: the charts' ink or white, whichever stands out
    more from it, or black where neither is 4.5:1 (the blues in between).

    >>> ink("#ffffff"), ink("#0072b2"), ink(_shade(0.85))
    ('#222222', '#ffffff', '#000000')
    """
    best = max((INK, "#ffffff"), key=lambda colour: contrast(colour, fill))
    return best if contrast(best, fill) >= TEXT_CONTRAST else "#000000"


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _committee_labels(gaps: list[dict], cat: Catalog) -> list[str]:
    """Each committee's short name; one continuing a committee it replaced with theirs."""
    short = [(cat.short_name(r["label"], r.get("label_en")), r.get("continues", ())) for r in gaps]
    names = [
        (n, cat.join([cat.short_name(o["label"], o.get("label_en")) for o in c])) for n, c in short
    ]
    return [_wrapped(cat("change.formerly", name=n, names=o) if o else n, 34) for n, o in names]


def _heatmap(gaps: list[dict], cat: Catalog) -> Figure:
    words = vocabulary()
    groups = words.names
    figure = _figure(7.2, 1.3 + 0.34 * max(len(gaps), 1))
    ax = figure.add_subplot()
    most = max((r["by_sector"][g] for r in gaps for g in groups), default=0) or 1
    cells, fills = [], []
    for y, row in enumerate(gaps):
        for x, group in enumerate(groups):
            value = row["by_sector"][group]
            gap = group in row["missing_sectors"]
            empty = GAP_FILL if gap else EMPTY_FILL
            fill = _shade(0.25 + 0.75 * value / most) if value else empty
            cells.append((x, y, 1, 1))
            fills.append(fill)
            ax.text(
                x + 0.5,
                y + 0.5,
                group_count(cat, row, group) + (f" {GAP_MARK}" if gap else ""),
                ha="center",
                va="center",
                fontsize=8.5,
                fontweight="bold" if gap else "normal",
                color=GAP_INK if fill == GAP_FILL else ink(fill),
                in_layout=False,
            )
    _boxes(ax, cells, facecolors=fills, linewidths=0)
    ax.set_xlim(0, len(groups))
    ax.set_ylim(max(len(gaps), 1), 0)  # one empty row where there is no committee
    heads = [cat.group(g) for g in groups]
    heads = [
        h if g in words.gap_groups else f"{h} {cat('chart.heatmap_no_gap')}"
        for h, g in zip(heads, groups, strict=True)
    ]
    _unlabelled(ax.xaxis, ax.yaxis)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=8)  # before the ticks are made, each made so once
    ax.set_xticks([x + 0.5 for x in range(len(groups))], [_wrapped(h, 14) for h in heads])
    ax.set_yticks([y + 0.5 for y in range(len(gaps))], _committee_labels(gaps, cat))
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.vlines(range(1, len(groups)), 0, max(len(gaps), 1), colors="white", lw=2)
    ax.hlines(range(1, len(gaps)), 0, len(groups), colors="white", lw=1)
    return figure


def _partners(gaps: list[dict], cat: Catalog) -> Figure:
    from matplotlib.patches import Patch

    groups = vocabulary().names
    figure = _figure(7.2, 1.4 + 0.3 * max(len(gaps), 1))
    ax = figure.add_subplot()
    positions = list(range(len(gaps)))
    left = [0] * len(gaps)
    legend = []
    for group in groups:
        values = [row["by_sector"][group] for row in gaps]
        colour, (hatch, ink) = GROUP_COLOURS[group], GROUP_HATCHES.get(group, ("", "white"))
        rows = enumerate(zip(left, values, strict=True))
        bars = [(start, y - 0.35, width, 0.7) for y, (start, width) in rows if width]
        _boxes(ax, bars, facecolors=colour, edgecolors="white", linewidths=0.5)
        # the hatch over the colour, which stays a plain fill; a hatch takes its edge's ink
        # (matplotlib before 3.11 has no hatchcolor), the edge itself not drawn
        if hatch:
            _boxes(ax, bars, facecolors="none", hatch=hatch, edgecolors=ink, linewidths=0)
        edge = {"edgecolor": ink, "lw": 0} if hatch else {"edgecolor": "white"}
        legend.append(Patch(facecolor=colour, hatch=hatch or None, label=cat.group(group), **edge))
        left = [a + b for a, b in zip(left, values, strict=True)]
    for y, total in zip(positions, left, strict=True):
        ax.text(total + 0.2, y, cat.number(total), va="center", fontsize=8, color=INK)
    _unlabelled(ax.yaxis)
    ax.tick_params(axis="y", length=0, labelsize=8)
    ax.set_yticks(positions, _committee_labels(gaps, cat))
    ax.set_ylim(max(len(gaps), 1) - 0.5, -0.5)
    ax.set_xlim(0, max(left, default=0) * 1.1 + 1)
    ax.set_xlabel(cat("chart.bars_axis"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    figure.legend(handles=legend, loc="outside upper center", ncols=3, fontsize=8, frameon=False)
    return figure


def _unlabelled(*axes: Axis) -> None:
    """Axes that carry no label (their tick labels say it all): no label to place beside
    their tick labels, so matplotlib need not measure those again at every layout."""
    for axis in axes:
        axis.set_label_coords(0.5, 0.5)


def _boxes(ax: Axes, boxes: list[tuple[float, float, float, float]], **style: object) -> None:
    """Rectangles (left, bottom, width, height) drawn as one collection in ``style``, as
    their patches would be (mitred corners); the chart sets the axes' limits itself."""
    from matplotlib.collections import PolyCollection

    shapes = [[(x, y), (x + w, y), (x + w, y + h), (x, y + h)] for x, y, w, h in boxes]
    ax.add_collection(PolyCollection(shapes, joinstyle="miter", **style), autolim=False)


def _links(holes: list[dict], cat: Catalog) -> Figure:
    groups = vocabulary().names
    links = {tuple(h["sectors"]): h["links"] for h in holes}
    most = max(links.values(), default=0) or 1
    figure = _figure(5.6, 3.9)
    ax = figure.add_subplot()
    cells, fills = [], []
    for y, a in enumerate(groups):
        for x, b in enumerate(groups[:y]):
            value = links.get((b, a), links.get((a, b), 0))
            fill = _shade(0.2 + 0.8 * value / most) if value else GAP_FILL
            cells.append((x, y, 1, 1))
            fills.append(fill)
            ax.text(
                x + 0.5,
                y + 0.5,
                cat.number(value),
                ha="center",
                va="center",
                fontsize=9,
                fontweight="normal" if value else "bold",
                color=GAP_INK if not value else ink(fill),
                in_layout=False,
            )
    _boxes(ax, cells, facecolors=fills, linewidths=0)
    ax.set_xlim(0, len(groups) - 1)
    ax.set_ylim(len(groups), 1)
    labels = [_wrapped(cat.group(g), 14) for g in groups]
    _unlabelled(ax.xaxis, ax.yaxis)
    ax.tick_params(length=0, labelsize=8)
    ax.set_xticks([x + 0.5 for x in range(len(groups) - 1)], labels[:-1])
    ax.set_yticks([y + 0.5 for y in range(1, len(groups))], labels[1:])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return figure


def change_chart(change: dict, cat: Catalog) -> Figure:
    """The change between two years as the comparison counts it: the collaborations reported
    in the first year only, in both and in the second only; below, the named partners in each
    year of the committees the sources describe in both (:func:`chart_committees`)."""
    years = {"first": change["first"]["year"], "second": change["second"]["year"]}
    committees = chart_committees(change)
    rows = len(committees)
    figure = _figure(7.2, 1.6 + (0.5 * rows + 1.0 if rows else 0))
    if rows:
        top, bottom = figure.subplots(2, 1, height_ratios=[3, 1.4 * rows + 1])
    else:
        top, bottom = figure.add_subplot(), None
    parts = list(YEAR_COLOURS)
    values = [len(change["collaborations"][part]) for part in parts]
    top.barh(range(3), values, color=[YEAR_COLOURS[p] for p in parts], height=0.6)
    _numbers_beside(top, range(3), values, cat)
    top.set_yticks(range(3), [cat(f"chart.change_{part}", **years) for part in parts])
    top.set_ylim(2.5, -0.5)
    top.set_xlabel(cat("chart.change_collaborations"))
    axes = [top]
    if bottom is not None:
        for index, (part, shift) in enumerate((("only_first", -0.2), ("only_second", 0.2))):
            values = [r["partners"][index] for r in committees]
            positions = [y + shift for y in range(rows)]
            year = str(years["first" if index == 0 else "second"])
            bottom.barh(positions, values, height=0.38, color=YEAR_COLOURS[part], label=year)
            _numbers_beside(bottom, positions, values, cat)
        bottom.set_yticks(range(rows), _committee_labels(committees, cat))
        bottom.set_ylim(rows - 0.5, -0.5)
        bottom.set_xlabel(cat("chart.bars_axis"))
        bottom.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=2, fontsize=8, frameon=False)
        axes.append(bottom)
    for ax in axes:
        most = max((bar.get_width() for bar in ax.patches), default=0)
        ax.set_xlim(0, max(most * 1.12, 1))
        ax.tick_params(axis="y", length=0, labelsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
    return figure


def _numbers_beside(ax: Axes, positions: Iterable[float], values: list[int], cat: Catalog) -> None:
    """Each bar's number just past its end."""
    for y, value in zip(positions, values, strict=True):
        ax.annotate(
            cat.number(value),
            (value, y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=INK,
        )


_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """An SVG chart to put inside an HTML page: no XML prologue, its ids prefixed (several
    charts on one page must not share an id), scaling to the page's width, labelled for
    screen readers.

    >>> svg = inline_svg('<?xml version="1.0"?><svg width="1pt" height="2pt" viewBox="0 0 1 2">'
    ...                  '<g id="a"><use xlink:href="#a" clip-path="url(#a)"/></g></svg>', "c", "A")
    >>> svg.split("><")[0]
    '<svg role="img" aria-label="A" class="chart" viewBox="0 0 1 2"'
    >>> svg.split("><")[1:]
    ['g id="c-a"', 'use xlink:href="#c-a" clip-path="url(#c-a)"/', '/g', '/svg>']
    """
    from html import escape

    body = svg[svg.index("<svg") :]
    ids = set(_ID.findall(body))
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = re.sub(
        r'(href="#|url\(#)([^")]+)',
        lambda m: m.group(1) + (f"{prefix}-{m.group(2)}" if m.group(2) in ids else m.group(2)),
        body,
    )
    head_end = body.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", body[:head_end])
    head = head.replace("<svg", f'<svg role="img" aria-label="{escape(label)}" class="chart"', 1)
    return head + body[head_end:]
