"""WCAG 2.1's contrast ratio of two colours (its relative luminance), for the tests that hold
the pages' and charts' text and lines to it."""

from __future__ import annotations

import re

#: What WCAG 2.1 AA asks of text (1.4.3) and of lines a reader needs to see (1.4.11).
TEXT, GRAPHICS = 4.5, 3.0


def rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb``, ``#rgb``, ``rgb(r, g, b)`` or ``white``/``black`` as three channels 0–1."""
    colour = colour.strip().lower()
    named = {"white": "#ffffff", "black": "#000000"}
    colour = named.get(colour, colour)
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    found = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*1)?\)", colour)
    if not found:
        raise ValueError(f"not an opaque colour: {colour!r}")
    return tuple(int(c) / 255 for c in found.groups())  # type: ignore[return-value]


def luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(one: str, other: str) -> float:
    """The contrast ratio of two colours, 1 to 21.

    >>> round(ratio("#999999", "#ffffff"), 2), round(ratio("black", "white"), 1)
    (2.85, 21.0)
    """
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
