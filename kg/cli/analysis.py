"""Commands that analyse the network: gaps, centrality, brokers, communities, suggest."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.base import app, err, out, print_json, render_rows, safe, show
from kg.cli.options import (
    LangOption,
    Language,
    Measure,
    ResultFormat,
    ResultFormatOption,
    SectorOption,
    TopOption,
    sector_option,
    with_source,
)
from kg.io.source import Source

if TYPE_CHECKING:  # pragma: no cover
    from kg.model.facts import Facts


@functools.cache
def _actor_types() -> dict[str, set[str]]:
    """The ontology's actor classes, each with the words that name it: its name, its Swedish
    and English labels and other names (``skos:altLabel``), and the names the tables and the
    map show (folded: case, accents, spaces and ``_``/``-`` aside)."""
    from kg.model import vocab as v
    from kg.model.ontology import ontology
    from kg.web.style import type_name

    store = ontology()
    query = f"""SELECT ?class ?label WHERE {{
        ?class <{v.SUBCLASS_OF}>+ <{v.ACTOR}> .
        OPTIONAL {{ ?class <{v.RDFS_LABEL}>|<{v.SKOS}altLabel> ?label }} }}"""
    found: dict[str, set[str]] = {}
    for kind, label in store.query(query):
        name = v.local_name(kind.value)
        shown = (type_name(name, "en"), type_name(name, "sv"))
        words = found.setdefault(name, {_folded(w) for w in (name, *shown)})
        if label is not None:
            words.add(_folded(label.value))
    return found


def _folded(word: str) -> str:
    from kg.model.names import fold

    return "".join(fold(word).replace("_", " ").replace("-", " ").split())


def actor_type(value: str | None) -> str | None:
    """The actor class a word names (``committee``, ``PublicAgency``, ``myndighet`` …); any
    other word is a usage error that lists the accepted ones."""
    if value is None:
        return None
    wanted = _folded(value)
    for name, words in sorted(_actor_types().items()):
        if wanted in words:
            return name
    from kg.web.style import type_name

    accepted = ", ".join(sorted(type_name(name) for name in _actor_types()))
    swedish = ", ".join(sorted(type_name(name, "sv") for name in _actor_types()))
    reason, hint = (
        f"'{value}' is not an actor type",
        f"give one of: {accepted} (or the Swedish: {swedish})",
    )
    raise typer.BadParameter(f"{reason}; {hint}")


def complete_actor_type(incomplete: str) -> list[str]:
    """Shell completion of ``--type``: the actor types' names in English and Swedish, as
    single words (committee, publicagency, nämnd …)."""
    from kg.web.style import type_name

    names = {name.lower() for name in _actor_types()}
    names |= {type_name(name, "sv") for name in _actor_types()} - {""}
    typed = incomplete.lower()
    return sorted(n for n in names if n.startswith(typed) and " " not in n)


def _note_folded_type(facts: Facts, kind: str, lang: str) -> None:
    """A note where actors of type ``kind`` are part of an organisation: the network's nodes
    are organisations, so they are counted with theirs, under its type (kg 0.2.0 ranked
    administrations and units on their own)."""
    from kg.cli.consoles import note
    from kg.errors import word
    from kg.web.style import type_name

    owners = {
        facts.actors[actor["organisation"]]["type"]
        for iri, actor in facts.actors.items()
        if actor["type"] == kind and actor["organisation"] != iri
    }
    if owners:
        names = sorted(type_name(o, lang) for o in owners)
        *first, last = (f"'{n}'" if " " in n else n for n in names)
        named = f"{', '.join(first)} {word('or', lang)} {last}" if first else last
        note(
            f"each {type_name(kind, lang)} that is part of an organisation is counted with it, as "
            f"the network's nodes are organisations: give --type {named} for those",
            lang,
        )


@app.command(
    epilog="Example: [bold]kg centrality --measure betweenness --type committee[/] · "
    "[bold]kg centrality --lang sv[/]"
)
@with_source
def centrality(
    source: Source,
    measure: Annotated[Measure, typer.Option("--measure", "-m", help="Rank by.")] = Measure.degree,
    actor_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            "-t",
            help="An actor type: committee, association, company, university, publicagency, "
            "municipality, council … (Swedish names work too: nämnd, förening, fullmäktige …).",
            callback=actor_type,
            autocompletion=complete_actor_type,
        ),
    ] = None,
    sector: SectorOption = None,
    top: TopOption = 20,
    fmt: ResultFormatOption = ResultFormat.table,
    lang: LangOption = Language.en,
) -> None:
    """Rank organisations by degree, weighted degree, betweenness, eigenvector or closeness."""
    from kg.analysis.centrality import select
    from kg.analysis.pipeline import centrality_of
    from kg.cli.tables import centrality_table, show_found
    from kg.model.projection import actor_graph
    from kg.report.frames import columns

    facts = source.facts()  # the centralities alone: not the other analyses, which it ignores
    result = centrality_of(facts, actor_graph(facts))
    rows = select(
        result.rows, measure=measure.value, actor_type=actor_type, sector=sector, top=top or None
    )
    if actor_type is not None:
        _note_folded_type(facts, actor_type, lang.value)
    if fmt is ResultFormat.table:
        show_found(
            centrality_table(facts, rows, result, measure.value, lang.value), rows, lang.value
        )
        return
    extra = {"betweenness": result.to_dict()["betweenness"]}
    render_rows(rows, columns("centrality"), fmt.value, extra, lang.value)


@app.command(epilog="Example: [bold]kg brokers --top 10[/] · [bold]kg brokers --lang sv[/]")
@with_source
def brokers(
    source: Source,
    top: TopOption = 20,
    fmt: ResultFormatOption = ResultFormat.table,
    lang: LangOption = Language.en,
) -> None:
    """Brokers between partner groups: organisations that link partners from different groups
    who do not work with each other.

    Ranked by the groups among their partners, then their open cross-group pairs (pairs of
    partners from different groups that are not partners), then effective size; those with
    no open pair broker nothing and come last. The report's brokers table is the top of this
    list. The library query cross-sector-brokers counts only the groups among partners."""
    from kg.analysis.pipeline import broker_rows
    from kg.cli.tables import brokers_table, show_found
    from kg.model.projection import actor_graph
    from kg.report.frames import columns

    facts = source.facts()  # the brokerage alone: not the other analyses, which it ignores
    found, _ = broker_rows(facts, actor_graph(facts))
    rows = found[:top] if top else found
    if fmt is ResultFormat.table:
        show_found(brokers_table(facts, rows, lang.value), rows, lang.value)
        return
    render_rows(rows, columns("brokers"), fmt.value, lang=lang.value)


@app.command(
    epilog="Example: [bold]kg communities --format json[/] · [bold]kg communities --lang sv[/]"
)
@with_source
def communities(
    source: Source, fmt: ResultFormatOption = ResultFormat.table, lang: LangOption = Language.en
) -> None:
    """Communities of organisations (seeded Louvain) with their mix of partner groups."""
    from kg.analysis.pipeline import analyse
    from kg.cli.tables import communities_table, show_found
    from kg.report.frames import columns, member_rows

    analysis = analyse(source.facts())
    backend = analysis.backends["communities"]
    if fmt is ResultFormat.table:
        show_found(communities_table(analysis, lang.value), analysis.communities, lang.value)
        return
    if fmt.value in ("csv", "csv-excel"):  # a member per row, as kg.frames() has it
        rows = member_rows(analysis.communities)
        render_rows(rows, columns("communities"), fmt.value, lang=lang.value)
        return
    extra = {"backend": backend, "modularity": analysis.modularity}
    render_rows(analysis.communities, [], fmt.value, extra)


@app.command(
    epilog="Example: [bold]kg gaps --sector academia --format csv[/] · [bold]kg gaps --lang sv[/]"
)
@with_source
def gaps(
    source: Source,
    sector: sector_option("Only the committees lacking partners in this group. ") = None,
    fmt: ResultFormatOption = ResultFormat.table,
    lang: LangOption = Language.en,
) -> None:
    """Committees lacking partners: at all, or per sector, with the evidence for what they have."""
    from kg.analysis.gaps import ABSENT, committee_gaps, flat_gaps, gap_columns, widest_gaps
    from kg.cli.report import gaps_table
    from kg.cli.tables import none_found
    from kg.report.i18n import catalog
    from kg.report.sections import one_collaboration_reach

    rows = widest_gaps(committee_gaps(source.facts(), sector=sector))
    if fmt is ResultFormat.json:
        print_json(rows)
        return
    if fmt in (ResultFormat.csv, ResultFormat.csv_excel):
        render_rows(flat_gaps(rows), gap_columns(), fmt.value, lang=lang.value)
        return
    cat = catalog(lang.value)
    title = cat("heading.gaps_in", group=cat.group(sector)) if sector else cat("heading.gaps")
    caption = None
    if source.year is not None:  # a year's view: say so, and what "absent" means in it
        title = cat("terminal.in_year", title=title, year=source.year)
        if any(r["status"] == ABSENT for r in rows):
            caption = cat("terminal.absent_in_year", year=source.year)
    if not rows:
        out.print(none_found(safe(title), lang.value), markup=False)
        return
    show(gaps_table(rows, lang.value, title=title, caption=caption, groups=True))
    said = [cat("gaps.through")]  # what the (n) after a count is, wrapped to the terminal
    reach = one_collaboration_reach(cat, rows)
    if reach:  # the groups one collaboration alone gives a committee, as the report lists them
        said += ["", cat("gaps.one_collaboration"), *(f"- {item}" for item in reach)]
    for line in said:
        out.print(safe(line), markup=False, soft_wrap=False)


@app.command(
    epilog="Example: [bold]kg suggest förskolenämnden --top 5[/] · "
    "[bold]kg suggest förskolenämnden --lang sv[/]"
)
@with_source
def suggest(
    source: Source,
    committee: Annotated[str, typer.Argument(help="A committee's name or a unique prefix.")],
    sector: sector_option(
        "Suggest from this group (repeatable); default: the groups the committee lacks. ",
        list[str] | None,
    ) = None,
    top: Annotated[
        int, typer.Option("--top", "-n", min=0, help="Candidates per group (0: all).")
    ] = 3,
    fmt: ResultFormatOption = ResultFormat.table,
    lang: LangOption = Language.en,
) -> None:
    """Suggest partners for a committee in each group it lacks, with each score's parts."""
    from kg.analysis.committee import find_committee
    from kg.analysis.suggest import suggest as rank
    from kg.analysis.suggestion_rows import COLUMNS, suggestion_rows
    from kg.cli.tables import suggestions_table
    from kg.model.projection import actor_graph
    from kg.report.i18n import catalog

    facts = source.facts()
    iri = find_committee(facts, committee)
    # the partner network alone: no centrality, communities or brokerage, which it ignores
    result = rank(facts, actor_graph(facts), iri, top=top, sectors=sector)
    if fmt is ResultFormat.json:  # as report.json gives it: each note as a key and its values
        from kg.report.build import neutral

        print_json(neutral(result))
        return
    cat = catalog(lang.value)
    name = cat.name(result["label"], facts.actors[iri]["label_en"])
    if not result["sectors"] and not result["note"]:  # a note says why there are none
        err.print(safe(cat("suggestions.lacks_none", name=name)), markup=False)
    if result["note"]:
        said = cat(f"suggestions.{result['note_key']}", **result.get("note_values", {}))
        note = f"{name}: {said}" if fmt is ResultFormat.table else result["note"]
        err.print(safe(note), markup=False)
    if fmt is ResultFormat.table:
        if result["groups"]:
            show(suggestions_table(facts, result, lang.value, out.width))
        return  # else the note above says why there is nothing to show
    about = {"committee": iri, **{k: result[k] for k in ("label", "label_en", "sectors")}}
    render_rows(suggestion_rows(result), COLUMNS, fmt.value, about, lang.value)
