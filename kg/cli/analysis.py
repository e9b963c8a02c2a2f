"""Commands that analyse the network: gaps, centrality, brokers, communities, suggest."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.base import app, err, print_json, render_rows, safe
from kg.cli.options import (
    SECTOR_HELP,
    Measure,
    ResultFormat,
    ResultFormatOption,
    SectorOption,
    TopOption,
    group_word,
    with_source,
)
from kg.io.source import Source


def _analysis(source: Source):
    from kg.analysis.pipeline import analyse

    return analyse(source.facts())


@app.command(epilog="Example: [bold]kg centrality --measure betweenness --type committee[/]")
@with_source
def centrality(
    source: Source,
    measure: Annotated[Measure, typer.Option("--measure", "-m", help="Rank by.")] = Measure.degree,
    actor_type: Annotated[
        str | None,
        typer.Option(
            "--type", "-t", help="committee, association, company, university, publicagency …"
        ),
    ] = None,
    sector: SectorOption = None,
    top: TopOption = 20,
    fmt: ResultFormatOption = ResultFormat.table,
) -> None:
    """Rank organisations by degree, weighted degree, betweenness, eigenvector or closeness."""
    from kg.analysis.centrality import MEASURES, select

    result = _analysis(source).centrality
    rows = select(
        result.rows, measure=measure.value, actor_type=actor_type, sector=sector, top=top or None
    )
    method = result.betweenness_method + (
        f", sample {result.betweenness_sample}" if result.betweenness_sample else ""
    )
    method += f", {result.backend}"
    render_rows(
        rows,
        ["label", "type", "sector", *MEASURES],
        fmt.value,
        f"Organisations by {measure.value} (betweenness: {method})",
        {"betweenness": result.to_dict()["betweenness"]},
    )


@app.command(epilog="Example: [bold]kg brokers --top 10[/]")
@with_source
def brokers(
    source: Source, top: TopOption = 20, fmt: ResultFormatOption = ResultFormat.table
) -> None:
    """Brokers between sectors: sectors spanned, open pairs, effective size, constraint."""
    rows = _analysis(source).brokers
    render_rows(
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
        fmt.value,
        "Brokers between sectors",
    )


@app.command(epilog="Example: [bold]kg communities --format json[/]")
@with_source
def communities(source: Source, fmt: ResultFormatOption = ResultFormat.table) -> None:
    """Communities of organisations (seeded Louvain) with their sector mix."""
    analysis = _analysis(source)
    backend = analysis.backends["communities"]
    render_rows(
        analysis.communities,
        ["community", "size", "sectors", "members"],
        fmt.value,
        f"Communities (Louvain, {backend})",
        {"backend": backend},
    )


@app.command(epilog="Example: [bold]kg gaps --sector academia --format csv[/]")
@with_source
def gaps(
    source: Source,
    sector: Annotated[
        str | None,
        typer.Option(
            "--sector",
            "-s",
            help="Only the committees lacking partners in this group. " + SECTOR_HELP,
            callback=group_word,
            show_default=False,
        ),
    ] = None,
    fmt: ResultFormatOption = ResultFormat.table,
) -> None:
    """Committees lacking partners: at all, or per sector, with the evidence for what they have."""
    from kg.analysis.gaps import committee_gaps
    from kg.model.sectors import vocabulary

    rows = committee_gaps(source.facts(), sector=sector)
    if fmt is ResultFormat.json:
        print_json(rows)
        return
    words = vocabulary()
    shown = [
        {
            **row,
            "status": words.status(row["status"]).label("en"),
            "lacks": [words.group(g).label("en") for g in row["missing_sectors"]],
        }
        for row in rows
    ]
    title = "Committees and the partner groups they lack"
    if sector:
        title += f" (lacking {words.group(sector).label('en')})"
    render_rows(
        shown,
        ["label", "status", "partners", "by_sector", "lacks", "unnamed_sectors"]
        + (["committee"] if fmt is ResultFormat.csv else []),
        fmt.value,
        title,
    )


@app.command(epilog="Example: [bold]kg suggest förskolenämnden --top 5[/]")
@with_source
def suggest(
    source: Source,
    committee: Annotated[str, typer.Argument(help="A committee's name or a unique prefix.")],
    sector: Annotated[
        list[str] | None,
        typer.Option(
            "--sector",
            "-s",
            help="Suggest from this group (repeatable); default: the groups the committee "
            "lacks. " + SECTOR_HELP,
            callback=group_word,
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", help="Candidates per group.")] = 3,
    fmt: ResultFormatOption = ResultFormat.table,
) -> None:
    """Suggest partners for a committee in each group it lacks, with each score's parts."""
    from kg.analysis.suggest import find_committee
    from kg.analysis.suggest import suggest as rank
    from kg.model.sectors import vocabulary

    analysis = _analysis(source)
    iri = find_committee(analysis.facts, committee)
    result = rank(analysis.facts, analysis.network, iri, top=top or 10_000, sectors=sector)
    if fmt is ResultFormat.json:
        print_json(result)
        return
    if not result["sectors"]:
        err.print(
            safe(f"{result['label']} lacks no partner group; give --sector to ask anyway"),
            markup=False,
        )
    if result["note"]:
        err.print(safe(result["note"]), markup=False)
    words = vocabulary()
    rows = [
        {
            **candidate,
            "group": words.group(group["sector"]).label("en"),
            "score parts": [f"{p['points']:g} {p['kind']}" for p in candidate.get("parts", [])],
        }
        for group in result["groups"]
        for candidate in group["candidates"] or [{"label": "—", "reasons": [group["note"]]}]
    ]
    render_rows(
        rows,
        ["group", "label", "type", "score", "score parts", "reasons"],
        fmt.value,
        f"Partner suggestions for {result['label']}",
        {"committee": iri, "label": result["label"], "sectors": result["sectors"]},
    )
