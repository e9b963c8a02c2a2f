"""How the report's charts look: colours, a gap's mark and ink, each group's hatch, the ink
that stands out from a fill (:func:`ink`), and the matplotlib settings they are drawn in
(:func:`styled`)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from kg.web.style import contrast

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

#: The fonts each text of a chart names, for the reader's viewer (the SVG keeps text as text);
#: matplotlib lays the text out in the first, its own, which every machine with it has (one
#: family to look up at every text, not three)
FONT_FAMILIES = ["DejaVu Sans", "Liberation Sans", "sans-serif"]
#: The chart of change: the first year, the second (Okabe–Ito orange and blue) and both.
YEAR_COLOURS = {"only_first": "#E69F00", "both": "#999999", "only_second": "#0072B2"}
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "kg-report",
    "font.family": FONT_FAMILIES[:1],  # what the text is measured in: matplotlib's own
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "text.parse_math": False,  # a name holding two $ is text from the data, not maths
}
GAP_FILL = "#FBE3D6"  # a pale vermillion: a group a committee lacks
EMPTY_FILL = "#F2F2F2"
INK = "#222222"
#: A gap's number: a dark vermillion, 5.3:1 on its fill (the map's vermillion is 3.1:1)
GAP_INK = "#A03F00"
#: The mark of a gap, as the report's gaps table gives it
GAP_MARK = "\u2715"
#: Each partner group's second cue beside its colour, for a print in black and white: a
#: hatch and its ink (none for the darkest and the palest, told apart by their shade)
GROUP_HATCHES = {
    "civil": ("", "white"),
    "academia": ("///", INK),
    "business": ("...", INK),
    "agencies": ("\\\\\\", "white"),
    "city": ("", "white"),
}
#: What WCAG 2.1 asks of the contrast of text with its background (1.4.3, AA)
TEXT_CONTRAST = 4.5


@contextmanager
def styled() -> Iterator[None]:
    """Draw in the charts' settings. Their text is laid out in one family, matplotlib's own,
    so that a family of :data:`FONT_FAMILIES` missing on this machine is no note at every
    text (matplotlib warns of each family of a list it cannot find, at every text)."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        yield


def shade(strength: float) -> str:
    """A blue (Okabe–Ito's) mixed with white: ``strength`` 0 is white, 1 the full blue.

    >>> shade(1.0), shade(0.0)
    ('#0072b2', '#ffffff')
    """
    blue = (0x00, 0x72, 0xB2)
    strength = min(max(strength, 0.0), 1.0)
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in blue)


def ink(fill: str) -> str:
    """The colour of a number on ``fill``: the charts' ink or white, whichever stands out
    more from it, or black where neither is 4.5:1 (the blues in between).

    >>> ink("#ffffff"), ink("#0072b2"), ink(shade(0.85))
    ('#222222', '#ffffff', '#000000')
    """
    best = max((INK, "#ffffff"), key=lambda colour: contrast(colour, fill))
    return best if contrast(best, fill) >= TEXT_CONTRAST else "#000000"
