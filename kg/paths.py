"""Where the bundled ontology, rules, data, sources and queries live, in a checkout or a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _root() -> Path:
    bundled = _PACKAGE / "_bundled"
    return bundled if bundled.is_dir() else _PACKAGE.parent


def ontology_dir() -> Path:
    """The folder with ``kg.ttl`` (the ontology) and ``shapes.ttl`` (the SHACL shapes)."""
    return _root() / "ontology"


def data_dir() -> Path:
    """The folder with the bundled curated data (``*.ttl``) and ``sources/``."""
    return _root() / "data"


def sources_dir() -> Path:
    """The folder with the bundled source documents' texts that the evidence quotes."""
    return data_dir() / "sources"


def queries_dir() -> Path:
    """The folder with the SPARQL query library (``*.rq``)."""
    return _root() / "queries"


def rules_dir() -> Path:
    """The folder with the rules that derive the committee-level view (``*.rq``, in order)."""
    return ontology_dir() / "rules"


def shapes_file() -> Path:
    """The SHACL shapes file."""
    return ontology_dir() / "shapes.ttl"


def ontology_file() -> Path:
    """The ontology file."""
    return ontology_dir() / "kg.ttl"
