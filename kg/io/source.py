"""Where the graph comes from, as one object shared by every command and the Python API.

A :class:`Source` is files (the ontology, the bundled data and ``data``), an on-disk store
built from them, or a SPARQL endpoint. Opened, it is always a pyoxigraph store: in memory,
on disk, or a local copy of what kg reads from the endpoint. Its ``sources`` are the folders
where the quotes' source texts are looked up. With a ``year`` it is that year's view
(:mod:`kg.io.period`): the facts the sources report for the year, in memory, with the
committee-level view derived from them by the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import kg.progress as progress
from kg.collector import collector_paused
from kg.errors import StoreError
from kg.io.datafolder import settings_for
from kg.io.files import input_files
from kg.io.given import PathText, check_where, given_paths, given_year
from kg.io.rebuilt import build_of, other_files, rebuilt
from kg.io.texts import source_folders
from kg.model import vocab as v

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.io.endpoint import Endpoint
    from kg.model.facts import Facts

#: What the fact reader needs of an endpoint's evidence: quote selectors, blank nodes read with
#: their excerpts; the types of excerpts and selectors are never read (``triples.read``).
_LINKED = (v.HAS_SELECTOR,)
_UNREAD_TYPES = (v.SOURCE_EXCERPT, v.TEXT_QUOTE_SELECTOR)


@dataclass(frozen=True, init=False)
class Source:
    """The graph's source: ``data`` files and folders (with the ontology and, if ``bundled``,
    the bundled data), kept in an on-disk ``store`` folder if given, or an ``endpoint`` URL.

    ``data`` and ``sources`` take a path (a string or a :class:`~pathlib.Path`) or any
    iterable of them, ``store`` a path; they are kept as :class:`~pathlib.Path` objects.

    ``bundled`` left as None includes the bundled data unless a ``data`` path lies in a data
    folder whose ``kg.toml`` names a city (that city's own data, :mod:`kg.io.datafolder`).

    ``sources`` are the folders searched, in order, for the source texts the quotes are
    checked against: the folders given, then the one the ``kg.toml`` of a ``data`` folder
    names (:mod:`kg.io.datafolder`), then the bundled texts, which always come last.

    ``year`` (a number, or its digits as text) makes it that year's view
    (:mod:`kg.io.period`): opening it raises :class:`~kg.errors.KgError` when no fact is
    reported in the year. :meth:`whole` is the source without the year; validation checks
    the whole.

    >>> len(Source().open()) > 1000
    True
    >>> from kg.paths import sources_dir
    >>> Source().sources == (sources_dir(),)
    True
    >>> Source(year=2012).facts().year
    2012
    """

    data: tuple[Path, ...]
    bundled: bool
    store: Path | None
    endpoint: str | None
    reload: bool
    sources: tuple[Path, ...]
    year: int | None
    _opened: dict = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        data: PathText | Iterable[PathText] = (),
        bundled: bool | None = None,
        store: PathText | None = None,
        endpoint: str | None = None,
        reload: bool = False,
        sources: PathText | Iterable[PathText] = (),
        year: int | str | None = None,
    ) -> None:
        kept = {
            "data": given_paths(data, "data"),
            "store": None if store is None else given_paths(store, "store", several=False)[0],
            "endpoint": endpoint,
            "reload": reload,
            "year": given_year(year),
            "_opened": {},
        }
        for name, value in kept.items():
            object.__setattr__(self, name, value)
        check_where(self.store, self.endpoint, self.data)
        if endpoint is not None:  # refused when made, not at its first use
            from kg.io.endpoint import Endpoint

            Endpoint(endpoint)
        settings = settings_for(self.data, given_paths(sources, "sources"))
        object.__setattr__(self, "sources", source_folders(settings.sources))
        if bundled is None:  # Malmö's data, unless the data is another city's own folder
            bundled = not (self.data and settings.city)
        object.__setattr__(self, "bundled", bundled)

    def __getstate__(self) -> dict:
        """What pickling and copying keep (a process pool, a cache): the options, not the
        opened graph (a pyoxigraph store cannot be pickled), which the copy opens when first
        used, without building again a store this one's ``reload`` built."""
        served = self.reload and bool(self._opened)
        return {**self.__dict__, "_opened": {"rebuilt": True} if served else {}}

    @property
    def names(self) -> str:
        """The namespace a bare name in a query's parameter (``socialnamnden``) is in: the
        first city data folder's own (:func:`~kg.io.datafolder.folder_namespaces`: its
        kg.toml's base, its Turtle's, its city's), else the bundled data's (``id:``), also
        when both are loaded."""
        from kg.io.datafolder import folder_namespaces

        settings = settings_for(self.data) if self.data and not self.bundled else None
        for file in settings.files if settings is not None and settings.city else ():
            for space in folder_namespaces(file)[:1]:
                return space
        return v.DATA_IRI

    @classmethod
    def of_store(cls, store: Path | str, **options: Any) -> Source:
        """The source of the existing store in ``store``, with the ``data`` and ``bundled`` it
        records having been built with (``options``: ``reload``, ``sources``, ``year``). A
        folder with no store in it, a store that cannot say, or whose files are gone: a
        :class:`StoreError`.

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     triples = len(Source(store=Path(folder) / "st").open())
        ...     again = Source.of_store(Path(folder) / "st")
        ...     again.bundled, again.data, len(again.open()) == triples
        (True, (), True)
        """
        from kg.io.store import MANIFEST, built_from

        folder = given_paths(store, "store", several=False)[0]
        check_where(folder, None, ())
        if not (folder / MANIFEST).is_file():  # a misspelt folder: not a damaged store
            raise StoreError(
                "no kg store is in this folder" if folder.is_dir() else "no such file or folder",
                path=folder,
                hint="give the folder a store was built in; "
                "kg.Source(data=[…], store=FOLDER) builds one",
            )
        recorded = built_from(folder)
        if recorded is None:
            raise StoreError(
                "kg cannot tell which files this store holds: its record of them "
                "(kg-store.json) is missing or damaged",
                path=folder,
                hint="give the --data and --bundled/--no-bundled it holds, with --reload to "
                "rebuild it from them",
            )
        data, bundled = recorded
        gone = [p for p in data if not p.exists()]
        if gone:
            raise StoreError(
                f"the store was built from files that are gone: {', '.join(map(str, gone))}",
                path=folder,
                hint="give the --data it should hold now (and --bundled/--no-bundled) with "
                "--reload to rebuild it",
            )
        return cls(data=data, bundled=bundled, store=folder, **options)

    def whole(self) -> Source:
        """The source without its year (itself when it has none), opened once."""
        if self.year is None:
            return self
        if "whole" not in self._opened:
            self._opened["whole"] = replace(self, year=None)
        return self._opened["whole"]

    def at(self, year: int | None) -> Source:
        """The same source's view of ``year`` (None: the whole), sharing the opened graph."""
        whole = self.whole()
        if year is None:
            return whole
        views = whole._opened.setdefault("years", {})
        if year not in views:
            view = replace(whole, year=year)
            view._opened["whole"] = whole
            views[year] = view
        return views[year]

    def years(self) -> list[int]:
        """The years some fact is reported in (:func:`kg.io.period.years`), of the whole."""
        from kg.io.period import years

        return years(self.whole().open())

    def check_years(self, *years: int | None) -> None:
        """Raise :class:`~kg.errors.KgError` for a year (None aside) no fact is reported in."""
        from kg.io.period import check_year

        for year in years:
            if year is not None:
                check_year(self.whole().open(), year)

    def files(self) -> list[Path]:
        """The RDF files this source reads (none for an endpoint)."""
        return [] if self.endpoint else input_files(self.data, bundled=self.bundled)

    def open(self) -> ox.Store:
        """The graph as a pyoxigraph store (opened once per Source; every triple of an
        endpoint is copied)."""
        self._fresh()
        if "store" not in self._opened:
            try:
                self._opened["store"] = self._open(None)
            except StoreError as error:
                if not self._opened.get("rebuilt") or "other files" not in error.message:
                    raise
                raise other_files(self.store or Path(), error) from error
            self._opened["build"] = build_of(self.store)
        return self._opened["store"]

    def _fresh(self) -> None:
        """Forget a store rebuilt since it was opened (by another Source, or a process): the
        next use opens the new one (not rebuilding it again: ``reload`` served once)."""
        if rebuilt(self.store, self._opened):
            self._opened.clear()
            self._opened["rebuilt"] = True

    def _open(self, predicates: tuple[str, ...] | None) -> ox.Store:
        """The store, with the committee-level view derived (a store at its build)."""
        from kg.io.derive import SIDE_BY_SIDE, derive, load_vocabulary
        from kg.io.parse import require_data

        if self.data and self.year is None and self.endpoint is None:
            require_data(self.data)  # a mistyped path is no data, not an empty network
        if self.year is not None:
            from kg.io.period import keep_reported, year_view
            from kg.model.triples import curated_size

            with progress.step("Keeping the facts reported in {year}", year=str(self.year)):
                database = year_view(self.whole().open(), self.year)
            self._opened.setdefault("triples", curated_size(database))
            if self.endpoint is not None:
                load_vocabulary(database)
            derive(database)
            keep_reported(database, self.year)
            return database
        if self.store is not None:
            from kg.io.store import open_or_build

            given = {"data": [str(p.resolve()) for p in self.data], "bundled": self.bundled}
            database, self._opened["built"] = open_or_build(
                self.store,
                self.files(),
                reload=self.reload and not self._opened.get("rebuilt"),
                given=given,
            )
            return database
        side_by_side = SIDE_BY_SIDE
        if self.endpoint is not None:
            from kg.io.endpoint import Endpoint

            # a copy of the predicates read leaves out what the reader skips
            skipped = {"linked": _LINKED, "unread_types": _UNREAD_TYPES} if predicates else {}
            with progress.step("Copying the graph from {endpoint}", endpoint=self.endpoint):
                copied = Endpoint(self.endpoint).named_copy(predicates, **skipped)
            database, self._opened["copied"] = copied  # and the graph its answers named
            if predicates is None:  # a copy of some predicates holds only part of the graph
                self._opened.setdefault("triples", len(database))
            load_vocabulary(database)
        else:
            from kg.io.parse import SMALL_LOAD, load_memory

            files = self.files()
            size = sum(path.stat().st_size for path in files)
            with progress.step("Loading {files} RDF files", total=size, files=len(files)) as load:
                database = load_memory(files, load.counter)
            self._opened.setdefault("triples", len(database))
            if size <= SMALL_LOAD:  # rules of a few milliseconds: threads cost more than they save
                side_by_side = 1
        derive(database, side_by_side=side_by_side)
        return database

    def on_disk(self) -> bool:
        """Whether the opened graph is read from disk: a store, but not in the run that built
        it, which reads the in-memory copy it was built from."""
        self.open()
        return self.store is not None and not self._opened.get("built")

    def settle(self) -> None:
        """Open the graph, and read a store just built from disk from now on, freeing the
        in-memory copy it was built from (nothing more for any other source)."""
        self.open()
        if self._opened.get("built"):
            from kg.io.store import reopen
            from kg.machine import release_freed_memory

            with progress.step("Freeing the in-memory copy the store was built from"):
                self._opened.update(store=reopen(self.store), built=False)
                release_freed_memory()

    def triples(self) -> int:
        """How many curated triples the graph holds (the derived view apart)."""
        self._fresh()
        if "triples" in self._opened:
            return self._opened["triples"]
        if self.endpoint is not None and self.year is None and "store" not in self._opened:
            from kg.io.endpoint import Endpoint
            from kg.io.paging import whole_size

            # counted there: a reader of some predicates need not copy every triple
            self._opened["triples"] = whole_size(Endpoint(self.endpoint))
            return self._opened["triples"]
        database = self.open()
        if "triples" not in self._opened:  # an on-disk store records it when it is built
            from kg.io.store import read_manifest

            manifest = read_manifest(self.store) if self.store is not None else None
            self._opened["triples"] = (manifest or {}).get("triples", len(database))
        return self._opened["triples"]

    def target(self) -> ox.Store | Endpoint:
        """Where queries go: the endpoint itself, or the opened store (a year's view)."""
        if self.endpoint is not None and self.year is None:
            from kg.io.endpoint import Endpoint

            return Endpoint(self.endpoint)
        return self.open()

    def graph(self, derived: bool = False) -> Graph:
        """The graph as an rdflib Graph: the curated facts, and with ``derived`` the
        committee-level view the rules derive (``kg:partner``, ``kg:lacksGroup`` …) merged
        in, as :func:`kg.query` sees them. Left out by default: :func:`kg.validate` refuses a
        derived property stated in a graph it checks (a graph with the view is for reading).
        """
        from kg.io.parse import to_rdflib

        database = self.open()
        with progress.step("Copying {triples} triples to rdflib", triples=len(database)):
            return to_rdflib(database, derived=derived)

    @collector_paused
    def facts(self) -> Facts:
        """What the analyses read (:func:`kg.model.facts.read_facts`).

        From an endpoint only the predicates the analyses read are copied, and kept where it
        names its graph (:func:`kg.io.kept.endpoint_facts`). From a store they are read once
        and kept in its folder (``kg-facts.json``): the next run loads them in under a second.
        """
        self._fresh()
        opened, whole = self._opened, self.year is None
        if "facts" not in opened and whole and self.store is not None:
            from kg.io.kept import cached_facts  # hashlib: a store's path alone

            # the in-memory copy has served once they are read
            opened["facts"] = cached_facts(self.open, self.store, read=self.settle)
            self.settle()
        elif "facts" not in opened and whole and self.endpoint and "store" not in opened:
            from kg.io.endpoint import Endpoint
            from kg.io.kept import endpoint_facts

            read = lambda: (self._read_facts(), opened.get("copied"))  # noqa: E731
            opened["facts"] = endpoint_facts(Endpoint(self.endpoint), read, again=self.reload)
        elif "facts" not in opened:  # a copy made whole (to validate) is read as it is
            opened["facts"] = self._read_facts()
        return opened["facts"]

    def copied(self) -> tuple[bool, str | None]:
        """Whether this endpoint's graph was read (copied, or its facts), and the graph every
        answer of its last copy named (kg serve's ``Kg-Graph``; None where none or several)."""
        return "store" in self._opened or "facts" in self._opened, self._opened.get("copied")

    def use(self, facts: Facts) -> None:
        """Have the analyses read ``facts`` (those kept for the graph just checked)."""
        self._opened["facts"] = facts

    def _read_facts(self) -> Facts:
        """The facts read from the opened graph: a year's view, or, of an endpoint not copied
        whole yet, a copy of the predicates read."""
        from kg.model.facts import PREDICATES, READING, read_facts

        reading = progress.step("Reading the facts the analyses need", total=READING)
        if self.year is not None:
            during = {"total": READING, "year": str(self.year)}
            reading = progress.step("Reading the facts the analyses need, for {year}", **during)
        partial = self.endpoint is not None and "store" not in self._opened
        database = self._open(PREDICATES) if partial and self.year is None else self.open()
        with reading as read:
            facts = read_facts(database, read.advance)
        facts.year = self.year
        return facts
