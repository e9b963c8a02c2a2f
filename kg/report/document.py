"""The report as a document in one language: sections of paragraphs, lists, tables, figures
and definitions, whose text is plain runs, bold runs and links. Markdown and HTML each lay it
out; neither words anything itself.

>>> text = ["see ", Link("the gaps", "#gaps"), "."]
>>> plain(text)
'see the gaps.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from string import Formatter


@dataclass(frozen=True)
class Link:
    """A run of text that links to ``href`` (``#anchor`` or a file beside the report); its
    text (``lang``) and its ``title`` (``title_lang``) may be in another language than the
    report's (a source's title), else "". ``lead`` is text before the link that comes and
    goes with it (a separator); a ``screen_only`` link (to the map) is left off paper.
    ``label`` is what a screen reader names it by, where its text alone is one of many
    alike ("on the map"); it starts with whose it is and ends with the text."""

    text: str
    href: str
    title: str = ""
    kind: str = "link"
    lang: str = ""
    title_lang: str = ""
    lead: str = ""
    screen_only: bool = False
    label: str = ""


@dataclass(frozen=True)
class Foreign:
    """A run of text in another language than the report's, ``lang`` (a source's title)."""

    text: str
    lang: str
    kind: str = "foreign"


@dataclass(frozen=True)
class Strong:
    """A run of bold text."""

    text: str
    kind: str = "strong"


@dataclass(frozen=True)
class Code:
    """A run of code or data as written (an N-Triples statement): never read as markup,
    and not escaped for another medium than the one it is written to."""

    text: str
    kind: str = "code"


#: Text: plain strings, :class:`Link` s, :class:`Strong` s, :class:`Foreign` s and
#: :class:`Code` s, in order.
Text = list


@dataclass
class Paragraph:
    text: Text
    kind: str = "paragraph"


@dataclass
class Bullets:
    """A list; with ``anchors``, each item is a place a link can lead to (its anchor)."""

    items: list[Text]
    anchors: list[str] = field(default_factory=list)
    kind: str = "bullets"


@dataclass
class Table:
    """A table: header cells, which columns are numbers, rows of cells, notes below it."""

    header: list[Text]
    numeric: list[bool]
    rows: list[list[Text]]
    notes: list[Text] = field(default_factory=list)
    #: per row, a class name per cell ("gap": a gap the reader should see), or none
    classes: list[list[str]] = field(default_factory=list)
    #: its own name, where a heading has more tables than one under it; else its heading's
    name: str = ""
    kind: str = "table"


@dataclass
class Figure:
    """A chart: drawn by :mod:`kg.report.charts` as ``charts/<name>.svg``."""

    name: str
    title: str
    caption: Text
    alt: str
    kind: str = "figure"

    @property
    def file(self) -> str:
        return f"charts/{self.name}.svg"


@dataclass
class Box:
    """A framed box of text ("how to read this")."""

    title: str
    items: list[Text]
    kind: str = "box"


@dataclass
class Terms:
    """Definitions: (anchor, term, sentence)."""

    entries: list[tuple[str, str, Text]]
    kind: str = "terms"


@dataclass
class Entries:
    """A numbered list of entries with anchors (the list of sources)."""

    entries: list[tuple[str, Text]]
    kind: str = "entries"


@dataclass
class Heading:
    """A subheading inside a section, with its anchor."""

    id: str
    text: Text
    kind: str = "heading"


@dataclass
class Section:
    id: str
    title: str
    blocks: list = field(default_factory=list)


@dataclass
class Document:
    """The whole report: title, subtitle, lines under the title, sections in order, and the
    heading of its table of contents."""

    lang: str
    title: str
    subtitle: str
    lines: list[Text]
    sections: list[Section]
    contents: str = ""
    #: The names of the other language that the text writes in brackets after a name
    #: ("Fritidsnämnden (Leisure Committee)"): the HTML marks them with their language.
    other_names: frozenset[str] = frozenset()


def other_names(data: object, lang: str) -> frozenset[str]:
    """Every name in the other language than ``lang`` of the things in ``data`` (a report or
    a brief: each dict with a ``label`` and a ``label_en``), as the report writes it in
    brackets after a name; a goal area's also without its number ("2 – ").

    >>> rows = [{"label": "Fritidsnämnden", "label_en": "Leisure Committee"},
    ...         {"label": "2 – En stad", "label_en": "2 – A city"}, {"label": "Polisen"}]
    >>> sorted(other_names({"rows": rows}, "sv")), sorted(other_names(rows, "en"))
    (['2 – A city', 'A city', 'Leisure Committee'], ['2 – En stad', 'En stad', 'Fritidsnämnden'])
    """
    found: set[str] = set()
    todo = [data]
    while todo:
        item = todo.pop()
        if type(item) is str:  # most of a report's values: passed over before the other tests
            continue
        if isinstance(item, dict):
            todo.extend(item.values())
            label, label_en = item.get("label"), item.get("label_en")
            if isinstance(label, str) and isinstance(label_en, str) and label_en != label:
                other = label if lang == "en" else label_en
                found.add(other)
                number, dash, rest = other.partition(" – ")
                if dash and number.isdigit():
                    found.add(rest)
        elif isinstance(item, list | tuple):
            todo.extend(item)
    return frozenset(found - {""})


def plain(text: Text) -> str:
    """The text of runs without their markup."""
    return "".join(
        run if isinstance(run, str) else getattr(run, "lead", "") + run.text for run in text
    )


def anchor(iri: str, prefix: str) -> str:
    """An anchor for a thing in the report, from its IRI below kg's data namespace (a city's
    own folder included, so that two cities' committees of one name have their own), else
    from its IRI without the scheme.

    >>> anchor("https://w3id.org/kg-malmo/id/fritidsnämnden", "c")
    'c-fritidsn-mnden'
    >>> anchor("https://w3id.org/kg-malmo/id/alby/fritidsnamnden", "c")
    'c-alby-fritidsnamnden'
    >>> anchor("https://lund.se/kg/fritidsnamnden", "s")
    's-lund-se-kg-fritidsnamnden'
    """
    from kg.model.vocab import DATA_IRI

    path = iri.removeprefix(DATA_IRI) if iri.startswith(DATA_IRI) else iri.split("://", 1)[-1]
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]", "-", path.strip("/"))


def joined(parts: list[Text], separator: str) -> Text:
    """Several texts as one, ``separator`` between them."""
    out: Text = []
    for i, part in enumerate(parts):
        if i:
            out.append(separator)
        out.extend(part)
    return out


def fill(template: str, **values: object) -> Text:
    """A message's template filled in with values that may be text runs or whole texts.

    >>> text = fill("{n} of {total} lack {group}", n=Strong("3"), total=21, group=[Link("x", "#x")])
    >>> [run if isinstance(run, str) else run.kind for run in text]
    ['strong', ' of 21 lack ', 'link']
    """
    out: Text = []
    for literal, name, spec, _ in Formatter().parse(template):
        if literal:
            out.append(literal)
        if name is None:
            continue
        value = values[name]
        if isinstance(value, list):
            out.extend(value)
        elif isinstance(value, Link | Strong | Foreign | Code):
            out.append(value)
        else:
            out.append(format(value, spec or ""))
    merged: Text = []
    for run in out:
        if isinstance(run, str) and merged and isinstance(merged[-1], str):
            merged[-1] += run
        elif run != "":
            merged.append(run)
    return merged
