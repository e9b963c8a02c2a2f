"""``kg report``: the main job, and its summary in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.base import Table, app, cell, err, out, safe, show
from kg.cli.data import placed, print_violations, recorded_note, violations_summary
from kg.cli.options import Language, lang_option, with_source
from kg.errors import EXIT_VIOLATIONS
from kg.io.source import Source

if TYPE_CHECKING:  # pragma: no cover
    from rich.table import Table as RichTable

    from kg.report.write import ReportFiles

#: The report's terminal summary lists this many committees at most (all are in report.md).
SUMMARY_GAPS = 30


@app.command(
    epilog="Example: [bold]kg report -o report[/] · [bold]kg report --lang sv -o rapport[/] · "
    "[bold]kg report --compare 2015 2016[/] · "
    "[bold]kg report --committee fritidsnämnden --lang sv -o rapport[/]"
)
@with_source
def report(
    source: Source,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write to.")] = Path(
        "report"
    ),
    lang: lang_option("The report's language: en (English) or sv (Swedish).") = Language.en,
    compare: Annotated[
        tuple[int, int] | None,
        typer.Option(
            "--compare",
            help="Add what changed between two years: collaborations first and last reported "
            "(started or ended where the source says so), committees' partner groups and "
            "partners, stated counts, and a chart of them (charts/change.svg).",
            metavar="<year> <year>",
            show_default=False,
        ),
    ] = None,
    committee: Annotated[
        str | None,
        typer.Option(
            "--committee",
            help="Write only this committee's brief (a name or a unique prefix): its partners "
            "per group, collaborations, gaps, suggestions with their reasons and evidence, as "
            "NAME.html (printable), NAME.md and NAME.json in the folder, from the report's "
            "data.",
            metavar="<name>",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The main job: validate, analyse, and write report.html, report.md (with charts/*.svg),
    report.json and map.html."""
    from kg.analysis.pipeline import analyse
    from kg.analysis.preload import REPORT, for_files, preload
    from kg.analysis.quiet import matplotlib_imported
    from kg.io.period import check_pair
    from kg.io.provenance import source_provenance
    from kg.report.compare import time_sections
    from kg.report.i18n import catalog
    from kg.report.write import require_writable, write_report
    from kg.validation import check

    if str(output) == "-":  # not a folder called "-"
        reason = (
            "a report is a folder of files (report.html, report.json, the charts, the map), "
            "not one to stdout"
        )
        hint = "give a folder, and read report.json from it"
        raise typer.BadParameter(f"{reason}; {hint}", param_hint="'--output'")
    require_writable(output, create=True)
    if compare is not None:
        check_pair(*compare)  # before the data is read and validated
    source.check_years(source.year, *(compare or ()))
    cat = catalog(lang.value)
    # while the data loads and is checked; matplotlib first, without its warnings about its
    # folder on a machine whose home cannot be written (the thread's import would print them)
    preload(for_files(REPORT, source.files()), first=matplotlib_imported)
    checked = check(source, read_facts=True)
    if not checked.conforms:
        print_violations(checked, placed(checked, source), to=err, lang=lang.value)
        message = violations_summary(checked, lang.value, then=cat("terminal.fix_first"))
        err.print("[red]✗[/] " + safe(message), highlight=False)
        raise typer.Exit(EXIT_VIOLATIONS)
    err.print("[green]✓[/] " + cat("terminal.conforms"), end="")
    err.print(recorded_note(checked, lang.value, endpoint=bool(source.endpoint)), markup=False)
    sections = time_sections(source, compare)
    if committee is not None:
        _brief(source, committee, output, lang.value, sections, compare)
        return
    written = write_report(
        analyse(source.facts()),
        output,
        triples=source.triples(),
        lang=lang.value,
        sections=sections,
        provenance=source_provenance(source, compare),
    )
    print_summary(written.report, lang.value)
    if "compare" in written.report:
        print_change(written.report["compare"], lang.value)
    print_next(written, lang.value)


def _brief(
    source: Source,
    name: str,
    output: Path,
    lang: str,
    sections: dict,
    compare: tuple[int, int] | None = None,
) -> None:
    """Write one committee's brief and show its row of the gaps table and the files."""
    from kg.analysis.committee import find_committee
    from kg.analysis.pipeline import analyse
    from kg.io.provenance import source_provenance
    from kg.report.brief import write_brief
    from kg.report.i18n import catalog

    analysis = analyse(source.facts())
    iri = find_committee(analysis.facts, name)
    brief, files = write_brief(
        analysis,
        output,
        iri,
        triples=source.triples(),
        lang=lang,
        sections=sections,
        provenance=source_provenance(source, compare),
    )
    cat = catalog(lang)
    show(gaps_table([brief["committee"]], lang, title=cat("terminal.gaps"), groups=True))
    out.print(safe(cat("terminal.wrote", files=", ".join(map(str, files)))), markup=False)
    out.print(safe(cat("terminal.next_report", path=files[0])), markup=False)


def print_change(change: dict, lang: str = "en") -> None:
    """What changed between the two years, in ``lang``: collaborations, and the counts stated
    for both years."""
    from kg.report.change_sections import count_what, untold
    from kg.report.i18n import catalog

    cat = catalog(lang)
    first, second = change["first"]["year"], change["second"]["year"]
    found = {
        k: cat.plural("count.collaborations", len(v)) for k, v in change["collaborations"].items()
    }
    # "reported" agrees with the number in Swedish: "1 samarbete rapporterat", "2 … rapporterade"
    found.update(
        (f"{k}_reported", cat.plural("count.collaborations_reported", len(v)))
        for k, v in change["collaborations"].items()
    )
    out.print(cat("terminal.change", first=first, second=second, **found), markup=False)
    described = [r["described"] for r in change["committees"]]
    compared = {"both": described.count("both"), "one": len(described) - described.count("both")}
    numbers = {k: cat.number(v) for k, v in compared.items()}
    out.print(cat("terminal.change_committees", **numbers), markup=False)
    years = {"first": first, "second": second}
    for row in change["committees"]:  # described without partners in a year: not a loss
        for said in row.get("untold", ()):
            out.print(safe(f"- {cat.named(row)}: {untold(cat, row, said, years)}"), markup=False)
    continued = [r for r in change["committees"] if r.get("continues")]
    if continued:  # renamed or merged: one committee, not one gone and one new
        names = [
            cat(
                "change.formerly",
                name=cat.named(r),
                names=cat.join([cat.named(o) for o in r["continues"]]),
            )
            for r in continued
        ]
        out.print(cat("terminal.change_continued", items="; ".join(names)), markup=False)
    both = [c for c in change["counts"] if c["first"] is not None and c["second"] is not None]
    if both:
        table = Table(
            cat("year.for"), cat("year.what"), str(first), str(second), title=cat("year.counts")
        )
        for c in both:
            table.add_row(
                cell(cat.named(c)),
                cell(count_what(cat, c)),
                cat.number(c["first"]),
                cat.number(c["second"]),
            )
        show(table)


def print_summary(data: dict, lang: str = "en") -> None:
    """The report's counts, widest gaps and top brokers, as terminal tables, in ``lang``."""
    from kg.analysis.gaps import widest_gaps
    from kg.report.i18n import catalog

    cat = catalog(lang)
    s = data["summary"]
    out.print(
        cat(
            "terminal.counts",
            actors=cat.plural("count.actors", s["actors"]),
            collaborations=cat.plural("count.collaborations", s["collaborations"]),
            links=cat.plural("count.links", s["partner_links"]),
            communities=cat.plural("count.communities", s["communities"]),
        ),
        markup=False,
    )
    shown = widest_gaps(data["gaps"], SUMMARY_GAPS)
    total = len(data["gaps"])
    caption = (
        None
        if len(shown) == total
        else cat("terminal.shown", shown=cat.number(len(shown)), total=cat.number(total))
    )
    show(gaps_table(shown, lang, title=cat("terminal.gaps"), caption=caption))
    columns = ("organisation", "group", "groups_spanned", "open_pairs", "partners")
    brokers_table = Table(*(cat(f"brokers.{c}") for c in columns), title=cat("terminal.brokers"))
    for row in data["brokers"][:5]:  # ranked by groups, then open pairs (kg brokers' order)
        brokers_table.add_row(
            cell(cat.named(row)),
            cat.group(row["sector"]),
            cat.number(row["sectors_spanned"]),
            cat.number(row["cross_sector_pairs"]),
            cat.number(row["partners"]),
        )
    if data["brokers"]:
        show(brokers_table)
    else:
        out.print(cat("brokers.none"), markup=False)


def gaps_table(
    rows: list[dict], lang: str, *, title: str, caption: str | None = None, groups: bool = False
) -> RichTable:
    """The committees' gaps as the report's table words them (committee, status, partners,
    lacks), in ``lang``; with ``groups``, also the partners in each group, the groups a
    committee lacks marked, as the report's gaps section has them."""
    from rich.text import Text

    from kg.model.sectors import vocabulary
    from kg.report.i18n import catalog
    from kg.report.sections import group_cell, municipality_name, several_cities, through_count
    from kg.report.successors import with_lineage

    cat = catalog(lang)
    names = vocabulary().names if groups else ()
    cities = several_cities(rows)
    columns = [cat("gaps.committee"), *([cat("gaps.municipality")] * cities)]
    columns += [cat("gaps.status"), cat("gaps.partners")]
    if groups and any(r["unnamed_sectors"] for r in rows):  # the + explained where one is
        caption = " ".join(filter(None, [caption, cat("gaps.plus")]))
    if any(r.get("replaced_by") or r.get("replaces") for r in rows):
        caption = " ".join(filter(None, [caption, cat("gaps.replaced_note")]))
    table = Table(
        *columns, *(cat.group(g) for g in names), cat("gaps.lacks"), title=title, caption=caption
    )
    for row in rows:
        counts = [
            Text(group_cell(cat, row, g), style="bold red" if g in row["missing_sectors"] else "")
            for g in names
        ]
        table.add_row(
            cell(with_lineage(cat, row)),
            *([cell(municipality_name(cat, row))] * cities),
            cat.status(row["status"]),
            through_count(cat, row["partners"], row) if groups else cat.number(row["partners"]),
            *counts,
            cat.join([cat.group(m) for m in row["missing_sectors"]]) or cat("words.none"),
        )
    for column in table.columns[2 + cities : -1]:
        column.justify = "right"
    return table


def print_next(written: ReportFiles, lang: str = "en") -> None:
    """The files written, then where to look next: the report and the map."""
    from kg.report.i18n import catalog

    cat = catalog(lang)
    out.print(safe(cat("terminal.wrote", files=", ".join(map(str, written.files)))), markup=False)
    out.print(safe(cat("terminal.next_report", path=written.html)), markup=False)
    out.print(safe(cat("terminal.next_map", path=written.map)), markup=False)
