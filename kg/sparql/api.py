"""``kg.query``: a query run for a notebook or a script, as :func:`kg.sparql.engine.run` runs
it, with a :class:`~kg.errors.KgWarning` for each parameter that names nothing in the graph
(the answer is then empty, with no error), one where the graph has a class or a partner group
of its own (:mod:`kg.sparql.extensions`), and a clear error for a target kg cannot query."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any

from kg.errors import KgWarning
from kg.sparql.absent import absent_notes
from kg.sparql.counted import counted
from kg.sparql.engine import Prepared, prepare, run
from kg.sparql.extensions import extension_note
from kg.sparql.library import LibraryQuery

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.io.endpoint import Endpoint
    from kg.io.source import Source


def query(
    target: Source | ox.Store | Endpoint,
    query: Prepared | LibraryQuery | str | PathLike[str],
    values: Mapping[str, object] | None = None,
    *,
    dataset: tuple[Sequence[str], Sequence[str]] | None = None,
) -> Any:
    """Run a query on ``target``: a :class:`kg.Source` (its store, or its endpoint), the
    pyoxigraph store of ``source.open()``, or a :class:`kg.io.endpoint.Endpoint`. The query
    sees the curated facts and the committee-level view (``kg:partner``, ``kg:lacksGroup`` …)
    as one default graph, as ``kg query`` does.

    ``query`` is a library query's name (``"committees-lacking-sector"``; ``kg queries``
    lists them), the path of an ``.rq`` file, or a query's text given as
    ``kg.sparql.library.from_text(text)``.

    ``values`` binds the parameters the query declares (its ``#+ param:`` lines;
    ``kg.sparql.library.find(name).params`` lists them), by name, as ``--param`` does on the
    command line. A value is text, as typed there, or a Python value:

    - an ``iri`` parameter takes a bare name in the data's namespace (``"socialnamnden"``), a
      prefixed name (``"id:socialnamnden"``, ``"kg:Academia"``), a full IRI as text, an
      rdflib ``URIRef`` (``kg.ID.socialnamnden``), a pyoxigraph ``NamedNode``, or an actor's
      name as ``kg suggest`` takes it (``"Fritidsnämnden"``, ``"leisure committee"``;
      :func:`kg.model.lookup.find_actor`): a name no actor has, or several share, raises
      :class:`~kg.errors.ParameterError` with the closest names; one whose header says it
      denotes something else (``iri of kg:GoalArea``, ``iri subclass of kg:Collaboration``)
      takes a name of one of those (``"Målområde 2"``, ``"2"``, ``"IOP"``:
      :class:`kg.sparql.named.Lookup`);
    - a ``group`` parameter a partner group: its short name (``"civil"``, ``"academia"``,
      ``"business"``, ``"agencies"``, ``"city"``, ``"public"``), another word kg accepts for
      it (``"näringsliv"``) or its IRI (``kg.KG.Business``);
    - an ``integer`` parameter an ``int`` or its digits (``3`` or ``"3"``);
    - a ``literal`` any text, a ``langstring`` text with a language (``'"Malmö"@sv'``).

    A parameter left out takes its default; one the query does not declare, or a value of the
    wrong kind, raises :class:`~kg.errors.ParameterError`; a Python value of none of these
    kinds (a list, a dict; a number for a parameter that takes no number) raises a
    ``TypeError`` naming the parameter and what it takes: one value per parameter. An
    ``iri`` id (prefixed or whole) that names nothing in the graph gives an empty answer and
    a :class:`~kg.errors.KgWarning` saying so (one small query finds out).

    The answer is pyoxigraph's (:data:`kg.sparql.engine.Answer`), read once:
    ``QuerySolutions`` for a SELECT (each row's values by variable name:
    ``row["committee"].value``), ``QueryBoolean`` for an ASK (``bool(answer)``),
    ``QueryTriples`` (a list of ``Triple`` from an endpoint) for a CONSTRUCT or DESCRIBE;
    :func:`kg.answer_frame` makes it a DataFrame. It is typed ``Any``: which of them it is
    follows from the query's text, which a type checker cannot read, and a union would make
    a loop over a SELECT's rows a type error.

    >>> import kg
    >>> rows = kg.query(kg.Source(), "committees-lacking-sector", {"sector": "business"})
    >>> [variable.value for variable in rows.variables][:2]
    ['committee', 'label']
    """
    from kg.io.source import Source

    queryable(target, "query")
    if not isinstance(query, Prepared | LibraryQuery | str | PathLike):
        raise TypeError(
            "kg.query takes a library query's name, an .rq file's path or "
            f"kg.sparql.library.from_text(text), not {type(query).__name__}"
        )
    if values is not None and not isinstance(values, Mapping):
        raise TypeError(
            "kg.query takes the parameters as a mapping of name to value "
            f"({{'committee': 'socialnamnden'}}), not {type(values).__name__}"
        )
    if not isinstance(query, Prepared):  # a bare name is one of the source's namespace
        names = target.names if isinstance(target, Source) else None
        query = prepare(query, values, names=names, target=target)
    answer = run(target, query, dataset=dataset)
    for note in dict.fromkeys(absent_notes(target, query)):  # each absent value once
        warnings.warn(note, KgWarning, stacklevel=2)
    if said := extension_note(target):  # a class or group of the graph's own: left out
        warnings.warn(said, KgWarning, stacklevel=2)
    return counted(answer)


def queryable(target: object, function: str) -> None:
    """Raise a TypeError saying what to pass when ``target`` is not something ``kg.<function>``
    can query: an rdflib Graph (:func:`kg.load`'s), or anything else."""
    import pyoxigraph as ox

    from kg.io.endpoint import Endpoint
    from kg.io.source import Source

    if isinstance(target, Source | ox.Store | Endpoint):
        return
    kind = type(target).__name__
    graph = "rdflib" in type(target).__module__
    said = f"an rdflib {kind} (kg.load() gives one)" if graph else f"a {kind}"
    raise TypeError(
        f"kg.{function} takes a kg.Source (kg.Source() reads the bundled data) or its pyoxigraph "
        f"store (source.open()), not {said}"
        + ("; an rdflib graph answers its own queries: graph.query(text)" if graph else "")
    )
