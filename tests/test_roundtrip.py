"""Property-based round trips (hypothesis) of what kg writes as RDF: small graphs with awkward
values, written by ``kg export`` in every RDF format and answered by ``kg query`` in every
format, read back by pyoxigraph and by rdflib as the same graph and the same rows, or refused
with kg's error where the format cannot hold a value (RDF/XML: a control character, a property
ending in no XML name), never written broken. Deterministic and bounded; the larger runs are
marked slow. tests/test_roundtrip_cases.py keeps each graph these found, as a plain example."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from helpers.examples import bounded
from helpers.roundtrip import (
    AWKWARD,
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
from hypothesis import given
from hypothesis import strategies as st
from rdflib.query import Result

from kg.errors import KgError
from kg.io.literals import ill_typed_kept
from kg.model.xml_names import check_rdf_xml

#: Pieces of IRIs: percent-encoded bytes, non-ASCII letters, an astral character, and what an
#: XML name may not end in.
PIECES = ["a", "%20", "%C3%A4", "ä", "\U0001f600", "x-y", "_", "0", "é", "~", "."]
#: Properties: plain, non-ASCII, with a fragment, percent-encoded, and two ending in no XML
#: name (RDF/XML cannot write them).
PROPERTIES = ["p", "q", "ä", "r#s", "p%C3%A4x", "1", "p/2"]
#: The characters every writer must keep (``AWKWARD``), with C1 controls, a no-break space,
#: the last code point, and text that looks like XML's, or N-Triples' escapes.
CHARACTERS = [
    *AWKWARD,
    "\x9f",
    "\xa0",
    "\U0010ffff",
    "]]>",
    "-->",
    "\\u0041",
    '\\"',
    "a",
    "ö",
    " ",
]
LANGUAGES = ["sv", "EN-gb", "en-GB", "Sv-Latn-SE", "x-Kg", "de-CH-1996"]
TYPED = [
    ("gYear", "2016"),
    ("gYear", "-0044"),
    ("gYear", "2016Z"),
    ("decimal", "3.14159265358979323846264338327950288419716939937510"),
    ("decimal", "0010.500"),
    ("integer", "007"),
    ("integer", "-0"),
    ("integer", "+5"),
    ("integer", "123456789012345678901234567890"),
    ("boolean", "true"),
    ("boolean", "0"),
    ("boolean", "TRUE"),
    ("double", "1E3"),
    ("double", "NaN"),
    ("double", "-INF"),
    ("date", "2016-02-29"),
    ("string", ""),
]
#: A character no XML 1.0 document holds, in a value.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_text = st.lists(st.sampled_from(CHARACTERS), max_size=6).map("".join)
_iri = st.builds(
    lambda path, fragment: ox.NamedNode(
        EX + "".join(path) + ("" if fragment is None else "#" + "".join(fragment))
    ),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=3),
    st.none() | st.lists(st.sampled_from(PIECES), max_size=2),
)
_literal = st.one_of(
    _text.map(ox.Literal),
    st.builds(lambda t, lang: ox.Literal(t, language=lang), _text, st.sampled_from(LANGUAGES)),
    st.sampled_from(TYPED).map(lambda t: ox.Literal(t[1], datatype=ox.NamedNode(XSD + t[0]))),
)
#: Three blank nodes, so that they are shared, nested and in cycles.
_blank = st.sampled_from([ox.BlankNode(f"b{i}") for i in range(3)])
GRAPHS = st.lists(
    st.builds(
        ox.Triple,
        _iri | _blank,
        st.sampled_from(PROPERTIES).map(lambda p: ox.NamedNode(EX + p)),
        st.one_of(_iri, _blank, _literal),
    ),
    min_size=1,
    max_size=6,
)


def _xml_cannot_hold(triples: list[ox.Triple]) -> bool:
    """Whether RDF/XML (or SPARQL's XML results, without the property) cannot hold the graph."""
    values = (t.object.value for t in triples if isinstance(t.object, ox.Literal))
    if any(NOT_XML.search(value) for value in values):
        return True
    try:
        check_rdf_xml((t.predicate.value for t in triples), "")
    except KgError:
        return True
    return False


def _refused_as_xml(result, triples: list[ox.Triple], out: Path | None = None) -> None:
    """A refusal: kg's error (exit code 2), one the graph calls for, and no file written."""
    assert result.exit_code == 2, result.output
    assert "XML cannot hold" in result.output or "RDF/XML cannot write" in result.output
    assert "Traceback" not in result.output
    assert _xml_cannot_hold(triples), result.output
    assert out is None or not out.exists()


def _exports_read_back(triples: list[ox.Triple], folder: Path) -> None:
    data = data_file(triples, folder)
    expected = canonical(triples)
    for fmt in ("ttl", "nt", "nq", "jsonld", "rdfxml"):
        out = folder / f"out.{fmt}"
        result = kg("export", "--no-bundled", "--data", str(data), "-f", fmt, "-o", str(out))
        if result.exit_code != 0 and fmt == "rdfxml":
            _refused_as_xml(result, triples, out)
            continue
        assert result.exit_code == 0, result.output
        written = out.read_bytes()
        assert read_by_pyoxigraph(written, fmt) == expected, fmt
        assert read_by_rdflib(written, fmt) == expected, fmt


def _csv_cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | str) -> str:
    """A term as SPARQL's CSV results write it, its text alone (a blank node as "_:", its label
    being the answer's own)."""
    if isinstance(term, str):  # a cell read back
        return "_:" if term.startswith("_:") else term
    return "_:" if isinstance(term, ox.BlankNode) else term.value


def _answers_read_back(triples: list[ox.Triple], folder: Path) -> None:
    data = data_file(triples, folder)
    expected = canonical(triples)
    readers = {"json": ox.QueryResultsFormat.JSON, "tsv": ox.QueryResultsFormat.TSV}
    readers["xml"] = ox.QueryResultsFormat.XML
    for fmt, reader in readers.items():
        result = query(SELECT, data, fmt)
        if result.exit_code != 0 and fmt == "xml":
            _refused_as_xml(result, triples)
            continue
        assert result.exit_code == 0, result.output
        rows = ox.parse_query_results(result.stdout_bytes, reader)
        assert canonical(ox.Triple(r["s"], r["p"], r["o"]) for r in rows) == expected, fmt
        if fmt == "xml":  # and as an XML reader that keeps to XML's rules reads it
            with ill_typed_kept():  # rdflib's own reading makes "TRUE" typed xsd:boolean "true"
                answer = Result.parse(io.BytesIO(result.stdout_bytes), format="xml")
            values = [row[2] for row in answer]  # type: ignore[index]
            read = sorted(str(v) for v in values if isinstance(v, rdflib.Literal))
            objects = (t.object for t in _stored(triples))
            assert read == sorted(o.value for o in objects if isinstance(o, ox.Literal))
    result = query(SELECT, data, "csv")
    assert result.exit_code == 0, result.output
    body = result.stdout_bytes.decode("utf-8")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[0] == ["s", "p", "o"]
    cells = sorted([p, _csv_cell(o)] for _, p, o in rows[1:])
    stored = _stored(triples)
    assert cells == sorted([t.predicate.value, _csv_cell(t.object)] for t in stored)
    for fmt in ("turtle", "nt", "jsonld", "rdfxml"):
        result = query(CONSTRUCT, data, fmt)
        if result.exit_code != 0 and fmt == "rdfxml":
            _refused_as_xml(result, triples)
            continue
        assert result.exit_code == 0, result.output
        named = "ttl" if fmt == "turtle" else fmt
        assert read_by_pyoxigraph(result.stdout_bytes, named) == expected, fmt
        assert read_by_rdflib(result.stdout_bytes, named) == expected, fmt


def _stored(triples: list[ox.Triple]) -> list[ox.Triple]:
    """``triples`` as Oxigraph's store holds them (a number by its value), each once."""
    store = ox.Store()
    for t in triples:
        store.add(ox.Quad(t.subject, t.predicate, t.object))
    return [q.triple for q in store]


@pytest.mark.slow
@bounded(3)
@given(GRAPHS)
def test_kg_export_reads_back_in_every_rdf_format(triples: list[ox.Triple]):
    with tempfile.TemporaryDirectory(prefix="kg-roundtrip-") as folder:
        _exports_read_back(triples, Path(folder))


@pytest.mark.slow
@bounded(60)
@given(GRAPHS)
def test_kg_export_reads_back_in_every_rdf_format_many(triples: list[ox.Triple]):
    with tempfile.TemporaryDirectory(prefix="kg-roundtrip-") as folder:
        _exports_read_back(triples, Path(folder))


@bounded(3)
@given(GRAPHS)
def test_kg_query_answers_read_back_in_every_format(triples: list[ox.Triple]):
    with tempfile.TemporaryDirectory(prefix="kg-roundtrip-") as folder:
        _answers_read_back(triples, Path(folder))


@pytest.mark.slow
@bounded(40)
@given(GRAPHS)
def test_kg_query_answers_read_back_in_every_format_many(triples: list[ox.Triple]):
    with tempfile.TemporaryDirectory(prefix="kg-roundtrip-") as folder:
        _answers_read_back(triples, Path(folder))
