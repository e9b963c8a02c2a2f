"""Property-based round trip (hypothesis) of kg serve's Linked Data: ``/id/NAME`` in every RDF
format it offers (Turtle, N-Triples, JSON-LD, RDF/XML) reads back, by pyoxigraph and by rdflib,
as what the graph says of NAME (its statements, the blank nodes they lead to, and the
statements that refer to it); ``/ontology`` in each format as the ontology's file. The pages
(HTML) are no RDF to read back. Each starts a server, so each is slow."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from helpers.examples import bounded
from helpers.roundtrip import EX, canonical, data_file, read_by_pyoxigraph, read_by_rdflib
from helpers.serving import http, running
from hypothesis import given
from test_roundtrip import GRAPHS, _xml_cannot_hold

from kg.io.source import Source
from kg.paths import ontology_file
from kg.web.server import Settings

pytestmark = pytest.mark.slow
#: Each format /id/ and /ontology offer, as kg and the helpers name it, with its media type.
MEDIA = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """kg serve over the bundled data: its URL."""
    with running(Settings(workers=1), store=Source().open()) as endpoint:
        yield endpoint.url


def _described(triples: list[ox.Triple], iri: ox.NamedNode) -> list[ox.Triple]:
    """What /id/ answers of ``iri``: its statements, those of the blank nodes they lead to
    (two steps), and the statements whose object it is."""
    said = [t for t in triples if t.subject == iri or t.object == iri]
    reached = {t.object for t in triples if t.subject == iri and isinstance(t.object, ox.BlankNode)}
    for _ in range(2):
        step = [t for t in triples if t.subject in reached]
        said += step
        reached = {t.object for t in step if isinstance(t.object, ox.BlankNode)}
    return said


def _resource_reads_back(triples: list[ox.Triple]) -> None:
    if not any(isinstance(t.subject, ox.NamedNode) for t in triples):
        return  # no resource of its own to ask for
    with tempfile.TemporaryDirectory(prefix="kg-roundtrip-") as name:
        data = data_file(triples, Path(name))
        store = Source(data=(data,), bundled=False).open()
        with running(Settings(workers=1, base=EX), store=store) as endpoint:
            _answers(endpoint.url, ox.Store(), triples)


def _answers(url: str, store: ox.Store, triples: list[ox.Triple]) -> None:
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    iri = next(t.subject for t in triples if isinstance(t.subject, ox.NamedNode))
    stored = [ox.Triple(q.subject, q.predicate, q.object) for q in store]
    described = _described(stored, iri)
    expected = canonical(described)
    address = url + "id/" + quote(iri.value.removeprefix(EX), safe="")
    for fmt, media in MEDIA.items():
        status, _, body = http(address, headers={"Accept": media})
        if fmt == "rdfxml" and _xml_cannot_hold(described):
            assert status != 200, body
            continue
        assert status == 200, (fmt, body)
        assert read_by_pyoxigraph(body, fmt) == expected, fmt
        assert read_by_rdflib(body, fmt) == expected, fmt


@bounded(12)
@given(GRAPHS)
def test_a_resource_reads_back_in_every_format(triples: list[ox.Triple]):
    _resource_reads_back(triples)


def test_the_ontology_reads_back_in_every_format(served: str):
    url = served
    shipped = ontology_file().read_bytes()
    expected = sorted(
        f"{q.subject} {q.predicate} {q.object} ."
        for q in _canonical_all(ox.parse(shipped, ox.RdfFormat.TURTLE))
    )
    for fmt, media in MEDIA.items():
        status, _, body = http(url + "ontology", headers={"Accept": media})
        assert status == 200, (fmt, body)
        back = sorted(
            f"{q.subject} {q.predicate} {q.object} ."
            for q in _canonical_all(ox.parse(body, _OX[fmt]))
        )
        assert back == expected, fmt


_OX = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def _canonical_all(triples) -> ox.Dataset:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset
