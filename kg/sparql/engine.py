"""Run a query: checked, parameters bound as a VALUES block, on pyoxigraph or an endpoint.

Every query runs on one engine, pyoxigraph: the in-memory store of the default, the on-disk
store of ``--store``, or, with ``--endpoint``, the endpoint's own engine, whose answer is read
back into pyoxigraph's result objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from os import PathLike
from typing import TYPE_CHECKING, TypeAlias

from kg.errors import EndpointError, QueryFailedError, StoreError
from kg.model.triples import dataset as kg_dataset
from kg.model.vocab import DERIVED_PREDICATES, ONTOLOGY_IRI, PARTNER_STATUS, PREFIXES
from kg.sparql.check import check, engine_error
from kg.sparql.lexer import tokens
from kg.sparql.library import FOR_PYTHON, LibraryQuery, bind, find, from_text
from kg.sparql.values import with_values

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.io.endpoint import Endpoint
    from kg.io.source import Source

    #: What a query gives: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT,
    #: DESCRIBE; read whole from an endpoint, as a list)
    Answer: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]


@dataclass(frozen=True)
class Prepared:
    """A checked query with its parameters bound, ready to run anywhere."""

    query: LibraryQuery
    form: str
    bindings: dict = field(default_factory=dict)
    #: What relative IRIs in the query resolve against (kg serve: the endpoint's URL).
    base_iri: str | None = None
    #: The parameters given a bare name (``socialnamnden``), read in the data's namespace.
    bare: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        """The query's text with the parameters as a VALUES block."""
        return with_values(self.query.text, self.bindings, source=self.query.source)

    @property
    def kind(self) -> str:
        """``solutions`` (SELECT), ``boolean`` (ASK) or ``graph`` (CONSTRUCT, DESCRIBE)."""
        return {"SELECT": "solutions", "ASK": "boolean"}.get(self.form, "graph")


def prepare(
    query: LibraryQuery | str | PathLike,
    values: Mapping[str, object] | None = None,
    *,
    params: bool = True,
    base_iri: str | None = None,
    names: str | None = None,
    target: object | None = None,
    lang: str = "en",
    search: Callable[[str], str] | None = None,
) -> Prepared:
    """Check a query (a LibraryQuery, or a library name or path) and bind its parameters; a
    bare name given (``socialnamnden``) is one in ``names``, the data's namespace
    (:attr:`kg.io.source.Source.names`; default: the bundled data's). With ``target`` (what
    the query will run on) a bare name the graph does not hold, or any other name given for
    an ``iri`` parameter, is the thing of the kind the parameter takes (an actor, a goal
    area …) that it names there, read from the graph once (:class:`kg.sparql.named.Lookup`);
    a refusal lists the things of that kind by their names in ``lang``, and a name no actor
    has is told ``search(name)`` (default: Python's search, ``kg.query(source, "search-actors",
    …)``; ``kg query`` gives the command line's).

    With ``params=False`` the ``#+ param:`` lines bind nothing (a standard endpoint).

    >>> prepare("committees-lacking-sector", {"sector": "civil"}).form
    'SELECT'
    """
    if isinstance(query, str | PathLike):  # a library name, or a .rq file's path
        query = find(str(query), hint=FOR_PYTHON)
    if not params:
        query = replace(query, params=())
    form = check(query.text, source=query.source, prefixes=PREFIXES)
    lookup = None  # a name given for an iri parameter is looked up in the graph queried
    named = [p for p in query.params if p.type == "iri" and p.name in (values or {})]
    if target is not None and named:
        from kg.sparql.named import Lookup

        denoted = [(p.denotes, p.subclass) for p in named]
        found = {} if search is None else {"search": search}
        lookup = Lookup(target, holds, select, denoted, lang=lang, **found)
    bindings = bind(query, values, names, lookup)
    space = names or PREFIXES["id"]  # a bare name given is read in it (kg.sparql.params)
    bare = frozenset(
        name
        for name, given in (values or {}).items()
        if isinstance(given, str)
        and getattr(bindings.get(name), "value", None) == space + given.strip()
    )
    prepared = Prepared(query, form, bindings, base_iri, bare)
    _parse(prepared)
    return prepared


def _parse(prepared: Prepared) -> None:
    """Let the engine parse the query (on an empty store, not evaluated) so that a syntax
    error is reported before any data is opened."""
    import pyoxigraph as ox

    if prepared.kind != "boolean":  # an ASK would be evaluated at once: run() will tell
        try:
            ox.Store().query(prepared.text, prefixes=PREFIXES, base_iri=prepared.base_iri)
        except SyntaxError as error:
            raise _located(error, prepared) from error


def _located(error: SyntaxError, prepared: Prepared) -> Exception:
    """The engine's syntax error placed in the query as its author wrote it: the line and
    column of the file, not of the text with the parameters' VALUES block added."""
    import pyoxigraph as ox

    if prepared.bindings:
        try:  # the text without the block: its own error, at its own place
            ox.Store().query(prepared.query.text, prefixes=PREFIXES, base_iri=prepared.base_iri)
        except SyntaxError as own:
            return engine_error(own, prepared.query.text, prepared.query.source)
    return engine_error(error, prepared.text, prepared.query.source)


def prepare_text(text: str, *, name: str = "query", base_iri: str | None = None) -> Prepared:
    """:func:`prepare` ad-hoc text as a standard endpoint takes it (no parameters; relative
    IRIs resolved against ``base_iri``, the endpoint's URL)."""
    return prepare(from_text(text, name=name), params=False, base_iri=base_iri)


def select(target: Source | ox.Store | Endpoint, text: str, *, name: str = "kg") -> list:
    """The rows of a SELECT that kg writes itself (no parameters) on a store, a source or an
    endpoint, as pyoxigraph solutions; ``name`` names it in an error."""
    return list(run(target, prepare_text(text, name=name)))


def holds(target: Source | ox.Store | Endpoint, iri: str) -> bool:
    """True when the graph of ``target`` has ``iri`` in a triple (as subject or object): one
    ASK, run as every query is (an endpoint's answer in any results format it gives)."""
    term = f"<{iri}>"
    return bool(run(target, prepare_text(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}")))


def run(
    target: Source | ox.Store | Endpoint,
    query: Prepared | LibraryQuery | str | PathLike,
    values: Mapping[str, object] | None = None,
    *,
    dataset: tuple[Sequence[str], Sequence[str]] | None = None,
) -> Answer:
    """Run a query on a :class:`~kg.io.source.Source`, a pyoxigraph store or an endpoint; the
    answer is pyoxigraph's
    (``QuerySolutions``, ``QueryBoolean`` or an iterable of ``Triple``).

    ``dataset`` is the SPARQL Protocol's ``default-graph-uri`` and ``named-graph-uri``: the
    named graphs of the store that make the query's default graph and its named graphs (kg's
    data is in the unnamed default graph, so a graph named there is empty; nothing is fetched).

    >>> from kg.io.source import Source
    >>> len(list(run(Source().open(), "committees-lacking-sector", {"sector": "business"}))) > 0
    True
    """
    from kg.io.source import Source

    if isinstance(query, Prepared):
        prepared = query
    else:  # a bare name in the values is one of the source's (a city's own data folder)
        names = target.names if isinstance(target, Source) else None
        prepared = prepare(query, values, names=names, target=target)
    if isinstance(target, Source):
        target = target.target()
    if hasattr(target, "url"):  # an endpoint: its answer read whole (kg.sparql.remote)
        from kg.sparql.remote import run_remote

        if uses_derived(prepared.text):
            _require_derived(target)
        return run_remote(target, prepared.text, prepared.kind)
    try:
        return target.query(
            prepared.text, prefixes=PREFIXES, base_iri=prepared.base_iri, **_dataset(dataset)
        )
    except SyntaxError as error:
        raise _located(error, prepared) from error
    except OSError as error:
        raise StoreError(
            f"the store failed while answering: {error}",
            hint="the store may be damaged: add --reload to rebuild it",
        ) from error
    except (ValueError, RuntimeError) as error:
        raise QueryFailedError(
            f"the query failed while running: {error}", path=prepared.query.source
        ) from error


def _dataset(dataset: tuple[Sequence[str], Sequence[str]] | None) -> dict:
    """pyoxigraph's options for a protocol dataset (an empty default graph when only named
    graphs are given, as the Protocol says); without one, kg's own: the curated facts and the
    derived view as one default graph."""
    import pyoxigraph as ox

    if dataset is None or not (dataset[0] or dataset[1]):
        return kg_dataset()
    defaults, named = dataset
    try:
        return {
            "default_graph": [ox.NamedNode(iri) for iri in defaults],
            "named_graphs": [ox.NamedNode(iri) for iri in named],
        }
    except ValueError as error:
        raise QueryFailedError(
            f"a default-graph-uri or named-graph-uri is not an IRI: {error}",
            hint="give absolute IRIs, for example http://example.org/graph",
        ) from error


def uses_derived(text: str) -> bool:
    """True when the query reads the committee-level view the rules derive (kg:partner …).

    >>> uses_derived("SELECT * WHERE { ?c kg:lacksGroup ?g }"), uses_derived("ASK { ?s ?p ?o }")
    (True, False)
    """
    found = list(tokens(text))
    kg_prefixes = {"kg"} | {
        found[i + 1].text.rstrip(":")
        for i, t in enumerate(found[:-2])
        if t.keyword == "PREFIX" and found[i + 2].text == f"<{ONTOLOGY_IRI}>"
    }
    derived = set(DERIVED_PREDICATES)
    for token in found:
        if token.kind == "iri" and token.text[1:-1] in derived:
            return True
        if token.kind == "word" and ":" in token.text:
            prefix, local = token.text.split(":", 1)
            if prefix in kg_prefixes and ONTOLOGY_IRI + local in derived:
                return True
    return False


def _require_derived(endpoint: Endpoint) -> None:
    """Fail loudly when the endpoint lacks the committee-level view a query reads."""
    answer = endpoint.query(
        f"ASK {{ ?committee <{PARTNER_STATUS}> ?status }}",
        "application/sparql-results+json",
    )
    if b"true" not in answer.body:
        raise EndpointError(
            "the query reads kg's committee-level view (kg:partner, kg:lacksGroup …), which "
            f"the endpoint {endpoint.url} does not hold",
            hint="kg derives it when it loads the data: write it with "
            "`kg export --derived -o derived.ttl` and load that file into the endpoint's store",
        )
