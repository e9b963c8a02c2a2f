"""SPARQL answers for people and machines: a terminal table, or pyoxigraph's serialisers.

Solutions (SELECT) are written as SPARQL JSON, XML, CSV or TSV, a boolean (ASK) as JSON or
XML (the formats that define one), triples (CONSTRUCT, DESCRIBE) as Turtle, N-Triples,
JSON-LD or RDF/XML.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from kg.errors import KgError
from kg.model.vocab import PREFIXES, short_iri

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

#: Result formats per kind of answer, with their media types.
FORMATS: dict[str, dict[str, str]] = {
    "solutions": {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    },
    "boolean": {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
    },
    "graph": {
        "turtle": "text/turtle",
        "nt": "application/n-triples",
        "jsonld": "application/ld+json",
        "rdfxml": "application/rdf+xml",
    },
}
#: Each format's name for people and its file extension (the query page's downloads).
SHOWN: dict[str, tuple[str, str]] = {
    "json": ("JSON", "json"),
    "xml": ("XML", "srx"),
    "csv": ("CSV", "csv"),
    "tsv": ("TSV", "tsv"),
    "turtle": ("Turtle", "ttl"),
    "nt": ("N-Triples", "nt"),
    "jsonld": ("JSON-LD", "jsonld"),
    "rdfxml": ("RDF/XML", "rdf"),
}
#: Other media types clients send, and the format each stands for.
_ALIASES: dict[str, str] = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/n3": "turtle",  # Turtle is N3, and N-Triples N-Quads (in the default graph)
    "text/rdf+n3": "turtle",
    "application/n-quads": "nt",
    "text/plain": "nt",
}
#: Short names (``format=`` / ``output=`` request parameters) and the format each stands for.
_SHORT_NAMES: dict[str, str] = {
    "ttl": "turtle",
    "n3": "turtle",  # SPARQLWrapper's N3 and RDF
    "rdf": "rdfxml",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "rdf+xml": "rdfxml",
}


def kind_of(answer: Any) -> str:
    """``solutions``, ``boolean`` or ``graph``, for a pyoxigraph answer."""
    import pyoxigraph as ox

    if isinstance(answer, ox.QuerySolutions):
        return "solutions"
    if isinstance(answer, ox.QueryBoolean):
        return "boolean"
    return "graph"


def accept_ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header (or the language ranges of an Accept-Language
    header), lower-cased, with their qualities (RFC 9110: 1 unless ``q=`` says, kept within
    0–1), in the header's order. A ``q=`` that is not a number is ignored, as an unknown
    parameter is: the range keeps quality 1, so that a typo never refuses what it names.

    >>> accept_ranges("text/HTML;q=0.5, */*;Q=x, application/json;q=0")
    [('text/html', 0.5), ('*/*', 1.0), ('application/json', 0.0)]
    >>> accept_ranges("sv;q=abc, en;q=nan, de;q=2")
    [('sv', 1.0), ('en', 1.0), ('de', 1.0)]
    """
    ranges = []
    for part in accept.split(","):
        media, *parameters = (p.strip() for p in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, number = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    read = float(number)
                except ValueError:
                    continue
                if read == read:  # not nan
                    quality = min(1.0, max(0.0, read))
        if media:
            ranges.append((media.lower(), quality))
    return ranges


def negotiate(kind: str, accept: str | None, formats: Sequence[str] = ()) -> str | None:
    """Pick a format for a ``kind`` of answer from ``format=`` values or an Accept header.

    ``formats`` may hold short names (``json``, ``turtle``) or media types; the first one
    known for the kind wins, and where none is, nothing is acceptable (the Accept header is
    not asked). For a graph, a result-format media type (``json`` …) stands for the graph
    format closest to it. Without a preference: SPARQL JSON for solutions and booleans,
    Turtle for graphs. None when nothing acceptable is offered (HTTP 406).

    >>> negotiate("solutions", "text/csv;q=0.5, application/sparql-results+xml")
    'xml'
    >>> negotiate("graph", "application/sparql-results+json"), negotiate("boolean", "text/csv")
    ('jsonld', None)
    >>> negotiate("solutions", "*/*", ["turtle"]), negotiate("solutions", None, ["bogus"])
    (None, None)
    >>> negotiate("graph", "text/turtle;q=0, */*"), negotiate("graph", "text/turtle;q=0, text/*")
    ('nt', None)
    """
    offered = FORMATS[kind]
    for value in formats:
        known = _known(kind, value.strip().lower().split(";")[0].strip())
        if known:
            return known
    if formats:
        return None
    default = "json" if kind != "graph" else "turtle"
    if not accept or not accept.strip():
        return default
    ranges = [(at, mime, quality) for at, (mime, quality) in enumerate(accept_ranges(accept))]
    # a format named with q=0 is refused, whatever wildcard beside it would take it
    refused = {_known(kind, mime) for _, mime, quality in ranges if quality <= 0} - {None}
    choices: list[tuple[float, int, str]] = []
    for position, mime, quality in ranges:
        if quality <= 0:
            continue
        if known := _known(kind, mime):
            choices.append((quality, -position, known))
        elif mime.endswith("/*"):  # */* takes the default first, text/* a text format
            family = "" if mime == "*/*" else mime[:-1]
            ordered = (default, *offered) if mime == "*/*" else offered
            fits = (f for f in ordered if offered[f].startswith(family) and f not in refused)
            if match := next(fits, None):
                choices.append((quality - 0.0001, -position, match))
    return max(choices)[2] if choices else None


def _known(kind: str, value: str) -> str | None:
    offered = FORMATS[kind]
    name = _SHORT_NAMES.get(value, _ALIASES.get(value, value))
    if name in offered:
        return name
    for fmt, media in offered.items():
        if media == value:
            return fmt
    if kind == "graph":  # a result format asked for a graph: the nearest graph format
        result = _known("solutions", value)
        return {"json": "jsonld", "xml": "rdfxml", "csv": "nt", "tsv": "nt"}.get(result or "")
    return None


@dataclass(frozen=True)
class Serialized:
    """A serialised answer: its bytes, media type, and how many rows or triples it holds
    (None when not counted), and whether it was cut at a row limit."""

    body: bytes
    media_type: str
    rows: int | None = None
    truncated: bool = False


def serialize(answer: Any, fmt: str, *, max_rows: int | None = None) -> Serialized:
    """An answer in ``fmt`` (a format of its kind), cut after ``max_rows`` rows or triples.

    >>> import pyoxigraph as ox
    >>> serialize(ox.Store().query("SELECT (1 AS ?one) {}"), "csv").body
    b'one\\r\\n1\\r\\n'
    """
    import pyoxigraph as ox

    kind = kind_of(answer)
    if fmt not in FORMATS[kind]:
        raise unknown_format(fmt, kind)
    media = FORMATS[kind][fmt]
    if kind == "graph":
        if fmt == "nt" and max_rows is None and isinstance(answer, ox.QueryTriples):
            # written by the engine as it reads them, with no Python object made per triple
            body, count = _sorted_lines(answer.serialize(format=ox.RdfFormat.N_TRIPLES))
            return Serialized(body, media, count)
        triples = list(islice(answer, max_rows + 1)) if max_rows is not None else list(answer)
        truncated = max_rows is not None and len(triples) > max_rows
        triples = triples[:max_rows] if truncated else triples
        if fmt == "nt":
            body, _ = _sorted_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
            return Serialized(body, media, len(triples), truncated)
        triples.sort(key=str)  # the engine's order varies (memory, store): the same graph, bytes
        if fmt == "rdfxml":
            from kg.model.xml_names import check_rdf_xml

            hint = "ask for Turtle, N-Triples or JSON-LD, which take any property"
            check_rdf_xml((t.predicate.value for t in triples), hint)
        options = {"prefixes": PREFIXES} if fmt in ("turtle", "jsonld", "rdfxml") else {}
        body = ox.serialize(triples, format=ox.RdfFormat.from_media_type(media), **options)
        body = _xml_checked(body, fmt)
        if fmt == "jsonld":  # pyoxigraph writes it expanded: full IRIs as keys
            from kg.sparql.jsonld import compacted

            body = compacted(body, PREFIXES)
        return Serialized(body, media, len(triples), truncated)
    results = getattr(ox.QueryResultsFormat, fmt.upper())
    if kind == "boolean":
        return Serialized(answer.serialize(format=results), media, 1)
    if max_rows is None:
        return Serialized(_xml_checked(answer.serialize(format=results), fmt), media)
    rows = list(islice(answer, max_rows + 1))
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    names = [v.value for v in answer.variables]
    # The rows kept, as TSV in pyoxigraph's own term syntax, read back and written in fmt:
    # pyoxigraph has no serialiser for a partial answer.
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    kept = ox.parse_query_results("\n".join(lines) + "\n", format=ox.QueryResultsFormat.TSV)
    body = _xml_checked(kept.serialize(format=results), fmt)
    return Serialized(body, media, len(rows), truncated)


def _sorted_lines(written: bytes) -> tuple[bytes, int]:
    """N-Triples ``written`` with its lines in the order of the triples sorted by their
    text, as the other graph formats are (the engine's order varies, memory or store: the
    same graph gives the same bytes), and how many lines it has.

    Each line is the triple's text (``str(triple)``) and `` .``, so the lines sorted as bytes
    are in that order (UTF-8 keeps the characters' order; where one triple's text begins
    another's, only a language tag or datatype can follow, and the space before the full stop
    sorts before both): half the time of a string made per triple to sort on, at 500,000
    triples (docs/performance.md).

    >>> import pyoxigraph as ox
    >>> s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    >>> tagged, plain = ox.Literal("a", language="en"), ox.Literal("a")
    >>> both = [ox.Triple(s, p, tagged), ox.Triple(s, p, plain)]
    >>> body, count = _sorted_lines(ox.serialize(both, format=ox.RdfFormat.N_TRIPLES))
    >>> print(body.decode(), count)
    <http://example.org/s> <http://example.org/p> "a" .
    <http://example.org/s> <http://example.org/p> "a"@en .
     2
    """
    lines = written.split(b"\n")
    lines.pop()  # what follows the last line's end: nothing
    lines.sort()
    return (b"\n".join(lines) + b"\n" if lines else b""), len(lines)


def _xml_checked(body: bytes, fmt: str) -> bytes:
    """``body``, refused where it is XML (``fmt`` xml or rdfxml) holding a character XML
    cannot hold: Oxigraph writes it as it is, and no XML reader reads the answer; a carriage
    return is written as a reference, which XML keeps."""
    if fmt in ("xml", "rdfxml"):
        from kg.model.xml_names import check_xml_text, returns_kept

        check_xml_text(body, "ask for JSON, CSV or TSV (Turtle or N-Triples for a graph)")
        return returns_kept(body)
    return body


def term_text(node: Any) -> str:
    """A term for people: a short IRI (``id:radda-barnen``), a literal's text, ``_:b`` for a
    blank node, empty when unbound.

    >>> import pyoxigraph as ox
    >>> term_text(ox.NamedNode("https://w3id.org/kg-malmo/id/x")), term_text(ox.Literal("3"))
    ('id:x', '3')
    """
    import pyoxigraph as ox

    if node is None:
        return ""
    if isinstance(node, ox.NamedNode):
        return short_iri(node.value)
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    if isinstance(node, ox.Literal):
        return node.value
    return str(node)


def table(answer: Any) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of text cells for solutions or a boolean, for a terminal.

    >>> import pyoxigraph as ox
    >>> table(ox.Store().query("ASK { }"))
    (['boolean'], [['true']])
    """
    if kind_of(answer) == "boolean":
        return ["boolean"], [["true" if bool(answer) else "false"]]
    columns = [v.value for v in answer.variables]
    return columns, [[term_text(cell) for cell in row] for row in answer]


def choose_format(requested: str, kind: str, also: tuple[str, ...] = ("table",)) -> str | None:
    """The format to write a ``kind`` of answer in for ``kg query --format`` (None: a table);
    ``also`` names the caller's formats besides SPARQL's and RDF's in the error for another.

    >>> choose_format("table", "graph"), choose_format("json", "graph")
    ('turtle', 'jsonld')
    >>> choose_format("table", "solutions") is None, choose_format("csv", "solutions")
    (True, 'csv')
    """
    if kind == "graph":
        named = {"table": "turtle", "ttl": "turtle", "json": "jsonld", "xml": "rdfxml"}
        chosen = named.get(requested, requested)
    else:
        chosen = None if requested == "table" else requested
    if chosen is not None and chosen not in FORMATS[kind]:
        raise unknown_format(requested, kind, also=also)
    return chosen


def unknown_format(fmt: str, kind: str, also: tuple[str, ...] = ()) -> KgError:
    """The error for a format that does not fit the kind of answer (``also``: the formats
    the caller accepts besides those of SPARQL and RDF, such as ``kg query``'s table)."""
    what = {
        "solutions": "SELECT results",
        "boolean": "ASK results (SPARQL defines them in JSON and XML only)",
        "graph": "CONSTRUCT and DESCRIBE results",
    }[kind]
    return KgError(
        f"'{fmt}' is not a format for {what}",
        hint=f"choose one of: {', '.join((*also, *FORMATS[kind]))}",
    )
