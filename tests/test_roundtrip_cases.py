"""Graphs kg's writers once got wrong, found by tests/test_roundtrip.py, as plain examples:
each written by ``kg export`` in every RDF format reads back, by pyoxigraph and by rdflib, as
the graph that was given."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers.roundtrip import (
    CONSTRUCT,
    EX,
    SELECT,
    XSD,
    canonical,
    data_file,
    kg,
    query,
    read_by_pyoxigraph,
    read_by_rdflib,
)
from rdflib.query import Result

P = ox.NamedNode(EX + "p")
A, B = ox.BlankNode("a"), ox.BlankNode("b")


def _typed(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))


CASES = {
    # rdflib's JSON-LD writer starts from IRIs and unreferenced blank nodes: a blank node
    # that only itself, or another blank node in a cycle, refers to was left out.
    "blank-node-loop": [ox.Triple(A, P, A)],
    "blank-node-cycle": [ox.Triple(A, P, B), ox.Triple(B, P, A)],
    # RDF/XML wrote a carriage return as it is, which an XML reader reads as a newline.
    "carriage-return": [ox.Triple(ox.NamedNode(EX + "a"), P, ox.Literal("a\r\nb\rc"))],
    # JSON-LD wrote a double that is no number as JSON's null (the triple lost) ...
    "not-a-number": [ox.Triple(A, P, _typed("NaN", "double"))],
    "infinity": [ox.Triple(ox.NamedNode(EX + "a"), P, _typed("-INF", "double"))],
    # ... and a whole double (1E3, -0) as a JSON number, 1000.0, which a JSON-LD reader
    # (pyoxigraph, any conforming one) reads as the xsd:integer 1000 ...
    "whole-double": [
        ox.Triple(ox.NamedNode(EX + "a"), P, _typed("1E3", "double")),
        ox.Triple(ox.NamedNode(EX + "b"), P, _typed("-0", "double")),
    ],
    # ... and failed (its JSON writer takes 64 bits) on a longer whole number.
    "long-integer": [
        ox.Triple(ox.NamedNode(EX + "a"), P, _typed("123456789012345678901234567890", "integer"))
    ],
}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "jsonld", "rdfxml"])
@pytest.mark.parametrize("case", CASES)
def test_kg_export_reads_back_as_written(tmp_path: Path, case: str, fmt: str):
    data = data_file(CASES[case], tmp_path)
    out = tmp_path / f"out.{fmt}"
    result = kg("export", "--no-bundled", "--data", str(data), "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    written = out.read_bytes()
    expected = canonical(CASES[case])
    assert read_by_pyoxigraph(written, fmt) == expected
    assert read_by_rdflib(written, fmt) == expected


@pytest.mark.slow
def test_kg_query_s_xml_keeps_a_carriage_return(tmp_path: Path):
    """Oxigraph wrote the return as it is in SPARQL's XML results and in RDF/XML."""
    triples = CASES["carriage-return"]
    data = data_file(triples, tmp_path)
    rows = query(SELECT, data, "xml")
    assert rows.exit_code == 0, rows.output
    answer = Result.parse(io.BytesIO(rows.stdout_bytes), format="xml")
    assert [str(row[2]) for row in answer] == ["a\r\nb\rc"]  # type: ignore[index]
    graph = query(CONSTRUCT, data, "rdfxml")
    assert graph.exit_code == 0, graph.output
    assert read_by_rdflib(graph.stdout_bytes, "rdfxml") == canonical(triples)
