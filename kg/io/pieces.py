"""What a copy of an endpoint asks for: pieces of its triples, and trees of blank nodes.

A :class:`Piece` is a CONSTRUCT over a pattern, split into ranges of its root's string. A
blank node's label means nothing outside the answer that carries it, so blank nodes come in the
same answer as the named subject (an IRI) at the top of their tree (:func:`tree_piece`): the
blank node it points at, the blank nodes below that one level by level (through the
predicates :func:`deeper` finds, at most :data:`DEPTH` levels), and the nodes of every RDF
list on the way (``rdf:rest`` followed to any length: a list's nodes are one level).
:func:`solutions` counts, from an answer's own triples, how many solutions of the piece they
stand for, as the endpoint counts the piece's pattern.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: A range asks for at most this share of the cap, so that a few more subjects still fit.
_FILL = 0.8
#: Levels of blank nodes read below the one a named subject points at (the nodes of a list
#: are one level): OWL class expressions and SHACL shapes nest a few.
DEPTH = 8
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = _RDF + "type"
RDF_REST = _RDF + "rest"
#: The predicates that lead from one level of a tree of blank nodes to the next, level by level.
Levels = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Piece:
    """Triples to copy: a CONSTRUCT ``template`` over ``where``, split into ranges of
    ``root`` (a variable). ``rooted`` pieces carry blank nodes with the subject that points at
    them; ``named`` pieces hold only triples whose root is an IRI (the only ones a range of
    ``STR(root)`` can hold). With ``branches``, the pattern is a UNION of ``where`` joined to
    each branch (so each branch is bounded by the range itself), and then ``tail``."""

    template: str
    where: str
    root: str = "?s"
    rooted: bool = False
    named: bool = False
    branches: tuple[str, ...] = ()
    tail: str = ""
    levels: Levels = ()

    def pattern(self, low: str | None, high: str | None) -> str:
        """The group graph pattern for the subjects from ``low`` (inclusive) to ``high``.

        >>> Piece("?s ?p ?o", "?s ?p ?o").pattern("a", None)
        '{ ?s ?p ?o FILTER(STR(?s) >= "a") }'
        """
        import pyoxigraph as ox

        # each bound a SPARQL string, quoted and escaped as pyoxigraph writes a literal
        sides = ((">=", low), ("<", high))
        bounds = [f"STR({self.root}) {op} {ox.Literal(at)}" for op, at in sides if at is not None]
        found = f" FILTER({' && '.join(bounds)})" if bounds else ""
        if not self.branches:
            return f"{{ {self.where}{found} }}"
        union = " UNION ".join(f"{{ {self.where}{found} {b} }}" for b in self.branches)
        return f"{{ {union} {self.tail} }}"

    def of_named_roots(self) -> Piece:
        """The same piece for IRI roots only."""
        where = f"{self.where} FILTER(!isBlank({self.root}))"
        return replace(self, where=where, named=True)


@dataclass(frozen=True)
class Wanted:
    """The triples to copy: those with ``predicates`` (None: any predicate but ``excluded``),
    less the ``rdf:type`` triples of ``unread_types``.

    >>> Wanted(("http://x/p",)).condition("?q", "?m")
    '?q IN (<http://x/p>)'
    """

    predicates: tuple[str, ...] | None
    excluded: tuple[str, ...] = ()
    unread_types: tuple[str, ...] = ()

    def condition(self, p: str = "?p", o: str = "?o") -> str:
        """A FILTER condition on the variables ``p`` and ``o`` that holds for these triples."""
        if self.predicates is not None:
            found = [f"{p} IN ({_iris(self.predicates)})"]
        else:
            found = [f"{p} NOT IN ({_iris(self.excluded)})"] if self.excluded else []
        if self.unread_types:
            found.append(f"!({p} = <{RDF_TYPE}> && {o} IN ({_iris(self.unread_types)}))")
        return " && ".join(found) or "true"

    @property
    def lists(self) -> bool:
        """Whether the copy holds lists (``rdf:rest`` triples): then trees follow them."""
        return self.predicates is None or RDF_REST in self.predicates


def per_predicate(where: str = "{ ?s ?p ?o }") -> str:
    """The query of how many solutions the group pattern ``where`` has for each ``?p``."""
    return f"SELECT ?p (COUNT(*) AS ?n) WHERE {where} GROUP BY ?p"


def by_predicate(rows: Iterable[Any]) -> dict[str, int]:
    """A :func:`per_predicate` answer's counts by predicate (a row without ``?p``, which an
    endpoint may send for no group at all, as an ungrouped count does, counts nothing)."""
    return {row["p"].value: int(row["n"].value) for row in rows if row["p"] is not None}


def of_predicates(predicates: tuple[str, ...], wanted: Wanted | None = None) -> str:
    """The pattern of the triples of ``predicates`` (those ``wanted`` wants, if given).

    >>> of_predicates(("urn:p",))
    'VALUES ?p { <urn:p> } ?s ?p ?o'
    """
    iris = " ".join(f"<{p}>" for p in predicates)
    found = f"VALUES ?p {{ {iris} }} ?s ?p ?o"
    return f"{found} FILTER({wanted.condition()})" if wanted is not None else found


def plain(predicate: str, links: tuple[str, ...], unread_types: tuple[str, ...]) -> Piece:
    """One predicate's triples with an IRI subject, less those read with the trees of blank
    nodes below ``links`` (and unread types)."""
    found = ["!isBlank(?s)"]
    if predicate in links:
        found.append("!isBlank(?o)")
    if predicate == RDF_TYPE and unread_types:
        found.append(f"?o NOT IN ({_iris(unread_types)})")
    pattern = f"?s <{predicate}> ?o"
    return Piece(pattern, f"{pattern} FILTER({' && '.join(found)})")


def tree_piece(links: tuple[str, ...], wanted: Wanted, levels: Levels = ()) -> Piece:
    """The piece that carries trees of blank nodes with the named subject that points at their
    top through one of ``links``: a UNION branch for the top's level and one for each of
    ``levels`` below it (the predicates that lead down to it, found by :func:`deeper`).

    Its solutions are, for each subject's triple to a blank node, each path down its tree to a
    blank node (``?b``) with each of that node's triples (``?b ?p ?o``), or one if it has none.
    """
    return Piece(
        "?r ?link ?b0 . ?b ?p ?o",
        _top(links),
        root="?r",
        rooted=True,
        branches=tuple(_branch(levels[:depth], wanted) for depth in range(len(levels) + 1)),
        tail=f"OPTIONAL {{ ?b ?p ?o . FILTER({wanted.condition()}) }}",
        levels=levels,
    )


def deeper(links: tuple[str, ...], wanted: Wanted, levels: Levels) -> str:
    """The group pattern whose ``?q`` are the predicates that lead from the blank nodes at the
    last of ``levels`` (or the tops) to blank nodes a level further down (``?r``: their root)."""
    path, node = _reach(levels, wanted, "?y")
    step = f"isBlank(?m) && ?q != <{RDF_REST}> && {wanted.condition('?q', '?m')}"
    return f"{{ {_top(links)} {path} {node} ?q ?m . FILTER({step}) }}"


def on_blank_nodes(pieces: list[Piece], predicates: tuple[str, ...] | None = None) -> str:
    """The group pattern of the triples of the blank nodes in the trees of ``pieces`` (of
    ``predicates`` only, if given), each once (a blank node two trees share counts once)."""
    union = " UNION ".join(piece.pattern(None, None) for piece in pieces)
    only = f" && ?p IN ({_iris(predicates)})" if predicates is not None else ""
    return f"{{ SELECT DISTINCT ?b ?p ?o WHERE {{ {union} FILTER(BOUND(?p){only}) }} }}"


def _top(links: tuple[str, ...]) -> str:
    return (
        f"VALUES ?link {{ {' '.join(f'<{p}>' for p in links)} }} ?r ?link ?b0 . "
        "FILTER(isBlank(?b0) && !isBlank(?r))"
    )


def _branch(levels: Levels, wanted: Wanted) -> str:
    """The pattern from the top ``?b0`` down ``levels`` to a blank node ``?b``."""
    path, node = _reach(levels, wanted, "?b")
    return path if node == "?b" else f"{path} BIND({node} AS ?b)"


def _reach(levels: Levels, wanted: Wanted, last: str) -> tuple[str, str]:
    """The pattern from the top ``?b0`` down ``levels``, through the nodes of the lists on the
    way when the copy holds lists, and the variable of the node reached (``last`` if a list
    may go on from it).

    >>> print(_reach((("urn:p",),), Wanted(("urn:p",)), "?b")[0])
    ?b0 ?q1 ?m1 . FILTER(isBlank(?m1) && ?q1 IN (<urn:p>))
    """
    parts, head = [], "?b0"
    for level, predicates in enumerate(levels, start=1):
        node = _along(parts, head, f"?x{level}", wanted.lists)
        parts.append(
            f"{node} ?q{level} ?m{level} . "
            f"FILTER(isBlank(?m{level}) && ?q{level} IN ({_iris(predicates)}))"
        )
        head = f"?m{level}"
    node = _along(parts, head, last, wanted.lists)
    return " ".join(parts), node


def _along(parts: list[str], head: str, node: str, lists: bool) -> str:
    """``node``, any blank node of the list that starts at ``head`` (or ``head`` itself)."""
    if not lists:
        return head
    parts.append(f"{head} <{RDF_REST}>* {node} . FILTER(isBlank({node}))")
    return node


def solutions(quads: list[ox.Quad], levels: Levels) -> int:
    """How many solutions of a :func:`tree_piece` over ``levels`` an answer's triples stand
    for (see there): the answer's blank nodes are its own, so its triples show each tree."""
    import pyoxigraph as ox

    tree = _Tree()
    tops = []
    for quad in quads:
        node, value = quad.subject, quad.object
        if type(node) is not ox.BlankNode:
            if type(value) is ox.BlankNode:
                tops.append(value)
            continue
        tree.held[node] += 1
        if type(value) is ox.BlankNode:
            predicate = quad.predicate.value
            if predicate == RDF_REST:
                tree.rest.setdefault(node, []).append(value)
            else:
                tree.down.setdefault(node, []).append((predicate, value))
    return sum(tree.paths(top, levels) for top in tops)


class _Tree:
    """An answer's blank nodes: how many triples each has, and the blank nodes below it."""

    def __init__(self) -> None:
        self.held: Counter[ox.BlankNode] = Counter()
        self.rest: dict[ox.BlankNode, list[ox.BlankNode]] = {}
        self.down: dict[ox.BlankNode, list[tuple[str, ox.BlankNode]]] = {}

    def paths(self, top: ox.BlankNode, levels: Levels) -> int:
        """The solutions for one top: each level's blank nodes, reached by as many paths as
        they are, times their triples (one if none)."""
        if not levels and top not in self.rest:  # most trees: one blank node
            return max(1, self.held[top])
        level = Counter(self.members(top))
        total = 0
        for depth in range(len(levels) + 1):
            total += sum(paths * max(1, self.held[n]) for n, paths in level.items())
            if depth == len(levels):
                break
            lower: Counter[ox.BlankNode] = Counter()
            for node, paths in level.items():
                for predicate, below in self.down.get(node, ()):
                    if predicate in levels[depth]:
                        for member in self.members(below):
                            lower[member] += paths
            level = lower
        return total

    def members(self, head: ox.BlankNode) -> list[ox.BlankNode]:
        """``head`` and the blank nodes its ``rdf:rest`` chain reaches, each once."""
        if head not in self.rest:
            return [head]
        found, seen = [head], {head}
        for node in found:  # grows as it goes
            for rest in self.rest.get(node, ()):
                if rest not in seen:
                    found.append(rest)
                    seen.add(rest)
        return found


def with_trees(quads: list[ox.Quad], held: list[ox.Quad]) -> list[ox.Quad]:
    """``held`` triples and, from ``quads``, the triples of the blank nodes below them."""
    import pyoxigraph as ox

    below: dict[ox.BlankNode, list[ox.Quad]] = {}  # each blank node's own triples
    for quad in quads:
        if type(quad.subject) is ox.BlankNode:
            below.setdefault(quad.subject, []).append(quad)
    found = list(held)
    waiting = [q.object for q in held if type(q.object) is ox.BlankNode]
    seen = set()
    while waiting:
        node = waiting.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in below.get(node, ()):
            found.append(quad)
            if type(quad.object) is ox.BlankNode:
                waiting.append(quad.object)
    return found


def _iris(iris: tuple[str, ...]) -> str:
    return ", ".join(f"<{i}>" for i in iris)


def subject_ranges(
    seen: list[str], low: str | None, high: str | None, expected: int, cap: int
) -> list[tuple[str | None, str | None]]:
    """Ranges of subjects that split a cut answer, bounded by subjects it held: as many as
    ``expected`` triples need at about ``cap`` × 0.8 each (a range still cut is split again)."""
    parts = min(len(seen), max(2, math.ceil(expected / max(1, int(cap * _FILL)))))
    step = len(seen) / parts
    bounds = sorted({seen[min(len(seen) - 1, int(i * step))] for i in range(parts)} - {low})
    return list(pairwise([low, *bounds, high]))
