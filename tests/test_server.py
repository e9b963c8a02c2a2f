"""``kg serve``: the SPARQL 1.1 endpoint on a free loopback port, queried with SPARQLWrapper and
plain HTTP: formats, CORS, service description, read-only, no network, timeouts, limits."""

from __future__ import annotations

import csv
import inspect
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import serving
from rdflib import Graph, URIRef
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import kg
from kg.io.source import Source
from kg.sparql.library import bind, find, library
from kg.sparql.values import with_values
from kg.web.server import MAX_BODY, Endpoint, make_server

pytestmark = pytest.mark.slow  # stores, servers or a browser

FIXTURE = Path(__file__).parent / "fixtures" / "sparql_fixture.ttl"
TIMEOUT = 30.0  # a query's time limit: under other jobs a worker at nice +10 can take seconds
SHORT_TIMEOUT = 2.0  # the limit of the server whose test stops a slow query
MAX_ROWS = 50
PREFIXES = "PREFIX kg: <https://w3id.org/kg-malmo/ontology#>\n"
COMMITTEES = PREFIXES + "SELECT ?c WHERE { ?c a kg:Committee } ORDER BY ?c"
LINKS = (
    "PREFIX org: <http://www.w3.org/ns/org#>\n"
    "CONSTRUCT { ?c org:hasMember ?a } WHERE { ?m org:organization ?c ; org:member ?a }"
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return kg.load([FIXTURE], bundled=False)


@pytest.fixture(scope="module")
def served() -> int:
    """How many triples the endpoint's default graph holds: the fixture and its derived view."""
    return len(Source(data=(FIXTURE,), bundled=False).open())


def _serving(timeout: float) -> Iterator[Endpoint]:
    """The endpoint on a free port of 127.0.0.1 with a time limit of ``timeout`` seconds, a
    short row limit and CORS open to any origin."""
    store = Source(data=(FIXTURE,), bundled=False).open()
    # a minute's wait for a worker: a replaced worker loads the store again, which on a
    # loaded machine can take longer than the default 10 s (the queue's own tests are in
    # test_serve_pool.py)
    endpoint = make_server(
        store, port=0, timeout=timeout, max_rows=MAX_ROWS, workers=2, cors="*", queue_timeout=60
    )
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    yield endpoint
    endpoint.shutdown()
    endpoint.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def server() -> Iterator[Endpoint]:
    """The endpoint most tests ask: a time limit no answer of the fixture comes near, so that
    other jobs on the machine slowing a worker do not turn an answer into a 503."""
    yield from _serving(TIMEOUT)


@pytest.fixture(scope="module")
def strict_server() -> Iterator[Endpoint]:
    """The endpoint with a short time limit, for the test of a query stopped at it."""
    yield from _serving(SHORT_TIMEOUT)


@pytest.fixture
def url(server: Endpoint) -> str:
    return server.url + "sparql"


def http(url: str, **request: object) -> tuple[int, dict, bytes]:
    """:func:`helpers.serving.http` with this module's 30 s limit."""
    return serving.http(url, timeout=30, **request)


def triple_count(url: str) -> int:
    status, _, body = http(url, params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert status == 200
    return int(body.decode().splitlines()[1])


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def fetch(sparql: SPARQLWrapper):
    """Run the query and convert its result, closing the response (SPARQLWrapper leaves it open)."""
    result = sparql.query()
    try:
        return result.convert()
    finally:
        result.response.close()


# ---------------------------------------------------------------- a real client


def test_sparqlwrapper_json_with_a_library_query_and_its_parameters(url: str):
    query = find("committees-lacking-sector")
    text = with_values(query.text, bind(query, {"sector": "civil"}))
    data = fetch(wrapper(url, text, JSON))
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == ["Gammanämnden"]


@pytest.mark.parametrize("method", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_posts_form_and_direct(url: str, method: str):
    sparql = wrapper(url, COMMITTEES, JSON)
    sparql.setMethod(POST)
    sparql.setRequestMethod(method)
    bindings = fetch(sparql)["results"]["bindings"]
    assert [b["c"]["value"].rsplit("/", 1)[1] for b in bindings] == [
        "alpha",
        "beta",
        "delta",
        "gamma",
    ]


def test_sparqlwrapper_xml_and_csv(url: str):
    document = fetch(wrapper(url, COMMITTEES, XML))
    assert len(document.getElementsByTagName("result")) == 4
    rows = list(csv.reader(io.StringIO(fetch(wrapper(url, COMMITTEES, CSV)).decode())))
    assert rows[0] == ["c"] and len(rows) == 5


@pytest.mark.parametrize(
    ("fmt", "parser"),
    # N3 and RDF: SPARQLWrapper sends format=n3 / format=rdf, which are Turtle and RDF/XML
    [(TURTLE, "turtle"), (JSONLD, None), (N3, "turtle"), (RDFXML, None)],
)
def test_sparqlwrapper_construct(url: str, fmt: str, parser: str | None):
    result = fetch(wrapper(url, LINKS, fmt))
    graph = result if parser is None else Graph().parse(data=result, format=parser)
    assert len(graph) == 17


def test_sparqlwrapper_ask(url: str):
    ask = PREFIXES + "ASK { <https://w3id.org/kg-malmo/id/fx/uni> kg:sector kg:Academia }"
    assert fetch(wrapper(url, ask, JSON))["boolean"] is True


def test_sparqlwrapper_sees_a_syntax_error_as_bad_query(url: str):
    with pytest.raises(QueryBadFormed, match="SPARQL syntax error") as caught:
        wrapper(url, "SELECT * WHERE { ?s ?p }", JSON).query()
    caught.value.__context__.close()  # the HTTPError SPARQLWrapper leaves open


# ---------------------------------------------------------------- formats over plain HTTP


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        # an unreadable q is ignored (q=1), as Accept-Language's is: not a refusal
        ("text/csv;q=abc, application/sparql-results+xml;q=0.9", "text/csv"),
    ],
)
def test_select_results_by_content_negotiation(url: str, accept: str, media_type: str):
    status, headers, body = http(url, params={"query": COMMITTEES}, headers={"Accept": accept})
    assert status == 200
    assert headers["content-type"].split(";")[0] == media_type
    text = body.decode()
    beta = "https://w3id.org/kg-malmo/id/fx/beta"
    if media_type.endswith("json"):
        assert json.loads(text)["results"]["bindings"][1]["c"]["value"] == beta
    elif media_type.endswith("xml"):
        uris = [
            u.text for u in ET.fromstring(body).iter("{http://www.w3.org/2005/sparql-results#}uri")
        ]
        assert uris[1] == beta
    elif media_type == "text/csv":
        assert text.split("\r\n")[:3] == ["c", "https://w3id.org/kg-malmo/id/fx/alpha", beta]
    else:
        assert text.splitlines()[:2] == ["?c", "<https://w3id.org/kg-malmo/id/fx/alpha>"]


@pytest.mark.parametrize(
    ("accept", "media_type", "parser"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("*/*", "text/turtle", "turtle"),
        ("text/n3", "text/turtle", "turtle"),  # Turtle is N3
        ("application/n-quads", "application/n-triples", "nt"),  # and N-Triples N-Quads
    ],
)
def test_graph_results_by_content_negotiation(url: str, accept: str, media_type: str, parser: str):
    status, headers, body = http(url, params={"query": LINKS}, headers={"Accept": accept})
    assert status == 200
    assert headers["content-type"].split(";")[0] == media_type
    assert len(Graph().parse(data=body.decode(), format=parser)) == 17


def test_the_format_parameter_overrides_accept(url: str):
    status, headers, _ = http(
        url, params={"query": COMMITTEES, "format": "csv"}, headers={"Accept": "application/json"}
    )
    assert (status, headers["content-type"].split(";")[0]) == (200, "text/csv")


def test_an_unacceptable_format_is_406(url: str):
    status, _, body = http(url, params={"query": COMMITTEES}, headers={"Accept": "image/png"})
    assert status == 406
    assert b"application/sparql-results+json" in body


@pytest.mark.parametrize("fmt", ["bogus", "turtle"])
def test_a_format_parameter_that_does_not_fit_is_406_whatever_accept_says(url: str, fmt: str):
    """format= is the client's choice: one unknown, or not a format of a SELECT's answer, is
    refused, not answered in another format."""
    status, _, body = http(
        url, params={"query": COMMITTEES, "format": fmt}, headers={"Accept": "*/*"}
    )
    assert status == 406
    assert f"as {fmt};".encode() in body and b"text/csv" in body


def test_post_sparql_query_body(url: str):
    status, _, body = http(
        url,
        method="POST",
        body=COMMITTEES.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert status == 200 and body.decode().count("\r\n") == 5


def test_a_syntax_error_is_400_with_its_position(url: str):
    status, _, body = http(url, params={"query": "SELECT ?x WHERE {\n ?x ?y\n}"})
    assert status == 400
    assert body.decode().startswith("<query>:2:2: SPARQL syntax error")


# ---------------------------------------------------------------- CORS, description, page


def test_cors_preflight_and_headers(url: str):
    status, headers, _ = http(
        url,
        method="OPTIONS",
        headers={"Origin": "https://notebook.example", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    assert "Content-Type" in headers["access-control-allow-headers"]
    _, headers, _ = http(url, params={"query": COMMITTEES})
    assert headers["access-control-allow-origin"] == "*"


def test_service_description(url: str, served: int):
    status, headers, body = http(url, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    description = Graph().parse(data=body.decode(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    rows = description.query(
        f"""PREFIX sd: <{sd}> PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?endpoint ?triples WHERE {{
          ?service a sd:Service ; sd:endpoint ?endpoint ;
                   sd:supportedLanguage sd:SPARQL11Query ;
                   sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> ;
                   sd:defaultDataset/sd:defaultGraph/void:triples ?triples }}"""
    )
    [(endpoint, triples)] = list(rows)
    assert str(endpoint) == url
    assert triples.toPython() == served


def test_the_service_description_names_the_derived_graph_and_the_prefixes(url: str):
    # a client learns from the description alone that the view can be asked for by name
    # and that kg's prefixes need no PREFIX lines
    _, _, body = http(url, headers={"Accept": "text/turtle"})
    description = Graph().parse(data=body.decode(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    names = description.query(
        f"""PREFIX sd: <{sd}>
        SELECT ?name WHERE {{ ?service a sd:Service ;
          sd:availableGraphs/sd:namedGraph/sd:name ?name }}"""
    )
    assert [str(n) for (n,) in names] == ["https://w3id.org/kg-malmo/graph/derived"]
    said = " ".join(
        str(o) for o in description.objects(None, URIRef("http://purl.org/dc/terms/description"))
    )
    assert "without PREFIX lines" in said and "graph/derived" in said
    status, _, _ = http(
        url,
        params={"query": "SELECT ?c WHERE { ?c a kg:Committee }"},
        headers={"Accept": "text/csv"},
    )
    assert status == 200  # as the description says


def test_the_query_page_is_self_contained_and_lists_the_library(server: Endpoint):
    status, headers, body = http(server.url)
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "<textarea" in page and 'id="run"' in page
    for query in library():
        assert json.dumps(query.name) in page
    assert "innerHTML" not in page
    for external in (" src=", "<link", "@import", "url("):
        assert external not in page, "the page loads nothing from elsewhere"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "</script>" not in page.split('id="data">')[1].split("</script>")[0]


def test_unknown_paths_are_404(server: Endpoint):
    assert http(server.url + "nothing")[0] == 404


# ---------------------------------------------------------------- read-only, no network


UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE DATA { <https://w3id.org/kg-malmo/id/fx/uni> a <urn:x> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <https://example.org/data.ttl>",
    "CLEAR DEFAULT",
    "DROP ALL",
    "COPY DEFAULT TO <urn:g>",
    "MOVE DEFAULT TO <urn:g>",
    "ADD DEFAULT TO <urn:g>",
]


@pytest.mark.parametrize("update", UPDATES)
@pytest.mark.parametrize("how", ["update=", "sparql-update body", "query="])
def test_updates_are_refused_and_the_data_is_unchanged(
    url: str, served: int, update: str, how: str
):
    if how == "update=":
        request = {
            "body": urllib.parse.urlencode({"update": update}).encode(),
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        }
    elif how == "sparql-update body":
        request = {
            "body": update.encode(),
            "headers": {"Content-Type": "application/sparql-update"},
        }
    else:
        request = {
            "body": urllib.parse.urlencode({"query": update}).encode(),
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        }
    status, _, body = http(url, method="POST", **request)
    assert status == 403
    assert b"read-only" in body
    assert triple_count(url) == served


def test_a_query_and_an_update_together_are_a_bad_request(url: str):
    status, _, body = http(url, params={"query": COUNT, "update": "DROP ALL"})
    assert status == 400 and b"not both" in body


def test_an_update_by_get_is_refused(url: str):
    status, _, body = http(url, params={"update": "DROP ALL"})
    assert status == 403 and b"read-only" in body


def test_sparqlwrapper_update_is_refused(url: str, served: int):
    sparql = SPARQLWrapper(url)
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql.query()
    caught.value.close()
    assert caught.value.code == 403
    assert triple_count(url) == served


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", b"SERVICE"),
        ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", b"FROM"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", b"FROM"),
    ],
)
def test_queries_that_would_reach_the_network_are_refused(url: str, query: str, word: bytes):
    status, _, body = http(url, params={"query": query})
    assert status == 403
    assert word in body and b"refused" in body


def test_dataset_parameters_name_graphs_of_the_store_and_fetch_nothing(url: str):
    """The Protocol's dataset: the data is in the unnamed default graph, so a query over a
    graph named by default-graph-uri sees nothing (and nothing is fetched from its IRI)."""
    status, _, body = http(
        url, params={"query": COMMITTEES, "default-graph-uri": "http://example.org/g"}
    )
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    status, _, body = http(url, params={"query": "ASK {}", "named-graph-uri": "not an iri"})
    assert status == 400 and b"not an IRI" in body


def test_the_derived_graph_named_as_the_default_graph_gives_the_derived_view_alone(url: str):
    """The README's way to tell derived triples from curated ones: default-graph-uri names
    the derived graph, and a query sees the derived view alone (kg:partner, no kg:sector)."""
    from kg.model.vocab import DERIVED_GRAPH

    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s <%s> ?o }"
    partner = count % "https://w3id.org/kg-malmo/ontology#partner"
    sector = count % "https://w3id.org/kg-malmo/ontology#sector"

    def counted(query: str, **params: str) -> int:
        status, _, body = http(url, params={"query": query, **params})
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    derived = {"default-graph-uri": DERIVED_GRAPH}
    assert counted(partner, **derived) == counted(partner) > 0
    assert counted(sector, **derived) == 0 < counted(sector)


# ---------------------------------------------------------------- limits


def test_a_slow_query_is_stopped_while_the_server_keeps_answering(strict_server: Endpoint):
    server, url = strict_server, strict_server.url + "sparql"
    slow: dict = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["answer"] = http(url, params={"query": SLOW})
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    status, _, _ = http(url, params={"query": COMMITTEES})  # the other worker answers
    assert status == 200
    assert thread.is_alive(), "the slow query is still running"
    thread.join(30)
    status, _, body = slow["answer"]
    assert status == 503
    assert b"time limit" in body
    assert SHORT_TIMEOUT <= slow["seconds"] < SHORT_TIMEOUT + 5
    assert http(url, params={"query": COMMITTEES})[0] == 200
    deadline = time.monotonic() + 30
    while server.pool.ready < server.pool.size and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.pool.ready == server.pool.size, "the killed worker was replaced"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_a_large_result_is_cut_at_max_rows_with_a_marker(url: str, graph: Graph, accept: str):
    assert len(graph) > MAX_ROWS
    status, headers, body = http(
        url, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": accept}
    )
    assert status == 200
    assert headers["kg-truncated"] == f"max-rows={MAX_ROWS}"
    if accept == "text/csv":
        assert body.decode().count("\r\n") == MAX_ROWS + 1
    else:
        data = json.loads(body)
        assert len(data["results"]["bindings"]) == MAX_ROWS
        assert data["truncated"]["max_rows"] == MAX_ROWS


def test_a_large_graph_is_cut_with_a_comment(url: str):
    status, headers, body = http(
        url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/turtle"}
    )
    assert status == 200 and "kg-truncated" in headers
    assert body.decode().rstrip().splitlines()[-1].startswith(f"# result cut at {MAX_ROWS} rows")
    assert len(Graph().parse(data=body.decode(), format="turtle")) == MAX_ROWS


def test_a_small_result_has_no_marker(url: str):
    _, headers, body = http(url, params={"query": COMMITTEES})
    assert "kg-truncated" not in headers and "truncated" not in json.loads(body)


def test_a_body_over_1_mib_is_413(url: str):
    body = urllib.parse.urlencode({"query": "#" * MAX_BODY}).encode()
    status, _, text = http(
        url, method="POST", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 413 and b"over 1,048,576 bytes" in text
    assert http(url, params={"query": COMMITTEES})[0] == 200


def test_an_unknown_body_type_is_415(url: str):
    status, _, _ = http(url, method="POST", body=b"x", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_binds_to_the_loopback_address_by_default(server: Endpoint):
    assert inspect.signature(make_server).parameters["host"].default == "127.0.0.1"
    assert server.server_address[0] == "127.0.0.1"


def test_workers_reopen_an_on_disk_store(tmp_path: Path, served: int):
    source = Source(data=(FIXTURE,), bundled=False, store=tmp_path / "s")
    endpoint = make_server(
        source.open(), port=0, directory=source.store, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=1
    )
    assert endpoint.pool.payload == str(tmp_path / "s")  # a folder to reopen, not a copy
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        assert triple_count(endpoint.url + "sparql") == served
    finally:
        endpoint.shutdown()
        endpoint.server_close()
