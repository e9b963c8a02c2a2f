"""How ``--endpoint`` reads endpoints that misbehave: answers cut without a word, blank-node
labels that change from answer to answer, blank nodes it cannot read piece by piece, and every
kind of failure, each one message and exit code 3, never a traceback.

The endpoints here are a small SPARQL server in a thread over a pyoxigraph store (the
store answers; the server cuts and relabels as told), and kg serve itself.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import stores
from helpers.graphs import same_graph
from helpers.handled import endpoint_of
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EndpointError
from kg.io.endpoint import Endpoint
from kg.io.parse import to_rdflib
from kg.io.pieces import DEPTH
from kg.io.source import Source
from kg.web.server import make_server

pytestmark = pytest.mark.slow  # stores, servers or a browser

runner = CliRunner()
RDF, OWL, X = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2002/07/owl#",
    "http://x/",
)
FOAF_ORGANIZATION = "http://xmlns.com/foaf/0.1/Organization"
#: More triples than the cuts below let through in one answer.
FILLER = "".join(f'<http://x/n{i}> <http://x/label> "n{i}" .\n' for i in range(60))
#: RDF lists and blank nodes in blank nodes as ontologies and data hold them: a union of three
#: classes, a list of lists, an OWL class expression four levels deep, a SHACL property with
#: a list of values, an address with its geo point, an empty node and an empty list.
LISTS = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix x: <http://x/> .
x:U owl:unionOf ( x:A x:B x:C ) .
x:L x:rows ( ( x:a x:b ) ( x:c ) () ) .
x:E owl:equivalentClass [ owl:intersectionOf ( x:A [ a owl:Restriction ; owl:onProperty x:p ;
    owl:someValuesFrom [ owl:unionOf ( x:B x:D ) ] ] ) ] .
x:S sh:property [ sh:path x:p ; sh:in ( "a" "b" "c" ) ] .
x:a x:address [ x:street "Storgatan" ; x:point [ x:lat "55.6" ] ] .
x:e x:empty [] .
"""
#: Blank nodes kg cannot copy piece by piece: one that no named subject points at, one that
#: twelve subjects share, a chain deeper than kg follows, and a loop.
UNCOPYABLE = {
    "orphan": '[ <http://x/label> "orphan" ] .',
    "shared": "".join(f"<http://x/s{i}> <http://x/p> _:shared . " for i in range(12))
    + '_:shared <http://x/label> "shared" .',
    "deep": "<http://x/d> <http://x/next> "
    + "[ <http://x/next> " * (DEPTH + 2)
    + '"end"'
    + " ]" * (DEPTH + 2)
    + " .",
    "loop": "<http://x/o> <http://x/next> _:a . _:a <http://x/next> _:b . "
    "_:b <http://x/next> _:a .",
}


@dataclass
class Behaviour:
    """What the test server does: cut answers at ``cap`` rows or triples without saying so,
    give blank nodes new labels in every answer, break its graphs, or answer every query with
    ``status``, ``media_type`` and ``body`` (``hang_up``: close the connection unanswered)."""

    cap: int | None = None
    relabel: bool = False
    status: int | None = None
    media_type: str = "text/plain"
    body: bytes = b""
    hang_up: bool = False
    #: graphs (CONSTRUCT answers) end in the middle of a triple
    broken_graphs: bool = False
    requests: int = 0
    #: every query asked, in turn
    queries: list[str] = field(default_factory=list)
    #: the ``Kg-Graph`` header of each answer in turn (the last one repeated), as kg serve
    #: names its graph; none if empty
    graphs: list[str] = field(default_factory=list)


def _answer(store: ox.Store, query: str, behaviour: Behaviour) -> tuple[str, bytes]:
    result = store.query(query, use_default_graph_as_union=True)  # as kg serve answers
    fresh: dict = {}
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        data = json.loads(result.serialize(format=ox.QueryResultsFormat.JSON))
        if "results" in data:
            data["results"]["bindings"] = data["results"]["bindings"][: behaviour.cap]
            for row in data["results"]["bindings"] if behaviour.relabel else ():
                for term in row.values():
                    if term["type"] == "bnode":
                        term["value"] = fresh.setdefault(term["value"], ox.BlankNode().value)
        return "application/sparql-results+json", json.dumps(data).encode()
    triples = list(result)[: behaviour.cap]
    if behaviour.broken_graphs:
        return "application/n-triples", b"<http://x/a> <http://x/b"
    if behaviour.relabel:
        triples = [ox.Triple(*(_new(t, fresh) for t in triple)) for triple in triples]
    return "application/n-triples", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _new(term: object, fresh: dict) -> object:
    if isinstance(term, ox.BlankNode):
        return fresh.setdefault(term, ox.BlankNode())
    return term


@pytest.fixture
def serve() -> Iterator[callable]:
    """Start a test server over a store with a behaviour; every server stops after the test."""

    def start(store: ox.Store, behaviour: Behaviour) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                behaviour.requests += 1
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                behaviour.queries += form.get("query", [])
                if behaviour.hang_up:
                    self.close_connection = True
                    return
                if behaviour.status is not None:
                    media, body, status = behaviour.media_type, behaviour.body, behaviour.status
                else:
                    status = 200
                    media, body = _answer(store, form["query"][0], behaviour)
                self.send_response(status)
                if behaviour.graphs:
                    graph = behaviour.graphs[min(behaviour.requests, len(behaviour.graphs)) - 1]
                    self.send_header("Kg-Graph", graph)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return servers.enter_context(endpoint_of(Handler))

    with ExitStack() as servers:
        yield start


def _json(args: list[str]) -> object:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _counts(args: list[str]) -> object:
    """A command's JSON without kg stats' provenance, which names the endpoint it read (and
    no digest) where the files' run names their digest."""
    found = _json(args)
    if isinstance(found, dict):
        found.pop("provenance", None)
    return found


@pytest.fixture(scope="module")
def bundled() -> ox.Store:
    return Source().open()


def test_a_silent_cut_and_new_labels_in_every_answer_still_give_the_whole_graph(serve, bundled):
    behaviour = Behaviour(cap=100, relabel=True)
    url = serve(bundled, behaviour)
    for command in (["stats"], ["gaps"]):
        answer = _counts([*command, "-f", "json", "--endpoint", url])
        assert answer == _counts([*command, "-f", "json"])
    gaps = _json(["gaps", "-f", "json", "--endpoint", url])
    quotes = [e["quote"] for row in gaps for e in row.get("evidence", [])]
    assert quotes and all(quotes)  # the evidence quotes survive new labels in every answer
    assert behaviour.requests > 2 * len(bundled) / 100  # it was read in many answers
    copy = Endpoint(url).copy()
    assert same_graph(to_rdflib(copy), to_rdflib(bundled))


@pytest.mark.parametrize("cap", [None, 10], ids=["whole", "cut"])
def test_a_blank_node_outside_the_trees_is_checked_by_its_predicate_alone(serve, bundled, cap):
    # the ontology's creator is a blank node (`dcterms:creator [ a foaf:Organization ]`) in no
    # tree the fact reader copies: its rdf:type is counted on the endpoint but not copied, and
    # only rdf:type is checked again (reading every copied predicate again took seconds a
    # million triples); where the endpoint cuts its per-predicate counts without a word, the
    # predicates cut from them are checked too, and the facts are the same
    creator = "SELECT ?o WHERE { ?s a ?o FILTER(isBlank(?s)) }"
    assert FOAF_ORGANIZATION in {row["o"].value for row in bundled.query(creator)}
    behaviour = Behaviour(cap=cap, relabel=True)
    facts = Source(endpoint=serve(bundled, behaviour)).facts()
    local = Source().facts()
    assert repr(facts) == repr(local)
    assert facts.excerpts == local.excerpts and facts.partners == local.partners
    checks = [q for q in behaviour.queries if "NOT EXISTS" in q]
    assert len(checks) == 1
    checked = re.search(r"VALUES \?p \{ ([^}]*) \}", checks[0]).group(1).split()
    assert f"<{RDF}type>" in checked
    assert (len(checked) == 1) == (cap is None)


def test_counts_by_predicate_read_an_empty_groups_row_as_none(serve, bundled):
    # SPARQL groups no solutions into no row; an endpoint that answers one row without ?p (as
    # an ungrouped COUNT does) counts nothing for any predicate
    empty = {
        "head": {"vars": ["p", "n"]},
        "results": {
            "bindings": [
                {
                    "n": {
                        "type": "literal",
                        "value": "0",
                        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                    }
                }
            ]
        },
    }
    body = json.dumps(empty).encode()
    media = "application/sparql-results+json"
    url = serve(bundled, Behaviour(status=200, media_type=media, body=body))
    assert Endpoint(url).per_predicate("{ ?s <http://x/none> ?o }") == {}


def test_a_few_triples_an_answer_last_subject_first_is_a_message_not_a_crash(serve, tmp_path):
    # each cut answer of the excerpts' trees holds the highest subjects, so each split peels
    # one subject off the range: 300 excerpts were 300 nested calls (a thousand, Python's
    # RecursionError); now the ranges wait in a list, and the cap is named. The recursion
    # limit is lowered so that 300 excerpts show it
    path = tmp_path / "synth.ttl"
    made = runner.invoke(app, ["synth", "-n", "100", "--seed", "1", "-o", str(path), "-q"])
    assert made.exit_code == 0, made.output
    url = serve(Source(data=[path], bundled=False).open(), Behaviour(cap=3, relabel=True))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 150)
    try:
        result = runner.invoke(app, ["gaps", "--endpoint", url])
    finally:
        sys.setrecursionlimit(limit)
    assert result.exit_code == 3, result.output
    assert "the endpoint gives at most" in result.output


def test_pages_of_a_set_size_come_back_full_and_are_split(serve, bundled):
    url = serve(bundled, Behaviour(relabel=True))
    copy = Endpoint(url, page=400).copy()
    assert same_graph(to_rdflib(copy), to_rdflib(bundled))


def test_a_cut_select_is_counted_and_paged(serve, bundled):
    url = serve(bundled, Behaviour(cap=100))
    query = "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label }"
    args = ["query", "-", "-f", "csv"]
    remote = runner.invoke(app, [*args, "--endpoint", url], input=query)
    assert remote.exit_code == 0, remote.output
    local = runner.invoke(app, args, input=query)
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert len(remote.stdout.splitlines()) > 300
    star = runner.invoke(app, [*args, "--endpoint", url], input="SELECT * WHERE { ?s ?p ?o }")
    assert star.exit_code == 3
    assert "gave 100 of the query's" in star.stderr and "Traceback" not in star.output


def test_a_construct_past_the_cut_is_read_whole(serve, bundled):
    url = serve(bundled, Behaviour(cap=50, relabel=True))
    query = (
        "PREFIX oa: <http://www.w3.org/ns/oa#> CONSTRUCT { ?e <urn:x:quote> [ <urn:x:text> ?q ] }"
        " WHERE { ?e oa:hasSelector/oa:exact ?q }"
    )
    remote = runner.invoke(app, ["query", "-", "-f", "nt", "--endpoint", url], input=query)
    local = runner.invoke(app, ["query", "-", "-f", "nt"], input=query)
    assert remote.exit_code == 0, remote.output
    graphs = [ox.Store() for _ in range(2)]
    for store, text in zip(graphs, (remote.stdout, local.stdout), strict=True):
        store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    assert len(graphs[0]) > 500
    assert same_graph(to_rdflib(graphs[0]), to_rdflib(graphs[1]))


def test_a_describe_is_asked_for_as_a_graph(serve, bundled):
    url = serve(bundled, Behaviour())
    query = "DESCRIBE <https://w3id.org/kg-malmo/id/radda-barnen>"
    remote = runner.invoke(app, ["query", "-", "-f", "nt", "--endpoint", url], input=query)
    local = runner.invoke(app, ["query", "-", "-f", "nt"], input=query)
    assert remote.exit_code == 0, remote.output
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert len(remote.stdout.splitlines()) > 5


def _store(turtle: str) -> ox.Store:
    store = ox.Store()
    store.load((turtle + FILLER).encode(), format=ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize(
    ("behaviour", "page"), [(Behaviour(cap=30, relabel=True), None), (Behaviour(relabel=True), 16)]
)
def test_lists_and_nested_blank_nodes_are_copied_past_a_cut(serve, behaviour, page):
    store = _store(LISTS)
    endpoint = Endpoint(serve(store, behaviour), page=page)
    assert same_graph(to_rdflib(endpoint.copy()), to_rdflib(store))
    requests = behaviour.requests
    assert requests > 10  # read in pieces, not in one answer
    # what an analysis copies: the triples of named subjects, and of the blank nodes in trees
    # below them through the predicates asked for (not the lists below x:rows, sh:in and
    # owl:intersectionOf, nor the restriction and the union inside x:E)
    for predicates, linked, expected in [
        (
            (f"{OWL}unionOf", f"{RDF}first", f"{RDF}rest", f"{X}label"),
            (),
            "x:U owl:unionOf ( x:A x:B x:C ) .",
        ),
        (
            (f"{X}address", f"{X}street", f"{X}point", f"{X}label", f"{RDF}type"),
            (f"{X}address",),
            'x:a x:address [ x:street "Storgatan" ; x:point [] ] .',
        ),
    ]:
        copy = endpoint.copy(predicates, linked=linked)
        prefixes = f"@prefix owl: <{OWL}> . @prefix x: <{X}> .\n"
        assert same_graph(to_rdflib(copy), to_rdflib(_store(prefixes + expected))), predicates
    assert behaviour.requests > requests + 10


@pytest.mark.parametrize("case", UNCOPYABLE)
def test_nested_blank_nodes_come_whole_in_one_answer_or_fail(serve, case):
    store = _store(UNCOPYABLE[case])
    whole = Endpoint(serve(store, Behaviour(relabel=True))).copy()
    assert same_graph(to_rdflib(whole), to_rdflib(store))
    message = {
        "orphan": f"holds {len(store) - 1} triples where the endpoint counts {len(store)}",
        "shared": r"holds \d+ triples where the endpoint counts",
        "deep": f"below http://x/d go more than {DEPTH} levels deep",
        "loop": f"below http://x/o go more than {DEPTH} levels deep, or round a loop",
    }[case]
    cut = Endpoint(serve(store, Behaviour(cap=10, relabel=True)))
    with pytest.raises(EndpointError, match=message):
        cut.copy()
    predicates = (f"{X}p", f"{X}next", f"{X}label")
    with pytest.raises(EndpointError, match=message):
        cut.copy(predicates)
    if case == "orphan":  # a blank node nothing points at: the whole graph is copied instead
        uncut = Endpoint(serve(store, Behaviour(relabel=True)))
        assert same_graph(to_rdflib(uncut.copy(predicates)), to_rdflib(store))


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        (Behaviour(status=500, body=b"out of memory"), "answered 500 Internal Server Error"),
        (Behaviour(status=404), "answered 404"),
        (Behaviour(status=200, media_type="text/html", body=b"<html>"), "text/html"),
        (Behaviour(broken_graphs=True), "is not valid N-Triples"),
        (Behaviour(hang_up=True), "cannot reach the endpoint"),
    ],
)
def test_every_failure_is_one_message_and_exit_3(serve, bundled, behaviour, message):
    url = serve(bundled, behaviour)
    commands = [["stats"], ["gaps"], ["query", "actors-by-sector"]]
    # kg stats and kg query read SELECT answers; kg gaps copies graphs
    for args in commands[1:2] if behaviour.broken_graphs else commands:
        result = runner.invoke(app, [*args, "--endpoint", url])
        assert result.exit_code == 3, (args, result.output)
        assert result.stderr.startswith("error: ") and "Traceback" not in result.output
        assert message in result.stderr or args[0] == "query", (args, result.stderr)


def test_an_endpoint_that_is_not_there():
    url = f"http://127.0.0.1:{stores.free_port()}/sparql"
    for args in (["stats"], ["gaps"], ["query", "memberships-as-links"], ["report", "-o", "x"]):
        result = runner.invoke(app, [*args, "--endpoint", url])
        assert result.exit_code == 3, result.output
        assert "cannot reach the endpoint" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(app, ["stats", "--endpoint", "ftp://example.org/sparql"])
    assert result.exit_code == 3 and "not an http(s) URL" in result.stderr


def _capped(source: Source) -> Iterator[str]:
    """kg serve with two workers and a cap of 5 rows on ``source``: its /sparql URL."""
    endpoint = make_server(source.open(), port=0, timeout=10, max_rows=5, workers=2)
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    yield endpoint.url + "sparql"
    endpoint.shutdown()
    endpoint.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def kg_serve() -> Iterator[str]:
    """kg serve with two workers and a cap of 5 rows, on the bundled data."""
    yield from _capped(Source())


@pytest.fixture(scope="module")
def kg_serve_ontology() -> Iterator[str]:
    """The same on the ontology alone, where kg's copy of the graph meets the subject with 5
    triples of one piece (an ontology class's skos:altLabel) that it meets on the bundled data,
    after a sixth of the requests (6 s of kg serve's work, not 40)."""
    yield from _capped(Source(bundled=False))


def test_kg_serve_says_it_cut_a_describe(kg_serve):
    query = "DESCRIBE <https://w3id.org/kg-malmo/id/radda-barnen>"
    result = runner.invoke(app, ["query", "-", "--endpoint", kg_serve, "-f", "nt"], input=query)
    assert result.exit_code == 3, result.output
    assert "cut the graph at 5 triples" in result.stderr


def test_a_cap_below_one_subjects_triples_fails_naming_it(kg_serve_ontology):
    result = runner.invoke(app, ["gaps", "-f", "json", "--endpoint", kg_serve_ontology])
    assert result.exit_code == 3, result.output
    assert "gives at most 5 triples in one answer" in result.stderr
    assert "one subject (https://w3id.org/kg-malmo/ontology#" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "query", "swedish"),
    [
        (
            ["query", "-", "-f", "nt"],
            "DESCRIBE <https://w3id.org/kg-malmo/id/radda-barnen>",
            "fel: ändpunkten kapade grafen vid 5 tripplar (dess radgräns) tips: lägg till LIMIT",
        ),
        (
            ["query", "-"],
            "SELECT * WHERE { ?s ?p ?o } LIMIT 50",
            "fel: ändpunkten gav 5 av frågans 50 rader (dess radgräns), och kg kan inte läsa den "
            "här frågans svar sida för sida tips: skriv ut de valda variablerna",
        ),
        (
            ["gaps", "-f", "json"],
            None,
            "fel: ändpunkten ger högst 5 tripplar i ett svar, och ett subjekt (",
        ),
    ],
)
def test_an_endpoints_cut_is_said_in_swedish(
    request: pytest.FixtureRequest, args: list, query: str, swedish: str
):
    # kg gaps meets the cap below a subject's triples on the ontology alone, as on the data
    served = "kg_serve_ontology" if args[0] == "gaps" else "kg_serve"
    url = request.getfixturevalue(served)
    result = runner.invoke(app, [*args, "--endpoint", url, "--lang", "sv"], input=query)
    assert result.exit_code == 3, result.output
    said = " ".join(result.stderr.split())
    assert swedish in said and "tips: " in said and "hint" not in said


def test_stats_are_counted_on_the_endpoint_whatever_its_cap(kg_serve):
    counted = _counts(["stats", "-f", "json", "--endpoint", kg_serve])
    assert counted == _counts(["stats", "-f", "json"])


def test_stats_copy_nothing(serve, bundled):
    # graphs from this server are broken, so any copy would fail; its SELECT answers are cut
    # at 3 rows without a word, and counted and paged whole
    behaviour = Behaviour(cap=3, relabel=True, broken_graphs=True)
    url = serve(bundled, behaviour)
    assert _counts(["stats", "-f", "json", "--endpoint", url]) == _counts(["stats", "-f", "json"])


def test_a_graph_pattern_query_that_kg_serve_refuses_is_a_message(kg_serve, tmp_path: Path):
    query = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
    result = runner.invoke(app, ["query", "-", "--endpoint", kg_serve], input=query)
    assert result.exit_code in (0, 3), result.output
    # exit 3 is also kg's own failure ("internal error: …", without a traceback): not this
    assert "Traceback" not in result.output and "internal error" not in result.output


@pytest.mark.parametrize(
    ("behaviour", "data", "swedish"),
    [
        (
            Behaviour(broken_graphs=True),
            None,
            "fel: ändpunktens svar är inte giltig N-Triples: ",
        ),
        (
            Behaviour(cap=10, relabel=True),
            UNCOPYABLE["deep"],
            f"fel: de blanka noderna under http://x/d går mer än {DEPTH} nivåer djupt, eller runt "
            "i en slinga",
        ),
        (
            Behaviour(cap=10, relabel=True),
            UNCOPYABLE["orphan"],
            "fel: kopian av {url} har",
        ),
    ],
)
def test_a_copy_that_fails_is_said_in_swedish(serve, bundled, behaviour, data, swedish):
    url = serve(bundled if data is None else _store(data), behaviour)
    result = runner.invoke(app, ["export", "-o", "-", "--endpoint", url, "--lang", "sv"])
    assert result.exit_code == 3, result.output
    said = " ".join(result.stderr.split())
    assert swedish.format(url=url) in said and "tips: " in said and "hint" not in said, said


def _redirecting(servers: ExitStack, code: int, to: str | None, behaviour: Behaviour) -> str:
    """A server that answers a POST to ``…/query`` with ``code`` to ``to`` (None: its own
    ``…/sparql``, where it answers the query over the bundled data)."""
    store = Source().open()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            behaviour.requests += 1
            length = int(self.headers.get("Content-Length", 0))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            if self.path.startswith("/query"):
                self.send_response(code)
                self.send_header("Location", to or "/sparql")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            form = form or urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            if "query" not in form:  # a GET without a query: none to answer
                self.send_response(400)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            media, body = _answer(store, form["query"][0], behaviour)
            self.send_response(200)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, *args: object) -> None:
            pass

    return servers.enter_context(endpoint_of(Handler))


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_redirect_to_another_host_is_refused_naming_both_addresses(code: int, lang: str):
    """On a closed network a redirect must not take kg's queries elsewhere: another port (or
    host, or scheme) is refused with exit 3, the address redirected to never asked."""
    elsewhere = Behaviour()
    with ExitStack() as servers:
        other = _redirecting(servers, 200, None, elsewhere).replace("/query", "/sparql")
        url = _redirecting(servers, code, other, Behaviour())
        result = runner.invoke(app, ["stats", "--endpoint", url, "--lang", lang])
    assert result.exit_code == 3, result.output
    said = " ".join(result.output.split())
    assert url in said and other in said, said
    assert f"--endpoint {other}" in said
    assert ("omdirigerar" if lang == "sv" else "redirects") in said
    hint = {
        "en": f"if {other} is the endpoint you mean, give it: --endpoint {other}",
        "sv": f"om {other} är den ändpunkt du menar, ange den: --endpoint {other}",
    }
    assert hint[lang] in said
    assert elsewhere.requests == 0


@pytest.mark.parametrize("code", [301, 302, 307, 308])
def test_a_redirect_on_the_same_host_is_followed_with_the_query(code: int):
    """A redirect to another path of the same scheme, host and port still works: the query
    goes on to the new address, as a POST with its form."""
    behaviour = Behaviour()
    with ExitStack() as servers:
        url = _redirecting(servers, code, None, behaviour)
        assert _counts(["stats", "-f", "json", "--endpoint", url]) == _counts(
            ["stats", "-f", "json"]
        )
    assert behaviour.requests >= 2


def test_an_endpoint_that_names_no_graph_is_read_again_every_time(
    serve, bundled, tmp_path, monkeypatch
):
    """Most endpoints say nothing of when their data changed: nothing read from them is kept,
    and each run reads the graph again."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    behaviour = Behaviour()
    url = serve(bundled, behaviour)
    first = _json(["gaps", "-f", "json", "--endpoint", url])
    asked = behaviour.requests
    assert _json(["gaps", "-f", "json", "--endpoint", url]) == first
    assert behaviour.requests >= 2 * asked > 10
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.json"))


def test_facts_read_while_the_graph_changed_are_not_kept(serve, bundled, tmp_path, monkeypatch):
    """A copy whose answers name two graphs (the data changed while it was read) is not
    kept; the next copy, all from one graph, is kept for that graph, and the run after it
    asks only which graph the endpoint answers from."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    before, after = "a" * 32, "b" * 32
    behaviour = Behaviour(graphs=[before, before, before, after])
    url = serve(bundled, behaviour)
    expected = _json(["gaps", "-f", "json"])
    assert _json(["gaps", "-f", "json", "--endpoint", url]) == expected
    assert not any((tmp_path / "cache").rglob("*.json"))
    assert _json(["gaps", "-f", "json", "--endpoint", url]) == expected
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 1
    asked = behaviour.requests
    assert _json(["gaps", "-f", "json", "--endpoint", url]) == expected
    assert behaviour.requests == asked + 1  # the one question of which graph it answers from


def test_facts_read_whole_ask_the_endpoint_which_graph_once(serve, bundled, tmp_path, monkeypatch):
    """The graph a copy was read from is what its answers named: nothing is asked after the
    reading (an endpoint gone by then fails nothing that was read whole)."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    behaviour = Behaviour(graphs=["c" * 32])
    url = serve(bundled, behaviour)
    assert _json(["gaps", "-f", "json", "--endpoint", url]) == _json(["gaps", "-f", "json"])
    assert behaviour.queries.count("ASK {}") == 1
