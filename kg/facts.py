"""What the analyses read from the graph, as plain Python data, from any backend.

:func:`read_facts` reads one predicate at a time (``?s <p> ?o``, never a join) from an rdflib
:class:`~rdflib.Graph` or straight from a :class:`pyoxigraph.Store`, and assembles actors,
collaborations, memberships and evidence in Python. Reading from Oxigraph this way skips
rdflib's term objects altogether, which is what makes the analyses fast on large stores; this
module imports neither rdflib nor networkx.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kg.collector import collector_paused
from kg.iris import ONTOLOGY_IRI, SECTOR_IRIS, short_iri

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ORG = "http://www.w3.org/ns/org#"
_OA = "http://www.w3.org/ns/oa#"
_XSD = "http://www.w3.org/2001/XMLSchema#"

TYPE = _RDF + "type"
SUBCLASS_OF = _RDFS + "subClassOf"
RDFS_LABEL = _RDFS + "label"
PREF_LABEL = _SKOS + "prefLabel"
ALT_LABEL = _SKOS + "altLabel"
SECTOR = ONTOLOGY_IRI + "sector"
IS_MUNICIPAL = ONTOLOGY_IRI + "isMunicipal"
REPORTED_BY = ONTOLOGY_IRI + "reportedBy"
GOAL_AREA = ONTOLOGY_IRI + "goalArea"
UNNAMED_PARTY_SECTOR = ONTOLOGY_IRI + "unnamedPartySector"
AREA_SERVED = "https://schema.org/areaServed"
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
MEMBER = _ORG + "member"
ORGANIZATION = _ORG + "organization"
UNIT_OF = _ORG + "unitOf"
COUNT = ONTOLOGY_IRI + "count"
COUNTED_FOR = ONTOLOGY_IRI + "countedFor"
COUNTED_CLASS = ONTOLOGY_IRI + "countedClass"
COUNTED_SECTOR = ONTOLOGY_IRI + "countedSector"
DESCRIPTION = "http://purl.org/dc/terms/description"
HAS_SOURCE = _OA + "hasSource"
HAS_SELECTOR = _OA + "hasSelector"
EXACT = _OA + "exact"
PAGE = ONTOLOGY_IRI + "page"
FILE_NAME = ONTOLOGY_IRI + "fileName"

#: Every predicate :func:`read_facts` reads; a copy of an endpoint needs these triples only.
PREDICATES: tuple[str, ...] = (
    TYPE,
    SUBCLASS_OF,
    RDFS_LABEL,
    PREF_LABEL,
    ALT_LABEL,
    SECTOR,
    IS_MUNICIPAL,
    REPORTED_BY,
    GOAL_AREA,
    UNNAMED_PARTY_SECTOR,
    AREA_SERVED,
    DERIVED_FROM,
    MEMBER,
    ORGANIZATION,
    UNIT_OF,
    COUNT,
    COUNTED_FOR,
    COUNTED_CLASS,
    COUNTED_SECTOR,
    DESCRIPTION,
    HAS_SOURCE,
    HAS_SELECTOR,
    EXACT,
    PAGE,
    FILE_NAME,
)

#: Classes read_facts does not count (excerpts are found by oa:hasSource), skipped when reading.
_EVIDENCE_CLASSES = (ONTOLOGY_IRI + "SourceExcerpt", _OA + "TextQuoteSelector")
_SECTOR_NAMES = {iri: name for name, iri in SECTOR_IRIS.items()}
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}


class Lit(NamedTuple):
    """A literal: its text, language tag and datatype IRI (None for plain strings)."""

    text: str
    lang: str | None = None
    datatype: str | None = None

    def value(self) -> Any:
        """The Python value: int for integers, bool for booleans, else the text.

        >>> Lit("21", datatype="http://www.w3.org/2001/XMLSchema#integer").value()
        21
        """
        if self.datatype in _INTEGERS:
            try:
                return int(self.text)
            except ValueError:
                return self.text
        if self.datatype == _XSD + "boolean":
            return self.text.strip() in ("true", "1")
        return self.text


#: An RDF term as plain data: an IRI or blank-node id (str), or a literal (:class:`Lit`).
Term = str | Lit


@dataclass
class Facts:
    """What the projection reads from the RDF graph, gathered in one pass per predicate."""

    actors: dict[str, dict] = field(default_factory=dict)
    collaborations: dict[str, dict] = field(default_factory=dict)
    #: collaboration IRI → {member IRI: [excerpt IRIs]}
    members: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: actor IRI → the committee (or top unit) it belongs to through org:unitOf
    owner: dict[str, str] = field(default_factory=dict)
    excerpts: dict[str, dict] = field(default_factory=dict)
    #: numbers the sources state without naming what they count (kg:StatedCount)
    counts: list[dict] = field(default_factory=list)
    #: Swedish labels of the areas and goal areas collaborations point at
    labels: dict[str, str] = field(default_factory=dict)
    #: actor IRI → the collaborations it is a member of (sorted)
    collaborations_of: dict[str, list[str]] = field(default_factory=dict)
    #: how many org:Membership nodes the graph holds
    memberships: int = 0


class Triples:
    """The triples of :data:`PREDICATES`, indexed: predicate → subject → objects."""

    def __init__(self, pairs: Iterable[tuple[str, str, Term]]) -> None:
        self._index: dict[str, dict[str, list[Term]]] = {p: defaultdict(list) for p in PREDICATES}
        for subject, predicate, obj in pairs:
            self._index[predicate][subject].append(obj)

    def objects(self, subject: str, predicate: str) -> list[Term]:
        """Every object of ``subject``'s ``predicate``."""
        return self._index[predicate].get(subject, [])

    def value(self, subject: str, predicate: str) -> Term | None:
        """One object of ``subject``'s ``predicate``, or None."""
        found = self._index[predicate].get(subject)
        return found[0] if found else None

    def pairs(self, predicate: str) -> Iterator[tuple[str, Term]]:
        """Every (subject, object) of ``predicate``, by subject."""
        for subject, objects in sorted(self._index[predicate].items()):
            for obj in objects:
                yield subject, obj


def triples_of(source: object) -> Triples:
    """The :data:`PREDICATES` triples of an rdflib Graph or a pyoxigraph Store."""
    if hasattr(source, "quads_for_pattern"):
        return Triples(_oxigraph_triples(source))
    return Triples(_rdflib_triples(source))


def _rdflib_triples(graph: Any) -> Iterator[tuple[str, str, Term]]:
    from rdflib import Literal, URIRef

    for predicate in PREDICATES:
        for s, o in graph.subject_objects(URIRef(predicate)):
            if predicate == TYPE and str(o) in _EVIDENCE_CLASSES:
                continue
            if isinstance(o, Literal):
                datatype = str(o.datatype) if o.datatype is not None else None
                obj: Term = Lit(
                    str(o), o.language, None if datatype == _XSD + "string" else datatype
                )
            else:
                obj = str(o)
            yield str(s), predicate, obj


def _oxigraph_triples(store: Any) -> Iterator[tuple[str, str, Term]]:
    import pyoxigraph as ox

    plain = {_XSD + "string", _RDF + "langString"}
    literal = ox.Literal

    def term(o: Any) -> Term:
        if type(o) is literal:
            datatype = o.datatype.value
            return Lit(o.value, o.language, None if datatype in plain else datatype)
        return o.value

    # Excerpts in one join (each term decoded once), types without the evidence classes:
    # on disk, decoding terms is most of the time.
    for e, doc, page, selector, quote in store.query(
        f"SELECT ?e ?d ?p ?s ?q WHERE {{ ?e <{HAS_SOURCE}> ?d "
        f"OPTIONAL {{ ?e <{PAGE}> ?p }} "
        f"OPTIONAL {{ ?e <{HAS_SELECTOR}> ?s OPTIONAL {{ ?s <{EXACT}> ?q }} }} }}"
    ):
        excerpt = e.value
        yield excerpt, HAS_SOURCE, term(doc)
        if page is not None:
            yield excerpt, PAGE, term(page)
        if selector is not None:
            yield excerpt, HAS_SELECTOR, selector.value
            if quote is not None:
                yield selector.value, EXACT, term(quote)
    skipped = ", ".join(f"<{c}>" for c in _EVIDENCE_CLASSES)
    query = f"SELECT ?s ?o WHERE {{ ?s <{TYPE}> ?o FILTER(?o NOT IN ({skipped})) }}"
    for s, o in store.query(query):
        yield s.value, TYPE, o.value
    for predicate in PREDICATES:
        if predicate not in (TYPE, HAS_SOURCE, PAGE, HAS_SELECTOR, EXACT):
            for s, o in store.query(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"):
                yield s.value, predicate, term(o)


def choose_label(values: list[tuple[str, str | None]], lang: str) -> str | None:
    """Of ``(text, language)`` labels, the one in ``lang``, else the first in sorted order.

    The rule on every backend (:func:`label` here, :func:`kg.labels.label` on rdflib).

    >>> choose_label([("Rädda Barnen", "sv"), ("Save the Children", "en")], "en")
    'Save the Children'
    >>> choose_label([("b", "sv"), ("a", None)], "en"), choose_label([], "sv")
    ('a', None)
    """
    for text, language in values:
        if language == lang:
            return text
    return min(values, key=lambda v: (v[0], v[1] or ""))[0] if values else None


def label(triples: Triples, node: str, lang: str = "sv") -> str:
    """The node's ``skos:prefLabel`` in ``lang`` (then any label), else its short IRI.

    The same choice as :func:`kg.labels.label` makes on an rdflib graph.
    """
    for predicate in (PREF_LABEL, RDFS_LABEL):
        values = [(v.text, v.lang) for v in triples.objects(node, predicate) if isinstance(v, Lit)]
        found = choose_label(values, lang)
        if found is not None:
            return found
    member, organization = triples.value(node, MEMBER), triples.value(node, ORGANIZATION)
    if isinstance(member, str) and isinstance(organization, str):
        of, into = label(triples, member, lang), label(triples, organization, lang)
        return f"membership of {of} in {into}"
    return short_iri(node) if ":" in node else f"_:{node}"


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _subclasses(triples: Triples, cls: str) -> set[str]:
    children: dict[str, set[str]] = defaultdict(set)
    for sub, sup in triples.pairs(SUBCLASS_OF):
        if isinstance(sup, str):
            children[sup].add(sub)
    return descendants(children, cls) - {cls}


def descendants(children: Mapping[str, Iterable[str]], root: str) -> set[str]:
    """``root`` and every node below it in ``children`` (node → its children), however deep;
    for classes, ``children`` maps a class to its direct subclasses.

    >>> sorted(descendants({"a": {"b"}, "b": {"c", "a"}}, "a"))
    ['a', 'b', 'c']
    """
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _iris(values: list[Term]) -> list[str]:
    return sorted(str(v) for v in values if isinstance(v, str))


def _python(value: Term | None) -> Any:
    return value.value() if isinstance(value, Lit) else None


@collector_paused
def read_facts(source: object) -> Facts:
    """Read actors, collaborations, memberships and evidence into plain data.

    ``source`` is an rdflib :class:`~rdflib.Graph` (any store) or a :class:`pyoxigraph.Store`;
    both give the same facts.

    >>> from kg.loader import load
    >>> facts = read_facts(load())
    >>> facts.actors["https://w3id.org/kg-malmo/id/radda-barnen"]["sector"]
    'civil'
    """
    triples = triples_of(source)
    facts = Facts()
    instances: dict[str, list[str]] = defaultdict(list)
    for subject, cls in triples.pairs(TYPE):
        instances[str(cls)].append(subject)
    for cls in sorted(_subclasses(triples, ONTOLOGY_IRI + "Actor")):
        for actor in instances[cls]:
            facts.actors[actor] = _actor(triples, actor, cls)
    for cls in sorted(_subclasses(triples, ONTOLOGY_IRI + "Collaboration")):
        for collab in instances[cls]:
            facts.collaborations[collab] = _collaboration(triples, collab, cls)
    for collab in facts.collaborations.values():
        for context in (*collab["areas"], *collab["goal_areas"]):
            facts.labels[context] = label(triples, context, "sv")
    for membership, collab in triples.pairs(ORGANIZATION):
        member = triples.value(membership, MEMBER)
        if member is None or collab not in facts.collaborations:
            continue
        evidence = facts.members.setdefault(str(collab), {}).setdefault(str(member), [])
        evidence.extend(_iris(triples.objects(membership, DERIVED_FROM)))
    index: dict[str, set[str]] = defaultdict(set)
    for collab, members in facts.members.items():
        for member in members:
            index[member].add(collab)
    facts.collaborations_of = {actor: sorted(c) for actor, c in index.items()}
    for actor in facts.actors:
        facts.owner[actor] = _top_unit(triples, actor, facts.actors)
    facts.memberships = len(set(instances[_ORG + "Membership"]))
    for count in instances[ONTOLOGY_IRI + "StatedCount"]:
        facts.counts.append(_count(triples, count))
    for excerpt, document in triples.pairs(HAS_SOURCE):
        facts.excerpts[excerpt] = _excerpt(triples, excerpt, str(document))
    return facts


def _actor(triples: Triples, actor: str, cls: str) -> dict:
    names = triples.objects(actor, PREF_LABEL) + triples.objects(actor, ALT_LABEL)
    return {
        "iri": actor,
        "label": label(triples, actor, "sv"),
        "label_en": label(triples, actor, "en"),
        "type": _local(cls),
        "sector": _SECTOR_NAMES.get(str(triples.value(actor, SECTOR)), "unknown"),
        "municipal": _python(triples.value(actor, IS_MUNICIPAL)),
        "names": sorted({n.text if isinstance(n, Lit) else n for n in names}),
        "evidence": _iris(triples.objects(actor, DERIVED_FROM)),
    }


def _collaboration(triples: Triples, collab: str, cls: str) -> dict:
    return {
        "iri": collab,
        "label": label(triples, collab, "sv"),
        "label_en": label(triples, collab, "en"),
        "type": _local(cls),
        "reported_by": _iris(triples.objects(collab, REPORTED_BY)),
        "areas": _iris(triples.objects(collab, AREA_SERVED)),
        "goal_areas": _iris(triples.objects(collab, GOAL_AREA)),
        "unnamed_sectors": sorted(
            _SECTOR_NAMES.get(str(s), "unknown")
            for s in triples.objects(collab, UNNAMED_PARTY_SECTOR)
        ),
        "evidence": _iris(triples.objects(collab, DERIVED_FROM)),
    }


def _count(triples: Triples, count: str) -> dict:
    def text(predicate: str) -> str:
        value = triples.value(count, predicate)
        return "" if value is None else value.text if isinstance(value, Lit) else value

    return {
        "iri": count,
        "count": _python(triples.value(count, COUNT)),
        "counted_for": text(COUNTED_FOR),
        "counted_class": _local(text(COUNTED_CLASS)),
        "counted_sector": _SECTOR_NAMES.get(text(COUNTED_SECTOR)),
        "description": text(DESCRIPTION),
        "evidence": _iris(triples.objects(count, DERIVED_FROM)),
    }


def _excerpt(triples: Triples, excerpt: str, document: str) -> dict:
    quote = next(
        (
            q.text
            for selector in triples.objects(excerpt, HAS_SELECTOR)
            for q in triples.objects(str(selector), EXACT)
            if isinstance(q, Lit)
        ),
        "",
    )
    file_name = triples.value(document, FILE_NAME)
    return {
        "excerpt": excerpt,
        "document": document,
        "file": file_name.text if isinstance(file_name, Lit) else "",
        "page": _python(triples.value(excerpt, PAGE)),
        "quote": quote,
    }


def _top_unit(triples: Triples, actor: str, actors: dict[str, dict]) -> str:
    """Follow org:unitOf up to the committee (or other top organisation) an actor belongs to."""
    seen = {actor}
    current = actor
    while True:
        parent = triples.value(current, UNIT_OF)
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


def evidence_of(facts: Facts, excerpts: list[str]) -> list[dict]:
    """The document, page and quote of each excerpt, in a stable order."""
    return [facts.excerpts[e] for e in sorted(set(excerpts)) if e in facts.excerpts]
