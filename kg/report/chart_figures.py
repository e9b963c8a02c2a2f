"""The report's charts as matplotlib figures: a committee × partner-group heatmap, partners per
committee by group, the links between partner groups and the change between two years. Each
is laid out by :mod:`kg.report.charts`, which draws it as SVG."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from kg.model.sectors import vocabulary
from kg.report.change_sections import chart_committees
from kg.report.chart_style import (
    EMPTY_FILL,
    GAP_FILL,
    GAP_INK,
    GAP_MARK,
    GROUP_HATCHES,
    INK,
    YEAR_COLOURS,
    ink,
    shade,
)
from kg.report.sections import group_count
from kg.web.style import GROUP_COLOURS

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Iterator

    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from kg.report.i18n import Catalog


def new_figure(width: float, height: float) -> Figure:
    """An empty figure of ``width`` × ``height`` inches, laid out by matplotlib's constrained
    layout, on a canvas of its own (no pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def committee_labels(gaps: list[dict], cat: Catalog, width: int = 34) -> list[str]:
    """Each committee's short name; one continuing a committee it replaced with theirs;
    wrapped at ``width`` characters."""
    short = [(cat.short_named(r), r.get("continues", ())) for r in gaps]
    names = [(n, cat.join([cat.short_named(o) for o in c])) for n, c in short]
    return [wrapped(cat("change.formerly", name=n, names=o) if o else n, width) for n, o in names]


def heatmap_most(gaps: list[dict]) -> int:
    """The most partners a committee of ``gaps`` has in one group: the darkest shade (1 at
    least)."""
    groups = vocabulary().names
    return max((r["by_sector"][g] for r in gaps for g in groups), default=0) or 1


def heatmap_cell(cat: Catalog, row: dict, group: str, most: int) -> tuple[str, str, dict]:
    """A cell of the heatmap, in the wide and the narrow drawing alike: its fill, its text (a
    gap marked) and the text's style (centred, a gap in bold, ink that reads on the fill)."""
    value = row["by_sector"][group]
    gap = group in row["missing_sectors"]
    empty = GAP_FILL if gap else EMPTY_FILL
    fill = shade(0.25 + 0.75 * value / most) if value else empty
    text = group_count(cat, row, group) + (f" {GAP_MARK}" if gap else "")
    style = {
        "ha": "center",
        "va": "center",
        "fontweight": "bold" if gap else "normal",
        "color": GAP_INK if fill == GAP_FILL else ink(fill),
        "in_layout": False,
    }
    return fill, text, style


def heatmap_heads(cat: Catalog) -> list[str]:
    """The heatmap's column heads: each group's name, "(no gap)" after a group that is none."""
    words = vocabulary()
    return [
        name if group in words.gap_groups else f"{name} {cat('chart.heatmap_no_gap')}"
        for name, group in ((cat.group(g), g) for g in words.names)
    ]


def links_cell(cat: Catalog, value: int, most: int) -> tuple[str, str, dict]:
    """A cell of the links chart, in the wide and the narrow drawing alike: its fill, its
    text (the number of links) and the text's style (centred, none in bold)."""
    fill = shade(0.2 + 0.8 * value / most) if value else GAP_FILL
    style = {
        "ha": "center",
        "va": "center",
        "fontweight": "normal" if value else "bold",
        "color": ink(fill) if value else GAP_INK,
        "in_layout": False,
    }
    return fill, cat.number(value), style


def links_rows(cat: Catalog, holes: list[dict]) -> Iterator[tuple[int, Iterator]]:
    """Each row of the links chart, in the wide and the narrow drawing alike: the index of its
    group (from the second on) and its cells (:func:`links_cell`) with the groups before it."""
    groups = vocabulary().names
    links = {tuple(h["sectors"]): h["links"] for h in holes}
    most = max(links.values(), default=0) or 1
    for y, a in enumerate(groups[1:], start=1):
        values = (links.get((b, a), links.get((a, b), 0)) for b in groups[:y])
        yield y, enumerate(links_cell(cat, value, most) for value in values)


def grid(
    ax: Axes, rows: Iterable[tuple[float, Iterable]], height: float, size: float, **style: object
) -> None:
    """The cells of a heatmap or the links chart, in the wide and the narrow drawing alike:
    ``rows`` (each row's top and its cells: column, and fill, text and the text's style),
    each cell a unit wide and ``height`` high, its text in its middle at ``size`` points;
    drawn as one collection in ``style``."""
    shapes, fills = [], []
    for top, cells in rows:
        for x, (fill, text, text_style) in cells:
            shapes.append((x, top, 1, height))
            fills.append(fill)
            ax.text(x + 0.5, top + height / 2, text, fontsize=size, **text_style)
    boxes(ax, shapes, facecolors=fills, **style)


def heatmap(gaps: list[dict], cat: Catalog) -> Figure:
    words = vocabulary()
    groups = words.names
    figure = new_figure(7.2, 1.3 + 0.34 * max(len(gaps), 1))
    ax = figure.add_subplot()
    most = heatmap_most(gaps)
    rows = (enumerate(heatmap_cell(cat, row, g, most) for g in groups) for row in gaps)
    grid(ax, enumerate(rows), 1, 8.5, linewidths=0)
    ax.set_xlim(0, len(groups))
    ax.set_ylim(max(len(gaps), 1), 0)  # one empty row where there is no committee
    heads = heatmap_heads(cat)
    unlabelled(ax.xaxis, ax.yaxis)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=8)  # before the ticks are made, each made so once
    ax.set_xticks([x + 0.5 for x in range(len(groups))], [wrapped(h, 14) for h in heads])
    ax.set_yticks([y + 0.5 for y in range(len(gaps))], committee_labels(gaps, cat))
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.vlines(range(1, len(groups)), 0, max(len(gaps), 1), colors="white", lw=2)
    ax.hlines(range(1, len(gaps)), 0, len(groups), colors="white", lw=1)
    return figure


def group_bars(
    ax: Axes, bars: list[tuple[float, float, float, float]], group: str, label: str
) -> Patch:
    """A partner group's bars (left, bottom, width, height) in its colour, in the wide and the
    narrow drawing alike, its hatch over them where it has one; and its patch in the legend,
    named ``label``."""
    from matplotlib.patches import Patch

    colour, (hatch, ink) = GROUP_COLOURS[group], GROUP_HATCHES.get(group, ("", "white"))
    boxes(ax, bars, facecolors=colour, edgecolors="white", linewidths=0.5)
    # the hatch over the colour, which stays a plain fill; a hatch takes its edge's ink
    # (matplotlib before 3.11 has no hatchcolor), the edge itself not drawn
    if hatch:
        boxes(ax, bars, facecolors="none", hatch=hatch, edgecolors=ink, linewidths=0)
    edge = {"edgecolor": ink, "lw": 0} if hatch else {"edgecolor": "white"}
    return Patch(facecolor=colour, hatch=hatch or None, label=label, **edge)


def partners(gaps: list[dict], cat: Catalog) -> Figure:
    groups = vocabulary().names
    figure = new_figure(7.2, 1.4 + 0.3 * max(len(gaps), 1))
    ax = figure.add_subplot()
    positions = list(range(len(gaps)))
    left = [0] * len(gaps)
    legend = []
    for group in groups:
        values = [row["by_sector"][group] for row in gaps]
        rows = enumerate(zip(left, values, strict=True))
        bars = [(start, y - 0.35, width, 0.7) for y, (start, width) in rows if width]
        legend.append(group_bars(ax, bars, group, cat.group(group)))
        left = [a + b for a, b in zip(left, values, strict=True)]
    for y, total in zip(positions, left, strict=True):
        ax.text(total + 0.2, y, cat.number(total), va="center", fontsize=8, color=INK)
    unlabelled(ax.yaxis)
    ax.tick_params(axis="y", length=0, labelsize=8)
    ax.set_yticks(positions, committee_labels(gaps, cat))
    ax.set_ylim(max(len(gaps), 1) - 0.5, -0.5)
    ax.set_xlim(0, max(left, default=0) * 1.1 + 1)
    ax.set_xlabel(cat("chart.bars_axis"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    figure.legend(handles=legend, loc="outside upper center", ncols=3, fontsize=8, frameon=False)
    return figure


def unlabelled(*axes: Axis) -> None:
    """Axes that carry no label (their tick labels say it all): no label to place beside
    their tick labels, so matplotlib need not measure those again at every layout."""
    for axis in axes:
        axis.set_label_coords(0.5, 0.5)


def boxes(ax: Axes, boxes: list[tuple[float, float, float, float]], **style: object) -> None:
    """Rectangles (left, bottom, width, height) drawn as one collection in ``style``, as
    their patches would be (mitred corners); the chart sets the axes' limits itself."""
    from matplotlib.collections import PolyCollection

    shapes = [[(x, y), (x + w, y), (x + w, y + h), (x, y + h)] for x, y, w, h in boxes]
    ax.add_collection(PolyCollection(shapes, joinstyle="miter", **style), autolim=False)


def links(holes: list[dict], cat: Catalog) -> Figure:
    groups = vocabulary().names
    figure = new_figure(5.6, 3.9)
    ax = figure.add_subplot()
    grid(ax, links_rows(cat, holes), 1, 9, linewidths=0)
    ax.set_xlim(0, len(groups) - 1)
    ax.set_ylim(len(groups), 1)
    labels = [wrapped(cat.group(g), 14) for g in groups]
    unlabelled(ax.xaxis, ax.yaxis)
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
    figure = new_figure(7.2, 1.6 + (0.5 * rows + 1.0 if rows else 0))
    if rows:
        top, bottom = figure.subplots(2, 1, height_ratios=[3, 1.4 * rows + 1])
    else:
        top, bottom = figure.add_subplot(), None
    parts = list(YEAR_COLOURS)
    values = [len(change["collaborations"][part]) for part in parts]
    top.barh(range(3), values, color=[YEAR_COLOURS[p] for p in parts], height=0.6)
    numbers_beside(top, range(3), values, cat)
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
            numbers_beside(bottom, positions, values, cat)
        bottom.set_yticks(range(rows), committee_labels(committees, cat))
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


def numbers_beside(ax: Axes, positions: Iterable[float], values: list[int], cat: Catalog) -> None:
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
