"""Graph equality for tests, by pyoxigraph's canonical form.

rdflib's `isomorphic` takes seconds on the bundled data's blank nodes (the excerpts and their
selectors); canonicalising both sides with pyoxigraph and comparing the triples gives the same
answer in milliseconds. Either side may be an rdflib graph or a pyoxigraph store or dataset.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph


def canonical(graph: Graph | ox.Store | ox.Dataset) -> set[str]:
    """The graph's triples with its blank nodes relabelled canonically, as N-Triples lines."""
    if isinstance(graph, Graph):
        text = graph.serialize(format="nt", encoding="utf-8")
        dataset = ox.Dataset(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    else:
        dataset = ox.Dataset(graph)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {f"{quad.subject} {quad.predicate} {quad.object} ." for quad in dataset}


def same_graph(one: Graph | ox.Store | ox.Dataset, other: Graph | ox.Store | ox.Dataset) -> bool:
    """Whether the two graphs are the same up to the labels of their blank nodes."""
    return canonical(one) == canonical(other)


def differences(got: Graph | ox.Store, expected: Graph | ox.Store) -> tuple[list[str], list[str]]:
    """The canonical triples only in `got`, and those only in `expected`, sorted."""
    mine, theirs = canonical(got), canonical(expected)
    return sorted(mine - theirs), sorted(theirs - mine)
