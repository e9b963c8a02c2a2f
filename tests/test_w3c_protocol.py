"""The W3C SPARQL 1.1 Protocol test suite against ``kg serve``.

Each test of ``fixtures/w3c/protocol-manifest.ttl`` is a list of HTTP requests with the expected
status class and, for 2xx answers, the result format (and the boolean of an ASK). The requests'
``/sparql/`` path is the endpoint's ``/sparql``. The update tests and the tests that need the
suite's own named graphs (``ut:graphData``) do not apply to a read-only endpoint over one
default graph: they are skipped with the reason.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers.serving import exact, http, running
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.query import Result

from kg.web.server import Endpoint, Settings

pytestmark = pytest.mark.slow  # a server

MANIFEST = Path(__file__).parent / "fixtures" / "w3c" / "protocol-manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    fmt: str | None = None
    boolean: bool | None = None


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[Request] = field(default_factory=list)
    skip: str = ""


def _tests() -> list[ProtocolTest]:
    graph = Graph().parse(MANIFEST, format="turtle")
    manifest = next(graph.subjects(MF.entries, None))
    found = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[1]
        test = ProtocolTest(name, str(graph.value(entry, MF.name)))
        if name.startswith("update_"):
            test.skip = "an update: kg serve is read-only (every update is refused with 403)"
        elif (entry, UT.graphData, None) in graph:
            test.skip = "needs the suite's own named graphs (data1.rdf … data3.rdf) loaded"
        action = graph.value(entry, MF.action)
        for node in Collection(graph, graph.value(action, HT.requests)):
            test.requests.append(_request(graph, node))
        found.append(test)
    return found


def _request(graph: Graph, node: URIRef) -> Request:
    headers = {}
    listed = graph.value(node, HT.headers)
    for header in Collection(graph, listed) if listed is not None else []:
        headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = graph.value(node, HT.body)
    data = None
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(graph.value(body, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = {str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)}
    fmt = graph.value(response, MF.expectedFormat)
    boolean = graph.value(response, MF.expectedBoolean)
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=data,
        statuses=statuses,
        fmt=None if fmt is None else str(fmt),
        boolean=None if boolean is None else boolean.toPython(),
    )


TESTS = _tests()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with running(Settings(workers=1)) as server:
        yield server


def test_the_manifest_holds_the_34_tests_of_the_suite():
    assert len(TESTS) == 34
    skipped = sorted(t.name for t in TESTS if t.skip)
    assert len(skipped) == 13, skipped


@pytest.mark.parametrize(
    "test",
    [pytest.param(t, marks=pytest.mark.skip(reason=t.skip)) if t.skip else t for t in TESTS],
    ids=[t.name for t in TESTS],
)
def test_w3c_protocol(endpoint: Endpoint, test: ProtocolTest):
    for request in test.requests:
        path = request.path.replace("/sparql/", "/sparql", 1)
        status, headers, body = exact(
            endpoint.url.rstrip("/") + path,
            method=request.method,
            body=request.body,
            headers=request.headers,
        )
        assert f"{status // 100}xx" in request.statuses, f"{test.title}: {status} {body[:300]!r}"
        media_type = headers.get("content-type", "").split(";")[0].strip()
        if request.fmt == "boolean":
            assert media_type in (
                "application/sparql-results+json",
                "application/sparql-results+xml",
            )
            answer = Result.parse(io.BytesIO(body), format=RESULT_TYPES[media_type])
            assert answer.type == "ASK"
            if request.boolean is not None:
                assert answer.askAnswer is request.boolean
        elif request.fmt == "tabular":
            answer = Result.parse(io.BytesIO(body), format=RESULT_TYPES[media_type])
            assert answer.type == "SELECT"
        elif request.fmt == "RDF":
            Graph().parse(data=body, format=RDF_TYPES[media_type])


def test_ask_in_csv_or_tsv_is_406_with_the_acceptable_types(endpoint: Endpoint):
    """SPARQL defines booleans in JSON and XML only."""
    for accept in ("text/csv", "text/tab-separated-values"):
        status, _, body = http(
            endpoint.url + "sparql", params={"query": "ASK {}"}, headers={"Accept": accept}
        )
        assert status == 406
        assert b"application/sparql-results+json, application/sparql-results+xml" in body
        assert body.startswith(b"cannot give an ASK result as ")


@pytest.mark.parametrize("query", ["", "   ", "# only a comment\n", "PREFIX a: <http://x/>"])
def test_an_empty_query_is_a_400_syntax_error(endpoint: Endpoint, query: str):
    status, _, body = http(endpoint.url + "sparql", params={"query": query})
    assert status == 400 and b"the query is empty" in body


def test_graph_patterns_over_a_dataset_without_named_graphs_answer_nothing(endpoint: Endpoint):
    url = endpoint.url + "sparql"
    status, _, body = http(url, params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})
    assert (status, json.loads(body)["boolean"]) == (200, False)
    query = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"
    status, _, body = http(url, params={"query": query})
    assert (status, json.loads(body)["results"]["bindings"]) == (200, [])


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/ld+json"),
        ("application/sparql-results+xml", "application/rdf+xml"),
        ("text/csv", "application/n-triples"),
        ("text/tab-separated-values", "application/n-triples"),
    ],
)
def test_a_graph_result_is_a_graph_whatever_result_format_was_asked(
    endpoint: Endpoint, accept: str, media_type: str
):
    query = "CONSTRUCT { ?c a <urn:committee> } WHERE { ?c a ?type } LIMIT 3"
    status, headers, body = http(
        endpoint.url + "sparql", params={"query": query}, headers={"Accept": accept}
    )
    assert status == 200 and headers["content-type"].startswith(media_type)
    assert len(Graph().parse(data=body, format=RDF_TYPES[media_type])) == 3


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_runs_construct_and_ask(endpoint: Endpoint, fmt: str, method: str):
    """rdflib's SPARQLStore asks for a result format even for a CONSTRUCT."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint.url + "sparql", returnFormat=fmt, method=method)
    try:
        graph = Graph(store=store)
        built = graph.query("CONSTRUCT { ?c a <urn:committee> } WHERE { ?c a ?type } LIMIT 3")
        assert len(built.graph) == 3
        assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    finally:
        store.close()


#: Literals that TSV must escape (a tab, line breaks, a quote, a backslash) and typed values
#: that must keep their datatypes, as the SPARQL 1.1 TSV Recommendation writes them.
TSV_QUERY = """SELECT ?x WHERE { VALUES ?x {
  "a\\tb\\nc\\rd" "q\\"uote" "back\\\\slash"
  "1"^^<http://www.w3.org/2001/XMLSchema#decimal> "abc"^^<http://www.w3.org/2001/XMLSchema#integer>
  12 1.5 true "x"@sv <http://example.org/i> } }"""


@pytest.mark.parametrize("max_rows", [None, 5])
def test_tsv_is_escaped_and_typed(max_rows: int | None):
    """Answers cut at --max-rows are written by another path: both are checked."""
    settings = Settings(workers=1) if max_rows is None else Settings(workers=1, max_rows=max_rows)
    with running(settings) as server:
        status, _, body = http(
            server.url + "sparql",
            params={"query": TSV_QUERY},
            headers={"Accept": "text/tab-separated-values"},
        )
    assert status == 200
    lines = body.decode().split("\n")
    expected = [
        "?x",
        '"a\\tb\\nc\\rd"',
        '"q\\"uote"',
        '"back\\\\slash"',
        '"1"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>',
        "12",
        "1.5",
        "true",
        '"x"@sv',
        "<http://example.org/i>",
    ]
    assert lines[: (max_rows or 10) + 1] == expected[: (max_rows or 10) + 1]
    answer = Result.parse(io.BytesIO(body), format="tsv")
    values = [row[0] for row in answer]
    assert values[0].toPython() == "a\tb\nc\rd"
    assert str(values[3].datatype).endswith("#decimal")
