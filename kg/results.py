"""Render SPARQL results: solutions as table cells, CSV, TSV, SPARQL JSON or XML; graphs as RDF."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node, Variable

from kg.errors import KgError
from kg.labels import short_iri
from kg.namespace import PREFIXES, bind_prefixes

#: Formats for SELECT and ASK results, with their media types (SPARQL 1.1 result formats).
SOLUTION_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: Formats for CONSTRUCT and DESCRIBE results (graphs), with their media types.
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_RDFLIB_NAMES = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
#: Other media types clients send, and the format each stands for.
ALIASES: dict[str, dict[str, str]] = {
    "solutions": {
        "application/json": "json",
        "application/xml": "xml",
        "text/xml": "xml",
        "application/sparql-results+json": "json",
        "application/sparql-results+xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
    },
    "graph": {
        "text/turtle": "turtle",
        "application/x-turtle": "turtle",
        "application/turtle": "turtle",
        "application/n-triples": "nt",
        "text/plain": "nt",
        "application/ld+json": "jsonld",
        "application/json": "jsonld",
        "application/rdf+xml": "rdfxml",
        "application/xml": "rdfxml",
        "text/xml": "rdfxml",
    },
}
#: Short names (``format=`` / ``output=`` request parameters) and the format each stands for.
SHORT_NAMES: dict[str, dict[str, str]] = {
    "solutions": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {
        "turtle": "turtle",
        "ttl": "turtle",
        "nt": "nt",
        "ntriples": "nt",
        "n-triples": "nt",
        "json-ld": "jsonld",
        "jsonld": "jsonld",
        "json": "jsonld",
        "xml": "rdfxml",
        "rdfxml": "rdfxml",
        "rdf+xml": "rdfxml",
    },
}


@dataclass(frozen=True)
class Rendered:
    """A rendered result: its text, media type, and whether it was cut at ``max_rows``."""

    text: str
    media_type: str
    rows: int
    truncated: bool = False


def kind_of(result: Result) -> str:
    """``solutions`` for SELECT and ASK, ``graph`` for CONSTRUCT and DESCRIBE."""
    return "graph" if result.type in ("CONSTRUCT", "DESCRIBE") else "solutions"


def media_type(fmt: str) -> str:
    """The media type of a format name.

    >>> media_type("json"), media_type("turtle")
    ('application/sparql-results+json', 'text/turtle')
    """
    return {**SOLUTION_FORMATS, **GRAPH_FORMATS}[fmt]


def negotiate(kind: str, accept: str | None, formats: Sequence[str] = ()) -> str | None:
    """Pick a format for a ``kind`` of result from ``format=`` values or an Accept header.

    ``formats`` (the ``format`` / ``output`` request parameters) may hold short names
    (``json``, ``turtle``) or media types; the first one kg knows wins, else the Accept
    header decides. Returns None when nothing acceptable is offered (HTTP 406). Without a
    preference: SPARQL JSON for solutions, Turtle for graphs.

    >>> negotiate("solutions", "text/csv;q=0.5, application/sparql-results+xml")
    'xml'
    >>> negotiate("graph", "text/html,*/*;q=0.8")
    'turtle'
    >>> negotiate("graph", None, ["n3", "json-ld"])
    'jsonld'
    >>> negotiate("solutions", "image/png") is None
    True
    """
    for value in formats:
        value = value.strip().lower()
        known = SHORT_NAMES[kind].get(value) or ALIASES[kind].get(value.split(";")[0].strip())
        if known:
            return known
    default = "json" if kind == "solutions" else "turtle"
    if not accept or not accept.strip():
        return default
    offered = ALIASES[kind]
    choices: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        mime = parts[0].lower()
        quality = 1.0
        for parameter in parts[1:]:
            key, _, value = parameter.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if mime in offered:
            choices.append((quality, -position, offered[mime]))
        elif mime == "*/*":
            choices.append((quality - 0.0001, -position, default))
        elif mime.endswith("/*"):
            family = mime[:-1]
            match = next((f for m, f in offered.items() if m.startswith(family)), None)
            if match:
                choices.append((quality - 0.0001, -position, match))
    return max(choices)[2] if choices else None


# ---------------------------------------------------------------- one term


def term_text(node: Node | None) -> str:
    """A term for people: a short IRI (``id:radda-barnen``), a literal's text, ``_:b`` for a
    blank node, empty when unbound.

    >>> term_text(URIRef("https://w3id.org/kg-malmo/id/radda-barnen")), term_text(Literal(3))
    ('id:radda-barnen', '3')
    """
    if node is None:
        return ""
    if isinstance(node, URIRef | BNode):
        return short_iri(node)
    return str(node)


def _json_term(node: Node) -> dict:
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    term: dict = {"type": "literal", "value": str(node)}
    if isinstance(node, Literal):
        if node.language:
            term["xml:lang"] = node.language
        elif node.datatype and node.datatype != XSD.string:
            term["datatype"] = str(node.datatype)
    return term


def _xml_term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<uri>{escape(str(node))}</uri>"
    if isinstance(node, BNode):
        return f"<bnode>{escape(str(node))}</bnode>"
    attributes = ""
    if isinstance(node, Literal):
        if node.language:
            attributes = f" xml:lang={quoteattr(node.language)}"
        elif node.datatype and node.datatype != XSD.string:
            attributes = f" datatype={quoteattr(str(node.datatype))}"
    return f"<literal{attributes}>{escape(_xml_safe(str(node)))}</literal>"


def _xml_safe(text: str) -> str:
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def _csv_term(node: Node | None) -> str:
    return "" if node is None else str(node)


def _tsv_term(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal) and node.datatype in (XSD.integer, XSD.decimal, XSD.boolean):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return node.n3()


# ---------------------------------------------------------------- solutions


def rows_of(result: Result) -> Iterator[dict[Variable, Node]]:
    """The solutions of a SELECT result as dicts of the bound variables, lazily."""
    variables = list(result.vars or [])
    for row in result:
        yield {v: row[i] for i, v in enumerate(variables) if row[i] is not None}


def table(result: Result) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of text cells for a SELECT (or ASK) result, for a terminal.

    >>> from kg.loader import load
    >>> columns, rows = table(load().query("ASK { ?s ?p ?o }"))
    >>> columns, rows
    (['boolean'], [['true']])
    """
    if result.type == "ASK":
        return ["boolean"], [["true" if result.askAnswer else "false"]]
    columns = [str(v) for v in result.vars or []]
    return columns, [[term_text(cell) for cell in row] for row in result]


def write_solutions(
    fmt: str,
    variables: Sequence[Variable],
    rows: Iterable[Mapping[Variable, Node]],
    *,
    max_rows: int | None = None,
) -> Rendered:
    """SELECT solutions in a SPARQL 1.1 result format, cut after ``max_rows`` with a marker.

    The marker: ``"truncated"`` in JSON, a comment in XML; CSV and TSV have no place for one
    (the endpoint sends a ``Kg-Truncated`` header with every format).

    >>> x = Variable("x")
    >>> out = write_solutions("csv", [x], [{x: Literal("a")}, {x: Literal("b")}], max_rows=1)
    >>> out.text.splitlines(), out.truncated
    (['x', 'a'], True)
    """
    iterator = iter(rows)
    kept = list(islice(iterator, max_rows)) if max_rows is not None else list(iterator)
    truncated = max_rows is not None and next(iterator, None) is not None
    names = [str(v) for v in variables]
    if fmt == "json":
        body: dict = {
            "head": {"vars": names},
            "results": {
                "bindings": [
                    {str(k): _json_term(v) for k, v in row.items() if v is not None} for row in kept
                ]
            },
        }
        if truncated:
            body["truncated"] = _marker(max_rows)
        text = json.dumps(body, ensure_ascii=False, indent=1)
    elif fmt == "xml":
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
            "<head>",
            *(f"<variable name={quoteattr(n)}/>" for n in names),
            "</head>",
            "<results>",
        ]
        for row in kept:
            lines.append("<result>")
            lines.extend(
                f"<binding name={quoteattr(str(k))}>{_xml_term(v)}</binding>"
                for k, v in row.items()
                if v is not None
            )
            lines.append("</result>")
        lines.append("</results>")
        if truncated:
            lines.append(f"<!-- {escape(_marker(max_rows)['message'])} -->")
        lines.append("</sparql>")
        text = "\n".join(lines) + "\n"
    elif fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(names)
            writer.writerows([_csv_term(row.get(v)) for v in variables] for row in kept)
        else:
            buffer.write("\t".join(f"?{n}" for n in names) + "\n")
            for row in kept:
                buffer.write("\t".join(_tsv_term(row.get(v)) for v in variables) + "\n")
        text = buffer.getvalue()
    else:
        raise _unknown(fmt, "solutions")
    return Rendered(text, SOLUTION_FORMATS[fmt], len(kept), truncated)


def write_boolean(fmt: str, value: bool) -> Rendered:
    """An ASK answer in a result format (CSV and TSV: a ``boolean`` column with one row).

    >>> write_boolean("json", True).text
    '{"head": {}, "boolean": true}'
    """
    word = "true" if value else "false"
    if fmt == "json":
        text = json.dumps({"head": {}, "boolean": value})
    elif fmt == "xml":
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            f"<head/>\n<boolean>{word}</boolean>\n</sparql>\n"
        )
    elif fmt == "csv":
        text = f"boolean\r\n{word}\r\n"
    elif fmt == "tsv":
        text = f"?boolean\n{word}\n"
    else:
        raise _unknown(fmt, "solutions")
    return Rendered(text, SOLUTION_FORMATS[fmt], 1)


# ---------------------------------------------------------------- graphs


def write_graph(
    fmt: str, triples: Iterable[tuple[Node, Node, Node]], *, max_rows: int | None = None
) -> Rendered:
    """Triples as Turtle, N-Triples, JSON-LD (inline ``@context``) or RDF/XML.

    Cut after ``max_rows`` triples; Turtle and N-Triples then end with a ``#`` comment saying so.

    >>> t = (URIRef("https://w3id.org/kg-malmo/id/a"), URIRef(PREFIXES["org"] + "hasMember"),
    ...      URIRef("https://w3id.org/kg-malmo/id/b"))
    >>> "id:a org:hasMember id:b" in write_graph("turtle", [t]).text
    True
    """
    if fmt not in GRAPH_FORMATS:
        raise _unknown(fmt, "graph")
    iterator = iter(triples)
    graph = bind_prefixes(Graph())
    for triple in islice(iterator, max_rows) if max_rows is not None else iterator:
        graph.add(triple)
    truncated = max_rows is not None and next(iterator, None) is not None
    options: dict = {}
    if fmt == "jsonld":
        options = {"context": dict(PREFIXES), "auto_compact": True}
    text = graph.serialize(format=_RDFLIB_NAMES[fmt], **options)
    if truncated and fmt in ("turtle", "nt"):
        text += f"# {_marker(max_rows)['message']}\n"
    return Rendered(text, GRAPH_FORMATS[fmt], len(graph), truncated)


# ---------------------------------------------------------------- any result


def choose_format(requested: str, kind: str) -> str | None:
    """The format to render a ``kind`` of result in, for ``kg query --format``.

    ``table`` is None (a terminal table) for solutions and Turtle for graphs; ``json`` is
    SPARQL JSON for solutions and JSON-LD for graphs.

    >>> choose_format("table", "graph"), choose_format("json", "graph")
    ('turtle', 'jsonld')
    >>> choose_format("table", "solutions") is None, choose_format("csv", "solutions")
    (True, 'csv')
    """
    if kind == "graph":
        return {"table": "turtle", "json": "jsonld", "xml": "rdfxml"}.get(requested, requested)
    return None if requested == "table" else requested


def render(result: Result, fmt: str, *, max_rows: int | None = None) -> Rendered:
    """A query result in ``fmt``: a solution format for SELECT and ASK, a graph format for
    CONSTRUCT and DESCRIBE; a format of the wrong kind raises KgError.

    >>> from kg.loader import load
    >>> render(load().query("SELECT (1 AS ?one) {}"), "tsv").text
    '?one\\n1\\n'
    """
    kind = kind_of(result)
    if kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise _unknown(fmt, kind)
        return write_graph(fmt, result.graph, max_rows=max_rows)
    if fmt not in SOLUTION_FORMATS:
        raise _unknown(fmt, kind)
    if result.type == "ASK":
        return write_boolean(fmt, bool(result.askAnswer))
    return write_solutions(fmt, list(result.vars or []), rows_of(result), max_rows=max_rows)


def _marker(max_rows: int | None) -> dict:
    return {
        "max_rows": max_rows,
        "message": f"result cut at {max_rows} rows (the endpoint's --max-rows); "
        "add LIMIT/OFFSET to page through it",
    }


def _unknown(fmt: str, kind: str) -> KgError:
    formats = SOLUTION_FORMATS if kind == "solutions" else GRAPH_FORMATS
    what = "SELECT and ASK results" if kind == "solutions" else "CONSTRUCT and DESCRIBE results"
    return KgError(
        f"'{fmt}' is not a format for {what}", hint=f"choose one of: {', '.join(formats)}"
    )
