"""`kg validate` points a violation about a value at the line that states that value, where
a node's property is stated in two places: in two files, or in two statements of one file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
#: The well-formed base (every class once, conforming); each case states a property again
BASE = (FIXTURES / "kitchen_sink.ttl").read_text(encoding="utf-8")
PREFIXES = "".join(line + "\n" for line in BASE.splitlines() if line.startswith("@prefix"))

# Each case: a statement that gives a node a second, bad value of a property the base
# states well, and the violation (node, path) it makes.
CASES = {
    "datatype": (':doc kg:paginated "yes" .', "id:test/doc", "kg:paginated"),
    "not-in-the-list": (":company kg:sector kg:IOP .", "id:test/company", "kg:sector"),
    "literal-for-an-iri": (':m2 org:member "Testföreningen"@sv .', "id:test/m2", "org:member"),
    "string-too-short": (
        ':ev oa:hasSelector [ oa:exact "ab" ] .',
        "id:test/ev",
        "oa:hasSelector/oa:exact",
    ),
    "class-of-the-value": (":m2 org:member :doc .", "id:test/m2", "org:member"),
    "misspelt-class-as-a-value": (
        ":company kg:sector kg:Busines .",
        "id:test/company",
        "kg:sector",
    ),
    "misspelt-class": (":company a kg:Compny .", "id:test/company", "rdf:type"),
    "misspelt-id": (":m2 org:member :assocation .", "id:test/m2", "org:member"),
    "ill-typed-number": (
        ':ev kg:page "21x"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        "id:test/ev",
        "kg:page",
    ),
}


def _run(*files: Path, lang: str = "en", fmt: str = "json") -> str:
    args = ["validate", "--no-bundled", "-f", fmt, "--lang", lang]
    for file in files:
        args += ["--data", str(file)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    return result.stdout


def _where(*files: Path) -> dict[tuple[str, str], set[str]]:
    """(node, path) → where its violations point (one place each, or a test fails)."""
    found: dict[tuple[str, str], set[str]] = {}
    for v in json.loads(_run(*files))["violations"]:
        found.setdefault((v["node"], v["path"]), set()).add(v["where"])
    return found


def _line(path: Path, text: str) -> int:
    return 1 + next(
        i for i, line in enumerate(path.read_text("utf-8").splitlines()) if text in line
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_value_in_another_file_is_pointed_at(tmp_path: Path, case: str):
    statement, node, path = CASES[case]
    base, added = tmp_path / "base.ttl", tmp_path / "added.ttl"
    base.write_text(BASE, encoding="utf-8")
    added.write_text(PREFIXES + "\n" + statement + "\n", encoding="utf-8")
    where = _where(base, added)
    assert where[(node, path)] == {f"{added}:{_line(added, statement)}"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_value_in_a_second_statement_of_one_file_is_pointed_at(tmp_path: Path, case: str):
    statement, node, path = CASES[case]
    data = tmp_path / "one.ttl"
    data.write_text(BASE + "\n" + statement + "\n", encoding="utf-8")
    where = _where(data)
    assert where[(node, path)] == {f"{data}:{_line(data, statement)}"}


def test_the_first_of_several_bad_values_is_pointed_at_in_one_violation(tmp_path: Path):
    data = tmp_path / "one.ttl"
    data.write_text(
        BASE + '\n:ev kg:page "x" .\n:ev kg:page 0 , "y" .\n',
        encoding="utf-8",
    )
    pages = [v for v in json.loads(_run(data))["violations"] if v["path"] == "kg:page"]
    assert len(pages) == 1, pages
    first = _line(data, ':ev kg:page "x"')
    assert pages[0]["where"] == f"{data}:{first}"


@pytest.mark.parametrize(
    ("written", "node", "path"),
    [
        ('"""Test\nföreningen"""', "id:test/m2", "org:member"),
        ("'''Test\n\\u00e5\n'''@sv", "id:test/m2", "org:member"),
        ('"""2\n1"""^^xsd:integer', "id:test/ev", "kg:page"),
    ],
)
def test_a_value_over_several_lines_is_pointed_at_where_it_opens(
    tmp_path: Path, written: str, node: str, path: str
):
    base, added = tmp_path / "base.ttl", tmp_path / "added.ttl"
    base.write_text(BASE, encoding="utf-8")
    subject = ":" + node.rsplit("/", 1)[1]
    added.write_text(
        f'{PREFIXES}\n{subject} skos:altLabel """x\ny""" ;\n    {path} {written} .\n',
        encoding="utf-8",
    )
    assert _where(base, added)[(node, path)] == {f"{added}:{_line(added, f'    {path} ')}"}


def test_swedish_output_is_unchanged_but_for_the_line(tmp_path: Path):
    """The line points at the second file; the Swedish words are those of the violation
    where only the first file states the property."""
    base, added = tmp_path / "base.ttl", tmp_path / "added.ttl"
    base.write_text(BASE, encoding="utf-8")
    added.write_text(PREFIXES + '\n:doc kg:paginated "yes" .\n', encoding="utf-8")
    swedish = _run(base, added, lang="sv", fmt="table").splitlines()
    only = tmp_path / "only.ttl"
    only.write_text(BASE.replace("kg:paginated true", 'kg:paginated "yes"'), encoding="utf-8")
    alone = _run(only, lang="sv", fmt="table").splitlines()
    assert len(swedish) == len(alone) == 1
    assert swedish[0].startswith(f"{added}:{_line(added, 'kg:paginated')}: ")
    stated = _line(only, 'kg:paginated "yes')
    assert alone[0].startswith(f"{only}:{stated}: ")
    assert swedish[0].split(": ", 1)[1] == alone[0].split(": ", 1)[1]
    assert "Ett källdokument behöver kg:paginated true eller false." in swedish[0]
