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
    "sectors": {"public": n, …}, "memberships": n}``. Each predicate is read once, in one
    pass (not one lookup per node), so that an on-disk store of a million triples answers
    in seconds.

    >>> from kg.loader import load
    >>> counts = stats(load())
    >>> counts["classes"]["kg:Committee"] >= 21
    True
    """
    types = _by_object(graph, RDF.type)
    classes: dict[str, int] = {}
    for cls in sorted(types.get(OWL.Class, ())):
        if isinstance(cls, URIRef) and str(cls).startswith(ONTOLOGY_IRI):
            classes["kg:" + str(cls)[len(ONTOLOGY_IRI) :]] = len(types.get(cls, ()))
    actors = _instances(graph, types, KG.Actor)
    in_sector = _by_object(graph, KG.sector)
    return {
        "triples": len(graph),
        "actors": len(actors),
        "collaborations": len(_instances(graph, types, KG.Collaboration)),
        "memberships": len(types.get(ORG.Membership, ())),
        "classes": classes,
        "sectors": {
            name: len(actors & in_sector.get(concept, set())) for name, concept in SECTORS.items()
        },
        "sector_labels": {name: label(graph, c, "en") for name, c in SECTORS.items()},
        "documents": _evidence_by_document(graph, types, actors),
    }


def evidence_by_document(graph: Graph, actors: set | None = None) -> dict[str, dict[str, int]]:
    """Per source document (file name): its excerpts and the facts that cite it.

    Counts excerpts, and actors, collaborations, memberships and stated counts with at least one
    excerpt of the document as evidence.
    """
    types = _by_object(graph, RDF.type)
    return _evidence_by_document(
        graph, types, _instances(graph, types, KG.Actor) if actors is None else actors
    )


def _evidence_by_document(graph: Graph, types: dict, actors: set) -> dict[str, dict[str, int]]:
    file_names = dict(graph.subject_objects(KG.fileName))
    document_of = {e: file_names.get(d, d) for e, d in graph.subject_objects(OA.hasSource)}
    kinds = {
        "actors": actors,
        "collaborations": _instances(graph, types, KG.Collaboration),
        "memberships": types.get(ORG.Membership, set()),
        "counts": types.get(KG.StatedCount, set()),
    }
    cited: dict = {}
    for node, excerpt in graph.subject_objects(PROV_DERIVED):
        document = document_of.get(excerpt)
        if document is not None:
            cited.setdefault(node, set()).add(document)
    result: dict[str, Counter] = {str(d): Counter() for d in sorted(set(document_of.values()))}
    for document in document_of.values():
        result[str(document)]["excerpts"] += 1
    for kind, nodes in kinds.items():
        for node in nodes:
            for document in cited.get(node, ()):
                result[str(document)][kind] += 1
    columns = ("excerpts", *kinds)
    return {d: {c: counts[c] for c in columns} for d, counts in sorted(result.items())}


def _by_object(graph: Graph, predicate: URIRef) -> dict:
    """object → the set of subjects with ``predicate`` to it, read in one pass."""
    found: dict = {}
    for subject, obj in graph.subject_objects(predicate):
        found.setdefault(obj, set()).add(subject)
    return found


def _instances(graph: Graph, types: dict, cls: URIRef) -> set:
    subclasses = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return set().union(*(types.get(c, set()) for c in subclasses))
