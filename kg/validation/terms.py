"""Terms of kg's own vocabulary that its ontology does not define, and links to ids that
nothing describes.

A misspelt class, property or concept of the ``kg:`` namespace (``a kg:Administraton``), or
a misspelt id (``org:member :radda-barnn``), makes no shape fail by that name: the node just
lacks a type, a property or a value, and the violations that follow never say why. Every
``kg:`` property and class the data uses is looked up in ``ontology/kg.ttl``, and, where a
shape failed on a property, its values and the ids it links to; each one that nothing
defines is named on every node that uses it, with the nearest one that something does.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from kg.model import vocab as v

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.sparql.lexer import Token

_KG = v.ONTOLOGY_IRI


class TermProblem(NamedTuple):
    """A node that uses an undefined ``kg:`` term: the node, where (a property), and what to do.

    ``fills`` is the property the node would have a right value for once this is fixed (the
    property to write for a misspelt one; ``rdf:type`` for a misspelt class): a shape's
    violation on that node and property follows from this one. ``after`` is the node of the
    problem (of the same ``path``) this one follows from, listed under it."""

    node: ox.NamedNode | ox.BlankNode
    path: str
    message: str
    fills: str = ""
    after: ox.NamedNode | None = None
    #: The value it is about (a misspelt term or id, an ill-typed literal), or None
    value: ox.NamedNode | ox.Literal | None = None


@cache
def defined() -> frozenset[str]:
    """The ``kg:`` terms kg's ontology defines (every one it says something about)."""
    import pyoxigraph as ox

    from kg.model.ontology import ontology

    return frozenset(
        q.subject.value
        for q in ontology()
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(_KG)
    )


#: Links from a fact to a node described elsewhere in the data (an actor, a collaboration, its
#: parent, an excerpt of the sources, a document).
LINKS = (
    v.MEMBER, v.ORGANIZATION, v.UNIT_OF, v.SUB_ORGANIZATION_OF, v.REPORTED_BY, v.DERIVED_FROM,
    v.HAS_SOURCE,
)  # fmt: skip


def check_terms(store: ox.Store, flagged: Collection[str] = ()) -> list[TermProblem]:
    """Every use, in ``store``'s default graph, of a ``kg:`` property or class that kg's
    ontology does not define, nor the data itself as a typed term (an extension).

    For the properties in ``flagged`` (as the shapes' violations name them: ``kg:sector``),
    also their ``kg:`` values that nothing defines, and, for :data:`LINKS`, the nodes they
    link to that nothing describes (a misspelt id): the shapes say that such a value is
    wrong, this says which and what to write. The distinct properties and classes are read,
    then the nodes only for the terms found."""
    import pyoxigraph as ox

    from kg.model.names import display

    problems: list[TermProblem] = []
    predicates = [row["p"].value for row in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")]
    for predicate in predicates:
        if _undefined(store, predicate):
            problems += _uses(store, f"?s <{predicate}> ?o", predicate, "property", predicate)
        elif predicate.startswith(_KG) and display(predicate) in flagged:
            values = f"SELECT DISTINCT ?o WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?o)) }}"
            for row in store.query(values):
                if _undefined(store, row["o"].value):
                    pattern = f"?s <{predicate}> <{row['o'].value}>"
                    problems += _uses(store, pattern, row["o"].value, "term", predicate)
    for row in store.query("SELECT DISTINCT ?c WHERE { ?s a ?c }"):
        cls = row["c"]
        if isinstance(cls, ox.NamedNode) and _undefined(store, cls.value):
            problems += _uses(store, f"?s a <{cls.value}>", cls.value, "class", v.TYPE)
    links = [p for p in LINKS if p in predicates and display(p) in flagged]
    problems += _dangling(store, links)
    return sorted(set(problems), key=lambda p: (p.path, p.message, str(p.node)))


def _dangling(store: ox.Store, links: list[str]) -> list[TermProblem]:
    """The uses of the ``links`` predicates that point at a node with no type: described
    nowhere. The described nodes are read, and the nearest found, once for all of them."""
    import pyoxigraph as ox

    from kg.model.names import display

    missing = {
        (predicate, row["o"].value)
        for predicate in links
        for row in store.query(
            f"""SELECT DISTINCT ?o WHERE {{
              {{ SELECT DISTINCT ?o WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?o)) }} }}
              FILTER NOT EXISTS {{ ?o a ?class }}
            }}"""
        )
    }
    if not missing:
        return []
    described = sorted(
        row["n"].value
        for row in store.query("SELECT DISTINCT ?n WHERE { ?n a ?class FILTER(isIRI(?n)) }")
    )
    hints = {}
    for target in {target for _, target in missing}:
        nearest = difflib.get_close_matches(target, described, n=1, cutoff=0.9)
        hint = (
            f"write {display(nearest[0])}" if nearest else "describe it, or link to a node that is"
        )
        hints[target] = (
            f"links to {display(target)}, which no file describes (it has no type); {hint}"
        )
    return [
        TermProblem(
            row["s"],
            display(predicate),
            hints[target],
            display(predicate),
            None,
            ox.NamedNode(target),
        )
        for predicate, target in sorted(missing)
        for row in store.query(f"SELECT DISTINCT ?s WHERE {{ ?s <{predicate}> <{target}> }}")
    ]


def _undefined(store: ox.Store, term: str) -> bool:
    """A ``kg:`` term neither kg's ontology nor the data (as a typed subject) defines."""
    if not term.startswith(_KG) or term in defined():
        return False
    return not store.query(f"ASK {{ <{term}> a ?class }}")


def nearest(term: str) -> str | None:
    """The ``kg:`` term of the ontology nearest to ``term`` by local name, among terms of the
    same kind (kg's classes and concepts are capitalised, its properties not), or None.

    >>> nearest("https://w3id.org/kg-malmo/ontology#Committe")
    'kg:Committee'
    """
    local = term[len(_KG) :]
    names = sorted(
        t[len(_KG) :] for t in defined() if t[len(_KG) :][:1].isupper() == local[:1].isupper()
    )
    found = difflib.get_close_matches(local, names, n=1, cutoff=0.8)
    return f"kg:{found[0]}" if found else None


def undefined_in_query(tokens: Iterable[Token]) -> list[str]:
    """The ``kg:`` terms a query's tokens name (prefixed or in full) that kg's ontology does
    not define, in order, each once."""
    found: list[str] = []
    for token in tokens:
        text = token.text
        if token.kind == "word" and text.startswith("kg:"):
            term = _KG + text[3:]
        elif token.kind == "iri" and text[1:-1].startswith(_KG):
            term = text[1:-1]
        else:
            continue
        if term != _KG and term not in defined() and term not in found:  # not PREFIX kg:
            found.append(term)
    return found


def _uses(store: ox.Store, pattern: str, term: str, kind: str, predicate: str) -> list:
    import pyoxigraph as ox

    from kg.model.names import display

    suggested = nearest(term)
    hint = f"write {suggested}" if suggested else "use a term of ontology/kg.ttl"
    message = f"{display(term)} is not a {kind} of kg's ontology; {hint}"
    path = display(predicate)
    fills = (suggested or "") if kind == "property" else path
    value = None if kind == "property" else ox.NamedNode(term)  # a class is rdf:type's
    return [
        TermProblem(row["s"], path, message, fills, None, value)
        for row in store.query(f"SELECT DISTINCT ?s WHERE {{ {pattern} }}")
    ]
