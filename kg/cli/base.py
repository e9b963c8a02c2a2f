"""The ``kg`` application: its command class (one error handler for every command, and the
switch that shows the library's progress on a terminal), consoles and the ways results are
printed. rich is imported when a command first prints."""

from __future__ import annotations

import contextlib
import errno
import functools
import inspect
import json
import os
import re
import sys
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import core as typer_core

import kg.progress as progress
from kg.cli.consoles import cell, err, note, out, safe  # noqa: F401 (cell: for the commands)
from kg.cli.encoding import plain_streams, plainly, plainly_written
from kg.cli.ending import (
    ended_by_signals,
    files_limit_failure,
    interrupted,
    memory_failure,
    output_failure,
    storage_failure_behind,
    temporary_failure,
)
from kg.cli.group import Group, Language, SwedishHelp, asked
from kg.cli.helptext import ArgumentsNamed
from kg.cli.onward import on_the_same_data, taking_data
from kg.cli.steps import progress_shown
from kg.cli.usage import asked_language, refused, with_what_it_takes
from kg.collector import collection_paused
from kg.errors import (
    EXIT_INTERNAL,
    EXIT_PIPE,
    KgError,
    StoreError,
    full,
    in_language,
)
from kg.io.given import refuse_uploaded

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console
    from rich.table import Table as RichTable

#: Usage errors and exits of typer (its click), which click itself reports (a usage error in
#: Swedish, with --lang sv, kg says: kg.cli.usage).
_UsageError, _ClickError = typer.BadParameter.__mro__[1:3]
_BOLD = re.compile(r"\[bold\](.*?)\[/(?:bold)?\]")


def _plain_help(text: str) -> str:
    """Help text written in rich markup (``[bold]…[/]``), for the plain help formatter: bold
    (an ANSI code, which click drops when the output is not a terminal), no brackets."""
    return _BOLD.sub(lambda m: typer.style(m.group(1), bold=True), text)


#: The parameters that name a file or folder a command writes: -o, and kg diff's -m and -j
_WRITTEN = ("output", "markdown", "json_file")


def _lang_from_folder(ctx: typer.Context) -> bool:
    """Whether the command's language may be its data folder's (kg.toml): ``--lang`` left
    out, on a command that takes ``--data`` (or kg diff's NEW folder)."""
    source = ctx.get_parameter_source("lang") if "lang" in ctx.params else None
    return getattr(source, "name", "") == "DEFAULT" and bool({"data", "new"} & ctx.params.keys())


class Command(SwedishHelp, ArgumentsNamed, typer_core.TyperCommand):
    """A kg command: errors kg can explain become a message and an exit code; long steps show
    their progress on stderr when it is a terminal (``--quiet``: never); its epilog (the
    example) is bold on a terminal; ``kg --help`` lists it with its whole first paragraph."""

    def invoke(self, ctx: typer.Context) -> Any:
        from kg.cli.memory import guard_memory, say_unkept

        guard_memory(ctx.params)  # read when it stops: kg.toml's lang is set in ctx.params
        if not _lang_from_folder(ctx):  # else said once kg.toml is read (folder_lang)
            say_unkept(str(ctx.params.get("lang") or "en"))
        for console in (out, err):  # each command measures its own terminal
            console.forget()
        # A command runs once: the collector is paused throughout, as the first collections
        # after each step walk all it made (13 s of a national report); kg serve collects.
        serving = ctx.command.name == "serve"  # kg serve has its own ways with signals
        paused = collection_paused() if not serving else contextlib.nullcontext()
        ended = ended_by_signals() if not serving else contextlib.nullcontext()
        try:
            return self._run(ctx, ended, paused)
        finally:
            say_unkept(str(ctx.params.get("lang") or "en"))  # stopped before kg.toml was read
            encoding = plainly_written()
            if encoding:  # once, after the output, in the command's language
                with contextlib.suppress(AttributeError, OSError, ValueError):
                    sys.stdout.flush()
                lang = str(ctx.params.get("lang") or "en")
                note(plainly(encoding), lang)

    def _run(self, ctx: typer.Context, ended: Any, paused: Any) -> Any:
        try:
            for written in _WRITTEN:  # not a folder named https:
                refuse_uploaded(ctx.params.get(written))
            with ended, paused:
                result = super().invoke(ctx)
            if sys.stdout is not None:  # None: started with it closed (>&-), all said is dropped
                sys.stdout.flush()  # a reader gone is seen here, not at the exit
            return result
        except _UsageError as error:
            refused(error, ctx.params.get("lang"))
            raise
        except (typer.Exit, typer.Abort, _ClickError):
            raise
        except BrokenPipeError:
            # the reader stopped reading (`kg query … | head`): end quietly, as SIGPIPE would
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_PIPE) from None
        except Exception as error:
            if os.environ.get("KG_DEBUG"):
                traceback.print_exc()
            # what the failed steps held (an Oxigraph answer among them) goes now, in this
            # thread: the exception kept by a caller (CliRunner) would keep it in a cycle
            traceback.clear_frames(error.__traceback__)
            if interrupted(error):  # Ctrl-C inside a compiled module's import
                raise KeyboardInterrupt from error
            error = memory_failure(error) or error  # before a store's failure it causes
            damaged = storage_failure_behind(error)
            if damaged is not None:
                hint = "the store may be damaged: add --reload to rebuild it from the files"
                error = StoreError(
                    f"the store's database failed: {damaged}", hint=full(damaged, hint)
                )
            error = (
                files_limit_failure(error)
                or output_failure(error)
                or temporary_failure(error)
                or error
            )
            if isinstance(error, KgError):  # in the command's --lang where kg has the words
                word, said = in_language(error, ctx.params.get("lang"))
                said = on_the_same_data(said, ctx.params, taking_data(ctx))
                err.print(f"[bold red]{word}:[/] ", end="")
                err.print(safe(said), markup=False, highlight=False)
                raise typer.Exit(error.exit_code) from error
            err.print("[bold red]internal error:[/] ", end="")
            err.print(safe(f"{type(error).__name__}: {error}"), markup=False, highlight=False)
            err.print("  hint: run again with KG_DEBUG=1 for the traceback, and report it")
            raise typer.Exit(EXIT_INTERNAL) from error

    def make_context(self, info_name: str | None, args: list[str], *a: Any, **kw: Any) -> Any:
        said = asked.set(asked_language(args))  # before click's parser takes them from the list
        try:
            return super().make_context(info_name, args, *a, **kw)
        except _UsageError as error:
            if isinstance(error, typer.BadParameter):  # typer's choices pass pydantic's wording
                error.message = error.message.removeprefix("Value error, ")
                with_what_it_takes(error)
            refused(error, asked.get())
            raise
        finally:
            asked.reset(said)

    def get_short_help_str(self, limit: int = 45) -> str:
        return " ".join((self.short_help or self.help or "").strip().split("\n\n")[0].split())

    def format_epilog(self, ctx: typer.Context, formatter: Any) -> None:
        if self.epilog:  # "Example: a · b": each example on a line of its own, never broken
            formatter.write_paragraph()
            heading, _, examples = _plain_help(self.epilog).partition(": ")
            lead = " " * (formatter.current_indent + 2)
            for i, example in enumerate(examples.split(" · ")):
                start = f"{heading}: " if i == 0 else " " * (len(heading) + 2)
                formatter.write(f"{lead}{start}{example}\n")


class _Typer(typer.Typer):
    """typer.Typer whose commands are :class:`Command` s, each with ``--quiet``; run as a
    program, its output on a terminal lacking some of kg's characters is written plainly."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        plain_streams()
        return super().__call__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable], Callable]:
        register = super().command(*args, cls=Command, **kwargs)
        return lambda function: register(_with_progress(function))


QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Show no progress on stderr.", show_default=False)
]


def _with_progress(command: Callable[..., Any]) -> Callable[..., Any]:
    """The command with a ``--quiet`` option, run showing the library's progress unless quiet."""
    signature = inspect.signature(command, eval_str=True)
    quiet = inspect.Parameter(
        "quiet", inspect.Parameter.KEYWORD_ONLY, annotation=QuietOption, default=False
    )
    parameters = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in signature.parameters.values()
    ]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        lang = getattr(kwargs.get("lang"), "value", "en")  # a command's --lang, if it has one
        with progress_shown(not kwargs.pop("quiet")), progress.speaking(lang):
            return command(**kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*parameters, quiet])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in [*parameters, quiet]}
    return wrapper


app = _Typer(
    cls=Group,
    name="kg",
    help="A knowledge graph of the actors and alliances behind a city's social-sustainability "
    "work.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Show kg's version and exit.",
        ),
    ] = False,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help="The command's language, en (English) or sv (Swedish), as its own --lang "
            "(which wins where both are given); with --help, this list in it.",
            show_default=False,
            case_sensitive=False,
        ),
    ] = None,
) -> None:
    pass


def Table(*columns: Any, **options: Any) -> RichTable:
    """A ``rich.table.Table`` (rich imported on first use) whose cells wrap long words onto
    the next line instead of cutting them."""
    from rich.table import Table as RichTable

    table = RichTable(*columns, **options)
    for column in table.columns:
        column.overflow = "fold"
    return table


def show(table: RichTable, *, to: Console | None = None) -> None:
    """Print ``table``; where the terminal is too narrow for it without splitting words, each
    row as a block of "column value" lines instead (as psql's expanded display does)."""
    from rich.measure import Measurement
    from rich.table import Table as RichTable

    console = to or out
    unbounded = console.options.update_width(1 << 20)  # measured unclamped by the width
    whole = Measurement.get(console, unbounded, table)
    if whole.minimum <= console.width:
        if whole.maximum > console.width:
            _fit(table, console, whole.maximum, unbounded)
        # a title wider than the terminal wraps (to the table's width), not past the edge
        title = table.title.plain if hasattr(table.title, "plain") else str(table.title or "")
        console.print(table, soft_wrap=len(title) <= console.width)
        return
    if table.title:
        console.print(table.title, style="italic", soft_wrap=False)
    headers = [column.header for column in table.columns]
    for row in zip(*(list(column.cells) for column in table.columns), strict=True):
        block = RichTable.grid(padding=(0, 1))
        # a value too long for the line (an id, a name's longest word) folds onto the next
        # rather than being cut with "…": what is shown can still be read and copied
        block.add_column(style="bold", overflow="fold")
        block.add_column(overflow="fold")
        for header, value in zip(headers, row, strict=True):
            block.add_row(header, value)
        console.print(block)
        console.print()
    if table.caption:
        console.print(table.caption, style="dim", soft_wrap=False)


def _fit(table: RichTable, console: Console, widest: int, options: Any) -> None:
    """Set the widths of ``table``'s columns so that it fits ``console`` without splitting a
    word: each column gets its longest word, and the room left goes to the columns in
    proportion to how much more they could use (rich would narrow the widest columns evenly,
    below their longest word)."""
    from rich.measure import Measurement

    spans = []
    for column in table.columns:
        measured = [Measurement.get(console, options, c) for c in [column.header, *column.cells]]
        spans.append((max(m.minimum for m in measured), max(m.maximum for m in measured)))
    room = console.width - (widest - sum(most for _, most in spans))  # less borders, padding
    spare = room - sum(least for least, _ in spans)
    wanted = sum(most - least for least, most in spans) or 1
    for column, (least, most) in zip(table.columns, spans, strict=True):
        column.width = least + (most - least) * spare // wanted


def print_json(data: object, *, default: Any = None) -> None:
    """JSON for machines on stdout: indented by two spaces, UTF-8, not highlighted; written by
    orjson as report.json is (a tenth of the json module's time: 127 MB of gaps at 1M triples
    in 0.3 s), by the json module where orjson cannot (an integer past 64 bits)."""
    import orjson

    try:
        option = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
        body = orjson.dumps(data, default=default, option=option)
    except orjson.JSONEncodeError:
        body = json.dumps(data, ensure_ascii=False, indent=2, default=default).encode()
    write_bytes(body)


#: How much of a machine's answer goes to stdout per write.
_PIECE = 1 << 16


def write_bytes(body: bytes) -> None:
    """A machine's answer on stdout as it is, ending in a newline, in pieces of 64 KiB: a
    reader that stops reading (`| head`) is seen at the next piece and ends the command with
    status 141, where one large write to the closed pipe could end short without an error.
    Standard output closed (``>&-``) is an OSError (EBADF): the answer has nowhere to go."""
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    stream = sys.stdout.buffer
    if not body.endswith(b"\n"):
        body += b"\n"
    for start in range(0, len(body), _PIECE):
        stream.write(body[start : start + _PIECE])
    stream.flush()


def render_rows(
    rows: list[dict], columns: list[str], fmt: str, extra: dict | None = None, lang: str = "en"
) -> None:
    """Rows as JSON (``{**extra, "rows": rows}``), CSV, or CSV for Excel in ``lang``'s locale
    (``csv-excel``); a command draws its table itself (:mod:`kg.cli.tables`)."""
    from kg.report.tabular import for_excel, to_csv

    if fmt == "json":
        print_json({**(extra or {}), "rows": rows})
    elif fmt == "csv":
        write_bytes(to_csv(rows, columns).encode("utf-8"))
    else:
        write_bytes(for_excel(to_csv(rows, columns), lang))
