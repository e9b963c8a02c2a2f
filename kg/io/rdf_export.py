"""Write the whole merged graph as Turtle, N-Triples or JSON-LD."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from rdflib import Graph

from kg.errors import KgError, cannot_write
from kg.model.vocab import PREFIXES

#: Export format name → rdflib serializer name.
RDF_FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def export_rdf(graph: Graph, fmt: str, path: str | PathLike[str]) -> int:
    """Serialize ``graph`` to ``path`` (a str or a Path) in ``fmt`` (``ttl``, ``nt`` or
    ``jsonld``); return how many triples were written.

    JSON-LD is written with an inline ``@context`` built from the kg prefixes, so reading it
    back needs no network.
    """
    if fmt not in RDF_FORMATS:
        raise KgError(
            f"unknown RDF format '{fmt}'", hint=f"choose one of: {', '.join(RDF_FORMATS)}"
        )
    path = Path(path)
    options: dict = {}
    if fmt == "jsonld":
        options = {"context": dict(PREFIXES), "auto_compact": True}
    try:
        graph.serialize(destination=str(path), format=RDF_FORMATS[fmt], encoding="utf-8", **options)
    except OSError as error:
        raise cannot_write(path, error) from error
    return len(graph)
