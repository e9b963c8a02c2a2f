"""A committee's brief as a document in one language (``kg report --committee``): in short,
its partners per group with its gaps, its collaborations with their kinds and years, kg's
suggestions with their reasons, the evidence word for word and the sources. Every word comes
from the catalogs (``[brief]``, and the report's own keys where the report says the same)."""

from __future__ import annotations

from collections import Counter

from kg.analysis.gaps import ABSENT
from kg.model.names import in_language_order
from kg.model.sectors import vocabulary
from kg.report.compose import digest_line, made_line
from kg.report.document import (
    Bullets,
    Document,
    Heading,
    Paragraph,
    Section,
    Strong,
    Table,
    Terms,
    Text,
    other_names,
)
from kg.report.evidence import Sources, unnamed
from kg.report.goal_area_sections import goal_name
from kg.report.i18n import Catalog, capitalised, catalog
from kg.report.sections import group_count
from kg.report.successors import lineage_words
from kg.report.suggestion_sections import group_note, suggestion_table


def brief_document(brief: dict, lang: str = "en") -> Document:
    """The brief of :func:`kg.report.brief.committee_brief` in ``lang``, one short document."""
    cat = catalog(lang)
    row = brief["committee"]
    sources = Sources(brief, cat)
    made = made_line(brief["documents"], cat, no_year="—")
    year = (brief.get("year") or {}).get("year")
    lines = [[made], [cat("brief.from_report")], *digest_line(brief, cat)]
    if year:
        lines.append([cat("brief.year", year=year)])
    return Document(
        lang=lang,
        title=cat("brief.title", name=cat.named(row)),
        subtitle=cat("brief.subtitle"),
        lines=lines,
        other_names=other_names(brief, lang),
        sections=[
            summary(brief, cat, sources),
            collaborations(brief, cat, sources),
            *([change(brief["compare"], cat, sources)] if brief.get("compare") else []),
            suggestions(brief, cat),
            quotes(brief, cat, sources),
            sources.section(),
        ],
    )


def summary(brief: dict, cat: Catalog, sources: Sources) -> Section:
    """The status, the partners named, and per group who they are; the gaps in words."""
    row = brief["committee"]
    blocks: list = [Paragraph([cat("brief.status", status=cat.status(row["status"]))])]
    said = lineage_words(cat, row)
    if said:  # renamed, merged or split: where its work is under another name
        blocks.append(Paragraph([capitalised(said) + ". " + cat("gaps.replaced_note")]))
    # as the report's gaps table counts them (row["partner_collaborations"]): a collaboration
    # and its parts once, where the table below lists each part that names partners
    named = row.get("partner_collaborations", 0)
    if row["partners"]:
        through = cat.plural("count.collaborations", named)
        sentence = cat.plural("brief.named", row["partners"], collaborations=through)
        if named < sum(1 for c in brief["collaborations"] if c["partners"]):
            sentence = sentence.removesuffix(".") + cat("brief.parts_once")
    else:
        sentence = cat("brief.no_named")
    blocks.append(Paragraph([sentence]))
    if row["status"] == ABSENT:
        year = (brief.get("year") or {}).get("year")
        said = cat("appendix.absent_year", year=year) if year else cat("brief.gaps_unknown")
        blocks.append(Paragraph([said]))
        return Section("brief-summary", cat("brief.summary"), blocks)
    if row["missing_sectors"]:
        groups = cat.groups(row["missing_sectors"])
        blocks.append(Paragraph([Strong(cat("brief.gaps", groups=groups))]))
    else:
        blocks.append(Paragraph([cat("brief.no_gap")]))
    blocks += [Heading("brief-groups", [cat("brief.groups")]), _groups_table(row, cat)]
    if row["partner_list"] == [] and not row["unnamed"]:  # (an absent one returned above)
        blocks.append(Paragraph(sources.cited([cat("appendix.none")], row.get("described_in", []))))
    return Section("brief-summary", cat("brief.summary"), blocks)


def _groups_table(row: dict, cat: Catalog) -> Table:
    ordered = in_language_order(row["partner_list"], cat.lang)  # by the names shown
    rows: list[list[Text]] = []
    classes: list[list[str]] = []
    for group in vocabulary().names:
        partners = [p for p in ordered if p["category"] == group]
        who = cat.join([cat.named(p) for p in partners])
        if group in row["unnamed_sectors"]:
            who = "; ".join(filter(None, [who, cat("brief.unnamed", groups=cat.group(group))]))
        gap = group in row["missing_sectors"]
        who = who or cat("gaps.none_mentioned")
        rows.append([[capitalised(cat.group(group))], [group_count(cat, row, group)], [who]])
        classes.append(["", "gap" if gap else "", ""])
    header = [[cat(f"brief.{k}")] for k in ("group", "count", "who")]
    notes = [[cat.gap_mark()]]
    if row["unnamed_sectors"]:
        notes.append([cat("gaps.plus")])
    return Table(header, [False, True, False], rows, notes=notes, classes=classes)


def collaborations(brief: dict, cat: Catalog, sources: Sources) -> Section:
    """The committee's collaborations: kind, years reported, partners named, source."""
    found = brief["collaborations"]
    if not found:
        blocks = [Paragraph([cat("brief.no_collaboration")]), *_counts(brief, cat, sources)]
        return Section("brief-collaborations", cat("brief.collaborations"), blocks)
    kinds = Counter(c["type"] for c in found)
    listed = cat.join([f"{cat.number(n)} {cat.type(kind, n)}" for kind, n in sorted(kinds.items())])
    blocks: list = [Paragraph([cat("brief.kinds", kinds=listed)])]
    if "IOP" not in kinds:
        blocks.append(Paragraph([cat("brief.no_iop")]))
    if "goal_areas" in brief:  # the data has goal areas
        blocks.append(Paragraph([_goal_areas(brief["goal_areas"], cat)]))
    rows = []
    for c in found:
        partners = [cat.named(p) for p in c["partners"]]
        if c["unnamed"]:
            partners.append(cat("brief.unnamed", groups=cat.groups(sorted(c["unnamed"]))))
        if not partners and c["own_work"]:
            partners.append(cat("brief.own_work"))
        if not partners and c.get("parts"):  # a whole: its partners named in its parts
            parts = cat.join([cat.named(p) for p in c["parts"]])
            partners.append(cat("brief.through_parts", parts=parts))
        years = ", ".join(str(y) for y in c["years"]) or cat("words.none")
        rows.append(
            [
                [Strong(cat.named(c))],
                [cat.type(c["type"])],
                [years],
                ["; ".join(partners) or cat("words.none")],
                sources.refs(c["evidence"]) or [cat("words.none")],
            ]
        )
    keys = ("collaboration", "kind", "years", "partners", "evidence")
    header = [[cat(f"brief.{k}")] for k in keys]
    blocks.append(Table(header, [False] * 5, rows, notes=[[cat("brief.years_note")]]))
    blocks += _counts(brief, cat, sources)
    return Section("brief-collaborations", cat("brief.collaborations"), blocks)


def _goal_areas(found: list[dict], cat: Catalog) -> str:
    """The goal areas the sources link the committee's collaborations to, each with them."""
    if not found:
        return cat("brief.no_goal_area")
    items = [
        goal_name(cat, goal) + ": " + cat.join([cat.named(c) for c in goal["collaborations"]])
        for goal in found
    ]
    return cat("brief.goal_areas", items="; ".join(items))


def _counts(brief: dict, cat: Catalog, sources: Sources) -> list:
    """The counts of unnamed partners the sources state ("six IOPs with associations")."""
    items: list[Text] = [
        sources.cited([unnamed(cat, sector, item)], item["evidence"])
        for sector, found in brief["committee"]["unnamed"].items()
        for item in found
        if "count" in item
    ]
    return [Bullets(items)] if items else []


def change(compare: dict, cat: Catalog, sources: Sources) -> Section:
    """What changed for the committee between two years, as the report's comparison words
    it: its partner groups and partners, its collaborations first and last reported, and
    what the sources cannot tell."""
    from kg.report import change_sections

    years = {"first": compare["first"]["year"], "second": compare["second"]["year"]}
    blocks = [
        *change_sections._committees(compare, cat, years),
        *change_sections._collaborations(compare, cat, sources, years),
        *change_sections.cannot_tell(compare, cat),
    ]
    return Section("brief-change", cat("change.title", **years), blocks)


def suggestions(brief: dict, cat: Catalog) -> Section:
    """kg's suggestions for the groups the sources name no partner in, said to be kg's."""
    found = brief["suggestions"]
    blocks: list = [Paragraph([cat("brief.suggestions_intro")])]
    if found is None:
        blocks = [Paragraph([cat("brief.suggestions_none")])]
    else:
        if found["note"]:
            blocks.append(Paragraph([group_note(cat, found["note"])]))
        if found["groups"]:
            blocks.append(suggestion_table(found, cat))
            term, sentence = cat.entry("glossary.score")
            blocks.append(Terms([("g-score", capitalised(term), [sentence])]))
    return Section("brief-suggestions", cat("brief.suggestions"), blocks)


def quotes(brief: dict, cat: Catalog, sources: Sources) -> Section:
    """Every passage the brief rests on, word for word, with its reference."""
    ordered = sorted(
        brief["evidence"],
        key=lambda e: (sources.order.get(e["document"], 0), e.get("page") or 0, e["quote"]),
    )
    items = [sources.cited(sources.quote(e), [e]) for e in ordered]
    blocks: list = [Paragraph([cat("brief.quotes_intro")])]
    if items:
        blocks.append(Bullets(items))
    return Section("brief-evidence", cat("brief.quotes"), blocks)
