"""``kg map``: the interactive, offline network map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.base import app
from kg.cli.consoles import tell
from kg.cli.options import VIEW_HELP, Language, Measure, NetworkView, lang_option, with_source
from kg.cli.outputs import output_file, wrote_network
from kg.io.source import Source


@app.command("map", epilog="Example: [bold]kg map -o map.html --size-by betweenness[/]")
@with_source
def map_(
    source: Source,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="HTML file to write (works offline); - for stdout."),
    ] = Path("map.html"),
    view: Annotated[NetworkView, typer.Option("--view", help=VIEW_HELP)] = NetworkView.actors,
    size_by: Annotated[
        Measure, typer.Option("--size-by", "-m", help="Size actors by this measure.")
    ] = Measure.degree,
    focus: Annotated[
        str | None,
        typer.Option("--focus", help="Only this actor's network (a name or a unique prefix)."),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option("--depth", min=1, help="Partner steps around --focus to show. [default: 1]"),
    ] = None,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", min=1, help="Show at most this many (the largest).")
    ] = 2000,
    lang: lang_option("The page's language: en (English) or sv (Swedish).") = Language.en,
) -> None:
    """Write an interactive map of the network: one self-contained HTML page, no internet."""
    from kg.analysis.pipeline import analyse
    from kg.analysis.preload import MAP, for_files, preload
    from kg.analysis.quiet import matplotlib_imported
    from kg.io.provenance import source_attribution
    from kg.model.lookup import search_for_commands
    from kg.report.i18n import catalog
    from kg.report.write import require_writable
    from kg.web.map import write_map

    if depth is not None and focus is None:  # not left unused without a word
        reason = "--depth applies with --focus only"
        hint = "give --focus NAME, or leave --depth out"
        raise typer.BadParameter(f"{reason}; {hint}", param_hint="'--depth'")
    if str(output) != "-":
        require_writable(output.parent, create=True, file=output.name)
    libraries = for_files(MAP, source.files())  # imported while the data loads
    # igraph imports matplotlib's pyplot: matplotlib first, without its warnings about its
    # folder on a machine whose home cannot be written (the thread's import would print them)
    preload(libraries, first=matplotlib_imported if "igraph" in libraries else None)
    analysis = analyse(source.facts())
    with output_file(output) as path:  # the old map stays if this one cannot be written
        page = write_map(
            analysis,
            path,
            view=view.value,
            size_by=size_by.value,
            focus=focus,
            depth=depth or 1,
            max_nodes=max_nodes,
            lang=lang.value,
            credit=source_attribution(source, lang.value),
            hint=search_for_commands,
        )
    cat = catalog(lang.value)
    kinds = (node.get("kind", "actor") for node in page.nodes)
    two_mode = view is NetworkView.bipartite  # counted as kg export counts the same network
    said = wrote_network(cat, kinds, len(page.edges), str(output), two_mode=two_mode)
    tell(said, output)  # on stderr where the page itself is on stdout
    if page.message:
        tell(page.message, output)
