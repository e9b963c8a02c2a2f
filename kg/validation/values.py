"""The values a shape's result is about (pySHACL's ``sh:value``): for a test of each value
(sh:datatype, sh:in, sh:class, sh:maxLength, sh:or, sh:node …) the values of the focus node
that fail it.

Found after the shapes have run, for their results alone (one query per shape and component
that failed), so that data that conforms costs nothing more. A result on a node shape is
about the focus node itself; one on a blank node is left without values (no query can name
a blank node of the store).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kg.validation.expressions import LOGICAL, VALUE_TESTS, component

if TYPE_CHECKING:  # pragma: no cover
    from kg.validation.shapes import Result, Shape

#: The components whose results are each about a value
PER_VALUE = frozenset(component(key) for key in (*VALUE_TESTS, *LOGICAL))


def with_values(validator: Any, results: list[Result]) -> list[Result]:
    """``results``, each of a test of each value with the values that fail it
    (:attr:`~kg.validation.shapes.Result.values`); ``validator`` is the
    :class:`~kg.validation.constraints.Validator` that found them."""
    import pyoxigraph as ox

    focus: dict[tuple[Shape, str], set[Any]] = defaultdict(set)
    for result in results:
        if result.component in PER_VALUE and not isinstance(result.focus, ox.BlankNode):
            focus[(result.shape, result.component)].add(result.focus)
    bad: dict[tuple[Shape, str, Any], set[Any]] = defaultdict(set)
    for (shape, name), nodes in focus.items():
        if shape.path is not None:
            for node, value in _failing(validator, shape, name, nodes):
                bad[(shape, name, node)].add(value)
    found = []
    for result in results:
        if (result.shape, result.component) not in focus or isinstance(result.focus, ox.BlankNode):
            found.append(result)
            continue
        if result.shape.path is None:
            values: tuple[Any, ...] = (result.focus,)
        else:
            values = tuple(sorted(bad[(result.shape, result.component, result.focus)], key=str))
        found.append(replace(result, values=values))
    return found


def _failing(validator: Any, shape: Shape, name: str, nodes: set[Any]) -> list[tuple[Any, Any]]:
    """(focus node, value) for each value of ``nodes`` along ``shape``'s path that fails its
    component ``name``."""
    listed = " ".join(sorted(map(str, nodes)))
    path = shape.path.sparql
    tests = [test for key, test in validator.shape_tests(shape, "?v", node=False) if key == name]
    pairs = f"VALUES ?this {{ {listed} }} ?this {path} ?v"
    if tests:  # a test of one value: in SPARQL
        fails = " || ".join(f"!COALESCE({test}, false)" for test in tests)
        rows = validator.select(f"SELECT DISTINCT ?this ?v WHERE {{ {pairs} FILTER({fails}) }}")
        return [(row[0], row[1]) for row in rows]
    # sh:node, or sh:or … over shapes of more than one node: run on the values as focus nodes
    values = f"{{ SELECT DISTINCT ?this WHERE {{ VALUES ?k {{ {listed} }} ?k {path} ?this }} }}"
    key = name[0].lower() + name[1:]
    if key == "node":
        members = validator.shapes.members(shape, "node")
        failing = set().union(*(validator.failing(member, values) for member in members))
    else:
        failing = validator.logic(shape, key, values)
    rows = validator.select(f"SELECT DISTINCT ?this ?v WHERE {{ {pairs} }}")
    return [(row[0], row[1]) for row in rows if row[1] in failing]
