"""Counts of what the graph holds: instances per class, actors per sector, evidence per document.

The counting is done where the graph is, by five aggregate queries: on a store or in memory
by pyoxigraph, on an endpoint by the endpoint itself, so nothing is copied. The classes and
their hierarchy are kg's own ontology's, whatever the graph holds of it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, TypedDict

from kg.model import vocab as v
from kg.sparql.engine import select

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.io.endpoint import Endpoint
    from kg.io.source import Source


class Stats(TypedDict):
    """What :func:`stats` counts."""

    triples: int  #: curated triples (the committee-level view apart)
    actors: int  #: organisations and units, each once
    collaborations: int
    memberships: int
    #: organisations the data says another replaced (``dcterms:replaces``: renamed, merged
    #: or split), each once; both organisations (actors), as the facts read it
    replaced: int
    classes: dict[str, int]  #: "kg:Committee" → its instances typed so directly, each class
    with_subclasses: dict[str, int]  #: a class with subclasses → its instances and theirs
    sectors: dict[str, int]  #: "public", "civil", "academia", "business" → actors
    sector_labels: dict[str, str]  #: the sectors' English names
    #: a source document (its file name) → its excerpts, and the actors, collaborations,
    #: memberships and counts that cite it; of a year's view, only the documents its facts
    #: cite (those a year's report lists: "quoted for the year")
    documents: dict[str, dict[str, int]]
    #: how many source documents the data holds (with excerpts), whatever the year
    documents_in_data: int


#: The kinds of fact counted per document, in their column order.
_KINDS = ("actors", "collaborations", "memberships", "counts")


def stats(store: Source | ox.Store) -> Stats:
    """Count instances of every kg class (directly typed), actors per sector, and triples, of
    a :class:`kg.Source` or a pyoxigraph store (``source.open()``).

    Returns plain data (:class:`Stats`): ``{"triples": n, "classes": {"kg:Committee": n, …},
    "sectors": {"public": n, …}, "memberships": n, "documents": {…}, …}``.

    >>> from kg.io.source import Source
    >>> counts = stats(Source())
    >>> counts["classes"]["kg:Committee"] >= 20
    True
    """
    from kg.io.source import Source
    from kg.model.sectors import vocabulary
    from kg.model.triples import curated_size
    from kg.sparql.api import queryable
    from kg.sparql.extensions import refuse_extensions

    queryable(store, "stats")
    if isinstance(store, Source):
        size, target = store.triples(), store.target()
    else:
        size, target = curated_size(store), store
    refuse_extensions(target)  # as every command that reads the facts does
    ontology = _ontology()
    typed = _counts(target, "?s a ?class", "class")  # class IRI → nodes typed with it directly
    # a class with subclasses is counted as a kind of fact with the same classes, if there is one
    same = {
        p: next((k for k in _KINDS if ontology[k] == ontology[p]), p) for p in ontology["parents"]
    }
    extra = tuple(p for p, kind in same.items() if kind == p)
    kinds = _counts(target, _by_kind(ontology, "?s", (*_KINDS, *extra)), "kind")
    sectors = _counts(target, _sectors(ontology), "sector")
    documents = _documents(target, ontology)
    in_data = len(documents)
    if isinstance(store, Source) and store.year is not None:
        # a year's view keeps every document and its excerpts, but quotes only some for
        # the year's facts: those the year's report lists
        documents = {d: c for d, c in documents.items() if any(c[k] for k in _KINDS)}
    return {
        "triples": size,
        "actors": kinds.get("actors", 0),
        "collaborations": kinds.get("collaborations", 0),
        "memberships": typed.get(v.MEMBERSHIP, 0),
        "replaced": _counts(target, _replaced(ontology), "all").get("all", 0),
        "classes": {
            "kg:" + cls[len(v.ONTOLOGY_IRI) :]: typed.get(cls, 0) for cls in ontology["classes"]
        },
        # a class with subclasses: its instances and theirs, each node once
        "with_subclasses": {name: kinds.get(kind, 0) for name, kind in same.items()},
        "sectors": {name: sectors.get(iri, 0) for name, iri in v.SECTOR_IRIS.items()},
        "sector_labels": {
            name: vocabulary().by_iri(iri).label("en") for name, iri in v.SECTOR_IRIS.items()
        },
        "documents": documents,
        "documents_in_data": in_data,
    }


@cache
def _ontology() -> dict:
    """kg's classes (sorted), the classes counted as each kind of fact, and each class with
    subclasses (``parents``, by short name) with its subclasses."""
    from kg.model.kinds import ontology_classes
    from kg.model.ontology import ontology
    from kg.model.triples import descendants, read

    subclasses = read(ontology(), (v.SUBCLASS_OF,)).by_object(v.SUBCLASS_OF)
    classes = sorted(ontology_classes())
    parents = {
        "kg:" + c[len(v.ONTOLOGY_IRI) :]: sorted(descendants(subclasses, c))
        for c in classes
        if subclasses.get(c)
    }
    return {
        "classes": classes,
        "parents": list(parents),
        **parents,
        "actors": sorted(descendants(subclasses, v.ACTOR)),
        "collaborations": sorted(descendants(subclasses, v.COLLABORATION)),
        "memberships": [v.MEMBERSHIP],
        "counts": [v.STATED_COUNT],
    }


def _by_kind(ontology: dict, node: str, kinds: tuple[str, ...] = _KINDS) -> str:
    """The pattern giving each ``node`` of the ``kinds`` its ``?kind`` (one row per kind)."""
    return " UNION ".join(_of_kind(ontology, node, kind) for kind in kinds)


def _of_kind(ontology: dict, node: str, kind: str) -> str:
    """A sub-select of the nodes of one kind (typed with one of its classes), with ``?kind``."""
    classes = ", ".join(f"<{c}>" for c in ontology[kind])
    return (
        f"{{ SELECT DISTINCT {node} ?kind WHERE {{ {node} a ?class "
        f'FILTER(?class IN ({classes})) BIND("{kind}" AS ?kind) }} }}'
    )


def _sectors(ontology: dict) -> str:
    """The pattern giving each actor's ``?sector`` (the actors read once, then joined)."""
    return (
        _of_kind(ontology, "?s", "actors")
        + f" {{ SELECT ?s ?sector WHERE {{ ?s <{v.SECTOR}> ?sector }} }}"
    )


def _replaced(ontology: dict) -> str:
    """The pattern of each organisation ``?s`` another replaced, as the facts read it
    (:attr:`kg.model.facts.Facts.replaced_by`): both ends actors (typed with a class below
    kg:Actor), the two different."""
    classes = ", ".join(f"<{c}>" for c in ontology["actors"] if c != v.ACTOR)
    return (
        f"?n <{v.REPLACES}> ?s FILTER(?n != ?s) "
        f"FILTER EXISTS {{ ?s a ?old FILTER(?old IN ({classes})) }} "
        f"FILTER EXISTS {{ ?n a ?new FILTER(?new IN ({classes})) }} "
        'BIND("all" AS ?all)'
    )


def _counts(target: ox.Store | Endpoint, pattern: str, key: str) -> dict[str, int]:
    """``?key`` → COUNT(DISTINCT ?s) over ``pattern`` (keys are IRIs or literals' text)."""
    query = f"SELECT ?{key} (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {pattern} }} GROUP BY ?{key}"
    return {row[key].value: int(row["n"].value) for row in select(target, query, name="kg stats")}


def _documents(target: ox.Store | Endpoint, ontology: dict) -> dict[str, dict[str, int]]:
    """Per source document (its file name, else the node): its excerpts and the facts that
    cite it, counted in one query so that a blank-node document is one node throughout."""
    from kg.model.triples import term

    # each document's name is found once, then joined to the excerpts and the citing facts
    names = f"""{{ SELECT ?document ?name WHERE {{
          {{ SELECT DISTINCT ?document WHERE {{ ?excerpt <{v.HAS_SOURCE}> ?document }} }}
          OPTIONAL {{ ?document <{v.FILE_NAME}> ?file FILTER(isLiteral(?file)) }}
          BIND(COALESCE(?file, ?document) AS ?name) }} }}"""
    query = f"""
        SELECT ?name ?kind (COUNT(DISTINCT ?node) AS ?n) WHERE {{
          {{
            {{ SELECT ?node ?document WHERE {{ ?node <{v.HAS_SOURCE}> ?document }} }}
            BIND("excerpts" AS ?kind)
          }} UNION {{
            {{ SELECT ?node ?excerpt WHERE {{ ?node <{v.DERIVED_FROM}> ?excerpt }} }}
            {{ SELECT ?excerpt ?document WHERE {{ ?excerpt <{v.HAS_SOURCE}> ?document }} }}
            {_by_kind(ontology, "?node")}
          }}
          {names}
        }}
        GROUP BY ?name ?kind"""
    result: dict[str, dict[str, int]] = {}
    for row in select(target, query, name="kg stats"):
        name = term(row["name"])
        counts = result.setdefault(name if isinstance(name, str) else name.text, {})
        counts[row["kind"].value] = int(row["n"].value)
    columns = ("excerpts", *_KINDS)
    return {d: {c: counts.get(c, 0) for c in columns} for d, counts in sorted(result.items())}
