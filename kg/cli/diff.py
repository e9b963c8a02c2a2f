"""``kg diff``: what a change to the data does to the graph and the findings, for a review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.base import Table, app, cell, out, show
from kg.cli.consoles import err, tell
from kg.cli.group import Language
from kg.cli.options import folder_lang, lang_option
from kg.cli.outputs import output_file
from kg.errors import EXIT_VIOLATIONS, DataLoadError, KgError

_SIDE = "A data file or folder ({side} version): Turtle or N-Triples, as --data reads them."
#: The hints of errors shared with other commands, worded for kg diff's arguments and options.
_HINTS = {
    "check the path given (--data on the command line)": "check the path given (OLD or NEW)",
    "check the path given (--data on the command line), and that the file is not empty": (
        "check the path given (OLD or NEW), and that the file is not empty"
    ),
    "check that the folder exists and is writable, or choose another with -o": (
        "check that the folder exists and is writable, or choose another with -m or -j"
    ),
    "choose another place with -o: a folder, new or existing, for kg report (-o report); a "
    "file in a folder for kg map and kg export": "choose another file with -m or -j",
    "remove or rename it, or choose another place with -o": (
        "remove or rename it, or choose another file with -m or -j"
    ),
    "the path is a folder: give the name of a file in it, or choose another place with -o": (
        "the path is a folder: give the name of a file in it, or choose another file with -m or -j"
    ),
}


@app.command(
    epilog="Example: [bold]kg diff old-data data -m diff.md -j diff.json[/] · "
    "[bold]kg diff old.ttl new.ttl --lang sv[/]"
)
def diff(
    context: typer.Context,
    old: Annotated[Path, typer.Argument(help=_SIDE.format(side="the old"), show_default=False)],
    new: Annotated[Path, typer.Argument(help=_SIDE.format(side="the new"), show_default=False)],
    markdown: Annotated[
        Path | None,
        typer.Option(
            "--markdown",
            "-m",
            help="Write the diff in Markdown (for a pull request's comment) to this file; "
            "- for stdout.",
            show_default=False,
        ),
    ] = None,
    json_file: Annotated[
        Path | None,
        typer.Option(
            "--json",
            "-j",
            help="Write the diff as JSON to this file; - for stdout.",
            show_default=False,
        ),
    ] = None,
    bundled: Annotated[
        bool,
        typer.Option(
            "--bundled/--no-bundled",
            help="Add the bundled Malmö data to both versions, for data kept beside it. "
            "Default: not added, as each version is the whole data (a copy of data/).",
            show_default=False,
        ),
    ] = False,
    lang: lang_option(
        "The language of the summary and the Markdown, en (English) or sv (Swedish). "
        "The JSON is the same in both."
    ) = Language.en,
) -> None:
    """What changed between two versions of the data, and what it does to the committees'
    partners and gaps.

    Actors, collaborations, parties, evidence, stated counts and documents added, removed or
    changed, each by its IRI; each committee whose row of kg gaps changed; and any other
    statement. Exit code 0 when nothing changed, 1 when something did (as diff)."""
    from kg.io.parse import require_data
    from kg.io.source import Source
    from kg.report.diff import diff_sources
    from kg.report.diff_document import diff_markdown
    from kg.report.i18n import catalog

    chosen = {"lang": lang}
    folder_lang(context, chosen, (new,))  # left out: the new version's folder's kg.toml
    lang = chosen["lang"]
    if str(markdown) == str(json_file) == "-":
        reason = "-m - and -j - would both write to standard output, one after the other"
        hint = "give a file to one of them"
        raise typer.BadParameter(f"{reason}; {hint}", param_hint="'--json'")
    for given in (old, new):
        try:
            require_data([given])
        except DataLoadError as error:  # named as an argument here, not as --data
            error.hint = _HINTS.get(error.hint, error.hint)
            raise
    if old.resolve() == new.resolve():
        reason = f"OLD and NEW are the same path ({old}): there is nothing to compare"
        hint = (
            "give the data of the two versions, for example a git revision's in a folder "
            "of its own (git worktree add)"
        )
        raise typer.BadParameter(f"{reason}; {hint}", param_hint="'NEW'")
    found = diff_sources(Source(old, bundled=bundled), Source(new, bundled=bundled))
    if markdown is not None:
        _write(markdown, diff_markdown(found, lang.value))
    if json_file is not None:
        _write(json_file, json.dumps(found, ensure_ascii=False, indent=2) + "\n")
    print_diff(found, lang.value, to_stderr="-" in (str(markdown), str(json_file)))
    for name, path in (("Markdown", markdown), ("JSON", json_file)):
        if path is not None and str(path) != "-":
            tell(catalog(lang.value)("terminal.wrote", files=f"{path} ({name})"), path)
    if found["changed"]:
        raise typer.Exit(EXIT_VIOLATIONS)


def _write(output: Path, text: str) -> None:
    """``text`` to the file ``output`` (``-``: stdout); an error naming -m and -j, not -o."""
    try:
        with output_file(output) as path:
            path.write_text(text, encoding="utf-8")
    except KgError as error:
        error.hint = _HINTS.get(error.hint, error.hint)
        raise


def print_diff(found: dict, lang: str = "en", *, to_stderr: bool = False) -> None:
    """The diff's summary on the terminal, in ``lang``: how many facts of each kind were
    added, removed and changed, and each committee whose partners or gaps changed."""
    from kg.report.diff import KINDS
    from kg.report.diff_document import committee_cells
    from kg.report.i18n import catalog

    cat = catalog(lang)
    console = err if to_stderr else out
    if not found["changed"]:
        console.print(cat("diff.none"), markup=False)
        return
    summary = Table(
        *(cat(f"diff.{k}") for k in ("kind", "added", "removed", "changed")),
        title=cat("diff.facts"),
    )
    for kind in KINDS:
        counts = found["summary"][kind]
        if any(counts.values()):
            summary.add_row(cat(f"diff.kinds.{kind}"), *(cat.number(n) for n in counts.values()))
    for column in summary.columns[1:]:
        column.justify = "right"
    statements = found["statements"]
    if statements["added"] or statements["removed"]:
        numbers = (len(statements["added"]), len(statements["removed"]), 0)
        summary.add_row(cat("diff.statements"), *(cat.number(n) for n in numbers))
    show(summary, to=console)
    if not found["committees"]:
        console.print(cat("diff.no_committee"), markup=False)
        return
    columns = ("committee", "status", "partners", "gaps_opened", "gaps_closed")
    table = Table(*(cat(f"diff.{c}") for c in columns), title=cat("diff.committees"))
    for row in found["committees"]:
        name, *rest = committee_cells(cat, row)
        table.add_row(cell(name), *rest)
    table.columns[2].justify = "right"
    show(table, to=console)
