"""What a run was made from, for the outputs that name it (report.json, the report's first
lines, GraphML and GEXF): kg's version, a digest of the data files read, and the licences
(the data's where it is kg's bundled data: another city's data is under its publisher's).

Nothing here depends on the time or on where the files lie, so the same data gives the same
provenance, and a figure can be tied to the run that made it by its digest.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kg import __version__

if TYPE_CHECKING:  # pragma: no cover
    from kg.io.source import Source

#: The licences the repository states (LICENSE, data/LICENSE), as SPDX identifiers.
CODE_LICENCE = "MIT"
DATA_LICENCE = "CC-BY-4.0"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
#: The credit CC BY 4.0 asks of whoever reuses kg's bundled data (its title, the licence with
#: its link, where it comes from): on every output of that data a person can take away (the
#: report, its charts, the map, report.json, the exports, the query page). Swedish in
#: kg/errors.sv.toml.
ATTRIBUTION = (
    "Data: kg — actors and alliances for a socially sustainable Malmö, CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/), curated from published documents of "
    "Malmö stad and SKR"
)


def data_digest(files: Iterable[Path], known: Mapping[str, str] | None = None) -> str:
    """The SHA-256 of the files' own SHA-256 digests, sorted: the same contents give the same
    digest wherever the files lie and whatever their names or order. ``known`` gives files'
    digests by resolved path (a store's record): those files are not read again.

    >>> data_digest([]) == hashlib.sha256().hexdigest()
    True
    """
    from kg.io.store import file_digest

    known = known or {}
    digests = sorted(known.get(str(Path(f).resolve())) or file_digest(Path(f)) for f in files)
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


#: The libraries whose versions can change a number or a byte of kg's outputs: the graph and
#: its queries, the network measures, the charts, the map and the workbook.
SOFTWARE = (
    "rdflib",
    "pyoxigraph",
    "networkx",
    "igraph",
    "numpy",
    "scipy",
    "matplotlib",
    "pyvis",
    "openpyxl",
)


def software() -> dict[str, str | None]:
    """The version of Python and of each library of :data:`SOFTWARE` (None where one is not
    installed, as igraph need not be): with kg's version, what makes the same numbers again.

    >>> about = software()
    >>> list(about)[:3], about["igraph"] is None or about["igraph"][0].isdigit()
    (['python', 'rdflib', 'pyoxigraph'], True)
    """
    return dict(_versions())


@functools.cache
def _versions() -> tuple[tuple[str, str | None], ...]:
    """:func:`software`'s versions, looked up once a process (each lookup searches every
    folder of ``sys.path``: 10 ms for the nine)."""
    import platform
    from importlib import metadata

    versions: list[tuple[str, str | None]] = [("python", platform.python_version())]
    for name in SOFTWARE:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return tuple(versions)


def provenance(
    files: Iterable[Path],
    *,
    year: int | None = None,
    compare: tuple[int, int] | None = None,
    endpoint: str | None = None,
    known: Mapping[str, str] | None = None,
) -> dict:
    """What report.json says it was made from: kg's version and the software under it, the
    digest of the data files (the ontology and every Turtle file read; ``None`` for an
    ``endpoint``, which kg reads as it is; ``known``: :func:`data_digest`'s), how many files,
    the year's view and the two years compared if any, and the licences.

    >>> about = provenance([], compare=(2015, 2016))
    >>> about["kg"] == __version__, about["compare"], about["licence"]
    (True, [2015, 2016], {'code': 'MIT', 'data': None, 'attribution': None})
    """
    files = list(files)
    return {
        "kg": __version__,
        "software": software(),
        "data_sha256": None if endpoint else data_digest(files, known),
        "data_files": None if endpoint else len(files),
        "endpoint": endpoint,
        "year": year,
        "compare": list(compare) if compare else None,
        # the code's licence, the data's (None where any file is another's) and the credit
        # kg's data asks for wherever it is used, mixed with another's data too: CC BY asks
        # it of adapted material
        "licence": {
            "code": CODE_LICENCE,
            "data": None if endpoint else data_licence(files),
            "attribution": ATTRIBUTION if not endpoint and credited(files) else None,
        },
    }


def credited(files: Iterable[Path]) -> bool:
    """Whether any file read is kg's bundled data, whose licence asks for the credit line:
    one of its files, or a copy of one elsewhere (by its contents, so that where the files
    lie changes nothing in the outputs).

    >>> from kg.paths import data_dir, ontology_file
    >>> credited([ontology_file()]), credited([ontology_file(), data_dir() / "actors.ttl"])
    (False, True)
    """
    from kg.paths import data_dir

    return any(_is_own(Path(f), (data_dir(),)) for f in files)


def attribution(about: dict | None, lang: str = "en") -> str | None:
    """The credit line for the outputs of the run ``about`` (:func:`provenance`) describes, in
    ``lang``; None where it read none of kg's data (the data's publisher states its licence).

    >>> attribution(provenance([])) is None
    True
    >>> attribution({"licence": {"attribution": ATTRIBUTION}}, "sv")[:10]
    'Uppgifter:'
    """
    from kg.errors import translated

    if not ((about or {}).get("licence") or {}).get("attribution"):
        return None
    return translated(ATTRIBUTION, lang)


def source_attribution(source: Source, lang: str = "en") -> str | None:
    """The credit line for the outputs of what ``source`` reads (:func:`attribution`), without
    the digests :func:`source_provenance` computes: None for an endpoint, whose data kg
    cannot tell."""
    from kg.errors import translated

    if source.endpoint is not None or not credited(source.files()):
        return None
    return translated(ATTRIBUTION, lang)


def source_provenance(source: Source, compare: tuple[int, int] | None = None) -> dict:
    """:func:`provenance` of what ``source`` reads (with the years ``compare``d, if any); a
    store's files by the digests its record keeps, which opening it checked (the files are
    not read again)."""
    from kg.io.store import recorded_digests

    store = source.store if source.endpoint is None else None
    known = recorded_digests(store) if store is not None else None
    return provenance(
        source.files(), year=source.year, compare=compare, endpoint=source.endpoint, known=known
    )


def data_licence(files: Iterable[Path]) -> str | None:
    """CC BY 4.0 where every file read is kg's own (the ontology, the bundled data, or a copy
    of one of their files); None (not kg's to say) where any is another's.

    >>> from kg.paths import ontology_file
    >>> data_licence([ontology_file()]), data_licence([ontology_file(), Path("ekstad.ttl")])
    ('CC-BY-4.0', None)
    """
    from kg.paths import data_dir, ontology_dir

    every = [Path(f) for f in files]
    ours = every and all(_is_own(f, (data_dir(), ontology_dir())) for f in every)
    return DATA_LICENCE if ours else None


def _is_own(file: Path, roots: tuple[Path, ...]) -> bool:
    """Whether ``file`` lies under one of ``roots`` or has the contents of an RDF file there
    (read only where its size is one of theirs)."""
    from kg.io.store import file_digest

    resolved = file.resolve()
    if any(resolved.is_relative_to(root.resolve()) for root in roots):
        return True
    own = _own_files(tuple(str(root.resolve()) for root in roots))
    try:
        size = resolved.stat().st_size
    except OSError:
        return False
    return size in own and file_digest(resolved) in own[size]


@functools.cache
def _own_files(roots: tuple[str, ...]) -> dict[int, frozenset[str]]:
    """The SHA-256 of each RDF file under ``roots``, by its size."""
    from kg.io.files import RDF_SUFFIXES
    from kg.io.store import file_digest

    by_size: dict[int, set[str]] = {}
    for root in roots:
        for path in sorted(Path(root).rglob("*")):
            if path.suffix in RDF_SUFFIXES and path.is_file():
                by_size.setdefault(path.stat().st_size, set()).add(file_digest(path))
    return {size: frozenset(digests) for size, digests in by_size.items()}
