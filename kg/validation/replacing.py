"""Replacements that cannot be true: an organisation that replaces itself (``dcterms:replaces``),
directly or through a circle of others, as :func:`kg.model.successors.cycles` finds them; each
organisation on the circle is named at its ``dcterms:replaces`` line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import vocab as v
from kg.model.successors import cycles
from kg.validation.terms import TermProblem

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox


def circles(store: ox.Store) -> list[TermProblem]:
    """Every organisation of ``store`` on a circle of ``dcterms:replaces`` (itself included),
    with what to do."""
    import pyoxigraph as ox

    from kg.model.names import display

    replaces: dict[str, list[str]] = {}
    pattern = store.quads_for_pattern(None, ox.NamedNode(v.REPLACES), None, ox.DefaultGraph())
    for quad in pattern:
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            replaces.setdefault(quad.subject.value, []).append(quad.object.value)
    problems = []
    for circle in cycles(replaces):
        if len(circle) == 1:
            node = display(circle[0])
            message = (
                f"{node} replaces itself; a body is replaced by another, never by itself: "
                "remove the dcterms:replaces that is wrong"
            )
        else:
            chain = " → ".join(display(i) for i in [*circle, circle[0]])
            message = (
                f"a circle of replacements: {chain}; a body is replaced by another, never by "
                "itself: remove the dcterms:replaces that is wrong"
            )
        for iri in circle:
            problems.append(TermProblem(ox.NamedNode(iri), display(v.REPLACES), message))
    return problems
