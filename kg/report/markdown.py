"""The report in Markdown: the document of :mod:`kg.report.compose` laid out as text, with
the charts as image links to ``charts/*.svg`` beside it."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.report.compose import report_document
from kg.report.document import (
    Box,
    Bullets,
    Document,
    Entries,
    Figure,
    Heading,
    Paragraph,
    Table,
    Terms,
    Text,
)

#: Line breaks of CommonMark (a bare carriage return too) and of Unicode, and other controls.
_BREAKS = re.compile("[\r\n\v\f\x85\u2028\u2029]+")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
#: HTML's three and Markdown's punctuation, escaped in one pass.
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]|#~!"}}
)


@lru_cache(maxsize=1 << 16)  # names and words recur on every committee of a large report
def _md(text: object) -> str:
    """Escape text from the data for Markdown tables and prose: HTML, Markdown's punctuation
    and every line break (a bare carriage return starts a new line in CommonMark).

    >>> _md("a|b *c* <x>")
    'a\\\\|b \\\\*c\\\\* &lt;x&gt;'
    """
    return _CONTROLS.sub("", _BREAKS.sub(" ", str(text).translate(_ESCAPES)))


def code_span(text: str) -> str:
    """``text`` as a CommonMark code span: as written (``<``, ``&`` and ``*`` mean nothing
    there, so nothing is escaped), in a run of backticks longer than any in it, with line
    breaks and controls made spaces.

    >>> code_span("<https://e.org/a> <https://e.org/b> 'x`y' .")
    "``<https://e.org/a> <https://e.org/b> 'x`y' .``"
    """
    flat = _CONTROLS.sub(" ", _BREAKS.sub(" ", text))
    ticks = "`" * (max((len(r) for r in re.findall("`+", flat)), default=0) + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    return f"{ticks}{padded}{ticks}"


def _text(text: Text) -> str:
    out = []
    for run in text:
        if isinstance(run, str):
            out.append(_md(run))
        elif run.kind == "strong":
            out.append(f"**{_md(run.text)}**")
        elif run.kind == "foreign":
            out.append(_md(run.text))
        elif run.kind == "code":
            out.append(code_span(run.text))
        else:
            out.append(f"{_md(run.lead)}[{_md(run.text)}]({run.href})")
    return "".join(out)


def _anchor(name: str) -> str:
    return f'<a id="{name}"></a>'


def _block(block: object) -> list[str]:
    match block:
        case Paragraph():
            return [_text(block.text), ""]
        case Bullets():
            anchors = [_anchor(a) for a in block.anchors] or [""] * len(block.items)
            items = zip(anchors, block.items, strict=True)
            return [*(f"- {a}{_text(item)}" for a, item in items), ""]
        case Heading():
            return [_anchor(block.id), "", f"### {_text(block.text)}", ""]
        case Box():
            lines = [f"> **{_md(block.title)}**", ">"]
            return [*lines, *(f"> - {_text(item)}" for item in block.items), ""]
        case Figure():
            image = f"{_anchor('chart-' + block.name)}![{_md(block.alt)}]({block.file})"
            return [image, "", f"*{_md(block.title)}.* {_text(block.caption)}", ""]
        case Terms():
            terms = (
                f"- {_anchor(a)}**{_md(term)}**: {_text(text)}" for a, term, text in block.entries
            )
            return [*terms, ""]
        case Entries():
            entries = enumerate(block.entries, start=1)
            return [*(f"{i}. {_anchor(a)}{_text(text)}" for i, (a, text) in entries), ""]
        case Table():
            marks = block.classes or [[]] * len(block.rows)
            lines = [
                "| " + " | ".join(_text(cell) for cell in block.header) + " |",
                "|" + "".join("---:|" if n else "---|" for n in block.numeric),
                *(
                    "| " + " | ".join(_cells(row, marked)) + " |"
                    for row, marked in zip(block.rows, marks, strict=True)
                ),
                "",
            ]
            for note in block.notes:
                lines += [_text(note), ""]
            return lines
    raise ValueError(f"no Markdown for {block!r}")


def _cells(row: list, classes: list[str]) -> list[str]:
    """A table row's cells, a gap marked ✕ as the HTML's stylesheet marks it."""
    marked = [*classes, *[""] * (len(row) - len(classes))]
    return [_text(c) + (" \u2715" if k == "gap" else "") for c, k in zip(row, marked, strict=True)]


def document_markdown(document: Document) -> str:
    """A report document as Markdown."""
    lines = [f"# {_md(document.title)}", "", f"*{_md(document.subtitle)}*", ""]
    for line in document.lines:
        lines += [_text(line), ""]
    for section in document.sections:
        lines += [_anchor(section.id), "", f"## {_md(section.title)}", ""]
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines).rstrip() + "\n"


def render_markdown(report: dict, lang: str = "en") -> str:
    """The report for people, in Markdown, in ``lang`` (``en`` or ``sv``)."""
    return document_markdown(report_document(report, lang))
