"""Write the whole merged graph as Turtle, N-Triples, JSON-LD or RDF/XML, the same file for
the same graph: N-Triples sorted line by line, RDF/XML in that order, JSON-LD's nodes sorted
by id, with blank nodes named after what they say (:func:`stable_blank_nodes`), not by a
random label of the run."""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.io.outputs import atomic
from kg.io.parse import ill_typed_kept
from kg.model.vocab import DERIVED_GRAPH, PREFIXES
from kg.model.xml_names import check_rdf_xml, check_xml_text, returns_kept

#: Rounds of naming blank nodes by their neighbours' names: enough for an RDF list this long.
MAX_ROUNDS = 64
#: The datatypes rdflib's JSON-LD writes as JSON's own values: an ill-typed literal of one
#: ("abc" typed xsd:integer) would lose its type, and "yes" typed xsd:boolean become false.
_NATIVE = (XSD.boolean, XSD.integer, XSD.double)
#: The datatype an ill-typed literal of those is written under, then named again in the JSON.
_STAND_IN = "urn:kg:ill-typed:"
#: The whole numbers JSON-LD's writer (orjson) takes as a JSON number: a signed 64-bit one.
_JSON_INTEGERS = range(-(2**63), 2**63)
#: A node that names, for rdflib's JSON-LD, the blank nodes it would not write, then is dropped.
_ROOT = URIRef("urn:kg:json-ld-root")
#: Export format name → rdflib serializer name.
RDF_FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def export_rdf(
    graph: Graph, fmt: str, path: str | PathLike[str], *, header: str | None = None
) -> int:
    """Serialize ``graph`` to ``path`` (a str or a Path) in ``fmt`` (``ttl``, ``nt``,
    ``jsonld`` or ``rdfxml``); return how many triples were written. ``header`` (the credit
    the data's licence asks for) opens Turtle, N-Triples and RDF/XML as a comment; JSON-LD
    has none.

    JSON-LD is written with an inline ``@context`` built from the kg prefixes, so reading it
    back needs no network. The same graph gives the same file in every format, byte for byte.
    """
    if fmt not in RDF_FORMATS:
        raise KgError(
            f"unknown RDF format '{fmt}'", hint=f"choose one of: {', '.join(RDF_FORMATS)}"
        )
    path = Path(path)
    if fmt == "ttl":  # rdflib sorts Turtle and writes a blank node used once inline
        inline = _all_inline(graph)
        ordered = graph if inline else stable_blank_nodes(graph)

        def write(out: IO[bytes]) -> None:  # streamed, after the comment
            with ill_typed_kept():
                out.write(_comment(header).encode("utf-8"))
                stood_in = _stood_in(ordered, _ill_typed_boolean)  # rdflib writes "yes" bare
                if stood_in is ordered:
                    ordered.serialize(destination=out, format="turtle", encoding="utf-8")
                else:
                    text = stood_in.serialize(format="turtle", encoding="utf-8")
                    stand_in = f"<{_STAND_IN}{XSD.boolean}>".encode()
                    out.write(text.replace(stand_in, f"<{XSD.boolean}>".encode()))

        atomic(path, write)  # whole or not at all: a file there before stays if this fails
    else:  # RDF/XML written by Oxigraph from the sorted N-Triples
        with ill_typed_kept():
            text = _stable_text(graph, "nt" if fmt == "rdfxml" else fmt)
        comment = _comment(header) if fmt == "nt" else ""  # JSON has no comments
        data = _rdf_xml(text, header) if fmt == "rdfxml" else (comment + text).encode("utf-8")
        atomic(path, lambda out: out.write(data))
    return len(graph)


def _rdf_xml(ntriples: str, header: str | None) -> bytes:
    """RDF/XML of sorted N-Triples, written by Oxigraph in their order (a subject's triples
    together, kg's prefixes as XML namespaces), ``header`` as a comment after the XML
    declaration.

    >>> text = _rdf_xml('<http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\\n', "kg")
    >>> text.splitlines()[1]
    b'<!-- kg -->'
    """
    triples = list(ox.parse(ntriples.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
    hint = "write Turtle (-f ttl) or N-Triples (-f nt), which take any property"
    check_rdf_xml((t.predicate.value for t in triples), hint)
    text = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=dict(PREFIXES))
    hint = "write Turtle (-f ttl) or N-Triples (-f nt), which take any character"
    check_xml_text(text, hint, exported=True)
    text = returns_kept(text)
    if not header:
        return text
    declaration, _, rest = text.partition(b"\n")
    comment = header.replace("--", "- -")  # "--" may not stand in an XML comment
    return declaration + f"\n<!-- {comment} -->\n".encode() + rest


def export_nquads(
    facts: Graph, view: Graph, path: str | PathLike[str], *, header: str | None = None
) -> int:
    """Write ``facts`` in the default graph and the committee-level ``view`` in its named graph
    (``DERIVED_GRAPH``) to ``path`` as N-Quads, sorted line by line, blank nodes named as
    :func:`export_rdf` names them, ``header`` as a comment first; return how many quads were
    written."""
    labels = {str(node): name for node, name in blank_names(facts + view).items()}
    named = f" <{DERIVED_GRAPH}> .\n"
    lines = _nt_lines(facts, labels)
    lines += [line[: -len(" .\n")] + named for line in _nt_lines(view, labels)]
    text = _comment(header) + "".join(sorted(lines))
    atomic(Path(path), lambda out: out.write(text.encode("utf-8")))
    return len(lines)


def _comment(text: str | None) -> str:
    """``text`` as comment lines of Turtle, N-Triples or N-Quads (nothing for None).

    >>> _comment("Data: kg, CC BY 4.0")
    '# Data: kg, CC BY 4.0\\n'
    """
    return "".join(f"# {line}\n" for line in text.splitlines()) if text else ""


def _nt_lines(graph: Graph, labels: dict[str, str]) -> list[str]:
    """``graph``'s N-Triples lines as rdflib writes them (each ending in " .\n"), its blank
    nodes relabelled by ``labels`` (:func:`blank_names`). Split at ``\\n`` alone: rdflib
    writes a literal's U+2028, U+0085, vertical tab or form feed as it is, and
    ``str.splitlines`` would break the triple there.

    >>> g = Graph().add((URIRef("http://x/a"), URIRef("http://x/p"), Literal("a\\u2028b")))
    >>> [line.count("\\u2028") for line in _nt_lines(g, {})]
    [1]
    """
    lines = graph.serialize(format="nt").split("\n")
    return [_relabelled(line + "\n", labels) for line in lines if line.strip()]


def _all_inline(graph: Graph) -> bool:
    """Whether every blank node is the object of exactly one triple, so that Turtle writes
    each inline, with no label of the run (one shared, or that is no object, gets a label)."""
    objects: dict[BNode, int] = defaultdict(int)
    for s, _, o in graph:
        if isinstance(o, BNode):
            objects[o] += 1
        elif isinstance(s, BNode):
            objects.setdefault(s, 0)
    return all(n == 1 for n in objects.values())


def _stable_text(graph: Graph, fmt: str) -> str:
    """N-Triples or JSON-LD of ``graph`` as rdflib writes it, its blank nodes relabelled by
    :func:`blank_names` and its lines or nodes sorted (no copy of the graph is made)."""
    labels = {str(node): name for node, name in blank_names(graph).items()}
    if fmt == "nt":
        return "".join(sorted(_nt_lines(graph, labels)))
    stood_in = _stood_in(graph, _no_json_value)
    unreached = _unreached(graph)
    if unreached:  # rdflib starts from IRIs and unreferenced blank nodes only
        stood_in = stood_in if stood_in is not graph else graph + Graph()
        for node in unreached:
            stood_in.add((_ROOT, _ROOT, node))
    text = stood_in.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    written = _typed_again(json.loads(text))
    if unreached:
        written["@graph"] = [n for n in written["@graph"] if n.get("@id") != str(_ROOT)]
    return json.dumps(_sorted(written, labels), ensure_ascii=False, indent=2) + "\n"


def _ill_typed_boolean(literal: Literal) -> bool:
    """Whether rdflib's Turtle writes ``literal`` bare as a boolean it is not ("yes")."""
    return literal.datatype == XSD.boolean and literal.ill_typed is True


def _no_json_value(literal: Literal) -> bool:
    """Whether rdflib's JSON-LD would write ``literal`` as a JSON value that loses it: an
    ill-typed one ("yes" as false), a double that is no number (NaN and INF as null) or a
    whole one (1E3 as 1000.0, which a JSON-LD reader reads as the xsd:integer 1000), a whole
    number past 64 bits (which its JSON writer refuses).

    >>> _no_json_value(Literal("NaN", datatype=XSD.double))
    True
    >>> _no_json_value(Literal("1E3", datatype=XSD.double))
    True
    >>> _no_json_value(Literal("0.5", datatype=XSD.double))
    False
    >>> _no_json_value(Literal(12, datatype=XSD.integer))
    False
    """
    if literal.datatype not in _NATIVE:
        return False
    value = literal.value
    if literal.ill_typed or value is None:
        return True
    if literal.datatype == XSD.integer:
        return value not in _JSON_INTEGERS
    # JSON-LD reads a number without a fraction as xsd:integer (JSON-LD 1.1, 8.6)
    return literal.datatype == XSD.double and (not math.isfinite(value) or value.is_integer())


def _unreached(graph: Graph) -> list[BNode]:
    """The blank nodes with triples of their own that rdflib's JSON-LD writer leaves out:
    those no IRI and no unreferenced blank node leads to (a cycle of blank nodes alone)."""
    objects: dict[Node, list[Node]] = defaultdict(list)
    referenced: set[Node] = set()
    for s, _, o in graph:
        objects[s].append(o)
        if isinstance(o, BNode):
            referenced.add(o)
    todo = [s for s in objects if not isinstance(s, BNode) or s not in referenced]
    reached = set(todo)
    while todo:
        for o in objects.get(todo.pop(), ()):
            if isinstance(o, BNode) and o not in reached:
                reached.add(o)
                todo.append(o)
    return sorted((s for s in objects if s not in reached), key=str)  # type: ignore[return-value]


def _stood_in(graph: Graph, stands_in: Callable[[Literal], bool]) -> Graph:
    """``graph``, or where it has literals that rdflib would write as a value that is not
    theirs (``stands_in``: "yes" typed xsd:boolean bare, or as JSON's false), a copy in which
    each is typed by a stand-in (``_STAND_IN`` and its datatype)."""
    ill = [t for t in graph if isinstance(t[2], Literal) and stands_in(t[2])]
    if not ill:
        return graph
    copy = Graph()
    copy += graph
    for s, p, o in ill:
        copy.remove((s, p, o))
        copy.add((s, p, Literal(str(o), datatype=URIRef(_STAND_IN + str(o.datatype)))))
    return copy


def _typed_again(value: object) -> object:
    """JSON-LD with each stand-in datatype of :func:`_stood_in` its own datatype again."""
    if isinstance(value, list):
        return [_typed_again(v) for v in value]
    if not isinstance(value, dict):
        return value
    typed = value.get("@type")
    if isinstance(typed, str) and typed.startswith(_STAND_IN):
        datatype = typed[len(_STAND_IN) :]
        return {**value, "@type": "xsd:" + datatype.removeprefix(str(XSD))}
    return {k: _typed_again(v) for k, v in value.items()}


def _relabelled(line: str, labels: dict[str, str]) -> str:
    """An N-Triples line with its blank nodes (the subject, or the object: a predicate is an
    IRI, and a literal ends in a quote, a language or a datatype) named as ``labels`` say."""
    if "_:" not in line:
        return line
    subject, predicate, rest = line.split(" ", 2)
    term = rest[: -len(" .\n")]
    if subject.startswith("_:"):
        subject = "_:" + labels[subject[2:]]
    if term.startswith("_:") and term[2:] in labels:
        rest = f"_:{labels[term[2:]]} .\n"
    return f"{subject} {predicate} {rest}"


def _sorted(value: object, labels: dict[str, str], key: str = "") -> object:
    """JSON-LD with its blank nodes named as ``labels`` say, its arrays in a fixed order (an
    ``@list`` keeps its own) and its keys sorted: rdflib writes the nodes in the order of a
    set of the run."""
    if isinstance(value, dict):
        return {k: _sorted(v, labels, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted(v, labels) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    if key == "@id" and isinstance(value, str) and value.startswith("_:"):
        return "_:" + labels.get(value[2:], value[2:])
    return value


def stable_blank_nodes(graph: Graph) -> Graph:
    """A copy of ``graph`` whose blank nodes are named by :func:`blank_names`; the graph's
    prefixes are kept.

    >>> from rdflib import URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("urn:a"), URIRef("urn:p"), BNode()))
    >>> [str(o) for o in stable_blank_nodes(g).objects()]
    ['b11dee8bb31f94c07']
    """
    renamed = {node: BNode(name) for node, name in blank_names(graph).items()}
    stable = Graph()
    for prefix, namespace in graph.namespaces():
        stable.bind(prefix, namespace, override=True)
    for s, p, o in graph:
        stable.add((renamed.get(s, s), p, renamed.get(o, o)))  # type: ignore[arg-type]
    return stable


def blank_names(graph: Graph) -> dict[BNode, str]:
    """A name for each blank node of ``graph``: a digest of the triples around it (what it
    says, and which node says what of it), refined round by round with the names of the blank
    nodes among those, so that the same graph gives the same names in every run. Blank nodes
    alike in all that (none in kg's data) are numbered in turn, in the graph's order: such a
    graph gives an isomorphic file, not always the same bytes."""
    around: dict[BNode, list[tuple[str, str, Node]]] = defaultdict(list)
    for s, p, o in graph:
        if isinstance(s, BNode):
            around[s].append((">", p.n3(), o))
        if isinstance(o, BNode):
            around[o].append(("<", p.n3(), s))
    names = {node: "" for node in around}
    for _ in range(MAX_ROUNDS):  # until the rounds tell no more blank nodes apart
        again = {node: _digest(lines, names) for node, lines in around.items()}
        told_apart = len(set(again.values())) > len(set(names.values()))
        names = again
        if not told_apart:
            break
    seen: dict[str, int] = defaultdict(int)
    named: dict[BNode, str] = {}
    for node, name in sorted(names.items(), key=lambda item: item[1]):
        seen[name] += 1
        named[node] = f"b{name}" + (f"n{seen[name]}" if seen[name] > 1 else "")
    return named


def _digest(lines: list[tuple[str, str, Node]], names: dict[BNode, str]) -> str:
    text = sorted(
        f"{way} {predicate} {'_:' + names[other] if isinstance(other, BNode) else other.n3()}"
        for way, predicate, other in lines
    )
    return hashlib.sha256("\n".join(text).encode("utf-8")).hexdigest()[:16]
