"""The report's section of partner suggestions, in one language, and the table ``kg suggest``
shows: per committee and group lacked, the candidates with their points and the parts of
their score, in words."""

from __future__ import annotations

from kg.analysis.links import grouped
from kg.model.names import in_language_order
from kg.report.document import Heading, Link, Paragraph, Section, Strong, Table, Text, anchor
from kg.report.i18n import Catalog, capitalised
from kg.report.sections import score


def suggestions(report: dict, cat: Catalog) -> Section:
    blocks: list = [
        Paragraph(
            [
                cat("suggestions.intro") + " ",
                Link("→ " + capitalised(cat.entry("glossary.score")[0]), "#g-score"),
            ]
        )
    ]
    if not report["suggestions"]:
        blocks.append(Paragraph([cat("suggestions.none")]))
    for s in report["suggestions"]:
        lacks = cat("suggestions.lacks", groups=cat.groups(s["sectors"]))
        blocks.append(Heading(anchor(s["committee"], "s"), [f"{cat.named(s)} {lacks}"]))
        if s["note"]:
            blocks.append(Paragraph([group_note(cat, s["note"])]))
        if s["groups"]:
            blocks.append(suggestion_table(s, cat))
    return Section("suggestions", cat("heading.suggestions"), blocks)


def suggestion_table(found: dict, cat: Catalog) -> Table:
    """A committee's suggestions (as report.json gives them: :func:`kg.report.build.neutral`)
    as the report and ``kg suggest`` show them: per candidate its group, name, type, its
    points and their parts, in words; for a group with none, why."""
    header = [
        [cat("brokers.group")],
        [cat("brokers.organisation")],
        [cat("brokers.type")],
        [Link(cat.entry("glossary.score")[0].lower(), "#g-score")],  # a column: no capital
        [cat("suggestions.why")],
    ]
    rows: list[list[Text]] = []
    for group in found["groups"]:
        label = capitalised(cat.group(group["sector"]))
        if group["note"]:
            rows.append([[label], [], [], [], [group_note(cat, group["note"])]])
        for c in group["candidates"]:
            parts = "; ".join(score_part(cat, p) for p in c["parts"])
            name = Strong(cat.named(c))
            rows.append([[label], [name], [cat.type(c["type"])], [score(cat, c["score"])], [parts]])
    return Table(header, [False, False, False, True, False], rows)


def group_note(cat: Catalog, note: dict) -> str:
    """A suggestion's note (a key of the catalogs' ``[suggestions]`` with its values)."""
    values = dict(note["values"])
    if "group" in values:
        values["group"] = cat.group(values["group"])
    return cat(f"suggestions.{note['key']}", **values)


def score_part(cat: Catalog, part: dict) -> str:
    """One part of a suggestion's score, in words: its points and what it counts."""
    items = in_language_order(part.get("items", []), cat.lang)  # by the names shown
    if part["kind"] == "similar":  # the most similar first
        items.sort(key=lambda i: -i["similarity"])
        names = ", ".join(
            cat(
                "suggestions.similarity",
                name=cat.short_named(i),
                value=score(cat, i["similarity"]),
            )
            for i in items
        )
    elif part["kind"] == "partners":  # gathered by the collaborations that link them
        names = ", ".join(_through(cat, linked, via) for linked, via in grouped(items))
    else:
        names = ", ".join(cat.short_named(i) for i in items)
    points = score(cat, part["points"])
    return f"{points}: " + cat(f"suggestions.{part['kind']}", n=cat.number(len(items)), names=names)


def _through(cat: Catalog, items: list[dict], via: list[dict]) -> str:
    """Items of a suggestion's part by name; partners of the committee with the collaborations
    they work with the candidate through (:func:`kg.analysis.links.grouped`), where named."""
    names = cat.join([cat.short_named(i) for i in items])
    if not via:
        return names
    shown = in_language_order(via, cat.lang)
    through = cat.join([cat.short_named(c) for c in shown])
    return cat("suggestions.through", names=names, collaborations=through)
