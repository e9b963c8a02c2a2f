"""A name given for a query's ``iri`` parameter, looked up in the graph queried among the
things the parameter denotes (its header's ``iri of CLASS``): an id the graph holds
(``fritidsnamnden``) is that node; any other name is the thing it names there. An actor (a
plain ``iri``, or ``iri of kg:Committee`` …) is found as ``kg suggest`` and ``kg report
--committee`` find one (:func:`kg.model.lookup.find_actor`); a thing of another class (a goal
area, a document, a kind of collaboration) by the names the graph gives it: its labels, its
number (``2``, and ``Målområde 2`` after its class's name), its file name, identifier or
title, or the last part of its IRI (``IOP``), by the same rule (:func:`kg.model.names.resolve`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from kg.model import vocab as v
from kg.model.lookup import find_actor, search_for_python
from kg.model.ontology import actor_classes, class_labels

if TYPE_CHECKING:  # pragma: no cover
    from kg.model.records import Actor
    from kg.sparql.params import Find

#: What a parameter's value denotes: (its class, True for that class or one below it); a
#: class of None is an actor (a plain ``iri`` parameter)
Denotes = tuple[str | None, bool]
#: What names a thing that is not an actor: its labels, number, file name, identifier, title
NAMED_BY = (
    *(v.PREF_LABEL, v.RDFS_LABEL, v.ALT_LABEL, v.NOTATION, v.FILE_NAME, v.TITLE),
    v.DCTERMS + "identifier",
)
#: A hint lists at most this many things of the kind where no name is close to the one given
LISTED = 12
#: A value for a committee that is no IRI: the hint lists this many committees, the closest
CLOSEST = 5
#: The class of a parameter that takes a committee (``iri of kg:Committee``)
COMMITTEE = v.ONTOLOGY_IRI + "Committee"


class Lookup:
    """The names of one query's ``iri`` parameters, looked up on ``target`` (a Source, a
    pyoxigraph store or an endpoint, as :func:`kg.sparql.engine.run` takes it): ``holds``
    says whether the graph has an IRI (:func:`kg.sparql.engine.holds`), ``select`` runs
    kg's own SELECT (:func:`kg.sparql.engine.select`). What it reads, it reads once and
    only when a name needs it: the actors (:meth:`kg.io.source.Source.facts`), and the
    names of the things of every other class in ``denoted`` in one query. A refusal lists
    the things of a kind by their labels in ``lang``, and names a class of the graph's own
    by its label there in ``lang`` (read when a refusal needs it); a name no actor has is
    told ``search(name)``: where Python's search is (:func:`kg.model.lookup.search_for_python`),
    or the command line's (:func:`~kg.model.lookup.search_for_commands`, which ``kg query``
    gives)."""

    def __init__(
        self,
        target: object,
        holds: Callable[[object, str], bool],
        select: Callable[..., list] | None = None,
        denoted: Iterable[Denotes] = (),
        lang: str = "en",
        search: Callable[[str], str] = search_for_python,
    ) -> None:
        self.target, self.holds, self.select, self.lang = target, holds, select, lang
        self.search = search  # the hint for a name no actor has: the caller's own search
        self.denoted = {d for d in denoted if not takes_actors(*d)}
        self.reads = 0  # how often the graph was read for names (tests hold it to one each)
        self._actors: dict[str, Actor] | None = None
        self._things: dict[Denotes, dict[str, list[tuple[str, str, str | None]]]] | None = None
        self._kinds: dict[str, str | None] = {}  # a class of the graph's own → its label

    def find(self, of: str | None = None, subclass: bool = False) -> Find:
        """What :func:`kg.sparql.params.to_term` asks of a name given for a parameter that
        denotes a thing of class ``of`` (``subclass``: the class or one below it; None: an
        actor): ``find(text, iri)``, ``iri`` being what a bare name reads as (None for other
        text), gives the IRI the name names; an unknown or ambiguous name raises
        :class:`~kg.sparql.params.UnknownName` naming the kind of thing and the closest.

        >>> from kg.io.source import Source
        >>> from kg.sparql.engine import holds
        >>> find = Lookup(Source(), holds).find()
        >>> find("Fritidsnämnden", None).rsplit("/", 1)[-1]
        'fritidsnamnden'
        """
        from kg.errors import KgError
        from kg.sparql.params import UnknownName

        def find(text: str, read_as: str | None) -> str:
            if read_as is not None and self.holds(self.target, read_as):
                return read_as
            try:
                if takes_actors(of, subclass):
                    return self._actor(text, of)
                return self._thing(text, (of, subclass))
            except KgError as error:
                raise UnknownName(error.message, hint=error.hint) from None

        return find

    def closest(self, of: str | None = None, subclass: bool = False) -> Callable[[str], str] | None:
        """For a parameter that denotes a committee (``iri of kg:Committee``), the committees
        whose names are closest to a value given (no IRI and no name: ``<x y>``, ``kgg:x``),
        listed, for :func:`kg.sparql.params.to_term`'s hint; None for another class.

        >>> from kg.io.source import Source
        >>> from kg.sparql.engine import holds
        >>> Lookup(Source(), holds).closest(COMMITTEE)("<Fritidsnämd>").split(", ")[0]
        'Fritidsnämnden'
        """
        if of != COMMITTEE or subclass:
            return None

        def closest(text: str) -> str:
            from kg.model.names import fold, natural

            names = sorted({a["label"] for a in self._of(of).values()}, key=natural)
            key = fold(text.strip().strip("<>"))
            if key:  # the closest first, by their names as a person types them
                folded = {fold(n): n for n in reversed(names)}
                close = difflib.get_close_matches(key, list(folded), n=CLOSEST, cutoff=0)
                names = [folded[c] for c in close]
            shown = names[:CLOSEST]
            return ("; " if any("," in n for n in shown) else ", ").join(shown)

        return closest

    def _of(self, of: str | None) -> dict[str, Actor]:
        """The graph's actors of class ``of`` (or a class below it; None: every actor),
        read once."""
        if self._actors is None:
            self.reads += 1
            self._actors = _actors(self.target)
        kinds = actor_classes().get(of or v.ACTOR, frozenset())
        actors = self._actors
        if of not in (None, v.ACTOR):
            actors = {i: a for i, a in actors.items() if a["type"] in kinds}
        return actors

    def _actor(self, text: str, of: str | None) -> str:
        actors = self._of(of)
        hint = self.search(text)
        return find_actor(actors, text, kind=kind_word(of or v.ACTOR, False), hint=hint)

    def _thing(self, text: str, denotes: Denotes) -> str:
        from kg.model.names import choose_label, display, natural, resolve

        if self._things is None or denotes not in self._things:
            self.reads += 1
            self.denoted.add(denotes)
            self._things = _things(self.select, self.target, self.denoted)
        found = self._things.get(denotes, {})
        cls, subclass = denotes
        own = _class_labels(cls) if not subclass else []
        names, labels = {}, {}
        for iri, said in found.items():
            names[iri] = [t for _, t, _ in said] + [v.local_name(iri)]
            names[iri] += [f"{c} {t}" for p, t, _ in said if p == v.NOTATION for c in own]
            shown = choose_label([(t, lang) for p, t, lang in said if p != v.NOTATION], self.lang)
            labels[iri] = display(iri) + (f": {shown}" if shown else "")
        listed = sorted(labels.values(), key=natural)
        names_listed = "; ".join(listed[:LISTED]) + (" …" if listed[LISTED:] else "")
        hint = f"give one of these, by its id or name: {names_listed}"
        return resolve(names, labels, text, kind=self._kind(*denotes), hint=hint)

    def _kind(self, cls: str, subclass: bool) -> str:
        """What a thing of class ``cls`` is called in a refusal: :func:`kind_word`, but for a
        class of the graph's own its label there in the command's language, where it has one
        (read once a class)."""
        if cls.startswith(v.ONTOLOGY_IRI) or self.select is None:
            return kind_word(cls, subclass)
        if cls not in self._kinds:
            from kg.model.names import choose_label

            text = f"SELECT ?label WHERE {{ <{cls}> <{v.RDFS_LABEL}> ?label }}"
            said = [
                (r["label"].value, getattr(r["label"], "language", None))
                for r in self.select(self.target, text, name="names")
            ]
            label = choose_label([s for s in said if s[1] == self.lang], self.lang)
            self._kinds[cls] = in_sentence(label) if label else None
        word = self._kinds[cls]
        return kind_word(cls, subclass) if word is None else f"{word} type" if subclass else word


def takes_actors(of: str | None, subclass: bool = False) -> bool:
    """True when a parameter denoting a thing of class ``of`` (None: a plain ``iri``) takes an
    actor, found by its names as ``kg suggest`` finds one.

    >>> takes_actors(None), takes_actors(v.ONTOLOGY_IRI + "Committee")
    (True, True)
    >>> takes_actors(v.GOAL_AREA_CLASS), takes_actors(v.ACTOR, subclass=True)
    (False, False)
    """
    return of is None or (not subclass and of in actor_classes())


def kind_word(of: str, subclass: bool) -> str:
    """What a thing of class ``of`` is called in a message: the class's English label in
    kg's ontology (else its local name in words), and for ``subclass`` "… type".

    >>> kind_word(v.GOAL_AREA_CLASS, False), kind_word(v.COLLABORATION, True)
    ('goal area', 'collaboration type')
    """
    local = v.local_name(of)
    label = class_labels().get(local, {}).get("en") if of.startswith(v.ONTOLOGY_IRI) else None
    word = label or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()
    return f"{word} type" if subclass else word


def in_sentence(label: str) -> str:
    """A class's label as a word inside a sentence: its first letter in lower case, but for
    an abbreviation's.

    >>> in_sentence("Stiftelse"), in_sentence("IOP"), in_sentence("")
    ('stiftelse', 'IOP', '')
    """
    if label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _class_labels(cls: str | None) -> list[str]:
    """The labels of class ``cls`` in kg's ontology (``målområde``, ``goal area``), which
    name a thing before its number (``Målområde 2``)."""
    if cls is None or not cls.startswith(v.ONTOLOGY_IRI):
        return []
    return list(class_labels().get(v.local_name(cls), {}).values())


def _things(
    select: Callable[..., list] | None, target: object, denoted: Iterable[Denotes]
) -> dict[Denotes, dict[str, list[tuple[str, str, str | None]]]]:
    """The things of each class in ``denoted`` in ``target``'s graph, each with its names as
    (predicate, text, language), in one query."""
    if select is None:  # pragma: no cover - kg.sparql.engine gives it
        raise TypeError("a Lookup of things other than actors needs select")
    branches = []
    for cls, subclass in sorted(denoted, key=str):
        path = f"<{v.SUBCLASS_OF}>*" if subclass else f"<{v.TYPE}>/<{v.SUBCLASS_OF}>*"
        flag = "true" if subclass else "false"
        branches.append(f"{{ ?node {path} <{cls}> BIND(<{cls}> AS ?class) BIND({flag} AS ?sub) }}")
    named_by = " ".join(f"<{p}>" for p in NAMED_BY)
    text = (
        "SELECT ?class ?sub ?node ?p ?name WHERE { "
        + " UNION ".join(branches)
        + f" FILTER(isIRI(?node)) OPTIONAL {{ VALUES ?p {{ {named_by} }} ?node ?p ?name }} }}"
    )
    found: dict[Denotes, dict[str, list[tuple[str, str, str | None]]]] = {}
    for row in select(target, text, name="names"):
        said = found.setdefault((row["class"].value, row["sub"].value == "true"), {})
        names = said.setdefault(row["node"].value, [])
        if (name := row["name"]) is not None:
            names.append((row["p"].value, name.value, getattr(name, "language", None)))
    return found


def _actors(target: object) -> dict[str, Actor]:
    """The actors of ``target``'s graph, as the analyses read them (their names with them)."""
    import pyoxigraph as ox

    from kg.io.source import Source
    from kg.model.facts import read_facts

    if isinstance(target, Source):
        return target.facts().actors
    if isinstance(target, ox.Store):
        return read_facts(target).actors
    return Source(endpoint=target.url).facts().actors  # type: ignore[attr-defined]
