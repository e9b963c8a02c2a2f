"""What the main report says, as plain data: gaps, brokers, communities, holes, suggestions."""

from __future__ import annotations

from collections import Counter

from kg.analysis import suggest as suggesting
from kg.analysis.gaps import NO_PARTNER, UNNAMED_ONLY, widest_gaps
from kg.analysis.pipeline import Analysis
from kg.model.sectors import vocabulary

TOP = 10
SUGGESTIONS_PER_GROUP = 3


def build_report(
    analysis: Analysis, *, triples: int, top: int = TOP, sections: dict | None = None
) -> dict:
    """Everything the report says, as plain data (the content of ``report.json``); ``triples``
    is the size of the graph it was made from. ``sections`` are added as they are (the year
    and the comparison of :mod:`kg.report.compare`)."""
    facts = analysis.facts
    words = vocabulary()
    organisations = [a for i, a in facts.actors.items() if a["organisation"] == i]
    groups = Counter(actor["group"] for actor in organisations)
    index = suggesting.build_index(analysis.facts)
    suggestions = [
        suggesting.suggest(
            analysis.facts,
            analysis.network,
            row["committee"],
            top=SUGGESTIONS_PER_GROUP,
            index=index,
        )
        for row in widest_gaps(analysis.gaps)
        if row["missing_sectors"]
    ]
    return {
        "summary": {
            "triples": triples,
            "actors": len(facts.actors),
            "organisations": len(organisations),
            "collaborations": len(facts.collaborations),
            "memberships": facts.memberships,
            "organisations_by_group": {name: groups[name] for name in words.names},
            "partner_links": analysis.network.number_of_edges(),
            "committees": len(analysis.gaps),
            "committees_without_partners": sum(
                1 for r in analysis.gaps if r["status"] == NO_PARTNER
            ),
            "committees_with_unnamed_partners_only": sum(
                1 for r in analysis.gaps if r["status"] == UNNAMED_ONLY
            ),
            "communities": len(analysis.communities),
            "betweenness": {
                "method": analysis.centrality.betweenness_method,
                "sample": analysis.centrality.betweenness_sample,
                "backend": analysis.centrality.backend,
            },
            "communities_backend": analysis.backends.get("communities", "networkx"),
        },
        "gaps": widest_gaps(analysis.gaps),
        "brokers": analysis.brokers[:top],
        "central_actors": analysis.centrality.rows[:top],
        "communities": analysis.communities,
        "sector_holes": analysis.sector_holes,
        "community_holes": analysis.community_holes,
        "suggestions": suggestions,
        **(sections or {}),
    }
