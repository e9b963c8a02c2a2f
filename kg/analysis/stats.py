"""Counts of what the graph holds: instances per class, actors per sector, evidence per document."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from kg.model import vocab as v
from kg.model.names import label
from kg.model.triples import Triples, curated_size, descendants, read

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.io.source import Source

_OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
#: The predicates :func:`stats` reads.
PREDICATES = (
    v.TYPE,
    v.SUBCLASS_OF,
    v.SECTOR,
    v.FILE_NAME,
    v.HAS_SOURCE,
    v.DERIVED_FROM,
    v.PREF_LABEL,
)


def stats(store: Source | ox.Store) -> dict:
    """Count instances of every kg class (directly typed), actors per sector, and triples.

    Returns plain data: ``{"triples": n, "classes": {"kg:Committee": n, …},
    "sectors": {"public": n, …}, "memberships": n, "documents": {…}}``. Each predicate is
    read once, in one pass, straight from pyoxigraph.

    >>> from kg.io.source import Source
    >>> counts = stats(Source())
    >>> counts["classes"]["kg:Committee"] >= 21
    True
    """
    from kg.io.source import Source

    size = store.triples() if isinstance(store, Source) else None
    if isinstance(store, Source):
        store = store.open()
    triples = read(store, PREDICATES)
    types = triples.by_object(v.TYPE)
    classes: dict[str, int] = {}
    for cls in sorted(types.get(_OWL_CLASS, ())):
        if cls.startswith(v.ONTOLOGY_IRI):
            classes["kg:" + cls[len(v.ONTOLOGY_IRI) :]] = len(types.get(cls, ()))
    subclasses = triples.by_object(v.SUBCLASS_OF)
    actors = _instances(types, subclasses, v.ACTOR)
    in_sector = triples.by_object(v.SECTOR)
    return {
        "triples": size if size is not None else curated_size(store),
        "actors": len(actors),
        "collaborations": len(_instances(types, subclasses, v.COLLABORATION)),
        "memberships": len(types.get(v.MEMBERSHIP, ())),
        "classes": classes,
        "sectors": {
            name: len(actors & in_sector.get(iri, set())) for name, iri in v.SECTOR_IRIS.items()
        },
        "sector_labels": {
            name: label(triples.objects, iri, "en") for name, iri in v.SECTOR_IRIS.items()
        },
        "documents": _evidence_by_document(triples, types, subclasses, actors),
    }


def _evidence_by_document(
    triples: Triples, types: dict, subclasses: dict, actors: set[str]
) -> dict[str, dict[str, int]]:
    """Per source document (file name): its excerpts and the facts that cite it."""
    file_names = {d: f.text for d, f in triples.pairs(v.FILE_NAME) if not isinstance(f, str)}
    document_of = {e: file_names.get(str(d), str(d)) for e, d in triples.pairs(v.HAS_SOURCE)}
    kinds = {
        "actors": actors,
        "collaborations": _instances(types, subclasses, v.COLLABORATION),
        "memberships": types.get(v.MEMBERSHIP, set()),
        "counts": types.get(v.STATED_COUNT, set()),
    }
    cited: dict[str, set[str]] = {}
    for node, excerpt in triples.pairs(v.DERIVED_FROM):
        document = document_of.get(str(excerpt))
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


def _instances(types: dict, subclasses: dict, cls: str) -> set[str]:
    """Instances of ``cls`` or of any of its subclasses, however deep."""
    return set().union(*(types.get(c, set()) for c in descendants(subclasses, cls)))
