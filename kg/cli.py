"""The ``kg`` command line: parse, call the library, render. The only module importing typer."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import DataLoadError, KgError

app = typer.Typer(
    name="kg",
    help="A knowledge graph of the actors and alliances behind Malmö's social-sustainability work.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class TableOrJson(StrEnum):
    """Output formats for reports."""

    table = "table"
    json = "json"


class RdfFormat(StrEnum):
    """RDF formats for ``kg export``."""

    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"


DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data", "-d", help="Add an RDF file or folder (repeatable).", show_default=False
    ),
]
BundledOption = Annotated[
    bool,
    typer.Option(
        "--bundled/--no-bundled",
        help="Include the bundled Malmö data (the ontology is always loaded).",
    ),
]
FormatOption = Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")]


def _fail(error: KgError) -> NoReturn:
    err.print(f"[bold red]error:[/] {error}", markup=True, highlight=False)
    raise typer.Exit(2 if isinstance(error, DataLoadError) else 1)


def _load(data: list[Path] | None, bundled: bool):
    from kg.loader import load

    try:
        return load(data or (), bundled=bundled)
    except KgError as error:
        _fail(error)


@app.command(epilog="Example: [bold]kg validate --data my-alliances.ttl[/]")
def validate(
    data: DataOption = None, bundled: BundledOption = True, fmt: FormatOption = TableOrJson.table
) -> None:
    """Check the data against the SHACL shapes and every quote against its source.

    Exit code 0 when the data conforms, 1 with violations (listed one per line), 2 when a file
    cannot be read.
    """
    from kg.validation import validate as run

    graph = _load(data, bundled)
    report = run(graph)
    if fmt is TableOrJson.json:
        out.print_json(json.dumps(report.to_dict(), ensure_ascii=False))
    elif report.conforms:
        out.print(f"[green]✓[/] the data conforms ({len(graph)} triples)")
    else:
        for violation in report.violations:
            out.print(str(violation), markup=False)
        err.print(f"[red]✗[/] {len(report.violations)} violation(s)")
    raise typer.Exit(0 if report.conforms else 1)


@app.command(epilog="Example: [bold]kg stats --format json[/]")
def stats(
    data: DataOption = None, bundled: BundledOption = True, fmt: FormatOption = TableOrJson.table
) -> None:
    """Count instances per class and actors per sector."""
    from kg.stats import stats as count

    result = count(_load(data, bundled))
    if fmt is TableOrJson.json:
        out.print_json(json.dumps(result, ensure_ascii=False))
        return
    classes = Table("class", "instances", title="Instances per class")
    for name, number in result["classes"].items():
        classes.add_row(name, str(number))
    sectors = Table("sector", "actors", title="Actors per sector")
    for name, number in result["sectors"].items():
        sectors.add_row(result["sector_labels"][name], str(number))
    out.print(classes, sectors)
    out.print(
        f"{result['triples']} triples · {result['actors']} actors · "
        f"{result['collaborations']} collaborations · {result['memberships']} memberships"
    )


@app.command(epilog="Example: [bold]kg export --format ttl -o malmo.ttl[/]")
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[RdfFormat, typer.Option("--format", "-f", help="RDF format.")] = RdfFormat.ttl,
    data: DataOption = None,
    bundled: BundledOption = True,
) -> None:
    """Write the whole merged graph (ontology and data) as Turtle, N-Triples or JSON-LD."""
    from kg.export import export_rdf

    graph = _load(data, bundled)
    try:
        triples = export_rdf(graph, fmt.value, output)
    except KgError as error:
        _fail(error)
    out.print(f"wrote {triples} triples to {output}")


if __name__ == "__main__":  # pragma: no cover
    app()
