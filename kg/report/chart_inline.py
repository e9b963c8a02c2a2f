"""A chart's SVG put inside the report's HTML page (:func:`inline_svg`)."""

from __future__ import annotations

import re

_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(svg: str, prefix: str, label: str, kind: str = "chart") -> str:
    """An SVG chart to put inside an HTML page: no XML prologue, its ids prefixed (several
    charts on one page must not share an id), scaling to the page's width, labelled for
    screen readers, of the class ``kind`` (``chart``; ``chart-narrow`` for a phone's).

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
    head = head.replace("<svg", f'<svg role="img" aria-label="{escape(label)}" class="{kind}"', 1)
    return head + body[head_end:]
