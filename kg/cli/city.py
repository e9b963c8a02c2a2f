"""Commands for a city's own data: ``kg import`` (a spreadsheet to Turtle), ``kg init`` (a data
folder)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.base import app, out, safe
from kg.cli.consoles import note, tell
from kg.cli.options import Language, SourcesOption


@app.command(
    "import",
    epilog="Example: [bold]kg import sjostad/data/sjostad.xlsx -o sjostad/data/sjostad.ttl[/]",
)
def import_(
    spreadsheet: Annotated[
        Path,
        typer.Argument(help="The spreadsheet: an .xlsx file, a folder of CSV files or a .zip."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Turtle file to write, or - for stdout.")
    ],
    city: Annotated[
        str | None,
        typer.Option("--city", help="The municipality, when neither sheet about nor kg.toml says."),
    ] = None,
    sources: SourcesOption = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="The language of the mistakes.  [default: the spreadsheet's own]",
            case_sensitive=False,
        ),
    ] = None,
) -> None:
    """Turn a spreadsheet of actors, collaborations and parties into Turtle.

    Every quote is checked against its source text, and the result against the shapes. Exit
    code 0 when the file was written, 2 with the list of mistakes (file, sheet, row, column,
    what to write), in the spreadsheet's language (Swedish for a workbook with Swedish sheet
    names) unless --lang says otherwise; then nothing is written. The output is Turtle
    (.ttl), never a spreadsheet.
    """
    from kg.cli.outputs import output_file
    from kg.errors import KgError, KgWarning, translated
    from kg.io.datafolder import settings_for
    from kg.io.outputs import is_stdout
    from kg.io.spreadsheet import import_to_turtle
    from kg.io.spreadsheet.output import check_command, check_output, namesakes
    from kg.io.spreadsheet.tables import sheet_language
    from kg.report.i18n import catalog
    from kg.validation.sheets import shape_violations

    # --lang, else the workbook's own, else its data folder's (kg.toml)
    said = lang.value if lang else sheet_language(spreadsheet) or settings_for([spreadsheet]).lang
    said = said or "en"
    try:
        with warnings.catch_warnings(record=True) as noted:
            warnings.simplefilter("always", KgWarning)
            check_output(spreadsheet, output)  # as given: not the file staged beside it
            with output_file(output) as path:  # - for stdout
                graph = import_to_turtle(
                    spreadsheet, path, sources=sources or (), city=city, check=shape_violations
                )
    except KgError as error:  # told in the spreadsheet's language, as its mistakes are
        error.lang = error.lang or said
        raise
    finally:
        for warned in noted:  # what may be a mistake though it breaks no rule
            if issubclass(warned.category, KgWarning):
                note(str(warned.message), said)
            else:  # another library's warning, as it would have been shown
                warnings.warn_explicit(
                    warned.message, warned.category, warned.filename, warned.lineno
                )
    check = check_command(spreadsheet, output, sources or ()) + (
        " --lang sv" if said == "sv" else ""
    )
    count = catalog(said).number(len(graph))
    if is_stdout(output) and len(graph) == 1:  # no file to check, and kg reads no pipe
        wrote = "wrote 1 triple to stdout"
    elif is_stdout(output):
        wrote = f"wrote {count} triples to stdout"
    elif len(graph) == 1:
        wrote = f"wrote 1 triple to {output}; check it with: {check}"
    else:
        wrote = f"wrote {count} triples to {output}; check them with: {check}"
    tell(translated(wrote, said), output)
    for name, ids in namesakes(graph):
        note(
            f"{len(ids)} organisations are named '{name}' ({', '.join(ids)}): a reader of the "
            "report cannot tell them apart by name; give each a name of its own if they are "
            "different organisations",
            said,
        )


@app.command(epilog='Example: [bold]kg init sjostad --city "Sjöstad kommun"[/]')
def init(
    directory: Annotated[Path, typer.Argument(help="A new (or empty) folder for the city's data.")],
    city: Annotated[str, typer.Option("--city", help="The municipality's name.")],
    lang: Annotated[
        Language,
        typer.Option(
            "--lang",
            help="The spreadsheet's sheet and column names, and the folder's language (kg.toml's "
            "lang): the default of every command's --lang on this data.",
            case_sensitive=False,
        ),
    ] = Language.sv,
) -> None:
    """Make a data folder for a city: kg.toml, README, sources/ and a spreadsheet to fill in."""
    from kg.errors import translated
    from kg.io.scaffold import init_city

    for file in init_city(directory, city, lang.value):
        out.print(safe(translated(f"wrote {file}", lang.value)), markup=False)
    out.print(safe(translated(f"next: read {directory / 'README.md'}", lang.value)), markup=False)
