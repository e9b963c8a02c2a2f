"""Validate a graph: SHACL shapes (pySHACL) and every evidence quote against its source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.io.parse import parse_file
from kg.model.names import display, graph_label, node_text
from kg.paths import shapes_file
from kg.validation.quotes import check_quotes


@dataclass(frozen=True, order=True)
class Violation:
    """One broken promise: the node (label and IRI), the property, and what to do."""

    label: str
    node: str
    path: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        name = self.node if self.label == self.node else f"{self.label} ({self.node})"
        return f"{name} {self.path}: {self.message}"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` is true when there are no violations."""

    violations: list[Violation] = field(default_factory=list)
    #: True when a store's record of an earlier validation was used instead of checking again
    recorded: bool = False

    @property
    def conforms(self) -> bool:
        """True when the data keeps every promise."""
        return not self.violations

    def to_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "conforms": self.conforms,
            "violations": [v.__dict__ for v in self.violations],
            "recorded": self.recorded,
        }


def validate(
    graph: Graph,
    *,
    shapes: Path | None = None,
    sources: Path | str | Iterable[Path | str] | None = None,
) -> ValidationReport:
    """Check ``graph`` against the SHACL shapes and every quote against its document and page.

    Source texts are looked up in ``sources`` (a folder or several, in order), then among the
    bundled texts.

    The ontology must be part of ``graph`` (as :func:`kg.load` does), so that subclasses of
    the shapes' target classes are found.

    >>> from kg.io.parse import load
    >>> validate(load()).conforms
    True
    """
    from pyshacl import validate as shacl_validate

    shapes_graph = parse_file(shapes or shapes_file())
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
    violations += [
        Violation(graph_label(graph, p.excerpt), _short(p.excerpt), "oa:exact", p.message)
        for p in check_quotes(graph, sources)
    ]
    return ValidationReport(sorted(set(violations)))


def _short(node: Node) -> str:
    return display(node_text(node))


def _shacl_violations(graph: Graph, results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                label=graph_label(graph, focus),
                node=_short(focus),
                path=_path_text(results, path),
                message=str(message) if message else "violates a shape",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return found


def _path_text(results: Graph, path: Node | None) -> str:
    if path is None:
        return "(node)"
    items = list(results.items(path)) if (path, RDF.first, None) in results else []
    return "/".join(_short(p) for p in items) if items else _short(path)
