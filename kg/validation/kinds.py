"""Classes of the data's own below kg's (a city's subclass of ``kg:Association``) and partner
groups of its own (a ``kg:Sector`` kg's ontology lacks): each node typed with such a class,
the declaration itself, and each such group, as :mod:`kg.model.kinds` words them."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from kg.model import vocab as v
from kg.model.kinds import (
    GROUP_CONCEPTS,
    SUBCLASS_PAIRS,
    group_refusal,
    own_groups,
    own_subclasses,
    refusal,
    retype,
)
from kg.validation.terms import TermProblem

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox


def own_classes(store: ox.Store) -> list[TermProblem]:
    """Every node of ``store`` typed with a class the data declares below one of kg's
    ontology (on ``rdf:type``, so that the shape's "exactly one type" follows from it), and
    each such class's ``rdfs:subClassOf``."""
    import pyoxigraph as ox

    from kg.model.names import display

    children: dict[str, set[str]] = defaultdict(set)
    for cls, parent in store.query(SUBCLASS_PAIRS):
        children[parent.value].add(cls.value)
    problems = []
    for cls, parent in sorted(own_subclasses(children).items()):
        reason, hint = refusal(display(cls), display(parent))
        remove = retype(display(parent))
        problems.append(
            TermProblem(ox.NamedNode(cls), display(v.SUBCLASS_OF), f"{reason}; {remove}")
        )
        for row in store.query(f"SELECT DISTINCT ?s WHERE {{ ?s a <{cls}> }}"):
            problems.append(TermProblem(row[0], display(v.TYPE), f"{reason}; {hint}", "rdf:type"))
    return problems


def own_sectors(store: ox.Store) -> list[TermProblem]:
    """Every concept the data makes a sector or partner group
    (:data:`~kg.model.kinds.GROUP_CONCEPTS`) that kg's ontology does not define."""
    from kg.model.names import display

    nodes = {row[0].value: row[0] for row in store.query(GROUP_CONCEPTS)}
    return [
        TermProblem(nodes[concept], display(v.TYPE), "; ".join(group_refusal(display(concept))))
        for concept in own_groups(nodes)
    ]
