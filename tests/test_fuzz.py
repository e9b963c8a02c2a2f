"""Property-based tests of kg's inputs (hypothesis): Turtle mutated byte by byte, spreadsheet
cells, query parameters, HTTP requests to kg serve and labels in the rendered outputs. Every
input is either read or refused with an error that names its place (exit code 2), never an
internal error, a traceback or a half-written output; text from the data is shown, never
obeyed. Deterministic (derandomize) and bounded; the larger runs are marked slow.
tests/test_fuzzed_inputs.py keeps each input these found, as a plain example."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import tempfile
import urllib.parse
from pathlib import Path

import pytest
from helpers import serving
from helpers.examples import bounded
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from kg.cli import app
from kg.sparql.library import library

FIXTURES = Path(__file__).parent / "fixtures"
SJOSTAD = FIXTURES / "sjostad"
SEEDS = {p.name: p.read_bytes() for p in sorted(FIXTURES.glob("*.ttl"))}
HOSTILE = (FIXTURES / "hostile_label.ttl").read_text(encoding="utf-8")
runner = CliRunner()


def assert_handled(result, *, codes=(0, 1, 2)) -> None:
    assert result.exit_code in codes, result.output
    assert "internal error" not in result.output, result.output
    assert "Traceback" not in result.output, result.output


# ---------------------------------------------------------------- Turtle and N-Triples

#: Bytes the files people send hold: NUL, a lone surrogate (as UTF-8 would encode it), the
#: right-to-left override, a byte-order mark, CRLF, Latin-1's ä, IRIs with a space or
#: relative, deep collections, a blank-node cycle, a triple-quoted string.
ODD = [
    b"\x00",
    b"\xed\xa0\x80",
    "\u202e".encode(),
    b"\xef\xbb\xbf",
    b"\r\n",
    b"\xe4",
    b"<a b>",
    b"<relative>",
    b"(" * 64 + b")" * 64,
    b"_:c <urn:p> _:d . _:d <urn:p> _:c .",
    b'"""',
    b'"\\uD800"',
    b"@base <x> .",
    b"[ ",
    b"}",
]
MUTATION = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(ODD)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 40)),
)


def mutated(data: bytes, mutations: list[tuple]) -> bytes:
    for kind, at, *more in mutations:
        i = int(at * len(data))
        if kind == "truncate":
            data = data[:i]
        elif kind == "flip":
            data = data[:i] + bytes([more[0]]) + data[i + 1 :]
        elif kind == "insert":
            data = data[:i] + more[0] + data[i:]
        else:
            data = data[:i] + data[i + more[0] :]
    return data


def check_rdf(command: list[str], name: str, data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).stem + suffix)
        path.write_bytes(data)
        args = [a.replace("{out}", f"{folder}/out") for a in command]
        result = runner.invoke(app, [*args, "--no-bundled", "--data", str(path)])
        assert_handled(result)
        if result.exit_code == 2:  # an error names the file (a line where there is one)
            assert path.name in " ".join(result.output.split()), result.output
            assert not Path(folder, "out").exists(), "a refused input writes nothing"


@pytest.mark.slow
@bounded(12)
@given(st.sampled_from(sorted(SEEDS)), st.lists(MUTATION, min_size=1, max_size=3))
def test_mutated_turtle_is_read_or_refused_with_its_place(name: str, mutations: list):
    check_rdf(["validate"], name, mutated(SEEDS[name], mutations), ".ttl")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "suffix"),
    [(["validate"], ".ttl"), (["gaps"], ".nt"), (["report", "-o", "{out}"], ".ttl")],
    ids=["validate", "gaps-nt", "report"],
)
def test_mutated_rdf_through_the_commands(command: list[str], suffix: str):
    @bounded(40 if command[0] != "report" else 15)
    @given(st.sampled_from(sorted(SEEDS)), st.lists(MUTATION, min_size=1, max_size=4))
    def run(name: str, mutations: list):
        check_rdf(command, name, mutated(SEEDS[name], mutations), suffix)

    run()


#: Lexical forms for the literals of a fixture, under the datatypes kg and others use.
LEXICAL = st.one_of(
    st.sampled_from(
        [
            "-1",
            "0",
            "99999999999999999999",
            "1e400",
            "yes",
            "2023-02-30",
            "2023-13",
            "NaN",
            "",
            " ",
            "\\u0000",
            "x" * 2000,
            "<img>",
            "2015/2010",
            "P1Y",
            "\\u202e",
        ]
    ),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters='"\\\n\r'), max_size=12),
)
DATATYPE = st.sampled_from(
    [
        "",
        "@sv",
        "@SV",
        "^^xsd:gYear",
        "^^xsd:date",
        "^^xsd:integer",
        "^^xsd:boolean",
        "^^xsd:decimal",
        "^^xsd:double",
        "^^xsd:dateTime",
        "^^rdf:langString",
    ]
)
LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"(?:@[A-Za-z-]+|\^\^[\w:]+)?')


def with_literals(text: str, edits: list[tuple]) -> str:
    """``text`` with some of its literals (not in @prefix lines) replaced."""
    for at, lexical, datatype in edits:
        found = [m for m in LITERAL.finditer(text)]
        if not found:
            break
        m = found[int(at * (len(found) - 1))]
        text = text[: m.start()] + f'"{lexical}"{datatype}' + text[m.end() :]
    return text


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["gaps"],
        ["validate"],
        ["export", "-f", "jsonld", "-o", "{out}.jsonld"],
        ["export", "-f", "xlsx", "-o", "{out}.xlsx"],
        ["map", "-o", "{out}.html"],
    ],
    ids=lambda c: "-".join(c[:3]),
)
def test_odd_literals_are_read_or_refused(command: list[str]):
    seeds = ["kitchen_sink.ttl", "sparql_fixture.ttl", "analysis.ttl"]

    @bounded(25)
    @given(
        st.sampled_from(seeds),
        st.lists(st.tuples(st.floats(0, 1), LEXICAL, DATATYPE), min_size=1, max_size=3),
    )
    def run(name: str, edits: list):
        text = with_literals(SEEDS[name].decode("utf-8"), edits)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            args = [a.replace("{out}", f"{folder}/out") for a in command]
            assert_handled(runner.invoke(app, [*args, "--no-bundled", "--data", str(path)]))

    run()


# ---------------------------------------------------------------- spreadsheets

TABLES = {
    p.name: list(csv.reader(io.StringIO(p.read_text("utf-8")), delimiter=";"))
    for p in sorted((SJOSTAD / "kalkylark").glob("*.csv"))
}
CELL = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "=SUM(A1:A3)",
            "#REF!",
            "2023-01-01",
            "1e308",
            "-1",
            "0",
            "NaN",
            "nej",
            "ja",
            "Trygga stråket",
            "Socialnämnden",
            "upp-2023",
            "a\nb",
            "x" * 3000,
            "2023-02-30",
            '"',
            "\ufeff",
            "\u202e",
        ]
    ),
    st.integers(-(10**20), 10**20).map(str),
)
EDIT = st.one_of(
    st.tuples(
        st.just("cell"),
        st.sampled_from(sorted(TABLES)),
        st.integers(0, 30),
        st.integers(0, 15),
        CELL,
    ),
    st.tuples(st.just("copy row"), st.sampled_from(sorted(TABLES)), st.integers(1, 30)),
    st.tuples(st.just("drop row"), st.sampled_from(sorted(TABLES)), st.integers(0, 30)),
    st.tuples(st.just("empty"), st.sampled_from(sorted(TABLES))),
)


def edited(edits: list[tuple]) -> dict[str, list[list[str]]]:
    tables = {name: [list(r) for r in rows] for name, rows in TABLES.items()}
    for kind, name, *more in edits:
        rows = tables[name]
        if kind == "cell" and rows and rows[more[0] % len(rows)]:
            row = rows[more[0] % len(rows)]
            row[more[1] % len(row)] = more[2]
        elif kind == "copy row" and len(rows) > 1:
            rows.append(list(rows[1 + more[0] % (len(rows) - 1)]))
        elif kind == "drop row" and rows:
            del rows[more[0] % len(rows)]
        elif kind == "empty":
            tables[name] = []
    return tables


def check_import(tables: dict[str, list[list[str]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sheets = Path(folder) / "kalkylark"
        sheets.mkdir()
        for name, rows in tables.items():
            text = io.StringIO()
            csv.writer(text, delimiter=";").writerows(rows)
            (sheets / name).write_text(text.getvalue(), encoding="utf-8")
        output = Path(folder) / "out.ttl"
        result = runner.invoke(
            app,
            [
                "import",
                str(sheets),
                "-o",
                str(output),
                "--sources",
                str(SJOSTAD / "sources"),
                "--city",
                "Sjöstad kommun",
            ],
        )
        assert_handled(result, codes=(0, 2))
        assert output.exists() == (result.exit_code == 0), "written whole, or nothing"


@bounded(6)
@given(st.lists(EDIT, min_size=1, max_size=3))
def test_spreadsheet_cells_are_imported_or_named_as_mistakes(edits: list):
    check_import(edited(edits))


@pytest.mark.slow
@bounded(60)
@given(st.lists(EDIT, min_size=1, max_size=4))
def test_more_spreadsheet_cells_are_imported_or_named_as_mistakes(edits: list):
    check_import(edited(edits))


# ---------------------------------------------------------------- query parameters

PARAMETERS = sorted((q.name, p.name) for q in library() for p in q.params)
VALUE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            '"',
            "'",
            '"x"@sv',
            '"x"@',
            '"x"^^<bad iri>',
            "<http://x y>",
            "<>",
            "<relative>",
            "id:",
            "nope:thing",
            "_:b",
            "?x",
            "} UNION { ?s ?p ?o }",
            "1e999",
            "NaN",
            "99999999999999999999999",
            "\n",
            "\x00",
            '"\\u0000"',
            "<javascript:alert(1)>",
            "(1 2)",
            "x" * 10000,
        ]
    ),
)


def check_parameter(query: str, parameter: str, value: str, fmt: str, *where: str) -> None:
    """``kg query QUERY -p PARAMETER=VALUE -f FMT`` on the bundled data (``where``: ``--store
    DIR`` for a store of it): answered, or refused with kg's error naming the parameter."""
    result = runner.invoke(app, ["query", query, "-p", f"{parameter}={value}", "-f", fmt, *where])
    assert_handled(result)
    if result.exit_code == 2:
        assert parameter in result.output or "parameter" in result.output, result.output


@pytest.mark.slow
@bounded(15)
@given(st.sampled_from(PARAMETERS), VALUE)
def test_query_parameters_are_bound_or_refused(named: tuple[str, str], value: str):
    check_parameter(*named, value, "csv")


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the bundled data, built once: each example below opens it and its facts
    kept beside it rather than reading the data again (kg query only reads a store)."""
    folder = tmp_path_factory.mktemp("fuzz-store") / "store"
    result = runner.invoke(app, ["stats", "-q", "--store", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.slow
@bounded(150)
@given(st.sampled_from(PARAMETERS), VALUE, st.sampled_from(["table", "csv", "json"]))
def test_more_query_parameters_are_bound_or_refused(
    bundled_store: Path, named, value: str, fmt: str
):
    check_parameter(*named, value, fmt, "--store", str(bundled_store))


# ---------------------------------------------------------------- kg serve

QUERIES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
            "ASK { ?s ?p ?o }",
            "SELECT",
            "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
            "INSERT DATA { <a> <b> <c> }",
            "",
            'SELECT * { ?s ?p "\\u0000" }',
        ]
    ),
)
KEY = st.sampled_from(
    [
        "query",
        "update",
        "format",
        "output",
        "default-graph-uri",
        "named-graph-uri",
        "lang",
        "timeout",
        "",
        "\x00",
    ]
)
ACCEPT = st.one_of(
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    st.sampled_from(
        [
            "*/*",
            "text/csv",
            "application/sparql-results+json",
            "text/turtle",
            "application/ld+json;q=0.5, text/html;q=0.9",
            "application/json;q=abc",
            ";;;",
        ]
    ),
)
CONTENT_TYPE = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/sparql-query",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded; charset=latin1",
        "application/sparql-update",
    ]
)


@pytest.mark.slow
def test_http_requests_are_answered_or_refused_never_a_server_error():
    with serving.running() as endpoint:
        host, port = endpoint.server_address[:2]
        url = f"http://{host}:{port}/"

        @bounded(150)
        @given(
            st.sampled_from(["GET", "POST", "HEAD", "OPTIONS"]),
            st.sampled_from(["sparql", "", "index.html", "health", "elsewhere"]),
            st.lists(st.tuples(KEY, QUERIES), max_size=3),
            ACCEPT,
            CONTENT_TYPE,
            st.one_of(st.binary(max_size=200), st.lists(st.tuples(KEY, QUERIES), max_size=3)),
        )
        def run(method, path, params, accept, content_type, body):
            if isinstance(body, list):
                body = urllib.parse.urlencode(body).encode()
            query = urllib.parse.urlencode(params)
            status, _, answer = serving.exact(
                url + path + (f"?{query}" if query else ""),
                method=method,
                body=body if method == "POST" else None,
                headers={"Accept": accept, "Content-Type": content_type},
            )
            assert 200 <= status < 500, (status, answer[:300])

        run()
        status, _, _ = serving.http(url + "health")
        assert status == 200, "the endpoint still answers"


# ---------------------------------------------------------------- rendering

#: What a terminal, Markdown or HTML would obey: tags, entities, links, emphasis, headings,
#: table bars, rich's markup, escape sequences, bidirectional overrides, template syntax.
PIECES = [
    "<kgx>",
    "</td>",
    "&amp;",
    "[a](http://kgx.example)",
    "<http://kgx.example>",
    "![i](kgx.png)",
    "**b**",
    "_i_",
    "`c`",
    "# h",
    "\r",
    "| t |",
    "\\",
    '"',
    "'",
    "{{ x }}",
    "{% x %}",
    "[bold]",
    "[/]",
    "[link=http://kgx.example]",
    ":x:",
    "\u009b31m",
    "\u202e",
    "\u2028",
    "😀",
    "x" * 300,
    "<!--",
    "</script>",
    "javascript:",
    "1. ",
    "> ",
    "~~s~~",
]
LABEL = (
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), min_size=1, max_size=5)
    .map("".join)
    .filter(str.strip)
)


def turtle_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


def check_rendered(company: str, committee: str) -> None:
    """The two labels, in a report, a map and the terminal's tables of data of their own."""
    folder = Path(tempfile.mkdtemp())
    try:
        _check_rendered(folder, company, committee)
    finally:
        shutil.rmtree(folder)


def _check_rendered(folder: Path, company: str, committee: str) -> None:
    data = folder / "labels.ttl"
    data.write_text(
        HOSTILE.replace('"Testbolaget"@sv', turtle_string(company) + "@sv").replace(
            '"Testnämnden"@sv', turtle_string(committee) + "@sv"
        ),
        encoding="utf-8",
    )
    from kg.analysis.pipeline import analyse
    from kg.io.source import Source
    from kg.report.write import write_report

    analysis = analyse(Source(data=(data,), bundled=False).facts())
    write_report(analysis, folder / "out", triples=1)
    page = (folder / "out" / "report.html").read_text(encoding="utf-8")
    markdown = (folder / "out" / "report.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark", {"html": True}).render(markdown)
    drawn = re.sub(
        r"(?s)<script[^>]*>.*?</script>",
        "",
        (folder / "out" / "map.html").read_text(encoding="utf-8"),
    )
    for where, text in (("report.html", page), ("report.md", rendered), ("map.html", drawn)):
        assert "<kgx" not in text.lower(), where
        assert not re.search(r"(href|src)=[\"']?(https?://kgx|javascript:|kgx\.png)", text), where
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", markdown.replace("\r\n", "\n"))
    for label in (company, committee):  # a plain label reads as written in report.html
        plain = " ".join(label.split())
        # (a name in brackets after the other has its own brackets written with a comma)
        if plain.isprintable() and plain.isascii() and not re.search(r"[()]", plain):
            shown = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
            assert plain in shown, label
    result = runner.invoke(
        app,
        ["centrality", "--top", "0", "--no-bundled", "--data", str(data)],
        env={"COLUMNS": "300"},
    )
    assert_handled(result, codes=(0,))
    assert not re.search("[\x1b\x9b\u202e]", result.output), "no escape sequence obeyed"


@pytest.mark.slow
@bounded(3)
@given(LABEL, LABEL)
def test_labels_are_shown_as_written_in_every_output(company: str, committee: str):
    check_rendered(company, committee)


@pytest.mark.slow
@bounded(40)
@given(LABEL, LABEL)
def test_more_labels_are_shown_as_written_in_every_output(company: str, committee: str):
    check_rendered(company, committee)
