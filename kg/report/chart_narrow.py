"""The heatmap and the partners chart drawn again for a phone's screen: 3.6 inches wide (a
phone's width in CSS pixels, so that a point of the drawing is about a point on the screen),
their text at the page's own size, each committee's name on a line of its own over its row,
the groups' names turned upright over the heatmap's columns. The report's page shows them
under a width (``report.css``); a desktop, a print and ``charts/*.svg`` show the wide ones of
:mod:`kg.report.chart_figures`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model.sectors import vocabulary
from kg.report.chart_figures import boxes, committee_labels, new_figure, unlabelled, wrapped
from kg.report.chart_style import (
    EMPTY_FILL,
    GAP_FILL,
    GAP_INK,
    GAP_MARK,
    GROUP_HATCHES,
    INK,
    ink,
    shade,
)
from kg.report.sections import group_count
from kg.web.style import GROUP_COLOURS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.transforms import Transform

    from kg.report.i18n import Catalog

#: The narrow charts' width in inches: 346 CSS pixels, a phone's text column
WIDTH = 3.6
#: A committee's name and a cell's number: the page's body text, 12 pt (16 CSS pixels)
NAME = 12
#: The groups' names, the legend and the axis: 10.5 pt (14 CSS pixels)
SMALL = 10.5
#: The characters of a committee's name on a line (DejaVu Sans at 12 pt, with room to spare)
NAME_CHARACTERS = 32
#: A line of a committee's name, in points, and the gap between one row and the next name
LINE, GAP = 14.5, 7.0


def _rows(labels: list[str], height: float) -> tuple[list[float], float]:
    """Where each committee's row (of ``height`` points) starts, from the top, with its name
    over it; and the height of them all, in points."""
    tops, y = [], 0.0
    for label in labels:
        y += GAP + LINE * (label.count("\n") + 1)
        tops.append(y)
        y += height
    return tops, max(y, height)


def _offset(ax: Axes, right: float, up: float) -> Transform:
    """The axes' data coordinates moved by ``right`` and ``up`` points: a text's offset, at a
    plain text's cost (an annotation's costs twice as much to draw)."""
    from matplotlib.transforms import ScaledTranslation

    return ax.transData + ScaledTranslation(right / 72, up / 72, ax.figure.dpi_scale_trans)


def _names(ax: Axes, labels: list[str], tops: list[float]) -> None:
    """Each committee's name just over its row, from the left edge."""
    over = _offset(ax, 0, 2)
    for label, top in zip(labels, tops, strict=True):
        ax.text(
            0, top, label, transform=over, va="bottom", fontsize=NAME, color=INK, in_layout=False
        )


def narrow_heatmap(gaps: list[dict], cat: Catalog) -> Figure:
    """The heatmap of :func:`kg.report.chart_figures.heatmap` in :data:`WIDTH` inches."""
    words = vocabulary()
    groups = words.names
    heads = [cat.group(g) for g in groups]
    heads = [
        wrapped(h if g in words.gap_groups else f"{h} {cat('chart.heatmap_no_gap')}", 18)
        for h, g in zip(heads, groups, strict=True)
    ]
    head = max(len(line) for h in heads for line in h.split("\n")) * SMALL * 0.62 + 12
    labels = committee_labels(gaps, cat, NAME_CHARACTERS)
    cell = 24.0
    tops, body = _rows(labels, cell)
    figure = new_figure(WIDTH, (body + head) / 72 + 0.25)
    ax = figure.add_subplot()
    most = max((r["by_sector"][g] for r in gaps for g in groups), default=0) or 1
    cells, fills = [], []
    for top, row in zip(tops, gaps, strict=True):
        for x, group in enumerate(groups):
            value = row["by_sector"][group]
            gap = group in row["missing_sectors"]
            empty = GAP_FILL if gap else EMPTY_FILL
            fill = shade(0.25 + 0.75 * value / most) if value else empty
            cells.append((x, top, 1, cell))
            fills.append(fill)
            ax.text(
                x + 0.5,
                top + cell / 2,
                group_count(cat, row, group) + (f" {GAP_MARK}" if gap else ""),
                ha="center",
                va="center",
                fontsize=NAME,
                fontweight="bold" if gap else "normal",
                color=GAP_INK if fill == GAP_FILL else ink(fill),
                in_layout=False,
            )
    boxes(ax, cells, facecolors=fills, edgecolors="white", linewidths=1.5)
    _names(ax, labels, tops)
    ax.set_xlim(0, len(groups))
    ax.set_ylim(body, 0)
    unlabelled(ax.xaxis, ax.yaxis)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=SMALL)
    ax.set_xticks([x + 0.5 for x in range(len(groups))], heads, rotation=90, va="bottom")
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return figure


def narrow_partners(gaps: list[dict], cat: Catalog) -> Figure:
    """The partners chart of :func:`kg.report.chart_figures.partners` in :data:`WIDTH`
    inches, its legend in one column over it."""
    from matplotlib.patches import Patch

    groups = vocabulary().names
    labels = committee_labels(gaps, cat, NAME_CHARACTERS)
    bar = 16.0
    tops, body = _rows(labels, bar)
    legend_lines = sum(wrapped(cat.group(g), 30).count("\n") + 1 for g in groups)
    figure = new_figure(WIDTH, (body + legend_lines * 15 + 50) / 72 + 0.3)
    ax = figure.add_subplot()
    left = [0] * len(gaps)
    legend = []
    for group in groups:
        values = [row["by_sector"][group] for row in gaps]
        colour, (hatch, hatch_ink) = GROUP_COLOURS[group], GROUP_HATCHES.get(group, ("", "white"))
        rows = zip(tops, left, values, strict=True)
        bars = [(start, top, width, bar) for top, start, width in rows if width]
        boxes(ax, bars, facecolors=colour, edgecolors="white", linewidths=0.5)
        if hatch:  # over the colour, as the wide chart's (kg.report.chart_figures.partners)
            boxes(ax, bars, facecolors="none", hatch=hatch, edgecolors=hatch_ink, linewidths=0)
        edge = {"edgecolor": hatch_ink, "lw": 0} if hatch else {"edgecolor": "white"}
        name = wrapped(cat.group(group), 30)
        legend.append(Patch(facecolor=colour, hatch=hatch or None, label=name, **edge))
        left = [a + b for a, b in zip(left, values, strict=True)]
    beside = _offset(ax, 4, 0)
    for top, total in zip(tops, left, strict=True):
        ax.text(
            total,
            top + bar / 2,
            cat.number(total),
            transform=beside,
            va="center",
            fontsize=NAME,
            color=INK,
            in_layout=False,
        )
    _names(ax, labels, tops)
    unlabelled(ax.yaxis)
    ax.set_yticks([])
    ax.set_ylim(body, 0)
    ax.set_xlim(0, max(left, default=0) * 1.2 + 2)
    ax.tick_params(axis="x", labelsize=SMALL)
    ax.set_xlabel(cat("chart.bars_axis"), fontsize=SMALL)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines["left"].set_visible(False)
    figure.legend(handles=legend, loc="outside upper left", ncols=1, fontsize=SMALL, frameon=False)
    return figure
