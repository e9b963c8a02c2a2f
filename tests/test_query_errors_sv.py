"""kg query's and kg queries' errors, hints and notes in Swedish under --lang sv: a misspelt
library name, an empty query, a syntax error, a parameter the query does not declare or of
the wrong kind, a malformed header line, an endpoint that fails; and the same in English
without --lang."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from helpers.handled import endpoint_of
from typer.testing import CliRunner

from kg.cli import app


def _run(args: list[str], stdin: str | None = None):
    return CliRunner().invoke(app, args, input=stdin)


def _said(result) -> str:
    return " ".join(result.stderr.split())


#: (arguments, standard input, the Swedish said, the English said without --lang)
CASES = [
    (
        ["query", "actors-by-secto"],
        None,
        "fel: det finns ingen fråga i frågebiblioteket och ingen fil som heter 'actors-by-secto'"
        " tips: menade du actors-by-sector, actor-by-name? kg queries listar frågebiblioteket;",
        "error: no library query or file called 'actors-by-secto' hint: did you mean",
    ),
    (
        ["queries", "nosuch"],
        None,
        "fel: det finns ingen fråga i frågebiblioteket och ingen fil som heter 'nosuch' tips: kg "
        "queries listar frågebiblioteket; ange sökvägen till en .rq-fil, eller - för standard in",
        "hint: kg queries lists the library; give a path to an .rq file",
    ),
    (
        ["query", "-"],
        "\n",
        "fel: <stdin>: frågan är tom: den har inget SELECT, ASK, CONSTRUCT eller DESCRIBE tips: "
        "skriv en fråga, till exempel SELECT * WHERE { ?s ?p ?o } LIMIT 10",
        "error: <stdin>: the query is empty",
    ),
    (
        ["query", "-"],
        "DROP ALL",
        "fel: <stdin>:1:1: det här är en SPARQL-uppdatering (DROP): kg är skrivskyddat",
        "this is a SPARQL update (DROP): kg is read-only",
    ),
    (
        ["query", "-"],
        "SELEKT * WHERE { ?s ?p ?o }",
        "en fråga börjar med SELECT, ASK, CONSTRUCT eller DESCRIBE, inte med 'SELEKT' tips: "
        "kontrollera stavningen av det första nyckelordet",
        "not 'SELEKT' hint: check the first keyword's spelling",
    ),
    (
        ["query", "-"],
        "SELECT * WHERE { ?s foo:p ?o }",
        "fel: <stdin>:1:21: okänt prefix 'foo:' tips: deklarera det: PREFIX foo: <…>",
        "unknown prefix 'foo:' hint: declare it: PREFIX foo: <…>",
    ),
    (
        ["query", "-"],
        "SELECT * WHERE { ?s ?p ?o",
        "den '{' som står här är inte avslutad när frågan tar slut tips: lägg till dess '}'",
        "the '{' here is not closed by the end",
    ),
    (
        ["query", "-"],
        "SELECT * WHERE { ?s ?p ?o ) }",
        "den '{' som står här är inte avslutad före ')' på rad 1",
        "the '{' here is not closed before the ')' on line 1",
    ),
    (
        ["query", "-"],
        "SELECT * WHERE { ?s ?p ?o }}",
        "den här '}' avslutar ingenting tips: ta bort den, eller lägg till den '{' som den "
        "avslutar",
        "this '}' closes nothing",
    ),
    (
        ["query", "-"],
        'SELECT * WHERE { ?s ?p "o }',
        'den här strängen är inte avslutad tips: lägg till dess avslutande "',
        "this string is not closed",
    ),
    (
        ["query", "-"],
        "SELECT * WHERE { ?s ?p ?o . FILTER(?o = ) }",
        # kg's wording of where the parser stopped is Swedish too, not only the hint
        "syntaxfel i SPARQL: mönstret eller satsen som börjar här går inte att läsa till sitt"
        " slut, vid 'FILTER(?o'",
        "SPARQL syntax error: the pattern or clause that starts here cannot be read to its end,"
        " found 'FILTER(?o'",
    ),
    (
        ["query", "-"],
        "SELECT ?s WHERE { ?s ?p ?o } foo",
        "syntaxfel i SPARQL: här väntades frågans slut eller en sats som får följa, vid 'foo'",
        "SPARQL syntax error: expected the end of the query, or a clause that may follow here,"
        " found 'foo'",
    ),
    (
        ["query", "-"],
        "SELECT * FROM <http://x/> WHERE { ?s ?p ?o }",
        "FROM och FROM NAMED avvisas: kg ställer frågor bara till den graf som det har läst in",
        "FROM and FROM NAMED are refused",
    ),
    (
        ["query", "-"],
        "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
        "SERVICE avvisas: kg skickar aldrig frågor vidare till andra ändpunkter",
        "SERVICE is refused",
    ),
    (
        ["query", "-"],
        "SELECT * WHERE " + "{" * 70 + "?s ?p ?o" + "}" * 70,
        "frågan nästlar grupper och parenteser mer än 64 nivåer djupt tips: skriv den med färre",
        "the query nests groups and brackets more than 64 deep",
    ),
    (
        ["query", "-"],
        "SELECT * WHERE { ?s ?p ?o " + " UNION ".join(["{ ?s ?p ?o }"] * 1100) + " }",
        "frågan är för komplex: efter den här punkten kedjar eller nästlar den mer än 1000 "
        "operatorer",
        "the query is too complex",
    ),
    (
        ["query", "actors-by-sector", "-p", "sector=civil"],
        None,
        "frågan deklarerar ingen parameter 'sector' (den deklarerar inga parametrar) tips: "
        "kontrollera namnet",
        "the query declares no parameter 'sector' (it declares: none)",
    ),
    (
        ["query", "committee-partners", "-p", "komite=id:fritidsnamnden"],
        None,
        "frågan deklarerar ingen parameter 'komite' (den deklarerar: committee)",
        "the query declares no parameter 'komite' (it declares: committee)",
    ),
    (
        ["query", "committees-lacking-sector", "-p", "sector"],
        None,
        "fel: felaktig parameter 'sector' tips: skriv --param sector=VÄRDE: värdet efter ett",
        "malformed parameter 'sector'",
    ),
    (
        ["query", "committees-lacking-sector", "-p", "sector=civil", "-p", "sector=academia"],
        None,
        "parametern 'sector' är angiven två gånger (civil och academia) tips: ange --param "
        "sector=VÄRDE en gång",
        "parameter 'sector' is given twice (civil and academia)",
    ),
    (
        ["query", "committees-lacking-sector", "-p", "sector=civl"],
        None,
        "'civl' är inte en partnergrupp tips: menade du civil? Eller ange en partnergrupp:",
        "'civl' is not a partner group hint: did you mean civil? Or give a partner group",
    ),
    (
        ["query", "committees-lacking-sector", "-f", "turtle"],
        None,
        "fel: 'turtle' är inget format för svar på SELECT tips: välj ett av: table,",
        "'turtle' is not a format for SELECT results",
    ),
    (
        ["query"],
        None,
        "ange en fråga: namnet på en fråga i frågebiblioteket (kg queries listar dem), en .rq-fil",
        "give a query: a library query's name (kg queries lists the library)",
    ),
    (
        ["query", "--endpoint", "ftp://example.org/sparql", "actors-by-sector"],
        None,
        "fel: ingen http(s)-adress: ftp://example.org/sparql tips: ange ändpunktens adress",
        "not an http(s) URL: ftp://example.org/sparql",
    ),
]


@pytest.mark.parametrize(("args", "stdin", "swedish", "english"), CASES)
def test_a_query_error_is_said_in_swedish(args: list, stdin: str, swedish: str, english: str):
    said = _run([*args, "--lang", "sv"], stdin)
    assert said.exit_code in (2, 3), said.output
    text = " ".join(said.output.split())
    assert swedish in text and "error" not in text, text
    plain = _run(args, stdin)
    assert plain.exit_code == said.exit_code and english in " ".join(plain.output.split())


#: Query files whose header lines are wrong: (the file's text, the Swedish, the English)
HEADERS = [
    (
        "#+ summary: x\n#+ param: x (iri) — y\n#+ param: x (iri) — y\nSELECT * WHERE {?s ?p ?x}",
        "q.rq:2: parametern 'x' är deklarerad två gånger tips: deklarera varje parameter en gång",
        "q.rq:2: parameter 'x' is declared twice",
    ),
    (
        "#+ summary: x\n#+ param: x (strng) — y\nSELECT * WHERE {?s ?p ?x}",
        "q.rq:2: felaktig parameterrad '#+ param: x (strng) — y' tips: skriv '#+ param: NAMN "
        "(TYP, default: VÄRDE) — vad den är', där TYP är en av iri, group,",
        "malformed parameter line '#+ param: x (strng) — y'",
    ),
    (
        "#+ summary: x\n#+ param: x (iri) — y\nSELECT * WHERE {?s ?p ?x}",
        "q.rq:2: parametern 'x' (iri) saknar värde: y tips: ge den ett värde: --param x=VÄRDE på "
        "kommandoraden, {'x': VÄRDE} från Python",
        "missing parameter 'x' (iri): y",
    ),
    (
        "#+ sumary: x\nSELECT * WHERE {?s ?p ?x}",
        "q.rq:1:4: okänd nyckel i huvudet: '#+ sumary:' tips: använd #+ summary:",
        "unknown header key '#+ sumary:'",
    ),
    (
        "#+   more\nSELECT * WHERE {?s ?p ?x}",
        "q.rq:1: en fortsättningsrad i frågans huvud utan någon huvudrad före sig",
        "a header continuation line with no header line before it",
    ),
    (
        "#+ summary: x\n#+ param_sv: y — z\nSELECT * WHERE {?s ?p ?x}",
        "'#+ param_sv: y' namnger ingen parameter som är deklarerad före den",
        "'#+ param_sv: y' names no parameter declared before it",
    ),
    (
        "#+ summary: x\n#+ param: x (iri, default: id:a) — y\n#+ param_sv: x\nSELECT {?s ?p ?x}",
        "'#+ param_sv: x' ger ingen beskrivning tips: skriv den svenska beskrivningen",
        "'#+ param_sv: x' gives no description",
    ),
    (
        "#+ summary: x\n#+ param: x (iri, default: id:a) — y\nCONSTRUCT {?s ?p ?x}",
        "hittar inte frågans WHERE { … } att lägga VALUES-blocket i tips: skriv frågan som SELECT",
        "cannot find the query's WHERE { … } to add a VALUES block",
    ),
]


@pytest.mark.parametrize(("text", "swedish", "english"), HEADERS)
def test_a_query_files_mistake_is_said_in_swedish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, swedish: str, english: str
):
    monkeypatch.chdir(tmp_path)
    Path("q.rq").write_text(text + "\n", "utf-8")
    said = _run(["query", "q.rq", "--lang", "sv"])
    assert said.exit_code == 2 and swedish in _said(said), said.output
    plain = _run(["query", "q.rq"])
    assert plain.exit_code == 2 and english in _said(plain)


@pytest.mark.slow
def test_a_note_on_an_unknown_term_is_in_swedish():
    query = "PREFIX kg: <https://w3id.org/kg-malmo/ontology#> SELECT * WHERE { ?s kg:partnr ?o }"
    said = _run(["query", "-", "--lang", "sv"], query)
    assert said.exit_code == 0, said.output
    assert (
        "obs: kg:partnr är ingen term i kg-ontologin (menade du kg:partner?); det som använder "
        "den ger inga träffar" in _said(said)
    )
    plain = _run(["query", "-"], query)
    assert "note: kg:partnr is not a term of kg's ontology (did you mean kg:partner?)" in _said(
        plain
    )


@pytest.fixture
def refusing() -> Iterator[callable]:
    """An endpoint that answers every query with the status given, or hangs up unanswered."""

    def start(status: int | None) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if status is None:
                    self.close_connection = True
                    return
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        return servers.enter_context(endpoint_of(Handler))

    with ExitStack() as servers:
        yield start


@pytest.mark.parametrize(
    ("status", "swedish", "english"),
    [
        (
            404,
            "fel: ändpunkten svarade 404 Not Found tips: kontrollera att {url} är ändpunktens "
            "adress för SPARQL-frågor",
            "error: the endpoint answered 404 Not Found",
        ),
        (
            503,
            "fel: ändpunkten svarade 503 Service Unavailable tips: ändpunkten är upptagen eller "
            "svarade inte i tid: försök igen, eller fråga efter mindre",
            "hint: the endpoint is busy or timed out",
        ),
        (
            400,
            "fel: ändpunkten svarade 400 Bad Request tips: kontrollera frågan, och att {url} är en "
            "ändpunkt för SPARQL 1.1-frågor",
            "hint: check the query, and that",
        ),
        (
            None,
            "fel: kan inte nå ändpunkten {url}: Remote end closed connection without response "
            "tips: kontrollera adressen och att servern är igång",
            "error: cannot reach the endpoint",
        ),
    ],
)
def test_an_endpoint_that_fails_is_said_in_swedish(
    refusing: callable, status: int | None, swedish: str, english: str
):
    url = refusing(status)
    args = ["query", "actors-by-sector", "--endpoint", url]
    said = _run([*args, "--lang", "sv"])
    assert said.exit_code == 3 and swedish.format(url=url) in _said(said), said.output
    plain = _run(args)
    assert plain.exit_code == 3 and english in _said(plain)
