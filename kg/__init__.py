"""kg: a knowledge graph of the actors and alliances behind Malmö's social-sustainability work.

The public API for notebooks and scripts::

    import kg
    graph = kg.load()                 # ontology + bundled data (+ extra files)
    report = kg.validate(graph)       # SHACL shapes and evidence quotes
    kg.stats(graph)                   # counts per class and sector

Names are imported on first use, so that ``import kg`` (and ``kg --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from kg.errors import DataLoadError, KgError

__version__ = "0.1.0"

#: Public name → the module that defines it.
_LAZY = {
    "ID": "kg.namespace",
    "KG": "kg.namespace",
    "ValidationReport": "kg.validation",
    "Violation": "kg.validation",
    "export_rdf": "kg.export",
    "label": "kg.labels",
    "load": "kg.loader",
    "stats": "kg.counts",
    "validate": "kg.validation",
}

__all__ = [
    "ID",
    "KG",
    "DataLoadError",
    "KgError",
    "ValidationReport",
    "Violation",
    "__version__",
    "export_rdf",
    "label",
    "load",
    "stats",
    "validate",
]

if TYPE_CHECKING:  # pragma: no cover
    from kg.counts import stats
    from kg.export import export_rdf
    from kg.labels import label
    from kg.loader import load
    from kg.namespace import ID, KG
    from kg.validation import ValidationReport, Violation, validate


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
