"""The graph the analyses read, on the fastest backend for where it lives.

Files are parsed straight into an in-memory Oxigraph store (no rdflib: fast to start, about ten
times faster to parse); an on-disk store (``--store``) is read directly; an endpoint
(``--endpoint``) is copied one predicate at a time (only what :func:`kg.facts.read_facts`
reads). Commands that need rdflib (validation, SPARQL, export) use :func:`kg.store.open_graph`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from kg.collector import collector_paused
from kg.facts import Facts, read_facts

#: The file in a store's folder that keeps the facts read from it.
FACTS_FILE = "kg-facts.json"


def open_source(
    extra: Iterable[Path | str] = (),
    *,
    bundled: bool = True,
    store: Path | str | None = None,
    endpoint: str | None = None,
    reload: bool = False,
) -> object:
    """A pyoxigraph Store (or, from an endpoint, an rdflib copy) for :func:`kg.facts.read_facts`.

    Arguments as for :func:`kg.store.open_graph`; bad input raises the same errors.

    >>> len(open_source()) > 1000
    True
    """
    if store is None and endpoint is None:
        from kg.loader import input_files
        from kg.oxload import load_memory

        return load_memory(input_files(extra, bundled=bundled))
    from kg.store import local_copy, open_graph, oxigraph_store

    graph = open_graph(extra, bundled=bundled, store=store, endpoint=endpoint, reload=reload)
    database = oxigraph_store(graph)
    return database if database is not None else local_copy(graph)


def load_facts(
    extra: Iterable[Path | str] = (),
    *,
    bundled: bool = True,
    store: Path | str | None = None,
    endpoint: str | None = None,
    reload: bool = False,
) -> Facts:
    """The facts of the graph on its backend (see :func:`open_source`); from a ``store``, read
    once and kept in the store's folder (see :func:`facts_of`)."""
    source = open_source(extra, bundled=bundled, store=store, endpoint=endpoint, reload=reload)
    return facts_of(source, Path(store) if store is not None else None)


@collector_paused
def facts_of(source: object, store: Path | None = None) -> Facts:
    """:func:`kg.facts.read_facts` of ``source``, kept in ``store/kg-facts.json`` if given.

    A store's data never changes (changed files make a new store), so its facts are read from
    it once: the next run loads them from the file in under a second instead of reading a
    million triples again. The file is trusted only with this kg's version and fact reader,
    and is left out, silently, when the folder is not writable.
    """
    if store is None:
        return read_facts(source)
    path = store / FACTS_FILE
    key = _facts_key(store)
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return Facts(**cached["facts"])
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    facts = read_facts(source)
    partial = path.with_name(path.name + ".part")
    try:
        text = json.dumps({"key": key, "facts": asdict(facts)}, ensure_ascii=False)
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
    return facts


def _facts_key(store: Path) -> str:
    from kg import __version__, facts
    from kg.store import read_manifest

    digest = hashlib.sha256(__version__.encode())
    digest.update(Path(facts.__file__).read_bytes())
    digest.update(json.dumps((read_manifest(store) or {}).get("files")).encode())
    return digest.hexdigest()
