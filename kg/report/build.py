"""What the main report says, as plain data: gaps, brokers, communities, holes, suggestions,
the headline findings, the municipality it is about and the documents it cites. Every
rendering (Markdown, HTML, charts, the terminal summary) is a view of this, in any language."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import islice

import kg.progress as progress
from kg.analysis import suggest as suggesting
from kg.analysis.brokerage import bridges
from kg.analysis.gaps import ABSENT, HAS_PARTNERS, NO_PARTNER, UNNAMED_ONLY, widest_gaps
from kg.analysis.goal_areas import goal_area_rows
from kg.analysis.pipeline import Analysis
from kg.model import citation
from kg.model.city import municipalities
from kg.model.facts import Facts
from kg.model.names import natural
from kg.model.sectors import vocabulary

TOP = 10
SUGGESTIONS_PER_GROUP = 3
#: Committees with partners named in the findings as those with no partner named in the most groups.
WIDEST_NAMED = 3


def build_report(
    analysis: Analysis,
    *,
    triples: int,
    top: int = TOP,
    sections: dict | None = None,
    provenance: dict | None = None,
) -> dict:
    """Everything the report says, as plain data (the content of ``report.json``); ``triples``
    is the size of the graph it was made from. ``sections`` are added as they are (the year
    and the comparison of :mod:`kg.report.compare`); ``provenance`` (kg's version, the data's
    digest and licences: :func:`kg.io.provenance.provenance`) comes first when given."""
    facts = analysis.facts
    words = vocabulary()
    members = defaultdict(list)  # partner group → its organisations
    for iri, actor in facts.actors.items():
        if actor["organisation"] == iri:
            members[actor["group"]].append(iri)
    index = suggesting.build_index(analysis.facts)
    gaps = widest_gaps(analysis.gaps)
    lacking = [row for row in gaps if row["missing_sectors"]]
    statuses = Counter(row["status"] for row in gaps)
    suggestions = []
    with progress.step(
        "Suggesting partners for {committees} committees",
        total=len(lacking),
        committees=len(lacking),
    ) as suggesting_step:
        for row in lacking:
            found = suggesting.suggest(
                facts, analysis.network, row["committee"], top=SUGGESTIONS_PER_GROUP, index=index
            )
            suggestions.append(neutral(found))
            suggesting_step.advance()
    report = {
        **({"provenance": provenance} if provenance else {}),
        "city": municipalities(facts),
        "summary": {
            "triples": triples,
            "actors": len(facts.actors),
            "organisations": sum(map(len, members.values())),
            "collaborations": len(facts.collaborations),
            "memberships": facts.memberships,
            "organisations_by_group": {name: len(members[name]) for name in words.names},
            "sole_organisations": {
                name: named(facts, {"iri": only[0], "label": facts.actors[only[0]]["label"]})
                for name in words.names
                if len(only := members[name]) == 1
            },
            "partner_links": analysis.network.number_of_edges(),
            "committees": len(analysis.gaps),
            "committees_without_partners": statuses[NO_PARTNER],
            "committees_with_unnamed_partners_only": statuses[UNNAMED_ONLY],
            "committees_absent": statuses[ABSENT],
            "communities": len(analysis.communities),
            "betweenness": {
                "method": analysis.centrality.betweenness_method,
                "sample": analysis.centrality.betweenness_sample,
                "backend": analysis.centrality.backend,
            },
            "communities_backend": analysis.backends.get("communities", "networkx"),
            "communities_modularity": None
            if analysis.modularity is None
            else round(analysis.modularity, 4),
        },
        "gaps": gaps,  # as kg gaps -f json gives them
        "municipalities": by_municipality(gaps),
        # per goal area, the committees and partners of the collaborations linked to it
        "goal_areas": goal_area_rows(facts, gaps),
        # those that broker between groups, as the glossary defines a broker
        "brokers": [named(facts, row) for row in islice(filter(bridges, analysis.brokers), top)],
        "central_actors": [named(facts, row) for row in analysis.centrality.rows[:top]],
        "communities": [
            {
                **c,
                "members": [
                    {**named(facts, m), "partners": analysis.network.degree(m["iri"])}
                    for m in c["members"]
                ],
            }
            for c in analysis.communities
        ],
        "sector_holes": [_bridged(facts, h) for h in analysis.sector_holes],
        "community_holes": {
            **analysis.community_holes,
            "single": [_bridged(facts, h) for h in analysis.community_holes["single"]],
        },
        "suggestions": suggestions,
        # the source documents, oldest first: title, publisher, year issued, year reported
        # on (the order and years every surface cites them by)
        "documents": citation.listed(facts.documents.values()),
        **(sections or {}),
    }
    if "year" in report:  # a year's report lists the documents its year's facts cite
        report["year"]["documents_in_data"] = len(report["documents"])
        cited = set(cited_documents(report))
        report["documents"] = [d for d in report["documents"] if d["iri"] in cited]
    report["findings"] = findings(report)
    return report


def neutral(found: dict) -> dict:
    """A committee's suggestions (:func:`kg.analysis.suggest.suggest`) as report.json and
    ``kg suggest -f json`` give them, the same in every language: each note as its message
    key with its values (the catalogs' ``[suggestions]`` word it), not the analysis' English
    sentence.

    >>> found = {"committee": "c", "note": "The sources …", "note_key": "no_collaboration",
    ...          "groups": [{"sector": "civil", "note": "", "note_key": ""}]}
    >>> neutral(found)["note"], neutral(found)["groups"]
    ({'key': 'no_collaboration', 'values': {'committee': 'c'}}, [{'sector': 'civil', 'note': None}])
    """

    def note(key: str, **values: str) -> dict | None:
        return {"key": key, "values": values} if key else None

    rest = {
        k: v for k, v in found.items() if k not in ("note", "note_key", "note_values", "groups")
    }
    return {
        **rest,
        "note": note(
            found["note_key"], committee=found["committee"], **found.get("note_values", {})
        ),
        "groups": [
            {
                **{k: v for k, v in g.items() if k not in ("note", "note_key")},
                "note": note(g["note_key"], group=g["sector"]),
            }
            for g in found["groups"]
        ],
    }


def cited_documents(found: object) -> Iterator[str]:
    """Every document a part of the report cites (a ``document`` beside its passage)."""
    if isinstance(found, dict):
        if isinstance(found.get("document"), str):
            yield found["document"]
        for value in found.values():
            yield from cited_documents(value)
    elif isinstance(found, list):
        for value in found:
            yield from cited_documents(value)


def findings(report: dict) -> dict:
    """The headline findings, as data: the committees described with no partner named and
    those no source describes (in a year's report), how many committees
    lack each group (fewest reached first), the committees with partners that still lack the
    most groups, the pairs of groups never linked or joined by a single link, the top broker
    (:func:`top_broker`)."""
    gaps = report["gaps"]
    words = vocabulary()
    sole = report["summary"]["sole_organisations"]
    holes = report["sector_holes"]
    described = [row for row in gaps if row["status"] != ABSENT]  # a year's sources may not
    lacking = Counter(g for row in described for g in row["missing_sectors"])
    with_partners = [r for r in gaps if r["status"] in (HAS_PARTNERS, UNNAMED_ONLY)]
    most = max((len(r["missing_sectors"]) for r in with_partners), default=0)
    return {
        "committees": len(gaps),
        "described": len(described),
        "without_partners": [_ref(r) for r in gaps if r["status"] == NO_PARTNER],
        "absent": [_ref(r) for r in gaps if r["status"] == ABSENT],
        "lacking_groups": sorted(
            ({"group": g, "committees": lacking[g]} for g in words.gap_groups if lacking[g]),
            key=lambda x: (-x["committees"], words.gap_groups.index(x["group"])),
        ),
        "widest_with_partners": [
            {**_ref(r), "missing_sectors": r["missing_sectors"]}
            for r in with_partners
            if most >= 2 and len(r["missing_sectors"]) == most
        ][:WIDEST_NAMED],
        "groups_never_linked": [h["sectors"] for h in report["sector_holes"] if not h["links"]],
        "groups_single_link": [
            {"sectors": h["sectors"], "bridge": h["bridge"]}
            for h in report["sector_holes"]
            if h["status"] == "single"
        ],
        "top_broker": top_broker(report["brokers"]),
        # a hole at a group of one organisation is that organisation's, not a sector's
        "sole_in_holes": [
            {"group": g, **sole[g], "linked": any(g in h["sectors"] and h["links"] for h in holes)}
            for g in words.names
            if g in sole and any(g in h["sectors"] and h["links"] <= 1 for h in holes)
        ],
    }


def by_municipality(gaps: list[dict]) -> list[dict]:
    """The gaps counted per municipality (each row's ``municipality``), where the committees
    are several municipalities' (two cities' data together; else none): each one's
    committees, those described with no partner named, and how many of its described
    committees lack each group."""
    rows: dict[str | None, list[dict]] = defaultdict(list)
    for row in gaps:
        rows[(row["municipality"] or {}).get("iri")].append(row)
    if len(rows) < 2 or None in rows:
        return []
    words = vocabulary()
    counted = []
    for theirs in sorted(rows.values(), key=lambda r: natural(r[0]["municipality"]["label"])):
        described = [r for r in theirs if r["status"] != ABSENT]
        counted.append(
            {
                **theirs[0]["municipality"],
                "committees": len(theirs),
                "described": len(described),  # in a year's view, those its sources describe
                "without_partners": sum(1 for r in theirs if r["status"] == NO_PARTNER),
                "lacking": {
                    g: sum(1 for r in described if g in r["missing_sectors"])
                    for g in words.gap_groups
                },
            }
        )
    return counted


def top_broker(brokers: list[dict]) -> dict | None:
    """The first of ``brokers`` (in the order the brokerage analysis ranks them) that brokers:
    its partners come from two groups or more, and some of them, of different groups, do not
    work with each other (an open cross-group pair); None when no organisation does.

    >>> top_broker([{"label": "a", "sectors_spanned": 2, "cross_sector_pairs": 0}]) is None
    True
    >>> b = {"label": "b", "sectors_spanned": 3, "cross_sector_pairs": 2}
    >>> top_broker([{"label": "a", "sectors_spanned": 1, "cross_sector_pairs": 0}, b]) == b
    True
    """
    return next((b for b in brokers if bridges(b)), None)


def _ref(row: dict) -> dict:
    return {"committee": row["committee"], "label": row["label"], "label_en": row["label_en"]}


def named(facts: Facts, row: dict) -> dict:
    """A row that names an organisation, with its English name beside the Swedish one (the
    report's rows, and the terminal's tables of the same sections)."""
    return {**row, "label_en": facts.named(row["iri"])["label_en"]}


def _bridged(facts: Facts, hole: dict) -> dict:
    return {**hole, "bridge": [named(facts, b) for b in hole["bridge"]]}
