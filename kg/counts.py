"""Counts of what the graph holds: instances per class, actors per sector, evidence per document."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.labels import label
from kg.namespace import KG, OA, ONTOLOGY_IRI, ORG, SECTORS

PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")


def stats(graph: Graph) -> dict:
    """Count instances of every kg class (directly typed), actors per sector, and triples.

    Returns plain data: ``{"triples": n, "classes": {"kg:Committee": n, …},
    "sectors": {"public": n, …}, "memberships": n}``.

    >>> from kg.loader import load
    >>> counts = stats(load())
    >>> counts["classes"]["kg:Committee"] >= 21
    True
    """
    classes: dict[str, int] = {}
    for cls in sorted(set(graph.subjects(RDF.type, OWL.Class))):
        if isinstance(cls, URIRef) and str(cls).startswith(ONTOLOGY_IRI):
            name = "kg:" + str(cls)[len(ONTOLOGY_IRI) :]
            classes[name] = len(set(graph.subjects(RDF.type, cls)))
    actors = _actors(graph)
    sectors = {
        name: sum(1 for a in actors if (a, KG.sector, concept) in graph)
        for name, concept in SECTORS.items()
    }
    return {
        "triples": len(graph),
        "actors": len(actors),
        "collaborations": len(_instances(graph, KG.Collaboration)),
        "memberships": len(set(graph.subjects(RDF.type, ORG.Membership))),
        "classes": classes,
        "sectors": sectors,
        "sector_labels": {name: label(graph, c, "en") for name, c in SECTORS.items()},
        "documents": evidence_by_document(graph, actors),
    }


def evidence_by_document(graph: Graph, actors: set | None = None) -> dict[str, dict[str, int]]:
    """Per source document (file name): its excerpts and the facts that cite it.

    Counts excerpts, and actors, collaborations, memberships and stated counts with at least one
    excerpt of the document as evidence.
    """
    actors = _actors(graph) if actors is None else actors
    document_of = {
        e: graph.value(d, KG.fileName) or d for e, d in graph.subject_objects(OA.hasSource)
    }
    kinds = {
        "actors": actors,
        "collaborations": _instances(graph, KG.Collaboration),
        "memberships": set(graph.subjects(RDF.type, ORG.Membership)),
        "counts": set(graph.subjects(RDF.type, KG.StatedCount)),
    }
    result: dict[str, Counter] = {str(d): Counter() for d in sorted(set(document_of.values()))}
    for document in document_of.values():
        result[str(document)]["excerpts"] += 1
    for kind, nodes in kinds.items():
        for node in nodes:
            for document in {document_of.get(e) for e in graph.objects(node, PROV_DERIVED)}:
                if document is not None:
                    result[str(document)][kind] += 1
    columns = ("excerpts", *kinds)
    return {d: {c: counts[c] for c in columns} for d, counts in sorted(result.items())}


def _instances(graph: Graph, cls: URIRef) -> set:
    subclasses = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in subclasses for s in graph.subjects(RDF.type, c)}


def _actors(graph: Graph) -> set:
    return _instances(graph, KG.Actor)
