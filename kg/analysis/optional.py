"""igraph, the optional "fast" extra: known to be installed without importing it, and imported
only when a large network needs it (importing it takes half a second, as it loads
matplotlib's pyplot, which the commands on small graphs never use)."""

from __future__ import annotations

import importlib.util
from types import ModuleType

#: Whether igraph is installed (the "fast" extra).
IGRAPH = importlib.util.find_spec("igraph") is not None


def igraph() -> ModuleType:
    """The igraph module; an ImportError that names the extra when it is not installed."""
    if not IGRAPH:
        raise ImportError("the igraph backend needs igraph: pip install 'kg-malmo[fast]'")
    import igraph as module

    return module
