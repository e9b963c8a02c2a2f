"""Which organisation replaced which (``dcterms:replaces``: a body renamed, several merged
into one, or one split into several), written once for every surface: ``kg gaps``, the map,
the report and its comparison, the brief, ``kg diff``, ``kg stats`` and the ``/id/`` page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kg.model.names import natural

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


def cycles(replaces: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Each circle of replacements the data states, as the organisations on it from its
    smallest IRI, in order (new, the one it replaces, …): an organisation that replaces
    itself, directly (one element) or through others. No circle can be true.

    >>> cycles({"a": ["a"], "b": ["c"], "c": ["b"], "d": ["b"]})
    [['a'], ['b', 'c']]
    """
    found: set[tuple[str, ...]] = set()
    after = replaced_by(replaces)
    for start in sorted(replaces):
        # only the organisations on a circle through start are walked: without this, every
        # path of a long history of mergers and splits was, twice as many for each step
        around = _reached(start, replaces) & _reached(start, after)
        path, seen = [start], {start}
        stack = [iter(replaces[start])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                seen.discard(path.pop())
                continue
            if nxt == start:
                i = path.index(min(path))
                found.add(tuple(path[i:] + path[:i]))
            elif nxt not in seen and nxt > start and nxt in around:  # once, from its smallest
                path.append(nxt)
                seen.add(nxt)
                stack.append(iter(replaces.get(nxt, ())))
    return [list(c) for c in sorted(found)]


def _reached(start: str, edges: Mapping[str, Sequence[str]]) -> set[str]:
    """The organisations ``edges`` lead to from ``start``, through any number of them."""
    reached: set[str] = set()
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    return reached


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
        known = [facts.ref(i) for i in iris if i in facts.actors and i != iri]
        return sorted(known, key=lambda r: (natural(r["label"]), r["iri"]))

    return {"replaces": refs(facts.replaces.get(iri, ())), "replaced_by": refs(after.get(iri, ()))}


def names(refs: Sequence[Mapping[str, str]], lang: str) -> list[str]:
    """The names of :func:`lineage`'s organisations in ``lang`` (the Swedish name where
    there is no English one).

    >>> names([{"label": "Sociala nämnden", "label_en": "Social Committee"}], "sv")
    ['Sociala nämnden']
    >>> names([{"label": "Sociala nämnden", "label_en": ""}], "en")
    ['Sociala nämnden']
    """
    return [(r.get("label_en") or r["label"]) if lang == "en" else r["label"] for r in refs]
