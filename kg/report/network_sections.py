"""The report's sections about the network, in one language: brokers, the most central
organisations, communities, structural holes, and the glossary of every measure."""

from __future__ import annotations

from kg.model.names import natural
from kg.model.sectors import vocabulary
from kg.report.document import (
    Bullets,
    Figure,
    Heading,
    Link,
    Paragraph,
    Section,
    Strong,
    Table,
    Terms,
    Text,
    fill,
)
from kg.report.i18n import Catalog, capitalised, messages


def _head(cat: Catalog, key: str, term: str | None = None) -> Text:
    """A column heading, linking to the glossary's entry for ``term``."""
    return [Link(cat(key), f"#g-{term}")] if term else [cat(key)]


def _towns(report: dict, cat: Catalog) -> dict[str, str] | None:
    """Each municipality's name (Swedish) → its name in ``cat``'s language, where the report
    is about several (a municipality column tells their organisations apart); else None."""
    cities = report.get("city") or []
    if len(cities) < 2:
        return None
    return {c["label"]: cat.named(c) for c in cities}


def _organisation(cat: Catalog, row: dict, towns: dict[str, str] | None = None) -> list[Text]:
    town = row.get("municipality") or ""
    return [
        [cat.named(row)],
        *([[towns.get(town, town)]] if towns is not None else []),
        [cat.type(row["type"])],
        [cat.group(row["sector"])],
    ]


def _organisation_head(cat: Catalog, towns: dict[str, str] | None) -> list[Text]:
    """The headings of :func:`_organisation`'s columns."""
    return [
        _head(cat, "brokers.organisation"),
        *([_head(cat, "gaps.municipality")] if towns is not None else []),
        _head(cat, "brokers.type"),
        _head(cat, "brokers.group", "partner_group"),
    ]


def brokers(report: dict, cat: Catalog) -> Section:
    towns = _towns(report, cat)
    header = [
        *_organisation_head(cat, towns),
        _head(cat, "brokers.partners", "degree"),
        _head(cat, "brokers.groups_spanned", "groups_spanned"),
        _head(cat, "brokers.open_pairs", "open_pairs"),
        _head(cat, "brokers.effective_size", "effective_size"),
        _head(cat, "brokers.constraint", "constraint"),
        _head(cat, "brokers.collaborations", "partner_collaborations"),
        _head(cat, "brokers.one_collaboration", "one_collaboration"),
    ]
    rows = [
        [
            *_organisation(cat, b, towns),
            [cat.number(b["partners"])],
            [cat.number(b["sectors_spanned"])],
            [cat.number(b["cross_sector_pairs"])],
            [cat.number(b["effective_size"], 2)],
            [cat.number(b["constraint"], 3)],
            [cat.number(b.get("partner_collaborations", 0))],
            [one_collaboration(cat, b)],
        ]
        for b in report["brokers"]
    ]
    if not rows:  # the glossary's brokers only; a table of those that broker nothing misleads
        return Section("brokers", cat("heading.brokers"), [Paragraph([cat("brokers.none")])])
    left = [False] * (3 + (towns is not None))
    table = Table(header, [*left, True, True, True, True, True, True, False], rows)
    return Section("brokers", cat("heading.brokers"), [Paragraph([cat("brokers.intro")]), table])


def one_collaboration(cat: Catalog, row: dict) -> str:
    """The brokers table's cell: how many of an organisation's partners one collaboration
    alone gives, of how many, and which, named in the table's language only (a table's width;
    :func:`kg.analysis.concentration.concentration`)."""
    if not row.get("main_collaboration"):
        return cat.number(0)
    return cat(
        "brokers.one_collaboration_cell",
        n=cat.number(row["main_collaboration_partners"]),
        total=cat.number(row.get("partners", row.get("degree", 0))),
        collaboration=cat.short_name(
            row["main_collaboration_label"], row["main_collaboration_label_en"]
        ),
    )


def concentration(cat: Catalog, row: dict) -> str:
    """The sentences saying how many of an organisation's partners come through one
    collaboration alone, through which (and its parts), and the groups only it gives; empty
    where no partner comes through one collaboration alone."""
    if not row.get("main_collaboration"):
        return ""
    parts = row.get("main_collaboration_parts") or []
    text = cat.plural(
        "findings.concentration",
        row["main_collaboration_partners"],
        total=cat.number(row["partners"]),
        collaboration=cat.name(row["main_collaboration_label"], row["main_collaboration_label_en"]),
        parts=cat(
            "findings.concentration_parts",
            parts=cat.join([cat.short_named(p) for p in parts]),
        )
        if parts
        else "",
    )
    groups = row.get("main_collaboration_groups") or []
    if groups:
        text += " " + cat("findings.concentration_groups", groups=cat.groups(groups))
    return text


def central(report: dict, cat: Catalog) -> Section:
    measures = (
        ("degree", "degree", 0),
        ("weighted", "weighted_degree", 0),
        ("betweenness", "betweenness", 3),
        ("eigenvector", "eigenvector", 3),
        ("closeness", "closeness", 3),
    )
    towns = _towns(report, cat)
    header = [
        *_organisation_head(cat, towns),
        *[_head(cat, f"central.{key}", field) for key, field, _ in measures],
        _head(cat, "brokers.one_collaboration", "one_collaboration"),
    ]
    rows = [
        [
            *_organisation(cat, c, towns),
            *[
                [cat.number(float(c[field]), digits) if digits else cat.number(int(c[field]))]
                for _, field, digits in measures
            ],
            [one_collaboration(cat, c)],
        ]
        for c in report["central_actors"]
    ]
    left = [False] * (3 + (towns is not None))
    table = Table(header, [*left, *([True] * len(measures)), False], rows)
    return Section("central", cat("heading.central"), [Paragraph([cat("central.intro")]), table])


def _by_name(cat: Catalog, member: dict) -> tuple:
    """A member's place in a list in ``cat``'s language: by the name the list shows it by."""
    return natural(cat.short_named(member)), member["iri"]


def community_name(cat: Catalog, community: dict) -> str:
    """A community's name: its number and its two members with the most partners."""
    members = sorted(community["members"], key=lambda m: (-m.get("partners", 0), *_by_name(cat, m)))
    names = ", ".join(cat.short_named(m) for m in members[:2])
    return cat("communities.name", number=community["community"], names=names)


def communities(report: dict, cat: Catalog) -> Section:
    quality = report["summary"]["communities_modularity"]
    shown = "" if quality is None else " " + cat("communities.modularity", q=cat.number(quality, 2))
    blocks: list = [
        Paragraph(
            [
                cat("communities.intro") + shown + " ",
                Link("→ " + cat.entry("glossary.community")[0], "#g-community"),
            ]
        )
    ]
    items = []
    for c in report["communities"]:
        groups = cat.join([f"{cat.group(g)} {cat.number(n)}" for g, n in _ordered(c["sectors"])])
        members = ", ".join(
            cat.short_named(m) for m in sorted(c["members"], key=lambda m: _by_name(cat, m))
        )
        size, mix = cat.plural("communities.size", c["size"]), cat("communities.mix", list=groups)
        said = f" — {size}; {mix}. {cat('communities.members', names=members)}"
        items.append([Strong(community_name(cat, c)), said])
    anchors = [_community_anchor(c["community"]) for c in report["communities"]]
    blocks.append(Bullets(items, anchors))
    return Section("communities", cat("heading.communities"), blocks)


def _community_anchor(number: int | str) -> str:
    return f"community-{number}"


def _ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
    order = vocabulary().names
    return sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)


def holes(report: dict, cat: Catalog) -> Section:
    def bridge(found: list[dict]) -> str:
        return cat.join([cat.named(b) for b in found])

    items: list[Text] = []
    for h in report["sector_holes"]:
        a, b = capitalised(cat.group(h["sectors"][0])), cat.group(h["sectors"][1])
        if h["status"] == "none":
            items.append(fill(cat.template("holes.pair_none"), a=a, b=b))
        elif h["status"] == "single":
            items.append([cat("holes.pair_single", a=a, b=b, bridge=bridge(h["bridge"]))])
        else:
            links = cat.plural("count.links_short", h["links"])
            items.append([cat("holes.pair_bridged", a=a, b=b, links=links)])
    title = cat("chart.links_title")
    blocks: list = [
        Paragraph([cat("holes.intro")]),
        Heading("holes-groups", [cat("heading.holes_groups")]),
        Figure("links", title, [cat("chart.links_caption")], cat("chart.alt", title=title)),
        Bullets(items),
        Heading("holes-communities", [cat("heading.holes_communities")]),
    ]
    named = {c["community"]: community_name(cat, c) for c in report["communities"]}

    def community(number: int) -> Link:
        return Link(named.get(number, str(number)), "#" + _community_anchor(number))

    found = report["community_holes"]
    singles = []
    for h in found["single"]:
        a, b = map(community, h["communities"])
        item = fill(cat.template("holes.community_single"), a=a, b=b, bridge=bridge(h["bridge"]))
        if "runs" in h:  # whether a near-equal partition draws the same border
            holds = {"holds": cat.number(h["holds"]), "runs": cat.number(h["runs"])}
            item.append(" " + cat("holes.community_holds", **holds))
        singles.append(item)
    blocks.append(Bullets(singles) if singles else Paragraph([cat("holes.communities_none")]))
    if found["unconnected_pairs"]:
        total = found["unconnected_pairs"]
        blocks.append(Paragraph([cat.plural("holes.communities_unlinked", total)]))
        pairs: list[Text] = [
            fill(cat.template("findings.pair"), a=community(a), b=community(b))
            for a, b in found.get("unconnected", [])
        ]
        if total > len(pairs):
            pairs.append([cat("holes.communities_more", n=cat.number(total - len(pairs)))])
        blocks.append(Bullets(pairs))
    return Section("holes", cat("heading.holes"), blocks)


def glossary(cat: Catalog) -> Section:
    groups = cat.groups(vocabulary().names)
    entries = []
    for key in messages("en")["glossary"]:  # every entry, in the order the catalogs list them
        term, sentence = cat.entry(f"glossary.{key}")
        entries.append((f"g-{key}", term, [sentence.format(groups=groups)]))
    return Section("glossary", cat("heading.glossary"), [Terms(entries)])
