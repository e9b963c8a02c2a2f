"""The libraries a command needs after its data is loaded, imported in the background meanwhile.

A first run on new files spends seconds in Oxigraph (loading, deriving the rules, running the
shapes), which releases Python's lock; importing the analyses', charts' and pages' libraries
then (about 0.7 s at 100,000 triples, igraph and matplotlib most of it) overlaps that work
instead of following it. The thread imports only third-party libraries, which never import
kg, so it cannot deadlock with a kg module the command imports at the same time.

Small files (the bundled data) are read in well under a second, too little to hide the imports
behind: there the thread gains nothing, and when the data does not conform the command would
wait at its exit for libraries it never uses (0.72 s became 1.25 s), so nothing is preloaded.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from kg.analysis import optional

#: What the analyses import: networkx, and scipy's sparse graphs for brokerage.
ANALYSIS = ("networkx", "scipy.sparse.csgraph")
#: What the report adds: matplotlib's figure on its Agg canvas (the charts; no pyplot), and jinja2
#: for the pages.
REPORT = (*ANALYSIS, "matplotlib.figure", "matplotlib.backends.backend_agg", "jinja2")
#: What the map adds: jinja2 for its page.
MAP = (*ANALYSIS, "jinja2")
#: Files past this many bytes hold about a thousand actors or more (kg synth's hold 1.1 KB an
#: actor), where igraph computes betweenness and lays out the map, and where Oxigraph's work
#: is long enough to import the libraries behind; below it nothing is preloaded.
LARGE_FILES = 1 << 20


def preload(
    modules: Iterable[str], *, first: Callable[[], object] | None = None
) -> threading.Thread | None:
    """Start importing ``modules`` in order on a thread of their own, and return it (None, and
    no thread, when there are none); ``first`` runs on the thread before them, for a library
    the command imports its own way (matplotlib without its warnings about its folder:
    ``kg.analysis.quiet.matplotlib_imported``).

    A module that fails to import stops the thread silently: the command's own import of it
    raises the error where it is needed.

    >>> preload(["json", "no_such_module_anywhere", "csv"]).join()
    >>> import sys
    >>> "json" in sys.modules and "no_such_module_anywhere" not in sys.modules
    True
    """
    modules = tuple(modules)
    if not modules:
        return None
    thread = threading.Thread(target=_import_all, args=(modules, first), name="kg-preload")
    thread.start()  # not a daemon: an interpreter shutting down mid-import is left alone
    return thread


def for_files(libraries: Sequence[str], files: Iterable[Path]) -> tuple[str, ...]:
    """``libraries``, with igraph when it is installed, if ``files`` are large; else none.

    >>> for_files(("networkx",), [])
    ()
    """
    from kg.io.parse import files_size

    if files_size(files) <= LARGE_FILES:
        return ()
    return (*libraries, "igraph") if optional.IGRAPH else tuple(libraries)


def _import_all(modules: tuple[str, ...], first: Callable[[], object] | None) -> None:
    try:
        if first is not None:
            first()
        for name in modules:
            importlib.import_module(name)
    except Exception:  # the command runs it, or imports the module, again where it is needed
        return
