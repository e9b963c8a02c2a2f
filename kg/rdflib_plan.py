"""Plan a translated SPARQL query for rdflib's evaluator, which runs the algebra as written.

Three changes keep the answer and change only the work:

- **Plain sub-selects are inlined.** The library writes ``{ SELECT ?a ?b WHERE { ?a p ?b } }``
  around single patterns so that Oxigraph joins them with hash joins (its nested-loop joins
  look up the on-disk index once per row). rdflib would instead join two sub-selects by
  comparing every row with every row. A sub-select with no DISTINCT, grouping, ordering or
  slice, over triple patterns and filters on their own variables, equals its patterns with
  the variables it does not project renamed apart; joined groups of such patterns become one
  basic graph pattern.
- **Triple patterns are ordered** when they run, for the variables bound by then: each
  next pattern is the one with the fewest unknown terms that shares a variable with those
  before it (:func:`_evaluate_bgp`).
- **Other joins are hash joins.** Where rdflib cannot pass one side's bindings to the other
  (a DISTINCT or grouped sub-select, say), and for every MINUS, it compares every row of one
  side with every row of the other (dropping the right side's duplicates in a join); an
  OPTIONAL around a sub-select it evaluates again for every row on its left. Where it can,
  it passes them into sub-selects too, which must not see them (a ``BIND(?a AS ?x)`` inside
  then overwrites the ``?x`` the left side bound). These are
  marked ``HashJoin``, ``HashMinus`` and ``HashLeftJoin`` and evaluated (through rdflib's
  ``CUSTOM_EVALS`` hook) with each side evaluated once and rows looked up on the variables
  both sides bind, duplicates kept.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator

from rdflib import BNode
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.algebra import Filter, _addVars, _traverseAgg, analyse
from rdflib.plugins.sparql.evaluate import evalBGP, evalPart
from rdflib.plugins.sparql.evalutils import _ebv
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import FrozenBindings, Query, QueryContext
from rdflib.term import Variable

#: Prefix of the variables an inlined sub-select's hidden variables are renamed to.
HIDDEN = "_kg_inlined"

_EXISTS = ("Builtin_EXISTS", "Builtin_NOTEXISTS")

#: Names of the joins and minus :func:`plan` leaves to :func:`_evaluate`.
HASH_JOIN, HASH_LEFT_JOIN, HASH_MINUS = "HashJoin", "HashLeftJoin", "HashMinus"


def plan(query: Query) -> None:
    """Inline plain sub-selects, mark hash joins and pattern order in ``query``, in place."""
    counter = itertools.count()
    query.algebra = _inline(query.algebra, counter)
    # rdflib marks which joins may pass bindings on, and which variables each part binds,
    # when it translates; the inlined parts need the same marks.
    _traverseAgg(query.algebra, visitor=analyse)
    _traverseAgg(query.algebra, _addVars)
    for part in walk(query.algebra):
        if part.name == "BGP":
            part["kg_terms"] = {t for triple in part.triples for t in triple if _is_variable(t)}
            part["kg_orders"] = {}
        elif part.name == "Join" and (not part.lazy or contains(part.p2, ("ToMultiSet",))):
            part.name = HASH_JOIN
        elif part.name == "Minus":
            part.name = HASH_MINUS
        elif part.name == "LeftJoin" and contains(part.p2, ("ToMultiSet",)):
            part.name = HASH_LEFT_JOIN


# ---------------------------------------------------------------- inlining


def _inline(node: object, counter: itertools.count) -> object:
    if isinstance(node, list):
        return [_inline(item, counter) for item in node]
    if not isinstance(node, CompValue):
        return node
    for key in list(node):
        value = dict.__getitem__(node, key)
        if isinstance(value, CompValue | list):
            node[key] = _inline(value, counter)
    if node.name == "ToMultiSet":
        return _inlined_subselect(node.p, counter) or node
    if node.name == "Join":
        return _merged(node.p1, node.p2) or node
    return node


def _inlined_subselect(project: object, counter: itertools.count) -> CompValue | None:
    """The sub-select's patterns with its hidden variables renamed, if it is plain."""
    if not isinstance(project, CompValue) or project.name != "Project":
        return None
    parts = _conjunction(project.p)
    if parts is None:
        return None
    triples, _ = parts
    visible = set(project.PV)
    hidden = {t for triple in triples for t in triple if _is_variable(t) and t not in visible}
    number = next(counter)
    names = {term: Variable(f"{HIDDEN}{number}_{term}") for term in hidden}
    return _renamed(project.p, names)


def _merged(left: object, right: object) -> CompValue | None:
    """One basic graph pattern (under its filters) for two joined conjunctions, or None."""
    first, second = _conjunction(left), _conjunction(right)
    if first is None or second is None:
        return None
    merged: CompValue = CompValue("BGP", triples=first[0] + second[0])
    for expression in first[1] + second[1]:
        merged = Filter(expression, merged)
    return merged


def _conjunction(node: object) -> tuple[list, list] | None:
    """(triples, filter expressions) of a BGP under filters on its own variables, or None.

    A filter may move out of its group only when the group's patterns bind every variable
    it reads; a filter with EXISTS reads a pattern and stays where it is.
    """
    if not isinstance(node, CompValue):
        return None
    if node.name == "BGP":
        return list(node.triples), []
    if node.name == "Filter":
        inner = _conjunction(node.p)
        if inner is None:
            return None
        bound = {t for triple in inner[0] for t in triple if _is_variable(t)}
        if contains(node.expr, _EXISTS) or not _expression_variables(node.expr) <= bound:
            return None
        return inner[0], [*inner[1], node.expr]
    return None


def _renamed(node: object, names: dict) -> object:
    if isinstance(node, Variable | BNode):
        return names.get(node, node)
    if isinstance(node, list):
        return [_renamed(item, names) for item in node]
    if isinstance(node, tuple):
        return tuple(_renamed(item, names) for item in node)
    if isinstance(node, CompValue):
        for key in list(node):
            value = dict.__getitem__(node, key)
            if key != "_vars":
                node[key] = _renamed(value, names)
    return node


def _expression_variables(node: object) -> set:
    found: set = set()
    for part in _values(node):
        if isinstance(part, Variable):
            found.add(part)
    return found


def contains(node: object, names: tuple[str, ...]) -> bool:
    """True when a part named one of ``names`` is anywhere under ``node``."""
    return any(isinstance(part, CompValue) and part.name in names for part in _values(node))


def _values(node: object) -> Iterable[object]:
    """Every value under ``node`` (CompValues, lists, tuples), ``_vars`` sets skipped."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, CompValue):
            stack.extend(dict.__getitem__(current, k) for k in current if k != "_vars")
        elif isinstance(current, list | tuple):
            stack.extend(current)


# ---------------------------------------------------------------- hash joins


def _evaluate(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    """Evaluate the parts :func:`plan` marked; leave every other part to rdflib."""
    if part.name == HASH_JOIN:
        return _hash_join(ctx, part)
    if part.name == HASH_LEFT_JOIN:
        return _hash_left_join(ctx, part)
    if part.name == HASH_MINUS:
        return _hash_minus(ctx, part)
    if part.name == "BGP" and part.kg_orders is not None:
        return _evaluate_bgp(ctx, part)
    raise NotImplementedError  # rdflib's own evaluation


class _Index:
    """The rows of one side, looked up by the variables every one of them binds.

    Each row of the other side is looked up by those of them it binds too (rows bind
    different variables under OPTIONAL or UNION), so that only rows that agree on them are
    compared; an index is built for each such set of variables when it is first needed.
    """

    def __init__(self, rows: list[FrozenBindings]) -> None:
        self.rows = rows
        self.bound = sorted(set.intersection(*(set(row) for row in rows))) if rows else []
        self.indexes: dict[tuple, dict[tuple, list]] = {}

    def candidates(self, row: FrozenBindings) -> list[FrozenBindings]:
        """The rows that may be compatible with ``row``."""
        keys = tuple(v for v in self.bound if v in row)
        if not keys:
            return self.rows
        index = self.indexes.get(keys)
        if index is None:
            index = self.indexes[keys] = defaultdict(list)
            for other in self.rows:
                index[tuple(other[v] for v in keys)].append(other)
        return index.get(tuple(row[v] for v in keys), [])


def _hash_join(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    right = _Index(list(evalPart(ctx, part.p2)))
    for left in evalPart(ctx, part.p1):
        for row in right.candidates(left):
            if left.compatible(row):
                yield left.merge(row)


def _hash_left_join(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    right = _Index(list(evalPart(ctx, part.p2)))
    for left in evalPart(ctx, part.p1):
        matched = False
        for row in right.candidates(left):
            if left.compatible(row):
                merged = left.merge(row)
                if _ebv(part.expr, merged):
                    matched = True
                    yield merged
        if not matched:
            yield left


def _hash_minus(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    right = _Index(list(evalPart(ctx, part.p2)))
    for left in evalPart(ctx, part.p1):
        if not any(
            left.compatible(row) and not left.disjointDomain(row) for row in right.candidates(left)
        ):
            yield left


CUSTOM_EVALS["kg-hash-joins"] = _evaluate


# ---------------------------------------------------------------- pattern order


def _evaluate_bgp(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    """A planned basic graph pattern, its patterns in :func:`_greedy_order` for what is bound.

    rdflib sorts the patterns once, by how many of their terms are unbound when the pattern
    starts, so a pattern that becomes bound by an earlier one may still come before a
    pattern that would have bound it: unconnected patterns, joined as cross products.
    """
    bound = frozenset(t for t in part.kg_terms if ctx[t] is not None)
    order = part.kg_orders.get(bound)
    if order is None:
        order = part.kg_orders[bound] = _greedy_order(list(part.triples), set(bound))
    return evalBGP(ctx, order)


def walk(node: object) -> Iterable[CompValue]:
    """Every CompValue under ``node``, each once."""
    stack, seen = [node], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, CompValue):
            yield current
            stack.extend(current.values())
        elif isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list | tuple | set):
            stack.extend(current)


def _greedy_order(triples: list[tuple], known: set) -> list[tuple]:
    ordered = []
    while triples:

        def score(item: tuple[int, tuple]) -> tuple[int, int, int]:
            index, triple = item
            free = [t for t in (triple[0], triple[2]) if _is_variable(t) and t not in known]
            unknown = len(free) + (_is_variable(triple[1]) and triple[1] not in known)
            if isinstance(triple[1], PropertyPath) and len(free) == 2:
                unknown += 1  # a path between two unknown ends walks the whole graph
            connected = not known or any(t in known for t in triple if _is_variable(t))
            return (unknown, 0 if connected else 1, index)

        index, best = min(enumerate(triples), key=score)
        ordered.append(best)
        known.update(t for t in best if _is_variable(t))
        del triples[index]
    return ordered


def _is_variable(term: object) -> bool:
    return isinstance(term, Variable | BNode)
