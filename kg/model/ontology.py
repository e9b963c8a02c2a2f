"""kg's ontology (``ontology/kg.ttl``) on its own, read once, for what is looked up in it: the
vocabulary, the classes and their hierarchy, the terms it defines."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from kg.paths import ontology_file

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox


@cache
def ontology() -> ox.Store:
    """The ontology in a store of its own (shared: query it, never change it).

    >>> len(ontology()) > 100
    True
    """
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    return store


@cache
def class_labels() -> dict[str, dict[str, str]]:
    """kg's classes, by local name (``PublicAgency``), each with its ``rdfs:label`` per
    language: the name of an actor's or a collaboration's type on every surface.

    >>> class_labels()["PublicAgency"]["sv"]
    'myndighet'
    """
    from kg.model import vocab as v

    found: dict[str, dict[str, str]] = {}
    query = f"SELECT ?c ?l WHERE {{ ?c <{v.RDFS_LABEL}> ?l FILTER(isIRI(?c)) }}"
    for cls, label in ontology().query(query):
        if cls.value.startswith(v.ONTOLOGY_IRI) and label.language:
            found.setdefault(v.local_name(cls.value), {})[label.language] = label.value
    return found


@cache
def unit_classes() -> frozenset[str]:
    """kg's classes of organisational units (``rdfs:subClassOf org:OrganizationalUnit``), by
    local name: a unit is part of an organisation, and drawn as one on the map.

    >>> sorted(unit_classes())
    ['Administration', 'OperationalUnit', 'ResearchUnit']
    """
    from kg.model import vocab as v

    unit = v.ORG + "OrganizationalUnit"
    query = f"SELECT ?c WHERE {{ ?c <{v.SUBCLASS_OF}>+ <{unit}> }}"
    return frozenset(
        v.local_name(row[0].value)
        for row in ontology().query(query)
        if row[0].value.startswith(v.ONTOLOGY_IRI)
    )


@cache
def actor_classes() -> dict[str, frozenset[str]]:
    """kg's actor classes (``kg:Actor`` and those below it), by IRI, each with the local names
    of the classes at or below it (an actor's ``type``).

    >>> from kg.model import vocab as v
    >>> sorted(actor_classes()[v.ACTOR])[:4], sorted(actor_classes()[v.ONTOLOGY_IRI + "Committee"])
    (['Actor', 'Administration', 'Association', 'Committee'], ['Committee'])
    """
    from kg.model import vocab as v

    sub = f"<{v.SUBCLASS_OF}>*"
    query = f"SELECT ?c ?d WHERE {{ ?c {sub} <{v.ACTOR}> . ?d {sub} ?c }}"
    found: dict[str, set[str]] = {}
    for above, below in ontology().query(query):
        found.setdefault(above.value, set()).add(v.local_name(below.value))
    return {cls: frozenset(kinds) for cls, kinds in found.items()}
