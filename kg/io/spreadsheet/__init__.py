"""A city's data as a spreadsheet: import it to Turtle, export a graph to it.

::

    from kg.io.spreadsheet import import_spreadsheet, write_turtle, export_spreadsheet
    graph = import_spreadsheet("sjostad.xlsx", sources=["sources"])   # or a folder of CSVs
    write_turtle(graph, "sjostad.ttl")
    export_spreadsheet(graph, "again.xlsx")                            # the same facts back

The template (its sheets, columns and the words they accept) is described in
``kg/io/spreadsheet/files/README.md``; empty templates and a filled example are beside it.
A spreadsheet with mistakes raises :class:`SpreadsheetError` listing every one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.errors import KgError
from kg.io.datafolder import read_settings, settings_for
from kg.io.spreadsheet.export import Exported, export_rows, export_spreadsheet
from kg.io.spreadsheet.graphrows import detect_base
from kg.io.spreadsheet.importer import Check, import_spreadsheet
from kg.io.spreadsheet.mistakes import Mistake, SpreadsheetError
from kg.io.spreadsheet.output import check_output
from kg.io.spreadsheet.vocab import ACTOR_TYPES, SECTORS, yes_no
from kg.io.spreadsheet.writer import check_name, write_spreadsheet

if TYPE_CHECKING:  # pragma: no cover
    from kg.io.given import PathText
    from kg.io.source import Source

__all__ = [
    "Exported",
    "Mistake",
    "SpreadsheetError",
    "export_rows",
    "export_source",
    "export_spreadsheet",
    "files_dir",
    "import_spreadsheet",
    "import_to_turtle",
    "template_for_city",
    "write_turtle",
]


def files_dir() -> Path:
    """The folder with the empty templates, the filled example and the template's README."""
    return Path(__file__).resolve().parent / "files"


def write_turtle(graph: Graph, path: Path | str, header: str = "") -> Path:
    """Write ``graph`` as Turtle the way data/*.ttl is written, whole or not at all."""
    from kg.io.spreadsheet.turtle import turtle, write_text

    base = str(dict(graph.namespace_manager.namespaces()).get("", "")) or detect_base(graph)
    write_text(Path(path), turtle(graph, base, header))
    return Path(path)


def import_to_turtle(
    path: Path | str,
    output: Path | str,
    *,
    sources: PathText | Iterable[PathText] = (),
    city: str | None = None,
    base: str | None = None,
    check: Check | None = None,
) -> Graph:
    """:func:`import_spreadsheet` and :func:`write_turtle` in one step; nothing is written
    when the spreadsheet has mistakes, or when ``output`` would overwrite a spreadsheet
    (:func:`~kg.io.spreadsheet.output.check_output`)."""
    check_output(path, output)
    graph = import_spreadsheet(path, sources=sources, city=city, base=base, check=check)
    header = (
        f"Written by kg import from {Path(path).name}; edit the spreadsheet, not this file,\n"
        "and run kg import again (kg export writes the spreadsheet from the data)."
    )
    write_turtle(graph, output, header)
    return graph


def export_source(
    source: Source, path: Path | str, fmt: str = "xlsx", *, lang: str = "en"
) -> Exported:
    """:func:`export_spreadsheet` of a :class:`~kg.io.source.Source`'s graph, under the city
    its data folder's ``kg.toml`` names (else the municipality in the data)."""
    check_name(Path(path), fmt)  # before the graph is copied
    settings = settings_for(source.data)
    cities = [file for file in settings.files if read_settings(file).get("city")]
    if len(cities) > 1 or (cities and source.bundled):
        raise KgError(
            "a workbook holds one city's data, and this is several cities' together",
            hint="export each city's folder on its own: kg export --no-bundled --data FOLDER "
            "--format xlsx",
        )
    return export_spreadsheet(source.graph(), path, fmt, city=settings.city, lang=lang)


def template_for_city(path: Path | str, city: str, base: str, lang: str = "sv") -> Path:
    """An empty template for ``city`` whose first actor is the municipality itself."""
    municipality = ACTOR_TYPES.find("municipality")
    public = SECTORS.find("public")
    rows = {
        "about": [
            {"key": "stad" if lang == "sv" else "city", "value": city},
            {"key": "bas" if lang == "sv" else "base", "value": base},
        ],
        "actors": [
            {
                "name_sv": city,
                "type": municipality.name(lang),  # type: ignore[union-attr]
                "sector": public.name(lang),  # type: ignore[union-attr]
                "municipal": yes_no(True, lang),
            }
        ],
    }
    fmt = "csv" if Path(path).suffix.lower() != ".xlsx" else "xlsx"
    return write_spreadsheet(rows, Path(path), fmt, lang)
