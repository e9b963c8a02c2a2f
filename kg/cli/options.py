"""Options shared by many commands, declared once: the data source, formats, measures, sectors."""

from __future__ import annotations

import functools
import inspect
import os
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kg.cli.consoles import note, note_named_twice
from kg.cli.group import Language
from kg.cli.helptext import GROUPS
from kg.cli.memory import say_unkept
from kg.errors import KgError
from kg.io.datafolder import Settings, find_settings, read_settings, settings_for
from kg.io.source import Source

F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    """Output formats for reports."""

    table = "table"
    json = "json"


class ResultFormat(StrEnum):
    """Output formats for analysis results."""

    table = "table"
    json = "json"
    csv = "csv"
    csv_excel = "csv-excel"


class Measure(StrEnum):
    """Centrality measures."""

    degree = "degree"
    weighted_degree = "weighted_degree"
    betweenness = "betweenness"
    eigenvector = "eigenvector"
    closeness = "closeness"


SECTOR_HELP = (
    f"A partner group: {GROUPS}; public means both public groups. Swedish and English names "
    "work too (myndigheter, näringsliv …)."
)


def complete_group(incomplete: str) -> list[str]:
    """Shell completion of ``--sector``: the partner groups' short names, and public."""
    from kg.model.sectors import vocabulary

    names = (*vocabulary().names, vocabulary().public.name)
    return [n for n in names if n.startswith(incomplete.lower())]


def group_word(value: str | list[str] | None) -> str | list[str] | None:
    """The short name of the partner group a word names (a usage error for any other word)."""
    from kg.model.sectors import vocabulary

    if value is None:
        return None
    try:
        if isinstance(value, list):
            return [vocabulary().group(v).name for v in value]
        return vocabulary().group(value).name
    except KgError as error:
        raise typer.BadParameter(f"{error.message}; {error.hint}") from error


class NetworkView(StrEnum):
    """Which network ``kg map`` draws and ``kg export`` writes."""

    actors = "actors"
    bipartite = "bipartite"


#: The ``--view`` help, one wording for ``kg map`` and ``kg export``.
VIEW_HELP = "actors: the organisation network; bipartite: organisations and their collaborations."


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
#: What ``csv-excel`` is, one wording for every command that has it.
EXCEL_HELP = (
    "csv-excel: CSV for a spreadsheet's double-click, UTF-8 with a byte-order mark (so Excel "
    "shows å, ä, ö), and with --lang sv semicolons and decimal commas, as Excel and "
    "LibreOffice with Swedish settings read them."
)
ResultFormatOption = Annotated[
    ResultFormat, typer.Option("--format", "-f", help=f"Output format. {EXCEL_HELP}")
]
TopOption = Annotated[int, typer.Option("--top", "-n", min=0, help="Show the top N rows (0: all).")]


def lang_option(said: str) -> Any:
    """A command's ``--lang`` option, ``said`` saying what it sets; left out, it is the data
    folder's lang (kg.toml), else en (:func:`with_source` fills it in), as its help says."""
    help_text = f"{said} Default: the data folder's lang (kg.toml), else en."
    return Annotated[
        Language, typer.Option("--lang", help=help_text, show_default=False, case_sensitive=False)
    ]


LangOption = lang_option(
    "The table's language, en (English) or sv (Swedish): its headings and the names, types and "
    "groups in it, as the report words them. JSON and CSV are the same in both."
)


def _unshown(kind: Any, *names: str, **settings: Any) -> Any:
    """An option of type ``kind`` whose help shows no default (a data option's help says it)."""
    return Annotated[kind, typer.Option(*names, show_default=False, **settings)]


def sector_option(said: str = "", kind: Any = str | None) -> Any:
    """A command's ``--sector`` option, ``said`` (what it does there) before :data:`SECTOR_HELP`
    in its help; ``kind``: ``list[str] | None`` where it is repeatable."""
    return _unshown(
        kind,
        "--sector",
        "-s",
        help=said + SECTOR_HELP,
        callback=group_word,
        autocompletion=complete_group,
    )


SectorOption = sector_option()
SourcesOption = _unshown(
    list[Path] | None,
    "--sources",
    help="A folder with source texts the quotes are checked against (repeatable); "
    "searched before the one named in the kg.toml of the data's folder, and the bundled texts.",
    metavar="<dir>",
)

#: The data options :func:`with_source` gives a command: each one's type and default.
_SOURCE_OPTIONS: dict[str, tuple[Any, Any]] = {
    "data": (
        _unshown(
            list[Path] | None,
            "--data",
            "-d",
            help="Add an RDF file or folder (repeatable).",
            metavar="<path>",
        ),
        None,
    ),
    "bundled": (
        _unshown(
            bool,
            "--bundled/--no-bundled",
            help="Include the bundled Malmö data (the ontology is always loaded). Default: "
            "included, unless --data is in a city's data folder (a kg.toml naming a city).",
        ),
        True,
    ),
    "store": (
        _unshown(
            Path | None,
            "--store",
            help="Keep the graph in an on-disk Oxigraph store in this folder: loaded on "
            "first use, reopened without parsing after.",
        ),
        None,
    ),
    "endpoint": (
        _unshown(
            str | None,
            "--endpoint",
            help="Read the graph from this SPARQL 1.1 endpoint (read-only) instead of files.",
        ),
        None,
    ),
    "reload": (
        _unshown(
            bool,
            "--reload",
            help="Rebuild the --store from the files; with --endpoint, read and check the "
            "graph again.",
        ),
        False,
    ),
    "sources": (SourcesOption, None),
    "year": (
        _unshown(
            int | None,
            "--year",
            help="Only what the sources report for this year: the collaborations, parties "
            "and counts reported in it (actors stay), with partners and gaps worked out "
            "from them by the same rules. A year no source reports is an error that names "
            "the years there are.",
            metavar="<year>",
        ),
        None,
    ),
}


#: The name under which :func:`with_source` has typer pass the command's context.
_CONTEXT = "_kg_context"


def _left_out(context: typer.Context, *names: str) -> bool:
    """Whether none of the options ``names`` was given on the command line."""
    return all(getattr(context.get_parameter_source(n), "name", None) == "DEFAULT" for n in names)


#: Commands that may run on kg's ontology alone (``--no-bundled`` and no ``--data``): a query
#: of the vocabulary. Every other command needs data to work on.
_ONTOLOGY_ALONE = {"query"}


def folder_lang(context: typer.Context, kwargs: dict, data: tuple) -> None:
    """Make the data folder's language (``lang`` in its kg.toml) the command's ``--lang``,
    where that is left out, and the language of its errors; say what waited for it."""
    if "lang" in kwargs and data and _left_out(context, "lang"):
        try:
            settings = settings_for(data)
        except KgError as error:  # about a folder's data (two that clash): in its language
            if error.lang:
                context.params["lang"] = error.lang
            raise
        if settings.lang:
            context.params["lang"] = settings.lang  # its errors too
            kwargs["lang"] = Language(settings.lang)
            _note_languages(settings)
    say_unkept(str(context.params.get("lang") or "en"))


def _note_languages(settings: Settings) -> None:
    """A note where the data folders given together ask for different languages: the first
    folder's is the command's."""
    lang = settings.lang
    said = {f.parent: given for f, given in zip(settings.files, settings.langs, strict=True)}
    if len({lang, *filter(None, said.values())}) > 1:
        first = next(str(folder) for folder, value in said.items() if value == lang)
        note(
            f"the data folders ask for different languages (lang in kg.toml); kg follows "
            f"{first} (lang = {lang}), the first given: give --lang en or --lang sv to choose",
            lang,
        )


def _note_older_store(store: Path, reload: bool, kwargs: dict) -> None:
    """A note where ``store`` was made by another kg (another layout or other rules): the
    command builds it again, once, which takes as long as its first build did; it says
    whether that kg was older or newer where the store records it."""
    from kg.io.store import made_by_this_kg, read_manifest

    recorded = read_manifest(store) if not reload and store.is_dir() else None
    if recorded is None or made_by_this_kg(recorded):
        return
    note(_REBUILT[_age(recorded)].format(store=store), getattr(kwargs.get("lang"), "value", "en"))


#: The note on a store another kg made, by whether that kg was older, newer or neither known.
_REBUILT = {
    "older": "the store {store} was made by an older version of kg: kg builds it again now, "
    "once, which takes as long as its first build",
    "newer": "the store {store} was made by a newer version of kg: this one builds it again "
    "now, once, which takes as long as its first build (and the newer kg builds it again in "
    "turn)",
    "other": "the store {store} was made by another version of kg: kg builds it again now, "
    "once, which takes as long as its first build",
}


def _age(recorded: dict) -> str:
    """Whether the kg that built a store (its manifest ``recorded``) was "older" or "newer"
    than this one, by its layout and then its release; "other" where neither tells.

    >>> from kg.io.store import LAYOUT
    >>> _age({"layout": LAYOUT - 1}), _age({"layout": LAYOUT + 1})
    ('older', 'newer')
    >>> _age({"layout": LAYOUT, "kg": "99.0.0"}), _age({"layout": LAYOUT})
    ('newer', 'other')
    """
    from kg import __version__
    from kg.io.store import LAYOUT

    if recorded["layout"] != LAYOUT:
        return "older" if recorded["layout"] < LAYOUT else "newer"
    built, this = _release(recorded.get("kg")), _release(__version__)
    if built is None or built == this:
        return "other"
    return "older" if built < this else "newer"


def _release(version: object) -> tuple[int, ...] | None:
    """A release's numbers ("0.3.0" → (0, 3, 0)); None for what is not one."""
    numbers = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", version) if isinstance(version, str) else None
    return tuple(int(n or 0) for n in numbers.groups()) if numbers else None


def _note_folder_left_out(kwargs: dict, context: typer.Context) -> None:
    """A note where a command run inside a city's data folder is given no --data: it reads
    the bundled data, not the folder's; in the folder's language, where --lang is left out."""
    found = find_settings(Path.cwd())
    try:
        city = read_settings(found).get("city") if found else None
    except KgError:  # another tool's kg.toml, or a broken one: a note is never an error
        return
    if city and found:
        lang = getattr(kwargs.get("lang"), "value", "en")
        if "lang" in kwargs and _left_out(context, "lang"):
            lang = read_settings(found).get("lang") or lang
        folder = os.path.relpath(found.parent)
        note(
            f"no --data is given, so this is the bundled data, not {city}'s in this folder; "
            f"give --data {folder} for it",
            lang,
        )


def with_source(command: F) -> F:
    """Give a command the data options (``--data``, ``--bundled``, ``--store``, ``--endpoint``,
    ``--reload``, ``--sources``, ``--year``) and call it with the :class:`~kg.io.source.Source` they
    describe, as its ``source`` argument."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "source"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default)
        for name, (kind, default) in _SOURCE_OPTIONS.items()
    ] + [inspect.Parameter(_CONTEXT, inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        options = {name: kwargs.pop(name) for name in _SOURCE_OPTIONS}
        context = kwargs.pop(_CONTEXT)
        options["data"] = tuple(options["data"] or ())
        options["sources"] = tuple(options["sources"] or ())
        if options["store"] and not options["endpoint"] and _left_out(context, "data", "bundled"):
            from kg.io.store import MANIFEST

            # like a database file: an existing store remembers the data it holds, and
            # Source.of_store reads it from the record (or refuses a damaged one)
            store = Path(options["store"])
            if (store / MANIFEST).exists():
                kept = {k: options[k] for k in ("reload", "sources", "year")}
                source = Source.of_store(store, **kept)
                folder_lang(context, kwargs, source.data)
                _note_older_store(store, options["reload"], kwargs)
                return command(source=source, **kwargs)
        if _left_out(context, "bundled"):
            options["bundled"] = None  # by the data: left out for a city's own data folder
        folder_lang(context, kwargs, options["data"])
        if (
            not (options["data"] or options["endpoint"] or options["store"])
            and options["bundled"] is not False
        ):
            _note_folder_left_out(kwargs, context)
        if command.__name__ not in _ONTOLOGY_ALONE and not (
            options["bundled"] is not False or options["data"] or options["endpoint"]
        ):
            raise KgError(
                "no data: --no-bundled leaves out the bundled data, and no --data is given",
                hint="give --data FILE_OR_FOLDER (repeatable), or leave out --no-bundled",
            )
        if options["data"] and not options["endpoint"]:
            from kg.io.parse import require_data

            # a mistyped path, or a city's folder before its first kg import, is no data: not
            # an empty network without gaps, nor data that conforms
            require_data(options["data"])
            store = None if options["reload"] or not options["store"] else Path(options["store"])
            note_named_twice(options["data"], getattr(kwargs.get("lang"), "value", "en"), store)
        if options["store"] and not options["endpoint"]:
            _note_older_store(Path(options["store"]), options["reload"], kwargs)
        return command(source=Source(**options), **kwargs)

    parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + added
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper  # type: ignore[return-value]
