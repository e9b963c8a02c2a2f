"""IRI parameters that name nothing in the graph: a query bound to one answers nothing, without
an error, so ``kg query`` says so in a note, and :func:`kg.query` in a
:class:`~kg.errors.KgWarning`, naming the nodes the value may have meant (a bare name such as
``socialnamnden`` reads as Malmö's ``id:socialnamnden``; another city's data names its own,
under its municipality's namespace)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:  # pragma: no cover
    from kg.sparql.engine import Prepared

#: At most this many nodes are suggested for a value.
SUGGESTED = 5


@dataclass(frozen=True)
class Absent:
    """A parameter whose IRI is in no triple of the graph, and the nodes of the same name
    under another municipality's namespace."""

    param: str
    iri: str
    similar: tuple[str, ...]


def absent_notes(target: object, prepared: Prepared) -> list[str]:
    """What to say of each ``iri`` parameter of ``prepared`` that names nothing in the graph
    of ``target`` (:func:`absent_iris`), and of each bare name given that another city's data
    has too: ``kg query``'s notes and :func:`kg.query`'s warnings.

    >>> from kg.io.source import Source
    >>> from kg.sparql.engine import prepare
    >>> wrong = prepare("committee-partners", {"committee": "socialnamden"})
    >>> [note] = absent_notes(Source(), wrong)
    >>> note.split("; ")[0]
    'committee=id:socialnamden is not in the graph, so nothing matches it'
    """
    from kg.model.names import display

    notes = []
    namesakes = _namesakes(target)
    absent_ones = absent_iris(target, prepared, namesakes)
    for absent in absent_ones:
        similar = ", ".join(display(iri) for iri in absent.similar)
        advice = (
            f"did you mean {similar}?"
            if similar
            else "check the name (the library query search-actors finds a node by part of its "
            "name: text=…)"
        )
        notes.append(
            f"{absent.param}={display(absent.iri)} is not in the graph, so nothing matches it; "
            f"{advice}"
        )
    # a bare name given (``fritidsnamnden``) that the graph holds under other municipalities'
    # namespaces too: it was read in the data's own (the first city folder's), and another
    # city's is given as ``alby/fritidsnamnden``; those noted as absent above are left out
    for name in sorted(prepared.bare - {a.param for a in absent_ones}):
        value = prepared.bindings.get(name)
        if not isinstance(value, ox.NamedNode):
            continue
        others = [iri for iri in namesakes(value.value) if iri != value.value]
        if others:
            listed = ", ".join(display(iri) for iri in others)
            other = display(others[0]).removeprefix("id:")
            notes.append(
                f"{name}={display(value.value)}: {listed} in another city's data has the same "
                f"name; give {name}={other} for that one"
            )
    return notes


def _namesakes(target: object) -> Callable[[str], tuple[str, ...]]:
    """The nodes in the graph of ``target`` with the local name of an IRI under each
    municipality's namespace (the IRI itself included where the graph holds it); the
    namespaces are asked for once, when first needed."""
    from kg.sparql.engine import prepare_text, run

    spaces: list[str] | None = None

    def namesakes(iri: str) -> tuple[str, ...]:
        nonlocal spaces
        if spaces is None:
            cities = run(
                target, prepare_text("SELECT DISTINCT ?city WHERE { ?city a kg:Municipality }")
            )
            spaces = sorted({row["city"].value.rsplit("/", 1)[0] + "/" for row in cities})
        from kg.io.spreadsheet.cells import slug

        local = iri.rsplit("/", 1)[-1]
        # as written, then as kg makes names: lower case, å/ä/ö as a/a/o (Fritidsnämnden)
        locals_ = dict.fromkeys(n for n in (local, slug(local)) if n)
        named = " ".join(f"<{space}{n}>" for n in locals_ for space in spaces)
        if not local or not named:
            return ()
        rows = run(
            target,
            prepare_text(
                f"SELECT DISTINCT ?node WHERE {{ VALUES ?node {{ {named} }} ?node ?p ?o }} "
                f"ORDER BY ?node LIMIT {SUGGESTED + 1}"
            ),
        )
        return tuple(row["node"].value for row in rows)

    return namesakes


#: How close a name must be to an absent id's last part to be suggested (difflib's ratio)
CLOSE = 0.8


def absent_iris(
    target: object,
    prepared: Prepared,
    namesakes: Callable[[str], tuple[str, ...]] | None = None,
) -> list[Absent]:
    """The ``iri`` parameters of ``prepared`` whose value the graph of ``target`` (a Source,
    a store or an endpoint, as for :func:`kg.sparql.engine.run`) does not hold, each with
    the nodes of the same local name under another municipality's namespace, as written or
    as kg makes names (``Fritidsnämnden``: ``fritidsnamnden``), else those whose names
    (Swedish, English or other, such as an abbreviation: ``IM``) are closest to its last part
    (a misspelling such as ``fritidsnamden``), case and accents ignored.

    One ASK per parameter; for one the graph lacks, the municipalities' namespaces and one
    lookup of the names built from them, and only if that finds none, the closest names: one
    read of the names for all the parameters, and one lookup of the closest names' nodes
    (:class:`kg.sparql.closest.Names`).

    >>> from kg.io.source import Source
    >>> from kg.sparql.engine import prepare
    >>> wrong = prepare("committee-partners", {"committee": "socialnamden"})
    >>> [(a.param, a.similar) for a in absent_iris(Source(), wrong)]
    [('committee', ())]
    """
    from kg.model.names import fold
    from kg.sparql.closest import Names
    from kg.sparql.engine import holds

    namesakes = namesakes or _namesakes(target)
    names = Names(target)  # read once, if a value needs them, for all the parameters
    found = []
    for param in prepared.query.params:
        value = prepared.bindings.get(param.name)
        if param.type != "iri" or not isinstance(value, ox.NamedNode):
            continue
        if holds(target, value.value):
            continue
        wanted = fold(value.value.rsplit("/", 1)[-1].replace("-", " "))
        similar = namesakes(value.value)[:SUGGESTED] or (
            names.closest(wanted, SUGGESTED, CLOSE) if wanted else ()
        )
        found.append(Absent(param.name, value.value, similar))
    return found
