"""A value as a Turtle file writes it and as a violation names it, made comparable: an IRI
by its full text, a literal by its text (escapes read), language and datatype; a number or a
boolean by its value, as the store keeps it (Oxigraph stores ``2.0`` as ``"2"``, ``"03"`` as
``"3"``, ``"1"^^xsd:boolean`` as ``"true"``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from kg.model.triples import unescaped
from kg.model.vocab import RDF, XSD

#: A value as compared: ("iri", IRI) or ("literal", text, language, datatype)
Key = tuple[str, ...]

#: A string token (long or short quotes), with its language tag or datatype
_LITERAL = re.compile(r'(?s)("""|\'\'\'|"|\')(.*)\1(?:@([\w-]+)|\^\^(.+))?')
_NUMBERS = (
    (re.compile(r"[+-]?\d+"), "integer"),
    (re.compile(r"[+-]?\d*\.\d+"), "decimal"),
    (re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+"), "double"),
)


def written_key(token: str, expand: Callable[[str], str | None]) -> Key | None:
    """The key of the object ``token`` of a Turtle file (a prefixed name, an IRI, a string
    with its tag or datatype, a number, a boolean); ``expand`` gives a name's full IRI."""
    if token[0] in "\"'":
        found = _LITERAL.fullmatch(token)
        if found is None:
            return None
        quotes, text, language, datatype = found.groups()
        if len(quotes) == 1 and quotes in text.replace("\\" + quotes, ""):
            return None  # two strings, not one
        text = unescaped(text)
        if language:
            return literal_key(text, language, RDF + "langString")
        iri = expand(datatype) if datatype else XSD + "string"
        return None if iri is None else literal_key(text, "", iri)
    if token in ("true", "false"):
        return literal_key(token, "", XSD + "boolean")
    for pattern, name in _NUMBERS:
        if pattern.fullmatch(token):
            return literal_key(token, "", XSD + name)
    iri = expand(token)
    return None if iri is None else ("iri", iri)


def term_key(value: str) -> Key | None:
    """The key of a value as N-Triples writes it (:attr:`Violation.values
    <kg.validation.report.Violation.values>`)."""
    import pyoxigraph as ox

    try:
        quads = list(ox.parse(f"<urn:s> <urn:p> {value} .", format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        return None
    term = quads[0].object
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        return literal_key(term.value, term.language or "", term.datatype.value)
    return None


def literal_key(text: str, language: str, datatype: str) -> Key:
    """A literal's key: a number or a boolean by its value, a language tag in lower case."""
    name = datatype.removeprefix(XSD)
    try:
        if name in ("integer", "decimal", "int", "long", "short", "nonNegativeInteger"):
            text = str(Decimal(text).normalize() + 0)
        elif name in ("double", "float"):
            text = repr(float(text))
    except (InvalidOperation, ValueError):
        pass  # ill-typed: compared as written
    if name == "boolean" and text in ("1", "0"):
        text = "true" if text == "1" else "false"
    return ("literal", text, language.lower(), datatype)
