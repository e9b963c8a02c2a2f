"""SHACL's tests on one value node as SPARQL expressions, with pySHACL's reading of each.

Used by :mod:`kg.validation.constraints`: each test is a boolean SPARQL expression on a
variable, true when the value passes (an error counts as a failure, as in pySHACL);
:class:`OneNodeShapes` writes a whole shape of such tests (with sh:or, sh:and, sh:not, sh:xone,
sh:node over them) as one expression.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kg.io.literals import cast_holds
from kg.model.vocab import RDF, RDFS, WHOLE_NUMBERS, XSD
from kg.validation.shapes import SH, Shape, ShapesError

#: Datatypes whose lexical form pySHACL checks (with rdflib's converters); here as XSD 1.1
#: Part 2 writes them (:func:`kg.io.literals.cast_holds`): numbers and booleans matched with
#: their lexical space (no bounds, no "1_000" or "٣", which Python's int takes, no "TRUE"),
#: dates and times cast.
CAST = {f"{XSD}{t}" for t in ("integer", "decimal", "float", "double", "date", "time")}
CAST |= {f"{XSD}dateTime", f"{XSD}boolean"}
#: A number past what Oxigraph reads (64 bits for a whole number, about 1.7 × 10²⁰ for a
#: decimal; its comparisons fail on it, though XSD sets these types no bounds): above every
#: limit within 64 bits when positive, below every one when negative. Each sign with the
#: types that take it, and each type's lexical form (a whole number's has no fraction).
_BEYOND = {
    ">": ("[+]?", ("integer", "nonNegativeInteger", "positiveInteger")),
    "<": ("-", ("integer", "nonPositiveInteger", "negativeInteger")),
}
#: Limits refused past 64 bits (Oxigraph compares no value with them)
_NUMERIC = {*WHOLE_NUMBERS, f"{XSD}decimal"}
#: Limits a number past what Oxigraph reads is placed beyond, when within 64 bits
_NUMBERS = {*_NUMERIC, f"{XSD}double", f"{XSD}float"}
NODE_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "!isLiteral({v})",
    "BlankNodeOrLiteral": "!isIRI({v})",
    "IRIOrLiteral": "!isBlank({v})",
}
COMPARE = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
#: Parameters whose test applies to each value node on its own.
VALUE_TESTS = ("class", "datatype", "nodeKind", "in", "languageIn", "minLength", "maxLength")
VALUE_TESTS += ("pattern", *COMPARE)
LOGICAL = ("or", "and", "not", "xone", "node")
#: Parameters a shape may have and still be one expression on one node.
_ONE_NODE = {*VALUE_TESTS, "hasValue", *LOGICAL, "flags", "message", "severity", "deactivated"}
_ONE_NODE |= {"name", "description", "order", "group", "defaultValue"}


def value_tests(
    shape: Shape, var: str, is_instance: Callable[[str, Any], str] | None
) -> list[tuple[str, str]]:
    """(component, expression) for each test of ``shape`` on the value node ``var``.

    ``is_instance(var, class)`` writes sh:class; None leaves sh:class out (the caller joins
    the instances instead). On a node shape sh:hasValue is a test of the node itself.
    """
    params, tests = shape.params, []
    if is_instance is not None:
        tests += [("Class", is_instance(var, cls)) for cls in params.get("class", [])]
    if "datatype" in params:
        tests.append(("Datatype", datatype(var, params["datatype"][0], shape)))
    if "nodeKind" in params:
        kind = params["nodeKind"][0].value.removeprefix(SH)
        if kind not in NODE_KINDS:
            raise ShapesError(f"{shape.name}: sh:nodeKind sh:{kind} is not a node kind")
        tests.append(("NodeKind", NODE_KINDS[kind].format(v=var)))
    if "in" in params:
        same = [f"sameTerm({var}, {term(v, shape)})" for v in params["in"]]
        tests.append(("In", f"({' || '.join(same) or 'false'})"))
    if "languageIn" in params:
        tests.append(("LanguageIn", language_in(var, params["languageIn"])))
    for key, sign in (("minLength", ">="), ("maxLength", "<=")):
        if key in params:
            number = shape.count(key)
            test = f"(!isBlank({var}) && STRLEN(STR({var})) {sign} {number})"
            tests.append((component(key), "true" if key == "minLength" and not number else test))
    if "pattern" in params:
        flags = f", {term(params['flags'][0], shape)}" if "flags" in params else ""
        regex = f"REGEX(STR({var}), {term(params['pattern'][0], shape)}{flags})"
        tests.append(("Pattern", f"(!isBlank({var}) && {regex})"))
    for key, sign in COMPARE.items():
        for limit in params.get(key, []):
            test = f"{var} {sign} {term(limit, shape)}"
            if _numeric(limit) and not _within_64_bits(limit):
                raise ShapesError(
                    f"{shape.name}: sh:{key} {limit.value} is past 64 bits, which kg's SPARQL "
                    "validator cannot compare a value with; give a smaller limit"
                )
            if _numeric(limit, _NUMBERS) and _within_64_bits(limit):
                test = f"COALESCE({test}, {_beyond(var, sign[0])})"
            tests.append((component(key), f"(isLiteral({var}) && {test})"))
    if shape.path is None:
        for value in params.get("hasValue", []):
            tests.append(("HasValue", f"sameTerm({var}, {term(value, shape)})"))
    return tests


def _numeric(limit: Any, types: set[str] = _NUMERIC) -> bool:
    """Whether ``limit`` is a literal of one of ``types`` (whole numbers and decimals)."""
    return getattr(limit, "datatype", None) is not None and limit.datatype.value in types


def _beyond(var: str, side: str) -> str:
    """Whether ``var`` is a number past what Oxigraph reads on the ``side`` (">" or "<") of
    every limit within 64 bits: a whole number of 19 digits or more, or such a decimal."""
    sign, wholes = _BEYOND[side]
    digits = f"^{sign}0*[1-9][0-9]{{18,}}"
    whole = " || ".join(f"sameTerm(DATATYPE({var}), <{XSD}{t}>)" for t in wholes)
    return (
        f'(({whole}) && REGEX(STR({var}), "{digits}$") || '
        f'sameTerm(DATATYPE({var}), <{XSD}decimal>) && REGEX(STR({var}), "{digits}([.][0-9]*)?$"))'
    )


def _within_64_bits(limit: Any) -> bool:
    """Whether the number ``limit`` is one Oxigraph compares values with (|limit| < 2⁶³)."""
    from decimal import Decimal, InvalidOperation

    try:
        return abs(Decimal(limit.value)) < 2**63
    except InvalidOperation:
        return True  # not a number: Oxigraph's comparison fails, as SHACL's does


def component(key: str) -> str:
    """The SHACL constraint component of parameter ``key`` (``minCount`` → ``MinCount``)."""
    return key[0].upper() + key[1:]


def term(value: Any, shape: Shape | None = None) -> str:
    """``value`` (a pyoxigraph term) as SPARQL; a blank node cannot be a constant in a query."""
    import pyoxigraph as ox

    if isinstance(value, ox.BlankNode):
        where = f"{shape.name}: " if shape else ""
        raise ShapesError(f"{where}a blank node cannot be a value to compare with; use an IRI")
    return str(value)


def datatype(var: str, iri_term: Any, shape: Shape) -> str:
    """pySHACL's sh:datatype: a literal of that datatype, well formed for those it checks."""
    iri = iri_term.value
    if iri == f"{RDFS}Literal":
        return f"isLiteral({var})"
    if iri == f"{RDF}langString":
        return f"(isLiteral({var}) && LANG({var}) != '')"
    if iri == f"{RDFS}Datatype":
        raise ShapesError(f"{shape.name}: sh:datatype rdfs:Datatype is not supported")
    test = f"isLiteral({var}) && sameTerm(DATATYPE({var}), <{iri}>)"
    if iri in CAST:
        test += f" && {cast_holds(f'STR({var})', iri)}"
    return f"({test})"


def language_in(var: str, languages: list[Any]) -> str:
    """pySHACL's sh:languageIn: the tag, or its first part, is one of them (in any case)."""
    import pyoxigraph as ox

    wanted = {language.value.lower() for language in languages}
    if "*" in wanted:
        return f"(isLiteral({var}) && LANG({var}) != '')"
    listed = ", ".join(str(ox.Literal(w)) for w in sorted(wanted)) or "''"
    tag = f"LCASE(LANG({var}))"
    first = f"STRBEFORE(CONCAT({tag}, '-'), '-')"
    return f"(isLiteral({var}) && {tag} != '' && ({tag} IN ({listed}) || {first} IN ({listed})))"


class OneNodeShapes:
    """Shapes that test one node by itself, written as one SPARQL expression.

    A base of :class:`kg.validation.constraints.Validator`, which provides ``shapes``,
    ``_one_node`` (a cache), ``_enter``/``_active`` (the shapes being evaluated, to refuse
    recursion) and ``_instances`` (the pattern of a class's instances).
    """

    shapes: Any
    _one_node: dict
    _active: list

    def shape_tests(self, shape: Shape, var: str, node: bool = True) -> list[tuple[str, str]]:
        """(component, expression) for each test of a node shape on the node ``var``; sh:node
        only with ``node`` (a reported shape's sh:node is run by :meth:`_node`)."""
        tests = value_tests(shape, var, self._is_instance)
        for key in LOGICAL if node else LOGICAL[:-1]:
            if key in shape.params and self._logic_is_one_node(shape, key):
                tests.append((component(key), self._logic_expression(shape, key, var)))
        return tests

    def _is_one_node(self, shape: Shape) -> bool:
        """True when ``shape`` tests a node by itself (no path, no property shape)."""
        if shape not in self._one_node:
            simple = shape.path is None and not shape.properties
            simple = simple and set(shape.params) <= _ONE_NODE
            if simple and not shape.deactivated:
                self._enter(shape)  # a shape that refers to itself fails here
                try:
                    keys = [key for key in LOGICAL if key in shape.params]
                    simple = all(self._logic_is_one_node(shape, key) for key in keys)
                finally:
                    self._active.pop()
            self._one_node[shape] = simple
        return self._one_node[shape]

    def _logic_is_one_node(self, shape: Shape, key: str) -> bool:
        return all(self._is_one_node(m) for m in self.shapes.members(shape, key))

    def _expression(self, shape: Shape, var: str) -> str:
        """A shape of one node (see :meth:`_is_one_node`) as one expression on ``var``."""
        if shape.deactivated:
            return "true"
        tests = self.shape_tests(shape, var)
        return f"({' && '.join(f'COALESCE({t}, false)' for _, t in tests) or 'true'})"

    def _logic_expression(self, shape: Shape, key: str, var: str) -> str:
        parts = [self._expression(member, var) for member in self.shapes.members(shape, key)]
        if key == "or":
            return f"({' || '.join(parts) or 'false'})"
        if key in ("and", "node"):
            return f"({' && '.join(parts) or 'true'})"
        if key == "not":
            return f"!({' || '.join(parts) or 'false'})"
        return f"(({' + '.join(f'IF({p}, 1, 0)' for p in parts) or '0'}) = 1)"

    def _is_instance(self, var: str, cls: Any) -> str:
        return f"EXISTS {{ {self._instances(var, cls)} }}"
