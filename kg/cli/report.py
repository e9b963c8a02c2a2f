"""``kg report``: the main job, and its summary in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.base import Table, app, err, out
from kg.cli.data import recorded_note
from kg.cli.options import with_source
from kg.errors import EXIT_VIOLATIONS
from kg.io.source import Source

#: The report's terminal summary lists this many committees at most (all are in report.md).
SUMMARY_GAPS = 30


@app.command(
    epilog="Example: [bold]kg report -o report[/] · [bold]kg report --compare 2015 2016[/]"
)
@with_source
def report(
    source: Source,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write to.")] = Path(
        "report"
    ),
    compare: Annotated[
        tuple[int, int] | None,
        typer.Option(
            "--compare",
            help="Add what changed between two years: collaborations first and last reported "
            "(started or ended where the source says so), committees' partner groups and "
            "partners, stated counts.",
            metavar="<year> <year>",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The main job: validate, analyse, and write report.md, report.json and map.html."""
    from kg.analysis.pipeline import analyse
    from kg.report.compare import time_sections
    from kg.report.write import write_report
    from kg.validation import check

    source.check_years(source.year, *(compare or ()))
    checked = check(source)
    if not checked.conforms:
        for violation in checked.violations:
            err.print(str(violation), markup=False)
        err.print(
            f"[red]✗[/] {len(checked.violations)} violation(s): fix the data first "
            "(kg validate lists them)"
        )
        raise typer.Exit(EXIT_VIOLATIONS)
    err.print("[green]✓[/] the data conforms", end="")
    err.print(recorded_note(checked), markup=False)
    sections = time_sections(source, compare)
    written = write_report(
        analyse(source.facts()), output, triples=source.triples(), sections=sections
    )
    print_summary(written.report)
    if "compare" in written.report:
        print_change(written.report["compare"])
    out.print("wrote " + ", ".join(str(f) for f in written.files), markup=False)


def print_change(change: dict) -> None:
    """What changed between the two years: collaborations, and the counts stated for both."""
    from rich.text import Text

    first, second = change["first"]["year"], change["second"]["year"]
    found = change["collaborations"]
    out.print(
        f"{first} → {second}: {len(found['only_second'])} collaboration(s) reported in {second} "
        f"and not {first}, {len(found['only_first'])} in {first} and not {second}, "
        f"{len(found['both'])} in both (first and last reported, not started and ended, unless "
        "the source says so: see report.md)"
    )
    both = [c for c in change["counts"] if c["first"] is not None and c["second"] is not None]
    if both:
        table = Table("for", "what", str(first), str(second), title="Stated counts")
        for c in both:
            what = ", ".join(x for x in (c["what"], c["status_label"]) if x)
            table.add_row(Text(c["label"]), Text(what), str(c["first"]), str(c["second"]))
        out.print(table)


def print_summary(data: dict) -> None:
    """The report's counts, widest gaps and top brokers, as terminal tables."""
    from rich.text import Text

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
            Text(row["label"]),
            words.status(row["status"]).label("en"),
            str(row["partners"]),
            ", ".join(words.group(m).label("en") for m in row["missing_sectors"]) or "—",
        )
    out.print(table)
    brokers_table = Table("actor", "sector", "sectors spanned", "partners", title="Top brokers")
    for row in data["brokers"][:5]:
        brokers_table.add_row(
            Text(row["label"]), row["sector"], str(row["sectors_spanned"]), str(row["partners"])
        )
    out.print(brokers_table)
