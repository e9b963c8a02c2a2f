"""The report's charts drawn again for a phone's screen: 3.6 inches wide (a phone's width in
CSS pixels, so that a point of the drawing is about a point on the screen), their text at the
page's own size, each committee's (or group's, or year's) name on a line of its own over its
row, the groups' names turned upright over the columns of the heatmap and the links chart.
The report's page shows them under a width (``report.css``); a desktop, a print and
``charts/*.svg`` show the wide ones of :mod:`kg.report.chart_figures`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model.sectors import vocabulary
from kg.report.change_sections import chart_committees
from kg.report.chart_figures import (
    boxes,
    committee_labels,
    grid,
    group_bars,
    heatmap_cell,
    heatmap_heads,
    heatmap_most,
    links_rows,
    new_figure,
    unlabelled,
    wrapped,
)
from kg.report.chart_style import (
    INK,
    YEAR_COLOURS,
)

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

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


def _upright_heads(ax: Axes, heads: list[str]) -> None:
    """``heads`` turned upright over the axes' columns (one a unit wide), the axes bare."""
    unlabelled(ax.xaxis, ax.yaxis)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=SMALL)
    ax.set_xticks([x + 0.5 for x in range(len(heads))], heads, rotation=90, va="bottom")
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _head_height(heads: list[str]) -> float:
    """The height, in points, of ``heads`` turned upright."""
    return max((len(line) for h in heads for line in h.split("\n")), default=0) * SMALL * 0.62 + 12


def _names(ax: Axes, labels: list[str], tops: list[float]) -> None:
    """Each committee's name just over its row, from the left edge."""
    over = _offset(ax, 0, 2)
    for label, top in zip(labels, tops, strict=True):
        ax.text(
            0, top, label, transform=over, va="bottom", fontsize=NAME, color=INK, in_layout=False
        )


def _narrow_grid(labels: list[str], heads: list[str], columns: int, rows: Iterable) -> Figure:
    """A chart of cells in :data:`WIDTH` inches: each row's name (``labels``) over its cells
    (``rows``, as :func:`~kg.report.chart_figures.grid` takes them but without their tops),
    ``heads`` turned upright over the ``columns`` columns."""
    cell = 24.0
    tops, body = _rows(labels, cell)
    figure = new_figure(WIDTH, (body + _head_height(heads)) / 72 + 0.25)
    ax = figure.add_subplot()
    grid(ax, zip(tops, rows, strict=True), cell, NAME, edgecolors="white", linewidths=1.5)
    _names(ax, labels, tops)
    ax.set_xlim(0, columns)
    ax.set_ylim(body, 0)
    _upright_heads(ax, heads)
    return figure


def narrow_heatmap(gaps: list[dict], cat: Catalog) -> Figure:
    """The heatmap of :func:`kg.report.chart_figures.heatmap` in :data:`WIDTH` inches."""
    groups = vocabulary().names
    heads = [wrapped(head, 18) for head in heatmap_heads(cat)]
    labels = committee_labels(gaps, cat, NAME_CHARACTERS)
    most = heatmap_most(gaps)
    rows = (enumerate(heatmap_cell(cat, row, g, most) for g in groups) for row in gaps)
    return _narrow_grid(labels, heads, len(groups), rows)


def narrow_partners(gaps: list[dict], cat: Catalog) -> Figure:
    """The partners chart of :func:`kg.report.chart_figures.partners` in :data:`WIDTH`
    inches, its legend in one column over it."""
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
        rows = zip(tops, left, values, strict=True)
        bars = [(start, top, width, bar) for top, start, width in rows if width]
        legend.append(group_bars(ax, bars, group, wrapped(cat.group(group), 30)))
        left = [a + b for a, b in zip(left, values, strict=True)]
    _beside(ax, [top + bar / 2 for top in tops], left, cat)
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


def narrow_links(holes: list[dict], cat: Catalog) -> Figure:
    """The links chart of :func:`kg.report.chart_figures.links` in :data:`WIDTH` inches: each
    group's name over its row of cells, the groups of the columns turned upright over them."""
    groups = vocabulary().names
    heads = [wrapped(cat.group(g), 18) for g in groups[:-1]]
    labels = [wrapped(cat.group(g), NAME_CHARACTERS) for g in groups[1:]]
    rows = (cells for _, cells in links_rows(cat, holes))
    return _narrow_grid(labels, heads, max(len(groups) - 1, 1), rows)


def narrow_change(change: dict, cat: Catalog) -> Figure:
    """The chart of change of :func:`kg.report.chart_figures.change_chart` in :data:`WIDTH`
    inches: the collaborations of each part of the two years, then each committee's named
    partners in the one year and in the other, each part's or committee's name over its
    bars, the years' legend between the two."""
    years = {"first": change["first"]["year"], "second": change["second"]["year"]}
    committees = chart_committees(change)
    parts = list(YEAR_COLOURS)
    bar = 16.0
    top_labels = [wrapped(cat(f"chart.change_{part}", **years), NAME_CHARACTERS) for part in parts]
    top_tops, top_body = _rows(top_labels, bar)
    labels = committee_labels(committees, cat, NAME_CHARACTERS)
    tops, body = _rows(labels, 2 * bar)
    axis = 45.0  # an axis's numbers and its label
    height = top_body + axis + (body + axis + 30 if committees else 0)
    figure = new_figure(WIDTH, height / 72 + 0.3)
    if committees:
        top, bottom = figure.subplots(2, 1, height_ratios=[top_body, body])
    else:
        top, bottom = figure.add_subplot(), None
    values = [len(change["collaborations"][part]) for part in parts]
    boxes(
        top,
        [(0, t, v, bar) for t, v in zip(top_tops, values, strict=True) if v],
        facecolors=[YEAR_COLOURS[p] for p, v in zip(parts, values, strict=True) if v],
    )
    _beside(top, [t + bar / 2 for t in top_tops], values, cat)
    _names(top, top_labels, top_tops)
    top.set_ylim(top_body, 0)
    top.set_xlabel(cat("chart.change_collaborations"), fontsize=SMALL)
    axes = [(top, max(values, default=0))]
    if bottom is not None:
        most = 0
        for index, part in enumerate(("only_first", "only_second")):
            numbers = [r["partners"][index] for r in committees]
            starts = [t + index * bar for t in tops]
            shown = [(0, s, v, bar) for s, v in zip(starts, numbers, strict=True) if v]
            boxes(bottom, shown, facecolors=YEAR_COLOURS[part])
            _beside(bottom, [s + bar / 2 for s in starts], numbers, cat)
            most = max(most, *numbers)
        _names(bottom, labels, tops)
        bottom.set_ylim(body, 0)
        bottom.set_xlabel(cat("chart.bars_axis"), fontsize=SMALL)
        _year_legend(bottom, years)
        axes.append((bottom, most))
    for ax, most in axes:
        ax.set_xlim(0, max(most * 1.2, 1))
        ax.set_yticks([])
        unlabelled(ax.yaxis)
        ax.tick_params(axis="x", labelsize=SMALL)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines["left"].set_visible(False)
    return figure


def _beside(ax: Axes, middles: list[float], values: list[int], cat: Catalog) -> None:
    """Each bar's number just past its end, at the page's size."""
    beside = _offset(ax, 4, 0)
    for middle, value in zip(middles, values, strict=True):
        ax.text(
            value,
            middle,
            cat.number(value),
            transform=beside,
            va="center",
            fontsize=NAME,
            color=INK,
            in_layout=False,
        )


def _year_legend(ax: Axes, years: dict) -> None:
    """Which colour is which year, over the committees' bars."""
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=YEAR_COLOURS[part], label=str(years[which]))
        for part, which in (("only_first", "first"), ("only_second", "second"))
    ]
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1),
        ncols=2,
        fontsize=SMALL,
        frameon=False,
        borderaxespad=0.2,
    )
