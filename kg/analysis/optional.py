"""igraph, the optional "fast" extra: known to be installed without importing it, and imported
only when a large network needs it (importing it takes half a second, as it loads
matplotlib's pyplot, which the commands on small graphs never use)."""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING

from kg.analysis.quiet import matplotlib_imported

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

#: Whether igraph is installed (the "fast" extra).
IGRAPH = importlib.util.find_spec("igraph") is not None
#: The libraries an analysis runs in.
BACKENDS = ("networkx", "igraph")


def backend_for(network: nx.Graph, limit: int, backend: str | None = None) -> str:
    """An analysis's library: ``backend`` where one is given (one of :data:`BACKENDS`, else a
    ValueError), else by default igraph past ``limit`` actors when it is installed, else
    networkx."""
    if not backend:
        return "igraph" if IGRAPH and network.number_of_nodes() > limit else "networkx"
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    return backend


@contextmanager
def seeded(seed: int) -> Iterator[ModuleType]:
    """igraph with its random numbers drawn from ``seed`` inside the block (the same layout
    and communities every run), Python's own generator again after it."""
    module = igraph()
    module.set_random_number_generator(random.Random(seed))
    try:
        yield module
    finally:
        module.set_random_number_generator(random)


def igraph() -> ModuleType:
    """The igraph module; an ImportError that names the extra when it is not installed."""
    if not IGRAPH:
        raise ImportError("the igraph backend needs igraph: pip install 'kg-malmo[fast]'")
    matplotlib_imported()  # igraph imports matplotlib's pyplot: first without its warnings
    import igraph as module

    return module
