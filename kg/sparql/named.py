"""A name given for a query's ``iri`` parameter, looked up in the graph queried: an id the
graph holds (``fritidsnamnden``) is that node; any other name (``Fritidsnämnden``, ``Leisure
Committee``, ``IM``) is the actor it names, found as ``kg suggest`` and ``kg report
--committee`` find one (:func:`kg.model.lookup.find_actor`)."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kg.model.records import Actor
    from kg.sparql.params import Find


def finder(target: object) -> Find:
    """What :func:`kg.sparql.params.to_term` asks of a name given for an ``iri`` parameter,
    on ``target`` (a Source, a pyoxigraph store or an endpoint, as
    :func:`kg.sparql.engine.run` takes): the IRI a bare name reads as where the graph holds
    it, else the actor the name names; an unknown or ambiguous name raises
    :class:`~kg.errors.KgError` with the closest names. The actors are read once, and only
    for a name that is not an id of the graph.

    >>> from kg.io.source import Source
    >>> find = finder(Source())
    >>> find("Fritidsnämnden", None).rsplit("/", 1)[-1]
    'fritidsnamnden'
    """
    from kg.model.lookup import find_actor

    read: dict[str, Actor] = {}

    def find(text: str, read_as: str | None) -> str:
        if read_as is not None and holds(target, read_as):
            return read_as
        if not read:
            read.update(_actors(target))
        hint = (
            f"search by part of the name: kg query search-actors -p {shlex.quote(f'text={text}')}"
        )
        return find_actor(read, text, hint=hint)

    return find


def holds(target: object, iri: str) -> bool:
    """True when the graph of ``target`` has ``iri`` in a triple (as subject or object)."""
    import json

    import pyoxigraph as ox

    from kg.io.source import Source
    from kg.model.triples import dataset

    if isinstance(target, Source):
        target = target.target()
    ask = f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"
    if isinstance(target, ox.Store):
        return bool(target.query(ask, **dataset()))
    answer = target.query(ask, "application/sparql-results+json")  # type: ignore[attr-defined]
    return bool(json.loads(answer.body).get("boolean"))


def _actors(target: object) -> dict[str, Actor]:
    """The actors of ``target``'s graph, as the analyses read them (their names with them)."""
    import pyoxigraph as ox

    from kg.io.source import Source
    from kg.model.facts import read_facts

    if isinstance(target, Source):
        return target.facts().actors
    if isinstance(target, ox.Store):
        return read_facts(target).actors
    return Source(endpoint=target.url).facts().actors  # type: ignore[attr-defined]
