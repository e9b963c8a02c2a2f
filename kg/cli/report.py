"""``kg report``: the main job, and its summary in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.base import Table, app, cell, err, out, safe
from kg.cli.data import recorded_note
from kg.cli.options import with_source
from kg.errors import EXIT_VIOLATIONS
from kg.io.source import Source

#: The report's terminal summary lists this many committees at most (all are in report.md).
SUMMARY_GAPS = 30


@app.command(epilog="Example: [bold]kg report -o report[/]")
@with_source
def report(
    source: Source,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write to.")] = Path(
        "report"
    ),
) -> None:
    """The main job: validate, analyse, and write report.md, report.json and map.html."""
    from kg.analysis.pipeline import analyse
    from kg.io.parse import require_data
    from kg.report.write import write_report
    from kg.validation import check

    require_data(source.data)
    checked = check(source)
    if not checked.conforms:
        for violation in checked.violations:
            err.print(safe(violation), markup=False)
        err.print(
            f"[red]✗[/] {len(checked.violations)} violation(s): fix the data first "
            "(kg validate lists them)"
        )
        raise typer.Exit(EXIT_VIOLATIONS)
    err.print("[green]✓[/] the data conforms", end="")
    err.print(recorded_note(checked), markup=False)
    written = write_report(analyse(source.facts()), output, triples=source.triples())
    print_summary(written.report)
    out.print(safe("wrote " + ", ".join(str(f) for f in written.files)), markup=False)


def print_summary(data: dict) -> None:
    """The report's counts, widest gaps and top brokers, as terminal tables."""
    from kg.analysis.gaps import widest_gaps
    from kg.model.sectors import vocabulary

    words = vocabulary()

    s = data["summary"]
    out.print(
        f"[bold]{s['actors']}[/] actors · [bold]{s['collaborations']}[/] collaborations · "
        f"[bold]{s['partner_links']}[/] partner links · [bold]{s['communities']}[/] "
        f"communities"
    )
    shown = widest_gaps(data["gaps"], SUMMARY_GAPS)
    caption = (
        None
        if len(shown) == len(data["gaps"])
        else f"the {len(shown)} of {len(data['gaps'])} committees with the widest gaps; "
        "all are in report.md (and kg gaps)"
    )
    table = Table("committee", "status", "partners", "lacks", title="Gaps", caption=caption)
    for row in shown:
        table.add_row(
            cell(row["label"]),
            words.status(row["status"]).label("en"),
            str(row["partners"]),
            ", ".join(words.group(m).label("en") for m in row["missing_sectors"]) or "—",
        )
    out.print(table)
    brokers_table = Table("actor", "sector", "sectors spanned", "partners", title="Top brokers")
    for row in data["brokers"][:5]:
        brokers_table.add_row(
            cell(row["label"]), row["sector"], str(row["sectors_spanned"]), str(row["partners"])
        )
    out.print(brokers_table)
