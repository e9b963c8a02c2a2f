"""Where the bundled ontology, rules, data, sources and queries live, in a checkout or a wheel."""

from __future__ import annotations

import os
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


def cache_dir() -> Path:
    """Where kg keeps what it read from endpoints between runs: ``$KG_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``."""
    if chosen := os.environ.get("KG_CACHE_DIR"):
        return Path(chosen)
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / "kg"


def install_of(ontology: str | Path) -> Path | None:
    """The root of the kg install whose ontology ``ontology`` is (``ROOT/ontology/kg.ttl``, as
    a store's manifest records first), or None where it is no kg ontology's path."""
    path = Path(ontology)
    return path.parent.parent if path.name == "kg.ttl" and path.parent.name == "ontology" else None


def in_this_install(paths: list[str]) -> list[str]:
    """``paths`` a store's manifest records, the first the ontology of the kg that built it:
    where that was another install (another virtual environment or checkout), its ontology's
    and bundled data's paths named as this install's, so that a file with the same content is
    the same file; the others as they are.

    >>> elsewhere = "/elsewhere/ontology/kg.ttl", "/elsewhere/data/x.ttl", "/mine/a.ttl"
    >>> [p == str(_root().resolve() / "ontology" / "kg.ttl") for p in in_this_install(elsewhere)]
    [True, False, False]
    >>> in_this_install(elsewhere)[1:] == [str(data_dir().resolve() / "x.ttl"), "/mine/a.ttl"]
    True
    """
    paths = list(paths)
    before = install_of(paths[0]) if paths else None
    if before is None:
        return paths
    now = _root().resolve()
    return [
        str(now / Path(p).relative_to(before))
        if any(Path(p).is_relative_to(before / part) for part in ("ontology", "data"))
        else p
        for p in paths
    ]
