"""The report's section on the city council's goal areas, in one language: per goal area the
collaborations the sources link to it, the committees taking part, their partners by group
(the gaps table's partners) and the passage where the source ties each collaboration to the
goal area (:mod:`kg.analysis.goal_areas`)."""

from __future__ import annotations

from kg.model.sectors import vocabulary
from kg.report.document import (
    Link,
    Paragraph,
    Section,
    Table,
    Text,
    joined,
)
from kg.report.evidence import Sources, collaboration_name
from kg.report.i18n import Catalog
from kg.report.sections import committee_link, report_year


def goal_areas(report: dict, cat: Catalog, sources: Sources) -> list[Section]:
    """The section: a summary table of every goal area, then a table of the collaborations
    linked to them; none for data that holds no goal areas (a city's own, say)."""
    rows = report.get("goal_areas") or []
    if not rows:
        return []
    linked = [r for r in rows if r["collaborations"]]
    year = report_year(report)
    if year and not linked:  # the goal areas are named in other years' sources only
        said = cat("goals.none_year", year=year)
        return [Section("goal-areas", cat("heading.goal_areas"), [Paragraph([said])])]
    words = vocabulary()
    blocks = [Paragraph([cat("goals.intro")]), Paragraph([_overview(cat, rows, linked)])]
    header = [
        *([cat(f"goals.{k}")] for k in ("goal_area", "collaborations", "committees", "partners")),
        *[[cat.group(g)] for g in words.names],
        [cat("goals.lacks")],
    ]
    table_rows, classes = [], []
    for row in rows:
        # +: unnamed parties in the group too, named partners or not (as the gaps table has it)
        unnamed = {g for c in row["collaborations"] for x in c["committees"] for g in x["unnamed"]}
        counts = [
            cat.number(row["by_group"].get(g, 0)) + ("+" if g in unnamed else "")
            for g in words.names
        ]
        lacks = cat.groups(row["no_partner_in"]) or cat("words.none")
        table_rows.append(
            [
                [goal_name(cat, row)],
                [cat.number(len(row["collaborations"]))],
                [cat.number(row["committees"])],
                [cat.number(row["partners"])],
                *[[c] for c in counts],
                [lacks if row["collaborations"] else cat("goals.no_collaboration")],
            ]
        )
        gap = bool(row["collaborations"])
        classes.append(
            ["", "" if row["collaborations"] else "gap", "", ""]
            + ["gap" if gap and g in row["no_partner_in"] else "" for g in words.names]
            + [""]
        )
    numeric = [False, True, True, True, *([True] * len(words.names)), False]
    blocks.append(
        Table(
            header,
            numeric,
            table_rows,
            notes=[[cat("goals.plus")]],
            classes=classes,
            name=cat("goals.table_overview") if linked else "",  # the detail's table follows
        )
    )
    if linked:  # one table for all, its head repeated on each printed page
        blocks += [Paragraph([cat("goals.detail")]), _detail(report, cat, sources, linked)]
    return [Section("goal-areas", cat("heading.goal_areas"), blocks)]


def headline(report: dict, cat: Catalog) -> Text:
    """The key finding about goal areas: to how many the sources link collaborations, and
    the groups in which no goal area's collaborations name a partner (none without goal
    areas or collaborations linked to them)."""
    rows = report.get("goal_areas") or []
    linked = [r for r in rows if r["collaborations"]]
    if not linked:
        return []
    linked_text = cat.plural("goals.linked", len(linked), total=cat.number(len(rows)))
    said: Text = [Link(linked_text, "#goal-areas")]
    if nowhere := _nowhere(cat, linked):
        said.append(nowhere)
    return said


def _nowhere(cat: Catalog, linked: list[dict]) -> str:
    """The sentence naming the groups in which no linked goal area's collaborations mention a
    partner, after a space; "" where there are none."""
    gaps = vocabulary().gap_groups
    nowhere = [g for g in gaps if all(g in r["no_partner_in"] for r in linked)] if linked else []
    return " " + cat("goals.nowhere", groups=cat.groups(nowhere)) if nowhere else ""


def goal_name(cat: Catalog, row: dict) -> str:
    """A goal area's name in the report's language, its number written once: "2 – A city
    for work and business (En stad för arbete och näringsliv)"."""
    label, label_en = row["label"], row.get("label_en") or ""
    number, dash, rest = label.partition(" – ")
    if dash and label_en.startswith(number + dash):
        return number + dash + cat.name(rest, label_en.removeprefix(number + dash))
    return cat.name(label, label_en)


def _overview(cat: Catalog, rows: list[dict], linked: list[dict]) -> str:
    """How many goal areas the sources link collaborations to, and the groups no goal
    area's collaborations reach."""
    said = cat.plural("goals.linked", len(linked), total=cat.number(len(rows)))
    unlinked = [goal_name(cat, r) for r in rows if not r["collaborations"]]
    if unlinked:
        said += " " + cat("goals.unlinked", names=cat.join(unlinked))
    return said + _nowhere(cat, linked)


def _detail(report: dict, cat: Catalog, sources: Sources, linked: list[dict]) -> Table:
    """A row per goal area, collaboration and committee taking part in it."""
    keys = ("goal_area", "collaboration", "committee", "partners_by_group", "source")
    header = [[cat(f"goals.{k}")] for k in keys]
    cells = []
    for row in linked:
        goal = goal_name(cat, row)
        for collab in row["collaborations"]:
            name = f"{collaboration_name(cat, collab)} ({cat.type(collab['type'])})"
            for committee in collab["committees"]:
                cells.append(
                    [
                        [goal],
                        [name],
                        [committee_link(cat, committee, report)],
                        _partners(cat, committee),
                        _source(cat, sources, collab["evidence"]),
                    ]
                )
    return Table(header, [False] * 5, cells, name=cat("goals.table_detail"))


def _partners(cat: Catalog, committee: dict) -> Text:
    """A committee's partners in a collaboration, grouped: "civil society: ABF, …"."""
    words = vocabulary()
    parts: list[Text] = []
    for group in words.names:
        names = [cat.named(p) for p in committee["partners"] if p["group"] == group]
        if names:
            parts.append(
                [cat("goals.group_partners", group=cat.group(group), names=", ".join(names))]
            )
    parts += [[cat("goals.unnamed", group=cat.group(group))] for group in committee["unnamed"]]
    return joined(parts, "; ") if parts else [cat("goals.no_partner")]


def _source(cat: Catalog, sources: Sources, evidence: list[dict]) -> Text:
    """The passages tying a collaboration to the goal area: reference, then the quote."""
    if not evidence:
        return [cat("goals.no_passage")]
    return joined([[*sources.refs([e]), ": ", *sources.quote(e)] for e in evidence], " ")
