"""Validate a loaded graph: SHACL shapes (pySHACL) and every evidence quote against its source."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.evidence import check_quotes
from kg.labels import label, short_iri
from kg.loader import parse_file
from kg.paths import shapes_file


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
    graph: Graph, *, shapes: Path | None = None, sources: Path | None = None
) -> ValidationReport:
    """Check ``graph`` against the SHACL shapes and every quote against its document and page.

    The ontology must be part of ``graph`` (as :func:`kg.loader.load` does), so that
    subclasses of the shapes' target classes are found.

    >>> from kg.loader import load
    >>> validate(load()).conforms
    True
    """
    from kg.store import in_memory

    graph = in_memory(graph)  # pySHACL's many small lookups are ~20x faster in memory
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
        Violation(label(graph, p.excerpt), short_iri(p.excerpt), "oa:exact", p.message)
        for p in check_quotes(graph, sources)
    ]
    return ValidationReport(sorted(set(violations)))


def validate_store(graph: Graph, store: Path | None = None) -> ValidationReport:
    """:func:`validate`, recorded in the ``store`` folder's manifest when the data conforms.

    A store whose manifest records that its very files conformed, under the same kg version,
    shapes and source texts, is not checked again (``recorded`` is then true): validating a
    million triples takes minutes, the check it repeats would find the same. A conforming store
    also keeps the facts the analyses read (:func:`kg.backends.facts_of`). Without a store this
    is :func:`validate`.
    """
    if store is not None:
        from kg.store import is_validated, mark_validated

        if is_validated(store):
            return ValidationReport(recorded=True)
    report = validate(graph)
    if store is not None and report.conforms:
        mark_validated(store)
        _keep_facts(graph, Path(store))
    return report


def _keep_facts(graph: Graph, store: Path) -> None:
    """Read the analyses' facts from the store now, once, while it is being prepared: the
    first report on a store of a million triples would otherwise spend 15 s on them."""
    from kg.backends import facts_of
    from kg.store import oxigraph_store

    database = oxigraph_store(graph)
    if database is not None:
        facts_of(database, store)


def _shacl_violations(graph: Graph, results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                label=label(graph, focus),
                node=short_iri(focus),
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
    return "/".join(short_iri(p) for p in items) if items else short_iri(path)
