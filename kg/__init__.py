"""kg: a knowledge graph of the actors and alliances behind Malmö's social-sustainability work.

The public API for notebooks and scripts::

    import kg
    graph = kg.load()                 # ontology + bundled data (+ extra files)
    report = kg.validate(graph)       # SHACL shapes and evidence quotes
    kg.stats(graph)                   # counts per class and sector
"""

from kg.errors import DataLoadError, KgError
from kg.export import export_rdf
from kg.labels import label
from kg.loader import load
from kg.namespace import ID, KG
from kg.stats import stats
from kg.validation import ValidationReport, Violation, validate

__version__ = "0.1.0"

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
