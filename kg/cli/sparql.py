"""SPARQL commands: query, queries, serve."""

from __future__ import annotations

import sys
from dataclasses import asdict, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.base import (
    Table,
    app,
    cell,
    err,
    note,
    print_json,
    show,
    write_bytes,
)
from kg.cli.options import (
    EXCEL_HELP,
    Format,
    FormatOption,
    Language,
    lang_option,
    with_source,
)
from kg.io.source import Source

if TYPE_CHECKING:  # pragma: no cover
    from kg.sparql.library import LibraryQuery


class QueryFormat(StrEnum):
    """Formats for ``kg query``: solutions (table … xml) or graphs (turtle … rdfxml)."""

    table = "table"
    csv = "csv"
    csv_excel = "csv-excel"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    turtle = "turtle"
    ttl = "ttl"  # Turtle, as kg export names it
    nt = "nt"
    jsonld = "jsonld"
    rdfxml = "rdfxml"


def _complete_name(incomplete: str) -> list[str]:
    """The library's query names that start with what was typed (shell completion)."""
    from kg.sparql.library import library

    return [q.name for q in library() if q.name.startswith(incomplete)]


def _complete_param(context: typer.Context, incomplete: str) -> list[str]:
    """``NAME=`` for each parameter of the query named before (shell completion)."""
    from kg.sparql.library import library

    # while completing, click may leave the argument unparsed, in context.args
    name = context.params.get("name") or next(iter(context.args), None)
    chosen = next((q for q in library() if q.name == name), None)
    names = [f"{p.name}=" for p in chosen.params] if chosen else []
    return [n for n in names if n.startswith(incomplete)]


@app.command(epilog="Example: [bold]kg query committees-lacking-sector --param sector=business[/]")
@with_source
def query(
    source: Source,
    name: Annotated[
        str,
        typer.Argument(
            help="A library query (see kg queries), an .rq file, or - (stdin).",
            metavar="NAME",
            autocompletion=_complete_name,
        ),
    ] = "",
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="NAME=VALUE for a declared parameter (repeatable).",
            autocompletion=_complete_param,
        ),
    ] = None,
    fmt: Annotated[
        QueryFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, csv, tsv, json (SPARQL JSON), xml; graphs: turtle (or ttl), nt, jsonld, "
            "rdfxml. " + EXCEL_HELP,
        ),
    ] = QueryFormat.table,
    lang: lang_option("The table's title and count, and the errors.") = Language.en,
    listing: Annotated[bool, typer.Option("--list", hidden=True)] = False,
) -> None:
    """Run a SPARQL query on the graph; parameters are bound, never pasted into the text."""
    if listing:  # what people try first: the library, as kg queries lists it
        _print_library(Format.json if fmt is QueryFormat.json else Format.table, lang.value)
        return
    if not name:
        raise typer.BadParameter(
            "give a query: a library query's name (kg queries lists the library), an .rq file, "
            "or - for stdin",
            param_hint="'NAME'",
        )

    from kg.model.lookup import search_for_commands
    from kg.sparql.absent import absent_notes
    from kg.sparql.engine import prepare, run
    from kg.sparql.extensions import extension_note
    from kg.sparql.library import find, from_text
    from kg.sparql.params import parse_assignments
    from kg.sparql.results import choose_format, serialize, table

    given = sys.stdin.read() if name == "-" and sys.stdin is not None else ""  # None: <&-
    chosen = from_text(given, name="stdin") if name == "-" else find(name)
    lookup = {"names": source.names, "target": source, "search": search_for_commands}
    prepared = prepare(chosen, parse_assignments(param or []), lang=lang.value, **lookup)
    excel = fmt is QueryFormat.csv_excel and prepared.kind == "solutions"
    also = ("table", "csv-excel") if prepared.kind == "solutions" else ("table",)
    fmt_name = choose_format("csv" if excel else fmt.value, prepared.kind, also)  # before it runs
    _note_unknown_terms(prepared.text, lang.value)
    answer = run(source, prepared)
    # a note for each IRI parameter naming nothing in the graph (or a bare name another city's
    # data has too), and for a class or group of the graph's own the answer may leave out
    for said in filter(None, (*absent_notes(source, prepared), extension_note(source))):
        note(said, lang.value)
    if excel:  # SELECT results as CSV, then as Excel opens it in the --lang's locale
        from kg.report.tabular import for_excel

        write_bytes(for_excel(serialize(answer, "csv").body.decode(), lang.value))
        return
    if fmt_name is not None:
        write_bytes(serialize(answer, fmt_name).body)
        return
    columns, rows = table(answer)
    summary = chosen.said(lang.value)[0]
    grid = Table(*columns, title=cell(summary) if summary else None)
    for row in rows:
        grid.add_row(*(cell(value) for value in row))
    show(grid)
    from kg.report.i18n import catalog

    err.print(catalog(lang.value).plural("count.rows", len(rows)))


def _note_unknown_terms(text: str, lang: str) -> None:
    """A note for each ``kg:`` term the query names that the ontology does not define: such a
    pattern matches nothing, and the answer is empty without an error."""
    from kg.model.names import display
    from kg.sparql.lexer import tokens
    from kg.validation.terms import nearest, undefined_in_query

    for term in undefined_in_query(tokens(text)):
        named, suggested = display(term), nearest(term)
        note(
            f"{named} is not a term of kg's ontology (did you mean {suggested}?); what uses it "
            "matches nothing"
            if suggested
            else f"{named} is not a term of kg's ontology (see ontology/kg.ttl); what uses it "
            "matches nothing",
            lang,
        )


@app.command("queries", epilog="Example: [bold]kg queries --format json[/]")
def list_queries(
    name: Annotated[
        str,
        typer.Argument(
            help="One query (a library name or an .rq file): what it asks, its parameters with "
            "their types, defaults and descriptions, an example and its file.",
            metavar="[NAME]",
            autocompletion=_complete_name,
            show_default=False,
        ),
    ] = "",
    fmt: FormatOption = Format.table,
    lang: Annotated[
        Language,
        typer.Option(
            "--lang",
            help="The table's headings and the queries' titles: en (English) or sv (Swedish). "
            "JSON gives both.",
            case_sensitive=False,
        ),
    ] = Language.en,
) -> None:
    """List the query library: name, title and parameters (with defaults)."""
    if name:
        _print_query(name, fmt, lang.value)
        return
    _print_library(fmt, lang.value)


def _print_query(name: str, fmt: Format, lang: str) -> None:
    """One query's header, as its lines declare it (the whole entry in JSON)."""
    from rich.text import Text

    from kg.report.i18n import catalog
    from kg.sparql.library import find

    query = find(name)
    if fmt is Format.json:
        print_json({**_entry(query), "file": str(query.path) if query.path else None}, default=str)
        return
    cat = catalog(lang)
    summary, description = query.said(lang)
    default = cat("queries.default")  # "standard" in Swedish
    params = "\n".join(
        f"{p.name} ({p.takes}{'' if p.required else f', {default}: {p.default}'}) — {p.said(lang)}"
        for p in query.params
    )
    grid = Table(title=Text(summary), show_header=False)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in (
        ("name", query.name),
        ("description", description),
        ("parameters", params or "—"),
        ("example", query.example),
        ("file", str(query.path or "")),
    ):
        if value:
            grid.add_row(Text(cat(f"queries.{key}")), Text(value))
    show(grid)


def _entry(query: LibraryQuery) -> dict:
    """A library query's header as ``kg queries -f json`` gives it, for the list and for one."""
    keys = ("name", "summary", "description", "summary_sv", "description_sv", "tags")
    return {k: v for k, v in asdict(query).items() if k in (*keys, "params", "example")}


def _print_library(fmt: Format, lang: str) -> None:
    from rich.text import Text

    from kg.report.i18n import catalog
    from kg.sparql.library import library

    items = library()
    if fmt is Format.json:
        print_json([_entry(q) for q in items], default=str)
        return
    cat = catalog(lang)
    grid = Table(title=cat("queries.title"))
    grid.add_column(cat("queries.name"), no_wrap=True)
    grid.add_column(cat("queries.summary"))
    grid.add_column(cat("queries.parameters"), overflow="fold")
    for q in items:
        # one parameter a line, so that a query of several leaves the titles their width
        params = "\n".join(f"{p.name}={p.default}" for p in q.params)
        grid.add_row(Text(q.name), Text(q.said(lang)[0]), Text(params or "—"))
    show(grid)


_MEMORY = "MiB a query may use in a worker beyond the graph (then 503). Default: 2048, or less where the machine has less free."  # noqa: E501


@app.command(epilog="Example: [bold]kg serve --port 8000 --timeout 10[/]")
@with_source
def serve(
    source: Source,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every one).")] = (
        "127.0.0.1"
    ),
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free one).")
    ] = 8000,
    timeout: Annotated[
        float, typer.Option(help="Seconds a query may run once a worker has it (then 503).")
    ] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Rows per result, then cut.")] = 10_000,
    workers: Annotated[
        int, typer.Option(help="Query worker processes (one more answers quick queries).")
    ] = 2,
    queue: Annotated[
        int, typer.Option(help="Queries that may wait for a worker; one more gets 503 at once.")
    ] = 16,
    queue_timeout: Annotated[
        float,
        typer.Option(help="Seconds a query may wait for a worker (then 503)."),
    ] = 10.0,
    memory: Annotated[int | None, typer.Option(help=_MEMORY, show_default=False)] = None,
    cors: Annotated[
        str | None,
        typer.Option(
            help="Let web pages from this origin (or *) read answers. Default: * for the "
            "bundled public data alone, otherwise none.",
            show_default=False,
        ),
    ] = None,
    lang: lang_option(
        "The pages' language, en or sv, where a browser asks for neither (?lang= in an "
        "address, or the browser's Accept-Language, chooses the other), and these messages'."
    ) = Language.en,
    public_url: Annotated[
        str | None,
        typer.Option(
            help="The address readers open behind a reverse proxy (https://host/prefix/): "
            "the service description names it, and requests for its host are answered.",
            show_default=False,
        ),
    ] = None,
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log",
            help="Write a line per request on stderr: time, client IP address (personal data "
            "under the GDPR), method, path, status, bytes, seconds.",
        ),
    ] = False,
    base: Annotated[
        str | None,
        typer.Option(
            help="The namespace of the IRIs served at /id/: /id/NAME answers for this IRI + "
            "NAME. Default: the data folder's (kg.toml base), else the bundled data's.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /,
    each resource at /id/NAME (a page, or RDF), the ontology at /ontology and the dataset's
    VoID at /.well-known/void."""
    from kg.cli.consoles import say_ready
    from kg.errors import translated, word
    from kg.io.provenance import source_attribution
    from kg.numbers import written
    from kg.web.app import is_loopback
    from kg.web.server import serve as run_server
    from kg.web.stops import Stops

    said = lang.value
    public = source.bundled and not source.data and source.endpoint is None
    if not is_loopback(host):
        warning = (
            f"listening on {host}: anyone who can reach this machine can query the graph and "
            "keep its workers busy; kg serve has no authentication"
            if public
            else f"listening on {host}: anyone who can reach this machine can query the graph, "
            "including your --data files, and keep its workers busy; kg serve has no authentication"
        )
        err.print(f"{word('warning', said)}: {translated(warning, said)}", markup=False)
    with Stops() as stops:  # SIGTERM, Ctrl-C and SIGHUP from here on, while the graph loads too
        source.settle()  # the workers open a store themselves: no in-memory copy kept meanwhile
        store = source.open()
        curated = source.triples()
        triples, derived = written(curated, lang=said), written(len(store) - curated, lang=said)
        starting = (
            f"starting 1 query worker and a quick one for {triples} triples (and {derived} of the "
            "derived view) …"
            if workers == 1
            else f"starting {workers} query workers and a quick one for {triples} triples (and "
            f"{derived} of the derived view) …"
        )
        err.print(translated(starting, said), markup=False)
        directory = source.store if source.year is None else None  # a year's view: a copy
        run_server(
            store,
            host,
            port,
            directory=directory,
            loader=None if directory else lambda: replace(source).open(),  # SIGHUP reads it again
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            queue=queue,
            queue_timeout=queue_timeout,
            memory=memory,
            cors=(cors if cors is not None else ("*" if public else None)) or None,
            lang=said,
            public_url=public_url,
            access_log=access_log,
            licensed=source_attribution(source) is not None,  # kg's data, mixed or not
            base=base or source.names,
            year=source.year,  # a year's view: its pages say so
            ready=lambda url: say_ready(url, public_url, said),
            stops=stops,
        )
