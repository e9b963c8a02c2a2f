"""Which organisation replaced which (``dcterms:replaces``: a body renamed, several merged
into one, or one split into several), written once for every surface: ``kg gaps``, the map,
the report and its comparison, the brief, ``kg diff``, ``kg stats`` and the ``/id/`` page;
the end of a chain, which the query ``successors`` follows (:func:`ends`), and the circles
``kg validate`` refuses (:func:`circles`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kg.model.names import by_name
from kg.model.triples import descendants

if TYPE_CHECKING:  # pragma: no cover
    from kg.model.facts import Facts


def replaced_by(replaces: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The inverse of ``replaces`` (new → the old ones): old → the organisations that
    replaced it (two or more for a split), sorted.

    >>> replaced_by({"b": ["a"], "c": ["a"]})
    {'a': ['b', 'c']}
    """
    found: dict[str, list[str]] = {}
    for new, olds in sorted(replaces.items()):
        for old in olds:
            if old != new:
                found.setdefault(old, []).append(new)
    return {old: sorted(set(news)) for old, news in sorted(found.items())}


def predecessors(new: str, *replaces: Mapping[str, Sequence[str]]) -> list[str]:
    """Every organisation ``new`` replaces, directly or through a chain of renamings, as
    any of the ``replaces`` maps (new → old) says, nearest first; a cycle ends where it
    closes.

    >>> predecessors("c", {"c": ["b"]}, {"b": ["a"], "a": ["c"]})
    ['b', 'a']
    """
    found: list[str] = []
    todo = [new]
    while todo:
        current = todo.pop(0)
        for index in replaces:
            for old in index.get(current, ()):
                if old not in found and old != new:
                    found.append(old)
                    todo.append(old)
    return found


def ends(new: str, after: Mapping[str, Sequence[str]]) -> list[str]:
    """The organisations at the end of ``new``'s chain of replacements, as ``after`` (old →
    the organisations that replaced it, :func:`replaced_by`) says: ``new`` itself, or what
    replaced it, directly or through others, that nothing replaced; two or more where a split
    comes later; none where every chain from ``new`` runs into a circle (which
    ``kg validate`` refuses). The one rule of the end of a chain, which the query
    ``successors`` (its column ``latest``) follows, sorted.

    >>> ends("a", {"a": ["b"], "b": ["c", "d"]})
    ['c', 'd']
    >>> ends("a", {"a": ["b"], "b": ["a"]})
    []
    """
    return sorted(r for r in descendants(after, new) if not after.get(r))


def successions(replaces: Mapping[str, Sequence[str]]) -> list[tuple[str, str, str | None]]:
    """Each statement that one organisation replaced another (``replaces``: new → old; one
    that replaces itself is none), as ``(old, new, latest)`` for each organisation at the end
    of ``new``'s chain (:func:`ends`), ``latest`` ``None`` where there is none: the rows of
    the query ``successors`` (``old``, ``new``, ``latest``), sorted.

    >>> successions({"b": ["a"], "c": ["b"], "d": ["b"]})
    [('a', 'b', 'c'), ('a', 'b', 'd'), ('b', 'c', 'c'), ('b', 'd', 'd')]
    >>> successions({"b": ["a"], "a": ["b"]})
    [('a', 'b', None), ('b', 'a', None)]
    """
    after = replaced_by(replaces)
    rows: list[tuple[str, str, str | None]] = []
    for new, olds in replaces.items():
        latest: list[str | None] = [*ends(new, after)] or [None]
        rows += [(old, new, last) for old in set(olds) - {new} for last in latest]
    return sorted(rows, key=lambda row: (row[0], row[1], row[2] or ""))


def circles(replaces: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Each group of organisations that replace one another in a circle (``replaces``: new →
    old; a strongly connected component of it holding a circle): an organisation that
    replaces itself (one element), or two or more that each replace, directly or through the
    others, every one of them. No circle can be true. Its organisations are given from its
    smallest IRI along the circle (new, the one it replaces, …) where the group is one
    circle, else sorted. Each organisation is in one group at most, so that a long history of
    mergers and splits with a circle through it is one group, not each of its circles
    (4,096 for twelve steps of two committees each).

    >>> circles({"a": ["a"], "b": ["c"], "c": ["b"], "d": ["b"]})
    [['a'], ['b', 'c']]
    >>> circles({"x": ["y", "z"], "y": ["x"], "z": ["x"]})
    [['x', 'y', 'z']]
    """
    found = []
    for group in _components(replaces):
        if len(group) > 1 or group[0] in replaces.get(group[0], ()):
            found.append(along(group, replaces) or group)
    return sorted(found)


def along(group: Sequence[str], replaces: Mapping[str, Sequence[str]]) -> list[str] | None:
    """The organisations of a group of :func:`circles` from the smallest IRI along its circle
    (new, the one it replaces, …) where it is one circle (each replaces one of the others),
    else ``None``.

    >>> along(["a", "b", "c"], {"a": ["c"], "c": ["b"], "b": ["a"]})
    ['a', 'c', 'b']
    >>> along(["x", "y", "z"], {"x": ["y", "z"], "y": ["x"], "z": ["x"]}) is None
    True
    """
    inside = set(group)
    steps = {g: sorted(set(replaces.get(g, ())) & inside) for g in group}
    if not all(len(s) == 1 for s in steps.values()):
        return None
    walk = [min(group)]
    while len(walk) < len(group):
        walk.append(steps[walk[-1]][0])
    return walk


def _components(replaces: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The strongly connected components of ``replaces`` (networkx's, which walks without
    recursion: a long chain would exceed Python's limit), each sorted; networkx is imported
    only where the data states a replacement."""
    if not replaces:
        return []
    import networkx as nx

    graph = nx.DiGraph((new, old) for new, olds in replaces.items() for old in olds)
    return [sorted(group) for group in nx.strongly_connected_components(graph)]


def lineage(facts: Facts, iri: str) -> dict[str, list[dict]]:
    """What the data says ``iri`` replaced (``replaces``: "formerly") and what replaced it
    (``replaced_by``), each organisation directly so, as ``iri``, ``label``, ``label_en``
    and ``type``, by name; the same in every view of the data, a year's too.

    >>> from kg.io.source import Source
    >>> lineage(Source().facts(), "https://w3id.org/kg-malmo/id/fritidsnamnden")
    {'replaces': [], 'replaced_by': []}
    """
    after = facts.replaced_by

    def refs(iris: Sequence[str]) -> list[dict]:
        return by_name(facts.ref(i) for i in iris if i in facts.actors and i != iri)

    return {"replaces": refs(facts.replaces.get(iri, ())), "replaced_by": refs(after.get(iri, ()))}
