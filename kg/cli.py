"""The ``kg`` command line: parse, call the library, render. The only module importing typer.

``kg --help`` and the light commands stay fast: rich is imported when a command first prints
(the consoles and tables below are made on first use), the library modules inside each command,
and the help is formatted by typer's plain (click) formatter instead of its rich one, which
alone would double the start-up time.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer import core as typer_core

from kg.errors import DataLoadError, KgError, cannot_write

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console
    from rich.table import Table as RichTable

_BOLD = re.compile(r"\[bold\](.*?)\[/(?:bold)?\]")


def _plain_help(text: str) -> str:
    """Help text written in rich markup (``[bold]…[/]``), for the plain help formatter: bold
    (an ANSI code, which click drops when the output is not a terminal), no brackets."""
    return _BOLD.sub(lambda m: typer.style(m.group(1), bold=True), text)


class _Command(typer_core.TyperCommand):
    """A kg command whose epilog (the example) is bold on a terminal, plain elsewhere, and which
    is listed in ``kg --help`` with its whole first paragraph (click cuts it at ~45 characters).
    """

    def get_short_help_str(self, limit: int = 45) -> str:
        return " ".join((self.short_help or self.help or "").strip().split("\n\n")[0].split())

    def format_epilog(self, ctx: typer.Context, formatter: Any) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_plain_help(self.epilog))


class _Typer(typer.Typer):
    """typer.Typer whose commands are :class:`_Command` s."""

    def command(self, *args: Any, cls: type[typer_core.TyperCommand] | None = None, **kwargs: Any):
        return super().command(*args, cls=cls or _Command, **kwargs)


app = _Typer(
    name="kg",
    help="A knowledge graph of the actors and alliances behind Malmö's social-sustainability work.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


class _LazyConsole:
    """A ``rich.console.Console`` made (and rich imported) when first used."""

    def __init__(self, **options: Any) -> None:
        self.options = options

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(**self.options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


out: Console = _LazyConsole(highlight=False, soft_wrap=True)  # type: ignore[assignment]
err: Console = _LazyConsole(stderr=True, highlight=False, soft_wrap=True)  # type: ignore[assignment]


def Table(*columns: Any, **options: Any) -> RichTable:
    """A ``rich.table.Table``, importing rich on first use."""
    from rich.table import Table as RichTable

    return RichTable(*columns, **options)


class TableOrJson(StrEnum):
    """Output formats for reports."""

    table = "table"
    json = "json"


class TableJsonCsv(StrEnum):
    """Output formats for analysis results."""

    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    """Formats for ``kg export``: the RDF graph, or the actor network for other tools."""

    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


class Measure(StrEnum):
    """Centrality measures."""

    degree = "degree"
    weighted_degree = "weighted_degree"
    betweenness = "betweenness"
    eigenvector = "eigenvector"
    closeness = "closeness"


class Sector(StrEnum):
    """Sectors: of actors (public) and of partners (public_agency)."""

    public = "public"
    civil = "civil"
    academia = "academia"
    business = "business"
    public_agency = "public_agency"


DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        "-d",
        help="Add an RDF file or folder (repeatable).",
        metavar="<path>",
        show_default=False,
    ),
]
BundledOption = Annotated[
    bool,
    typer.Option(
        "--bundled/--no-bundled",
        help="Include the bundled Malmö data (the ontology is always loaded).",
    ),
]
StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Keep the graph in an on-disk Oxigraph store in this folder: loaded on first use, "
        "reopened without parsing after.",
        show_default=False,
    ),
]
EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        help="Read the graph from this SPARQL 1.1 endpoint (read-only) instead of files.",
        show_default=False,
    ),
]
ReloadOption = Annotated[
    bool, typer.Option("--reload", help="Rebuild the --store from the files.", show_default=False)
]
FormatOption = Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")]
ResultFormatOption = Annotated[TableJsonCsv, typer.Option("--format", "-f", help="Output format.")]
TopOption = Annotated[int, typer.Option("--top", "-n", help="Show the top N rows (0: all).")]


def _print_json(data: object, *, default: object = None) -> None:
    """JSON for machines on stdout: indented, UTF-8, not highlighted (rich's colouring of a
    large answer takes longer than computing it)."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=default))


def _fail(error: KgError) -> NoReturn:
    err.print(f"[bold red]error:[/] {error}", markup=True, highlight=False)
    raise typer.Exit(2 if isinstance(error, DataLoadError) else 1)


def _load(
    data: list[Path] | None,
    bundled: bool,
    store: Path | None = None,
    endpoint: str | None = None,
    reload: bool = False,
    *,
    remote: bool = False,
):
    """Open the graph on its backend; from an endpoint, copy every triple unless ``remote``
    (queries then go to the endpoint)."""
    from kg.store import local_copy, open_graph

    try:
        graph = open_graph(
            data or (), bundled=bundled, store=store, endpoint=endpoint, reload=reload
        )
        return graph if remote else local_copy(graph, None)
    except KgError as error:
        _fail(error)


def _facts(
    data: list[Path] | None,
    bundled: bool,
    store: Path | None = None,
    endpoint: str | None = None,
    reload: bool = False,
):
    """What the analyses read, from the fastest backend (:func:`kg.backends.load_facts`)."""
    from kg.backends import load_facts

    try:
        return load_facts(
            data or (), bundled=bundled, store=store, endpoint=endpoint, reload=reload
        )
    except KgError as error:
        _fail(error)


@app.command(epilog="Example: [bold]kg validate --data my-alliances.ttl[/]")
def validate(
    data: DataOption = None,
    bundled: BundledOption = True,
    fmt: FormatOption = TableOrJson.table,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Check the data against the SHACL shapes and every quote against its source.

    Exit code 0 when the data conforms, 1 with violations (listed one per line), 2 when a file
    cannot be read.
    """
    from kg.validation import validate_store

    graph = _load(data, bundled, store, endpoint, reload)
    report = validate_store(graph, store)
    if fmt is TableOrJson.json:
        _print_json(report.to_dict())
    elif report.conforms:
        out.print(f"[green]✓[/] the data conforms ({len(graph)} triples){_recorded(report)}")
    else:
        for violation in report.violations:
            out.print(str(violation), markup=False)
        err.print(f"[red]✗[/] {len(report.violations)} violation(s)")
    raise typer.Exit(0 if report.conforms else 1)


@app.command(epilog="Example: [bold]kg stats --format json[/]")
def stats(
    data: DataOption = None,
    bundled: BundledOption = True,
    fmt: FormatOption = TableOrJson.table,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Count instances per class and actors per sector."""
    from kg.counts import stats as count

    result = count(_load(data, bundled, store, endpoint, reload))
    if fmt is TableOrJson.json:
        _print_json(result)
        return
    classes = Table("class", "instances", title="Instances per class")
    for name, number in result["classes"].items():
        classes.add_row(name, str(number))
    sectors = Table("sector", "actors", title="Actors per sector")
    for name, number in result["sectors"].items():
        sectors.add_row(result["sector_labels"][name], str(number))
    documents = Table(
        "document",
        "excerpts",
        "actors",
        "collaborations",
        "memberships",
        "counts",
        title="Evidence per source document",
    )
    for name, counts in result["documents"].items():
        documents.add_row(name, *(str(n) for n in counts.values()))
    out.print(classes, sectors, documents)
    out.print(
        f"{result['triples']} triples · {result['actors']} actors · "
        f"{result['collaborations']} collaborations · {result['memberships']} memberships"
    )


@app.command(epilog="Example: [bold]kg export --format ttl -o malmo.ttl[/]")
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="ttl, nt, jsonld: the whole RDF graph; graphml, "
            "gexf, csv: the actor network with centralities and communities.",
        ),
    ] = ExportFormat.ttl,
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Write the merged graph (RDF) or the actor network (GraphML, GEXF, CSV)."""
    from kg.export import RDF_FORMATS, export_rdf

    graph = _load(data, bundled, store, endpoint, reload)
    try:
        if fmt.value in RDF_FORMATS:
            out.print(f"wrote {export_rdf(graph, fmt.value, output)} triples to {output}")
            return
        from kg.analysis.pipeline import analyse
        from kg.network_export import export_network

        network = analyse(graph).network
        files = export_network(network, fmt.value, output)
    except KgError as error:
        _fail(error)
    out.print(
        f"wrote {network.number_of_nodes()} actors and {network.number_of_edges()} links "
        f"to {', '.join(str(f) for f in files)}"
    )


def _render(
    rows: list[dict], columns: list[str], fmt: TableJsonCsv, title: str, extra: dict | None = None
) -> None:
    if fmt is TableJsonCsv.json:
        _print_json({**(extra or {}), "rows": rows})
    elif fmt is TableJsonCsv.csv:
        from kg.tabular import to_csv

        out.out(to_csv(rows, columns), end="", highlight=False)
    else:
        from kg.tabular import flatten

        table = Table(*columns, title=title)
        for row in rows:
            table.add_row(*(_cell(row.get(c), flatten) for c in columns))
        out.print(table)


def _cell(value: object, flatten) -> str:
    return f"{value:.4f}" if isinstance(value, float) else flatten(value)


def _analysis(
    data: list[Path] | None,
    bundled: bool,
    store: Path | None = None,
    endpoint: str | None = None,
    reload: bool = False,
):
    from kg.analysis.pipeline import analyse

    return analyse(facts=_facts(data, bundled, store, endpoint, reload))


@app.command(epilog="Example: [bold]kg centrality --measure betweenness --type committee[/]")
def centrality(
    measure: Annotated[Measure, typer.Option("--measure", "-m", help="Rank by.")] = Measure.degree,
    actor_type: Annotated[
        str | None,
        typer.Option(
            "--type", "-t", help="committee, association, company, university, publicagency …"
        ),
    ] = None,
    sector: Annotated[Sector | None, typer.Option("--sector", "-s", help="Actor sector.")] = None,
    top: TopOption = 20,
    fmt: ResultFormatOption = TableJsonCsv.table,
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Rank actors by degree, weighted degree, betweenness, eigenvector or closeness."""
    from kg.analysis.centrality import MEASURES, select

    result = _analysis(data, bundled, store, endpoint, reload).centrality
    rows = select(
        result.rows,
        measure=measure.value,
        actor_type=actor_type,
        sector=sector.value if sector else None,
        top=top or None,
    )
    method = result.betweenness_method + (
        f", sample {result.betweenness_sample}" if result.betweenness_sample else ""
    )
    method += f", {result.backend}"
    _render(
        rows,
        ["label", "type", "sector", *MEASURES],
        fmt,
        f"Actors by {measure.value} (betweenness: {method})",
        {"betweenness": result.to_dict()["betweenness"]},
    )


@app.command(epilog="Example: [bold]kg brokers --top 10[/]")
def brokers(
    top: TopOption = 20,
    fmt: ResultFormatOption = TableJsonCsv.table,
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Brokers between sectors: sectors spanned, open pairs, effective size, constraint."""
    rows = _analysis(data, bundled, store, endpoint, reload).brokers
    _render(
        rows[:top] if top else rows,
        [
            "label",
            "type",
            "sector",
            "partners",
            "sectors_spanned",
            "partner_sectors",
            "cross_sector_pairs",
            "effective_size",
            "constraint",
        ],
        fmt,
        "Brokers between sectors",
    )


@app.command(epilog="Example: [bold]kg communities --format json[/]")
def communities(
    fmt: ResultFormatOption = TableJsonCsv.table,
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Communities of actors (seeded Louvain) with their sector mix."""
    analysis = _analysis(data, bundled, store, endpoint, reload)
    backend = analysis.backends["communities"]
    _render(
        analysis.communities,
        ["community", "size", "sectors", "members"],
        fmt,
        f"Communities (Louvain, {backend})",
        {"backend": backend},
    )


@app.command(epilog="Example: [bold]kg gaps --sector academia --format csv[/]")
def gaps(
    sector: Annotated[
        Sector | None,
        typer.Option(
            "--sector",
            "-s",
            help="Only committees lacking partners in this sector: civil, academia, "
            "business or public_agency.",
        ),
    ] = None,
    fmt: ResultFormatOption = TableJsonCsv.table,
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Committees lacking partners: at all, or per sector, with the evidence for what they have."""
    from kg.analysis.gaps import committee_gaps

    try:
        rows = committee_gaps(
            _facts(data, bundled, store, endpoint, reload), sector=sector.value if sector else None
        )
    except KgError as error:
        _fail(error)
    if fmt is TableJsonCsv.json:
        _print_json(rows)
        return
    _render(
        rows,
        ["label", "status", "partners", "by_sector", "missing_sectors", "unnamed_sectors"]
        + (["committee"] if fmt is TableJsonCsv.csv else []),
        fmt,
        "Committees and the partner sectors they lack",
    )


@app.command(epilog="Example: [bold]kg suggest grundskolenämnden --top 5[/]")
def suggest(
    committee: Annotated[str, typer.Argument(help="A committee's name or a unique prefix.")],
    sector: Annotated[
        list[Sector] | None,
        typer.Option(
            "--sector",
            "-s",
            help="Suggest from this partner sector (repeatable); default: the "
            "sectors the committee lacks.",
        ),
    ] = None,
    top: TopOption = 10,
    fmt: ResultFormatOption = TableJsonCsv.table,
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Suggest partners for a committee from the sectors it lacks, each with its reasons."""
    from kg.analysis.suggest import find_committee
    from kg.analysis.suggest import suggest as rank

    analysis = _analysis(data, bundled, store, endpoint, reload)
    try:
        iri = find_committee(analysis.facts, committee)
    except KgError as error:
        _fail(error)
    result = rank(
        analysis.facts,
        analysis.network,
        iri,
        top=top or 10_000,
        sectors=[s.value for s in sector] if sector else None,
    )
    if not result["sectors"]:
        err.print(f"{result['label']} lacks no partner sector; give --sector to ask anyway")
    _render(
        result["suggestions"],
        ["label", "type", "sector", "score", "reasons"],
        fmt,
        f"Partner suggestions for {result['label']} "
        f"({', '.join(result['sector_labels']) or 'no sector lacking'})",
        {"committee": iri, "label": result["label"], "sectors": result["sectors"]},
    )


@app.command(epilog="Example: [bold]kg report -o report[/]")
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write to.")] = Path(
        "report"
    ),
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """The main job: validate, analyse, and write report.md, report.json and map.html."""
    from kg.analysis.pipeline import analyse
    from kg.backends import facts_of
    from kg.report import write_report
    from kg.store import oxigraph_store
    from kg.validation import validate_store

    graph = _load(data, bundled, store, endpoint, reload)
    checked = validate_store(graph, store)
    if not checked.conforms:
        for violation in checked.violations:
            err.print(str(violation), markup=False)
        err.print(
            f"[red]✗[/] {len(checked.violations)} violation(s): fix the data first "
            "(kg validate lists them)"
        )
        raise typer.Exit(1)
    err.print(f"[green]✓[/] the data conforms{_recorded(checked)}")
    source = oxigraph_store(graph)  # a --store is read directly, without rdflib
    source = graph if source is None else source
    try:
        facts = facts_of(source, store)
        written = write_report(source, output, analysis=analyse(facts=facts))
    except KgError as error:
        _fail(error)
    _print_summary(written.report)
    out.print("wrote " + ", ".join(str(f) for f in written.files))


def _recorded(report) -> str:
    if not report.recorded:
        return ""
    return " (as recorded when the store was last validated; --reload to check again)"


#: The report's terminal summary lists this many committees at most (all are in report.md).
SUMMARY_GAPS = 30


def _print_summary(data: dict) -> None:
    from kg.analysis.gaps import SECTOR_LABELS, widest_gaps

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
            row["label"],
            row["status"],
            str(row["partners"]),
            ", ".join(SECTOR_LABELS[m] for m in row["missing_sectors"]) or "—",
        )
    out.print(table)
    brokers_table = Table("actor", "sector", "sectors spanned", "partners", title="Top brokers")
    for row in data["brokers"][:5]:
        brokers_table.add_row(
            row["label"], row["sector"], str(row["sectors_spanned"]), str(row["partners"])
        )
    out.print(brokers_table)


@app.command(epilog="Example: [bold]kg synth --actors 33000 --seed 1 -o big.ttl[/]")
def synth(
    output: Annotated[Path, typer.Option("--output", "-o", help="Turtle file to write.")],
    actors: Annotated[int, typer.Option("--actors", "-n", min=10, help="About how many.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same file.")] = 0,
) -> None:
    """Write a synthetic graph with the structure of the real one (for benchmarks)."""
    from kg.synth import write_synthetic

    try:
        summary = write_synthetic(output, actors, seed)
    except OSError as error:
        _fail(cannot_write(output, error))
    out.print(
        f"wrote {summary.actors} actors ({summary.committees} committees), "
        f"{summary.collaborations} collaborations and {summary.memberships} memberships "
        f"to {output}; check it with: kg validate --no-bundled --data {output}"
    )


class MapView(StrEnum):
    """What ``kg map`` draws: the actor network, or actors and collaborations."""

    actors = "actors"
    bipartite = "bipartite"


@app.command("map", epilog="Example: [bold]kg map -o map.html --size-by betweenness[/]")
def map_(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="HTML file to write (works offline).")
    ] = Path("map.html"),
    view: Annotated[
        MapView,
        typer.Option("--view", help="actors: the actor network; bipartite: with collaborations."),
    ] = MapView.actors,
    size_by: Annotated[
        Measure, typer.Option("--size-by", "-m", help="Size actors by this measure.")
    ] = Measure.degree,
    focus: Annotated[
        str | None,
        typer.Option("--focus", help="Only this actor's network (a name or a unique prefix)."),
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", min=1, help="Partner steps around --focus to show.")
    ] = 1,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", min=1, help="Show at most this many (the largest).")
    ] = 2000,
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Write an interactive map of the network: one self-contained HTML page, no internet."""
    from kg.map import write_map

    analysis = _analysis(data, bundled, store, endpoint, reload)
    try:
        page = write_map(
            analysis,
            output,
            view=view.value,
            size_by=size_by.value,
            focus=focus,
            depth=depth,
            max_nodes=max_nodes,
        )
    except KgError as error:
        _fail(error)
    out.print(f"wrote {len(page.nodes)} nodes and {len(page.edges)} links to {output}")
    if page.message:
        out.print(page.message, markup=False)


# ---- SPARQL (issue 6): kg query, kg queries, kg serve


class QueryFormat(StrEnum):
    """Formats for ``kg query``: solutions (table … xml) or graphs (turtle, nt, jsonld)."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"


@app.command(epilog="Example: [bold]kg query committees-lacking-sector --param sector=business[/]")
def query(
    name: Annotated[
        str, typer.Argument(help="A library query (see kg queries), an .rq file, or - (stdin).")
    ],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for a declared parameter (repeatable)."),
    ] = None,
    fmt: Annotated[
        QueryFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, csv, tsv, json (SPARQL JSON), xml; graphs: turtle, nt, jsonld.",
        ),
    ] = QueryFormat.table,
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Run a SPARQL query on the graph; parameters are bound, never pasted into the text."""
    import sys

    from rich.text import Text

    from kg import queries as library
    from kg import results

    try:
        source = library.from_text(sys.stdin.read()) if name == "-" else library.find(name)
        prepared = library.prepare(source, library.parse_assignments(param or []))
        graph = _load(data, bundled, store, endpoint, reload, remote=True)
        result = library.run(graph, prepared)
        chosen = results.choose_format(fmt.value, results.kind_of(result))
        rendered = results.render(result, chosen) if chosen else None
    except KgError as error:
        _fail(error)
    if rendered is not None:
        typer.echo(rendered.text, nl=False)
        return
    columns, rows = results.table(result)
    grid = Table(title=Text(source.summary) if source.summary else None)
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*(Text(cell) for cell in row))
    out.print(grid)
    err.print(f"{len(rows)} row(s)")


@app.command("queries", epilog="Example: [bold]kg queries --format json[/]")
def list_queries(fmt: FormatOption = TableOrJson.table) -> None:
    """List the query library: name, title and parameters (with defaults)."""
    from dataclasses import asdict

    from rich.text import Text

    from kg.queries import library

    try:
        items = library()
    except KgError as error:
        _fail(error)
    if fmt is TableOrJson.json:
        keys = ("name", "summary", "description", "tags", "params", "example")
        rows = [{k: v for k, v in asdict(q).items() if k in keys} for q in items]
        _print_json(rows, default=str)
        return
    grid = Table(title="Query library (kg query NAME)")
    grid.add_column("name", no_wrap=True)
    grid.add_column("title")
    grid.add_column("parameters", overflow="fold")
    for q in items:
        params = ", ".join(f"{p.name}={p.default}" for p in q.params)
        grid.add_row(Text(q.name), Text(q.summary), Text(params or "—"))
    out.print(grid)


@app.command(epilog="Example: [bold]kg serve --port 8000 --timeout 10[/]")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every one).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free one).")] = 8000,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run (then 503).")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Rows per result, then cut.")] = (
        10_000
    ),
    workers: Annotated[int, typer.Option(help="Query worker processes.")] = 2,
    data: DataOption = None,
    bundled: BundledOption = True,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    reload: ReloadOption = False,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /."""
    from kg.server import serve as run_server

    graph = _load(data, bundled, store, endpoint, reload)
    err.print(f"starting {workers} query worker(s) for {len(graph)} triples …")
    try:
        run_server(
            graph,
            host,
            port,
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            ready=lambda url: out.print(f"SPARQL endpoint: {url}sparql · query page: {url}"),
        )
    except KgError as error:
        _fail(error)


if __name__ == "__main__":  # pragma: no cover
    app()
