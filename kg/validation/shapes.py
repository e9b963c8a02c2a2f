"""Read a SHACL shapes graph into plain shapes, and what a failed one reports; refuse what
:mod:`kg.validation.constraints` cannot run.

The shapes are parsed with pyoxigraph. Every ``sh:`` parameter of a shape that is reached from
a target is checked here: one that the SPARQL validator does not run raises
:class:`ShapesError` naming the shape and the feature, so that no rule is skipped in silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import DataLoadError, KgError
from kg.model.vocab import RDF, RDFS, short_iri

SH = "http://www.w3.org/ns/shacl#"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Parameters that describe or target a shape (no constraint of their own).
STRUCTURE = _words(
    "targetClass targetNode targetSubjectsOf targetObjectsOf path property message severity "
    "deactivated name description order group defaultValue"
)
#: The SHACL Core constraint parameters the SPARQL validator runs.
CONSTRAINTS = _words(
    "class datatype nodeKind minCount maxCount minExclusive minInclusive maxExclusive "
    "maxInclusive minLength maxLength pattern flags languageIn uniqueLang in hasValue or and not "
    "xone node qualifiedValueShape qualifiedMinCount qualifiedMaxCount "
    "qualifiedValueShapesDisjoint"
)
#: Parameters whose value is a list of shapes.
NESTED = ("or", "and", "xone")
#: Parameters that take an RDF list.
LISTS = frozenset({"in", "languageIn", *NESTED})
#: Parameters SHACL allows on property shapes only.
PROPERTY_ONLY = ("minCount", "maxCount", "uniqueLang", "qualifiedValueShape")
#: Parameters that may be given once only (sh:message once per language).
SINGLE = _words(
    "datatype nodeKind minCount maxCount minLength maxLength uniqueLang qualifiedMinCount "
    "qualifiedMaxCount flags in languageIn path severity deactivated"
)
_COUNTS = ("minCount", "maxCount", "minLength", "maxLength", "qualifiedMinCount")
_COUNTS += ("qualifiedMaxCount",)
_PATH_KINDS = ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath")
_PATH_KINDS += ("zeroOrOnePath",)


class ShapesError(KgError):
    """The shapes use a SHACL feature kg's SPARQL validator does not run, or are malformed."""


@dataclass(frozen=True)
class PropertyPath:
    """A shape's ``sh:path``: as a SPARQL 1.1 property path, and as kg prints it.

    ``level`` is how tightly it binds: 3 an IRI, 2 inverse or ``*+?``, 1 a sequence, 0 a choice.
    ``steps`` are its steps when it is a sequence of IRIs and inverted IRIs (else empty).
    """

    sparql: str
    text: str
    level: int = 3
    steps: tuple[str, ...] = ()


@dataclass(eq=False)
class Shape:
    """One node or property shape, with its parameters as pyoxigraph terms (lists expanded)."""

    node: Any
    name: str
    path: PropertyPath | None = None
    params: dict[str, list[Any]] = field(default_factory=dict)
    properties: list[Shape] = field(default_factory=list)
    message: str | None = None
    #: The shape's ``sh:message`` in Swedish (``@sv``), when it has one
    message_sv: str | None = None
    severity: str = "Violation"
    deactivated: bool = False
    targets: list[tuple[str, Any]] = field(default_factory=list)

    def one(self, name: str) -> Any:
        """The single value of parameter ``name`` (None when absent)."""
        values = self.params.get(name)
        return values[0] if values else None

    def count(self, name: str) -> int | None:
        """The whole number given for ``name`` (minCount and the like), or None."""
        value = self.one(name)
        return None if value is None else int(value.value)


@dataclass(frozen=True)
class Result:
    """One failed constraint: the focus node (a pyoxigraph term), the shape and component."""

    focus: Any
    shape: Shape
    component: str
    #: True for a result of a shape named by sh:node, on a value node (pySHACL's sh:detail)
    detail: bool = False
    #: The value nodes that fail a test of each value (pySHACL's ``sh:value``, one result
    #: each), for a named or literal focus node; empty for a count
    values: tuple[Any, ...] = ()

    @property
    def path(self) -> str | None:
        """The shape's path as kg prints it (None for a node shape)."""
        return self.shape.path.text if self.shape.path else None

    @property
    def message(self) -> str:
        """The shape's ``sh:message``, or the constraint that failed when it has none."""
        return self.shape.message or f"fails sh:{self.component} of {self.shape.name}"

    @property
    def message_sv(self) -> str | None:
        """The shape's ``sh:message`` in Swedish, where it has one."""
        return self.shape.message_sv


def _messages(literals: list[Any]) -> tuple[str, str | None]:
    """A shape's ``sh:message`` for kg's reports (the English one, or one with no language)
    and its Swedish one (or None); ValueError when two share a language."""
    by_language = {getattr(m, "language", None) or "": m.value for m in literals}
    if len(by_language) < len(literals):
        raise ValueError("two sh:message in one language")
    english = by_language.get("en") or by_language.get("") or next(iter(by_language.values()))
    return english, by_language.get("sv")


class ShapesGraph:
    """The shapes of a SHACL file; :attr:`targeted` are those validated on their own."""

    def __init__(self, path: Path) -> None:
        import pyoxigraph as ox

        self.path = Path(path)
        self.graph = ox.Store()
        try:
            quads = ox.parse(
                path=str(self.path),
                format=ox.RdfFormat.TURTLE,
                base_iri=self.path.absolute().as_uri(),
            )
            self.graph.extend(list(quads))
            #: The file's prefixes, for naming shapes in messages (``kgsh:ActorShape``).
            self.prefixes: dict[str, str] = dict(quads.prefixes)
        except SyntaxError as error:
            raise DataLoadError(
                f"syntax error: {error.msg}",
                path=self.path,
                line=error.lineno,
                hint="fix the shapes file; nothing was validated",
            ) from error
        except (OSError, ValueError) as error:
            raise DataLoadError(f"cannot read the shapes: {error}", path=self.path) from error
        self._shapes: dict[Any, Shape] = {}
        self.targeted = [self.shape(node) for node in self._targeted_nodes()]
        for shape in self.targeted:  # every shape they reach is read (and checked) now
            self._reach(shape, set())
        for quad in self._quads(None, SH + "target", None):  # SHACL-AF: refused when read
            self.shape(quad.subject)

    def _reach(self, shape: Shape, seen: set[Shape]) -> None:
        if shape in seen:
            return
        seen.add(shape)
        for child in shape.properties:
            self._reach(child, seen)
        for key in (*NESTED, "not", "node", "qualifiedValueShape"):
            for member in self.members(shape, key):
                self._reach(member, seen)

    def _targeted_nodes(self) -> list[Any]:
        targets = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
        nodes = {q.subject for t in targets for q in self._quads(None, SH + t, None)}
        nodes |= {n for n in self._shape_nodes() if self._implicit_class(n)}
        return sorted(nodes, key=str)

    def _shape_nodes(self) -> set[Any]:
        kinds = (SH + "NodeShape", SH + "PropertyShape")
        return {q.subject for k in kinds for q in self._quads(None, RDF + "type", k)}

    def _implicit_class(self, node: Any) -> bool:
        classes = {RDFS + "Class"} | {
            q.subject.value for q in self._quads(None, RDFS + "subClassOf", RDFS + "Class")
        }
        return any(q.object.value in classes for q in self._quads(node, RDF + "type", None))

    def shape(self, node: Any, name: str | None = None, of_property: bool = False) -> Shape:
        """The shape at ``node`` (read once); ``name`` says where a blank-node shape sits;
        ``of_property``: it is named by sh:property, so it must have a path."""
        if node in self._shapes:
            return self._shapes[node]
        shape = Shape(node, name or self.name(node))
        self._shapes[node] = shape
        given: dict[str, int] = {}
        for quad in self._quads(node, None, None):
            predicate = quad.predicate.value
            if not predicate.startswith(SH):
                continue
            key = predicate[len(SH) :]
            if key not in STRUCTURE and key not in CONSTRAINTS:
                raise self.unsupported(shape.name, key)
            given[key] = given.get(key, 0) + 1
            if key in SINGLE and given[key] > 1:
                raise ShapesError(f"{shape.name} has more than one sh:{key}", path=self.path)
            value = self._list(quad.object, shape, key) if key in LISTS else [quad.object]
            shape.params.setdefault(key, []).extend(value)
        self._read(shape, of_property)
        return shape

    def _read(self, shape: Shape, of_property: bool) -> None:
        params = shape.params
        if "path" in params:
            shape.path = self.property_path(params["path"][0], shape.name)
        typed = {q.object.value for q in self._quads(shape.node, RDF + "type", None)}
        if shape.path is None and (of_property or SH + "PropertyShape" in typed):
            raise ShapesError(f"{shape.name} is a property shape without sh:path", path=self.path)
        if "message" in params:
            try:
                shape.message, shape.message_sv = _messages(params["message"])
            except ValueError:
                raise ShapesError(
                    f"{shape.name} has more than one sh:message in one language",
                    path=self.path,
                    hint='give one sh:message per language ("…"@sv beside the English)',
                ) from None
        if "severity" in params:
            shape.severity = params["severity"][0].value.rsplit("#", 1)[-1]
        shape.deactivated = "deactivated" in params and params["deactivated"][0].value == "true"
        for key in _COUNTS:
            if key in params:
                self._whole_number(shape, key)
        disjoint = shape.one("qualifiedValueShapesDisjoint")
        if disjoint is not None and disjoint.value in ("true", "1"):
            raise self.unsupported(shape.name, "qualifiedValueShapesDisjoint", "true")
        for key in PROPERTY_ONLY if shape.path is None else ():
            if key in params:
                raise self.unsupported(shape.name, key, "on a node shape")
        for key in ("qualifiedMinCount", "qualifiedMaxCount"):
            if key in params and "qualifiedValueShape" not in params:
                raise ShapesError(f"{shape.name} has sh:{key} without sh:qualifiedValueShape")
        for key in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            shape.targets += [(key, value) for value in params.get(key, [])]
        if self._implicit_class(shape.node):
            shape.targets.append(("targetClass", shape.node))
        for number, node in enumerate(params.get("property", []), 1):
            shape.properties.append(self.shape(node, f"{shape.name} › sh:property {number}", True))

    def _whole_number(self, shape: Shape, key: str) -> None:
        import pyoxigraph as ox

        value = shape.params[key][0]
        if not (isinstance(value, ox.Literal) and value.value.isdigit()):
            raise ShapesError(
                f"{shape.name}: sh:{key} must be a whole number of 0 or more, not {value}",
                path=self.path,
            )

    def members(self, shape: Shape, key: str) -> list[Shape]:
        """The shapes named by parameter ``key`` of ``shape`` (sh:or's list, sh:node …)."""
        return [
            self.shape(node, f"{shape.name} › sh:{key} {number}")
            for number, node in enumerate(shape.params.get(key, []), 1)
        ]

    def property_path(self, node: Any, where: str) -> PropertyPath:
        """``node`` (a SHACL path) as a SPARQL property path and as text."""
        import pyoxigraph as ox

        if isinstance(node, ox.NamedNode):
            return PropertyPath(str(node), short_iri(node.value), 3, (str(node),))
        if self._value(node, RDF + "first") is not None:
            steps = [self.property_path(step, where) for step in self._list(node, None, "path")]
            path = _joined(steps, "/", 1)
            if all(step.steps for step in steps):
                path = replace(path, steps=tuple(s for step in steps for s in step.steps))
            return path
        for kind in _PATH_KINDS:
            inner = self._value(node, SH + kind)
            if inner is None:
                continue
            if kind == "alternativePath":
                choices = [self.property_path(n, where) for n in self._list(inner, None, kind)]
                return _joined(choices, "|", 0)
            step = self.property_path(inner, where)
            if kind == "inversePath":
                simple = (f"^{step.sparql}",) if step.level == 3 else ()
                return PropertyPath(
                    f"^{_wrap(step.sparql, step, 2)}", f"^{_wrap(step.text, step, 2)}", 2, simple
                )
            mark = {"zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}[kind]
            return PropertyPath(
                _wrap(step.sparql, step, 3) + mark, _wrap(step.text, step, 3) + mark, 2
            )
        raise ShapesError(f"{where}: sh:path {node} is not a SHACL path", path=self.path)

    def _list(self, node: Any, shape: Shape | None = None, key: str = "") -> list[Any]:
        import pyoxigraph as ox

        items, seen = [], set()
        while not (isinstance(node, ox.NamedNode) and node.value == RDF + "nil"):
            if node in seen or self._value(node, RDF + "first") is None:
                where = shape.name if shape else "the shapes"
                raise ShapesError(f"{where}: sh:{key} must be an RDF list", path=self.path)
            seen.add(node)
            items.append(self._value(node, RDF + "first"))
            node = self._value(node, RDF + "rest")
        return items

    def _value(self, subject: Any, predicate: str) -> Any:
        return next((q.object for q in self._quads(subject, predicate, None)), None)

    def _quads(self, subject: Any, predicate: str | None, obj: str | None) -> Any:
        import pyoxigraph as ox

        return self.graph.quads_for_pattern(
            subject,
            None if predicate is None else ox.NamedNode(predicate),
            None if obj is None else ox.NamedNode(obj),
            None,
        )

    def name(self, node: Any) -> str:
        """A shape's IRI with a prefix of the shapes file (``kgsh:ActorShape``), or ``_:b0``."""
        import pyoxigraph as ox

        if not isinstance(node, ox.NamedNode):
            return f"_:{node.value}"
        for prefix, namespace in sorted(self.prefixes.items(), key=lambda p: -len(p[1])):
            if node.value.startswith(namespace) and len(node.value) > len(namespace):
                return f"{prefix}:{node.value[len(namespace) :]}"
        return short_iri(node.value)

    def unsupported(self, name: str, feature: str, detail: str = "") -> ShapesError:
        """The error for a SHACL feature kg's SPARQL validator does not run."""
        return ShapesError(
            f"{name}: sh:{feature} {detail}".rstrip() + " is not supported by kg's SPARQL "
            "validator",
            path=self.path,
            hint="validate these shapes with pySHACL (kg.validation.validate), or express the "
            "rule with the SHACL Core features kg.validation.constraints lists",
        )


def read_shapes(path: Path) -> ShapesGraph:
    """The shapes of ``path``: kg's own shapes file read once a process (it is part of kg,
    and nothing changes a read graph), any other file anew (it may change meanwhile)."""
    from kg.paths import shapes_file

    return _read_once(shapes_file()) if Path(path) == shapes_file() else ShapesGraph(path)


#: A shapes file read once a process (:func:`read_shapes` reads kg's own so)
_read_once = cache(ShapesGraph)


def _wrap(text: str, path: PropertyPath, level: int) -> str:
    """``text`` of ``path`` in brackets when it binds less tightly than ``level`` needs."""
    return text if path.level >= level else f"({text})"


def _joined(steps: list[PropertyPath], mark: str, level: int) -> PropertyPath:
    sparql = mark.join(_wrap(s.sparql, s, level + 1) for s in steps)
    text = mark.join(_wrap(s.text, s, level + 1) for s in steps)
    return PropertyPath(sparql, text, level)
