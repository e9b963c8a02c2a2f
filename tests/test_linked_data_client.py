"""kg serve's Linked Data as its consumers use it: JSON-LD with kg's prefixes as its context,
the ontology's version IRI followed, the other forms of an answer named in its ``Link``
header, and a crawler that follows every link within the namespace from one committee."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from helpers.graphs import differences
from helpers.serving import RUNAWAY, http, running
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.io.source import Source
from kg.model.vocab import DATA_IRI, ONTOLOGY_IRI, PREFIXES
from kg.paths import ontology_file
from kg.sparql.jsonld import compacted
from kg.web.admission import Limits
from kg.web.server import Settings

COMMITTEE = DATA_IRI + "fritidsnamnden"
ONTOLOGY = ONTOLOGY_IRI.rstrip("#")
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def malmo() -> Iterator[str]:
    """kg serve over the bundled data: the URL."""
    with running(Settings(workers=1, licensed=True), store=Source().open()) as endpoint:
        yield endpoint.url


def _graph(body: bytes, media: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body.decode("utf-8"), format=RDF_TYPES[media])


@pytest.mark.slow
def test_a_resource_in_json_ld_has_kg_s_prefixes_as_its_context(malmo: str):
    url = malmo + "id/fritidsnamnden"
    status, _, body = http(url, headers={"Accept": "application/ld+json"})
    assert status == 200
    document = json.loads(body)
    assert document["@context"] == PREFIXES
    committee = next(n for n in document["@graph"] if n["@id"] == "id:fritidsnamnden")
    assert committee["@type"] == "kg:Committee"
    assert committee["org:subOrganizationOf"] == {"@id": "id:malmo-stad"}
    assert {"@language": "sv", "@value": "Fritidsnämnden"} in committee["skos:prefLabel"]
    turtle = _graph(http(url, headers={"Accept": "text/turtle"})[2], "text/turtle")
    assert isomorphic(_graph(body, "application/ld+json"), turtle)
    read = list(ox.parse(body, format=ox.RdfFormat.JSON_LD))  # a second reader agrees
    assert len(read) == len(turtle)


@pytest.mark.slow
def test_a_construct_answer_in_json_ld_is_compact_too(malmo: str):
    query = "CONSTRUCT WHERE { ?c a kg:Committee ; skos:prefLabel ?name }"
    status, headers, body = http(
        malmo + "sparql", params={"query": query}, headers={"Accept": "application/ld+json"}
    )
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    nodes = json.loads(body)["@graph"]
    assert len(nodes) == 20 and all(n["@type"] == "kg:Committee" for n in nodes)
    turtle = http(malmo + "sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    assert isomorphic(_graph(body, "application/ld+json"), _graph(turtle[2], "text/turtle"))


def test_json_ld_stays_expanded_where_a_prefix_would_misread_an_iri():
    """An IRI whose scheme is a prefix's name (``id:x``) reads as that prefix's IRI in a
    compacted document: that answer keeps its full IRIs, and reads back the same."""
    triples = [
        ox.Triple(ox.NamedNode(DATA_IRI + "a"), ox.NamedNode(DATA_IRI + "p"), ox.NamedNode(o))
        for o in ("id:x", DATA_IRI + "b")
    ]
    expanded = ox.serialize(triples, format=ox.RdfFormat.JSON_LD)
    assert compacted(expanded, PREFIXES) == expanded
    blank = ox.Triple(ox.NamedNode(DATA_IRI + "a"), ox.NamedNode(DATA_IRI + "p"), ox.BlankNode())
    body = compacted(ox.serialize([triples[1], blank], format=ox.RdfFormat.JSON_LD), PREFIXES)
    assert json.loads(body)["@graph"][0]["id:p"][0] == {"@id": "id:b"}
    assert set(ox.parse(body, format=ox.RdfFormat.JSON_LD)) - {triples[1]}  # the blank node


def test_the_ontology_s_version_iri_is_served(malmo: str):
    status, _, body = http(malmo + "ontology/0.4.0", headers={"Accept": "text/turtle"})
    assert status == 200 and body == ontology_file().read_bytes()
    assert "versionIRI" in body.decode() and "/ontology/0.4.0>" in body.decode()
    status, _, page = http(malmo + "ontology/0.4.0", headers={"Accept": "text/html"})
    text = page.decode("utf-8")
    assert status == 200 and 'id="Committee"' in text
    assert '<nav><a href="../">' in text  # the query page, from one level down
    assert '<a href="../ontology/0.4.0"><code>' in text
    status, _, refused = http(malmo + "ontology/0.3.0", headers={"Accept": "text/turtle"})
    assert status == 404
    said = b"no version 0.3.0 of the ontology here: it is at /ontology/0.4.0 and /ontology"
    assert refused.strip() == said


@pytest.mark.parametrize("path", ["id/fritidsnamnden", "ontology", "ontology/0.4.0"])
def test_the_link_header_names_the_other_forms_and_each_lands(malmo: str, path: str):
    for accept in ("text/html", *RDF_TYPES):
        status, headers, _ = http(malmo + path, headers={"Accept": accept})
        assert status == 200
        links = [part.split(";") for part in headers["link"].split(", ")]
        offered = {kind.strip().removeprefix('type="').removesuffix('"') for _, _, kind in links}
        assert offered == {"text/html", *RDF_TYPES} - {accept}
        assert all(rel.strip() == 'rel="alternate"' for _, rel, _ in links)
        for target, _, kind in links:
            address = urllib.parse.urljoin(malmo + path, target.strip("<> "))
            status, headers, _ = http(address, headers={"Accept": "text/html"})
            assert status == 200 and headers["content-type"].startswith(kind.split('"')[1])


@pytest.mark.slow
def test_a_page_names_every_rdf_form_as_an_alternate(malmo: str):
    for path in ("id/fritidsnamnden", "ontology"):
        page = http(malmo + path, headers={"Accept": "text/html"})[2].decode()
        for media in RDF_TYPES:
            assert f'<link rel="alternate" type="{media}"' in page, (path, media)


def _crawl(malmo: str, start: str) -> tuple[rdflib.Graph, set[str], list]:
    """Follow your nose from ``start``: fetch each IRI in the namespace (and the ontology) as
    Turtle and follow every IRI of theirs; the merged graph, the IRIs read, the failures."""
    merged, read, failed, todo = rdflib.Graph(), set(), [], [start]
    while todo:
        iri = todo.pop()
        path = "id/" + iri[len(DATA_IRI) :] if iri.startswith(DATA_IRI) else "ontology"
        if path in read:
            continue
        read.add(path)
        status, _, body = http(malmo + path, headers={"Accept": "text/turtle"})
        if status != 200:
            failed.append((path, status))
            continue
        graph = _graph(body, "text/turtle")
        merged += graph
        todo += [
            str(n)
            for triple in graph
            for n in triple
            if isinstance(n, rdflib.URIRef) and str(n).startswith((DATA_IRI, ONTOLOGY))
        ]
    return merged, read, failed


@pytest.mark.slow  # some 800 lookups
def test_a_crawler_from_a_committee_reads_the_whole_graph(malmo: str, tmp_path: Path):
    """From one committee, a crawler reaches the municipality, the collaborations, the
    documents and the ontology's terms, and what it merges is the graph kg exports."""
    merged, read, failed = _crawl(malmo, COMMITTEE)
    assert failed == []
    assert {"id/malmo-stad", "id/ka-motesplats-otto", "ontology"} <= read
    assert any(path.startswith("id/doc-") for path in read)
    exported = tmp_path / "all.nt"
    result = CliRunner().invoke(app, ["export", "-f", "nt", "--derived", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=exported.read_text(encoding="utf-8"), format="nt")
    # compared by pyoxigraph's canonical form: rdflib's to_isomorphic took two minutes here
    extra, missing = differences(merged, graph)
    if extra or missing:
        pytest.fail(f"missing {len(missing)}: {missing[:5]}; extra {extra[:5]}")


def test_kg_export_takes_turtle_as_kg_query_takes_ttl(tmp_path: Path):
    runner = CliRunner()
    for fmt in ("ttl", "turtle"):
        result = runner.invoke(app, ["export", "-f", fmt, "-o", str(tmp_path / f"{fmt}.ttl")])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "ttl.ttl").read_bytes() == (tmp_path / "turtle.ttl").read_bytes()
    query = "CONSTRUCT WHERE { id:fritidsnamnden a ?type }"
    answers = [runner.invoke(app, ["query", "-", "-f", f], input=query) for f in ("turtle", "ttl")]
    assert [a.exit_code for a in answers] == [0, 0]
    assert answers[0].stdout == answers[1].stdout and "kg:Committee" in answers[1].stdout


@pytest.mark.slow
def test_lookups_of_resources_leave_half_the_queue_to_queries():
    """A crawler's burst of lookups takes at most half the queue: the next lookup is told to
    come back (503, Retry-After), while a query still finds a place in the queue."""
    settings = Settings(workers=1, limits=Limits(timeout=60, queue_timeout=60, queue=4))
    with running(settings) as endpoint:
        url, waiting = endpoint.url, endpoint.pool._waiting[False]
        _start(url + "sparql", params={"query": RUNAWAY})
        _until(lambda: endpoint.pool.state()["waiting"] == 0 and endpoint.pool._answering)
        for _ in range(2):
            _start(url + "id/fx/alpha", headers={"Accept": "text/turtle"})
        _until(lambda: len(waiting) == 2)
        status, headers, body = http(url + "id/fx/beta", headers={"Accept": "text/turtle"})
        assert status == 503 and headers["retry-after"] == "1"
        assert body.startswith(b"2 lookups of resources are already waiting or running")
        _start(url + "sparql", params={"query": RUNAWAY})
        _until(lambda: len(waiting) == 3)  # the query waits its turn: it was not refused


def _start(url: str, **request: dict) -> None:
    threading.Thread(target=http, args=(url,), kwargs=request, daemon=True).start()


def _until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)
