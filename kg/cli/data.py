"""Commands about the data itself: validate, stats, export (RDF, network, spreadsheet), synth."""

from __future__ import annotations

import shlex
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kg.cli.base import Table, app, cell, err, out, print_json, safe, show
from kg.cli.consoles import tell
from kg.cli.options import (
    VIEW_HELP,
    Format,
    FormatOption,
    Language,
    NetworkView,
    lang_option,
    with_source,
)
from kg.cli.outputs import output_file, output_name, wrote_network
from kg.errors import EXIT_OK, EXIT_VIOLATIONS, cannot_write, translated
from kg.io.outputs import is_stdout, written_through
from kg.io.source import Source

if TYPE_CHECKING:  # pragma: no cover
    from kg.validation import ValidationReport


class ExportFormat(StrEnum):
    """Formats for ``kg export``: the RDF graph, the actor network for other tools, or the
    data as the spreadsheet template ``kg import`` reads."""

    ttl = "ttl"
    turtle = "turtle"  # ttl, as kg query and kg serve name it
    nt = "nt"
    jsonld = "jsonld"
    rdfxml = "rdfxml"
    nq = "nq"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    csv_excel = "csv-excel"
    xlsx = "xlsx"
    csv_template = "csv-template"


#: The formats that write the network rather than the graph or the spreadsheet.
_NETWORK = (ExportFormat.graphml, ExportFormat.gexf, ExportFormat.csv, ExportFormat.csv_excel)


def placed(report: ValidationReport, source: Source) -> dict[str, str]:
    """Violation (its ``ref``) → ``file:line`` in the data files: where its node states its
    property, else where the node is described."""
    from kg.validation.locate import located

    if report.conforms:
        return {}
    return located(report.violations, source.files())


def print_violations(
    report: ValidationReport, where: dict[str, str], *, to: Any = None, lang: str = "en"
) -> None:
    """Each violation on a line, in ``lang``, after the file and line that describe its node;
    those that follow from another (a misspelt class or term) indented under it."""
    for root, following in report.grouped():
        for indent, violation in [("", root)] + [("  ↳ ", f) for f in following]:
            at = where.get(violation.ref)
            said = violation.text(lang)
            line = f"{at}: {said}" if at else said
            (to or out).print(indent + safe(line), markup=False)


def violations_summary(report: ValidationReport, lang: str = "en", then: str = "") -> str:
    """ "6 violations[: then]; 5 follow from the lines they are indented under …" in ``lang``."""
    from kg.report.i18n import catalog

    cat = catalog(lang)
    summary = cat.plural("terminal.violations", len(report.violations))
    following = sum(1 for v in report.violations if v.follows)
    summary += f": {then}" if then else ""
    return summary + (f"; {cat.plural('terminal.following', following)}" if following else "")


def recorded_note(report: object, lang: str = "en", *, endpoint: bool = False) -> str:
    """What to add when a record of an earlier validation was used: a store's, or, with
    ``endpoint``, kg's record of the graph an endpoint names."""
    from kg.report.i18n import catalog

    said = "terminal.recorded_endpoint" if endpoint else "terminal.recorded"
    return catalog(lang)(said) if getattr(report, "recorded", False) else ""


@app.command(
    epilog="Example: [bold]kg validate --data my-alliances.ttl[/] · "
    "[bold]kg validate --no-bundled --data sjostad/ --sources sjostad/sources[/]"
)
@with_source
def validate(
    source: Source,
    fmt: FormatOption = Format.table,
    lang: lang_option("The language of the violations and errors.") = Language.en,
) -> None:
    """Check the data against the SHACL shapes and every quote against its source.

    Exit code 0 when the data conforms, 1 with violations (listed one per line), 2 when a file
    cannot be read, 3 when a store or endpoint fails.
    """
    from kg.report.i18n import catalog
    from kg.validation import check

    if source.year is not None:  # a year's view is made from the whole, which is what is checked
        said = f"--year {source.year}: kg validate checks the data of every year"
        err.print(translated(said, lang.value), markup=False)
    report = check(source)
    where = placed(report, source)
    if fmt is Format.json:
        found = report.to_dict()
        for violation, listed in zip(report.violations, found["violations"], strict=True):
            listed["where"] = where.get(violation.ref)
        print_json(found)
    elif report.conforms:
        cat = catalog(lang.value)
        triples = cat("terminal.checked", n=cat.number(source.whole().triples()))
        out.print(f"[green]✓[/] {cat('terminal.conforms')} ({triples})", end="")
        out.print(recorded_note(report, lang.value, endpoint=bool(source.endpoint)), markup=False)
    else:
        print_violations(report, where, lang=lang.value)
        err.print("[red]✗[/] " + safe(violations_summary(report, lang.value)))
    raise typer.Exit(EXIT_OK if report.conforms else EXIT_VIOLATIONS)


@app.command(epilog="Example: [bold]kg stats --format json[/]")
@with_source
def stats(
    source: Source,
    fmt: FormatOption = Format.table,
    lang: lang_option(
        "The tables' language, en (English) or sv (Swedish): their headings, classes and "
        "sectors. JSON is the same in both."
    ) = Language.en,
) -> None:
    """Count instances per class and actors per sector, with what they were counted from: kg's
    version and the data's digest, to cite a figure by."""
    from kg.analysis.stats import stats as count
    from kg.io.provenance import source_provenance
    from kg.report.i18n import catalog

    result = count(source)
    about = source_provenance(source)
    if fmt is Format.json:
        print_json({**result, "provenance": about})
        return
    cat = catalog(lang.value)
    classes = Table(*cat.entry("stats.class_columns"), title=cat("stats.classes"))
    for name, number in result["classes"].items():
        total = result["with_subclasses"].get(name)
        classes.add_row(cell(name), cat.number(number), "" if total is None else cat.number(total))
    sectors = Table(*cat.entry("stats.sector_columns"), title=cat("stats.sectors"))
    for name, number in result["sectors"].items():
        sectors.add_row(cell(cat.group(name)), cat.number(number))
    title = cat("stats.documents")
    if source.year is not None:  # the year's documents, in the words of the year's report
        n, every = len(result["documents"]), cat.number(result["documents_in_data"])
        quoted = cat.plural("count.documents_of_year", n, year=source.year, all=every)
        title = cat("stats.documents_of_year", documents=quoted)
    documents = Table(*cat.entry("stats.document_columns"), title=title)
    for name, counts in result["documents"].items():
        documents.add_row(cell(name), *(cat.number(n) for n in counts.values()))
    for table in (classes, sectors, documents):
        show(table)
    out.print(
        " · ".join(
            [
                cat("terminal.triples", n=cat.number(result["triples"])),
                cat.plural("count.actors", result["actors"]),
                cat.plural("count.collaborations", result["collaborations"]),
                cat.plural("stats.memberships", result["memberships"]),
                *([cat.plural("stats.replaced", result["replaced"])] * bool(result["replaced"])),
            ]
        )
    )
    cite = [f"kg {about['kg']}"]
    if about["data_sha256"]:
        cite.append(cat("title.data_digest", digest=about["data_sha256"]))
    if about["licence"]["data"]:
        cite.append(cat("title.licences"))
    out.print(" · ".join(cite), markup=False, highlight=False)


@app.command(
    epilog="Example: [bold]kg export --format ttl -o malmo.ttl[/] · "
    "[bold]kg export --no-bundled --data sjostad/ --format xlsx -o sjostad.xlsx[/]"
)
@with_source
def export(
    source: Source,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write; - for stdout (RDF formats).")
    ],
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="ttl (or turtle), nt, jsonld, rdfxml: the whole RDF graph; nq: the graph with the "
            "derived view in its own named graph, as kg serve holds them; graphml, gexf, csv: the "
            "network (see --view), organisations with their centralities and communities (gexf "
            "with the years of each node and link, for Gephi's timeline); xlsx, csv-template: "
            "the data as the spreadsheet template kg import reads (csv-template "
            "writes a folder of CSV files, or a .zip); csv-excel: the network's CSV for a "
            "spreadsheet's double-click (a byte-order mark; with --lang sv, semicolons and "
            "decimal commas).",
        ),
    ] = ExportFormat.ttl,
    derived: Annotated[
        bool,
        typer.Option(
            "--derived",
            help="Also write the committee-level view kg derives (kg:partner, kg:lacksGroup …), "
            "for loading into another SPARQL store; not as data for kg, which derives it again "
            "and refuses it in data.",
        ),
    ] = False,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="xlsx, csv-template: the sheet and column names; every format: the language "
            "kg reports in.  [default: the data folder's lang, else en]",
            case_sensitive=False,
        ),
    ] = None,
    view: Annotated[
        NetworkView | None,
        typer.Option("--view", help=f"graphml, gexf, csv: {VIEW_HELP}  [default: actors]"),
    ] = None,
) -> None:
    """Write the merged graph (RDF), the actor network (GraphML, GEXF, CSV) or the data as a
    spreadsheet (XLSX, CSV template)."""
    from kg.io.parse import to_rdflib
    from kg.io.provenance import source_attribution, source_provenance
    from kg.io.rdf_export import RDF_FORMATS, export_rdf
    from kg.report.i18n import catalog
    from kg.report.write import require_writable, staged_file

    fmt = ExportFormat.ttl if fmt is ExportFormat.turtle else fmt
    spreadsheet = fmt in (ExportFormat.xlsx, ExportFormat.csv_template)
    takes_derived = (*RDF_FORMATS, ExportFormat.nq.value)  # nq: always, in its own graph
    choose = "leave it out, or choose one of those"
    if derived and fmt.value not in takes_derived:
        formats = ", ".join(takes_derived)
        reason = f"--derived applies to the RDF formats ({formats}), not {fmt}"
        raise typer.BadParameter(f"{reason}; {choose}", param_hint="'--derived'")
    if view is not None and fmt not in _NETWORK:
        formats = ", ".join(_NETWORK)
        reason = f"--view applies to the network formats ({formats}), not {fmt}"
        raise typer.BadParameter(f"{reason}; {choose}", param_hint="'--view'")
    piped = str(output) == "-"  # standard output, for a single RDF file
    if piped and fmt.value not in takes_derived:
        formats = ", ".join(takes_derived)
        reason = f"-o - (standard output) takes the RDF formats ({formats}), not {fmt}"
        hint = "give a file to write"
        raise typer.BadParameter(f"{reason}; {hint}", param_hint="'--output'")
    if written_through(output) and fmt in (ExportFormat.csv, ExportFormat.csv_excel):
        reason = (
            f"{fmt} writes three files (FILE, FILE-edges.csv and FILE-metadata.json), "
            f"not one to {output}"
        )
        hint = "give a file in a folder, or choose graphml or gexf for one file"
        raise typer.BadParameter(f"{reason}; {hint}", param_hint="'--output'")
    if fmt is ExportFormat.csv_template and output.suffix.lower() != ".zip":
        require_writable(output, create=True)  # a folder of CSV files, made with its parents
    elif not piped:
        require_writable(output.parent, create=True, file=output.name)
    said = (lang or Language.en).value  # --lang, else the data folder's (kg.toml), else English
    cat = catalog(said)
    if spreadsheet:
        from kg.io.spreadsheet import export_source
        from kg.io.spreadsheet.columns import sheet_named

        kind = "xlsx" if fmt is ExportFormat.xlsx else "csv"
        if output.suffix.lower() in (".xlsx", ".zip"):  # one file: its folder made if need be
            with staged_file(output) as path:
                done = export_source(source, path, kind, lang=said)
        else:  # a folder of CSV files, made with its parents
            done = export_source(source, output, kind, lang=said)
        rows = done.counts()
        sheets = ", ".join(  # each sheet by its name in the workbook's language
            f"{getattr(sheet_named(key), said, key)} {cat.number(n)}" for key, n in rows.items()
        )
        total = cat.plural("count.rows", sum(rows.values()))
        line = cat("terminal.wrote_sheets", rows=total, file=str(output), sheets=sheets)
        out.print(safe(line), markup=False)
        for triple in done.lost:
            err.print(safe(f"not written (a blank node): {triple}"), markup=False)
        return
    if fmt is ExportFormat.nq:
        from kg.io.parse import facts_and_view
        from kg.io.rdf_export import export_nquads

        facts, derived_view = facts_and_view(source.open())
        with output_file(output) as target:
            written = export_nquads(facts, derived_view, target, header=source_attribution(source))
        wrote = cat("terminal.wrote_quads", quads=cat.number(written), file=output_name(output))
        tell(wrote, output)
        return
    if fmt.value in RDF_FORMATS:
        graph = to_rdflib(source.open(), derived=derived)
        with output_file(output) as target:
            written = export_rdf(graph, fmt.value, target, header=source_attribution(source))
        wrote = cat("terminal.wrote_triples", triples=cat.number(written), file=output_name(output))
        tell(wrote, output)
        return
    from kg.analysis.pipeline import measured_network, two_mode_network
    from kg.report.network_export import export_network, how_measured

    analysis = measured_network(source.facts())  # what the file holds, not every analysis
    two_mode = view is NetworkView.bipartite
    network = two_mode_network(analysis) if two_mode else analysis.network
    about = {**source_provenance(source), "measures": how_measured(analysis)}
    years, weights = None, None
    if fmt is ExportFormat.gexf and source.year is None:  # a dynamic graph for the timeline
        from kg.analysis.timeline import timeline

        years, weights = timeline(source, network)
    with staged_file(output) as path:  # one file for graphml and gexf
        dated = {"years": years, "weights": weights}
        written = export_network(network, fmt.value, path, about, lang=said, **dated)
        files = [output.parent / f.name for f in written]
    kinds = (kind for _, kind in network.nodes(data="kind", default="actor"))
    named = ", ".join(map(str, files))
    wrote = wrote_network(cat, kinds, network.number_of_edges(), named, two_mode=two_mode)
    if years:  # the dynamic GEXF: say which years Gephi's timeline has
        from kg.io.period import span

        wrote += cat("terminal.with_years", years=span(source.years()))
    tell(wrote, output)


@app.command(epilog="Example: [bold]kg synth --actors 33000 --seed 1 -o big.ttl[/]")
def synth(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Turtle file to write, or - for stdout.")
    ],
    actors: Annotated[int, typer.Option("--actors", "-n", min=10, help="About how many.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same file.")] = 0,
    years: Annotated[
        tuple[int, int] | None,
        typer.Option(
            "--years",
            metavar="FIRST SECOND",
            help="Two follow-ups, reported in these two years (for --year and --compare): the "
            "same graph, dated.",
        ),
    ] = None,
) -> None:
    """Write a synthetic graph with the structure of the real one (for benchmarks)."""
    from kg.synth import write_synthetic

    if years is not None and years[0] >= years[1]:
        raise typer.BadParameter(
            "give the earlier year first, as in --years 2015 2016", param_hint="--years"
        )
    if not is_stdout(output) and not written_through(output) and output.suffix != ".ttl":
        reason = f"{output} does not end in .ttl: --data reads a file by its name's ending"
        hint = "name it so, as in -o big.ttl"
        raise typer.BadParameter(f"{reason}; {hint}", param_hint="'-o'")
    try:
        with output_file(output) as path:  # whole or not at all; - for stdout
            summary = write_synthetic(path, actors, seed, years)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise cannot_write(output, error) from error
    said = (
        f"wrote {summary.actors} actors ({summary.committees} committees), "
        f"{summary.collaborations} collaborations and {summary.memberships} memberships "
        f"to {output_name(output)}"
    )
    if not is_stdout(output) and not written_through(output):  # a file to check
        said += f"; check it with: kg validate --no-bundled --data {shlex.quote(str(output))}"
    tell(said, output)
