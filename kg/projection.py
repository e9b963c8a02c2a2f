"""Project the RDF graph into networkx: the actor network and the actor–collaboration graph."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.labels import label
from kg.namespace import KG, OA, ORG, SECTORS

_SECTOR_NAMES = {concept: name for name, concept in SECTORS.items()}
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
SCHEMA_AREA = URIRef("https://schema.org/areaServed")


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


def _subclasses(graph: Graph, cls: URIRef) -> set[Node]:
    return set(graph.transitive_subjects(RDFS.subClassOf, cls)) - {cls}


def _local(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def read_facts(graph: Graph) -> Facts:
    """Read actors, collaborations, memberships and evidence from ``graph`` into plain data.

    Iterates triples per predicate (one hop), which is fast on every store.
    """
    facts = Facts()
    actor_classes = _subclasses(graph, KG.Actor)
    collaboration_classes = _subclasses(graph, KG.Collaboration)
    for cls in sorted(actor_classes):
        for actor in graph.subjects(RDF.type, cls):
            iri = str(actor)
            sector = graph.value(actor, KG.sector)
            municipal = graph.value(actor, KG.isMunicipal)
            facts.actors[iri] = {
                "iri": iri,
                "label": label(graph, actor, "sv"),
                "label_en": label(graph, actor, "en"),
                "type": _local(cls),
                "sector": _SECTOR_NAMES.get(sector, "unknown"),
                "municipal": municipal.toPython() if isinstance(municipal, Literal) else None,
                "names": sorted(
                    {str(n) for n in graph.objects(actor, SKOS.prefLabel)}
                    | {str(n) for n in graph.objects(actor, SKOS.altLabel)}
                ),
                "evidence": sorted(str(e) for e in graph.objects(actor, PROV_DERIVED)),
            }
    for cls in sorted(collaboration_classes):
        for collab in graph.subjects(RDF.type, cls):
            facts.collaborations[str(collab)] = {
                "iri": str(collab),
                "label": label(graph, collab, "sv"),
                "label_en": label(graph, collab, "en"),
                "type": _local(cls),
                "reported_by": sorted(str(c) for c in graph.objects(collab, KG.reportedBy)),
                "areas": sorted(str(a) for a in graph.objects(collab, SCHEMA_AREA)),
                "goal_areas": sorted(str(g) for g in graph.objects(collab, KG.goalArea)),
                "unnamed_sectors": sorted(
                    _SECTOR_NAMES.get(s, "unknown")
                    for s in graph.objects(collab, KG.unnamedPartySector)
                ),
                "evidence": sorted(str(e) for e in graph.objects(collab, PROV_DERIVED)),
            }
    for collab in facts.collaborations.values():
        for context in (*collab["areas"], *collab["goal_areas"]):
            facts.labels[context] = label(graph, URIRef(context), "sv")
    for membership, collab in graph.subject_objects(ORG.organization):
        member = graph.value(membership, ORG.member)
        if member is None or str(collab) not in facts.collaborations:
            continue
        evidence = facts.members.setdefault(str(collab), {}).setdefault(str(member), [])
        evidence.extend(str(e) for e in graph.objects(membership, PROV_DERIVED))
    index: dict[str, set[str]] = {}
    for collab, members in facts.members.items():
        for member in members:
            index.setdefault(member, set()).add(collab)
    facts.collaborations_of = {actor: sorted(c) for actor, c in index.items()}
    for actor in facts.actors:
        facts.owner[actor] = _top_unit(graph, URIRef(actor), facts.actors)
    for count in sorted(graph.subjects(RDF.type, KG.StatedCount)):
        number = graph.value(count, KG.count)
        facts.counts.append(
            {
                "iri": str(count),
                "count": number.toPython() if isinstance(number, Literal) else None,
                "counted_for": str(graph.value(count, KG.countedFor) or ""),
                "counted_class": _local(graph.value(count, KG.countedClass) or ""),
                "counted_sector": _SECTOR_NAMES.get(graph.value(count, KG.countedSector)),
                "description": str(graph.value(count, DCTERMS.description) or ""),
                "evidence": sorted(str(e) for e in graph.objects(count, PROV_DERIVED)),
            }
        )
    for excerpt, document in graph.subject_objects(OA.hasSource):
        quote = next(
            (q for s in graph.objects(excerpt, OA.hasSelector) for q in graph.objects(s, OA.exact)),
            None,
        )
        page = graph.value(excerpt, KG.page)
        facts.excerpts[str(excerpt)] = {
            "excerpt": str(excerpt),
            "document": str(document),
            "file": str(graph.value(document, KG.fileName) or ""),
            "page": page.toPython() if isinstance(page, Literal) else None,
            "quote": str(quote) if quote is not None else "",
        }
    return facts


def _top_unit(graph: Graph, actor: URIRef, actors: dict[str, dict]) -> str:
    """Follow org:unitOf up to the committee (or other top organisation) an actor belongs to."""
    seen = {actor}
    current = actor
    while True:
        parent = graph.value(current, ORG.unitOf)
        if parent is None or parent in seen or str(parent) not in actors:
            return str(current)
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


def actor_graph(graph: Graph | None = None, *, facts: Facts | None = None) -> nx.Graph:
    """The actor network: actors as nodes, an edge where two actors share a collaboration.

    Node attributes: ``iri``, ``label`` (Swedish), ``label_en``, ``type``, ``sector``,
    ``municipal``, ``owner`` (the committee a unit belongs to). Edge attributes: ``weight``
    (how many collaborations the two share) and ``collaborations`` (their IRIs). Two units of
    the same organisation (a committee and its administration) are internal: no edge.

    >>> from kg.loader import load
    >>> network = actor_graph(load())
    >>> network.nodes["https://w3id.org/kg-malmo/id/radda-barnen"]["sector"]
    'civil'
    """
    facts = facts or read_facts(graph)
    network = nx.Graph()
    for iri in sorted(facts.actors):
        network.add_node(iri, **_node_attributes(facts, iri))
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for collab in sorted(facts.members):
        members = sorted(m for m in facts.members[collab] if m in facts.actors)
        for a, b in combinations(members, 2):
            if not is_internal(facts, a, b):
                shared[(a, b)].append(collab)
    for (a, b), collabs in sorted(shared.items()):
        network.add_edge(a, b, weight=len(collabs), collaborations=collabs)
    return network


def _node_attributes(facts: Facts, iri: str) -> dict:
    actor = facts.actors[iri]
    return {
        "iri": iri,
        "label": actor["label"],
        "label_en": actor["label_en"],
        "type": actor["type"],
        "sector": actor["sector"],
        "municipal": actor["municipal"],
        "owner": facts.owner.get(iri, iri),
    }


def bipartite_graph(graph: Graph | None = None, *, facts: Facts | None = None) -> nx.Graph:
    """The actor–collaboration graph: ``kind`` is ``"actor"`` or ``"collaboration"`` on nodes.

    Edges join a collaboration to each of its members and carry the membership's
    ``evidence`` (excerpt IRIs).
    """
    facts = facts or read_facts(graph)
    network = nx.Graph()
    for iri in sorted(facts.actors):
        network.add_node(iri, kind="actor", bipartite=0, **_node_attributes(facts, iri))
    for iri, collab in sorted(facts.collaborations.items()):
        network.add_node(
            iri,
            kind="collaboration",
            bipartite=1,
            iri=iri,
            label=collab["label"],
            label_en=collab["label_en"],
            type=collab["type"],
        )
    for collab in sorted(facts.members):
        for member, evidence in sorted(facts.members[collab].items()):
            if member in facts.actors:
                network.add_edge(member, collab, evidence=sorted(set(evidence)))
    return network
