"""Command help in Swedish: ``kg COMMAND --lang sv --help`` shows the command's description,
its options' help and its example in Swedish, from the catalog ``help.sv.toml`` (each English
text as the code writes it, spaces aside, and its Swedish), with click's headings in Swedish."""

from __future__ import annotations

import contextlib
import functools
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import click

#: Where a help text names the partner groups: kg's help fills it in from the vocabulary
#: (:meth:`kg.model.sectors.Vocabulary.spelled`), in the help's language
GROUPS = "{groups}"
#: click's notes after an option's help, and their Swedish
_NOTES = (("[default: ", "[standard: "), ("[required]", "[obligatoriskt]"))


@functools.cache
def _file() -> dict[str, dict[str, str]]:
    with (Path(__file__).parent / "help.sv.toml").open("rb") as file:
        return tomllib.load(file)


def catalog() -> dict[str, str]:
    """The Swedish of each help text, keyed by the English with its spaces made single."""
    return _file()["texts"]


def argument_names() -> dict[str, str]:
    """The Swedish names of the commands' arguments (``committee`` → ``nämnd``)."""
    return _file()["arguments"]


def metavar_names() -> dict[str, str]:
    """The Swedish of what an option takes, as click names it (``path`` → ``sökväg``)."""
    return _file()["metavars"]


def _metavars(names: str) -> str:
    """An option's names with what it takes in Swedish.

    >>> _metavars("-o, --output <path>"), _metavars("--compare <year> <year>")
    ('-o, --output <sökväg>', '--compare <år> <år>')
    """
    return re.sub(r"<([a-z][a-z ]*)>", lambda m: f"<{metavar_names().get(m[1], m[1])}>", names)


def key(text: str) -> str:
    """A help text as the catalog keys it: its words, one space apart.

    >>> key("Rank by\\n   measure.")
    'Rank by measure.'
    """
    return " ".join(text.split())


def swedish(text: str | None) -> str | None:
    """``text`` in Swedish where the catalog has it, else as it is.

    >>> swedish("Output format."), swedish("Not in the catalog.")
    ('Utdataformat.', 'Not in the catalog.')
    """
    return catalog().get(key(text), text) if text else text


@contextlib.contextmanager
def in_swedish(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """The command's help texts in Swedish while the block runs, as they were after it (the
    command objects live on in a process that runs several commands, as tests do)."""
    held = [command, *command.get_params(ctx)]
    helps = [part.help for part in held]  # type: ignore[union-attr]
    epilog = command.epilog
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    names = [(p.name, p.metavar) for p in arguments]
    try:
        for part in held:
            part.help = swedish(part.help)  # type: ignore[union-attr]
        command.epilog = swedish(epilog)
        for param in arguments:
            param.name = argument_names().get(param.name or "", param.name)
            named = (param.name or "").upper()
            param.metavar = f"[{named}]" if (param.metavar or "").startswith("[") else named
        yield
    finally:
        for part, help_text in zip(held, helps, strict=True):
            part.help = help_text  # type: ignore[union-attr]
        command.epilog = epilog
        for param, (name, metavar) in zip(arguments, names, strict=True):
            param.name, param.metavar = name, metavar


@contextlib.contextmanager
def groups_filled(command: click.Command, ctx: click.Context, lang: str) -> Iterator[None]:
    """The partner groups named in the command's help texts where they say
    :data:`GROUPS`, from the vocabulary in ``lang``, while the block runs."""
    held = [p for p in (command, *command.get_params(ctx)) if GROUPS in (p.help or "")]  # type: ignore[union-attr]
    helps = [part.help for part in held]  # type: ignore[union-attr]
    if held:
        from kg.model.sectors import vocabulary

        spelled = vocabulary().spelled(lang)
        for part in held:
            part.help = part.help.replace(GROUPS, spelled)  # type: ignore[union-attr]
    try:
        yield
    finally:
        for part, help_text in zip(held, helps, strict=True):
            part.help = help_text  # type: ignore[union-attr]


def usage(line: str) -> str:
    """click's usage line in Swedish.

    >>> usage("Usage: kg gaps [OPTIONS]")
    'Användning: kg gaps [ALTERNATIV]'
    >>> usage("Usage: kg [OPTIONS] COMMAND [ARGS]...")
    'Användning: kg [ALTERNATIV] KOMMANDO [ARGUMENT]...'
    """
    said = line.replace("Usage:", "Användning:", 1).replace("[OPTIONS]", "[ALTERNATIV]", 1)
    return said.replace(" COMMAND [ARGS]...", " KOMMANDO [ARGUMENT]...", 1)


def write_parameters(
    command: click.Command, ctx: click.Context, formatter: click.HelpFormatter
) -> None:
    """The command's arguments and options as typer lists them, under Swedish headings, with
    what each takes and click's notes (``[default: …]``) in Swedish, before the lines are
    wrapped."""
    sections: dict[str, tuple[str, list[tuple[str, str]]]] = {
        "argument": ("Argument", []),
        "option": ("Alternativ", []),
    }
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None and param.param_type_name in sections:
            said = record[1]
            for english, words in _NOTES:
                said = said.replace(english, words)
            sections[param.param_type_name][1].append((_metavars(record[0]), said))
    for title, rows in sections.values():
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


class ArgumentsNamed:
    """A command whose arguments are named as the README and click write them, in capitals,
    an optional one in brackets (``kg diff [OPTIONS] OLD NEW``, ``kg query [OPTIONS] [NAME]``):
    in its usage line, its list of arguments and its usage errors (typer writes a required
    one in braces, ``{old}``, and brackets an optional one in the usage line only)."""

    params: list[click.Parameter]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument" and param.name:
                named = param.metavar or param.name.upper()
                optional = not param.required and not named.startswith("[")
                param.metavar = f"[{named}]" if optional else named

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        return [re.sub(r"^\{(.+)\}$", r"\1", piece) for piece in pieces]
