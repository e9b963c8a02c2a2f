"""Open the graph on a backend: rdflib's memory store, an on-disk Oxigraph store, or an endpoint."""

from __future__ import annotations

import contextlib
import gc
import json
import shutil
import tempfile
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.query import Result

from kg.errors import KgError
from kg.facts import PREDICATES
from kg.loader import input_files, load
from kg.namespace import bind_prefixes
from kg.oxload import bulk_load

#: The file in a store folder that records what was loaded (paths, sizes, mtimes).
MANIFEST = "kg-store.json"
#: The Oxigraph (RocksDB) folder inside a store folder.
DATABASE = "oxigraph"
#: Bumped when the store layout changes, so that old stores are rebuilt.
LAYOUT = 1
#: Seconds to wait for an endpoint's answer.
ENDPOINT_TIMEOUT = 120.0


class StoreError(KgError):
    """A store folder or an endpoint cannot be used as asked."""


def open_graph(
    extra: Iterable[Path | str] = (),
    *,
    bundled: bool = True,
    store: Path | str | None = None,
    endpoint: str | None = None,
    reload: bool = False,
) -> Graph:
    """The graph on the chosen backend: memory (default), an Oxigraph ``store`` or an endpoint.

    - default: :func:`kg.loader.load` (rdflib's memory store);
    - ``store``: an on-disk Oxigraph store in that folder, created and bulk-loaded from the
      ontology, the bundled data and ``extra`` on first use, reopened without parsing after
      (see :func:`open_store`);
    - ``endpoint``: a read-only view of a SPARQL 1.1 endpoint (see :func:`open_endpoint`);
      ``extra`` and ``bundled`` do not apply.

    Every backend gives an rdflib :class:`~rdflib.Graph`; :func:`kg.queries.run` sends
    queries to the store's own SPARQL engine.

    >>> len(open_graph()) > 1000
    True
    """
    extra = list(extra)
    if store is not None and endpoint is not None:
        raise StoreError(
            "give --store or --endpoint, not both",
            hint="--store keeps a local copy; --endpoint reads a remote one",
        )
    if endpoint is not None:
        if extra:
            raise StoreError(
                "--data cannot be added to an endpoint: it is read-only",
                hint="load the files into the endpoint's store, or use --store DIR --data …",
            )
        return open_endpoint(endpoint)
    if store is not None:
        return open_store(Path(store), input_files(extra, bundled=bundled), reload=reload)
    return load(extra, bundled=bundled)


# ---------------------------------------------------------------- on-disk Oxigraph store


def manifest_of(files: Iterable[Path]) -> dict:
    """What a store built from ``files`` records: each file's path, size and mtime."""
    entries = []
    for path in files:
        info = path.stat()
        entries.append(
            {"path": str(path.resolve()), "size": info.st_size, "mtime_ns": info.st_mtime_ns}
        )
    return {"layout": LAYOUT, "files": entries}


def read_manifest(directory: Path) -> dict | None:
    """The manifest of the store in ``directory``, or None if there is no readable one."""
    try:
        return json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def open_store(directory: Path, files: list[Path], *, reload: bool = False) -> Graph:
    """Open (or first create) the Oxigraph store in ``directory`` holding ``files``.

    A new store is bulk-loaded into a temporary folder next to ``directory`` and renamed into
    place only when every file has loaded, so a bad file leaves no store (and the error names
    the file and line). An existing store is reopened read-only, without parsing, when its
    manifest matches ``files`` (paths, sizes, mtimes); when the same files have changed it is
    rebuilt; when the files differ, :class:`StoreError` says to pass ``--reload``.
    """
    directory = Path(directory)
    wanted = manifest_of(files)
    if directory.exists() and not reload:
        recorded = _existing_manifest(directory)
        same_layout = recorded is not None and recorded.get("layout") == LAYOUT
        if same_layout and recorded.get("files") == wanted["files"]:
            return _open(directory)
        if same_layout:
            before = {f["path"] for f in recorded.get("files", [])}
            now = {f["path"] for f in wanted["files"]}
            if before != now:
                raise StoreError(
                    f"the store was built from other files ({_difference(before, now)})",
                    path=directory,
                    hint="give the same --data and --bundled/--no-bundled as when it was "
                    "built, or add --reload to rebuild it from these files",
                )
    elif directory.exists():
        _existing_manifest(directory)  # refuse to replace a folder that is not a store
    _build(directory, files, wanted)
    return _open(directory)


def _existing_manifest(directory: Path) -> dict | None:
    """The manifest of an existing store; None for an empty folder; an error otherwise."""
    if not directory.is_dir():
        raise StoreError("not a folder", path=directory, hint="give a folder for the store")
    recorded = read_manifest(directory)
    if recorded is None and any(directory.iterdir()):
        raise StoreError(
            "this folder is not empty and holds no kg store",
            path=directory,
            hint="give a new or empty folder for --store",
        )
    return recorded


def _difference(before: set[str], now: set[str]) -> str:
    parts = []
    if now - before:
        added = sorted(now - before)
        parts.append(f"{len(added)} new, e.g. {added[0]}")
    if before - now:
        missing = sorted(before - now)
        parts.append(f"{len(missing)} not given now, e.g. {missing[0]}")
    return "; ".join(parts)


def _build(directory: Path, files: list[Path], manifest: dict) -> None:
    import pyoxigraph as ox

    parent = directory.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".loading", dir=parent))
    work.chmod(0o755)  # mkdtemp makes it private
    database = None
    try:
        database = ox.Store(str(work / DATABASE))
        for path in files:
            bulk_load(database, path, effect="no store was written")
        database.flush()
        database.optimize()
        manifest = {**manifest, "triples": len(database)}
        database = None  # closes RocksDB before the folder moves
        gc.collect()
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _replace(work, directory)
    except BaseException as error:
        # The open store holds RocksDB's files: drop every reference to it (the traceback's
        # frames hold one too) so that the half-written folder can be removed.
        database = None
        traceback.clear_frames(error.__traceback__)
        gc.collect()
        shutil.rmtree(work, ignore_errors=True)
        raise


def _replace(work: Path, directory: Path) -> None:
    """Move the finished store in ``work`` to ``directory``, replacing what was there."""
    if not directory.exists():
        work.rename(directory)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".old", dir=directory.parent))
    old.rmdir()
    directory.rename(old)
    work.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


def _open(directory: Path) -> Graph:
    import pyoxigraph as ox

    try:
        database = ox.Store.read_only(str(directory / DATABASE))
    except OSError as error:
        raise StoreError(
            f"cannot open the store: {error}",
            path=directory,
            hint="add --reload to rebuild it, or remove the folder",
        ) from error
    store = _oxigraph_store(database)
    store.directory = directory
    graph = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
    return bind_prefixes(graph)


def store_directory(graph: Graph) -> Path | None:
    """The folder of the on-disk store ``graph`` was opened from (None: not such a store)."""
    return getattr(graph.store, "directory", None)


def reopen(directory: Path) -> Graph:
    """Open the existing store in ``directory`` read-only (another process may hold it too)."""
    return _open(Path(directory))


def _oxigraph_store(database: object) -> object:
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from oxrdflib._converter import to_ox, to_ox_quad_pattern

    class KgOxigraphStore(OxigraphStore):
        """oxrdflib's store, giving plain literals as rdflib does (not ``^^xsd:string``), and
        query answers converted to rdflib terms once per distinct term.

        Triples share one context object instead of a new rdflib Graph each, and the length
        of the default graph (where kg loads everything) is Oxigraph's count, not a query.
        """

        def triples(self, triple_pattern: tuple, context: Graph | None = None) -> Iterator:
            contexts = (Graph(store=self, identifier=DATASET_DEFAULT_GRAPH_ID),)
            try:
                pattern = to_ox_quad_pattern(triple_pattern, context)
            except (TypeError, ValueError):
                return
            term = _converter()
            for quad in self._inner.quads_for_pattern(*pattern):
                yield (term(quad.subject), term(quad.predicate), term(quad.object)), iter(contexts)

        def __len__(self, context: Graph | None = None) -> int:
            if context is None or context.identifier == DATASET_DEFAULT_GRAPH_ID:
                return len(self._inner)  # kg loads only the default graph: no duplicates
            return super().__len__(context)

        def query(
            self, query: str, initNs: dict, initBindings: dict, queryGraph: object, **kwargs: object
        ) -> Result:
            if not isinstance(query, str) or kwargs or queryGraph != DATASET_DEFAULT_GRAPH_ID:
                return super().query(query, initNs, initBindings, queryGraph, **kwargs)
            answer = self._inner.query(
                query,
                prefixes=dict(self._namespace_for_prefix, **initNs),
                substitutions={ox.Variable(k): to_ox(v) for k, v in initBindings.items()},
            )
            return _result(answer)

    return KgOxigraphStore(store=database)


def _result(answer: object) -> Result:
    """An rdflib Result from pyoxigraph's answer; each distinct term converted once."""
    import pyoxigraph as ox

    term = _converter()
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
    elif isinstance(answer, ox.QuerySolutions):
        result = Result("SELECT")
        result.vars = [Variable(v.value) for v in answer.variables]
        result.bindings = [
            {v: term(t) for v, t in zip(result.vars, row, strict=True) if t is not None}
            for row in answer
        ]
    else:  # the triples stay in Oxigraph (in memory), read as rdflib terms when iterated
        triples = ox.Store()
        triples.extend(ox.Quad(t.subject, t.predicate, t.object) for t in answer)
        result = Result("CONSTRUCT")
        result.graph = Graph(store=_oxigraph_store(triples), identifier=DATASET_DEFAULT_GRAPH_ID)
    return result


def _converter(limit: int = 100_000) -> Callable[[object], object]:
    """pyoxigraph term → rdflib term (oxrdflib's ``from_ox``, ``"x"^^xsd:string`` as the plain
    ``"x"``, as rdflib gives it), each distinct term once (of the last ``limit``, so that
    reading a whole store keeps no copy of it)."""
    from oxrdflib._converter import from_ox

    terms: dict = {}

    def term(value: object) -> object:
        if value is None:
            return None
        if value not in terms:
            if len(terms) >= limit:
                terms.clear()
            terms[value] = _plain(from_ox(value))
        return terms[value]

    return term


def _plain(node: object) -> object:
    """``"x"^^xsd:string`` as the plain literal ``"x"`` (the same RDF term; rdflib's form)."""
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def oxigraph_store(graph: Graph) -> object | None:
    """The :class:`pyoxigraph.Store` under ``graph``, or None when it lives elsewhere."""
    return graph.store._inner if is_oxigraph(graph) else None


def validator_fingerprint() -> str:
    """What a validation result depends on besides the data: kg, the shapes, the source texts."""
    import hashlib

    from kg import __version__
    from kg.paths import shapes_file, sources_dir

    digest = hashlib.sha256(__version__.encode())
    digest.update(shapes_file().read_bytes())
    for text in sorted(sources_dir().glob("*.txt")):
        digest.update(f"{text.name}:{text.stat().st_size}:{text.stat().st_mtime_ns}".encode())
    return digest.hexdigest()


def is_validated(directory: Path) -> bool:
    """True when the store in ``directory`` was found valid, by this kg, shapes and sources."""
    recorded = read_manifest(Path(directory))
    return recorded is not None and recorded.get("validated") == validator_fingerprint()


def mark_validated(directory: Path) -> None:
    """Record in the store's manifest that its data conforms (see :func:`is_validated`)."""
    directory = Path(directory)
    recorded = read_manifest(directory)
    if recorded is None:
        return
    recorded["validated"] = validator_fingerprint()
    partial = directory / (MANIFEST + ".part")
    partial.write_text(json.dumps(recorded, indent=1), encoding="utf-8")
    partial.replace(directory / MANIFEST)


def in_memory(graph: Graph) -> Graph:
    """``graph`` copied into rdflib's memory store if it is in an Oxigraph store, else itself.

    For work made of very many small lookups (pySHACL), which are cheaper in memory.
    """
    if not is_oxigraph(graph):
        return graph
    copy = bind_prefixes(Graph())
    copy += graph
    return copy


def is_oxigraph(graph: Graph) -> bool:
    """True when ``graph`` lives in an Oxigraph store (its SPARQL runs in Oxigraph)."""
    return any(cls.__name__ == "OxigraphStore" for cls in type(graph.store).__mro__)


# ---------------------------------------------------------------- SPARQL endpoints


def open_endpoint(url: str) -> Graph:
    """A read-only graph over the SPARQL 1.1 endpoint at ``url`` (rdflib's SPARQLStore).

    Queries sent with :func:`kg.queries.run` go to the endpoint with their parameters as a
    VALUES block; for the analyses use :func:`local_copy`, which fetches only what they read.
    """
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise StoreError(
            f"not an http(s) URL: {url}",
            hint="give the endpoint's query URL, e.g. http://127.0.0.1:7878/query",
        )
    store = SPARQLStore(url, context_aware=False, returnFormat="json", method="POST_FORM")
    return bind_prefixes(Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID))


def is_remote(graph: Graph) -> bool:
    """True when ``graph`` is a view of a SPARQL endpoint."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    return isinstance(graph.store, SPARQLStore)


def local_copy(graph: Graph, predicates: Iterable[str] | None = PREDICATES) -> Graph:
    """An in-memory copy of an endpoint's triples with ``predicates`` (None: every triple).

    Each predicate is one one-pattern CONSTRUCT query (``?s <p> ?o``), so the endpoint never
    joins. Blank nodes are matched across the answers by their N-Triples labels, which
    stores such as Oxigraph keep stable; from a store that relabels them per answer, ask for
    every triple (``predicates=None``: one query). A graph that is not on an endpoint is
    returned as it is.
    """
    if not is_remote(graph):
        return graph
    from kg.queries import from_text, with_values

    url = graph.store.query_endpoint
    copy = bind_prefixes(Graph())
    blank_nodes: dict = {}
    pattern = from_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", name="copy")
    if predicates is None:
        _construct(url, pattern.text, copy, blank_nodes)
    else:
        for predicate in predicates:
            _construct(url, with_values(pattern, {"p": URIRef(predicate)}), copy, blank_nodes)
    return copy


def _construct(url: str, query: str, into: Graph, blank_nodes: dict) -> None:
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode({"query": query}).encode("utf-8"),
        headers={
            "Accept": "application/n-triples, text/plain;q=0.5",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        with contextlib.closing(urllib.request.urlopen(request, timeout=ENDPOINT_TIMEOUT)) as reply:
            body = reply.read()
            media = reply.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raise StoreError(
            f"the endpoint answered {error.code} {error.reason}",
            hint=f"check that {url} is a SPARQL 1.1 query endpoint",
        ) from error
    except (urllib.error.URLError, OSError) as error:
        raise StoreError(
            f"cannot reach the endpoint {url}: {getattr(error, 'reason', error)}",
            hint="check the URL and that the server is running",
        ) from error
    if "turtle" in media:
        into.parse(data=body, format="turtle")
    else:
        into.parse(data=body, format="nt", bnode_context=blank_nodes)
