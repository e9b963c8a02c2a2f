"""Command help in Swedish (``kg COMMAND --lang sv --help``): every help text of a command
with --lang has its Swedish in kg/cli/help.sv.toml, the page is Swedish throughout, English
help stays English, and the Swedish examples run."""

from __future__ import annotations

import re
import shlex

import click
import pytest
import typer.main
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.helptext import argument_names, catalog, key

runner = CliRunner()
_COMMANDS: dict[str, click.Command] = typer.main.get_command(app).commands  # type: ignore[attr-defined]
_WITH_LANG = sorted(
    name for name, command in _COMMANDS.items() if any(p.name == "lang" for p in command.params)
)


def _help_texts(command: click.Command) -> list[str]:
    """The command's description, its example and each of its options' help (--help's too)."""
    context = click.Context(command)
    parts = [command.help, command.epilog] + [
        getattr(param, "help", None) for param in command.get_params(context)
    ]
    return [key(text) for text in parts if text]


def test_every_help_text_of_a_command_with_lang_has_its_swedish():
    missing = {
        f"kg {name}: {text}"
        for name in _WITH_LANG
        for text in _help_texts(_COMMANDS[name])
        if text not in catalog()
    }
    assert not missing, "add to kg/cli/help.sv.toml:\n" + "\n".join(sorted(missing))


def test_every_english_text_in_the_catalog_is_still_a_help_text():
    said = {text for name in _WITH_LANG for text in _help_texts(_COMMANDS[name])}
    stale = sorted(set(catalog()) - said)
    assert not stale, "no command says these any more:\n" + "\n".join(stale)


@pytest.mark.parametrize("name", _WITH_LANG)
def test_the_help_page_is_swedish_and_english_help_stays_english(name: str):
    swedish = runner.invoke(app, [name, "--lang", "sv", "--help"], terminal_width=100)
    assert swedish.exit_code == 0, swedish.output
    page = swedish.output
    assert page.startswith(f"Användning: kg {name} [ALTERNATIV]")
    assert "\nAlternativ:\n" in page and "Visa den här hjälpen och avsluta." in page
    assert "Exempel: kg " in page and "Example:" not in page
    flowing = key(page)
    english = [text for text in _help_texts(_COMMANDS[name]) if key(catalog()[text]) != text]
    assert not [text for text in english if text in flowing]
    for heading in ("Usage:", "Options:", "Arguments:", "[default:", "[required]"):
        assert heading not in page

    again = runner.invoke(app, [name, "--help"], terminal_width=100)
    assert again.output.startswith(f"Usage: kg {name} [OPTIONS]")
    assert "Show this message and exit." in again.output and "Exempel:" not in again.output


def test_arguments_are_named_in_swedish_and_in_english_again_after():
    unnamed = [
        f"kg {name}: {param.name}"
        for name in _WITH_LANG
        for param in _COMMANDS[name].params
        if param.param_type_name == "argument" and param.name not in argument_names()
    ]
    assert not unnamed, "add to [arguments] in kg/cli/help.sv.toml: " + ", ".join(unnamed)
    swedish = runner.invoke(app, ["suggest", "--lang", "sv", "--help"]).output
    assert swedish.startswith("Användning: kg suggest [ALTERNATIV] {nämnd}")
    assert "\nArgument:\n  nämnd  " in swedish
    english = runner.invoke(app, ["suggest", "--help"]).output
    assert english.startswith("Usage: kg suggest [OPTIONS] {committee}")


def test_help_follows_the_last_lang_given():
    said = runner.invoke(app, ["gaps", "--lang", "sv", "--lang", "en", "--help"])
    assert said.output.startswith("Usage: kg gaps")


_READ_ONLY = ("brokers", "centrality", "gaps", "queries", "query", "suggest", "stats")


@pytest.mark.parametrize("name", _READ_ONLY)
def test_the_swedish_examples_of_commands_that_write_nothing_run(name: str):
    epilog = catalog()[key(_COMMANDS[name].epilog or "")]
    examples = re.findall(r"\[bold\]kg (.*?)\[/\]", epilog)
    assert examples
    for example in examples:
        result = runner.invoke(app, [*shlex.split(example), "-q"])
        assert result.exit_code == 0, f"kg {example}: {result.output}"
