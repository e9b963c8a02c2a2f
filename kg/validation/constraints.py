"""Run SHACL shapes as SPARQL queries on a pyoxigraph Store, a few queries per shape.

Set at a time, not node by node: a shape's focus nodes are a sub-select (the instances of a
target class and of its subclasses, as pySHACL finds them with ``inference="none"``:
``rdf:type/rdfs:subClassOf*`` in the data graph), and each property shape is one query grouped
by focus node that counts its values and tests each value (sh:class, sh:datatype, sh:in …),
returning only the nodes that fail. A path's pairs are read once and hash-joined to the focus
nodes, which Oxigraph does far faster than a lookup per node on a large store. ``sh:or``,
``sh:and``, ``sh:not``, ``sh:xone`` and ``sh:node`` over shapes that test one node become one
SPARQL expression; over other shapes (property shapes, say) each member is run over the same
focus nodes and the sets of failing nodes are combined.

Supported SHACL Core: targets (``sh:targetClass`` with the subclass closure, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, implicit class targets); property paths
(IRI, sequence, ``sh:inversePath``, ``sh:alternativePath``, ``sh:zeroOrMorePath``,
``sh:oneOrMorePath``, ``sh:zeroOrOnePath``); ``sh:minCount``, ``sh:maxCount``, ``sh:class``,
``sh:datatype``, ``sh:nodeKind``, ``sh:in``, ``sh:hasValue``, ``sh:languageIn``,
``sh:uniqueLang``, ``sh:minLength``, ``sh:maxLength``, ``sh:pattern`` (with ``sh:flags``),
``sh:minInclusive``/``maxInclusive``/``minExclusive``/``maxExclusive``, ``sh:or``, ``sh:and``,
``sh:not``, ``sh:xone``, ``sh:node``, ``sh:property``, ``sh:qualifiedValueShape`` with
``sh:qualifiedMinCount``/``qualifiedMaxCount``; ``sh:message``, ``sh:severity``,
``sh:deactivated``. Anything else raises :class:`~kg.validation.shapes.ShapesError`.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg.machine import cores
from kg.validation.expressions import LOGICAL, OneNodeShapes, component, term, value_tests
from kg.validation.proofs import Proofs, per_value, proven
from kg.validation.shapes import RDFS, Result, Shape, ShapesError, ShapesGraph, read_shapes
from kg.validation.values import with_values

#: How many shapes run at once: two queries on two cores took 0.4 s against 0.8 s one by one.
THREADS = max(1, min(4, cores()))  # os.sched_getaffinity is Linux's alone
#: From how many focus nodes a path's pairs are read whole and hash-joined, rather than
#: looked up per node, on an on-disk store (a lookup in RocksDB costs 10-20 µs, reading a
#: predicate's 100,000 pairs 0.1-0.3 s). Measured at 1M triples, all shapes, side by side:
#: on disk hash joins took 20-24 s against 29-31 s for lookups; in memory lookups took
#: 21-23 s against 29 s (on a busy machine; on a quiet one all about 2.5 times less).
HASH_JOIN_FROM = 5_000
#: ``hash_join_from`` for a store in memory: look every value up.
LOOKUP_ONLY = 2**62
#: (component, aggregate, comparison, limit): a focus node fails when aggregate op limit.
Check = tuple[str, str, str, int]

Progress = Callable[[int, int, str], None]


def validate(
    store: Any,
    shapes: Path | ShapesGraph,
    progress: Progress | None = None,
    *,
    in_memory: bool = False,
) -> list[Result]:
    """Every :class:`Result` of ``shapes`` (a file or a read graph) on the pyoxigraph ``store``.

    ``progress(done, total, shape name)`` is called before each targeted shape. With
    ``in_memory`` (a store without a path) values are looked up per focus node, which is
    cheap there; on disk they are hash-joined for many focus nodes (see :data:`HASH_JOIN_FROM`).

    >>> import pyoxigraph as ox
    >>> from kg.paths import shapes_file
    >>> store = ox.Store()
    >>> store.load(b'<urn:x> a <https://w3id.org/kg-malmo/ontology#SourceDocument> .',
    ...            ox.RdfFormat.TURTLE)
    >>> sorted((r.path, r.component) for r in validate(store, shapes_file()))
    [('dcterms:title', 'MinCount'), ('kg:fileName', 'MinCount'), ('kg:paginated', 'MinCount')]
    """
    graph = shapes if isinstance(shapes, ShapesGraph) else read_shapes(shapes)
    return Validator(store, graph, LOOKUP_ONLY if in_memory else None).run(progress)


class Validator(OneNodeShapes):
    """Compiles each shape's constraints to SPARQL and runs them on one store."""

    def __init__(self, store: Any, shapes: ShapesGraph, hash_join_from: int | None = None) -> None:
        self.store = store
        self.shapes = shapes
        self.hash_join_from = HASH_JOIN_FROM if hash_join_from is None else hash_join_from
        self._names = itertools.count()
        self._closures: dict[Any, list[Any]] = {}
        self._one_node: dict[Shape, bool] = {}
        self._sizes: dict[str, int] = {}
        self._active: list[Shape] = []
        self._proofs = Proofs(store)

    def run(self, progress: Progress | None = None) -> list[Result]:
        """The results of every targeted shape on its focus nodes, in the shapes' order; the
        shapes run :data:`THREADS` at a time (pyoxigraph evaluates without Python's lock)."""
        local = threading.local()

        def results(shape: Shape) -> list[Result]:
            if not hasattr(local, "validator"):  # each thread its own caches
                local.validator = Validator(self.store, self.shapes, self.hash_join_from)
                local.validator._proofs = self._proofs  # one answer to a proof all shapes ask
            # names from ?k0 for each shape: its queries' texts (a proof's key) are its alone
            local.validator._names = itertools.count()
            return local.validator.results(shape, local.validator._targets(shape))

        shapes = self.shapes.targeted
        found: list[Result] = []
        with ThreadPoolExecutor(THREADS) as pool:
            running = [pool.submit(results, shape) for shape in shapes]
            for number, (shape, future) in enumerate(zip(shapes, running, strict=True)):
                if progress:
                    progress(number, len(shapes), shape.name)
                found += future.result()
        return with_values(self, found)

    # ------------------------------------------------------------ focus nodes and patterns

    def _targets(self, shape: Shape) -> str:
        parts = []
        for kind, value in shape.targets:
            if kind == "targetClass":
                parts.append(self._instances("?this", value))
            elif kind == "targetNode":
                parts.append(f"VALUES ?this {{ {term(value, shape)} }}")
            elif kind == "targetSubjectsOf":
                parts.append(f"?this {term(value, shape)} {self._var()} .")
            else:
                parts.append(f"{self._var()} {term(value, shape)} ?this .")
        union = " UNION ".join(f"{{ {part} }}" for part in parts)
        # Not DISTINCT: a node of two target classes comes twice, which every count (DISTINCT)
        # and set below absorbs, and Oxigraph joins a plain sub-select faster.
        return f"{{ SELECT ?this WHERE {{ {union} }} }}"

    def _instances(self, var: str, cls: Any) -> str:
        """A pattern binding ``var`` to the instances of ``cls`` and of its subclasses."""
        import pyoxigraph as ox

        if cls not in self._closures:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS}subClassOf>* {term(cls)} }}"
            self._closures[cls] = [row[0] for row in self.store.query(query)]
        closure = self._closures[cls]
        if not all(isinstance(c, ox.NamedNode) for c in closure):
            return f"{var} a/<{RDFS}subClassOf>* {term(cls)} ."
        kind = self._var()
        return f"VALUES {kind} {{ {' '.join(map(str, closure))} }} {var} a {kind} ."

    def _pairs(self, shape: Shape, focus: str) -> str:
        """A group binding ``?this`` and each of its values ``?v`` along ``shape``'s path.

        For many focus nodes a path of plain steps is read whole, step by step, and
        hash-joined (on a million triples far faster than a lookup per node); for a few, or a
        path with a choice or a repetition, the path is followed from each focus node.
        """
        path = shape.path
        if not path.steps or not self._many(focus):
            return f"{{ ?this {path.sparql} ?v }}"
        names = ["?this", *(self._var() for _ in path.steps[1:]), "?v"]
        parts = [
            f"{{ SELECT {a} {b} WHERE {{ {a} {step} {b} }} }}"
            for a, b, step in zip(names[:-1], names[1:], path.steps, strict=True)
        ]
        # Not DISTINCT either: a value reached twice counts once in every aggregate below.
        return (
            parts[0] if len(parts) == 1 else f"{{ SELECT ?this ?v WHERE {{ {' '.join(parts)} }} }}"
        )

    def _many(self, focus: str) -> bool:
        """True when ``focus`` has more nodes than are cheaper to look up one by one."""
        return self._size(focus) >= self.hash_join_from

    def _size(self, focus: str) -> int:
        if focus not in self._sizes:
            rows = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {focus} }}")
            self._sizes[focus] = int(next(iter(rows))[0].value)
        return self._sizes[focus]

    def _values(self, focus: str, shape: Shape) -> str:
        """The focus pattern of ``shape``'s value nodes, as ``?this``."""
        outer = self._var()
        renamed = focus.replace("?this", outer)
        path = shape.path.sparql
        return f"{{ SELECT DISTINCT ?this WHERE {{ {renamed} {outer} {path} ?this }} }}"

    def _var(self) -> str:
        return f"?k{next(self._names)}"

    def select(self, query: str) -> list[Any]:
        """The rows of the SELECT ``query`` on the store."""
        return list(self.store.query(query))

    def _nodes(self, query: str) -> set[Any]:
        return {row[0] for row in self.store.query(query)}

    # ------------------------------------------------------------ results

    def results(self, shape: Shape, focus: str) -> list[Result]:
        """The results of ``shape`` and its property shapes on the nodes of ``focus``."""
        if shape.deactivated or not self._size(focus):
            return []
        self._enter(shape)
        try:
            components = self._components(shape, focus)
            details: list[Result] = []
            if "node" in shape.params:
                failing, details = self._node(shape, focus)
                components.append(("Node", failing))
            found = [Result(node, shape, name) for name, nodes in components for node in nodes]
            found += [replace(result, detail=True) for result in details]
            for child in shape.properties:
                found += self.results(child, focus)
        finally:
            self._active.pop()
        return found

    def failing(self, shape: Shape, focus: str) -> set[Any]:
        """The nodes of ``focus`` that do not conform to ``shape``."""
        return {result.focus for result in self.results(shape, focus) if not result.detail}

    def _node(self, shape: Shape, focus: str) -> tuple[set[Any], list[Result]]:
        """The focus nodes whose value fails a shape named by sh:node, and that shape's
        results on those values, which pySHACL reports too (as sh:detail)."""
        values = self._values(focus, shape) if shape.path else focus
        details = [r for m in self.shapes.members(shape, "node") for r in self.results(m, values)]
        bad = {result.focus for result in details if not result.detail}
        if shape.path is None or not bad:
            return bad, details
        return self._with_value_in(shape, focus, bad), details

    def _enter(self, shape: Shape) -> None:
        if shape in self._active:
            raise ShapesError(f"{shape.name} refers to itself: recursive shapes are not supported")
        self._active.append(shape)

    def _components(self, shape: Shape, focus: str) -> list[tuple[str, set[Any]]]:
        params = shape.params
        if shape.path is None:
            found = self._node_tests(shape, focus)
        else:
            found = self._property(shape, focus)
            if params.get("uniqueLang") and params["uniqueLang"][0].value in ("true", "1"):
                found.append(("UniqueLang", self._unique_lang(shape, focus)))
            for member in self.shapes.members(shape, "qualifiedValueShape"):
                if not self._is_one_node(member):
                    found += self._qualified(shape, member, focus)
        for key in LOGICAL[:-1]:  # sh:node: see _node
            if key in params and not self._logic_is_one_node(shape, key):
                if shape.path is None:
                    found.append((component(key), self.logic(shape, key, focus)))
                elif bad := self.logic(shape, key, self._values(focus, shape)):
                    found.append((component(key), self._with_value_in(shape, focus, bad)))
        return [(name, nodes) for name, nodes in found if nodes]

    def _node_tests(self, shape: Shape, focus: str) -> list[tuple[str, set[Any]]]:
        """The focus nodes that fail each test of a node shape on the node itself."""
        tests = self.shape_tests(shape, "?this", node=False)
        if not tests:
            return []
        flags = [self._var() for _ in tests]
        binds = " ".join(
            f"BIND(COALESCE({test}, false) AS {flag})"
            for (_, test), flag in zip(tests, flags, strict=True)
        )
        fails = " || ".join(f"!{flag}" for flag in flags)
        rows = self.select(
            f"SELECT ?this {' '.join(flags)} WHERE {{ {focus} {binds} FILTER({fails}) }}"
        )
        return [
            (name, {row[0] for row in rows if row[n + 1].value == "false"})
            for n, (name, _) in enumerate(tests)
        ]

    def _property(self, shape: Shape, focus: str) -> list[tuple[str, set[Any]]]:
        """A property shape's counts and tests on each value: one query grouped by focus
        node, returning the nodes where one of them fails."""
        checks, binds, joins = self._checks(shape, self._many(focus))
        if not checks:
            return []
        path = shape.path.sparql
        if len(checks) == 1 and checks[0][0] in ("MinCount", "HasValue") and checks[0][3] == 1:
            value = "?v" if checks[0][0] == "MinCount" else term(shape.one("hasValue"), shape)
            minus = f"SELECT ?this WHERE {{ {focus} MINUS {{ ?this {path} {value} }} }}"
            return [(checks[0][0], self._nodes(minus))]
        # the proof's names from ?k0, so that one proof has one text (one shared answer)
        names, self._names = self._names, itertools.count()
        proved = self._checks(shape, True)
        self._names = names
        proof = proven(self._proofs.select, shape.path, focus, *proved)
        if proof is not None:
            return proof
        optional = "OPTIONAL" if any(op == "<" for _, _, op, _ in checks) else ""
        aggregates = list(dict.fromkeys(aggregate for _, aggregate, _, _ in checks))
        having = " || ".join(f"{aggregate} {op} {limit}" for _, aggregate, op, limit in checks)
        rows = self.select(
            f"SELECT ?this {' '.join(f'({a} AS ?a{n})' for n, a in enumerate(aggregates))} "
            f"WHERE {{ {focus} {optional} {{ {self._pairs(shape, focus)} {' '.join(joins)} }} "
            f"{' '.join(binds)} }} GROUP BY ?this HAVING ({having})"
        )
        found: dict[str, set[Any]] = {name: set() for name, _, _, _ in checks}
        for row in rows:
            for name, aggregate, op, limit in checks:
                value = int(row[1 + aggregates.index(aggregate)].value)
                if value < limit if op == "<" else value > limit:
                    found[name].add(row[0])
        return list(found.items())

    def _checks(self, shape: Shape, many: bool) -> tuple[list[Check], list[str], list[str]]:
        """A property shape's checks, the BINDs they read and the joins they need; with
        ``many`` focus nodes the instances of an sh:class are joined, else looked up."""
        checks: list[Check] = []
        binds, joins = [], []
        low, high = shape.count("minCount") or 0, shape.count("maxCount")
        if low:
            checks.append(("MinCount", "COUNT(DISTINCT ?v)", "<", low))
        if high is not None:
            checks.append(("MaxCount", "COUNT(DISTINCT ?v)", ">", high))
        for cls in shape.params.get("class", []) if many else []:
            flag = self._var()
            instances = self._instances("?v", cls)
            joins.append(
                f"OPTIONAL {{ SELECT DISTINCT ?v {flag} WHERE {{ {instances} "
                f"BIND(true AS {flag}) }} }}"
            )
            checks.append(("Class", per_value(f"BOUND({flag})"), ">", 0))
        for name, test in value_tests(shape, "?v", None if many else self._is_instance):
            flag = self._var()
            binds.append(f"BIND(COALESCE({test}, false) AS {flag})")
            checks.append((name, per_value(flag), ">", 0))
        for value in shape.params.get("hasValue", []):
            same = f"BOUND(?v) && sameTerm(?v, {term(value, shape)})"
            checks.append(("HasValue", f"SUM(IF({same}, 1, 0))", "<", 1))
        for key in LOGICAL[:-1]:  # sh:node: see _node
            if key in shape.params and self._logic_is_one_node(shape, key):
                flag = self._var()
                binds.append(f"BIND({self._logic_expression(shape, key, '?v')} AS {flag})")
                checks.append((component(key), per_value(flag), ">", 0))
        least, most = shape.count("qualifiedMinCount") or 0, shape.count("qualifiedMaxCount")
        for member in self.shapes.members(shape, "qualifiedValueShape"):
            if self._is_one_node(member):
                flag = self._var()
                binds.append(f"BIND({self._expression(member, '?v')} AS {flag})")
                counted = f"COUNT(DISTINCT IF({flag}, ?v, {self._var()}))"
                if least:
                    checks.append(("QualifiedMinCount", counted, "<", least))
                if most is not None:
                    checks.append(("QualifiedMaxCount", counted, ">", most))
        return checks, binds, joins

    def _unique_lang(self, shape: Shape, focus: str) -> set[Any]:
        return self._nodes(
            f"SELECT DISTINCT ?this WHERE {{ {{ SELECT ?this WHERE {{ {focus} "
            f"{self._pairs(shape, focus)} FILTER(isLiteral(?v) && LANG(?v) != '') }} "
            "GROUP BY ?this (LCASE(LANG(?v)) AS ?lang) HAVING (COUNT(DISTINCT ?v) > 1) } }"
        )

    def _qualified(self, shape: Shape, member: Shape, focus: str) -> list[tuple[str, set[Any]]]:
        """sh:qualifiedValueShape with a shape of more than one node: its failing values are
        found over all value nodes, then counted per focus node."""
        low, high = shape.count("qualifiedMinCount"), shape.count("qualifiedMaxCount")
        bad = self.failing(member, self._values(focus, shape))
        counts = Counter(row[0] for row in self._value_pairs(shape, focus) if row[1] not in bad)
        if low:
            counts.update({node: 0 for node in self._all(focus)})
        return [
            ("QualifiedMinCount", {n for n, c in counts.items() if low and c < low}),
            ("QualifiedMaxCount", {n for n, c in counts.items() if high is not None and c > high}),
        ]

    def logic(self, shape: Shape, key: str, focus: str) -> set[Any]:
        """The focus nodes that fail ``shape``'s sh:or, sh:and, sh:not, sh:xone or sh:node."""
        failing = [self.failing(member, focus) for member in self.shapes.members(shape, key)]
        if key == "or":
            return set.intersection(*failing) if failing else self._all(focus)
        if key == "and":
            return set().union(*failing)
        everyone = self._all(focus)
        if key == "not":
            return everyone - set().union(*failing) if failing else set()
        return {node for node in everyone if sum(node not in f for f in failing) != 1}

    def _value_pairs(self, shape: Shape, focus: str) -> list[Any]:
        """Each node of ``focus`` with each of its values along ``shape``'s path."""
        return self.select(
            f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {self._pairs(shape, focus)} }}"
        )

    def _with_value_in(self, shape: Shape, focus: str, bad: set[Any]) -> set[Any]:
        """The nodes of ``focus`` with a value along ``shape``'s path in ``bad``."""
        return {row[0] for row in self._value_pairs(shape, focus) if row[1] in bad}

    def _all(self, focus: str) -> set[Any]:
        return self._nodes(f"SELECT ?this WHERE {{ {focus} }}")
