"""Partner suggestions: for each partner group a committee lacks, the candidates of that group
with the most in common with it, each score broken down into its parts, in words and numbers.

A candidate earns points for the areas and goal areas it works in with the committee (one
each), for the committee's partners it already works with (one each), and for every committee
with similar partners that already works with it (the similarity of their partner sets, 0–1).
Nothing is scored for being active or popular: one with nothing in common is not suggested.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.analysis.committee import LISTED_FOR_PYTHON, ONLY_FOR_PYTHON, find_committee
from kg.analysis.gaps import ABSENT
from kg.analysis.links import grouped, through
from kg.model.facts import Facts
from kg.model.names import in_language_order, listed, natural
from kg.model.parties import Parties
from kg.model.sectors import vocabulary
from kg.model.spoken import in_language
from kg.numbers import written

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from kg.analysis.pipeline import Analysis

#: Candidates per lacking group, by default.
TOP = 3
#: Points and similarities are given to this many decimals, each rounded once from the exact
#: value; the parts of a score then add up to it (only the similarity part has decimals).
DIGITS = 3


def rounded(value: float) -> float:
    """``value`` to :data:`DIGITS` decimals: every score, part and similarity given out.

    >>> rounded(1 / 22), rounded(2 + 1 / 22)
    (0.045, 2.045)
    """
    return round(value, DIGITS)


def shown(value: float) -> str:
    """A rounded value as the reasons write it: :data:`DIGITS` decimals, trailing zeros
    dropped (:func:`kg.numbers.written`, as the report writes it in English).

    >>> shown(rounded(1 / 22)), shown(2.0), shown(0.25)
    ('0.045', '2', '0.25')
    """
    return written(float(value), DIGITS, trim=True)


@dataclass
class SuggestionIndex:
    """What suggestions need, computed once for all committees of one analysis."""

    #: organisation → the areas and goal areas of the collaborations it takes part in or reports
    context: dict[str, set[str]]
    #: area or goal area → partner group → the organisations working there
    working_in: dict[str, dict[str, set[str]]]
    #: partner organisation → the committees it works with
    committees_of: dict[str, set[str]]
    #: committee → its partners, as a set
    partners: dict[str, set[str]] = field(default_factory=dict)
    #: committee → partner group → its partners of that group
    partners_in: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    #: the organisations that report a collaboration (kg:reportedBy)
    reporters: set[str] = field(default_factory=set)
    #: who is a party of each collaboration, and by which passages (grouped once, on demand)
    parties: Parties | None = None
    #: organisation → partner group → its neighbours of that group, in ``_network``
    _neighbours: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    _network: nx.Graph | None = None
    _sector: dict[str, str | None] = field(default_factory=dict)

    def neighbours(self, network: nx.Graph, organisation: str) -> dict[str, set[str]]:
        """``organisation``'s neighbours in ``network`` by partner group (kept: committees
        share their partners, and a national graph's hubs have thousands of neighbours)."""
        if network is not self._network:
            self._neighbours, self._network = {}, network
            self._sector = dict(network.nodes(data="sector"))
        found = self._neighbours.get(organisation)
        if found is None:
            found = defaultdict(set)
            for neighbour in network.adj[organisation]:
                found[self._sector[neighbour]].add(neighbour)
            self._neighbours[organisation] = found
        return found


def build_index(facts: Facts) -> SuggestionIndex:
    """Index contexts and committees' partners for :func:`suggest`."""
    context: dict[str, set[str]] = defaultdict(set)
    for organisation, collabs in facts.takes_part_in.items():
        places = context[organisation]
        for collab in collabs:
            info = facts.collaborations[collab]
            places.update(info["areas"], info["goal_areas"])
    reporters = set()
    for info in facts.collaborations.values():
        reporters.update(info["reported_by"])
        for reporter in info["reported_by"]:
            context[reporter].update(info["areas"], info["goal_areas"])
    working_in: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for organisation, places in context.items():
        group = facts.actors.get(organisation, {}).get("group", "unknown")
        for place in places:
            working_in[place][group].add(organisation)
    committees_of: dict[str, set[str]] = defaultdict(set)
    partners, partners_in = {}, {}
    for organisation, theirs in facts.partners.items():
        if facts.actors.get(organisation, {}).get("type") == "Committee":
            partners[organisation] = set(theirs)
            partners_in[organisation] = by_group = defaultdict(set)
            for partner in theirs:
                committees_of[partner].add(organisation)
                by_group[facts.actors[partner]["group"]].add(partner)
    return SuggestionIndex(
        context, working_in, committees_of, partners, partners_in, reporters, Parties(facts)
    )


def suggest(
    facts: Facts,
    network: nx.Graph,
    committee: str,
    *,
    sectors: list[str] | None = None,
    top: int = TOP,
    index: SuggestionIndex | None = None,
) -> dict:
    """Candidates for ``committee`` in each group it lacks (or in ``sectors``, any words of
    the vocabulary; ``public`` is both public groups), the best ``top`` per group (0: all).

    Returns ``{"committee", "label", "sectors", "note", "note_key", "groups": [{"sector",
    "candidates", "note", "note_key"}]}``; each candidate has ``score`` and ``parts``
    (``kind``, ``points``, ``reason``, and the ``items`` it counts: areas, partners or
    committees with their ``similarity``). ``note`` says in English why there is nothing to
    suggest where there is nothing; ``note_key`` names that note (``not_described``,
    ``not_described_year``, ``no_collaboration``, ``no_candidate``; empty where there is none)
    for a surface that words it itself, and ``note_values`` (where there are any) its values
    besides the committee: the ``year`` of a year's view.
    """
    words = vocabulary()
    index = index or build_index(facts)
    wanted = (
        [name for s in sectors for name in words.covered(s)]  # public: both public groups
        if sectors
        else [g for g in words.gap_groups if g in facts.lacks.get(committee, ())]
    )
    wanted = [g for g in words.names if g in wanted]  # each once, in the vocabulary's order
    label = facts.actors[committee]["label"]
    result = {
        "committee": committee,
        "label": label,
        "label_en": facts.actors[committee]["label_en"],
        "sectors": wanted,
        "note": "",
        "note_key": "",
        "groups": [],
    }
    if facts.status.get(committee) == ABSENT:  # (in a year's view) no source describes it,
        # so the groups it lacks are unknown (08-lacks-group.rq), not none: say that, with or
        # without --sector
        if facts.year is None:
            result["note"] = (
                f"No source describes {label}: there is nothing to base a suggestion on."
            )
            result["note_key"] = "not_described"
        else:  # sources of other years may describe it
            result["note"] = (
                f"No source of {facts.year} describes {label}: there is nothing to base a "
                f"suggestion on for {facts.year}; the sources of every year may describe it."
            )
            result["note_key"] = "not_described_year"
            result["note_values"] = {"year": facts.year}
        return result
    if wanted and not facts.takes_part_in.get(committee) and committee not in index.reporters:
        result["note"] = (
            f"The sources describe {label} without any collaboration: there is nothing to "
            "base a suggestion on."
        )
        result["note_key"] = "no_collaboration"
        return result
    ours = _Committee.of(index, committee, wanted)
    found = ours.candidates(facts, network, index, wanted)
    for group in wanted:
        scored = [(-p, c) for c in found[group] if (p := ours.points(c)) > 0]
        if top and len(scored) > top:  # names are compared only among those tied at the cut
            cut = heapq.nsmallest(top, [score for score, _ in scored])[-1]
            scored = [row for row in scored if row[0] <= cut]
        ranked = sorted((s, natural(facts.actors[c]["label"]), c) for s, c in scored)
        candidates = []
        for _, _, iri in ranked[: top or None]:  # the best get reasons
            parts = ours.parts(facts, network, index, iri)
            candidates.append(
                {
                    **facts.ref(iri),
                    "sector": group,
                    "score": rounded(sum(p["points"] for p in parts)),
                    "parts": parts,
                    "reasons": [p["reason"] for p in parts],
                }
            )
        note = (
            ""
            if candidates
            else f"No {words.group(group).label('en')} organisation in the data shares an area, "
            f"a goal area or a partner with {label}."
        )
        row = {"sector": group, "candidates": candidates, "note": note}
        result["groups"].append({**row, "note_key": "" if candidates else "no_candidate"})
    return result


@dataclass
class _Committee:
    """What scoring candidates for one committee reads."""

    iri: str
    partners: set[str]
    context: set[str]
    #: committees sharing partners with this one → the Jaccard similarity of their partner sets
    similarity: dict[str, float]
    #: a partner of those committees in the groups wanted → the committees (in the order of
    #: ``similarity``)
    similar_with: dict[str, list[str]]
    #: organisation → the areas and goal areas it shares with the committee (by candidates)
    shared: Counter = field(default_factory=Counter)
    #: organisation → the committee's partners it works with (by candidates)
    common: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, index: SuggestionIndex, committee: str, groups: list[str]) -> _Committee:
        partners = index.partners.get(committee, set())
        similar = {c for p in partners for c in index.committees_of.get(p, ())} - {committee}
        similarity = {c: _jaccard(partners, index.partners.get(c, set())) for c in sorted(similar)}
        similar_with: dict[str, list[str]] = defaultdict(list)
        for other in similarity:
            theirs = index.partners_in.get(other, {})
            for group in groups:
                for partner in theirs.get(group, ()):
                    similar_with[partner].append(other)
        context = index.context.get(committee, set())
        return cls(committee, partners, context, similarity, similar_with)

    def candidates(
        self, facts: Facts, network: nx.Graph, index: SuggestionIndex, groups: list[str]
    ) -> dict[str, set[str]]:
        """Each of ``groups`` → its organisations with anything in common with the committee.

        On the way it counts, per organisation, the areas it shares with the committee and
        the committee's partners it works with (each is in one group): :meth:`points`."""
        found: dict[str, set[str]] = {group: set() for group in groups}
        self.shared, self.common = Counter(), Counter()
        for place in self.context:
            for group, organisations in index.working_in.get(place, {}).items():
                if group in found:
                    found[group] |= organisations
                    self.shared.update(organisations)
        for partner in self.partners:
            if partner in network:
                for group, neighbours in index.neighbours(network, partner).items():
                    if group in found:
                        found[group] |= neighbours
                        self.common.update(neighbours)
        for partner in self.similar_with:
            found[facts.actors[partner]["group"]].add(partner)
        ours = self.partners | {self.iri}
        return {group: organisations - ours for group, organisations in found.items()}

    def points(self, iri: str) -> float:
        """The score of a candidate :meth:`candidates` found: the sum of the points of
        :meth:`parts`, without their words."""
        # whole points add up exactly, so their sum first is the same float as part by part
        whole = float(self.shared.get(iri, 0) + self.common.get(iri, 0))
        similar = self.similar_with.get(iri)
        return whole + rounded(sum(self.similarity[c] for c in similar)) if similar else whole

    def parts(
        self, facts: Facts, network: nx.Graph, index: SuggestionIndex, iri: str
    ) -> list[dict]:
        """The candidate's score, part by part: points and the reason in words."""
        parts = []

        def part(kind: str, points: float, reason: str, items: list[dict]) -> None:
            parts.append({"kind": kind, "points": points, "reason": reason, "items": items})

        def place(c: str) -> str:
            return facts.labels.get(c, c.rsplit("/", 1)[-1])

        def spoken(item: dict) -> str:  # the reasons are English sentences
            return in_language(item["label"], item.get("label_en"), "en")

        def english(rows: list[dict]) -> list[str]:  # names as an English list orders them
            return [spoken(r) for r in in_language_order(rows, "en")]

        # each part's items in the order its reason, an English sentence, names them
        shared = in_language_order(
            [{"iri": c, "label": place(c), "label_en": facts.labels_en.get(c, "")}
             for c in self.context & index.context.get(iri, set())], "en")  # fmt: skip
        if shared:
            names = ", ".join(map(spoken, shared))
            reason = f"works in the same areas or goal areas ({len(shared)}): {names}"
            part("context", float(len(shared)), reason, shared)
        common = sorted(self.partners.intersection(network.adj[iri])) if iri in network else []
        if common:
            parties = index.parties or Parties(facts)
            items = [
                {
                    "iri": c,
                    **facts.named(c),
                    "collaborations": through(
                        facts, parties, iri, c, network.adj[iri][c].get("collaborations", [])
                    ),
                }
                for c in common
            ]
            together = grouped(in_language_order(items, "en"))  # by the collaborations
            names = ", ".join(
                listed(english(linked), "and")
                + (f" (through {listed(english(via), 'and')})" if via else "")
                for linked, via in together
            )
            reason = f"already works with {len(common)} of the committee's partners: {names}"
            part("partners", float(len(common)), reason, [i for row, _ in together for i in row])
        similar = self.similar_with.get(iri, [])
        if similar:
            points = rounded(sum(self.similarity[c] for c in similar))
            alike = in_language_order(
                [{"iri": c, **facts.named(c), "similarity": rounded(self.similarity[c])}
                 for c in similar], "en")  # fmt: skip
            alike.sort(key=lambda a: -a["similarity"])  # the most similar first, ties by name
            names = ", ".join(f"{spoken(a)} ({shown(a['similarity'])})" for a in alike)
            reason = f"a partner of committees with similar partners (similarity 0–1 each): {names}"
            part("similar", points, reason, alike)
        return parts


def _jaccard(a: set[str], b: set[str]) -> float:
    shared = len(a & b)
    union = len(a) + len(b) - shared  # the size of a | b, without making it
    return shared / union if union else 0.0


def suggest_for(
    analysis: Analysis,
    committee: str,
    *,
    sectors: str | Iterable[str] | None = None,
    top: int = TOP,
) -> dict:
    """Partner suggestions for one committee, as ``kg suggest`` gives them: ``committee`` is
    its name, a unique start of it or its IRI (``"förskolenämnden"``); ``sectors`` the group
    (``"civil"``) or groups to suggest from (default: those it lacks), ``top`` the candidates
    per group (0: all; less raises ValueError). The answer is :func:`suggest`'s; an unknown or
    ambiguous name raises :class:`~kg.errors.KgError` with the closest names (else where
    ``analysis`` lists the committees).

    >>> import kg
    >>> found = kg.suggest(kg.analyse(kg.Source().facts()), "förskolenämnden", top=1)
    >>> found["label"], [group["sector"] for group in found["groups"]]
    ('Förskolenämnden', ['civil', 'business'])
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        raise ValueError(f"top is the candidates per group: a whole number, 0 for all; not {top!r}")
    groups = [sectors] if isinstance(sectors, str) else None if sectors is None else [*sectors]
    iri = find_committee(analysis.facts, committee, hint=LISTED_FOR_PYTHON, only=ONLY_FOR_PYTHON)
    return suggest(analysis.facts, analysis.network, iri, sectors=groups, top=top)
