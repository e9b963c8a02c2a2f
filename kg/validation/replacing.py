"""Replacements that cannot be true: an organisation that replaces itself (``dcterms:replaces``),
directly or through a circle of others, as :func:`kg.model.successors.circles` finds them. Each
group of organisations on circles is one message, at the ``dcterms:replaces`` line of its first
organisation, with each other organisation's line listed under it: a long history of mergers
and splits with a circle through it is one message, not one per circle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import vocab as v
from kg.model.successors import along
from kg.model.successors import circles as found_circles
from kg.validation.terms import TermProblem

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox


def circles(store: ox.Store) -> list[TermProblem]:
    """Every organisation of ``store`` on a circle of ``dcterms:replaces`` (itself included),
    with what to do: one problem per group of organisations on circles (its first), and one
    for each other organisation of it, which follows from that one."""
    import pyoxigraph as ox

    from kg.model.names import display

    replaces: dict[str, list[str]] = {}
    pattern = store.quads_for_pattern(None, ox.NamedNode(v.REPLACES), None, ox.DefaultGraph())
    for quad in pattern:
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            replaces.setdefault(quad.subject.value, []).append(quad.object.value)
    problems = []
    path = display(v.REPLACES)
    for group in found_circles(replaces):
        first = ox.NamedNode(group[0])
        problems.append(TermProblem(first, path, _said(replaces, group)))
        above = "on the circle of replacements above"
        problems += [TermProblem(ox.NamedNode(i), path, above, after=first) for i in group[1:]]
    return problems


def _said(replaces: dict[str, list[str]], group: list[str]) -> str:
    """What is wrong with a group of organisations on circles, and what to do."""
    from kg.model.names import display

    if len(group) == 1:
        node = display(group[0])
        return (
            f"{node} replaces itself; a body is replaced by another, never by itself: "
            "remove the dcterms:replaces that is wrong"
        )
    if along(group, replaces):
        chain = " → ".join(display(i) for i in [*group, group[0]])
        return (
            f"a circle of replacements: {chain}; a body is replaced by another, never by "
            "itself: remove the dcterms:replaces that is wrong"
        )
    count, names = len(group), ", ".join(display(i) for i in group)
    return (
        f"circles of replacements among {count} organisations: {names}; a body is replaced "
        "by another, never by itself: remove the dcterms:replaces that are wrong (each "
        "organisation's line is listed below)"
    )
