"""Where ``kg import`` writes: never over a spreadsheet, and the command that checks the result."""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

#: Suffixes of what kg import reads; it writes Turtle, never one of these.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".zip")


def check_output(spreadsheet: Path | str, output: Path | str) -> None:
    """Refuse an ``output`` that is the spreadsheet (or inside its folder of CSV files), or
    that is named like a spreadsheet: kg import writes Turtle and would overwrite it.

    >>> check_output("gbg.xlsx", "gbg.ttl")
    >>> check_output("gbg.xlsx", "gbg.xlsx")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: gbg.xlsx: kg import writes Turtle, and gbg.xlsx is the spreadsheet it reads
      hint: write the Turtle to a .ttl file instead: -o gbg.ttl
    """
    spreadsheet, output = Path(spreadsheet), Path(output)
    read, written = spreadsheet.resolve(), output.resolve()
    instead = f"write the Turtle to a .ttl file instead: -o {shlex.quote(str(_turtle(output)))}"
    if written == read or (spreadsheet.is_dir() and written.is_relative_to(read)):
        what = "the spreadsheet" if written == read else "in the folder of CSV files"
        raise KgError(
            f"kg import writes Turtle, and {output} is {what} it reads",
            path=output,
            hint=instead if written == read else instead + " outside that folder",
        )
    if output.suffix.lower() in SPREADSHEET_SUFFIXES:
        raise KgError(
            f"kg import writes Turtle, not a {output.suffix} file",
            path=output,
            hint=f"{instead} (kg export writes spreadsheets)",
        )


def _turtle(output: Path) -> Path:
    return output.with_suffix(".ttl") if output.suffix else output.with_name(output.name + ".ttl")


def check_command(
    spreadsheet: Path | str, output: Path | str, sources: Iterable[Path | str] = ()
) -> str:
    """The ``kg validate`` command that checks ``output`` as written from ``spreadsheet``: with
    ``--sources`` for each folder of texts the import used that ``output``'s own data folder
    (its ``kg.toml``) does not name, shell-quoted so that it runs as printed."""
    from kg.io.datafolder import settings_for

    used = settings_for([spreadsheet], sources).sources
    found = set(settings_for([output]).sources)
    missing = [folder for folder in used if folder not in found]
    words = ["kg", "validate", "--no-bundled", "--data", str(output)]
    for folder in missing:
        words += ["--sources", str(folder)]
    return shlex.join(words)


def namesakes(graph: Graph) -> list[tuple[str, list[str]]]:
    """The organisations an imported workbook gives one Swedish name (each name with their
    ids, as kg shows them): a reader of the report cannot tell them apart by name, where two
    organisations of one city would rather have names of their own.

    >>> from rdflib import Graph, Literal, URIRef
    >>> from rdflib.namespace import SKOS
    >>> from kg.model.namespace import KG
    >>> g = Graph()
    >>> for local in ("ik-norr", "ik-syd"):
    ...     club = URIRef(f"https://w3id.org/kg-malmo/id/alby/{local}")
    ...     _ = g.add((club, KG.sector, KG.CivilSociety))
    ...     _ = g.add((club, SKOS.prefLabel, Literal("IK Kamraterna", lang="sv")))
    >>> namesakes(g)
    [('IK Kamraterna', ['id:alby/ik-norr', 'id:alby/ik-syd'])]
    """
    from rdflib.namespace import SKOS

    from kg.model.names import display
    from kg.model.namespace import KG

    named: dict[str, list[str]] = {}
    for actor in set(graph.subjects(KG.sector, None)):
        for name in graph.objects(actor, SKOS.prefLabel):
            if getattr(name, "language", None) == "sv":
                named.setdefault(str(name), []).append(display(str(actor)))
    return sorted((name, sorted(ids)) for name, ids in named.items() if len(ids) > 1)
