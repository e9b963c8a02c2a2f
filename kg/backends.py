"""The graph the analyses read, on the fastest backend for where it lives.

Files are parsed straight into an in-memory Oxigraph store (no rdflib: fast to start, about ten
times faster to parse); an on-disk store (``--store``) is read directly; an endpoint
(``--endpoint``) is copied one predicate at a time (only what :func:`kg.facts.read_facts`
reads). Commands that need rdflib (validation, SPARQL, export) use :func:`kg.store.open_graph`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.facts import Facts, read_facts


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
    """The facts of the graph on its backend (see :func:`open_source`)."""
    return read_facts(
        open_source(extra, bundled=bundled, store=store, endpoint=endpoint, reload=reload)
    )
