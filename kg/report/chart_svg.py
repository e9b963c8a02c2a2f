"""A matplotlib figure written as SVG in one drawing: its constrained layout and its drawing
share one renderer, so that each text is measured once (:func:`figure`, :func:`svg_text`).

``Figure.savefig`` draws a figure with a layout engine twice, each time with a new renderer
(a drawing to nowhere for the layout, then the drawing it writes), and matplotlib keeps a
text's size per renderer: every label was measured in each drawing and once more in the
layout. The SVG written here is what ``savefig(format="svg")`` writes, byte for byte (the
settings ``savefig.*`` aside: the charts look the same whatever a notebook saves its own
figures with). No pyplot, no backend chosen: a notebook's own is left alone.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.backend_bases import RendererBase

#: The points of an inch: SVG's unit, and the resolution matplotlib draws vectors at
POINTS = 72


class _NamingFamilies(RendererSVG):
    """An SVG renderer that gives each text ``families`` as its font, in the order a reader's
    viewer is to try them, whichever one family matplotlib measured it in."""

    def __init__(self, *args: object, families: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.families = families

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None) -> None:  # noqa: ANN001, PLR0913
        """Write the text ``s`` as :class:`RendererSVG` does, naming :attr:`families`."""
        named = prop.copy()
        named.set_family(self.families)
        super().draw_text(gc, x, y, s, named, angle, ismath, mtext)


class _OneDrawing(FigureCanvasSVG):
    """An SVG canvas whose layout engine measures with the renderer that draws."""

    renderer: RendererBase | None = None

    def get_renderer(self) -> RendererBase | None:
        """The renderer of the drawing under way (the layout engine asks for it)."""
        return self.renderer


def figure(width: float, height: float) -> Figure:
    """A figure of ``width`` × ``height`` inches laid out by constrained layout, to write
    with :func:`svg_text`."""
    drawn = Figure(figsize=(width, height), layout="constrained")
    _OneDrawing(drawn)
    return drawn


def svg_text(drawn: Figure, metadata: dict[str, str | None], families: list[str]) -> str:
    """``drawn`` (made by :func:`figure`) laid out and drawn once, as SVG text with
    ``metadata`` (Dublin Core, as ``savefig``'s), each text naming ``families`` as its font
    (generic ones such as ``sans-serif`` preceded by matplotlib's list for them)."""
    canvas = drawn.canvas
    if not isinstance(canvas, _OneDrawing):
        raise TypeError("a figure to write with svg_text is made by chart_svg.figure")
    buffer = io.StringIO()
    dpi = drawn.dpi  # for rasterized parts, as savefig's default (the charts have none)
    drawn.dpi = POINTS
    width, height = drawn.get_size_inches()
    size = (width * POINTS, height * POINTS)
    svg = _NamingFamilies(*size, buffer, image_dpi=dpi, metadata=metadata, families=families)
    canvas.renderer = MixedModeRenderer(drawn, width, height, dpi, svg)
    try:
        drawn.draw(canvas.renderer)
        canvas.renderer.finalize()
    finally:
        canvas.renderer = None  # its texts' sizes go with it
        drawn.dpi = dpi
    return buffer.getvalue()
