"""Reading what kg wrote back, as pyoxigraph and rdflib read it, to compare with what was given:
an RDF file, or a query's answer. Terms are compared as Oxigraph's store holds them (a number
by its value, "007" typed xsd:integer as "7": README, "Scale"), blank nodes by canonical
labels, and only the triples of the test's own properties (``EX``): kg's exports hold the
ontology too."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.io.literals import ill_typed_kept

#: The namespace of the test graphs' properties, which kg's ontology does not use.
EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Characters every writer of text must keep: every C0 control and line separator (CR, LF,
#: NEL, U+2028, U+2029, VT, FF), DEL, a byte-order mark, the non-characters U+FFFE and U+FFFF
#: (XML holds neither), an astral character, quotes, a backslash, and what XML escapes.
AWKWARD = [chr(c) for c in range(0x20)] + [
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\U0001f600",
    '"',
    "'",
    "\\",
    "<",
    "&",
]
#: Each RDF format kg writes, as pyoxigraph and rdflib name it.
OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "jsonld": "json-ld", "rdfxml": "xml"}
#: The test graph's own triples, asked as rows and as a graph.
WHERE = f'WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?p), "{EX}")) }}'
SELECT = f"SELECT ?s ?p ?o {WHERE}"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} {WHERE}"
runner = CliRunner()


def canonical(triples: Iterable[ox.Triple | ox.Quad]) -> list[str]:
    """``triples`` of the properties in ``EX`` (default graph), as Oxigraph's store holds them,
    with canonical blank node labels, as sorted N-Triples lines."""
    store = ox.Store()
    for t in triples:
        if t.predicate.value.startswith(EX):
            store.add(ox.Quad(t.subject, t.predicate, t.object))
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(f"{q.subject} {q.predicate} {q.object} ." for q in dataset)


def read_by_pyoxigraph(data: bytes, fmt: str) -> list[str]:
    """The canonical triples pyoxigraph reads in ``data`` (``fmt`` as kg names it)."""
    return canonical(ox.parse(data, OX_FORMATS[fmt]))


def _term(node: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return ox.BlankNode(str(node))
    assert isinstance(node, rdflib.Literal)
    datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
    return ox.Literal(str(node), language=node.language, datatype=datatype)


def read_by_rdflib(data: bytes, fmt: str) -> list[str]:
    """The canonical triples rdflib reads in ``data``, each literal as written (rdflib's own
    reading makes "TRUE" typed xsd:boolean "true", a term of its own, as kg does not)."""
    graph: rdflib.Graph = rdflib.Dataset() if fmt == "nq" else rdflib.Graph()
    with ill_typed_kept(), warnings.catch_warnings():
        # rdflib's Dataset.parse calls its own deprecated default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(data=data, format=RDFLIB_FORMATS[fmt])
    quads = graph.quads() if fmt == "nq" else ((s, p, o, None) for s, p, o in graph)
    return canonical(ox.Triple(*map(_term, (s, p, o))) for s, p, o, _ in quads)


def data_file(triples: Iterable[ox.Triple], folder: Path) -> Path:
    """``triples`` written as N-Triples to a file in ``folder`` for ``kg --data``."""
    path = folder / "graph.nt"
    path.write_bytes(ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES))
    return path


def kg(*args: str):
    """Run ``kg ARGS`` in this process; the result of typer's CliRunner."""
    return runner.invoke(app, list(args))


def query(text: str, data: Path, fmt: str):
    """Run the query ``text`` with ``kg query -f fmt`` on ``data`` alone; the CLI's result."""
    path = data.parent / "query.rq"
    path.write_text(text, encoding="utf-8")
    return kg("query", str(path), "-f", fmt, "--no-bundled", "--data", str(data), "-q")
