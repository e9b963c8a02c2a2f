"""Load the ontology and the curated data into one rdflib Graph; a bad file loads nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import DataLoadError
from kg.paths import data_dir, ontology_dir

if TYPE_CHECKING:  # rdflib is imported where it is used: kg.facts reads files without it
    from rdflib import Graph

#: File suffixes the loader reads, with their rdflib parser. JSON-LD is left out on purpose:
#: its remote ``@context`` would make loading reach the network.
FORMATS: dict[str, str] = {".ttl": "turtle", ".nt": "nt"}


def data_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand files and folders into the sorted list of RDF files to load.

    Folders are searched recursively for ``*.ttl`` and ``*.nt``. A path that does not exist
    or has another suffix raises :class:`~kg.errors.DataLoadError`.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(_rdf_files(path)))
        elif path.is_file():
            if path.suffix not in FORMATS:
                raise DataLoadError(
                    f"cannot read '{path.suffix}' files",
                    path=path,
                    hint=f"give Turtle (.ttl) or N-Triples (.nt); kg reads {', '.join(FORMATS)}",
                )
            files.append(path)
        else:
            raise DataLoadError(
                "no such file or folder", path=path, hint="check the path given to --data"
            )
    return files


def input_files(extra: Iterable[Path | str] = (), *, bundled: bool = True) -> list[Path]:
    """The files :func:`load` reads: the ontology, the bundled data (if ``bundled``), ``extra``."""
    paths: list[Path | str] = [ontology_dir() / "kg.ttl"]
    if bundled:
        paths.append(data_dir())
    paths.extend(extra)
    return data_files(paths)


def _rdf_files(folder: Path) -> Iterator[Path]:
    for suffix in FORMATS:
        yield from folder.rglob(f"*{suffix}")


def parse_file(path: Path) -> Graph:
    """Parse one RDF file into a new graph, turning syntax errors into a located DataLoadError."""
    from rdflib import Graph
    from rdflib.plugins.parsers.notation3 import BadSyntax

    graph = Graph()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataLoadError(
            f"cannot read the file: {error}", path=path, hint="the file must be readable UTF-8 text"
        ) from error
    try:
        graph.parse(data=text, format=FORMATS[path.suffix], publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise DataLoadError(
            f"Turtle syntax error: {error._why}",
            path=path,
            line=error.lines + 1,
            hint="fix the statement on that line or the one before it (a missing '.', ';' or "
            "quote, or an unbound prefix); nothing was loaded",
        ) from error
    except Exception as error:  # rdflib raises plain exceptions for some bad terms
        raise DataLoadError(
            f"cannot parse the file: {error}", path=path, hint="fix the file; nothing was loaded"
        ) from error
    return graph


def load(
    extra: Iterable[Path | str] = (),
    *,
    bundled: bool = True,
    ontology: bool = True,
) -> Graph:
    """Load the ontology, the bundled data and any ``extra`` files or folders into one graph.

    Every file is parsed before anything is merged, so a bad file raises
    :class:`~kg.errors.DataLoadError` (naming the file and line) and no graph is returned.

    >>> graph = load()
    >>> len(graph) > 1000
    True
    """
    from rdflib import Graph

    from kg.namespace import bind_prefixes

    files = input_files(extra, bundled=bundled)
    parsed = [parse_file(path) for path in (files if ontology else files[1:])]
    graph = bind_prefixes(Graph())
    for part in parsed:
        graph += part
    return graph
