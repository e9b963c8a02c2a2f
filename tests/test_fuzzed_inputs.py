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


ILL_TYPED = (
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    '<http://example.org/a> <http://example.org/p> "yes"^^xsd:boolean, "abc"^^xsd:integer,\n'
    '    "1.x"^^xsd:double, "abc"^^xsd:decimal, "2020-13-45"^^xsd:date .\n'
)


def test_ill_typed_literals_are_exported_as_written_without_a_traceback(tmp_path: Path):
    """RDF allows an ill-typed literal: kg export kept "yes" typed xsd:boolean as "false"
    (Turtle, N-Triples) or JSON's false (JSON-LD), "abc" typed xsd:integer as a plain string
    in JSON-LD, and printed rdflib's traceback for each on stderr."""
    import rdflib
    from rdflib import Graph

    data = tmp_path / "ill.ttl"
    data.write_text(ILL_TYPED, encoding="utf-8")
    for fmt in ("ttl", "nt", "jsonld", "rdfxml"):
        output = tmp_path / f"out.{fmt.replace('rdfxml', 'rdf')}"
        result = run("export", "-f", fmt, "-o", output, "--no-bundled", "--data", data)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output and "Failed to convert" not in result.output
        normalized = rdflib.NORMALIZE_LITERALS
        rdflib.NORMALIZE_LITERALS = False  # read back each literal as written
        try:
            graph = Graph().parse(output)
        finally:
            rdflib.NORMALIZE_LITERALS = normalized
        a = rdflib.URIRef("http://example.org/a")
        shown = sorted((str(o), str(o.datatype).split("#")[1]) for o in graph.objects(a))
        assert shown == [
            ("1.x", "double"),
            ("2020-13-45", "date"),
            ("abc", "decimal"),
            ("abc", "integer"),
            ("yes", "boolean"),
        ], fmt
    # the workbook's sheet other writes each with its datatype, not "yes" bare
    result = run(
        "export", "-f", "xlsx", "-o", tmp_path / "out.xlsx", "--no-bundled", "--data", data
    )
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    sheets = load_workbook(tmp_path / "out.xlsx").worksheets
    cells = {c.value for sheet in sheets for r in sheet.iter_rows() for c in r}
    assert '"yes"^^xsd:boolean' in cells
