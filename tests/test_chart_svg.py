"""A figure written as SVG in one drawing (kg.report.chart_svg) is what matplotlib's own
``savefig`` writes of it, and the figure is left as it was."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest

from kg.report.chart_svg import svg_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FAMILIES = ["DejaVu Sans", "sans-serif"]  # both matplotlib's own DejaVu Sans, measured alike
METADATA = {"Date": None, "Creator": "kg"}


def _figure() -> Figure:
    """A small chart with what the report's have: constrained layout, wrapped tick labels,
    an axis label, a legend outside, texts and hatched bars."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4, 3), layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    bars = ax.barh([0, 1, 2], [3, 1, 2], hatch="//", edgecolor="#222222", label="group")
    ax.set_yticks([0, 1, 2], ["Arbetsmarknads-\nnämnden", "Kulturnämnden", "Fritidsnämnden"])
    ax.set_xlabel("partners")
    for bar in bars:
        ax.text(bar.get_width() + 0.1, bar.get_y(), f"{bar.get_width():g} ✕", fontsize=8)
    figure.legend(loc="outside upper center")
    figure.supxlabel("Källa: Malmö stad, CC BY 4.0", x=0.0, ha="left", fontsize=7)
    return figure


@pytest.fixture
def style():
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kg-test"}):
        yield


def test_one_drawing_writes_what_savefig_writes(style):
    import matplotlib

    with matplotlib.rc_context({"font.family": FAMILIES}):
        saved = io.StringIO()
        _figure().savefig(saved, format="svg", metadata=METADATA)
    with matplotlib.rc_context({"font.family": FAMILIES[:1]}):  # laid out in one family
        written = svg_text(_figure(), METADATA, FAMILIES)
    # (matplotlib 3.8 writes the list in the shorthand "font: 10px …")
    assert "'DejaVu Sans', 'Bitstream Vera Sans'" in written
    assert written == saved.getvalue()


@pytest.mark.slow
def test_the_figure_is_left_as_it_was(style):
    figure = _figure()
    dpi, renderer = figure.dpi, figure.canvas.get_renderer()
    assert svg_text(figure, METADATA, FAMILIES).startswith("<?xml")
    assert figure.dpi == dpi and figure.canvas.get_renderer() is renderer  # Agg's own again
    figure.savefig(io.BytesIO(), format="png")  # and matplotlib's own saving still works
