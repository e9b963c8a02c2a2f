"""Errors in Swedish for commands run with --lang sv: the catalog (kg/errors.sv.toml) keeps
the code's wording and its placeholders, and the errors on a city's common path read in
Swedish, the same errors without --lang in English."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import KgError, in_language

CATALOG = tomllib.loads((Path(kg.__file__).parent / "errors.sv.toml").read_text("utf-8"))


def _code_texts() -> list[tuple[re.Pattern, int]]:
    """Every string kg's code writes, as a pattern (an f-string's values match any text), with
    how many of its characters are written out."""
    found = []
    for path in Path(kg.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append(([node.value], len(node.value)))
            elif isinstance(node, ast.JoinedStr):
                parts = [p.value if isinstance(p, ast.Constant) else None for p in node.values]
                found.append((parts, sum(len(p) for p in parts if p)))
    return [
        (re.compile("".join("(.+)" if p is None else re.escape(p) for p in parts), re.S), size)
        for parts, size in found
    ]


def _is_the_codes(english: str) -> bool:
    """Whether kg's code writes ``english``: a string of the code matches it, and writes out
    most of its words (not an f-string of values alone)."""
    written = len(re.sub(r"\{\w+\}", "", english))
    return any(size * 2 >= written and text.fullmatch(english) for text, size in CODE)


CODE = _code_texts()


def _fields(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", template))


@pytest.mark.parametrize("english", list(CATALOG["texts"]))
def test_each_wording_is_the_codes_with_the_same_placeholders(english: str):
    """Each English wording is one the code writes (its values standing for the code's), and
    its Swedish has the same placeholders."""
    swedish = CATALOG["texts"][english]
    assert _fields(english) == _fields(swedish), swedish
    assert _is_the_codes(english), f"no longer kg's wording: {english}"


def test_a_message_without_a_swedish_wording_stays_english():
    word, text = in_language(KgError("something new", hint="do this"), "sv")
    assert (word, text) == ("fel", "something new\n  tips: do this")
    assert in_language(KgError("something new"), "en") == ("error", "something new")


def _run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    ("args", "swedish", "english"),
    [
        (
            ["gaps", "--year", "2021"],
            "fel: ingen källa redovisar något för 2021\n  tips: uppgifternas år är",
            "error: no source reports anything for 2021\n  hint: the data's years are",
        ),
        (
            ["gaps", "--no-bundled"],
            "fel: inga uppgifter: --no-bundled utesluter de medföljande uppgifterna",
            "error: no data: --no-bundled leaves out the bundled data",
        ),
        (
            ["suggest", "ingen-sadan-namnd"],
            "fel: ingen nämnd heter 'ingen-sadan-namnd'",
            "error: no committee is called 'ingen-sadan-namnd'",
        ),
    ],
)
def test_common_errors_read_in_the_commands_language(args: list, swedish: str, english: str):
    said = _run(*args, "--lang", "sv")
    assert said.exit_code == 2
    assert swedish in said.stderr
    assert english in _run(*args).stderr


def test_a_spreadsheet_given_as_data_is_explained_in_swedish(tmp_path: Path):
    sheet = tmp_path / "ekby.xlsx"
    sheet.write_bytes(b"")
    said = _run("gaps", "--data", sheet, "--lang", "sv")
    assert said.exit_code == 2
    text = " ".join(said.stderr.split())
    assert f"fel: {sheet}: kan inte läsa '.xlsx'-filer" in text
    assert f"tips: ett kalkylark blir uppgifter med kg import: kg import {sheet} -o" in text


def test_an_output_that_is_a_file_is_explained_in_swedish(tmp_path: Path):
    taken = tmp_path / "rapport"
    taken.write_text("", "utf-8")
    said = _run("report", "-o", taken, "--lang", "sv", "-q")
    assert said.exit_code == 2
    assert f"fel: {taken}: är en fil, inte en mapp att skriva i" in " ".join(said.stderr.split())
