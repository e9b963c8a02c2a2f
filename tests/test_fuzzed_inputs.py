"""Inputs property-based testing (tests/test_fuzz.py) found kg mishandling, each as the
smallest example: a clear mistake or error, in English and Swedish, never an internal error."""

from __future__ import annotations

from pathlib import Path

from helpers.cities import copy_sjostad, edit
from typer.testing import CliRunner

from kg.cli import app


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_a_document_language_that_is_not_a_language_code_is_a_mistake(tmp_path: Path):
    city = copy_sjostad(tmp_path)
    edit(city / "kalkylark" / "dokument.csv", 2, ";sv;", ";svenska språket;")
    output = tmp_path / "out.ttl"
    for lang, said in (
        (
            "en",
            "'svenska språket' is not a language code; write the document's language as a "
            "code: sv, en or sv-SE",
        ),
        (
            "sv",
            "'svenska språket' är ingen språkkod; skriv dokumentets språk som en kod: sv, "
            "en eller sv-SE",
        ),
    ):
        result = run("import", city / "kalkylark", "-o", output, "--lang", lang)
        assert result.exit_code == 2, result.output
        assert "internal error" not in result.output
        assert "row 2, column F (språk)" in result.output.replace("rad", "row").replace(
            "kolumn", "column"
        )
        assert said in " ".join(result.output.split())
        assert not output.exists()
