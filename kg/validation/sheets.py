"""A city's spreadsheet imported and held to the SHACL shapes, as ``kg import`` does it.

:func:`kg.io.spreadsheet.import_spreadsheet` checks every cell and quote; here the graph it
makes is checked against the shapes too (with the ontology, by :func:`kg.validation.validate`,
the quotes not twice), and each violation becomes a mistake on the row that made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph


def shape_violations(graph: Graph) -> list[tuple[str, str, str, str]]:
    """What breaks the shapes in ``graph`` (facts without the ontology, which is added): each
    violation's node as kg prints it, its path, its message and the message in Swedish (or
    "" where the shape has none).

    >>> shape_violations(Graph())
    []
    """
    import pyoxigraph as ox

    from kg.io.parse import load_memory
    from kg.paths import ontology_file
    from kg.validation import validate

    store = load_memory([ontology_file()])
    store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    report = validate(store, quotes=False)
    return [(v.node, v.path, v.message, v.message_sv) for v in report.violations]


def import_spreadsheet(
    path: Path | str,
    *,
    sources: Iterable[Path | str] = (),
    city: str | None = None,
    base: str | None = None,
) -> Graph:
    """:func:`kg.io.spreadsheet.import_spreadsheet`, refused also when the result breaks the
    shapes (:class:`~kg.io.spreadsheet.SpreadsheetError` names each by sheet and row)."""
    from kg.io.spreadsheet import import_spreadsheet as read

    return read(path, sources=sources, city=city, base=base, check=shape_violations)


def import_to_turtle(
    path: Path | str,
    output: Path | str,
    *,
    sources: Iterable[Path | str] = (),
    city: str | None = None,
    base: str | None = None,
) -> Graph:
    """:func:`kg.io.spreadsheet.import_to_turtle` with the shapes checked: nothing is written
    unless the cells, the quotes and the shapes are all right."""
    from kg.io.spreadsheet import import_to_turtle as write

    return write(path, output, sources=sources, city=city, base=base, check=shape_violations)
