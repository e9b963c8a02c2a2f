"""The report's sections on time, in one language: a year's sources (``--year``) and the change
between two years (``--compare``), from the data of :mod:`kg.report.compare`. Every word
comes from the language's catalog (``[year]``, ``[change]``, ``[known]``, ``[cannot_tell]``);
evidence is referenced as everywhere else in the report (:class:`~kg.report.evidence.Sources`).
"""

from __future__ import annotations

from kg.model.names import natural
from kg.report.document import (
    Bullets,
    Figure,
    Heading,
    Link,
    Paragraph,
    Section,
    Strong,
    Table,
    Text,
    fill,
)
from kg.report.evidence import Sources
from kg.report.i18n import Catalog

#: Items listed before "and n more" (report.json lists all).
LIST_LIMIT = 100
#: The chart of change draws at most this many committees (the largest changes first).
CHART_COMMITTEES = 40


def sections(report: dict, cat: Catalog, sources: Sources) -> list[Section]:
    """The year's section (a year's view) and the comparison (``--compare``), in that order;
    none when the report has neither."""
    found = []
    if "year" in report:
        found.append(year_section(report["year"], cat, sources))
    if "compare" in report:
        found.append(change_section(report["compare"], cat, sources))
        if "year" not in report:  # the rest of the report is every year's: say so at once
            first, second = (report["compare"][k]["year"] for k in ("first", "second"))
            said = cat("change.rest", first=first, second=second)
            found[-1].blocks.insert(1, Paragraph([said]))
    return found


def count_what(cat: Catalog, row: dict) -> str:
    """What a stated count counts, in the catalog's language: the class, the status counted
    and the group, as far as the source gives them.

    >>> from kg.report.i18n import catalog
    >>> row = {"what": "investigation assignment", "what_sv": "utredningsuppdrag",
    ...        "status_label": "done (green)", "status_label_sv": "klart (grönt)", "sector": None}
    >>> count_what(catalog("sv"), row), count_what(catalog("en"), row)
    ('utredningsuppdrag, klart (grönt)', 'investigation assignment, done (green)')
    """
    sv = cat.lang == "sv"
    parts = [row["what_sv"] if sv else row["what"]]
    status = row["status_label_sv"] if sv else row["status_label"]
    if status:
        parts.append(status)
    if row.get("sector"):
        parts.append(cat.group(row["sector"]))
    return ", ".join(parts)


def year_section(summary: dict, cat: Catalog, sources: Sources) -> Section:
    """What the sources report for a year: what the year holds, its documents, its counts."""
    year = summary["year"]
    holds = cat(
        "year.facts",
        collaborations=cat.plural("count.collaborations", summary["collaborations"]),
        stated=cat.number(summary["with_stated_years"]),
        parties=cat.plural("count.parties", summary["parties"]),
        counts=cat.plural("count.stated_counts", len(summary["counts"])),
        described=cat.number(summary["described_committees"]),
        committees=cat.plural("count.committees", summary["committees"]),
    )
    blocks: list = [
        Paragraph(fill(cat.template("year.intro"), year=year, absent=Strong(cat.status("absent")))),
        Paragraph([cat("cannot_tell.year_meaning")]),
        Bullets([[holds]]),
        Heading("year-sources", [cat("year.sources", year=year)]),
        Table(
            [[cat("year.document")], [cat("year.reports_on")], [cat("year.quoted_for", year=year)]],
            [False, False, True],
            [_document_row(d, cat, sources) for d in summary["documents"]],
        ),
        *_other_documents(cat, summary["documents"]),
    ]
    if summary["counts"]:
        rows = [
            [
                [cat.named(c)],
                [count_what(cat, c)],
                [cat.number(c["count"])],
                _refs(sources, cat, c["evidence"]),
            ]
            for c in summary["counts"]
        ]
        header = [[cat(f"year.{k}")] for k in ("for", "what", "number", "evidence")]
        blocks += [
            Heading("year-counts", [cat("year.counts")]),
            Table(header, [False, False, True, False], rows),
        ]
    return Section("year", cat("year.title", year=year), blocks)


def change_section(change: dict, cat: Catalog, sources: Sources) -> Section:
    """What changed between two years: the sources of each, the stated counts of both, the
    collaborations, the committees, and what the sources cannot tell."""
    first, second = change["first"]["year"], change["second"]["year"]
    years = {"first": first, "second": second}
    blocks: list = [
        Paragraph([cat("change.intro", **years)]),
        _picture(change, cat, years),
        Heading("change-sources", [cat("change.sources")]),
        Table(
            [
                [cat(k)]
                for k in ("change.year", "year.document", "year.reports_on", "change.quoted_for")
            ],
            [False, False, False, True],
            [
                [[str(years[name])], *_document_row(d, cat, sources)]
                for name in ("first", "second")
                for d in change[name]["documents"]
            ],
        ),
        *_other_documents(cat, change["first"]["documents"] + change["second"]["documents"]),
    ]
    if change["counts"]:
        header = [[cat("year.for")], [cat("year.what")], [str(first)], [str(second)]]
        rows = [
            [
                [cat.named(c)],
                [count_what(cat, c)],
                *([cat("words.none") if c[n] is None else cat.number(c[n])] for n in years),
                _refs(sources, cat, c["evidence"]),
            ]
            for c in change["counts"]
        ]
        blocks += [
            Heading("change-counts", [cat("year.counts")]),
            Table([*header, [cat("year.evidence")]], [False, False, True, True, False], rows),
        ]
    blocks += _collaborations(change, cat, sources, years)
    blocks += _committees(change, cat, years)
    blocks += cannot_tell(change, cat)
    return Section("change", cat("change.title", **years), blocks)


def chart_committees(change: dict) -> list[dict]:
    """The committees the chart of change draws: those the sources describe in both years
    (of the others they cannot tell the partners in one year), the largest change in named
    partners first, else in the report's order; at most :data:`CHART_COMMITTEES`."""
    both = [r for r in change["committees"] if r["described"] == "both"]
    both.sort(key=lambda r: -abs(r["partners"][1] - r["partners"][0]))
    return both[:CHART_COMMITTEES]


def _picture(change: dict, cat: Catalog, years: dict) -> Figure:
    """The chart of change (``charts/change.svg``), with what it leaves out in its caption."""
    total = sum(r["described"] == "both" for r in change["committees"])
    shown = len(chart_committees(change))
    caption = [cat("chart.change_caption", **years)]
    if not total:
        caption.append(" " + cat("chart.change_no_committee", **years))
    elif shown < total:
        numbers = {"shown": cat.number(shown), "total": cat.number(total)}
        caption.append(" " + cat("chart.change_shown_of", **numbers))
    title = cat("chart.change_title", **years)
    return Figure("change", title, caption, cat("chart.alt", title=title))


def _collaborations(change: dict, cat: Catalog, sources: Sources, years: dict) -> list:
    blocks: list = [Heading("change-collaborations", [cat("change.collaborations")])]
    found = change["collaborations"]
    if any(found.values()):  # what "first reported" and "last reported" mean
        blocks.append(Paragraph([cat("change.known_intro", **years)]))
    both = found["both"]
    if both:
        items = ", ".join(cat.named(c) for c in both[:LIST_LIMIT])
        text = cat("change.in_both", n=cat.number(len(both)), items=items)
        blocks.append(Paragraph([text]))
        if len(both) > LIST_LIMIT:
            blocks.append(Paragraph([cat("change.more", n=cat.number(len(both) - LIST_LIMIT))]))
    for key in ("only_second", "only_first"):
        rows = found[key]
        if not rows:
            continue
        blocks.append(Paragraph([cat(f"change.{key}", n=cat.number(len(rows)), **years)]))
        items = [_collaboration(c, cat, sources, years) for c in rows[:LIST_LIMIT]]
        if len(rows) > LIST_LIMIT:
            items.append([cat("change.more", n=cat.number(len(rows) - LIST_LIMIT))])
        blocks.append(Bullets(items))
    return blocks


def _collaboration(row: dict, cat: Catalog, sources: Sources, years: dict) -> Text:
    shown = row["years"]  # "reported before the first year as well": the years before it
    if row["known"] == "not_in_first":
        shown = [y for y in shown if y < years["first"]]
    elif row["known"] == "not_in_second":
        shown = [y for y in shown if y > years["second"]]
    known = cat(
        f"known.{row['known']}", year=row["year"], years=", ".join(map(str, shown)), **years
    )
    if row.get("ended"):  # first reported (or started) in the second year, and ended by it
        known = cat("known.also_ended", known=known, year=row["ended"])
    values = {
        "label": Strong(cat.named(row)),
        "type": cat.type(row["type"]),
        "known": known,
    }
    if row["reported_by"]:
        names = [cat.named(r) for r in row["reported_by"]]
        text = fill(cat.template("change.item"), reported_by=cat.join(names), **values)
    else:
        text = fill(cat.template("change.item_unreported"), **values)
    return sources.cited(text, row["evidence"])


def _committees(change: dict, cat: Catalog, years: dict) -> list:
    first, second = years["first"], years["second"]
    blocks: list = [
        Heading("change-committees", [cat("change.committees")]),
        Paragraph([cat("change.committees_intro", **years)]),
    ]
    changed = [r for r in change["committees"] if r["described"] == "both" and r["changed"]]
    if changed:
        header = [
            [cat("change.committee")],
            [cat("change.status", year=first)],
            [cat("change.status", year=second)],
            [cat("change.partners", **years)],
            [cat("change.gained", **years)],
            [cat("change.lost", **years)],
        ]
        rows = [
            [
                [_committee(cat, r)],
                [cat.status(r["status"][0])],
                [cat.status(r["status"][1])],
                [f"{cat.number(r['partners'][0])} → {cat.number(r['partners'][1])}"],
                [_groups(cat, r, "groups_gained", 0, years)],
                [_groups(cat, r, "groups_lost", 1, years)],
            ]
            for r in changed
        ]
        blocks.append(Table(header, [False, False, False, True, False, False], rows))
        partners: list[Text] = []
        for r in changed:
            for key in ("partners_gained", "partners_lost"):
                if r[key]:
                    names = [cat.named(p) for p in r[key][:LIST_LIMIT]]
                    text = cat(f"change.{key}", items=", ".join(names), **years)
                    partners.append([Strong(_committee(cat, r)), ": " + text])
        for r in changed:  # a year that describes it without partners: not a loss
            partners += [[Strong(_committee(cat, r)), ": " + untold(cat, r, u, years)]
                         for u in r.get("untold", ())]  # fmt: skip
        if partners:
            blocks.append(Bullets(partners))
        continuing = [r for r in changed if r.get("continues")]
        continued = [_committee(cat, r) for r in continuing]
        if continued:
            blocks.append(Paragraph([cat("change.continued", items="; ".join(continued), **years)]))
        split = _split(cat, continuing)
        if split:
            blocks.append(Paragraph([cat("change.split", items="; ".join(split), **years)]))
    elif any(r["described"] == "both" for r in change["committees"]):
        blocks.append(Paragraph([cat("change.no_committee_change")]))
    else:  # none to compare: not "none changed"
        blocks.append(Paragraph([cat("change.no_committee_in_both", **years)]))
    unchanged = [r for r in change["committees"] if r["described"] == "both" and not r["changed"]]
    if unchanged:
        names = [cat.named(r) for r in unchanged[:LIST_LIMIT]]
        more = len(unchanged) - LIST_LIMIT
        if more > 0:
            names.append(cat("change.more_names", n=cat.number(more)))
        text = cat.plural("change.unchanged", len(unchanged), items=", ".join(names), **years)
        blocks.append(Paragraph([text]))
    for key, which in (("first_described", "second"), ("last_described", "first")):
        found = [r for r in change["committees"] if r["described"] == which]
        if found:
            names = [cat.named(r) for r in found[:LIST_LIMIT]]
            blocks.append(Paragraph([cat(f"change.{key}", items=", ".join(names), **years)]))
    return blocks


def _groups(cat: Catalog, row: dict, key: str, year: int, years: dict) -> str:
    """The groups a committee reached in one year and not the other; where the year it did
    not (``year``: 0 the first, 1 the second) describes it without naming a partner, that
    it is not told, not that the groups were lost or gained."""
    if row[key] and any(u["year"] == year for u in row.get("untold", ())):
        return cat("change.untold_cell", year=years["second" if year else "first"])
    return cat.groups(row[key]) or cat("words.none")


def untold(cat: Catalog, row: dict, said: dict, years: dict) -> str:
    """Why a committee's partners do not compare with a year whose sources describe it but
    name no partner of it (:func:`kg.report.compare._untold`), in words."""
    year, other = (years["second"], years["first"]) if said["year"] else tuple(years.values())
    names = [cat.named(c) for c in said["collaborations"]]
    return cat(
        "change.untold" if names else "change.untold_only",
        year=year,
        other=other,
        items=cat.join(names),
        before=cat.number(row["partners"][0]),
        after=cat.number(row["partners"][1]),
    )


def _committee(cat: Catalog, row: dict) -> str:
    """A compared committee's name; one that continues a committee it replaced (renamed or
    merged) with theirs: "Arbetsmarknads- och socialnämnden (tidigare Sociala resursnämnden)"."""
    name = cat.named(row)
    if not row.get("continues"):
        return name
    names = cat.join([cat.named(o) for o in row["continues"]])
    return cat("change.formerly", name=name, names=names)


def _split(cat: Catalog, continuing: list[dict]) -> list[str]:
    """Each committee of the first year that more than one of the second continues (a
    split), with those that continue it: "Sociala nämnden, continued by A and B"."""
    by_old: dict[str, tuple[dict, list[str]]] = {}
    for row in continuing:
        for old in row["continues"]:
            by_old.setdefault(old["iri"], (old, []))[1].append(cat.named(row))
    return [
        cat(
            "change.split_into",
            name=cat.named(o),
            names=cat.join(sorted(new, key=natural)),
        )
        for o, new in by_old.values()
        if len(new) > 1
    ]


def _document_row(document: dict, cat: Catalog, sources: Sources) -> list[Text]:
    """A document of a year: its title (linking to the list of sources), the year it reports
    on, and how many of the year's facts are quoted from it."""
    title = document["title"] or document["document"].rsplit("/", 1)[-1]
    where = sources.anchor.get(document["document"])
    # the title in its language where not the report's, marked as such
    lang = sources.language.get(document["document"], "") if document["title"] else ""
    cell: Text = [Link(title, "#" + where, lang=lang)] if where else [title]
    if document["reports_the_year"]:
        reports = cat("year.this_year", year=document["report_year"])
    else:
        reports = str(document["report_year"] or cat("words.none"))
    return [cell, [reports], [cat.number(document["facts"])]]


def _other_documents(cat: Catalog, documents: list[dict]) -> list[Paragraph]:
    """Why a document of another year is among a year's sources, where one is."""
    if all(d["reports_the_year"] for d in documents):
        return []
    return [Paragraph([cat("year.other_documents")])]


def _refs(sources: Sources, cat: Catalog, evidence: list[dict]) -> Text:
    return sources.refs(evidence) or [cat("words.none")]


def cannot_tell(change: dict, cat: Catalog) -> list:
    """What the sources cannot tell of the change (its ``notes``), under its heading."""
    notes = [
        [cat(f"cannot_tell.{note['key']}", **_numbers(cat, note["values"]))]
        for note in change["notes"]
    ]
    return [Heading("change-cannot-tell", [cat("change.cannot_tell")]), Bullets(notes)]


def _numbers(cat: Catalog, values: dict) -> dict:
    """A note's values with its count written as the language writes numbers, and a list
    of years joined as the language joins them ("2012 and 2015")."""
    return {
        k: cat.number(v) if k == "n" else cat.join([str(y) for y in v]) if k == "years" else v
        for k, v in values.items()
    }
