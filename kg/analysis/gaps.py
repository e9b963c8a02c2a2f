"""Gaps: which committees lack partners, at all or per partner group, and the evidence for the
partners they have. What a committee's partners are, which groups it reaches and lacks, and its
status are the rules' (ontology/rules/, read into the facts); this module lays them out."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import kg.progress as progress
from kg.analysis.concentration import FIELDS, concentrated, flat_lists, outermost
from kg.model.facts import Facts, evidence_of
from kg.model.names import municipality_of, natural
from kg.model.nesting import counted, wholes
from kg.model.parties import Parties, without_partner
from kg.model.sectors import STATUSES_WORST_FIRST as _WORST_FIRST
from kg.model.sectors import vocabulary
from kg.model.successors import lineage

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

#: Partner statuses, from the worst to the best (short names of kg:PartnerStatusScheme).
ABSENT, NO_PARTNER, UNNAMED_ONLY, HAS_PARTNERS = _WORST_FIRST


def committee_gaps(
    facts: Facts, *, sector: str | None = None, network: nx.Graph | None = None
) -> list[dict]:
    """For every committee: its partners per group, the groups it lacks, and the evidence.

    ``sector`` (any word of the vocabulary: ``academia``, ``myndigheter``, ``public`` …) keeps
    the committees lacking that group. Each row: ``committee`` (IRI), ``label``, ``label_en``,
    ``municipality`` (the municipality it belongs to: its ``iri``, ``label`` and ``label_en``,
    or None; what tells two cities' committees apart), ``status`` (short name), ``partners``
    (named partner organisations), ``by_sector`` ({group: count}), ``missing_sectors`` (its
    gaps: the groups committees are to reach that it lacks, the report's "lacks" column),
    ``no_partner_in`` (every group with no partner of it, named or unnamed, ``city`` and the
    whole ``public`` sector included: kg:lacksGroup, what ``sector`` selects by; both empty
    for a committee absent from the sources, which cannot tell what it lacks),
    ``unnamed_sectors``, ``partner_list``, ``unnamed`` (unnamed parties and stated counts, by
    sector), ``own_work`` (its collaborations with no partner named), ``evidence`` (each
    passage of the partners' once, with the ``partners`` it supports: :func:`supported`) and
    ``described_in`` (the passages that name the committee itself: why it counts as described
    though no partner is named, or, empty, as absent from the sources), ``replaces`` and
    ``replaced_by`` (the organisations it replaced, "formerly", and those that replaced it,
    :func:`kg.model.successors.lineage`: a committee absent from a later year's sources
    may be there under its new name). The
    widest gaps come first (:func:`widest_gaps`), as every surface lists them.

    ``network`` is the facts' :func:`~kg.model.projection.actor_graph`, where the caller has
    it: a partner's shared collaborations are then read from its link, not worked out again.
    """
    words = vocabulary()
    wanted = words.group(sector).name if sector is not None else None
    counts = defaultdict(list)
    for count in facts.counts:
        counted = facts.actors.get(count["counted_for"], {}).get("organisation")
        counts[counted or count["counted_for"]].append(count)
    reported = defaultdict(set)  # committee → the collaborations it reports
    for collaboration, info in facts.collaborations.items():
        for reporter in info["reported_by"]:
            reported[reporter].add(collaboration)
    committees = sorted(  # the committees picked first, then sorted (a stable sort: the same order)
        (
            iri
            for iri, actor in facts.actors.items()
            if actor["type"] == "Committee"
            and (wanted is None or wanted in facts.lacks.get(iri, ()))
        ),
        key=lambda iri: natural(facts.actors[iri]["label"]),
    )
    rows = []
    # the passages that make an organisation a party of a collaboration, each pair read once
    # for every committee (a partner of several committees, a committee with many partners)
    party_evidence = functools.cache(Parties(facts).evidence)
    parts_of = wholes(facts)
    tops = outermost(facts)
    home = municipality_of(facts.actors)
    with progress.step(
        "Gaps per committee: {committees} committees",
        total=len(committees),
        committees=len(committees),
    ) as counting:
        for iri in committees:
            links = network.adj[iri] if network is not None and iri in network else {}
            row = _gap_row(facts, party_evidence, parts_of, iri, counts[iri], reported[iri], links)
            row.update(_concentration(facts, row["partner_list"], tops))
            city = home(iri)
            rows.append(
                {**row, "municipality": {"iri": city, **facts.named(city)} if city else None}
            )
            counting.advance()
    return widest_gaps(rows)


def _gap_row(
    facts: Facts,
    party_evidence: Callable[[str, str], list[str]],
    parts_of: dict[str, frozenset[str]],
    committee: str,
    counts: list[dict],
    reported: set[str],
    links: Mapping[str, dict],
) -> dict:
    words = vocabulary()
    ours = set(facts.takes_part_in.get(committee, ()))
    partners = []
    for partner in facts.partners.get(committee, ()):
        # the collaborations the network's link counts: a whole left to the part both share
        link = links.get(partner)
        if link is not None:
            shared = link["collaborations"]
        else:
            shared = counted(ours & set(facts.takes_part_in.get(partner, ())), parts_of)
        # the passages of both sides (Parties.between) of every shared collaboration, each
        # once: evidence_of puts them in order
        excerpts: set[str] = set()
        for collab in shared:
            excerpts.update(party_evidence(committee, collab), party_evidence(partner, collab))
        partners.append(
            {
                "iri": partner,
                **facts.named(partner),
                "category": facts.actors[partner]["group"],
                "collaborations": [facts.ref(c) for c in shared],
                "evidence": evidence_of(facts, list(excerpts)),
            }
        )
    partners.sort(key=lambda p: (natural(p["label"]), p["iri"]))
    unnamed: dict[str, list[dict]] = defaultdict(list)
    for collab in sorted(ours):
        info = facts.collaborations[collab]
        for sector in info["unnamed_sectors"]:
            unnamed[sector].append(
                {
                    "collaboration": collab,
                    "label": info["label"],
                    "label_en": info["label_en"],
                    "evidence": evidence_of(facts, info["evidence"]),
                }
            )
    for count in counts:
        if count["counted_sector"]:
            unnamed[count["counted_sector"]].append(
                {
                    "count": count["count"],
                    "counted_class": count["counted_class"],
                    "label": count["description"],  # in English, and in Swedish
                    "label_sv": count["description_sv"],
                    "evidence": evidence_of(facts, count["evidence"]),
                }
            )
    # every group of the vocabulary, then any other a partner is in (data the shapes refuse)
    by_sector = {**dict.fromkeys(words.names, 0), **Counter(p["category"] for p in partners)}
    lacks = facts.lacks.get(committee, [])
    own_work = sorted(
        (c for c in ours | reported if without_partner(facts.collaborations[c])),
        key=lambda c: (natural(facts.collaborations[c]["label"]), c),
    )
    return {
        "committee": committee,
        **facts.named(committee),
        "status": facts.status.get(committee, ABSENT),
        "partners": len(partners),
        "by_sector": by_sector,
        "missing_sectors": counted_gaps(lacks),
        "no_partner_in": list(lacks),
        "unnamed_sectors": sorted(unnamed),
        "partner_list": partners,
        "unnamed": dict(sorted(unnamed.items())),
        "own_work": [facts.ref(c) for c in own_work],
        "evidence": supported(partners),
        "described_in": evidence_of(facts, facts.actors[committee]["evidence"]),
        **lineage(facts, committee),
    }


def supported(partners: list[dict]) -> list[dict]:
    """The passages that make the committee's partners its partners, each once, in the order
    the partners first cite them, with the IRIs of the ``partners`` it supports.

    >>> e = {"excerpt": "e1", "quote": "q"}
    >>> supported([{"iri": "a", "evidence": [e]}, {"iri": "b", "evidence": [e]}])
    [{'excerpt': 'e1', 'quote': 'q', 'partners': ['a', 'b']}]
    """
    found: dict[str, dict] = {}
    listed: dict[str, set[str]] = {}  # the partners each passage lists, as a set to look up
    for partner in partners:
        for passage in partner["evidence"]:
            entry = found.get(passage["excerpt"])
            if entry is None:  # (made only here: most passages are cited by several partners)
                entry = found[passage["excerpt"]] = {**passage, "partners": []}
                listed[passage["excerpt"]] = set()
            already = listed[passage["excerpt"]]
            if partner["iri"] not in already:
                already.add(partner["iri"])
                entry["partners"].append(partner["iri"])
    return list(found.values())


def counted_gaps(lacks: Iterable[str]) -> list[str]:
    """The groups of ``lacks`` (short names, as ``kg:lacksGroup`` states them) that are gaps:
    those committees are to reach (kg:GapGroups), in its order; not the municipality's own
    bodies (``city``) nor the whole ``public`` sector. One definition for ``kg gaps``, the
    report and kg serve's ``/id/`` page.

    >>> counted_gaps(["city", "public", "business", "civil"])
    ['civil', 'business']
    """
    lacked = set(lacks)
    return [g for g in vocabulary().gap_groups if g in lacked]


def _concentration(facts: Facts, partners: list[dict], tops: dict[str, frozenset[str]]) -> dict:
    """How concentrated a committee's partners are, as :mod:`kg.analysis.concentration`
    defines it for every surface: its :data:`~kg.analysis.concentration.FIELDS` (those of
    its row in ``kg brokers``), and the same fields for its partners in each group alone
    (``by_sector_concentration``: through how many collaborations that group's partners
    come, and how many of them the one that gives the most gives alone)."""
    links = {p["iri"]: (p["category"], [c["iri"] for c in p["collaborations"]]) for p in partners}
    by_group: dict[str, dict[str, tuple]] = {name: {} for name in vocabulary().names}
    for iri, link in links.items():
        by_group.setdefault(link[0], {})[iri] = link
    return {
        **{k: v for k, v in concentrated(facts, links, tops).items() if k in FIELDS},
        "by_sector_concentration": {
            group: concentrated(facts, theirs, tops) for group, theirs in by_group.items()
        },
    }


def widest_gaps(rows: list[dict], limit: int | None = None) -> list[dict]:
    """The rows with the widest gaps first: worst status, then most groups missing, then
    fewest partners, then by name; the first ``limit`` of them (all when None).

    >>> rows = [{"status": HAS_PARTNERS, "partners": 3, "missing_sectors": [], "label": "a"},
    ...         {"status": NO_PARTNER, "partners": 0, "missing_sectors": ["civil"], "label": "b"}]
    >>> [r["status"] for r in widest_gaps(rows, 1)]
    ['no-partner']
    """
    ranked = sorted(
        rows,
        key=lambda r: (
            _WORST_FIRST.index(r["status"]) if r["status"] in _WORST_FIRST else len(_WORST_FIRST),
            -len(r["missing_sectors"]),
            r["partners"],
            natural(r["label"]),
        ),
    )
    return ranked if limit is None else ranked[:limit]


#: The fields of each group's concentration that :func:`flat_gaps` gives, a column each
#: (``academia_partner_collaborations`` …).
GROUP_FIELDS = ("partner_collaborations", "main_collaboration_label", "main_collaboration_partners")


def gap_columns() -> list[str]:
    """The columns of :func:`flat_gaps`: a committee, its status, its partners in each group,
    the groups it lacks; how concentrated its partners are (the
    :data:`~kg.analysis.concentration.FIELDS`, as ``kg brokers`` has them, then each group's
    :data:`GROUP_FIELDS`); its municipality last, as in every table of kg's."""
    names = vocabulary().names
    return ["committee", "label", "label_en", "status", "partners", *names,
            "missing_sectors", "unnamed_sectors", *FIELDS,
            *(f"{g}_{f}" for g in names for f in GROUP_FIELDS), "replaces", "replaced_by",
            "municipality"]  # fmt: skip


def flat_gaps(rows: list[dict]) -> list[dict]:
    """The gaps as a flat table, one committee per row, one value per cell: the partners of
    each group in a column of its own, group lists joined with "; ", the keys and short names
    of :func:`committee_gaps`, the concentration's lists joined likewise (its parts by label)
    and an empty cell where it names no collaboration, the municipality by its Swedish name.
    ``kg gaps -f csv`` and :func:`kg.frames` give this table. A partner in no group of the
    vocabulary (data the shapes refuse) counts in ``partners`` alone, as JSON's ``by_sector``
    gives it under its own key. ``replaces`` and ``replaced_by`` are Swedish names joined
    with "; "."""

    def cell(value: object) -> object:
        return "" if value is None else value

    return [
        {
            **{c: row[c] for c in ("committee", "label", "label_en", "status", "partners")},
            **row["by_sector"],
            "missing_sectors": "; ".join(row["missing_sectors"]),
            "unnamed_sectors": "; ".join(row["unnamed_sectors"]),
            **{f: cell(row[f]) for f in FIELDS[:5]},
            **flat_lists(row),
            **{
                f"{g}_{f}": cell(theirs[f])
                for g, theirs in row["by_sector_concentration"].items()
                for f in GROUP_FIELDS
            },
            **{k: "; ".join(r["label"] for r in row[k]) for k in ("replaces", "replaced_by")},
            "municipality": (row.get("municipality") or {}).get("label", ""),
        }
        for row in rows
    ]


def lacking_partners(rows: list[dict]) -> set[str]:
    """IRIs of committees with no partner at all, named or unnamed."""
    return {r["committee"] for r in rows if r["status"] in (NO_PARTNER, ABSENT)}
