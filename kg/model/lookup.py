"""An actor by the name a person types: the one rule behind ``kg suggest``, ``kg report
--committee`` and the query parameters that take an actor (``kg query``, :func:`kg.query`)."""

from __future__ import annotations

from collections.abc import Mapping

from kg.model.names import resolve
from kg.model.records import Actor


def find_actor(
    actors: Mapping[str, Actor], wanted: str, *, kind: str = "actor", hint: str = ""
) -> str:
    """The IRI of the actor of ``actors`` whose name (any of its Swedish, English or other
    names) is ``wanted`` or starts with it, or whose id it is (``id:x``, ``x``, the whole
    IRI).

    Case and diacritics are ignored (``fritidsnamnden`` finds Fritidsnämnden). An ambiguous
    name or prefix, or an unknown name, raises :class:`~kg.errors.KgError` naming the
    closest ``kind``\\ s (else saying ``hint``), as :func:`kg.model.names.resolve` does.

    >>> actors = {"http://x/a": {"label": "Fritidsnämnden", "names": ["Fritidsnämnden",
    ...           "Leisure Committee"]}}
    >>> find_actor(actors, "FRITIDSNAMNDEN"), find_actor(actors, "leisure")
    ('http://x/a', 'http://x/a')
    """
    names = {iri: actor["names"] or [actor["label"]] for iri, actor in actors.items()}
    labels = {iri: actor["label"] for iri, actor in actors.items()}
    return resolve(names, labels, wanted, kind=kind, hint=hint)
