"""Validation: the SHACL shapes, run as SPARQL on pyoxigraph, and every evidence quote against
its source text and page; with a store's record of the result.

The shapes (``ontology/shapes.ttl``) are compiled to SPARQL by :mod:`kg.validation.constraints`
and give the same violations as pySHACL (the tests hold them to it); the quotes are checked by
:mod:`kg.validation.quotes`, each source text read once.
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import kg.progress as steps
from kg.collector import collection_paused
from kg.machine import release_freed_memory
from kg.validation.report import ValidationReport, Violation

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.io.given import PathText
    from kg.io.source import Source

__all__ = ["ValidationReport", "Violation", "check", "validate"]

#: ``progress(step, done, total, what)``: step is "shapes" or "quotes".
Progress = Callable[[str, int, int, str], None]


def validate(
    data: Graph | ox.Store,
    *,
    shapes: Path | None = None,
    sources: PathText | Iterable[PathText] | None = None,
    progress: Progress | None = None,
    on_disk: bool = False,
    quotes: bool = True,
) -> ValidationReport:
    """Check ``data`` (an rdflib Graph or a pyoxigraph store; ``on_disk`` for an on-disk one,
    where values are best hash-joined) against the SHACL shapes, and every quote against its
    document and page (unless ``quotes`` is false: for a caller that checked them already).

    The ontology must be in ``data`` with the facts (as :func:`kg.load` and
    :class:`kg.Source` load it), so that subclasses of the shapes' target classes are found.
    Source texts are looked up in ``sources`` (a folder or several, in order), then among
    the bundled texts.

    >>> from kg.io.parse import load
    >>> validate(load()).conforms
    True
    """
    import pyoxigraph as ox

    from kg.io.parse import from_rdflib
    from kg.io.source import Source
    from kg.paths import shapes_file
    from kg.validation import constraints, kinds, literals, replacing, terms
    from kg.validation.quotes import check_quotes

    if isinstance(data, Source):
        raise TypeError(
            "validate takes a graph (kg.validate(source.graph()) or a pyoxigraph store); "
            "for a Source, kg.validation.check(source) checks it with its own source texts"
        )
    # an rdflib Graph exists only once rdflib is imported: a store's check needs no rdflib
    # (0.3-0.5 s of imports a run on a store would spend for this test alone)
    graph = getattr(sys.modules.get("rdflib"), "Graph", None)
    if not isinstance(data, (ox.Store, graph) if graph else ox.Store):
        raise TypeError(
            "kg.validate takes an rdflib Graph (kg.load() gives one) or a pyoxigraph store "
            f"(source.open()), not a {type(data).__name__}"
        )
    store = from_rdflib(data)
    problems = []
    if quotes:
        with _Counted("Checking every quote against its page", "quotes", progress) as counted:
            problems = check_quotes(store, sources, counted)
    with _Counted("Checking the shapes", "shapes", progress) as counted:
        results = constraints.validate(
            store, shapes or shapes_file(), counted, in_memory=not on_disk
        )
    with steps.step("Looking up every kg: term in the ontology"):
        unknown = terms.check_terms(store, flagged={result.path for result in results})
        unknown += kinds.own_classes(store) + kinds.own_sectors(store) + replacing.circles(store)
    with steps.step("Checking that every value is of its datatype"):
        shown = {(result.focus, result.path) for result in results}
        unknown += literals.ill_typed(store, shown)
    return _report(store, results, problems, unknown)


class _Counted:
    """A part of validation reporting ``(done, total, what)``: to ``progress`` if given, else
    as a :mod:`kg.progress` step with a bar (opened at its first count, so its total is known)."""

    def __init__(self, description: str, part: str, progress: Progress | None) -> None:
        self.description, self.part, self.progress = description, part, progress
        self.stack = contextlib.ExitStack()
        self.step: steps.Step | None = None
        self.done = 0

    def __enter__(self) -> Callable[[int, int, str], None] | None:
        return self if self.progress is not None or steps.active() else None

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def __call__(self, done: int, total: int, what: str) -> None:
        if self.progress is not None:
            self.progress(self.part, done, total, what)
            return
        if self.step is None:
            self.step = self.stack.enter_context(steps.step(self.description, total=total))
        self.step.advance(done - self.done)
        self.done = done


def check(
    source: Source, *, progress: Progress | None = None, read_facts: bool = False
) -> ValidationReport:
    """:func:`validate` the source's graph, using and keeping a store's record of the result.

    Quotes are checked against the texts in ``source.sources``. A store whose manifest records
    that its very files conformed, checked by this validation code with these shapes and
    source texts, is not checked again (``recorded`` is then true). A year's view is checked
    as the whole it is made from.

    The facts the analyses read (:meth:`~kg.io.source.Source.facts`) are read while the
    validation runs (it evaluates its queries without Python's lock, on the other core): for
    a store always, as it keeps them (``kg-facts.json``), and for any other source with
    ``read_facts``, for a caller that goes on to analyse them. Where the data does not
    conform, the violations are the answer, even if reading the facts failed on them.

    An endpoint that names the graph it answers from (kg serve's ``Kg-Graph``) has a result
    that conforms kept in kg's cache folder, with the facts read beside, for the graph every
    answer of the copy checked named; the next check of a source not read yet uses the
    record of the graph the endpoint names (``recorded``), with the facts kept for it,
    unless the source's ``reload``.
    """
    from kg.io.kept import keep_endpoint_facts, kept_endpoint_facts
    from kg.validation.stamps import (
        endpoint_validated,
        is_validated,
        mark_endpoint_validated,
        mark_validated,
    )

    beside = source.store is not None or (read_facts and source.year is None)
    source = source.whole()  # the data is checked as a whole; a year's view is made from it
    if source.store is not None:
        source.open()  # a store whose files changed is rebuilt here, dropping its record
    if source.store is not None and is_validated(source.store, source.sources):
        return ValidationReport(recorded=True)
    # an endpoint's graph not read yet: the record of the graph it names now, with the facts
    # kept for that graph where they are read beside (not whatever it names a moment later)
    url = source.endpoint or ""
    untouched = bool(url) and not source.copied()[0]
    named = _named_graph(url) if untouched and not source.reload else None
    if named is not None and endpoint_validated(url, named, source.sources):
        kept = kept_endpoint_facts(url, named) if beside else None
        if kept is not None or not beside:
            if kept is not None:
                source.use(kept)
            return ValidationReport(recorded=True)
    graph, on_disk = source.open(), source.on_disk()
    triples = source.triples()

    def validating(graph: Any, on_disk: bool) -> ValidationReport:
        with steps.step("Validating {triples} triples (shapes and quotes)", triples=triples):
            return validate(graph, sources=source.sources, progress=progress, on_disk=on_disk)

    with collection_paused(), ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(contextvars.copy_context().run, validating, graph, on_disk)
        # only the validation holds the graph: reading the facts may free a new store's
        # in-memory copy, which is freed once the validation is done with it
        del graph
        unread = None
        if beside:
            try:
                source.facts()
            except Exception as error:  # data that does not conform may fail the reader
                unread = error
        report = running.result()
    if source.store is not None:
        release_freed_memory()  # the in-memory copy a new store was built from, now unused
    if unread is not None and report.conforms:
        raise unread
    if source.store is not None and report.conforms:
        mark_validated(source.store, source.sources)
    copied = source.copied()[1] if url else None
    if copied is not None and report.conforms:  # every answer of the copy checked named it
        mark_endpoint_validated(url, copied, source.sources)
        if beside and untouched:  # the facts were read from the same copy
            keep_endpoint_facts(url, copied, source.facts())
    return report


def _named_graph(url: str) -> str | None:
    """The graph the endpoint at ``url`` says it answers from now (kg serve's ``Kg-Graph``)."""
    from kg.io.endpoint import Endpoint

    return Endpoint(url).graph()


def _report(store: Any, results: list, problems: list, unknown: list = ()) -> ValidationReport:
    """One violation per node, path and message, each node named by kg's label rule: the
    shapes' ``results``, the quotes' ``problems`` and the ``unknown`` kg: terms."""
    from kg.model import vocab as v
    from kg.model.names import display, label
    from kg.model.triples import read, term

    if not results and not problems and not unknown:
        return ValidationReport([])
    names = read(store, (v.PREF_LABEL, v.RDFS_LABEL, v.MEMBER, v.ORGANIZATION))

    def named(node: Any) -> tuple[str, str]:
        plain = term(node)
        if not isinstance(plain, str):  # a literal focus node is named by its text
            return plain.text, plain.text
        return label(names.objects, plain), display(plain)

    misspelt = {
        p: Violation(
            *named(p.node),
            p.path,
            p.message,
            follows=f"{named(p.after)[1]} {p.path}" if p.after else "",
        )
        for p in unknown
    }
    causes = _causes(store, results, unknown)
    # one violation per node, path and message, with the values of all that make it
    violations: dict[Violation, set[str]] = {}
    for problem, violation in misspelt.items():
        found = [] if problem.value is None else [str(problem.value)]
        violations.setdefault(violation, set()).update(found)
    for result in results:
        name, node = named(result.focus)
        root = causes.get((result.focus, result.path))
        follows = misspelt[root].ref if root else ""
        path = result.path or "(node)"
        message, severity, swedish = result.message, result.shape.severity, result.message_sv
        violation = Violation(name, node, path, message, severity, follows, swedish or "")
        violations.setdefault(violation, set()).update(map(str, result.values))
    for problem in problems:
        name, node = named(problem.excerpt)
        violations.setdefault(Violation(name, node, "oa:exact", problem.message), set())
    return ValidationReport(
        sorted(replace(v, values=tuple(sorted(values))) for v, values in violations.items())
    )


def _causes(store: Any, results: list, unknown: list) -> dict[tuple[Any, str | None], Any]:
    """(focus node, path) of a shape's result → the undefined term it follows from: one on
    the same node whose fix fills that path (a misspelt property, value or link), or a
    misspelt class on the node itself or on a node its path leads to."""
    import pyoxigraph as ox

    if not unknown:
        return {}
    causes = {(p.node, p.fills): p for p in unknown if p.path != "rdf:type"}
    untyped = {p.node: p for p in unknown if p.path == "rdf:type"}
    named = " ".join(str(n) for n in untyped if isinstance(n, ox.NamedNode))
    reached: dict[str, dict[Any, Any]] = {}
    found = {}
    for result in results:
        key = (result.focus, result.path)
        cause = causes.get(key) or untyped.get(result.focus)
        if cause is None and named and result.shape.path is not None:
            path = result.shape.path.sparql
            if path not in reached:
                rows = store.query(f"SELECT ?f ?v WHERE {{ VALUES ?v {{ {named} }} ?f {path} ?v }}")
                reached[path] = {row["f"]: untyped[row["v"]] for row in rows}
            cause = reached[path].get(result.focus)
        if cause is not None:
            found[key] = cause
    return found
