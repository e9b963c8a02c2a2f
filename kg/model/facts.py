"""What the analyses read from the graph, as typed plain data.

:func:`read_facts` reads one predicate at a time from a pyoxigraph store
(:mod:`kg.model.triples`) and assembles actors, collaborations, memberships and evidence in
Python. Neither rdflib nor networkx is imported here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from kg.collector import collector_paused
from kg.model import vocab as v
from kg.model.names import label
from kg.model.triples import Lit, Term, Triples, descendants, read

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: Every predicate :func:`read_facts` reads; a copy of an endpoint needs these triples only.
PREDICATES: tuple[str, ...] = (
    v.TYPE,
    v.SUBCLASS_OF,
    v.RDFS_LABEL,
    v.PREF_LABEL,
    v.ALT_LABEL,
    v.SECTOR,
    v.IS_MUNICIPAL,
    v.REPORTED_BY,
    v.GOAL_AREA,
    v.UNNAMED_PARTY_SECTOR,
    v.AREA_SERVED,
    v.DERIVED_FROM,
    v.MEMBER,
    v.ORGANIZATION,
    v.UNIT_OF,
    v.COUNT,
    v.COUNTED_FOR,
    v.COUNTED_CLASS,
    v.COUNTED_SECTOR,
    v.DESCRIPTION,
    v.HAS_SOURCE,
    v.HAS_SELECTOR,
    v.EXACT,
    v.PAGE,
    v.FILE_NAME,
)


class Actor(TypedDict):
    """An organisation: its names, type (class local name), sector and evidence."""

    iri: str
    label: str
    label_en: str
    type: str
    sector: str
    municipal: bool | None
    names: list[str]
    evidence: list[str]


class Collaboration(TypedDict):
    """An alliance, IOP, project …: names, type, who reports it, where, unnamed parties."""

    iri: str
    label: str
    label_en: str
    type: str
    reported_by: list[str]
    areas: list[str]
    goal_areas: list[str]
    unnamed_sectors: list[str]
    evidence: list[str]


class Count(TypedDict):
    """A number the sources state without naming what they count (``kg:StatedCount``)."""

    iri: str
    count: Any
    counted_for: str
    counted_class: str
    counted_sector: str | None
    description: str
    evidence: list[str]


class Excerpt(TypedDict):
    """A quoted passage: its document, the document's text file, page and quote."""

    excerpt: str
    document: str
    file: str
    page: int | None
    quote: str


@dataclass
class Facts:
    """What the projection and the analyses read from the RDF graph."""

    actors: dict[str, Actor] = field(default_factory=dict)
    collaborations: dict[str, Collaboration] = field(default_factory=dict)
    #: collaboration IRI → {member IRI: [excerpt IRIs]}
    members: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: actor IRI → the committee (or top unit) it belongs to through org:unitOf
    owner: dict[str, str] = field(default_factory=dict)
    excerpts: dict[str, Excerpt] = field(default_factory=dict)
    counts: list[Count] = field(default_factory=list)
    #: Swedish labels of the areas and goal areas collaborations point at
    labels: dict[str, str] = field(default_factory=dict)
    #: actor IRI → the collaborations it is a member of (sorted)
    collaborations_of: dict[str, list[str]] = field(default_factory=dict)
    #: how many org:Membership nodes the graph holds
    memberships: int = 0


@collector_paused
def read_facts(store: ox.Store) -> Facts:
    """Read actors, collaborations, memberships and evidence from ``store`` into plain data.

    >>> from kg.io.files import input_files
    >>> from kg.io.parse import load_memory
    >>> facts = read_facts(load_memory(input_files()))
    >>> facts.actors["https://w3id.org/kg-malmo/id/radda-barnen"]["sector"]
    'civil'
    """
    return assemble(read(store, PREDICATES, skip_evidence_types=True))


def assemble(triples: Triples) -> Facts:
    """The :class:`Facts` of indexed triples (of :data:`PREDICATES`)."""
    facts = Facts()
    instances: dict[str, list[str]] = defaultdict(list)
    for subject, cls in triples.pairs(v.TYPE):
        instances[str(cls)].append(subject)
    children = triples.by_object(v.SUBCLASS_OF)
    for cls in sorted(descendants(children, v.ACTOR) - {v.ACTOR}):
        for actor in instances[cls]:
            facts.actors[actor] = _actor(triples, actor, cls)
    for cls in sorted(descendants(children, v.COLLABORATION) - {v.COLLABORATION}):
        for collab in instances[cls]:
            facts.collaborations[collab] = _collaboration(triples, collab, cls)
    for collab in facts.collaborations.values():
        for context in (*collab["areas"], *collab["goal_areas"]):
            facts.labels[context] = label(triples.objects, context, "sv")
    for membership, collab in triples.pairs(v.ORGANIZATION):
        member = triples.value(membership, v.MEMBER)
        if not isinstance(member, str) or collab not in facts.collaborations:
            continue
        evidence = facts.members.setdefault(str(collab), {}).setdefault(member, [])
        evidence.extend(_iris(triples.objects(membership, v.DERIVED_FROM)))
    index: dict[str, set[str]] = defaultdict(set)
    for collab, members in facts.members.items():
        for member in members:
            index[member].add(collab)
    facts.collaborations_of = {actor: sorted(c) for actor, c in index.items()}
    for actor in facts.actors:
        facts.owner[actor] = _top_unit(triples, actor, facts.actors)
    facts.memberships = len(set(instances[v.MEMBERSHIP]))
    for count in instances[v.STATED_COUNT]:
        facts.counts.append(_count(triples, count))
    for excerpt, document in triples.pairs(v.HAS_SOURCE):
        facts.excerpts[excerpt] = _excerpt(triples, excerpt, str(document))
    return facts


def _iris(values: list[Term]) -> list[str]:
    return sorted(str(x) for x in values if isinstance(x, str))


def _python(value: Term | None) -> Any:
    return value.value() if isinstance(value, Lit) else None


def _sector(value: Term | None) -> str:
    return v.SECTOR_NAMES.get(str(value), "unknown")


def _actor(triples: Triples, actor: str, cls: str) -> Actor:
    names = triples.objects(actor, v.PREF_LABEL) + triples.objects(actor, v.ALT_LABEL)
    return {
        "iri": actor,
        "label": label(triples.objects, actor, "sv"),
        "label_en": label(triples.objects, actor, "en"),
        "type": v.local_name(cls),
        "sector": _sector(triples.value(actor, v.SECTOR)),
        "municipal": _python(triples.value(actor, v.IS_MUNICIPAL)),
        "names": sorted({n.text if isinstance(n, Lit) else n for n in names}),
        "evidence": _iris(triples.objects(actor, v.DERIVED_FROM)),
    }


def _collaboration(triples: Triples, collab: str, cls: str) -> Collaboration:
    return {
        "iri": collab,
        "label": label(triples.objects, collab, "sv"),
        "label_en": label(triples.objects, collab, "en"),
        "type": v.local_name(cls),
        "reported_by": _iris(triples.objects(collab, v.REPORTED_BY)),
        "areas": _iris(triples.objects(collab, v.AREA_SERVED)),
        "goal_areas": _iris(triples.objects(collab, v.GOAL_AREA)),
        "unnamed_sectors": sorted(
            _sector(s) for s in triples.objects(collab, v.UNNAMED_PARTY_SECTOR)
        ),
        "evidence": _iris(triples.objects(collab, v.DERIVED_FROM)),
    }


def _count(triples: Triples, count: str) -> Count:
    def text(predicate: str) -> str:
        value = triples.value(count, predicate)
        return "" if value is None else value.text if isinstance(value, Lit) else value

    return {
        "iri": count,
        "count": _python(triples.value(count, v.COUNT)),
        "counted_for": text(v.COUNTED_FOR),
        "counted_class": v.local_name(text(v.COUNTED_CLASS)),
        "counted_sector": v.SECTOR_NAMES.get(text(v.COUNTED_SECTOR)),
        "description": text(v.DESCRIPTION),
        "evidence": _iris(triples.objects(count, v.DERIVED_FROM)),
    }


def _excerpt(triples: Triples, excerpt: str, document: str) -> Excerpt:
    quote = next(
        (
            q.text
            for selector in triples.objects(excerpt, v.HAS_SELECTOR)
            for q in triples.objects(str(selector), v.EXACT)
            if isinstance(q, Lit)
        ),
        "",
    )
    file_name = triples.value(document, v.FILE_NAME)
    return {
        "excerpt": excerpt,
        "document": document,
        "file": file_name.text if isinstance(file_name, Lit) else "",
        "page": _python(triples.value(excerpt, v.PAGE)),
        "quote": quote,
    }


def _top_unit(triples: Triples, actor: str, actors: dict[str, Actor]) -> str:
    """Follow org:unitOf up to the committee (or other top organisation) an actor belongs to."""
    seen = {actor}
    current = actor
    while True:
        parent = triples.value(current, v.UNIT_OF)
        if not isinstance(parent, str) or parent in seen or parent not in actors:
            return current
        seen.add(parent)
        current = parent


def is_internal(facts: Facts, a: str, b: str) -> bool:
    """True when ``a`` and ``b`` belong to the same organisation (a committee and its units)."""
    return facts.owner.get(a, a) == facts.owner.get(b, b)


def units_by_owner(facts: Facts) -> dict[str, set[str]]:
    """Each organisation's own actors: itself and every unit under it (org:unitOf chains)."""
    units: dict[str, set[str]] = defaultdict(set)
    for actor, owner in facts.owner.items():
        units[owner].add(actor)
    return units


def evidence_of(facts: Facts, excerpts: list[str]) -> list[Excerpt]:
    """The document, page and quote of each excerpt, in a stable order."""
    return [facts.excerpts[e] for e in sorted(set(excerpts)) if e in facts.excerpts]
