"""The reference validator: pySHACL on an rdflib graph, with kg's shapes (test-only).

kg validates with its own engine (:mod:`kg.validation.constraints`: the shapes as SPARQL on
pyoxigraph); the tests hold it to pySHACL's answers, which this module gives in kg's form."""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Literal, Node

from kg.io.parse import parse_file
from kg.model.names import display, graph_label, node_text
from kg.paths import shapes_file
from kg.validation.report import ValidationReport, Violation


def validate_with_pyshacl(graph: Graph, *, shapes: Path | None = None) -> ValidationReport:
    """pySHACL's violations of the shapes in ``graph`` (the ontology loaded with the data, so
    that subclasses of the target classes are found), as kg words them. No quote check."""
    from pyshacl import validate as shacl_validate

    shapes_graph = parse_file(shapes) if shapes else kg_shapes()
    conforms, results, _ = shacl_validate(
        graph,
        shacl_graph=shapes_graph,
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
    )
    violations = [] if conforms else _shacl_violations(graph, results)
    return ValidationReport(sorted(set(violations)))


def kg_shapes() -> Graph:
    """kg's shapes as rdflib reads them: a new copy of the ones parsed once a run (pySHACL
    adds two RDFS axioms to the shapes graph it is given; copying costs a quarter of a parse)."""
    parsed = _parsed_shapes()
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in parsed.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    copy += parsed
    return copy


@functools.cache
def _parsed_shapes() -> Graph:
    return parse_file(shapes_file())


def _short(node: Node) -> str:
    """A node as kg's report writes it: a literal focus node by its text."""
    return str(node) if isinstance(node, Literal) else display(node_text(node))


def _shacl_violations(graph: Graph, results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        # one sh:resultMessage per language of the shape's sh:message
        messages = {m.language or "": str(m) for m in results.objects(result, SH.resultMessage)}
        message = messages.get("en") or messages.get("")
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                label=graph_label(graph, focus),
                node=_short(focus),
                path=_path_text(results, path),
                message=message or "violates a shape",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message_sv=messages.get("sv", ""),
            )
        )
    return found


def _path_text(results: Graph, path: Node | None) -> str:
    return "(node)" if path is None else _path(results, path)[0]


def _path(results: Graph, path: Node) -> tuple[str, int]:
    """A SHACL path as SPARQL writes it (``a/b``, ``^a``, ``a|b``, ``a*``), and how tightly it
    binds (3 an IRI, 2 inverse or repeated, 1 a sequence, 0 a choice), for the brackets."""
    if (path, RDF.first, None) in results:
        return _joined([_path(results, p) for p in results.items(path)], "/", 1)
    if (inner := results.value(path, SH.alternativePath)) is not None:
        return _joined([_path(results, p) for p in results.items(inner)], "|", 0)
    for kind, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (inner := results.value(path, kind)) is not None:
            text, level = _path(results, inner)
            return (text if level == 3 else f"({text})") + mark, 2
    if (inner := results.value(path, SH.inversePath)) is not None:
        text, level = _path(results, inner)
        return "^" + (text if level >= 2 else f"({text})"), 2
    return _short(path), 3


def _joined(steps: list[tuple[str, int]], mark: str, level: int) -> tuple[str, int]:
    return mark.join(t if n > level else f"({t})" for t, n in steps), level
