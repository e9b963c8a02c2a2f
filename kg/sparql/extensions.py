"""A graph's classes and partner groups of its own (:mod:`kg.model.kinds`), found by two small
queries where the graph is (a store, an endpoint): refused by ``kg stats``, noted by ``kg
query``, whose answers would leave those nodes out or group them as nothing."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.sparql.engine import select

#: What such a graph does to a query's answer
_LEFT_OUT = (
    "kg's queries read only its ontology's classes and partner groups, and may leave those "
    "nodes out"
)

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.io.endpoint import Endpoint
    from kg.io.source import Source


def refuse_extensions(target: Source | ox.Store | Endpoint) -> None:
    """Raise :class:`~kg.errors.KgError`, as every command that reads the facts does, where
    the graph declares a partner group of its own or types a node with a class of its own
    below one of kg's."""
    from kg.model.kinds import (
        GROUP_CONCEPTS,
        SUBCLASS_PAIRS,
        own_subclasses,
        refuse_own_groups,
        refuse_own_subclasses,
    )

    refuse_own_groups(row["c"].value for row in select(target, GROUP_CONCEPTS))
    children: dict[str, set[str]] = defaultdict(set)
    for row in select(target, SUBCLASS_PAIRS):
        children[row["p"].value].add(row["c"].value)
    own = own_subclasses(children)
    if own:
        classes = " ".join(f"<{cls}>" for cls in sorted(own))
        instances: dict[str, list[str]] = defaultdict(list)
        for row in select(target, f"SELECT ?s ?c WHERE {{ VALUES ?c {{ {classes} }} ?s a ?c }}"):
            instances[row["c"].value].append(row["s"].value)
        refuse_own_subclasses(instances, own)


def extension_note(target: Source | ox.Store | Endpoint) -> str | None:
    """What :func:`refuse_extensions` would refuse, said as a note for a query's answer (its
    message and hint), or None."""
    try:
        refuse_extensions(target)
    except KgError as error:
        return f"{error.message}; {_LEFT_OUT}; {error.hint}"
    return None
