"""``kg query`` and ``kg queries`` in process: formats, parameters, standard input, errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import KgError
from kg.sparql.library import find, from_text, library

runner = CliRunner()
FIXTURE = str(Path(__file__).parent / "fixtures" / "sparql_fixture.ttl")
ON_FIXTURE = ["--no-bundled", "--data", FIXTURE]
LACKING = ["query", "committees-lacking-sector", *ON_FIXTURE]
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def invoke(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_table_shows_the_rows_and_the_title():
    result = invoke(*LACKING, "--param", "sector=civil")
    assert result.exit_code == 0, result.output
    assert "Committees lacking partners in a partner group" in result.stdout
    assert "Gammanämnden" in result.stdout
    assert "Betanämnden" not in result.stdout
    assert "1 row" in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("academia", ["Betanämnden", "Deltanämnden", "Gammanämnden"]),
        ("kg:CivilSociety", ["Gammanämnden"]),
        ("<https://w3id.org/kg-malmo/ontology#PublicSector>", ["Alfanämnden", "Deltanämnden", "Gammanämnden"]),  # noqa: E501
    ],
)  # fmt: skip
def test_a_parameter_changes_the_answer(value: str, expected: list[str]):
    result = invoke(*LACKING, "-p", f"sector={value}", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "committee,label"
    assert [line.split(",")[1] for line in lines[1:]] == expected


def test_csv_is_sparql_csv():
    result = invoke(*LACKING, "--format", "csv")
    assert result.stdout_bytes.decode() == (  # CliRunner's .stdout turns CRLF into LF
        "committee,label\r\n"
        "https://w3id.org/kg-malmo/id/fx/beta,Betanämnden\r\n"
        "https://w3id.org/kg-malmo/id/fx/delta,Deltanämnden\r\n"
        "https://w3id.org/kg-malmo/id/fx/gamma,Gammanämnden\r\n"
    )


def test_tsv_writes_terms_as_in_turtle():
    result = invoke("query", "most-collaborative-actors", *ON_FIXTURE, "-f", "tsv")
    lines = result.stdout.splitlines()
    assert lines[0] == "?actor\t?label\t?group\t?collaborations"
    assert lines[1] == '<https://w3id.org/kg-malmo/id/fx/alpha>\t"Alfanämnden"@sv\t"city"\t3'


def test_json_is_sparql_results_json():
    result = invoke(*LACKING, "--format", "json")
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["committee", "label"]
    first = data["results"]["bindings"][0]
    assert first["committee"] == {"type": "uri", "value": "https://w3id.org/kg-malmo/id/fx/beta"}
    assert first["label"] == {"type": "literal", "value": "Betanämnden", "xml:lang": "sv"}


def test_xml_is_sparql_results_xml():
    result = invoke("query", "stated-counts", *ON_FIXTURE, "--format", "xml")
    root = ET.fromstring(result.stdout.encode())
    names = [v.get("name") for v in root.iter(f"{SPARQL_RESULTS}variable")]
    assert names[:3] == ["count", "forLabel", "number"]
    numbers = [
        b.find(f"{SPARQL_RESULTS}literal")
        for b in root.iter(f"{SPARQL_RESULTS}binding")
        if b.get("name") == "number"
    ]
    assert [(n.text, n.get("datatype")) for n in numbers] == [
        ("3", "http://www.w3.org/2001/XMLSchema#integer"),
        ("2", "http://www.w3.org/2001/XMLSchema#integer"),
    ]


@pytest.mark.parametrize(
    ("fmt", "expected"), [("json", '"boolean":true'), ("xml", "<boolean>true")]
)
def test_ask_gives_a_boolean(fmt: str, expected: str):
    result = invoke(
        "query", "actors-linked", *ON_FIXTURE, "-p", "actor_a=id:fx/uni",
        "-p", "actor_b=id:fx/company", "-f", fmt,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


@pytest.mark.parametrize(
    ("fmt", "parser"),
    [
        ("table", "turtle"),
        ("turtle", "turtle"),
        ("nt", "nt"),
        ("json", "json-ld"),
        ("jsonld", "json-ld"),
        ("rdfxml", "xml"),
        ("xml", "xml"),
    ],
)
def test_construct_gives_rdf(fmt: str, parser: str):
    result = invoke("query", "memberships-as-links", *ON_FIXTURE, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.stdout, format=parser)) == 17


def test_a_graph_answer_is_the_same_bytes_whatever_order_the_engine_gives():
    """A CONSTRUCT's triples come in the engine's order, which differs in memory and on a
    store: they are written sorted, N-Triples line by line, so the same graph gives the same
    file."""
    import pyoxigraph as ox

    from kg.sparql.results import serialize

    result = invoke("query", "memberships-as-links", *ON_FIXTURE, "--format", "nt")
    lines = result.stdout.splitlines()
    assert len(lines) == 17 and lines == sorted(lines)
    triples = list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.N_TRIPLES))
    for fmt in ("nt", "turtle", "jsonld", "rdfxml"):
        forward = serialize(iter(triples), fmt).body
        assert serialize(iter(triples[::-1]), fmt).body == forward, fmt


def test_n_triples_lines_are_in_the_order_of_the_triples_sorted_by_their_text(tmp_path: Path):
    """N-Triples is written as the other graph formats sort: by each triple's text, here
    with literals that begin one another (plain, tagged, typed), escapes, and letters beyond
    ASCII, and on the bundled data's whole graph."""
    import pyoxigraph as ox

    data = tmp_path / "awkward.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/> .\n"
        'ex:s ex:p "a", "a"@en, "a"@en-GB, "a"^^ex:t, "ab", "a b", "a\\nb", "a\\"b", "a\\\\b",\n'
        '  "ä", "z", "Å", "€", "\U0001f600", 1, 1.5, true ; ex:q ex:s, [ ex:p "x" ] .\n',
        encoding="utf-8",
    )
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    for source in (["--no-bundled", "--data", str(data)], []):
        result = invoke("query", "-", *source, "--format", "nt", stdin=everything)
        assert result.exit_code == 0, result.output
        written = result.stdout_bytes.decode("utf-8").splitlines()
        triples = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_TRIPLES))
        assert len(triples) == len(written) > 20
        assert written == [f"{triple} ." for triple in sorted(triples, key=str)]
    from kg.sparql.results import serialize

    answer = serialize(kg.query(kg.Source(), from_text(everything)), "nt")  # the engine's own
    lines = answer.body.splitlines()
    assert answer.rows == len(lines) == len(written) and lines == sorted(lines)


def test_ask_refuses_a_format_without_booleans():
    result = invoke(
        "query", "actors-linked", *ON_FIXTURE, "-p", "actor_a=id:fx/uni",
        "-p", "actor_b=id:fx/company", "-f", "csv",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'csv' is not a format for ASK results" in result.stderr
    assert "choose one of: table, json, xml" in result.stderr  # kg query's table as well


def test_select_refuses_a_graph_format_naming_every_format_it_takes():
    result = invoke("query", "sector-pairs", *ON_FIXTURE, "--format", "turtle")
    assert result.exit_code == 2
    assert "'turtle' is not a format for SELECT results" in result.stderr
    assert "choose one of: table, csv-excel, json, xml, csv, tsv" in result.stderr


def test_a_wrong_format_is_refused_before_the_query_runs():
    """Not after a long query, nor after an endpoint kg cannot reach (exit 3)."""
    unreachable = ["--endpoint", "http://127.0.0.1:9/sparql"]
    result = invoke("query", "sector-pairs", *unreachable, "--format", "turtle")
    assert result.exit_code == 2, result.output
    assert "'turtle' is not a format for SELECT results" in result.stderr
    assert "cannot reach" not in result.stderr


def test_construct_refuses_a_table_format():
    result = invoke("query", "memberships-as-links", *ON_FIXTURE, "--format", "csv")
    assert result.exit_code == 2
    assert "'csv' is not a format for CONSTRUCT and DESCRIBE results" in result.stderr


def test_a_query_from_standard_input_may_use_the_kg_prefixes():
    query = "SELECT ?c WHERE { ?c a kg:Committee } ORDER BY ?c"
    result = invoke("query", "-", *ON_FIXTURE, "-f", "csv", stdin=query)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        f"https://w3id.org/kg-malmo/id/fx/{name}" for name in ("alpha", "beta", "delta", "gamma")
    ]


def test_a_query_file_by_path(tmp_path: Path):
    path = tmp_path / "mine.rq"
    path.write_text(
        "#+ summary: Mine\n#+ params:\n#+ param: n (integer, default: 1) — at least\n"
        "PREFIX kg: <https://w3id.org/kg-malmo/ontology#>\n"
        "SELECT ?c WHERE { { SELECT (COUNT(*) AS ?c) WHERE { ?x a kg:Committee } } "
        "FILTER(?c >= ?n) }\n",
        encoding="utf-8",
    )
    result = invoke("query", str(path), *ON_FIXTURE, "-f", "csv", "-p", "n=2")
    assert result.stdout.splitlines() == ["c", "4"]


def test_a_syntax_error_names_the_file_and_position(tmp_path: Path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?x\nWHERE { ?x ?y }\n", encoding="utf-8")
    result = invoke("query", str(path), *ON_FIXTURE)
    assert result.exit_code == 2
    assert f"{path}:2:" in result.stderr
    assert "SPARQL syntax error" in result.stderr


def test_a_syntax_error_on_standard_input_points_at_the_position():
    result = invoke("query", "-", *ON_FIXTURE, stdin="SELECT * WHERE {\n  ?s ?p\n}")
    assert result.exit_code == 2
    assert "<stdin>:2:3: SPARQL syntax error" in result.stderr
    assert "      ?s ?p\n      ^" in result.stderr


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            "SELECT ?c WHERE { ?c kg:lacksGroup ?sector . ?c ?p ?o ?x }\n",
            ":4:55: SPARQL syntax error: the pattern or clause that starts here cannot be read to "
            "its end, found '?x'\n    SELECT ?c WHERE { ?c kg:lacksGroup ?sector . ?c ?p ?o ?x }",
        ),
        (
            "SELECT ?c WHERE {\n  ?c kg:lacksGroup ?sector .\n  FILTER(?c != 1\n}\n",
            ":6:9: the '(' here is not closed before the '}' on line 7",
        ),
    ],
)
def test_a_syntax_error_in_a_query_with_parameters_is_placed_in_its_file(
    tmp_path: Path, body: str, said: str
):
    """The line and column are the file's, not those of the text with the parameters' VALUES
    block added, and the line shown is the file's."""
    path = tmp_path / "mine.rq"
    header = "#+ summary: Committees lacking a group\n#+ params:\n"
    header += "#+ param: sector (group, default: kg:Academia) — the group\n"
    path.write_text(header + body, encoding="utf-8")
    for given in ([], ["--param", "sector=civil"]):
        result = invoke("query", str(path), *ON_FIXTURE, *given)
        assert result.exit_code == 2
        assert f"{path}{said}" in result.stderr
        assert "VALUES" not in result.stderr


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "SELECT ?x WHERE {\n ?x a kg:Committee .\n ?x skos:prefLabel\n}",
            "<stdin>:3:2: SPARQL syntax error: the pattern or clause that starts here cannot be "
            "read to its end, found '?x'",
        ),
        ("SELECT ?x WHERE { ?x ?p ?o } ORDER ?x", "expected the end of the query, or a clause"),
    ],
)
def test_a_syntax_error_speaks_of_the_query_not_of_the_grammar(text: str, said: str):
    result = invoke("query", "-", *ON_FIXTURE, stdin=text)
    assert result.exit_code == 2
    assert said in " ".join(result.stderr.split()).replace("error: ", "", 1)
    assert "SelectQuery" not in result.stderr and "end of text" not in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'SELECT ?c WHERE {\n  ?c skos:prefLabel ?l .\n  FILTER(lang(?l) = "sv"\n}',
            "<stdin>:3:9: the '(' here is not closed before the '}' on line 4\n  hint: add its ')'",
        ),
        ("SELECT * WHERE { ?s ?p ?o } }", "<stdin>:1:29: this '}' closes nothing"),
        ("SELECT * WHERE { ?s ?p ?o", "<stdin>:1:16: the '{' here is not closed by the end"),
        (
            'SELECT * WHERE { ?s ?p "å }',
            '<stdin>:1:24: this string is not closed\n  hint: add its closing "',
        ),
        (
            "SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s",
            "SPARQL syntax error: The SELECT contains a variable that is unbound",
        ),
    ],
)
def test_an_unbalanced_bracket_is_named_where_it_opens(text: str, expected: str):
    result = invoke("query", "-", *ON_FIXTURE, stdin=text)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_brackets_inside_strings_and_comparisons_are_not_counted():
    text = 'SELECT * WHERE { ?s ?p ?o FILTER(?o != "a ( }" && (?s<?o&&(?o>?s))) } # ('
    assert invoke("query", "-", *ON_FIXTURE, stdin=text).exit_code == 0


def test_a_malformed_parameter_names_it_and_its_header_line():
    line = find("cross-sector-collaborations").param("min_sectors").line
    result = invoke("query", "cross-sector-collaborations", *ON_FIXTURE, "-p", "min_sectors=three")
    assert result.exit_code == 2
    assert f"collaborations.rq:{line}: parameter 'min_sectors' (integer)" in result.stderr
    assert "give a whole number" in result.stderr


def test_a_misspelt_group_is_refused_not_an_empty_answer():
    result = invoke("query", "committees-lacking-sector", "-p", "sector=busines")
    assert result.exit_code == 2
    assert "'busines' is not a partner group" in result.stderr
    assert "civil, academia, business, agencies, city" in result.stderr
    assert "did you mean business?" in result.stderr  # the nearest group is named


@pytest.mark.parametrize(("args", "said"), [
    (["gaps", "--sector", "akadmi"], "did you mean akademi?"),
    (["gaps", "--sector", "akadmi", "--lang", "sv"], "menade du akademi?"),
    (["query", "committees-lacking-sector", "-p", "sector=naringsli", "--lang", "sv"],
     "menade du näringsliv?"),
])  # fmt: skip
def test_a_misspelt_group_is_answered_with_the_nearest(args: list[str], said: str):
    result = invoke(*args)
    assert result.exit_code == 2
    assert said in " ".join(result.stderr.split())


def test_an_unknown_parameter_is_refused():
    result = invoke(*LACKING, "-p", "sectr=civil")
    assert result.exit_code == 2
    assert "declares no parameter 'sectr'" in result.stderr


def test_a_parameter_without_a_value_is_refused():
    result = invoke(*LACKING, "-p", "sector")
    assert result.exit_code == 2
    assert "malformed parameter 'sector'" in result.stderr
    # the hint names the parameter given, not another query's example
    assert "write --param sector=VALUE" in " ".join(result.stderr.split())


def test_an_unknown_query_s_hint_speaks_of_the_command_line_or_python_as_asked():
    """`kg query NAME` is told of `kg queries` and `-`; `kg.query(source, NAME)` of the
    library and from_text, not of a command or standard input."""
    said = " ".join(invoke("query", "comittee-partners", *ON_FIXTURE).stderr.split())
    assert "kg queries lists the library" in said and "in Python" not in said
    with pytest.raises(KgError) as caught:
        kg.query(kg.Source(), "comittee-partners")
    assert "kg queries" not in str(caught.value) and "from_text(text)" in str(caught.value)


def test_an_unknown_query_name_suggests_one():
    result = invoke("query", "committees-lacking", *ON_FIXTURE)
    assert result.exit_code == 2
    assert "did you mean committees-lacking-sector" in result.stderr


def test_an_update_is_refused():
    result = invoke("query", "-", *ON_FIXTURE, stdin="DELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 2
    assert "kg is read-only" in result.stderr


def test_queries_lists_every_library_query_with_its_title():
    result = runner.invoke(app, ["queries"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for query in library():
        assert query.name in result.stdout
        assert query.summary in result.stdout


def test_queries_json_gives_parameters_with_types_and_defaults():
    result = invoke("queries", "--format", "json")
    entries = {e["name"]: e for e in json.loads(result.stdout)}
    [param] = entries["committees-lacking-sector"]["params"]
    assert (param["name"], param["type"], param["default"]) == ("sector", "group", "kg:Academia")
    assert entries["actors-by-sector"]["params"] == []


def test_queries_with_a_name_shows_what_it_takes_and_gives():
    """`kg queries NAME` shows one query's header: what it asks, each parameter with its type,
    default and description, an example and its file, so it can be used without reading it."""
    result = runner.invoke(app, ["queries", "committees-lacking-sector"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.replace("│", " ").split())  # the cells' lines, joined
    query = find("committees-lacking-sector")
    [param] = query.params
    assert " ".join(query.description.split()) in shown
    assert f"sector (group, default: kg:Academia) — {param.description}" in shown
    assert "kg query committees-lacking-sector --param sector=business" in shown
    assert "committees-lacking-sector.rq" in shown
    swedish = runner.invoke(app, ["queries", "actor-by-name", "--lang", "sv"])
    assert "Sök aktör på exakt namn" in swedish.stdout and "beskrivning" in swedish.stdout
    [name] = find("actor-by-name").params
    assert name.description_sv.split()[0] in swedish.stdout  # the parameter's, in Swedish
    assert name.description not in swedish.stdout
    swedish_shown = " ".join(swedish.stdout.replace("│", " ").split())
    assert '(langstring, standard: "Rädda Barnen"@sv)' in swedish_shown  # no English "default"
    assert "default" not in swedish.stdout
    args = ["queries", "committees-sharing-collaborations", "--lang", "sv"]
    shared = runner.invoke(app, args, env={"COLUMNS": "200"})
    said = " ".join(shared.stdout.replace("│", " ").split())
    assert "kind (iri subclass of kg:Collaboration, standard: kg:Collaboration)" in said
    as_json = json.loads(invoke("queries", "cross-sector-brokers", "-f", "json").stdout)
    assert as_json["name"] == "cross-sector-brokers"
    assert as_json["params"][0]["type"] == "integer"
    misspelt = runner.invoke(app, ["queries", "comittee-partners"])
    assert misspelt.exit_code == 2 and "did you mean committee-partners" in misspelt.output


def test_a_misspelt_kg_term_gets_a_note_beside_the_empty_answer():
    result = invoke("query", "-", *ON_FIXTURE, stdin="SELECT * WHERE { ?c a kg:Committe }")
    assert result.exit_code == 0
    assert "note: kg:Committe is not a term of kg's ontology (did you mean kg:Committee?)" in (
        result.stderr
    )


def test_the_library_names_only_terms_of_the_ontology():
    from kg.sparql.lexer import tokens
    from kg.sparql.library import library
    from kg.validation.terms import undefined_in_query

    for query in library():
        assert undefined_in_query(tokens(query.text)) == [], query.name


@pytest.mark.slow
def test_an_iri_parameter_naming_nothing_gets_a_note_with_the_nodes_it_may_mean(tmp_path: Path):
    """An id the graph lacks (``id:socialnamnden``) answers nothing, and the note names the
    node of another city whose IRI ends as it does; a bare name is looked up (another city's
    ``socialnamnden`` is the one the graph has). A parameter the graph holds gets no note."""
    data = tmp_path / "lund.ttl"
    data.write_text(
        "@prefix kg: <https://w3id.org/kg-malmo/ontology#> .\n"
        "<https://w3id.org/kg-malmo/id/lund/lunds-kommun> a kg:Municipality .\n"
        "<https://w3id.org/kg-malmo/id/lund/socialnamnden> a kg:Committee .\n",
        encoding="utf-8",
    )
    args = ["query", "committee-partners", "--no-bundled", "--data", str(data), "-f", "csv"]
    prefixed = runner.invoke(app, [*args, "-p", "committee=id:socialnamnden"])
    assert prefixed.exit_code == 0, prefixed.output
    assert (
        "note: committee=id:socialnamnden is not in the graph, so nothing matches it; "
        "did you mean id:lund/socialnamnden?"
    ) in prefixed.stderr
    for given in ("id:lund/socialnamnden", "socialnamnden", "lund/socialnamnden"):
        exact = runner.invoke(app, [*args, "-p", f"committee={given}"])
        assert exact.exit_code == 0 and "note:" not in exact.stderr, (given, exact.output)
    unknown = runner.invoke(app, ["query", "committee-partners", "-p", "committee=id:socialnamnd"])
    assert "id:socialnamnd is not in the graph" in unknown.stderr
    assert "search-actors" in unknown.stderr
    swedish = runner.invoke(
        app, ["query", "committee-partners", "-p", "committee=id:socialnamnd", "--lang", "sv"]
    )
    assert (
        "obs: committee=id:socialnamnd finns inte i grafen, så frågan ger inga träffar; "
        "kontrollera namnet" in swedish.stderr
    )


def test_query_list_is_the_library_and_a_missing_name_points_to_it():
    """`kg query --list` (what people try first) lists the library as `kg queries` does; a
    query with no name says where the names are."""
    listed = CliRunner().invoke(app, ["query", "--list", "-f", "json"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout == CliRunner().invoke(app, ["queries", "-f", "json"]).stdout
    nameless = CliRunner().invoke(app, ["query"])
    assert nameless.exit_code == 2 and "kg queries lists the library" in nameless.output


@pytest.mark.slow
def test_every_library_query_speaks_swedish_too():
    """Each library query has its summary and description in Swedish, and `kg queries` and
    `kg query` show them with --lang sv."""
    from kg.sparql.library import library

    for query in library():
        assert query.summary_sv and query.description_sv, (
            f"{query.name}: a library query needs '#+ summary_sv:' and '#+ description_sv:'"
        )
        assert query.summary_sv != query.summary, query.name
        for param in query.params:
            assert param.description_sv, (
                f"{query.name}: parameter '{param.name}' needs '#+ param_sv: {param.name} — …'"
            )
    listed = CliRunner().invoke(app, ["queries", "--lang", "sv"]).stdout
    assert "Frågebiblioteket" in listed and "Sök aktör på exakt namn" in listed
    from kg.web.service import query_page

    page = query_page("sv")[0].decode()  # the page's parameters, described in Swedish
    assert "den ena aktören" in page and "one actor" not in page
    ran = CliRunner().invoke(app, ["query", "actor-by-name", "--lang", "sv"])
    assert "Sök aktör på exakt namn" in ran.stdout and " rad" in ran.stderr


def test_a_bad_group_is_refused_in_the_commands_language():
    """A word that is no partner group is refused, in Swedish with --lang sv."""
    group = runner.invoke(
        app, ["query", "committees-lacking-sector", "-p", "sector=busines", "--lang", "sv"]
    )
    assert "'busines' är inte en partnergrupp" in group.stderr
