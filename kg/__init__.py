"""kg: a knowledge graph of the actors and alliances behind a city's social-sustainability work.

The public API for notebooks and scripts::

    import kg
    source = kg.Source()              # the bundled data; Source(data=[...], store=..., ...)
    analysis = kg.analyse(source.facts())    # network, centrality, brokers, gaps …
    tables = kg.frames(analysis)      # the same as pandas DataFrames (the pandas extra)
    ideas = kg.suggest(analysis, "förskolenämnden")   # partner suggestions, as kg suggest
    page = kg.render_map(analysis, lang="sv")         # the map: page.html; inline in Jupyter
    rows = kg.query(source.open(), "committees-lacking-sector", {"sector": "civil"})
    table = kg.answer_frame(kg.query(source, "sector-pairs"))   # an answer as a DataFrame
    graph = kg.load()                 # an rdflib Graph: ontology + bundled data
    report = kg.validate(graph)       # SHACL shapes and evidence quotes
    city = kg.import_spreadsheet("sjostad.xlsx")   # a city's spreadsheet as a graph

Names are imported on first use, so that ``import kg`` (and ``kg --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from kg.errors import DataLoadError, KgError, KgWarning

__version__ = "0.4.0"

#: Public name → "module:attribute" that defines it.
_LAZY = {
    "ID": "kg.model.namespace:ID",
    "KG": "kg.model.namespace:KG",
    "Source": "kg.io.source:Source",
    "ValidationReport": "kg.validation:ValidationReport",
    "Violation": "kg.validation:Violation",
    "analyse": "kg.analysis.pipeline:analyse",
    "answer_frame": "kg.report.frames:answer_frame",
    "export_rdf": "kg.io.rdf_export:export_rdf",
    "export_spreadsheet": "kg.io.spreadsheet:export_spreadsheet",
    "frames": "kg.report.frames:frames",
    "import_spreadsheet": "kg.validation.sheets:import_spreadsheet",
    "label": "kg.model.names:graph_label",
    "load": "kg.io.parse:load",
    "query": "kg.sparql.api:query",
    "render_map": "kg.web.map:render_map",
    "stats": "kg.analysis.stats:stats",
    "suggest": "kg.analysis.suggest:suggest_for",
    "validate": "kg.validation:validate",
}

__all__ = [
    "ID",
    "KG",
    "DataLoadError",
    "KgError",
    "KgWarning",
    "Source",
    "ValidationReport",
    "Violation",
    "__version__",
    "analyse",
    "answer_frame",
    "export_rdf",
    "export_spreadsheet",
    "frames",
    "import_spreadsheet",
    "label",
    "load",
    "query",
    "render_map",
    "stats",
    "suggest",
    "validate",
]

if TYPE_CHECKING:  # pragma: no cover
    from kg.analysis.pipeline import analyse
    from kg.analysis.stats import stats
    from kg.analysis.suggest import suggest_for as suggest
    from kg.io.parse import load
    from kg.io.rdf_export import export_rdf
    from kg.io.source import Source
    from kg.io.spreadsheet import export_spreadsheet
    from kg.model.names import graph_label as label
    from kg.model.namespace import ID, KG
    from kg.report.frames import answer_frame, frames
    from kg.sparql.api import query
    from kg.validation import ValidationReport, Violation, validate
    from kg.validation.sheets import import_spreadsheet
    from kg.web.map import render_map


def __getattr__(name: str) -> object:
    if name in _LAZY:
        module, attribute = _LAZY[name].split(":")
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
