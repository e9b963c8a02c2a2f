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
    first = Path(paths[0]) if paths else None
    if first is None or first.name != "kg.ttl" or first.parent.name != "ontology":
        return paths
    before, now = first.parent.parent, _root().resolve()
    return [
        str(now / Path(p).relative_to(before))
        if any(Path(p).is_relative_to(before / part) for part in ("ontology", "data"))
        else p
        for p in paths
    ]
