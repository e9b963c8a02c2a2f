"""What the analyses read from the graph, as typed plain data.

:func:`read_facts` reads one predicate at a time from a pyoxigraph store
(:mod:`kg.model.triples`) and assembles actors, collaborations, memberships and evidence in
Python. Neither rdflib nor networkx is imported here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import chain
from typing import TYPE_CHECKING, Any

from kg.collector import collector_paused
from kg.errors import KgError
from kg.model import vocab as v
from kg.model.kinds import group_concepts, own_subclasses, refuse_own_groups, refuse_own_subclasses
from kg.model.names import bases, choose_label, label, tell_apart
from kg.model.periods import stated_bound, years_of
from kg.model.records import Actor, Collaboration, Count, Document, Excerpt
from kg.model.spoken import in_languages
from kg.model.triples import Lit, Term, Triples, descendants, read
from kg.numbers import counted

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: Every predicate :func:`read_facts` reads: those compared, and those a diff tells as other
#: statements; a copy of an endpoint needs these triples only.
PREDICATES: tuple[str, ...] = (
    *v.COMPARED,
    v.SUBCLASS_OF,
    v.ALT_LABEL,
    v.DESCRIPTION,
    v.BASIS,
    v.EDITORIAL_NOTE,
    v.LANGUAGE,
    v.NOTATION,
    v.IN_SCHEME,
    v.TOP_CONCEPT_OF,
)
#: What :func:`read_facts` reads: the curated predicates and the derived view.
READ = (*PREDICATES, *v.DERIVED_PREDICATES)
READING = len(READ) + 1  #: the steps of :func:`read_facts`: each predicate, then assembling


@dataclass(repr=False)
class Facts:
    """What the projection and the analyses read from the RDF graph. Its text form is one
    line of counts; the records are in its fields (``facts.actors`` …), keyed by IRI:

    - ``actors``: IRI → :class:`kg.model.records.Actor`; ``collaborations``: IRI →
      :class:`kg.model.records.Collaboration`; ``excerpts``: IRI →
      :class:`kg.model.records.Excerpt`; ``documents``: IRI →
      :class:`kg.model.records.Document`; ``counts``: the stated counts
      (:class:`kg.model.records.Count`).
    - ``members``: collaboration IRI → {member IRI: [excerpt IRIs]}; ``member_years``:
      collaboration IRI → {member IRI: the years its memberships are reported in};
      ``memberships``: how many org:Membership nodes the graph holds.
    - ``labels`` and ``labels_en``: the Swedish and English labels of the areas and goal
      areas collaborations point at (a goal area's with its number first: "7 – En kreativ
      stad"); ``goal_areas``: every goal area (kg:GoalArea) → its own evidence (excerpt
      IRIs), in the city's order, each in ``labels`` too, whether a collaboration points at
      it or not.
    - The committee-level view, as the rules derive it (ontology/rules/): ``takes_part_in``:
      organisation → the collaborations it takes part in (kg:takesPartIn); ``partners``:
      organisation → its partner organisations (kg:partner); ``reaches`` and ``lacks``:
      committee → the partner groups it reaches and lacks (short names); ``status``:
      committee → its partner status (kg:partnerStatus by short name: "partners",
      "no-partner" …); ``replaces``: organisation → the organisations it
      replaces (dcterms:replaces: renamed or merged into it).
    - ``year``: the year of a year's view (:class:`kg.io.source.Source` with ``year``), else
      None.
    """

    actors: dict[str, Actor] = field(default_factory=dict)
    collaborations: dict[str, Collaboration] = field(default_factory=dict)
    members: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    member_years: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    excerpts: dict[str, Excerpt] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    counts: list[Count] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    labels_en: dict[str, str] = field(default_factory=dict)
    goal_areas: dict[str, list[str]] = field(default_factory=dict)
    memberships: int = 0
    takes_part_in: dict[str, list[str]] = field(default_factory=dict)
    partners: dict[str, list[str]] = field(default_factory=dict)
    reaches: dict[str, list[str]] = field(default_factory=dict)
    lacks: dict[str, list[str]] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    replaces: dict[str, list[str]] = field(default_factory=dict)
    year: int | None = None

    def __repr__(self) -> str:
        parts = [
            counted(len(self.actors), "actor"),
            counted(len(self.collaborations), "collaboration"),
            counted(self.memberships, "membership"),
            counted(len(self.counts), "stated count"),
            counted(len(self.documents), "document"),
        ]
        year = "" if self.year is None else f" reported in {self.year}"
        return f"<Facts{year}: {', '.join(parts)}>"

    @cached_property
    def replaced_by(self) -> dict[str, list[str]]:
        """:attr:`replaces` the other way (organisation → those that replaced it), worked out
        once: every gaps row and map node asks it."""
        from kg.model.successors import replaced_by

        return replaced_by(self.replaces)

    def ref(self, iri: str) -> dict[str, str]:
        """An actor or a collaboration as the analyses list it: ``iri``, ``label``,
        ``label_en`` and ``type``."""
        thing = self.actors.get(iri) or self.collaborations[iri]
        return {"iri": iri, **{k: thing[k] for k in ("label", "label_en", "type")}}

    def named(self, iri: str) -> dict[str, str]:
        """An actor's or a collaboration's ``label`` and ``label_en`` ("" where none); a
        document's title, else the IRI's last segment, for anything else."""
        found = self.actors.get(iri) or self.collaborations.get(iri)
        if found:
            return {"label": found["label"], "label_en": found.get("label_en") or ""}
        document = self.documents.get(iri)
        return {
            "label": (document["title"] if document else "") or v.local_name(iri),
            "label_en": "",
        }

    def units_by_organisation(self) -> dict[str, list[str]]:
        """Every organisation with units (administrations, schools …) → its units, sorted."""
        found: dict[str, list[str]] = defaultdict(list)
        for iri, actor in sorted(self.actors.items()):
            if actor["organisation"] != iri:
                found[actor["organisation"]].append(iri)
        return dict(found)


@collector_paused
def read_facts(store: ox.Store, advance: Callable[[], None] = lambda: None) -> Facts:
    """Read actors, collaborations, memberships and evidence from ``store`` into plain data,
    calling ``advance`` after each of its :data:`READING` steps.

    >>> from kg.io.files import input_files
    >>> from kg.io.parse import load_memory
    >>> facts = read_facts(load_memory(input_files()))
    >>> facts.actors["https://w3id.org/kg-malmo/id/radda-barnen"]["sector"]
    'civil'
    """
    facts = assemble(read(store, READ, skip_evidence_types=True, advance=advance))
    advance()
    return facts


def assemble(triples: Triples) -> Facts:
    """The :class:`Facts` of indexed triples (of :data:`PREDICATES`)."""
    facts = Facts()
    names = cache(_name)  # each concept's short name looked up once in this call
    instances: dict[str, list[str]] = defaultdict(list)
    for subject, classes in triples.by_subject(v.TYPE).items():
        for cls in classes:
            instances[str(cls)].append(subject)
    for subjects in instances.values():  # by IRI: cheaper in parts than all typed nodes at once
        subjects.sort()
    children = triples.by_object(v.SUBCLASS_OF)
    refuse_own_subclasses(instances, own_subclasses(children))

    def marked(p: str, o: str) -> Iterable[str]:  # a class's nodes: the types already read
        return instances.get(o, []) if p == v.TYPE else triples.by_object(p).get(o, set())

    refuse_own_groups(group_concepts(marked))
    for cls in sorted(descendants(children, v.ACTOR) - {v.ACTOR}):
        for actor in instances[cls]:
            facts.actors[actor] = _actor(triples, actor, cls, names)
    for cls in sorted(descendants(children, v.COLLABORATION) - {v.COLLABORATION}):
        for collab in instances[cls]:
            facts.collaborations[collab] = _collaboration(triples, collab, cls)
    goals = sorted(set(instances[v.GOAL_AREA_CLASS]), key=lambda g: _numbered(triples, g))
    facts.goal_areas = {g: _iris(triples.objects(g, v.DERIVED_FROM)) for g in goals}
    pointed = ((*c["areas"], *c["goal_areas"]) for c in facts.collaborations.values())
    for context in dict.fromkeys(chain(goals, *pointed)):
        number = triples.value(context, v.NOTATION)  # a goal area's, as the city numbers them
        first = f"{number.text} – " if isinstance(number, Lit) else ""
        facts.labels[context] = first + label(triples.objects, context, "sv")
        facts.labels_en[context] = first + label(triples.objects, context, "en")
    members, derived_from = triples.by_subject(v.MEMBER), triples.by_subject(v.DERIVED_FROM)
    for membership, collabs in sorted(triples.by_subject(v.ORGANIZATION).items()):
        member = (members.get(membership) or [None])[0]
        for collab in collabs:
            if not isinstance(member, str) or collab not in facts.collaborations:
                continue
            evidence = facts.members.setdefault(str(collab), {}).setdefault(member, [])
            evidence.extend(_iris(derived_from.get(membership, [])))
            years = facts.member_years.setdefault(str(collab), {}).setdefault(member, [])
            if found := years_of(triples, membership):  # else the years stay as they are
                years[:] = sorted(set(years) | set(found))
    facts.memberships = len(set(instances[v.MEMBERSHIP]))
    for count in instances[v.STATED_COUNT]:
        facts.counts.append(_count(triples, count))
    _excerpts(triples, facts)
    for new, old in triples.pairs(v.REPLACES):
        if isinstance(old, str) and new in facts.actors and old in facts.actors:
            facts.replaces.setdefault(new, []).append(old)
    facts.replaces = {new: sorted(old) for new, old in sorted(facts.replaces.items())}
    _derived(triples, facts, names)
    # two cities' namesakes, organisations and places
    tell_apart(facts.actors, [(facts.labels, "label"), (facts.labels_en, "label_en")])
    return facts


def _numbered(triples: Triples, goal: str) -> tuple[int, str]:
    """A goal area's place in the city's order: its number (skos:notation), then its IRI."""
    number = triples.value(goal, v.NOTATION)
    text = number.text if isinstance(number, Lit) else ""
    return (int(text) if text.isdigit() else 1 << 30), goal


def _derived(triples: Triples, facts: Facts, names: Callable[[Term | None], str]) -> None:
    """The committee-level view the rules derived, read as it is."""
    for name, predicate in (("takes_part_in", v.TAKES_PART_IN), ("partners", v.PARTNER)):
        found: dict[str, list[str]] = {}
        for subject, objects in sorted(triples.by_subject(predicate).items()):
            iris = {o for o in objects if isinstance(o, str)}
            if iris:
                found[subject] = sorted(iris)
        setattr(facts, name, found)
    untyped = {c for found in facts.takes_part_in.values() for c in found}
    untyped -= facts.collaborations.keys()
    if untyped:  # data that never passed the shapes: say so rather than fail in an analysis
        first, more = min(untyped), len(untyped) - 1
        raise KgError(
            f"{first} has parties (org:organization) but no collaboration type, and {more} "
            "more like it"
            if more
            else f"{first} has parties (org:organization) but no collaboration type",
            hint="type it (kg:KnowledgeAlliance, kg:IOP, kg:Project …); kg validate lists it "
            "with every other problem of the data",
        )
    for name, predicate in (("reaches", v.REACHES_GROUP), ("lacks", v.LACKS_GROUP)):
        groups = sorted(triples.by_subject(predicate).items())
        setattr(facts, name, {s: _in_group_order({names(c) for c in found}) for s, found in groups})
    facts.status = {s: names(o) for s, o in triples.pairs(v.PARTNER_STATUS)}


def _name(concept: Term | None) -> str:
    """The short name of a vocabulary concept (its skos:notation in the ontology)."""
    from kg.model.sectors import vocabulary

    found = vocabulary().by_iri(str(concept)) if concept is not None else None
    return found.name if found is not None else "unknown"


def _in_group_order(names: set[str]) -> list[str]:
    from kg.model.sectors import vocabulary

    order = [*vocabulary().names, vocabulary().public.name]
    return sorted(names, key=lambda n: order.index(n) if n in order else len(order))


def _iris(values: list[Term]) -> list[str]:
    return sorted([x for x in values if isinstance(x, str)])


def _python(value: Term | None) -> Any:
    return value.value() if isinstance(value, Lit) else None


def _sector(value: Term | None) -> str:
    return v.SECTOR_NAMES.get(str(value), "unknown")


def _labels(triples: Triples, node: str) -> tuple[str, str]:
    """The node's :func:`~kg.model.names.label` in Swedish and in English, its skos:prefLabel
    values looked up once for both where it has them (most nodes)."""
    found = [(o.text, o.lang) for o in triples.objects(node, v.PREF_LABEL) if isinstance(o, Lit)]
    if not found:
        return label(triples.objects, node, "sv"), label(triples.objects, node, "en")
    return choose_label(found, "sv"), choose_label(found, "en")


def _actor(triples: Triples, actor: str, cls: str, concepts: Callable[[Term | None], str]) -> Actor:
    names = triples.objects(actor, v.PREF_LABEL) + triples.objects(actor, v.ALT_LABEL)
    swedish, english = _labels(triples, actor)
    return {
        "iri": actor,
        "label": swedish,
        "label_en": english,
        "type": v.local_name(cls),
        "sector": _sector(triples.value(actor, v.SECTOR)),
        "group": concepts(triples.value(actor, v.PARTNER_GROUP)),
        "organisation": str(triples.value(actor, v.ORGANISATION) or actor),
        "municipal": _python(triples.value(actor, v.IS_MUNICIPAL)),
        "municipality": (_iris(triples.objects(actor, v.SUB_ORGANIZATION_OF)) or [None])[0],
        "names": sorted({n.text if isinstance(n, Lit) else n for n in names}),
        "evidence": _iris(triples.objects(actor, v.DERIVED_FROM)),
        "basis": bases(triples.objects, actor) if triples.objects(actor, v.BASIS) else [],
    }


def _collaboration(triples: Triples, collab: str, cls: str) -> Collaboration:
    swedish, english = _labels(triples, collab)
    return {
        "iri": collab,
        "label": swedish,
        "label_en": english,
        "type": v.local_name(cls),
        "reported_by": _iris(triples.objects(collab, v.REPORTED_BY)),
        "areas": _iris(triples.objects(collab, v.AREA_SERVED)),
        "goal_areas": _iris(triples.objects(collab, v.GOAL_AREA)),
        "unnamed_sectors": sorted(map(_sector, triples.objects(collab, v.UNNAMED_PARTY_SECTOR))),
        "organisations": _python(triples.value(collab, v.ORGANISATION_COUNT)) or 0,
        "evidence": _iris(triples.objects(collab, v.DERIVED_FROM)),
        "years": years_of(triples, collab),
        "start_year": stated_bound(triples, collab, "start"),
        "end_year": stated_bound(triples, collab, "end"),
        "part_of": _iris(triples.objects(collab, v.IS_PART_OF)),
    }


def _count(triples: Triples, count: str) -> Count:
    def text(predicate: str) -> str:
        value = triples.value(count, predicate)
        return "" if value is None else value.text if isinstance(value, Lit) else value

    counted, status = text(v.COUNTED_CLASS), text(v.COUNTED_STATUS)
    description, description_sv = in_languages(triples.objects(count, v.DESCRIPTION))
    return {
        "iri": count,
        "count": _python(triples.value(count, v.COUNT)),
        "counted_for": text(v.COUNTED_FOR),
        "counted_class": v.local_name(text(v.COUNTED_CLASS)),
        "counted_sector": v.SECTOR_NAMES.get(text(v.COUNTED_SECTOR)),
        "counted_class_label": label(triples.objects, counted, "en") if counted else "",
        "counted_class_label_sv": label(triples.objects, counted, "sv") if counted else "",
        "counted_status": _notation(triples, status) if status else None,
        "counted_status_label": label(triples.objects, status, "en") if status else None,
        "counted_status_label_sv": label(triples.objects, status, "sv") if status else None,
        "description": description,
        "description_sv": description_sv,
        "evidence": _iris(triples.objects(count, v.DERIVED_FROM)),
        "years": years_of(triples, count),
    }


def _notation(triples: Triples, concept: str) -> str:
    """A concept's short name (its skos:notation: an assignment status's green, yellow, red)."""
    notation = triples.value(concept, v.NOTATION)
    return notation.text if isinstance(notation, Lit) else v.local_name(concept)


def _excerpts(triples: Triples, facts: Facts) -> None:
    """Each excerpt's document, page and quote (the first oa:exact of its selectors), and each
    document's record: a loop over the excerpts with each predicate's subjects at hand."""
    selectors, quotes, pages = map(triples.by_subject, (v.HAS_SELECTOR, v.EXACT, v.PAGE))
    for excerpt, documents in sorted(triples.by_subject(v.HAS_SOURCE).items()):
        found = (q for s in selectors.get(excerpt, []) for q in quotes.get(str(s), []))
        quote = next((q.text for q in found if isinstance(q, Lit)), "")
        page = _python((pages.get(excerpt) or [None])[0])
        for document in map(str, documents):
            record = facts.documents.get(document) or document_record(triples, document)
            facts.documents[document] = record
            facts.excerpts[excerpt] = {
                "excerpt": excerpt,
                "document": document,
                "file": record["file"],  # the document's skos:fileName, as read
                "page": page,
                "quote": quote,
            }


def document_record(triples: Triples, document: str) -> Document:
    """A source document's title, language, publisher, dates and text file, as read."""

    def text(predicate: str, tag: bool = False) -> str:
        value = triples.value(document, predicate)
        return (value.lang or "" if tag else value.text) if isinstance(value, Lit) else ""

    year = _python(triples.value(document, v.REPORT_YEAR))
    return {
        "iri": document,
        "title": text(v.TITLE),
        "language": text(v.LANGUAGE) or text(v.TITLE, tag=True),
        "publisher": text(v.PUBLISHER),
        "issued": text(v.ISSUED),
        "report_year": int(year) if isinstance(year, str) and year.isdigit() else year,
        "file": text(v.FILE_NAME),
    }


def evidence_of(facts: Facts, excerpts: list[str]) -> list[Excerpt]:
    """The document, page and quote of each excerpt, in a stable order."""
    return [facts.excerpts[e] for e in sorted(set(excerpts)) if e in facts.excerpts]
