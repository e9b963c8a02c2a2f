"""Validation: the SHACL shapes and every evidence quote, with a store's record of the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

import kg.progress as progress
from kg.validation.shacl import ValidationReport, Violation, validate

if TYPE_CHECKING:  # pragma: no cover
    from kg.io.source import Source

__all__ = ["ValidationReport", "Violation", "check", "validate"]


def check(source: Source) -> ValidationReport:
    """:func:`validate` the source's graph, using and keeping a store's record of the result.

    Quotes are checked against the texts in ``source.sources``. A store whose manifest records
    that its very files conformed, checked by this validation code with these shapes and
    source texts, is not checked again (``recorded`` is then
    true): validating a million triples takes minutes, the check would find the same. A
    conforming store also keeps the facts the analyses read (``kg-facts.json``), read now
    while the store is being prepared. A year's view is checked as the whole it is made from.
    """
    from kg.validation.stamps import is_validated, mark_validated

    source = source.whole()  # the data is checked as a whole; a year's view is made from it
    if source.store is not None and is_validated(source.store, source.sources):
        return ValidationReport(recorded=True)
    graph = source.graph()
    described = f"Validating {progress.count(len(graph))} triples (shapes and quotes)"
    with progress.step(described):
        report = validate(graph, sources=source.sources)
    if source.store is not None and report.conforms:
        mark_validated(source.store, source.sources)
        source.facts()
    return report
