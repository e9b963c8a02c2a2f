"""Parameters as a VALUES block in the query's text: how they reach any engine or endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import QuerySyntaxError
from kg.sparql.check import FORMS
from kg.sparql.lexer import tokens

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox


def with_values(
    text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal], *, source: Path | None = None
) -> str:
    """``text`` with its parameters as a VALUES block first inside the outermost WHERE group.

    The library's queries use their parameters in that group, so the answer is the same as
    with bindings. Terms are written in N-Triples syntax (pyoxigraph escapes them): a value
    never becomes query text.

    >>> import pyoxigraph as ox
    >>> with_values("SELECT * WHERE { ?a ?b ?c }", {"c": ox.Literal("x")})
    'SELECT * WHERE {\\n  VALUES ( ?c ) { ( "x" ) }\\n ?a ?b ?c }'
    """
    if not bindings:
        return text
    position = where_brace(text)
    if position is None:
        raise QuerySyntaxError(
            "cannot find the query's WHERE { … } to add a VALUES block",
            path=source,
            hint="write the query as SELECT … WHERE { … }",
        )
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    block = f"\n  VALUES ( {names} ) {{ ( {terms} ) }}\n"
    return text[:position] + block + text[position:]


def where_brace(text: str) -> int | None:
    """Offset just after the ``{`` that opens the outermost WHERE group (None: none found).

    >>> where_brace("CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c }")
    30
    """
    depth, form, seen_where = 0, None, False
    for token in tokens(text):
        if depth == 0 and token.keyword in FORMS and form is None:
            form = token.keyword
        elif depth == 0 and token.keyword == "WHERE":
            seen_where = True
        elif token.kind == "punct" and token.text == "{":
            if depth == 0 and form and (seen_where or form != "CONSTRUCT"):
                return token.offset + 1
            depth += 1
        elif token.kind == "punct" and token.text == "}":
            depth -= 1
    return None
