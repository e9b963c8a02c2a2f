"""A city's spreadsheet imported and held to the SHACL shapes, as ``kg import`` does it.

:func:`kg.io.spreadsheet.import_spreadsheet` checks every cell and quote; here the graph it
makes is checked against the shapes too (with the ontology, by :func:`kg.validation.validate`,
the quotes not twice), and each violation becomes a mistake on the row that made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from kg.io.given import PathText


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
    sources: PathText | Iterable[PathText] = (),
    city: str | None = None,
    base: str | None = None,
) -> Graph:
    """A city's spreadsheet as an rdflib Graph of facts, checked as ``kg import`` checks it
    (``kg.import_spreadsheet``).

    ``path`` is the template filled in: an ``.xlsx`` workbook, a folder of CSV files (a file
    per sheet) or a ``.zip`` of them; ``kg export --format xlsx`` and
    :func:`kg.export_spreadsheet` write it, and ``kg/io/spreadsheet/files/README.md`` says
    what goes in each sheet. Every quote is looked up in its document's text: in ``sources``
    (folders, in order), then the folder the spreadsheet's ``kg.toml`` names, then the
    bundled texts. The IRIs are made under ``base`` if given, else the one the spreadsheet
    (sheet about) or its ``kg.toml`` gives, else the one of ``city`` (its name:
    ``"Göteborg"``).

    The graph holds the facts, without the ontology: write it with :func:`kg.export_rdf`
    and read it back as data (``kg.Source(data=[…])``). Every mistake in the cells and quotes
    is collected, then, once they are right, what breaks the SHACL shapes: if there is any,
    :class:`~kg.io.spreadsheet.SpreadsheetError` (a :class:`~kg.errors.KgError`) lists them
    all, each by its sheet, row and column, and nothing is returned.

    >>> import kg
    >>> example = Path(kg.__file__).parent / "io" / "spreadsheet" / "files" / "example.xlsx"
    >>> len(kg.import_spreadsheet(example)) > 100  # Fritidsnämnden's part of Malmö's data
    True
    """
    from kg.io.spreadsheet import import_spreadsheet as read

    return read(path, sources=sources, city=city, base=base, check=shape_violations)
