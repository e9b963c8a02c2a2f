"""Which RDF files to read: the ontology, the bundled data, and the files and folders given."""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path

from kg.errors import DataLoadError
from kg.io.given import PathText, not_downloaded, web_address
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
        try:
            files.extend(_expanded(raw))
        except PermissionError as error:  # a folder on the way the user may not look into
            raise unreadable(error, Path(raw)) from error
    return _once(files)


def _expanded(raw: Path | str) -> list[Path]:
    """The RDF files of one path given: a file, or those in a folder."""
    address = web_address(raw)
    if address is not None:
        message, hint = not_downloaded(address, "file")
        raise DataLoadError(message, hint=hint)
    path = Path(raw)
    if str(raw) == "-" or (path.exists() and not (path.is_dir() or path.is_file())):
        raise DataLoadError(
            "kg reads data from files, not from standard input or a pipe",
            path=path,
            hint="write the data to a .ttl file and give that file with --data",
        )
    if path.is_dir():
        return sorted(_rdf_files(path))
    if path.is_file():
        if path.suffix not in RDF_SUFFIXES:
            raise DataLoadError(
                f"cannot read '{path.suffix}' files", path=path, hint=unread_hint(path)
            )
        return [path]
    raise DataLoadError(
        "no such file or folder",
        path=path,
        hint="check the path given (--data on the command line)",
    )


def unreadable(error: OSError, path: Path) -> DataLoadError:
    """The error for a file or folder the user may not read (or look into), ``path`` given.

    >>> print(unreadable(PermissionError(13, "Permission denied", "x.ttl"), Path("x.ttl")))
    x.ttl: not readable: Permission denied
      hint: ask its owner for permission to read it (and the folders it is in), or leave it out
    """
    return DataLoadError(
        f"not readable: {error.strerror}",
        path=Path(error.filename) if error.filename else path,
        hint="ask its owner for permission to read it (and the folders it is in), or leave it out",
    )


def _once(files: list[Path]) -> list[Path]:
    """``files`` without a file reached again (by another path to it: a symbolic or hard
    link, a bind mount), in their order. A file is its device and inode; files of the same
    name in two folders are two.

    >>> [p.name for p in _once([Path("a.ttl"), Path("./a.ttl"), Path("b.ttl")])]
    ['a.ttl', 'b.ttl']
    """
    unique: dict[object, Path] = {}
    for path in files:
        unique.setdefault(_identity(path), path)
    return list(unique.values())


def _identity(path: Path) -> object:
    """What tells ``path``'s file from others: its device and inode, else (a file that cannot
    be looked at now, or a file system without inodes) its resolved path."""
    try:
        info = path.stat()
    except OSError:  # its read says what is wrong with it
        return path.resolve()
    return (info.st_dev, info.st_ino) if info.st_ino else path.resolve()


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
    if _OTHER_RDF.get(suffix) == "json-ld":  # rdflib downloads a remote @context
        return (
            "kg reads Turtle (.ttl) and N-Triples (.nt); convert the file first, for example "
            f"rdfpipe -i json-ld -o turtle {_word(path.name)} > "
            f"{_word(path.with_suffix('.ttl').name)} (rdfpipe comes with rdflib), once any "
            '"@context" or "@import" that is a web address is replaced by the context itself: '
            "rdfpipe would download it"
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


def input_files(extra: PathText | Iterable[PathText] = (), *, bundled: bool = True) -> list[Path]:
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
    """The RDF files in ``folder`` and the folders in it (through links, each folder once); a
    folder the user may not read is an error, not a folder passed over (pathlib's glob
    passes it over, and the data it holds was silently left out)."""
    seen: set[str] = set()
    for top, folders, names in os.walk(folder, onerror=_refuse, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:  # a link back up: its folders are searched already
            folders.clear()
            continue
        seen.add(real)
        yield from (Path(top) / name for name in names if name.endswith(RDF_SUFFIXES))


def _refuse(error: OSError) -> None:
    raise error
