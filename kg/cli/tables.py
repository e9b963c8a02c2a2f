"""The analysis commands' terminal tables in the report's words, in English or Swedish: the
report's own tables (brokers, the most central organisations, communities) drawn for the
terminal, and its rules for names, types, groups and numbers (:mod:`kg.report.i18n`) for the
rest. JSON and CSV stay machine data; only these tables are worded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.cli.base import Table, cell, out, safe, show
from kg.model.city import municipalities

if TYPE_CHECKING:  # pragma: no cover
    from rich.table import Table as RichTable

    from kg.analysis.centrality import CentralityResult
    from kg.analysis.pipeline import Analysis
    from kg.model.facts import Facts
    from kg.report.document import Section
    from kg.report.document import Table as DocumentTable
    from kg.report.i18n import Catalog

#: ``kg centrality --measure`` → the report's heading of that measure (``central.*``), where
#: it is not the measure's own name.
MEASURE_KEYS = {"weighted_degree": "weighted"}


def none_found(title: str, lang: str) -> str:
    """What a table with no rows says instead: "<title>: none" ("inga": its title is plural)."""
    from kg.report.i18n import catalog

    return f"{title}: {catalog(lang)('words.no_rows')}"


def show_found(table: RichTable, rows: list, lang: str) -> None:
    """Print ``table``; with no ``rows``, its title and :func:`none_found` instead."""
    if rows:
        show(table)
    else:
        out.print(none_found(safe(table.title), lang), markup=False)


def named(facts: Facts, rows: list[dict]) -> list[dict]:
    """Rows that name an organisation, each with its English name beside the Swedish one, as
    the report's rows have it (:func:`kg.report.build.named`)."""
    from kg.report.build import named as with_english

    return [with_english(facts, row) for row in rows]


def brokers_table(facts: Facts, rows: list[dict], lang: str) -> RichTable:
    """The report's brokers table for ``rows`` (``brokerage``'s rows, in its order)."""
    from kg.report.i18n import catalog
    from kg.report.network_sections import brokers

    section = brokers({"brokers": named(facts, rows), "city": municipalities(facts)}, catalog(lang))
    return _drawn(section)


def centrality_table(
    facts: Facts, rows: list[dict], result: CentralityResult, measure: str, lang: str
) -> RichTable:
    """The report's table of the most central organisations for ``rows`` (ranked by
    ``measure``), its title naming the measure and its caption how betweenness was found."""
    from kg.report.i18n import catalog
    from kg.report.network_sections import central

    cat = catalog(lang)
    section = central({"central_actors": named(facts, rows), "city": municipalities(facts)}, cat)
    table = _drawn(
        section, f"{section.title} ({cat('central.' + MEASURE_KEYS.get(measure, measure))})"
    )
    how = (
        cat("data.sampled", n=cat.number(result.betweenness_sample))
        if result.betweenness_sample
        else cat("data.exact")
    )
    table.caption = f"{cat('central.betweenness')}: {how} ({result.backend})"
    return table


def communities_table(analysis: Analysis, lang: str) -> RichTable:
    """The report's communities, one per row: its name, then its size, groups and members."""
    from kg.report.document import Bullets, plain
    from kg.report.i18n import catalog
    from kg.report.network_sections import communities

    facts, network = analysis.facts, analysis.network
    found = [
        {
            **c,
            "members": [
                {**m, "partners": network.degree(m["iri"])} for m in named(facts, c["members"])
            ],
        }
        for c in analysis.communities
    ]
    cat = catalog(lang)
    summary = {"communities_modularity": analysis.modularity}  # the intro is not shown here
    section = communities({"communities": found, "summary": summary}, cat)
    backend = analysis.backends["communities"]
    table = Table("", "", title=cell(f"{section.title} (Louvain, {backend})"), show_header=False)
    table.columns[0].style = "bold"
    for block in section.blocks:
        if isinstance(block, Bullets):
            for name, *rest in block.items:
                table.add_row(cell(plain([name])), cell(plain(rest).removeprefix(" — ")))
    return table


#: Below this many columns ``kg suggest`` draws its compact table: the report's five columns
#: would leave "why" a few words wide.
COMPACT_BELOW = 110


def suggestions_table(facts: Facts, result: dict, lang: str, width: int | None = None) -> RichTable:
    """A committee's suggestions (``kg.analysis.suggest.suggest``'s result) as the report's
    table of them (:func:`kg.report.suggestion_sections.suggestion_table`), with its title;
    for a terminal ``width`` under :data:`COMPACT_BELOW` columns, the same words in three
    columns (:func:`compact_suggestions`)."""
    from kg.report.build import neutral
    from kg.report.i18n import catalog
    from kg.report.suggestion_sections import suggestion_table

    cat = catalog(lang)
    named = cat.name(result["label"], facts.actors[result["committee"]]["label_en"])
    title = f"{cat('heading.suggestions')}: {named}"  # the report's heading and the committee
    if width is not None and width < COMPACT_BELOW:
        return compact_suggestions(neutral(result), cat, title, width)
    return document_table(suggestion_table(neutral(result), cat), title)


def compact_suggestions(found: dict, cat: Catalog, title: str, width: int) -> RichTable:
    """The report's suggestions table for a narrow terminal: a row per group lacked (its name,
    or why it has no candidate), then its candidates, each its name and type, its score, and
    the parts of its score one a line; "why" gets the room the names leave."""
    from rich.text import Text

    from kg.report.document import plain
    from kg.report.i18n import capitalised
    from kg.report.sections import score
    from kg.report.suggestion_sections import group_note, score_part

    header = cat.entry("glossary.score")[0].lower()
    table = Table(cat("brokers.organisation"), header, cat("suggestions.why"), title=cell(title))
    for group in found["groups"]:
        if table.rows:
            table.add_section()
        note = group_note(cat, group["note"]) if group["note"] else ""
        name = capitalised(cat.group(group["sector"]))
        table.add_row(Text(safe(name), style="bold"), "", cell(note))
        for c in group["candidates"]:
            named = cell(cat.named(c))
            named.append("\n" + safe(cat.type(c["type"])), style="dim")
            parts = "\n".join(score_part(cat, p) for p in c["parts"])
            table.add_row(named, plain([score(cat, c["score"])]), cell(parts))
    table.columns[1].justify = "right"
    border = 3 * len(table.columns) + 1  # a bar and a space either side of each cell
    scored = max(len(word) for word in header.split())
    named = max(16, min(28, (width - border - scored) // 3))
    table.columns[0].width, table.columns[1].width = named, scored
    table.columns[2].width = max(20, width - border - scored - named)
    return table


def _drawn(section: Section, title: str | None = None) -> RichTable:
    """The one table of a report section, drawn for the terminal with the section's title
    (with no rows where the section has no table: nothing to list)."""
    from kg.report import document

    found = next((b for b in section.blocks if isinstance(b, document.Table)), None)
    if found is None:
        return Table(title=cell(title or section.title))
    return document_table(found, title or section.title)


def document_table(found: DocumentTable, title: str) -> RichTable:
    """A table of the report (:class:`kg.report.document.Table`) for the terminal: the same
    header and cells as text, numbers to the right."""
    from kg.report.document import plain

    table = Table(*(plain(h) for h in found.header), title=cell(title))
    for column, numeric in zip(table.columns, found.numeric, strict=True):
        column.justify = "right" if numeric else "left"
    for row in found.rows:
        table.add_row(*(cell(plain(c)) for c in row))
    return table
