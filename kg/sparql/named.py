"""A name given for a query's ``iri`` parameter, looked up in the graph queried: an id the
graph holds (``fritidsnamnden``) is that node; any other name (``Fritidsnämnden``, ``Leisure
Committee``, ``IM``) is the actor it names, found as ``kg suggest`` and ``kg report
--committee`` find one (:func:`kg.model.lookup.find_actor`)."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kg.model.records import Actor
    from kg.sparql.params import Find


def finder(target: object, holds: Callable[[object, str], bool]) -> Find:
    """What :func:`kg.sparql.params.to_term` asks of a name given for an ``iri`` parameter,
    on ``target`` (a Source, a pyoxigraph store or an endpoint, as
    :func:`kg.sparql.engine.run` takes): the IRI a bare name reads as where the graph holds
    it (``holds(target, iri)``: :func:`kg.sparql.engine.holds`), else the actor the name
    names; an unknown or ambiguous name raises :class:`~kg.sparql.params.UnknownName` with
    the closest names. The actors are read once, and only for a name that is not an id of
    the graph.

    >>> from kg.io.source import Source
    >>> from kg.sparql.engine import holds
    >>> find = finder(Source(), holds)
    >>> find("Fritidsnämnden", None).rsplit("/", 1)[-1]
    'fritidsnamnden'
    """
    from kg.errors import KgError
    from kg.model.lookup import find_actor
    from kg.sparql.params import UnknownName

    read: dict[str, Actor] = {}

    def find(text: str, read_as: str | None) -> str:
        if read_as is not None and holds(target, read_as):
            return read_as
        if not read:
            read.update(_actors(target))
        hint = (
            f"search by part of the name: kg query search-actors -p {shlex.quote(f'text={text}')}"
        )
        try:
            return find_actor(read, text, hint=hint)
        except KgError as error:
            raise UnknownName(error.message, hint=error.hint) from None

    return find


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
