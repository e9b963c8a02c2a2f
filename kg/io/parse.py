"""Parse RDF files: into pyoxigraph (kg's engine) or into an rdflib Graph (the Python API).

A bad file raises :class:`~kg.errors.DataLoadError` naming the file and line, and nothing is
loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import DataLoadError
from kg.io.files import input_files

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox
    from rdflib import Graph

_FIX_HINT = (
    "fix the statement on that line or the one before it (a missing '.', ';' or quote, or an "
    "unbound prefix)"
)


def bulk_load(database: ox.Store, path: Path, *, effect: str = "nothing was loaded") -> None:
    """Load one Turtle or N-Triples file into the pyoxigraph ``database``.

    A syntax error raises :class:`~kg.errors.DataLoadError` naming the file and line; ``effect``
    ends its hint (what the caller leaves behind).
    """
    import pyoxigraph as ox

    formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
    try:
        database.bulk_load(
            path=str(path), format=formats[path.suffix], base_iri=path.resolve().as_uri()
        )
    except SyntaxError as error:
        why = str(error.msg).split(": ", 1)[-1]
        column = f" (column {error.offset})" if error.offset else ""
        raise DataLoadError(
            f"syntax error: {why}{column}",
            path=path,
            line=error.lineno,
            hint=f"{_FIX_HINT}; {effect}",
        ) from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DataLoadError(
            f"cannot load the file: {error}", path=path, hint=f"fix the file; {effect}"
        ) from error


def load_memory(files: Iterable[Path]) -> ox.Store:
    """A new in-memory :class:`pyoxigraph.Store` holding every triple of ``files``.

    >>> from kg.paths import ontology_file
    >>> len(load_memory([ontology_file()])) > 100
    True
    """
    import pyoxigraph as ox

    database = ox.Store()
    for path in files:
        bulk_load(database, Path(path))
    return database


def parse_file(path: Path) -> Graph:
    """Parse one RDF file into a new rdflib graph; syntax errors name the file and line."""
    from rdflib import Graph
    from rdflib.plugins.parsers.notation3 import BadSyntax

    graph = Graph()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataLoadError(
            f"cannot read the file: {error}", path=path, hint="the file must be readable UTF-8 text"
        ) from error
    form = "nt" if path.suffix == ".nt" else "turtle"
    try:
        graph.parse(data=text, format=form, publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise DataLoadError(
            f"Turtle syntax error: {error._why}",
            path=path,
            line=error.lines + 1,
            hint=f"{_FIX_HINT}; nothing was loaded",
        ) from error
    except Exception as error:  # rdflib raises plain exceptions for some bad terms
        raise DataLoadError(
            f"cannot parse the file: {error}", path=path, hint="fix the file; nothing was loaded"
        ) from error
    return graph


def load(extra: Iterable[Path | str] = (), *, bundled: bool = True) -> Graph:
    """The ontology, the bundled data and any ``extra`` files or folders as one rdflib Graph.

    Every file is parsed before anything is merged, so a bad file raises
    :class:`~kg.errors.DataLoadError` (naming the file and line) and no graph is returned.

    >>> graph = load()
    >>> len(graph) > 1000
    True
    """
    from rdflib import Graph

    from kg.model.namespace import bind_prefixes

    parsed = [parse_file(path) for path in input_files(extra, bundled=bundled)]
    graph = bind_prefixes(Graph())
    for part in parsed:
        graph += part
    return graph


def from_rdflib(graph: Graph | ox.Store) -> ox.Store:
    """An rdflib Graph copied into a new in-memory pyoxigraph store (a store stays itself).

    >>> len(from_rdflib(load(bundled=False))) > 100
    True
    """
    import pyoxigraph as ox

    if isinstance(graph, ox.Store):
        return graph
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def to_rdflib(database: ox.Store, *, derived: bool = False) -> Graph:
    """The curated facts (the default graph) of a pyoxigraph store as an rdflib Graph, for
    pySHACL and the API; with ``derived``, the committee-level view merged in too."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.model.namespace import bind_prefixes
    from kg.model.vocab import DERIVED_GRAPH

    graphs = [ox.DefaultGraph(), *([ox.NamedNode(DERIVED_GRAPH)] if derived else [])]
    quads = (q for g in graphs for q in database.quads_for_pattern(None, None, None, g))
    data = ox.serialize((quad.triple for quad in quads), format=ox.RdfFormat.N_TRIPLES)
    graph = bind_prefixes(Graph())
    graph.parse(data=data, format="nt")
    return graph
