"""The triples kg reads, one predicate at a time, straight from a pyoxigraph store.

Reading ``?s <p> ?o`` per predicate (never a join) and decoding each distinct term once keeps
a million-triple store readable in seconds; no rdflib term objects are made. Terms become plain
data: an IRI is its string, a blank node ``_:id``, a literal a :class:`Lit`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.model import vocab as v

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

_PLAIN = {v.XSD + "string", v.RDF + "langString"}
_INTEGERS = {v.XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
#: Classes the fact reader does not need (excerpts are found by oa:hasSource): skipped.
_EVIDENCE_CLASSES = (v.SOURCE_EXCERPT, v.TEXT_QUOTE_SELECTOR)


class Lit(NamedTuple):
    """A literal: its text, language tag and datatype IRI (None for plain strings)."""

    text: str
    lang: str | None = None
    datatype: str | None = None

    def value(self) -> Any:
        """The Python value: int for integers, bool for booleans, else the text.

        >>> Lit("21", datatype="http://www.w3.org/2001/XMLSchema#integer").value()
        21
        """
        if self.datatype in _INTEGERS:
            try:
                return int(self.text)
            except ValueError:
                return self.text
        if self.datatype == v.XSD + "boolean":
            return self.text.strip() in ("true", "1")
        return self.text


#: An RDF term as plain data: an IRI or ``_:``-prefixed blank node (str), or a :class:`Lit`.
Term = str | Lit


def term(node: Any) -> Term:
    """A pyoxigraph term as plain data."""
    import pyoxigraph as ox

    if type(node) is ox.Literal:
        datatype = node.datatype.value
        return Lit(node.value, node.language, None if datatype in _PLAIN else datatype)
    if type(node) is ox.BlankNode:
        return "_:" + node.value
    return node.value


class Triples:
    """Triples indexed by predicate, then subject: ``objects(subject, predicate)``."""

    def __init__(self, triples: Iterable[tuple[str, str, Term]] = ()) -> None:
        self._index: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for subject, predicate, obj in triples:
            self._index[predicate][subject].append(obj)

    def objects(self, subject: str, predicate: str) -> list[Term]:
        """Every object of ``subject``'s ``predicate``."""
        found = self._index.get(predicate)
        return found.get(subject, []) if found else []

    def value(self, subject: str, predicate: str) -> Term | None:
        """One object of ``subject``'s ``predicate``, or None."""
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def pairs(self, predicate: str) -> Iterator[tuple[str, Term]]:
        """Every (subject, object) of ``predicate``, by subject."""
        for subject, objects in sorted(self._index.get(predicate, {}).items()):
            for obj in objects:
                yield subject, obj

    def by_object(self, predicate: str) -> dict[str, set[str]]:
        """Object → the subjects with ``predicate`` to it (IRIs and blank nodes only)."""
        found: dict[str, set[str]] = defaultdict(set)
        for subject, objects in self._index.get(predicate, {}).items():
            for obj in objects:
                if isinstance(obj, str):
                    found[obj].add(subject)
        return found


def read(
    store: ox.Store,
    predicates: Iterable[str],
    *,
    skip_evidence_types: bool = False,
    advance: Callable[[], None] = lambda: None,
) -> Triples:
    """The triples of ``predicates`` in ``store``'s default graph, indexed (those of the
    derived predicates in the derived graph); ``advance`` is called after each predicate.

    ``skip_evidence_types`` leaves out the types of excerpts and quote selectors (most of the
    ``rdf:type`` triples of a large graph, which the fact reader does not need).

    >>> import pyoxigraph as ox
    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode(v.PREF_LABEL), ox.Literal("A")))
    >>> read(s, [v.PREF_LABEL]).value("http://x/a", v.PREF_LABEL)
    Lit(text='A', lang=None, datatype=None)
    """
    import pyoxigraph as ox

    triples = Triples()
    for predicate in predicates:
        if predicate == v.TYPE and skip_evidence_types:
            skipped = ", ".join(f"<{c}>" for c in _EVIDENCE_CLASSES)
            pattern = f"?s <{v.TYPE}> ?o FILTER(?o NOT IN ({skipped}))"
        else:
            pattern = f"?s {ox.NamedNode(predicate)} ?o"
        # written as CSV by pyoxigraph and read by the csv module: no term object per triple
        # (a literal is told by its datatype, never empty; an IRI or blank node has none)
        query = f"SELECT ?s ?o (DATATYPE(?o) AS ?d) (LANG(?o) AS ?l) WHERE {{ {pattern} }}"
        # what the rules derive is read from their graph alone: the same property written in
        # the data (which the shapes refuse) does not reach the analyses
        graphs = {"default_graph": [ox.NamedNode(v.DERIVED_GRAPH)], "named_graphs": []}
        where = graphs if predicate in v.DERIVED_PREDICATES else dataset()
        answer = store.query(query, **where).serialize(format=ox.QueryResultsFormat.CSV)
        rows = csv.reader(io.StringIO(answer.decode("utf-8"), newline=""))
        next(rows)
        by_subject = triples._index[predicate]
        for subject, obj, datatype, lang in rows:
            by_subject[subject].append(
                Lit(obj, lang or None, None if datatype in _PLAIN else datatype)
                if datatype
                else obj
            )
        advance()
    return triples


def curated_size(store: ox.Store) -> int:
    """How many triples the store's default graph (the curated facts) holds."""
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)


def dataset() -> dict[str, Any]:
    """Options that make a pyoxigraph query see the curated facts (the default graph) and the
    derived view (:data:`~kg.model.vocab.DERIVED_GRAPH`) as one default graph, and no named
    graph: a ``GRAPH`` pattern matches nothing."""
    import pyoxigraph as ox

    return {"default_graph": [ox.DefaultGraph(), ox.NamedNode(v.DERIVED_GRAPH)], "named_graphs": []}


def descendants(children: dict[str, set[str]], root: str) -> set[str]:
    """``root`` and every node below it in ``children`` (node → its children), however deep;
    for classes, ``children`` maps a class to its direct subclasses.

    >>> sorted(descendants({"a": {"b"}, "b": {"c", "a"}}, "a"))
    ['a', 'b', 'c']
    """
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found
