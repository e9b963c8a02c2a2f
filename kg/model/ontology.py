"""kg's ontology (``ontology/kg.ttl``) on its own, read once, for what is looked up in it: the
vocabulary, the classes and their hierarchy, the terms it defines."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from kg.paths import ontology_file

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox


@cache
def ontology() -> ox.Store:
    """The ontology in a store of its own (shared: query it, never change it).

    >>> len(ontology()) > 100
    True
    """
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    return store
