"""Per goal area of the city council, which committees work with which partners, through
which collaborations: the collaborations the sources link to it (kg:goalArea), each committee
taking part in one with its partners there as :func:`kg.analysis.gaps.committee_gaps` gives
them (the same partners as ``kg gaps``, ``committee-partners`` and the report's gaps), the
groups they reach, and the passages where the source ties the collaboration to the goal area.

A goal area a source names for a collaboration says where the source places the work, not
that the work has an effect there.
"""

from __future__ import annotations

from collections import defaultdict

from kg.model.facts import Facts
from kg.model.sectors import vocabulary


def goal_area_rows(facts: Facts, gaps: list[dict]) -> list[dict]:
    """Every goal area in the city's order: ``iri``, ``label``, ``label_en`` (with its
    number first, "2 – …"), ``collaborations`` (each: ``iri``, ``label``, ``label_en``,
    ``type``, ``committees`` with their ``partners`` and ``unnamed`` groups there, and
    ``evidence``: the collaboration's passages on the pages of the goal areas' own evidence,
    where the source names the goal area for it), ``committees`` and ``partners`` (how many
    organisations), ``by_group`` ({group: named partners}), ``unnamed_groups`` (groups reached
    only through parties the sources leave unnamed) and ``no_partner_in`` (the groups
    committees are to reach that no partner in the goal area's collaborations is in, named
    or unnamed). ``gaps`` are :func:`kg.analysis.gaps.committee_gaps`' rows."""
    words = vocabulary()
    pages = _goal_pages(facts)
    linked: dict[str, list[str]] = defaultdict(list)  # goal area → its collaborations
    for iri in sorted(facts.collaborations):
        for goal in facts.collaborations[iri]["goal_areas"]:
            linked[goal].append(iri)
    partners, unnamed = _parties(gaps)
    committees: dict[str, list[str]] = defaultdict(list)  # collaboration → its committees
    for c in sorted(facts.takes_part_in):
        if facts.actors.get(c, {}).get("type") == "Committee":
            for collaboration in facts.takes_part_in[c]:
                committees[collaboration].append(c)
    rows = []
    for goal in [*facts.goal_areas, *sorted(linked.keys() - facts.goal_areas.keys())]:
        collaborations = [
            _collaboration(facts, c, committees, partners, unnamed, pages) for c in linked[goal]
        ]
        collaborations = [c for c in collaborations if c["committees"]]
        named = {
            p["iri"]: p["group"]
            for c in collaborations
            for row in c["committees"]
            for p in row["partners"]
        }
        hidden = {g for c in collaborations for row in c["committees"] for g in row["unnamed"]}
        by_group = {g: sum(1 for x in named.values() if x == g) for g in words.names}
        rows.append(
            {
                "iri": goal,
                "label": facts.labels.get(goal, goal),
                "label_en": facts.labels_en.get(goal, ""),
                "collaborations": collaborations,
                "committees": len(
                    {r["committee"] for c in collaborations for r in c["committees"]}
                ),
                "partners": len(named),
                "by_group": by_group,
                "unnamed_groups": sorted(g for g in hidden if not by_group.get(g)),
                "no_partner_in": [
                    g for g in words.gap_groups if not by_group.get(g) and g not in hidden
                ],
            }
        )
    return rows


def _goal_pages(facts: Facts) -> set[tuple[str, object]]:
    """The (document, page) pairs of the goal areas' own evidence."""
    return {
        (facts.excerpts[e]["document"], facts.excerpts[e].get("page"))
        for found in facts.goal_areas.values()
        for e in found
        if e in facts.excerpts
    }


def _parties(gaps: list[dict]) -> tuple[dict, dict]:
    """(committee, collaboration) → its named partners there, and → the groups of the parties
    the sources leave unnamed there, as ``kg gaps`` lists them."""
    partners: dict[tuple[str, str], list[dict]] = defaultdict(list)
    unnamed: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in gaps:
        for partner in row["partner_list"]:
            for collab in partner["collaborations"]:
                partners[row["committee"], collab["iri"]].append(
                    {
                        "iri": partner["iri"],
                        "label": partner["label"],
                        "label_en": partner["label_en"],
                        "group": partner["category"],
                    }
                )
        for group, items in row["unnamed"].items():
            for item in items:
                if item.get("collaboration"):
                    unnamed[row["committee"], item["collaboration"]].add(group)
    return partners, unnamed


def _collaboration(
    facts: Facts,
    iri: str,
    committees: dict[str, list[str]],  # collaboration → the committees taking part, sorted
    partners: dict,
    unnamed: dict,
    pages: set[tuple[str, object]],
) -> dict:
    info = facts.collaborations[iri]
    taking_part = committees.get(iri, [])
    evidence = []
    for e in info.get("evidence", ()):
        excerpt = facts.excerpts.get(e)
        if excerpt and (excerpt["document"], excerpt.get("page")) in pages:
            evidence.append({"excerpt": e, **excerpt})
    return {
        **facts.ref(iri),
        "committees": [
            {
                "committee": c,
                **facts.named(c),
                "partners": sorted(partners.get((c, iri), []), key=lambda p: p["label"]),
                "unnamed": sorted(unnamed.get((c, iri), ())),
            }
            for c in taking_part
        ],
        "evidence": sorted(evidence, key=lambda e: (e.get("page") or 0, e["excerpt"])),
    }
