"""The checks before a query runs: nesting and long operator chains are refused before the engine
(whose parser and evaluator recurse, so either would overflow the stack of a worker or of
``kg query``), syntax errors are echoed briefly, and which queries count as quick."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QuerySyntaxError
from kg.model.vocab import PREFIXES
from kg.sparql.check import MAX_COST, check, quick
from kg.sparql.engine import prepare_text
from kg.sparql.library import library

runner = CliRunner()
Q = Path("q")

#: The review's query of about 93 bytes, 40 nested groups (it killed a worker and crashed
#: ``kg query``).
NESTED_40 = "ASK " + "{" * 40 + " ?s ?p ?o " + "}" * 40


def chain(kind: str, n: int) -> str:
    """A query with one long chain of n operators, each one level deeper in the engine's tree.

    At about 2,500 (BIND, MINUS) to 7,000 (+, UNION) links pyoxigraph's parser or evaluator
    overflows an 8 MiB stack and the process dies with SIGSEGV.
    """
    return {
        "bind": "SELECT * { " + " ".join(f"BIND({i} AS ?x{i})" for i in range(n)) + " }",
        "minus": "SELECT * { ?s ?p ?o " + " MINUS { ?s <p:a> ?o }" * n + " }",
        "plus": "ASK { FILTER(" + "+".join(["1"] * n) + " > 0) }",
        "and": "ASK { FILTER(" + " && ".join(["true"] * n) + ") }",
        "union": "SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
        "optional": "SELECT * { ?s ?p ?o "
        + " ".join(f"OPTIONAL {{ ?s <p:b> ?o{i} }}" for i in range(n))
        + " }",
        "groups": "SELECT * { " + " ".join(["{ ?s ?p ?o }"] * n) + " }",
    }[kind]


def test_the_93_byte_query_of_the_review_is_answered():
    assert check(NESTED_40, source=Q) == "ASK"


def test_nesting_past_the_limit_is_a_located_syntax_error():
    with pytest.raises(QuerySyntaxError, match="nests groups and brackets more than 64") as caught:
        check("ASK " + "{" * 100 + " ?s ?p ?o " + "}" * 100, source=Q)
    assert (caught.value.line, caught.value.column) == (1, 69)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bind", "minus", "plus", "and", "union", "optional", "groups"])
def test_a_chain_past_the_limit_is_refused(kind: str):
    with pytest.raises(QuerySyntaxError, match="too complex") as caught:
        check(chain(kind, 3000), source=Q)
    assert caught.value.line == 1 and caught.value.column


@pytest.mark.parametrize("kind", ["bind", "plus", "union", "groups"])
def test_a_chain_within_the_limit_is_accepted(kind: str):
    text = chain(kind, MAX_COST // 3)
    assert check(text, source=Q) == text.split()[0]  # its form: SELECT, or ASK


def test_chains_add_up_along_nested_groups():
    inner = " ".join(f"BIND({i} AS ?y{i})" for i in range(MAX_COST // 2))
    outer = " ".join(f"BIND({i} AS ?x{i})" for i in range(MAX_COST // 2))
    with pytest.raises(QuerySyntaxError, match="too complex"):
        check(f"SELECT * {{ {outer} {{ {inner} }} }}", source=Q)


@pytest.mark.slow
def test_a_long_values_block_is_data_not_a_chain():
    rows = " ".join(f"(-{i} {i}.5)" for i in range(20_000))
    assert check(f"SELECT * {{ VALUES (?a ?b) {{ {rows} }} }}", source=Q) == "SELECT"
    single = " ".join(f"-{i}" for i in range(20_000))
    assert check(f"SELECT * {{ VALUES ?a {{ {single} }} }}", source=Q) == "SELECT"


@pytest.mark.parametrize("query", library(), ids=lambda q: q.name)
def test_every_library_query_is_well_within_the_limits(query):
    form = check(query.text, source=Q, prefixes=PREFIXES)
    assert form in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"} and form in query.text


def test_a_long_line_is_clipped_in_a_syntax_error():
    with pytest.raises(QuerySyntaxError) as caught:
        prepare_text("SELECT * WHERE { ?s ?p " + "a" * 5000 + " }")
    shown = str(caught.value)
    assert len(shown) < 1200, "the echo of the query is clipped around the error"
    assert "^" in shown


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bind", "union"])
def test_kg_query_refuses_a_long_chain_instead_of_crashing(kind: str):
    """Without the check the engine overflows the stack: the process dies with SIGSEGV."""
    done = subprocess.run(
        [sys.executable, "-c", "from kg.cli import app; app()", "query", "-", "--no-bundled"],
        input=chain(kind, 12_000),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert "too complex" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "text", [NESTED_40, "ASK " + "{" * 100 + " ?s ?p ?o " + "}" * 100, chain("bind", 3000)]
)
def test_kg_query_from_stdin_answers_or_explains_deep_queries(text: str):
    result = runner.invoke(app, ["query", "-", "--no-bundled", "--format", "json"], input=text)
    assert "Traceback" not in result.output
    if text == NESTED_40:
        assert result.exit_code == 0 and '"boolean":true' in result.stdout
    else:
        assert result.exit_code == 2
        assert "error:" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ASK { ?s ?p ?o }", True),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 10", True),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 100 OFFSET 5", True),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", True),
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 5000", False),
        ("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10", False),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } LIMIT 1", False),
        ("SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s LIMIT 1", False),
        ("SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 1 } ?s ?q ?r }", False),
        ('SELECT * WHERE { ?s ?p "LIMIT 1" }', False),
        ("ASK { ?s ?p ?o } # LIMIT 1", True),
        ("DROP ALL", False),
        ("", False),
    ],
)
def test_quick_queries(text: str, expected: bool):
    assert quick(text) is expected


def test_kg_query_answers_a_graph_pattern_with_no_rows():
    """The peers' defect 7: GRAPH crashed kg query in memory; no named graph means no row."""
    result = runner.invoke(
        app,
        ["query", "-", "--no-bundled", "--format", "csv"],
        input="SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["g,o,p,s"]


@pytest.mark.parametrize("text", ["", "# a comment only\n"])
def test_kg_query_calls_an_empty_query_a_syntax_error(text: str):
    result = runner.invoke(app, ["query", "-", "--no-bundled"], input=text)
    assert result.exit_code == 2 and "the query is empty" in result.output
