"""Counts of what the graph holds: instances per class, actors per sector, evidence per document."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.facts import descendants
from kg.labels import label
from kg.namespace import KG, OA, ONTOLOGY_IRI, ORG, SECTORS

PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")


def stats(graph: Graph) -> dict:
    """Count instances of every kg class (directly typed), actors per sector, and triples.

    Returns plain data: ``{"triples": n, "classes": {"kg:Committee": n, …},
    "sectors": {"public": n, …}, "memberships": n}``. Each predicate is read once, in one
    pass (not one lookup per node), and from an Oxigraph store as plain strings (no rdflib
    terms), so that a store of a million triples answers in a few seconds.

    >>> from kg.loader import load
    >>> counts = stats(load())
    >>> counts["classes"]["kg:Committee"] >= 21
    True
    """
    types = _by_object(graph, RDF.type)
    classes: dict[str, int] = {}
    for cls in sorted(types.get(str(OWL.Class), ())):
        if cls.startswith(ONTOLOGY_IRI):
            classes["kg:" + cls[len(ONTOLOGY_IRI) :]] = len(types.get(cls, ()))
    subclasses = _subclass_index(graph)
    actors = _instances(types, subclasses, KG.Actor)
    in_sector = _by_object(graph, KG.sector)
    return {
        "triples": len(graph),
        "actors": len(actors),
        "collaborations": len(_instances(types, subclasses, KG.Collaboration)),
        "memberships": len(types.get(str(ORG.Membership), ())),
        "classes": classes,
        "sectors": {
            name: len(actors & in_sector.get(str(concept), set()))
            for name, concept in SECTORS.items()
        },
        "sector_labels": {name: label(graph, c, "en") for name, c in SECTORS.items()},
        "documents": _evidence_by_document(graph, types, subclasses, actors),
    }


def evidence_by_document(graph: Graph, actors: Iterable | None = None) -> dict[str, dict[str, int]]:
    """Per source document (file name): its excerpts and the facts that cite it.

    Counts excerpts, and actors, collaborations, memberships and stated counts with at least one
    excerpt of the document as evidence. ``actors`` (default: every instance of kg:Actor) may
    be rdflib terms or strings.
    """
    types = _by_object(graph, RDF.type)
    subclasses = _subclass_index(graph)
    if actors is None:
        actors = _instances(types, subclasses, KG.Actor)
    else:
        actors = {_rdflib_text(actor) for actor in actors}
    return _evidence_by_document(graph, types, subclasses, actors)


def _evidence_by_document(
    graph: Graph, types: dict, subclasses: dict, actors: set[str]
) -> dict[str, dict[str, int]]:
    file_names = dict(_pairs(graph, KG.fileName))
    document_of = {e: file_names.get(d, d) for e, d in _pairs(graph, OA.hasSource)}
    kinds = {
        "actors": actors,
        "collaborations": _instances(types, subclasses, KG.Collaboration),
        "memberships": types.get(str(ORG.Membership), set()),
        "counts": types.get(str(KG.StatedCount), set()),
    }
    cited: dict = {}
    for node, excerpt in _pairs(graph, PROV_DERIVED):
        document = document_of.get(excerpt)
        if document is not None:
            cited.setdefault(node, set()).add(document)
    result: dict[str, Counter] = {d: Counter() for d in sorted(set(document_of.values()))}
    for document in document_of.values():
        result[document]["excerpts"] += 1
    for kind, nodes in kinds.items():
        for node in nodes:
            for document in cited.get(node, ()):
                result[document][kind] += 1
    columns = ("excerpts", *kinds)
    return {d: {c: counts[c] for c in columns} for d, counts in sorted(result.items())}


def _pairs(graph: Graph, predicate: URIRef) -> Iterator[tuple[str, str]]:
    """Every (subject, object) of ``predicate`` as text: IRIs and literals as their text,
    blank nodes as ``_:id``. From an Oxigraph store, straight from pyoxigraph: making a
    million rdflib terms was most of the time."""
    from kg.store import oxigraph_store

    store = oxigraph_store(graph)
    if store is None:
        for subject, obj in graph.subject_objects(predicate):
            yield _rdflib_text(subject), _rdflib_text(obj)
        return
    import pyoxigraph as ox

    def text(term: object) -> str:
        return "_:" + term.value if isinstance(term, ox.BlankNode) else term.value

    # a query decodes each distinct term once; quads_for_pattern decodes every quad's terms
    # (NamedNode refuses a malformed IRI, and writes it as <…>)
    answer = store.query(f"SELECT ?s ?o WHERE {{ ?s {ox.NamedNode(str(predicate))} ?o }}")
    for subject, obj in answer:
        yield text(subject), text(obj)


def _rdflib_text(term: object) -> str:
    return "_:" + str(term) if isinstance(term, BNode) else str(term)


def _by_object(graph: Graph, predicate: URIRef) -> dict[str, set[str]]:
    """object → the set of subjects with ``predicate`` to it, read in one pass."""
    found: dict[str, set[str]] = {}
    for subject, obj in _pairs(graph, predicate):
        found.setdefault(obj, set()).add(subject)
    return found


def _subclass_index(graph: Graph) -> dict[str, set[str]]:
    """class → its direct subclasses."""
    return _by_object(graph, RDFS.subClassOf)


def _instances(types: dict, subclasses: dict, cls: URIRef) -> set[str]:
    """Instances of ``cls`` or of any of its subclasses, however deep."""
    return set().union(*(types.get(c, set()) for c in descendants(subclasses, str(cls))))
