"""Commands that analyse the network: gaps, centrality, brokers, communities, suggest, map."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.base import app, err, out, print_json, render_rows, safe
from kg.cli.options import (
    Measure,
    ResultFormat,
    ResultFormatOption,
    Sector,
    TopOption,
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
    sector: Annotated[Sector | None, typer.Option("--sector", "-s", help="Actor sector.")] = None,
    top: TopOption = 20,
    fmt: ResultFormatOption = ResultFormat.table,
) -> None:
    """Rank actors by degree, weighted degree, betweenness, eigenvector or closeness."""
    from kg.analysis.centrality import MEASURES, select

    result = _analysis(source).centrality
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
    render_rows(
        rows,
        ["label", "type", "sector", *MEASURES],
        fmt.value,
        f"Actors by {measure.value} (betweenness: {method})",
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
    """Communities of actors (seeded Louvain) with their sector mix."""
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
        Sector | None,
        typer.Option(
            "--sector",
            "-s",
            help="Only committees lacking partners in this sector: civil, academia, "
            "business or public_agency.",
        ),
    ] = None,
    fmt: ResultFormatOption = ResultFormat.table,
) -> None:
    """Committees lacking partners: at all, or per sector, with the evidence for what they have."""
    from kg.analysis.gaps import committee_gaps

    rows = committee_gaps(source.facts(), sector=sector.value if sector else None)
    if fmt is ResultFormat.json:
        print_json(rows)
        return
    render_rows(
        rows,
        ["label", "status", "partners", "by_sector", "missing_sectors", "unnamed_sectors"]
        + (["committee"] if fmt is ResultFormat.csv else []),
        fmt.value,
        "Committees and the partner sectors they lack",
    )


@app.command(epilog="Example: [bold]kg suggest grundskolenämnden --top 5[/]")
@with_source
def suggest(
    source: Source,
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
    fmt: ResultFormatOption = ResultFormat.table,
) -> None:
    """Suggest partners for a committee from the sectors it lacks, each with its reasons."""
    from kg.analysis.suggest import find_committee
    from kg.analysis.suggest import suggest as rank

    analysis = _analysis(source)
    iri = find_committee(analysis.facts, committee)
    result = rank(
        analysis.facts,
        analysis.network,
        iri,
        top=top or 10_000,
        sectors=[s.value for s in sector] if sector else None,
    )
    if not result["sectors"]:
        err.print(
            safe(f"{result['label']} lacks no partner sector; give --sector to ask anyway"),
            markup=False,
        )
    render_rows(
        result["suggestions"],
        ["label", "type", "sector", "score", "reasons"],
        fmt.value,
        f"Partner suggestions for {result['label']} "
        f"({', '.join(result['sector_labels']) or 'no sector lacking'})",
        {"committee": iri, "label": result["label"], "sectors": result["sectors"]},
    )


class MapView(StrEnum):
    """What ``kg map`` draws: the actor network, or actors and collaborations."""

    actors = "actors"
    bipartite = "bipartite"


@app.command("map", epilog="Example: [bold]kg map -o map.html --size-by betweenness[/]")
@with_source
def map_(
    source: Source,
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
) -> None:
    """Write an interactive map of the network: one self-contained HTML page, no internet."""
    from kg.report.write import staged
    from kg.web.map import write_map

    analysis = _analysis(source)
    with staged(output.parent) as work:  # the old map stays if this one cannot be written
        page = write_map(
            analysis,
            work / output.name,
            view=view.value,
            size_by=size_by.value,
            focus=focus,
            depth=depth,
            max_nodes=max_nodes,
        )
    out.print(
        safe(f"wrote {len(page.nodes)} nodes and {len(page.edges)} links to {output}"),
        markup=False,
    )
    if page.message:
        out.print(safe(page.message), markup=False)
