"""The report's sections about committees, in one language: findings, how to read it, the
data, the charts, the gaps and the suggestions. Every word comes from the language's catalog
(:mod:`kg.report.i18n`)."""

from __future__ import annotations

from kg.analysis.suggest import DIGITS
from kg.model.city import names_in
from kg.model.sectors import vocabulary
from kg.report.document import (
    Box,
    Bullets,
    Figure,
    Link,
    Paragraph,
    Section,
    Strong,
    Table,
    Text,
    anchor,
    fill,
    joined,
)
from kg.report.evidence import Sources, appendix_lists
from kg.report.i18n import Catalog, capitalised
from kg.report.network_sections import concentration
from kg.report.successors import lineage_words


def city_name(report: dict, cat: Catalog) -> str:
    """The municipality (or municipalities) the report is about, in the catalog's language."""
    names = names_in(report["city"], cat.lang)
    return cat.join(names) if names else cat("words.city_fallback")


def score(cat: Catalog, value: float) -> str:
    """Points or a similarity as ``kg suggest`` gives them (rounded once, to
    :data:`~kg.analysis.suggest.DIGITS` decimals by the analysis), trailing zeros dropped.

    >>> from kg.report.i18n import catalog
    >>> score(catalog("en"), 2.045), score(catalog("sv"), 2.0), score(catalog("sv"), 0.25)
    ('2.045', '2', '0,25')
    """
    return cat.number(float(value), DIGITS, trim=True)


def listed(cat: Catalog, parts: list[Text]) -> Text:
    """Texts as a list in running text: "a, b and c"."""
    if len(parts) <= 1:
        return joined(parts, "")
    return joined(parts[:-1], ", ") + [f" {cat('words.and')} "] + parts[-1]


def committee_link(cat: Catalog, row: dict, report: dict) -> Link:
    """A committee's name, linking to its entry in the appendix (to the appendix where it
    does not list the committees one by one)."""
    href = "#" + anchor(row["committee"], "c") if appendix_lists(report) else "#appendix"
    return Link(cat.named(row), href)


def report_year(report: dict) -> int | None:
    """The year a year's report shows (``--year``), else None."""
    return (report.get("year") or {}).get("year")


def documents_counted(report: dict, cat: Catalog) -> str:
    """How many source documents the report rests on (a year's: those quoted for its facts)."""
    count, year = len(report["documents"]), report_year(report)
    every = cat.number((report.get("year") or {}).get("documents_in_data", count))
    key = "count.documents" if year is None else "count.documents_of_year"
    return cat.plural(key, count, year=year, all=every)


def findings(report: dict, cat: Catalog) -> Section:
    """The headline findings, each sentence linking to its detail."""
    found = report["findings"]
    total = found["committees"]
    items: list[Text] = []
    # the committees described with no partner named, then those no source (of the year) describes
    absent = "absent_year" if report_year(report) else "absent"
    for key, rows in (("no_partner", found["without_partners"]), (absent, found["absent"])):
        if rows:
            items.append(
                fill(
                    cat.template(f"findings.{key}", len(rows)),
                    n=Strong(cat.number(len(rows))),
                    total=cat.number(total),
                    year=report_year(report),
                    names=listed(cat, [[committee_link(cat, r, report)] for r in rows]),
                )
            )
    lacking = found["lacking_groups"]
    if lacking:
        # the groups fewest committees reach, together when they tie
        least = [x for x in lacking if x["committees"] == lacking[0]["committees"]]
        # of the committees the sources describe: in a year's report, not all of them
        described = found.get("described", total)
        key = "least_reached" if described == total else "least_described"
        items.append(
            fill(
                # one committee: "the only committee", not "1 of the 1 committees"
                cat.template(f"findings.{key}" + ("_only" if described == 1 else ""), len(least)),
                group=Link(capitalised(cat.groups([x["group"] for x in least])), "#chart-heatmap"),
                n=Strong(cat.number(least[0]["committees"])),
                total=cat.number(described),
            )
        )
        if len(lacking) > len(least):
            rest = [
                cat("findings.group_count", group=cat.group(x["group"]), n=x["committees"])
                for x in lacking[len(least) :]
            ]
            items[-1] += [" " + cat("findings.next_reached", groups=cat.join(rest))]
    elif found.get("described", total):  # no committee described: nothing is reached
        items.append([Link(cat("findings.all_reached"), "#gaps")])
    never = found["groups_never_linked"]
    if never:
        pairs = [
            [Link(cat("findings.pair", a=cat.group(a), b=cat.group(b)), "#holes")] for a, b in never
        ]
        text = fill(
            cat.template("findings.never_linked", len(never)),
            n=cat.number(len(never)),
            pairs=joined(pairs, "; "),
        )
        if len(never) == 1 and isinstance(text[0], Link):
            text[0] = Link(capitalised(text[0].text), text[0].href)
        items.append(text)
    for single in found["groups_single_link"]:
        a, b = single["sectors"]
        items.append(
            fill(
                cat.template("findings.single_bridge"),
                a=Link(cat.group(a), "#holes"),
                b=cat.group(b),
                bridge=cat.join([cat.named(x) for x in single["bridge"]]),
            )
        )
    for sole in found["sole_in_holes"]:
        key = "sole_organisation" if sole.get("linked", True) else "sole_organisation_unlinked"
        group = capitalised(cat.group(sole["group"]))
        items.append([cat(f"findings.{key}", group=group, name=cat.named(sole))])
    widest = found["widest_with_partners"]
    if widest:
        widest_items = [
            fill(
                cat.template("findings.widest_item"),
                name=committee_link(cat, r, report),
                groups=cat.groups(r["missing_sectors"]),
            )
            for r in widest
        ]
        items.append(fill(cat.template("findings.widest"), list=joined(widest_items, "; ")))
    broker = found["top_broker"]
    if broker:
        items.append(
            fill(
                cat.template("findings.top_broker", broker["partners"]),
                name=Link(cat.named(broker), "#brokers"),
                partners=cat.plural("count.partners", broker["partners"]),
                groups=cat.plural("count.partner_groups", broker["sectors_spanned"]),
            )
        )
        told = concentration(cat, broker)  # how much of that one collaboration makes
        if told:
            items[-1] = [*items[-1], " " + told]
    return Section("findings", cat("heading.findings"), [Bullets(items)])


def how_to_read(report: dict, cat: Catalog, sources: Sources) -> Box:
    groups = cat.groups(vocabulary().names)
    read_groups = "read.groups_several" if len(report.get("city") or []) > 1 else "read.groups"
    return Box(
        cat("heading.how_to_read"),
        [
            [cat("read.organisation")],
            [cat(read_groups, groups=groups, city=city_name(report, cat))],
            [cat("read.not_proof")],
            [cat("read.general")],
            [cat("read.order")],
            [cat("read.plus")],
            [cat("read.references", example=sources.example(report))],
            [cat("read.measures") + " ", Link("→ " + cat("heading.glossary"), "#glossary")],
        ],
    )


def data(report: dict, cat: Catalog) -> Section:
    s, year = report["summary"], report_year(report)
    # the committees no source describes: in a year's report, no source of that year
    absent = "data.committees_absent_year" if year else "data.committees_absent"
    by_group = [f"{cat.group(g)} {cat.number(n)}" for g, n in s["organisations_by_group"].items()]
    sample, library = s["betweenness"]["sample"], s["betweenness"]["backend"]
    method = cat("data.sampled", n=cat.number(sample)) if sample else cat("data.exact")
    lines = [
        cat(
            "data.counts",
            organisations=cat.plural("count.organisations", s["organisations"]),
            actors=cat.plural("count.actors", s["actors"]),
            collaborations=cat.plural("count.collaborations", s["collaborations"]),
            links=cat.plural("count.links", s["partner_links"]),
            documents=documents_counted(report, cat),
            triples=cat.plural("count.triples", s["triples"]),
        ),
        cat("data.groups", list=cat.join(by_group)),
        cat(
            absent if s.get("committees_absent") else "data.committees",
            year=year,
            committees=cat.plural("count.committees", s["committees"]),
            absent=cat.number(s.get("committees_absent", 0)),
            no_partner=cat.number(s["committees_without_partners"]),
            unnamed=cat.number(s["committees_with_unnamed_partners_only"]),
        ),
        cat("data.method", backend=s["communities_backend"], method=method, library=library),
    ]
    return Section("data", cat("heading.data"), [Bullets([[line] for line in lines])])


def charts(report: dict, cat: Catalog, shown: int) -> Section:
    total = len(report["gaps"])
    note = [" " + cat("chart.shown_of", shown=cat.number(shown), total=cat.number(total))]
    note = note if shown < total else []
    figures = [
        Figure(name, cat(title), [cat(caption), *note], cat("chart.alt", title=cat(title)))
        for name, title, caption in (
            ("heatmap", "chart.heatmap_title", "chart.heatmap_caption"),
            ("partners", "chart.bars_title", "chart.bars_caption"),
        )
    ]
    return Section("charts", cat("heading.charts"), figures)


def group_count(cat: Catalog, row: dict, group: str) -> str:
    """A committee's partners in ``group`` as the gaps table writes it: ``0+`` where the
    sources also mention unnamed partners of that group."""
    return cat.number(row["by_sector"][group]) + ("+" if group in row["unnamed_sectors"] else "")


def through_count(cat: Catalog, n: int, row: dict) -> str:
    """A partner count with, where there are partners, how many collaborations they come
    through in brackets (``row`` is a concentration: :mod:`kg.analysis.concentration`)."""
    told = cat.number(row.get("partner_collaborations", 0))
    return cat.number(n) + (f" ({told})" if n else "")


def group_cell(cat: Catalog, row: dict, group: str) -> str:
    """A committee's partners in ``group`` as the gaps table writes it: :func:`group_count`,
    and the collaborations they come through in brackets ("1+ (1)")."""
    counted = group_count(cat, row, group)
    theirs = (row.get("by_sector_concentration") or {}).get(group, {})
    told = theirs.get("partner_collaborations", 0)
    return counted + (f" ({cat.number(told)})" if row["by_sector"][group] else "")


def one_collaboration_reach(cat: Catalog, rows: list[dict]) -> list[str]:
    """Per committee, the groups of the four it reaches whose named partners all come through
    one collaboration (with its parts), by that collaboration: "Tekniska nämnden: civil
    society and academia through …". Empty where none does."""
    words = vocabulary()
    items = []
    for row in rows:
        by_collaboration: dict[str, list[str]] = {}
        for group in words.gap_groups:
            theirs = (row.get("by_sector_concentration") or {}).get(group, {})
            if row["by_sector"][group] and theirs.get("partner_collaborations") == 1:
                by_collaboration.setdefault(theirs["main_collaboration"], []).append(group)
        said = []
        for groups in by_collaboration.values():
            main = row["by_sector_concentration"][groups[0]]  # the same for each of them
            collaboration = cat.short_name(
                main["main_collaboration_label"], main["main_collaboration_label_en"]
            )
            said.append(
                cat(
                    "gaps.one_collaboration_groups",
                    groups=cat.groups(groups),
                    collaboration=collaboration,
                )
            )
        if said:
            items.append(f"{cat.named(row)}: " + "; ".join(said))
    return items


def several_cities(rows: list[dict]) -> bool:
    """Whether the committees of ``rows`` (gaps) are of several municipalities."""
    return len({(r.get("municipality") or {}).get("iri") for r in rows}) > 1


def municipality_name(cat: Catalog, row: dict) -> str:
    """The name of the municipality a gaps row's committee belongs to, in ``cat``'s language."""
    city = row.get("municipality") or {}
    return cat.named(city) if city else ""


def gaps(report: dict, cat: Catalog) -> Section:
    words = vocabulary()
    cities = several_cities(report["gaps"])  # a column telling them apart
    header = [
        [cat("gaps.committee")],
        *([[cat("gaps.municipality")]] * cities),
        [Link(cat("gaps.status"), "#g-status")],
        [Link(cat("gaps.partners"), "#g-partner")],
        *[[cat.group(g)] for g in words.names],
        [Link(cat("gaps.lacks"), "#g-gap")],
    ]
    rows = []
    classes = []
    for row in report["gaps"]:
        cells = [[group_cell(cat, row, g)] for g in words.names]
        rows.append(
            [
                [committee_link(cat, row, report)]
                + ([f" ({said})"] if (said := lineage_words(cat, row)) else []),
                *([[municipality_name(cat, row)]] * cities),
                [cat.status(row["status"])],
                [through_count(cat, row["partners"], row)],
                *cells,
                [cat.groups(row["missing_sectors"]) or cat("words.none")],
            ]
        )
        classes.append(
            ["", *([""] * cities), "", ""]
            + ["gap" if g in row["missing_sectors"] else "" for g in words.names]
            + [""]
        )
    table = Table(
        header,
        [False, *([False] * cities), False, True, *([True] * len(words.names)), False],
        rows,
        notes=[[cat.gap_mark()]] * any(r["missing_sectors"] for r in report["gaps"])
        + [[cat("gaps.plus")]] * any(r["unnamed_sectors"] for r in report["gaps"])
        + [[cat("gaps.replaced_note")]] * any(r.get("replaced_by") for r in report["gaps"])
        + [[Link(cat("gaps.through"), "#g-one_collaboration")]]
        + [[Link(cat("gaps.details"), "#appendix")]],
        classes=classes,
    )
    blocks = [Paragraph([cat("gaps.intro")]), table]
    reach = one_collaboration_reach(cat, report["gaps"])
    if reach:  # the groups one collaboration alone gives a committee: what it could lose
        blocks += [Paragraph([cat("gaps.one_collaboration")]), Bullets([[i] for i in reach])]
    if report.get("municipalities"):  # several cities' committees together
        blocks += [Paragraph([cat("gaps.by_city")]), _by_municipality(report, cat)]
    return Section("gaps", cat("heading.gaps"), blocks)


def _by_municipality(report: dict, cat: Catalog) -> Table:
    """The gaps counted per municipality: committees, those with no partner named, and
    those lacking each group."""
    words = vocabulary()
    cities = report["municipalities"]
    unread = any(c["described"] < c["committees"] for c in cities)  # a year's view
    header = [
        [cat("gaps.municipality")],
        [cat("gaps.committees")],
        *([[cat("gaps.described")]] if unread else []),
        [cat("gaps.no_partner")],
        *[[cat.group(g)] for g in words.gap_groups],
    ]
    rows = [
        [
            [cat.named(city)],
            [cat.number(city["committees"])],
            *([[cat.number(city["described"])]] if unread else []),
            [cat.number(city["without_partners"])],
            *[[cat.number(city["lacking"][g])] for g in words.gap_groups],
        ]
        for city in cities
    ]
    return Table(header, [False, *([True] * (len(header) - 1))], rows)
