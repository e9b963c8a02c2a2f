"""Values not of their datatype ("abc" typed xsd:integer, "yes" typed xsd:boolean,
"2016-13-45" typed xsd:date), on any property: valid RDF, but no typed query reads them (a
filter or a sort on one drops its row without a word), so each is a violation.

The shapes say which datatype a property of kg's takes (``sh:datatype``), and a value not of
it fails there; a property they do not cover is checked here, on every literal of the
curated facts, in SPARQL (:func:`kg.io.literals.cast_holds`): a number's or a boolean's
text matched with its datatype's lexical space, a date's or a time's cast to its own datatype
(a cast that fails is a value not of the type). SHACL Core cannot say this without naming
each property and its datatype (no target selects every triple, and no constraint refers to
a value's own datatype), so pySHACL is the reference only with such a shape per property
(the tests).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from kg.io.literals import WRITE, cast_holds, ill_typed_violation
from kg.model.vocab import XSD
from kg.validation.terms import TermProblem

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox


def _query() -> str:
    """One pass over the literals: those of a datatype in :data:`WRITE` not of it."""
    types = ", ".join(f"<{XSD}{name}>" for name in WRITE)
    failed = " || ".join(
        f"(?d = <{XSD}{name}> && !{cast_holds('STR(?o)', XSD + name)})" for name in WRITE
    )
    return f"""SELECT ?s ?p ?o WHERE {{
      ?s ?p ?o FILTER(isLiteral(?o)) BIND(DATATYPE(?o) AS ?d)
      FILTER(?d IN ({types}) && ({failed}))
    }}"""


def ill_typed(store: ox.Store, shown: Collection[tuple[object, str]] = ()) -> list[TermProblem]:
    """Every value in ``store``'s default graph not of its XSD datatype (those kg says what
    to write for: boolean, integer, decimal, double, float, date, dateTime, time, gYear,
    gYearMonth), with what to write; but none on a node and property in ``shown`` (focus
    node, property as violations name it), where a shape's violation says it already.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("https://example.org/x"),
    ...     ox.NamedNode("https://example.org/flag"),
    ...     ox.Literal("yes", datatype=ox.NamedNode(XSD + "boolean"))))
    >>> [p.message for p in ill_typed(store)]
    ['"yes" is not a valid xsd:boolean; write true or false']
    """
    from kg.model.names import display

    problems = []
    for row in store.query(_query()):
        path = display(row["p"].value)
        if (row["s"], path) in shown:
            continue
        message = ill_typed_violation(row["o"].value, row["o"].datatype.value)
        problems.append(TermProblem(row["s"], path, message, value=row["o"]))
    return sorted(set(problems), key=lambda p: (p.path, p.message, str(p.node)))
