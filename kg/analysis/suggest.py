"""Partner suggestions for a committee, from the sectors it lacks, with the reason in words."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from kg.analysis.gaps import PARTNER_SECTORS, SECTOR_LABELS, committee_gaps, partner_category
from kg.model.facts import Facts, units_by_owner
from kg.model.names import resolve


def find_committee(facts: Facts, name: str) -> str:
    """The IRI of the committee whose name (any label) is ``name`` or starts with it.

    Case and diacritics are ignored (``fritidsnamnden`` finds Fritidsnämnden); an ambiguous
    prefix or an unknown name raises KgError with the closest names.
    """
    committees = {i: a for i, a in facts.actors.items() if a["type"] == "Committee"}
    return resolve(
        {i: a["names"] or [a["label"]] for i, a in committees.items()},
        {i: a["label"] for i, a in committees.items()},
        name,
        kind="committee",
        hint="run `kg gaps` to list the committees",
    )


@dataclass
class SuggestionIndex:
    """What suggestions need, computed once for all committees of one analysis."""

    gaps: dict[str, dict]
    #: actor → areas and goal areas of the collaborations it takes part in or reports
    context: dict[str, set[str]]
    committee_partners: dict[str, set[str]]
    family: dict[str, set[str]]
    #: area or goal area → partner category → the actors working there (``context`` inverted)
    actors_in: dict[str, dict[str | None, set[str]]] = field(default_factory=dict)
    #: actor → its partner category (:func:`kg.analysis.gaps.partner_category`; None: no sector)
    category: dict[str, str | None] = field(default_factory=dict)
    #: committee → partner category → its partners (``committee_partners`` by category)
    partners_by_category: dict[str, dict[str | None, set[str]]] = field(default_factory=dict)
    #: partner → the committees it works with (the inverse of ``committee_partners``)
    committees_of: dict[str, set[str]] = field(default_factory=dict)
    #: partner category → its actors, most active first (ties by label, then IRI)
    by_activity: dict[str, list[str]] = field(default_factory=dict)


def build_index(facts: Facts, gap_rows: list[dict] | None = None) -> SuggestionIndex:
    """Index gaps, contexts and committees' partners for :func:`suggest`."""
    category = {iri: partner_category(actor) for iri, actor in facts.actors.items()}
    context: dict[str, set[str]] = defaultdict(set)
    for collab, info in facts.collaborations.items():
        where = set(info["areas"]) | set(info["goal_areas"])
        if where:
            for actor in (*facts.members.get(collab, {}), *info["reported_by"]):
                context[actor] |= where
    actors_in: dict[str, dict[str | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    for actor, where in context.items():
        for place in where:
            actors_in[place][category.get(actor)].add(actor)
    partners = _committee_partners(facts)
    committees_of: dict[str, set[str]] = defaultdict(set)
    by_category: dict[str, dict[str | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    for committee, theirs in partners.items():
        for partner in theirs:
            committees_of[partner].add(committee)
            by_category[committee][category.get(partner)].add(partner)
    by_activity: dict[str, list[str]] = defaultdict(list)
    ranked = sorted(
        facts.actors.items(),
        key=lambda item: (
            -_activity_score(facts, item[0]),
            item[1]["label"].casefold(),
            item[0],
        ),
    )
    for iri, _ in ranked:
        by_activity[category[iri]].append(iri)
    rows = gap_rows if gap_rows is not None else committee_gaps(facts)
    return SuggestionIndex(
        gaps={r["committee"]: r for r in rows},
        context=context,
        committee_partners=partners,
        family=units_by_owner(facts),
        actors_in=actors_in,
        committees_of=committees_of,
        by_activity=by_activity,
        category=category,
        partners_by_category=by_category,
    )


def suggest(
    facts: Facts,
    network: nx.Graph,
    committee: str,
    *,
    sectors: list[str] | None = None,
    top: int = 10,
    index: SuggestionIndex | None = None,
) -> dict:
    """Rank candidate partners for ``committee`` from the sectors it lacks (or ``sectors``).

    Score = shared areas and goal areas (1 each) + shared partners (1 each) + for every
    committee that shares partners with this one and already works with the candidate, the
    Jaccard similarity of their partner sets + 0.1 per collaboration the candidate takes part
    in (so that a committee with no partners yet still gets the most active candidates). Ties
    by label. Each suggestion carries its reasons in words. Pass ``index`` (from
    :func:`build_index`) when suggesting for many committees.
    """
    index = index or build_index(facts)
    gap = index.gaps[committee]
    wanted = list(dict.fromkeys(sectors or gap["missing_sectors"]))  # each sector once
    own = index.family[committee] | {committee}
    partners = {p["iri"] for p in gap["partner_list"]}
    ours = _Committee(partners, set().union(*(index.context.get(a, set()) for a in own)))
    sharing = {c for p in partners for c in index.committees_of.get(p, ())} - {committee}
    for other in sorted(sharing):
        ours.similarity[other] = _jaccard(partners, index.committee_partners[other])
        for category in wanted:
            for candidate in index.partners_by_category[other].get(category, ()):
                ours.similar_of[candidate].append(other)
    # the candidates with more than their activity to score, of the wanted categories
    boosted = set(ours.similar_of).union(
        *(
            index.actors_in[c].get(category, ())
            for c in ours.context
            if c in index.actors_in
            for category in wanted
        )
    )
    for partner in partners:
        if partner in network:
            boosted.update(n for n in network[partner] if index.category.get(n) in wanted)
    shortlist = set(boosted)
    # Every other candidate scores its activity alone: the `top` most active of each wanted
    # category are the only ones of them that can make the list.
    for category in wanted:
        kept = 0
        for iri in index.by_activity.get(category, ()):
            if kept == top:
                break
            if iri not in boosted and iri not in partners and iri not in own:
                shortlist.add(iri)
                kept += 1
    ranked = []
    for iri in shortlist - partners - own:
        score = _score(facts, network, index, iri, ours)
        if score > 0:
            ranked.append((-score, facts.actors[iri]["label"].casefold(), iri))
    suggestions = []
    for _, _, iri in heapq.nsmallest(top, ranked):  # only the best get their reasons written
        reasons: list[str] = []
        score = _score(facts, network, index, iri, ours, reasons)
        actor = facts.actors[iri]
        suggestions.append(
            {
                "iri": iri,
                "label": actor["label"],
                "type": actor["type"],
                "sector": index.category[iri],
                "score": score,
                "reasons": reasons,
            }
        )
    return {
        "committee": committee,
        "label": facts.actors[committee]["label"],
        "sectors": [s for s in PARTNER_SECTORS if s in wanted],
        "sector_labels": [SECTOR_LABELS[s] for s in PARTNER_SECTORS if s in wanted],
        "suggestions": suggestions,
    }


@dataclass
class _Committee:
    """What scoring a candidate for one committee reads."""

    partners: set[str]
    #: the areas and goal areas of the committee and its administrations
    context: set[str]
    #: candidate → the committees sharing partners with this one that work with it
    similar_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: committee sharing partners with this one → Jaccard similarity of their partner sets
    similarity: dict[str, float] = field(default_factory=dict)


def _score(
    facts: Facts,
    network: nx.Graph,
    index: SuggestionIndex,
    iri: str,
    ours: _Committee,
    reasons: list[str] | None = None,
) -> float:
    """One candidate's score; its reasons in words are added to ``reasons`` if given."""
    score = 0.0
    shared_context = ours.context & index.context.get(iri, set())
    if shared_context:
        score += len(shared_context)
        if reasons is not None:
            reasons.append(
                "works in the same areas or goal areas: "
                + ", ".join(_context_label(facts, c) for c in sorted(shared_context))
            )
    common = ours.partners.intersection(network.adj[iri]) if iri in network else set()
    if common:
        score += len(common)
        if reasons is not None:
            reasons.append(
                "already works with partners of this committee: "
                + ", ".join(facts.actors[c]["label"] for c in sorted(common))
            )
    for other in ours.similar_of.get(iri, ()):
        score += ours.similarity[other]
        if reasons is not None:
            shared = len(ours.partners & index.committee_partners[other])
            reasons.append(
                f"partner of {facts.actors[other]['label']}, which shares "
                f"{shared} partner(s) with this committee"
            )
    active = len(facts.collaborations_of.get(iri, ()))
    if active:
        score += 0.1 * active
        if reasons is not None:
            reasons.append(f"takes part in {active} collaboration(s) in the data")
    return round(score, 4)


def _activity_score(facts: Facts, iri: str) -> float:
    """The score of a candidate that has nothing but its activity (as :func:`_score`)."""
    active = len(facts.collaborations_of.get(iri, ()))
    return round(0.0 + 0.1 * active, 4) if active else 0.0


def _context_label(facts: Facts, iri: str) -> str:
    return facts.labels.get(iri, iri.rsplit("/", 1)[-1])


def _committee_partners(facts: Facts) -> dict[str, set[str]]:
    partners: dict[str, set[str]] = defaultdict(set)
    for members in facts.members.values():
        owners = {facts.owner.get(m, m) for m in members}
        for owner in owners:
            if owner in facts.actors and facts.actors[owner]["type"] == "Committee":
                partners[owner] |= {m for m in members if facts.owner.get(m, m) != owner}
    return partners


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0
