"""Counts of what the graph holds: instances per ontology class and actors per sector."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.labels import label
from kg.namespace import KG, ONTOLOGY_IRI, ORG, SECTORS


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
    }


def _instances(graph: Graph, cls: URIRef) -> set:
    subclasses = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in subclasses for s in graph.subjects(RDF.type, c)}


def _actors(graph: Graph) -> set:
    return _instances(graph, KG.Actor)
