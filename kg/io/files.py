"""Which RDF files to read: the ontology, the bundled data, and the files and folders given."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path

from kg.errors import DataLoadError
from kg.paths import data_dir, ontology_file

#: File suffixes kg reads as RDF. JSON-LD is left out on purpose: its remote ``@context``
#: would make loading reach the network.
RDF_SUFFIXES = (".ttl", ".nt")


def data_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand files and folders into the sorted list of RDF files to load.

    Folders are searched recursively for ``*.ttl`` and ``*.nt``. A file reached twice (given
    twice, inside a folder also given, through a link) is read once, where first reached: read
    twice, its blank nodes would be two of each. A path that does not exist or has another
    suffix raises :class:`~kg.errors.DataLoadError`.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-" or (path.exists() and not (path.is_dir() or path.is_file())):
            raise DataLoadError(
                "kg reads data from files, not from standard input or a pipe",
                path=path,
                hint="write the data to a .ttl file and give that file with --data",
            )
        if path.is_dir():
            files.extend(sorted(_rdf_files(path)))
        elif path.is_file():
            if path.suffix not in RDF_SUFFIXES:
                raise DataLoadError(
                    f"cannot read '{path.suffix}' files", path=path, hint=unread_hint(path)
                )
            files.append(path)
        else:
            raise DataLoadError(
                "no such file or folder",
                path=path,
                hint="check the path given (--data on the command line)",
            )
    return _once(files)


def _once(files: list[Path]) -> list[Path]:
    """``files`` without a file reached again (by another path to it), in their order.

    >>> [p.name for p in _once([Path("a.ttl"), Path("./a.ttl"), Path("b.ttl")])]
    ['a.ttl', 'b.ttl']
    """
    seen: set[Path] = set()
    unique = []
    for path in files:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return unique


#: Other RDF formats, by suffix, with rdfpipe's (rdflib's converter) name for each.
_OTHER_RDF = {
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
    ".trig": "trig",
    ".nq": "nquads",
}
#: What ``kg import`` reads: a workbook, a zip of CSV files, CSV files in a folder.
_SPREADSHEETS = (".xlsx", ".zip", ".csv")


def unread_hint(path: Path) -> str:
    """What to do with a file kg does not read: convert other RDF to Turtle, import a
    spreadsheet, or give Turtle or N-Triples.

    >>> unread_hint(Path("city.xlsx")).split(": ", 1)[1]
    'kg import city.xlsx -o city.ttl, then --data city.ttl'
    """
    suffix = path.suffix.lower()
    if suffix in _SPREADSHEETS:
        source = path.parent if suffix == ".csv" else path  # CSV: their folder
        turtle = source.parent / f"{source.stem or 'data'}.ttl"  # beside it
        return (
            f"a spreadsheet becomes data with kg import: kg import {_word(source)} -o "
            f"{_word(turtle)}, then --data {_word(turtle)}"
        )
    if suffix in _OTHER_RDF:
        return (
            "kg reads Turtle (.ttl) and N-Triples (.nt); convert the file first, for example "
            f"rdfpipe -i {_OTHER_RDF[suffix]} -o turtle {_word(path.name)} > "
            f"{_word(path.with_suffix('.ttl').name)} (rdfpipe comes with rdflib)"
        )
    return f"give Turtle (.ttl) or N-Triples (.nt); kg reads {', '.join(RDF_SUFFIXES)}"


def _word(path: Path | str) -> str:
    """``path`` as one word of a command to copy into a shell: quoted where it holds spaces or
    other signs the shell reads, and a relative path that starts with "-" as ./-…, so that it
    is not taken for an option.

    >>> _word(Path("-stad/data/oja.xlsx")), _word(Path("Å stad/data.xlsx"))
    ('./-stad/data/oja.xlsx', "'Å stad/data.xlsx'")
    """
    text = str(path)
    return shlex.quote(f"./{text}" if text.startswith("-") else text)


def input_files(extra: Iterable[Path | str] = (), *, bundled: bool = True) -> list[Path]:
    """The files kg reads: the ontology, the bundled data (if ``bundled``), then ``extra``.

    >>> input_files(bundled=False)[0].name
    'kg.ttl'
    """
    paths: list[Path | str] = [ontology_file()]
    if bundled:
        paths.append(data_dir())
    paths.extend([extra] if isinstance(extra, str | PathLike) else extra)  # one path, or several
    return data_files(paths)


def _rdf_files(folder: Path) -> Iterator[Path]:
    for suffix in RDF_SUFFIXES:
        yield from folder.rglob(f"*{suffix}")
