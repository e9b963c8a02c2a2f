"""The ``kg`` group: ``kg --lang sv COMMAND …`` runs the command as its own ``--lang sv``
would (its output, help and messages in Swedish), and ``kg --lang sv --help`` lists the
commands in Swedish."""

from __future__ import annotations

import contextvars
from enum import StrEnum
from typing import Any

import typer
from typer import core as typer_core

from kg.cli.usage import asked_language, refused

_UsageError = typer.BadParameter.__mro__[1]


class Language(StrEnum):
    """The languages kg writes: the report, the map, tables, a spreadsheet's sheet names."""

    en = "en"
    sv = "sv"


#: the language ``--lang`` asks for on the line being parsed: the group's (before the
#: command's name), then the command's (its help is in it)
asked: contextvars.ContextVar[str | None] = contextvars.ContextVar("asked", default=None)


def leading_language(args: list[str]) -> str | None:
    """The language ``--lang`` asks for among the group's own options: those before the
    command's name (the last one given, as click takes it).

    >>> leading_language(["--lang", "sv", "gaps"]), leading_language(["gaps", "--lang", "sv"])
    ('sv', None)
    >>> leading_language(["--lang=sv", "--lang", "en", "--help"])
    'en'
    """
    # they end at the command's name: the first word that is neither an option nor --lang's value
    words = (i for i, t in enumerate(args) if t[:1] != "-" and args[i - 1 : i] != ["--lang"])
    return asked_language(args[: next(words, len(args))])


#: Command names people try for the spreadsheet template, and where it comes from
SPREADSHEET_WORDS = frozenset({"template", "mall", "spreadsheet", "kalkylark", "xlsx", "sheet"})
SPREADSHEET_HINT = (
    "the spreadsheet to fill in comes from kg init DIR --city NAME (a new city's data) or kg "
    "export --format xlsx -o FILE (the data as a spreadsheet; to correct or add a fact, see "
    "docs/rattelser.md), and kg import reads it"
)


class SwedishHelp:
    """A command's or the group's help, in Swedish while ``--lang sv`` is :data:`asked`."""

    def get_help(self, ctx: Any) -> str:
        from kg.cli.helptext import groups_filled, in_swedish, usage

        if asked.get() != "sv":
            with groups_filled(self, ctx, "en"):
                return super().get_help(ctx)
        with in_swedish(self, ctx), groups_filled(self, ctx, "sv"):
            first, _, rest = super().get_help(ctx).partition("\n")
            return f"{usage(first)}\n{rest}"

    def format_options(self, ctx: Any, formatter: Any) -> None:
        if asked.get() != "sv":
            return super().format_options(ctx, formatter)
        from kg.cli.helptext import write_parameters

        return write_parameters(self, ctx, formatter)


class Group(SwedishHelp, typer_core.TyperGroup):
    """kg's group of commands: its ``--lang`` passes on to the command run, and its help is
    in the language asked for."""

    def make_context(self, info_name: str | None, args: list[str], *a: Any, **kw: Any) -> Any:
        said = asked.set(leading_language(args))  # --help is read before --lang is
        try:
            return super().make_context(info_name, args, *a, **kw)
        finally:
            asked.reset(said)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _UsageError as error:  # "No such command …", in the language asked for
            refused(error, ctx.params.get("lang"))
            raise

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[Any, Any, list[str]]:
        try:
            name, command, rest = super().resolve_command(ctx, args)
        except _UsageError as error:  # a misspelt command: also in a --lang given after it
            if args and args[0].lower() in SPREADSHEET_WORDS:  # kg template: say where it is
                error.message = f"{error.message.rstrip('.')}; {SPREADSHEET_HINT}"
            refused(error, ctx.params.get("lang") or asked_language(args))
            raise
        lang = ctx.params.get("lang")
        if lang is not None and any(p.name == "lang" for p in command.params):
            # first: a --lang the command is given itself comes later, and wins
            rest = ["--lang", getattr(lang, "value", lang), *rest]
        return name, command, rest

    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)  # in Swedish: the options alone (SwedishHelp)
        if asked.get() != "sv":
            return
        from kg.cli.helptext import swedish

        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                first = (command.help or "").strip().split("\n\n")[0]  # as click lists it
                rows.append((name, swedish(" ".join(first.split()))))
        with formatter.section("Kommandon"):
            formatter.write_dl(rows)
