"""Parse RDF files straight into Oxigraph: an in-memory store for one command's analyses.

Oxigraph parses Turtle about ten times faster than rdflib and its terms need no rdflib objects,
so the analyses (:func:`kg.facts.read_facts`) start fast. The on-disk store is
:mod:`kg.store`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.errors import DataLoadError


def bulk_load(database: Any, path: Path, *, effect: str = "nothing was loaded") -> None:
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
            hint="fix the statement on that line or the one before it (a missing '.', ';' or "
            f"quote, or an unbound prefix); {effect}",
        ) from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DataLoadError(
            f"cannot load the file: {error}", path=path, hint=f"fix the file; {effect}"
        ) from error


def load_memory(files: Iterable[Path]) -> Any:
    """A new in-memory :class:`pyoxigraph.Store` holding every triple of ``files``.

    A bad file raises :class:`~kg.errors.DataLoadError` and no store is returned.

    >>> from kg.paths import ontology_dir
    >>> len(load_memory([ontology_dir() / "kg.ttl"])) > 100
    True
    """
    import pyoxigraph as ox

    database = ox.Store()
    for path in files:
        bulk_load(database, Path(path))
    return database
