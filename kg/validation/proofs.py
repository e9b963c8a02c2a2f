"""Cheaper queries that prove a property shape's checks find nothing, so that the query
grouped by focus node (:meth:`kg.validation.constraints.Validator._property`) need not run.

On data that conforms, that query costs most where it counts each focus node's values and
tests each value (an instance lookup per value for ``sh:class``). Each kind of check has a
proof that reads the path's triples over all subjects, a superset of the focus nodes':

- a test of the value alone (``sh:class``, ``sh:datatype``, ``sh:in``, ``sh:minLength`` …):
  no distinct object of the path's last step fails it, the instances joined once;
- ``sh:maxCount`` of 1 or more: the path's solutions are as many as their subjects, so no
  subject has two values;
- ``sh:minCount 1``: exact, the focus nodes without a value (``MINUS``), as the grouped
  query would find them.

When every check of a shape is of these kinds and its proof holds, the results are those of
``sh:minCount`` alone; otherwise the grouped query runs as before, so that what is reported
is always what it finds. Paths of plain steps only (IRIs and inverted IRIs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from kg.validation.shapes import PropertyPath

#: How a test of each value is aggregated: a focus node fails when one of its values does not
#: pass (``per_value(condition)``).
_PER_VALUE = ("SUM(IF(!BOUND(?v) || ", ", 0, 1))")


class Proofs:
    """The answers to the proofs' queries in one validation, shared by its threads: shapes of
    several classes ask the same (that every ``prov:wasDerivedFrom`` is an excerpt)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.answers: dict[str, list[Any]] = {}

    def select(self, query: str) -> list[Any]:
        """The rows of ``query``, run once."""
        if query not in self.answers:
            self.answers[query] = list(self.store.query(query))
        return self.answers[query]


def per_value(condition: str) -> str:
    """The aggregate counting a focus node's values that fail ``condition`` (on ``?v``)."""
    return f"{_PER_VALUE[0]}{condition}{_PER_VALUE[1]}"


def _condition(aggregate: str) -> str | None:
    """The condition of a :func:`per_value` aggregate, or None for any other aggregate."""
    start, end = _PER_VALUE
    if aggregate.startswith(start) and aggregate.endswith(end):
        return aggregate[len(start) : -len(end)]
    return None


def proven(
    select: Callable[[str], list[Any]],
    path: PropertyPath,
    focus: str,
    checks: list[tuple[str, str, str, int]],
    binds: list[str],
    joins: list[str],
) -> list[tuple[str, set[Any]]] | None:
    """Each check's failing focus nodes when cheap queries prove all but ``sh:minCount 1``
    find none, else None (the grouped query must run).

    ``path`` is the shape's; ``checks``, ``binds`` and ``joins`` are the shape's, as
    :meth:`~kg.validation.constraints.Validator._checks` writes them with the instances of a
    class joined (``many``); ``select`` runs a query and returns its rows.
    """
    steps = path.steps
    if not steps:
        return None
    conditions, at_most_one, minimum = [], False, False
    for name, aggregate, op, limit in checks:
        condition = _condition(aggregate)
        if name == "MinCount" and limit == 1:
            minimum = True
        elif name == "MaxCount" and limit >= 1:
            at_most_one = True
        elif condition is not None and op == ">" and limit == 0:
            conditions.append(condition)
        else:
            return None
    if conditions:
        fails = " || ".join(f"!({condition})" for condition in conditions)
        values = f"{{ SELECT DISTINCT ?v WHERE {{ ?s {steps[-1]} ?v }} }}"
        tested = f"{values} {' '.join(joins)} {' '.join(binds)}"
        if select(f"SELECT ?v WHERE {{ {tested} FILTER({fails}) }} LIMIT 1"):
            return None
    if at_most_one:
        names = ["?s", *(f"?step{n}" for n in range(1, len(steps))), "?v"]
        chain = " ".join(
            f"{a} {step} {b} ." for a, b, step in zip(names[:-1], names[1:], steps, strict=True)
        )
        row = select(f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?m) WHERE {{ {chain} }}")[0]
        if row[0].value != row[1].value:
            return None
    found = {name: set() for name, _, _, _ in checks}
    if minimum:
        rows = select(f"SELECT ?this WHERE {{ {focus} MINUS {{ ?this {path.sparql} ?v }} }}")
        found["MinCount"] = {row[0] for row in rows}
    return list(found.items())
