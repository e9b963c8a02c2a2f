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
from kg.cli.helptext import argument_names, catalog, key, metavar_names

runner = CliRunner()
_GROUP = typer.main.get_command(app)
_COMMANDS: dict[str, click.Command] = _GROUP.commands  # type: ignore[attr-defined]
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


def _listed() -> list[str]:
    """``kg --help``'s texts: kg's description, its options' help and each command's first
    paragraph, as the list of commands shows it."""
    firsts = [key((c.help or "").strip().split("\n\n")[0]) for c in _COMMANDS.values()]
    return [*_help_texts(_GROUP), *firsts]


def _all_help_texts() -> dict[str, list[str]]:
    return {
        "kg": _listed(),
        **{f"kg {name}": _help_texts(_COMMANDS[name]) for name in _WITH_LANG},
    }


def test_every_help_text_of_a_command_with_lang_has_its_swedish():
    missing = {
        f"{command}: {text}"
        for command, texts in _all_help_texts().items()
        for text in texts
        if text not in catalog()
    }
    assert not missing, "add to kg/cli/help.sv.toml:\n" + "\n".join(sorted(missing))


def test_every_english_text_in_the_catalog_is_still_a_help_text():
    said = {text for texts in _all_help_texts().values() for text in texts}
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
    assert swedish.startswith("Användning: kg suggest [ALTERNATIV] NÄMND")
    assert "\nArgument:\n  NÄMND  " in swedish
    english = runner.invoke(app, ["suggest", "--help"]).output
    assert english.startswith("Usage: kg suggest [OPTIONS] COMMITTEE")


@pytest.mark.parametrize("lang", [[], ["--lang", "sv"]])
def test_usage_lines_name_arguments_as_the_readme_does(lang: list[str]):
    """Every command's usage line, in its help and in a usage error, writes its arguments as
    the README does (``kg diff [OPTIONS] OLD NEW``), an optional one in brackets, never in
    typer's braces (``{old} {new}``); its list of arguments names them the same way, in
    brackets where the usage line has them (``kg query [OPTIONS] [NAME]``, ``[NAME]  A library
    query``)."""
    for name, command in _COMMANDS.items():
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        if not arguments or (lang and name not in _WITH_LANG):
            continue
        page = runner.invoke(app, [name, *lang, "--help"]).output
        first = page.splitlines()[0]
        assert "{" not in first and "}" not in first, first
        for param in arguments:
            named = param.name if not lang else argument_names()[param.name]
            shown = named.upper() if param.required else f"[{named.upper()}]"
            assert f" {shown}" in first, (first, shown)
            assert f"\n  {shown}  " in page, (name, shown)
        if any(p.required for p in arguments):
            refused = runner.invoke(app, [name, *lang])
            assert refused.exit_code == 2 and refused.output.splitlines()[0] == first
    diff = runner.invoke(app, ["diff", "--help"]).output
    assert diff.startswith("Usage: kg diff [OPTIONS] OLD NEW\n")


def test_kg_lang_sv_help_lists_the_commands_in_swedish():
    page = runner.invoke(app, ["--lang", "sv", "--help"], terminal_width=100).output
    assert page.startswith("Användning: kg [ALTERNATIV] KOMMANDO [ARGUMENT]...")
    assert "\nAlternativ:\n" in page and "\nKommandon:\n" in page
    assert "Usage:" not in page and "Options:" not in page and "Commands:" not in page
    flowing = key(page)
    english = [text for text in _listed() if key(catalog()[text]) != text]
    assert english and not [text for text in english if text in flowing]
    # a command's first paragraph, as in English: not its whole help
    assert "Gör om ett kalkylark med aktörer, samverkan och parter till Turtle." in flowing
    assert "Varje citat kontrolleras" not in flowing
    again = runner.invoke(app, ["--help"], terminal_width=100).output
    assert again.startswith("Usage: kg [OPTIONS] COMMAND [ARGS]...") and "Kommandon" not in again


@pytest.mark.slow
def test_kg_lang_passes_on_to_the_command_whose_own_lang_wins():
    swedish = runner.invoke(app, ["--lang", "sv", "gaps"], terminal_width=200).output
    assert swedish == runner.invoke(app, ["gaps", "--lang", "sv"], terminal_width=200).output
    assert "nämnd" in swedish and "committee" not in swedish
    english = runner.invoke(app, ["--lang", "sv", "gaps", "--lang", "en"], terminal_width=200)
    assert english.output == runner.invoke(app, ["gaps"], terminal_width=200).output
    helped = runner.invoke(app, ["--lang", "sv", "gaps", "--help"]).output
    assert helped.startswith("Användning: kg gaps [ALTERNATIV]")
    # a command with no --lang of its own runs as it is
    synth = runner.invoke(app, ["--lang", "sv", "synth", "--help"]).output
    assert synth.startswith("Usage: kg synth [OPTIONS]")


def test_kg_lang_sv_says_the_groups_usage_errors_in_swedish():
    said = runner.invoke(app, ["--lang", "sv", "gapz"])
    assert said.exit_code == 2
    assert "kommandot 'gapz' finns inte. Menade du 'gaps'?" in said.output
    assert "Användning: kg [ALTERNATIV] KOMMANDO" in said.output
    assert "kommando saknas" in runner.invoke(app, ["--lang", "sv"]).output
    assert "No such command 'gapz'" in runner.invoke(app, ["gapz"]).output


def test_a_misspelt_command_is_refused_in_the_lang_given_after_it():
    """`kg reprot --lang sv` (a misspelt command, --lang where the command would take it)."""
    said = runner.invoke(app, ["reprot", "--lang", "sv", "-o", "rapport"])
    assert said.exit_code == 2
    assert "kommandot 'reprot' finns inte. Menade du 'report' eller 'export'?" in said.output
    assert "No such command" not in said.output
    assert "No such command 'reprot'" in runner.invoke(app, ["reprot", "--lang", "en"]).output


def test_help_follows_the_last_lang_given():
    said = runner.invoke(app, ["gaps", "--lang", "sv", "--lang", "en", "--help"])
    assert said.output.startswith("Usage: kg gaps")


_READ_ONLY = ("brokers", "centrality", "gaps", "queries", "query", "suggest", "stats")


@pytest.mark.slow
@pytest.mark.parametrize("name", _READ_ONLY)
def test_the_swedish_examples_of_commands_that_write_nothing_run(name: str):
    epilog = catalog()[key(_COMMANDS[name].epilog or "")]
    examples = re.findall(r"\[bold\]kg (.*?)\[/\]", epilog)
    assert examples
    for example in examples:
        result = runner.invoke(app, [*shlex.split(example), "-q"])
        assert result.exit_code == 0, f"kg {example}: {result.output}"


@pytest.mark.parametrize(
    "args",
    [
        ["gaps", "--lang", "SV"],
        ["--lang", "Sv", "gaps"],
        pytest.param(["gaps", "--lang=SV"], marks=pytest.mark.slow),  # click reads it as --lang SV
        ["queries", "--lang", "SV"],
    ],
    ids=" ".join,
)
def test_lang_takes_sv_in_capitals_too(args: list[str]):
    """`--lang SV` (as the country code is often written) is Swedish, as `--lang sv` is."""
    said = runner.invoke(app, args, terminal_width=200)
    assert said.exit_code == 0, said.output
    assert (
        said.output
        == runner.invoke(
            app, [a.lower() if "sv" in a.lower() else a for a in args], terminal_width=200
        ).output
    )


def test_a_misspelt_option_is_refused_in_swedish_after_lang_in_capitals():
    said = runner.invoke(app, ["gaps", "--lang", "SV", "--outptu", "x"])
    assert said.exit_code == 2
    assert "fel: okänt alternativ: --outptu" in said.output


@pytest.mark.parametrize("name", ["import", "map", "report", "gaps"])
def test_what_an_option_takes_is_named_in_swedish(name: str):
    """`--output <path>` reads `--output <sökväg>` on a Swedish help page: click's English
    placeholders (``<str>``, ``<int range>`` …) are words the page would otherwise leave."""
    page = runner.invoke(app, [name, "--lang", "sv", "--help"], terminal_width=100).output
    placeholders = set(re.findall(r"<([a-z][a-z ]*)>", page))
    assert placeholders <= set(metavar_names().values()), placeholders
    english = runner.invoke(app, [name, "--help"], terminal_width=100).output
    assert "<path>" in english or "<str>" in english
