"""A matplotlib figure written as SVG in one drawing: its constrained layout and its drawing
share one renderer, so that each text is measured once (:func:`svg_text`).

``Figure.savefig`` draws a figure with a layout engine twice, each time with a new renderer
(a drawing to nowhere for the layout, then the drawing it writes), and matplotlib keeps a
text's size per renderer: every label was measured in each drawing and once more in the
layout. The SVG written here is what ``savefig(format="svg")`` writes, byte for byte (the
settings ``savefig.*`` aside: the charts look the same whatever a notebook saves its own
figures with). No pyplot, no backend chosen: a notebook's own is left alone.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.backend_bases import GraphicsContextBase
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text

#: The points of an inch: SVG's unit, and the resolution matplotlib draws vectors at
POINTS = 72


@functools.cache
def _naming_families() -> type:
    """The renderer class of :func:`svg_text`, made on its first use (matplotlib is imported
    when kg first draws a chart, not when this module is imported)."""
    from matplotlib.backends.backend_svg import RendererSVG

    class _NamingFamilies(RendererSVG):
        """An SVG renderer that gives each text ``families`` as its font, in the order a reader's
        viewer is to try them, whichever one family matplotlib measured it in."""

        def __init__(self, *args: object, families: list[str], **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.families = families

        def draw_text(
            self,
            gc: GraphicsContextBase,
            x: float,
            y: float,
            s: str,
            prop: FontProperties,
            angle: float,
            ismath: bool | str = False,
            mtext: Text | None = None,
        ) -> None:
            """Write the text ``s`` as :class:`RendererSVG` does, naming :attr:`families`."""
            named = prop.copy()
            named.set_family(self.families)
            super().draw_text(gc, x, y, s, named, angle, ismath, mtext)

    return _NamingFamilies


def svg_text(drawn: Figure, metadata: dict[str, str | None], families: list[str]) -> str:
    """``drawn`` laid out (by its layout engine, if it has one) and drawn once, as SVG text with
    ``metadata`` (Dublin Core, as ``savefig``'s), each text naming ``families`` as its font
    (generic ones such as ``sans-serif`` preceded by matplotlib's list for them)."""
    from matplotlib.backends.backend_mixed import MixedModeRenderer

    buffer = io.StringIO()
    dpi = drawn.dpi  # for rasterized parts, as savefig's default (the charts have none)
    drawn.dpi = POINTS
    width, height = drawn.get_size_inches()
    size = (width * POINTS, height * POINTS)
    svg = _naming_families()(*size, buffer, image_dpi=dpi, metadata=metadata, families=families)
    renderer = MixedModeRenderer(drawn, width, height, dpi, svg)
    # the renderer the layout engine measures with (matplotlib asks the canvas for it): this
    # drawing's, for this drawing only
    drawn.canvas.get_renderer = lambda: renderer
    try:
        drawn.draw(renderer)
        renderer.finalize()
    finally:
        del drawn.canvas.get_renderer
        drawn.dpi = dpi
    return buffer.getvalue()
