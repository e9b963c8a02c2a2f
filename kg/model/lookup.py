"""An actor by the name a person types: the one rule behind ``kg suggest``, ``kg report
--committee`` and the query parameters that take an actor (``kg query``, :func:`kg.query`)."""

from __future__ import annotations

import json
import shlex
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


def search_for_commands(name: str) -> str:
    """The hint for an organisation no name finds, for a command: ``kg query``'s search.

    >>> search_for_commands("Rädda B")
    "search by part of the name: kg query search-actors -p 'text=Rädda B'"
    """
    return f"search by part of the name: kg query search-actors -p {shlex.quote(f'text={name}')}"


def search_for_python(name: str) -> str:
    """The hint for an organisation no name finds, for Python: :func:`kg.query`'s search.

    >>> search_for_python("Rädda B")
    'search by part of the name: kg.query(source, "search-actors", {"text": "Rädda B"})'
    """
    text = json.dumps(name, ensure_ascii=False)  # "…", as Python writes it too
    return f'search by part of the name: kg.query(source, "search-actors", {{"text": {text}}})'
