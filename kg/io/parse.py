"""Parse RDF files: into pyoxigraph (kg's engine) or into an rdflib Graph (the Python API).

A bad file raises :class:`~kg.errors.DataLoadError` naming the file and line, and nothing is
loaded.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import DataLoadError, not_utf8
from kg.io.files import RDF_SUFFIXES, data_files, input_files, unread_hint, unreadable
from kg.io.given import PathText
from kg.io.literals import bare_forms_kept_apart, ill_typed_kept
from kg.model.vocab import DERIVED_GRAPH

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox
    from rdflib import Graph


#: What reading an RDF file raises where it cannot be read: :func:`_not_loaded` words each.
_UNREADABLE = (SyntaxError, OSError, UnicodeDecodeError, ValueError)


def fix_hint(path: Path, line: int | None, effect: str) -> str:
    """What to fix for a syntax error found at ``line`` of ``path``: that statement or the one
    before it, named by its last line where comments or blank lines stand between (a missing
    '.' is found only at the next statement); or the curly quotes a word processor wrote on
    that line, outside a string; ``effect`` ends it."""
    lines = _lines_to(path, line) if line else []
    if line and len(lines) == line and _CURLY.search(_STRING.sub("", lines[-1])):
        return (
            "replace the curly quotes (“ ” ‘ ’) with straight ones (\" or '): a word processor "
            f"such as Word writes curly ones; edit Turtle in a plain-text editor; {effect}"
        )
    before = _last_statement_line(lines[: line - 1]) if line else None
    where = (
        f"on that line or the one ending on line {before}"
        if before is not None and before < line - 1
        else "on that line or the one before it"
    )
    return (
        f"fix the statement {where} (a missing '.', ';' or quote, or an unbound prefix); {effect}"
    )


_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_CURLY = re.compile("[“”„‘’‚]")


def _lines_to(path: Path, line: int) -> list[str]:
    """The first ``line`` lines of ``path`` (fewer where it is shorter; none if unreadable)."""
    from itertools import islice

    try:
        with path.open(encoding="utf-8-sig", errors="replace") as text:
            return list(islice(text, line))
    except OSError:
        return []


def _last_statement_line(lines: list[str]) -> int | None:
    """The number of the last of ``lines`` that is neither blank nor a comment."""
    for number in range(len(lines), 0, -1):
        if lines[number - 1].strip() and not lines[number - 1].lstrip().startswith("#"):
            return number
    return None


def bulk_load(
    database: ox.Store,
    path: Path,
    *,
    effect: str = "nothing was loaded",
    read: Callable[[int], object] | None = None,
    bulk: bool = True,
) -> None:
    """Load one Turtle or N-Triples file into the pyoxigraph ``database``; ``read``, if given,
    is told how many more bytes of the file were read, about every megabyte (a progress bar).
    Without ``bulk``, in one transaction: a quarter less CPU for a small file in memory, where
    a bulk load's sorted runs cost more than they save.

    A syntax error raises :class:`~kg.errors.DataLoadError` naming the file and line; ``effect``
    ends its hint (what the caller leaves behind).
    """
    options = read_options(path)
    load = database.bulk_load if bulk else database.load
    try:
        bom = starts_with_bom(path)
        if read is None and not bom:
            load(path=str(path), **options)
        else:  # through Python's reads: 1-2 % slower at 1M triples
            with path.open("rb") as raw:
                if bom:  # which pyoxigraph would take for text
                    raw.seek(len(codecs.BOM_UTF8))
                load(input=raw if read is None else _Reading(raw, read), **options)
    except _UNREADABLE as error:
        raise _not_loaded(path, error, effect) from error


def read_options(path: Path) -> dict:
    """pyoxigraph's options for reading ``path``: its format by its suffix, its own address as
    the base of relative IRIs."""
    import pyoxigraph as ox

    return {
        "format": {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}[path.suffix],
        "base_iri": path.resolve().as_uri(),
    }


def _not_loaded(path: Path, error: BaseException, effect: str) -> DataLoadError:
    """The error to raise where ``path`` could not be read: its syntax error's line, or why."""
    if isinstance(error, SyntaxError):
        why = str(error.msg).split(": ", 1)[-1]
        column = f" (column {error.offset})" if error.offset else ""
        if "UTF-8" in why:  # pyoxigraph names the line; the byte index says nothing more
            return DataLoadError(
                f"the file is not UTF-8 text{column}",
                path=path,
                line=error.lineno,
                hint=f"save it as UTF-8 (it may be Latin-1 or UTF-16); {effect}",
            )
        return DataLoadError(
            f"syntax error: {why}{column}",
            path=path,
            line=error.lineno,
            hint=fix_hint(path, error.lineno, effect),
        )
    if isinstance(error, PermissionError):
        return unreadable(error, path)
    return DataLoadError(
        f"cannot load the file: {error}", path=path, hint=f"fix the file; {effect}"
    )


def starts_with_bom(path: Path) -> bool:
    """Whether the file begins with UTF-8's byte order mark (Windows' Notepad writes one): no
    part of the RDF, skipped when the file is read."""
    with path.open("rb") as raw:
        return raw.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8


class _Reading(io.RawIOBase):
    """A binary file that tells ``read`` how many more bytes were read, about every megabyte
    and at the end."""

    def __init__(self, raw: io.BufferedReader, read: Callable[[int], object]) -> None:
        self._raw, self._read, self._unsaid = raw, read, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._raw.readinto(buffer) or 0
        self._unsaid += count
        if self._unsaid >= 1 << 20 or not count:
            self._read(self._unsaid)
            self._unsaid = 0
        return count


def require_data(paths: Iterable[PathText]) -> None:
    """Raise :class:`~kg.errors.DataLoadError` for a given file or folder that holds no triple
    (an empty folder, a folder without RDF files, an empty or prefix-only file): a mistyped
    path must not pass as data that conforms.

    >>> require_data([Path("/nonexistent-folder-of-kg")])
    Traceback (most recent call last):
    kg.errors.DataLoadError: /nonexistent-folder-of-kg: no such file or folder
      hint: check the path given (--data on the command line)
    """
    import pyoxigraph as ox

    for given in paths:
        given = Path(given)
        files = data_files([given])
        if not files:
            sheets = sorted(given.rglob("*.xlsx")) if given.is_dir() else []
            raise DataLoadError(
                f"no data: the folder holds no RDF files ({', '.join(RDF_SUFFIXES)})",
                path=given,
                # a city's data folder before its first import holds only the workbook
                hint=unread_hint(sheets[0])
                if sheets
                else "check the path given (--data on the command line)",
            )
        for path in files:
            try:
                quads = ox.parse(path=str(path), **read_options(path))
                if next(iter(quads), None) is not None:
                    break
            except (SyntaxError, OSError, ValueError):
                break  # loading will say what is wrong, with the line
        else:
            what = "the file holds" if given.is_file() else "its files hold"
            raise DataLoadError(
                f"no data: {what} no triples",
                path=given,
                hint="check the path given (--data on the command line), and that the file is not "
                "empty",
            )


#: Files of up to this many bytes in all are loaded into memory in transactions, not in bulk
#: (a city's data, the bundled data); a larger graph in bulk, which holds less at once.
SMALL_LOAD = 16 * 1024 * 1024


def load_memory(files: Iterable[Path], read: Callable[[int], object] | None = None) -> ox.Store:
    """A new in-memory :class:`pyoxigraph.Store` holding every triple of ``files``; ``read``
    as :func:`bulk_load` says.

    >>> from kg.paths import ontology_file
    >>> len(load_memory([ontology_file()])) > 100
    True
    """
    import pyoxigraph as ox

    paths = [Path(path) for path in files]
    bulk = files_size(paths) > SMALL_LOAD
    database = ox.Store()
    for path in paths:
        bulk_load(database, path, read=read, bulk=bulk)
    return database


def files_size(paths: Iterable[Path]) -> int:
    """The size of ``paths`` in bytes, in all (0 for one that cannot be read: loading it says
    why).

    >>> files_size([Path("no/such/file.ttl")])
    0
    """
    return sum(map(_size, paths))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def parse_file(path: Path) -> Graph:
    """Parse one RDF file into a new rdflib graph; syntax errors name the file and line."""
    from rdflib import Graph
    from rdflib.plugins.parsers.notation3 import BadSyntax

    graph = Graph()
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as error:
        raise DataLoadError(
            f"cannot read the file: {error.strerror}", path=path, hint="check the path"
        ) from error
    except UnicodeDecodeError as error:
        raise not_utf8(path, raw, error, effect="nothing was loaded") from error
    form = "nt" if path.suffix == ".nt" else "turtle"
    try:
        with ill_typed_kept():  # "yes" typed xsd:boolean stays "yes", not "false"
            graph.parse(data=text, format=form, publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise DataLoadError(
            f"Turtle syntax error: {error._why}",
            path=path,
            line=error.lines + 1,
            hint=fix_hint(path, error.lines + 1, "nothing was loaded"),
        ) from error
    except Exception as error:  # rdflib raises plain exceptions for some bad terms
        raise DataLoadError(
            f"cannot parse the file: {error}", path=path, hint="fix the file; nothing was loaded"
        ) from error
    bare_forms_kept_apart(graph, text)  # so that the graph writes to Turtle that reads back
    return graph


def load(extra: PathText | Iterable[PathText] = (), *, bundled: bool = True) -> Graph:
    """The ontology, the bundled data and any ``extra`` files or folders (one path, or an
    iterable of them) as one rdflib Graph.

    Every file is parsed before anything is merged, so a bad file raises
    :class:`~kg.errors.DataLoadError` (naming the file and line) and no graph is returned; so
    does an ``extra`` path that holds no triple (an empty file, a folder without RDF files).

    >>> graph = load()
    >>> len(graph) > 1000
    True
    """
    from rdflib import Graph

    from kg.model.namespace import bind_prefixes

    given = [extra] if isinstance(extra, str | PathLike) else list(extra)
    files = input_files(given, bundled=bundled)  # a web address, a missing path: refused
    require_data(given)  # and one that holds no triple: no data, not a graph that conforms
    parsed = [parse_file(path) for path in files]
    graph = bind_prefixes(Graph())
    for part in parsed:
        graph += part
    return graph


def from_rdflib(graph: Graph | ox.Store) -> ox.Store:
    """An rdflib Graph copied into a new in-memory pyoxigraph store (a store stays itself).

    >>> len(from_rdflib(load(bundled=False))) > 100
    True
    """
    import pyoxigraph as ox

    if isinstance(graph, ox.Store):
        return graph
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def facts_and_view(database: ox.Store) -> tuple[Graph, Graph]:
    """The curated facts (the default graph) and the committee-level view (its named graph)
    of a pyoxigraph store as two rdflib Graphs; a blank node in both is one node."""
    import pyoxigraph as ox

    blank: dict = {}  # the store's label of a blank node → one rdflib node in both graphs
    facts = _as_rdflib(database, [ox.DefaultGraph()], blank)
    return facts, _as_rdflib(database, [ox.NamedNode(DERIVED_GRAPH)], blank)


def to_rdflib(database: ox.Store, *, derived: bool = False) -> Graph:
    """The curated facts (the default graph) of a pyoxigraph store as an rdflib Graph, for
    pySHACL and the API; with ``derived``, the committee-level view merged in too."""
    import pyoxigraph as ox

    graphs = [ox.DefaultGraph(), *([ox.NamedNode(DERIVED_GRAPH)] if derived else [])]
    return _as_rdflib(database, graphs)


def _as_rdflib(database: ox.Store, graphs: list, blank: dict | None = None) -> Graph:
    """The triples of ``graphs`` as one rdflib Graph, its blank nodes as ``blank`` has them."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.model.namespace import bind_prefixes

    quads = (q for g in graphs for q in database.quads_for_pattern(None, None, None, g))
    data = ox.serialize((quad.triple for quad in quads), format=ox.RdfFormat.N_TRIPLES)
    with ill_typed_kept():
        return bind_prefixes(Graph()).parse(data=data, format="nt", bnode_context=blank)
