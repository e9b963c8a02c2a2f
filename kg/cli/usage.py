"""Usage errors in the command's language: a misspelt option, a missing value, a value kg
does not take. click words them in English; a command run with ``--lang sv`` says them in
Swedish (click's own phrases from the catalog's ``[foreign]``, kg's reasons from its texts)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # pragma: no cover
    import click

_INVALID = re.compile(r"Invalid value for (.+?): (.*)", re.S)
#: click's "Missing argument 'NAME'.", its name to be said in Swedish.
_MISSING = re.compile(r"^(Missing argument )('[^']+')")


def asked_language(args: list[str]) -> str | None:
    """The language ``--lang`` asks for on a command line (the last one given, as click
    takes it), None where it is not given.

    >>> asked_language(["--sector", "x", "--lang", "sv"]), asked_language(["--lang=en"])
    ('sv', 'en')
    >>> asked_language(["--lang", "sv", "--lang", "en"]), asked_language(["--lang"])
    ('en', None)
    """
    asked = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            asked = args[i + 1].lower()  # as --lang takes it: SV is sv
        elif arg.startswith("--lang="):
            asked = arg.removeprefix("--lang=").lower()
    return asked


def refused(error: click.UsageError, lang: str | None) -> None:
    """Say ``error`` as click would, with its usage line and where to find help, but in
    Swedish where ``lang`` is ``sv``, and exit with its code; in English leave it to click."""
    if lang != "sv":
        return
    from kg.cli.consoles import err, safe
    from kg.cli.helptext import in_swedish, usage
    from kg.errors import word

    context = error.ctx
    if context is not None:
        help_option = f"{context.command_path} {context.help_option_names[0]}"
        with in_swedish(context.command, context):  # its arguments as its help names them
            line = usage(context.get_usage())
        err.print(line, markup=False, highlight=False)
        err.print(f"Skriv '{help_option}' för hjälp.\n", markup=False, highlight=False)
    err.print(f"[bold red]{word('error', 'sv')}:[/] ", end="")
    err.print(safe(swedish(error.format_message())), markup=False, highlight=False)
    raise typer.Exit(error.exit_code)


def swedish(message: str) -> str:
    """A usage error's message in Swedish, where the catalog has its words.

    >>> swedish("Missing option '--city'.")
    "alternativet '--city' saknas"
    >>> swedish("Invalid value for '--type': 'x' is not an actor type; give one of: a, b "
    ...         "(or the Swedish: c)")
    "ogiltigt värde för '--type': 'x' är ingen aktörstyp; ange något av: a, b (eller på svenska: c)"
    """
    from kg.errors import translated

    message = re.sub(r"argument\(s\)", "arguments", message)  # click's, for one or more
    message = _MISSING.sub(lambda m: m[1] + _argument(m[2]), message)
    invalid = _INVALID.fullmatch(message)
    if invalid is None:
        return translated(message, "sv")
    reasons = "; ".join(translated(part, "sv") for part in invalid.group(2).split("; "))
    return f"ogiltigt värde för {_argument(invalid.group(1))}: {reasons}"


def _argument(named: str) -> str:
    """click's name of a parameter (``'NEW'``, ``'--year'``), an argument's in Swedish as the
    command's help names it.

    >>> _argument("'NEW'"), _argument("'--year'"), _argument("'COMMITTEE'")
    ("'NY'", "'--year'", "'NÄMND'")
    """
    from kg.cli.helptext import argument_names

    argument = re.fullmatch(r"'([A-Za-z_]+)'", named)
    swedish = argument_names().get(argument[1].lower()) if argument else None
    if swedish is None:
        return named
    return f"'{swedish.upper()}'"


def with_what_it_takes(error: click.BadParameter) -> None:
    """Where an option of two years (``--compare``, ``--years``) took something else for one
    (``--compare 2016 -o x`` reads ``-o`` as the second year), say what the option takes:
    click names only the value that is no number."""
    param = error.param
    if getattr(param, "nargs", 1) != 2 or not getattr(param, "opts", None):
        return
    option = param.opts[0]
    hint = f"{option} takes two years, the earlier first, as in {option} 2015 2016"
    error.message = f"{error.message.rstrip('.')}; {hint}"
