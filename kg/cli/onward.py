"""A command a message names, written for the data the user's command was given: the library
says "run `kg gaps` to list the committees" without knowing where the data came from."""

from __future__ import annotations

import re
import shlex
from collections.abc import Collection, Mapping
from typing import Any

#: A kg command named alone in backticks: `kg gaps`.
_NAMED = re.compile(r"`kg ([a-z]+)`")


def data_options(params: Mapping[str, Any]) -> list[str]:
    """The options that said where a command's data is (``--no-bundled``, each ``--data``,
    ``--store``, ``--endpoint``), as the user gave them.

    >>> data_options({"bundled": False, "data": ("ekby",), "store": None, "endpoint": None})
    ['--no-bundled', '--data', 'ekby']
    """
    said: list[str] = ["--no-bundled"] if params.get("bundled") is False else []
    for path in params.get("data") or ():
        said += ["--data", str(path)]
    for name in ("store", "endpoint"):
        if params.get(name):
            said += [f"--{name}", str(params[name])]
    return said


def on_the_same_data(text: str, params: Mapping[str, Any], commands: Collection[str]) -> str:
    """``text`` with each of ``commands`` (those that take the data options) it names alone in
    backticks given the data options of the command that failed, to run on the same data.

    >>> given = {"bundled": False, "data": ("my data",)}
    >>> on_the_same_data("run `kg gaps`, not `kg init`", given, {"gaps"})
    "run `kg gaps --no-bundled --data 'my data'`, not `kg init`"
    >>> on_the_same_data("run `kg gaps`", {"bundled": None, "data": ()}, {"gaps"})
    'run `kg gaps`'
    """
    options = data_options(params)
    if not options:
        return text
    given = " ".join(shlex.quote(option) for option in options)

    def written(named: re.Match) -> str:
        return f"`kg {named[1]} {given}`" if named[1] in commands else named[0]

    return _NAMED.sub(written, text)


def taking_data(context: Any) -> set[str]:
    """The names of the commands of ``context``'s program that take the data options."""
    program = context.find_root().command
    commands = getattr(program, "commands", {}) or {context.command.name: context.command}
    return {
        name
        for name, command in commands.items()
        if any(parameter.name == "data" for parameter in command.params)
    }
