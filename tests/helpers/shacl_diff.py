"""Both validators on one data file, result by result (test-only): for each SHACL validation
result its focus node, path, constraint component, severity, the shape's messages and the
value it is about (``sh:value``; pySHACL gives a result per value), from
pySHACL (the reference) and from kg's SPARQL validator, on the file with kg's ontology."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH, XSD

from helpers.pyshacl_reference import _path_text, kg_shapes
from kg.io.files import input_files
from kg.io.parse import load_memory, parse_file
from kg.model.namespace import bind_prefixes
from kg.paths import ontology_file, shapes_file
from kg.validation import constraints
from kg.validation.shapes import read_shapes

#: (focus node, path, component, severity, message in English, message in Swedish, value)
Key = tuple[str, str, str, str, str, str, str]


@functools.cache
def _ontology_rdflib() -> Graph:
    """kg's ontology as ``kg.load`` parses it, once a run: each data graph below is a new
    graph that copies it (read only), so that a case parses only its own file."""
    return parse_file(ontology_file())


def _with_ontology(data: Path) -> Graph:
    """``kg.load([data], bundled=False)``: the ontology and ``data`` as one new graph."""
    graph = bind_prefixes(Graph())
    graph += _ontology_rdflib()
    graph += parse_file(data)
    return graph


def _node(node: object) -> str:
    """A focus node as a key: blank nodes are named differently by rdflib and Oxigraph."""
    if isinstance(node, BNode) or type(node).__name__ == "BlankNode":
        return "_:"
    if isinstance(node, Literal):
        return f'"{node}"'
    return str(getattr(node, "value", node))


def _as_value(node: object) -> str:
    """A value node as a key; a number by its value (Oxigraph stores 2.0 as "2")."""
    from decimal import Decimal, InvalidOperation

    if not (isinstance(node, Literal) or type(node).__name__ == "Literal"):
        return _node(node)
    lexical = str(node) if isinstance(node, Literal) else node.value
    datatype = str(getattr(node.datatype, "value", node.datatype))
    if datatype.startswith(str(XSD)) and datatype[len(str(XSD)) :] in ("integer", "decimal"):
        with contextlib.suppress(InvalidOperation):
            lexical = str(Decimal(lexical).normalize())
    return f'"{lexical}"'


def _value(focus: str, value: object) -> str:
    """A result's value as a key: none on a blank focus node (kg cannot name it in a query,
    so gives none)."""
    return "" if value is None or focus == "_:" else _as_value(value)


#: pySHACL's results by the data file's ending and bytes: the edge cases run once per join
#: strategy of kg's validator, on the same file, and pySHACL is most of their time
_REFERENCE: dict[tuple[str, bytes], frozenset[Key]] = {}


def reference(data: Path) -> set[Key]:
    """pySHACL's results on ``data`` (with kg's ontology, no inference), worked out once per
    content in a test run (a copy is returned)."""
    key = (data.suffix, data.read_bytes())
    if key not in _REFERENCE:
        _REFERENCE[key] = frozenset(_pyshacl(data))
    return set(_REFERENCE[key])


def _pyshacl(data: Path) -> set[Key]:
    from pyshacl import validate

    graph = _with_ontology(data)
    _, results, _ = validate(
        graph, shacl_graph=kg_shapes(), inference="none", advanced=False, meta_shacl=False
    )
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        component = str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[1]
        messages = {m.language or "": str(m) for m in results.objects(result, SH.resultMessage)}
        focus = _node(results.value(result, SH.focusNode))
        found.add(
            (
                focus,
                _path_text(results, results.value(result, SH.resultPath)),
                component.removesuffix("ConstraintComponent"),
                str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[1],
                messages.get("en", ""),
                messages.get("sv", ""),
                _value(focus, results.value(result, SH.value)),
            )
        )
    return found


def sparql(data: Path, *, hash_join: bool = False) -> set[Key]:
    """kg's results on ``data`` (with kg's ontology), as :func:`reference` gives them; with
    ``hash_join`` each path's values are read whole and joined, as for many focus nodes on
    disk (else looked up per node, as in memory)."""
    store = load_memory(input_files([data], bundled=False))
    validator = constraints.Validator(store, read_shapes(shapes_file()), 0 if hash_join else None)
    if not hash_join:
        validator.hash_join_from = constraints.LOOKUP_ONLY
    return {
        (
            _node(r.focus),
            r.path or "(node)",
            r.component,
            r.shape.severity,
            r.message,
            r.message_sv or "",
            _value(_node(r.focus), value),
        )
        for r in validator.run()
        if not r.detail
        for value in r.values or [None]
    }


def differences(data: Path, *, hash_join: bool = False) -> list[str]:
    """Each result only one validator gives, as a line saying which (empty when they agree)."""
    expected, found = reference(data), sparql(data, hash_join=hash_join)
    lines = [f"only pySHACL: {(*k[:4], k[6])}" for k in sorted(expected - found)]
    return lines + [f"only kg:      {(*k[:4], k[6])}" for k in sorted(found - expected)]
