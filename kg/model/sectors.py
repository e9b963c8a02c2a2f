"""The sector vocabulary, read from the ontology: the five partner groups, with their short
names, Swedish and English labels and the words kg accepts for them; and the partner statuses.

Every command option, query parameter, report heading, map legend and help text takes its
words from here, so one name means one thing everywhere.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache

from kg.errors import KgError
from kg.model import vocab as v
from kg.model.names import fold

_BROADER = v.SKOS + "broader"


@dataclass(frozen=True)
class Concept:
    """A concept of the vocabulary: its short name (``skos:notation``), IRI and labels."""

    name: str
    iri: str
    labels: dict[str, str] = field(default_factory=dict, compare=False)
    #: every word that names it, folded: short name, labels, alternative and hidden labels
    words: frozenset[str] = field(default_factory=frozenset, compare=False)
    broader: str | None = None

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` (else English, else the short name).

        >>> vocabulary().group("civil").label("sv")
        'idéburen sektor'
        """
        return self.labels.get(lang) or self.labels.get("en") or self.name


@dataclass(frozen=True)
class Vocabulary:
    """The partner groups (in order), the groups committees are to reach, the broader public
    sector, the four curated sectors, and the partner statuses."""

    groups: tuple[Concept, ...]
    gap_groups: tuple[str, ...]
    public: Concept
    sectors: tuple[Concept, ...]
    statuses: tuple[Concept, ...]
    _found: dict[str, Concept | None] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    @property
    def names(self) -> tuple[str, ...]:
        """The partner groups' short names, in order."""
        return tuple(g.name for g in self.groups)

    def group(self, word: str) -> Concept:
        """The partner group (or, for "public", the broader public sector) a word names: a short
        name, a Swedish or English label, or an alias (case, accents and ``_``/``-`` aside), or
        its IRI, in full (``<…>`` optional) or as ``kg:``.

        >>> vocabulary().group("Public_Agency").name, vocabulary().group("myndigheter").name
        ('agencies', 'agencies')
        >>> vocabulary().group("kg:Business").name
        'business'
        """
        if word not in self._found:  # a large report names a group for every partner
            self._found[word] = _group_of(self, word)
        found = self._found[word]
        if found is None:
            every = (*self.groups, self.public)
            names = ", ".join(g.name for g in every)
            labels = ", ".join(g.label("sv") for g in every)
            hint = f"give one of: {names}, or its name in English or Swedish ({labels})"
            if either := self.nearest(word):
                hint = f"did you mean {either}? Or {hint}"
            raise KgError(f"'{word}' is not a partner group", hint=hint)
        return found

    def nearest(self, word: str) -> str | None:
        """The partner group a misspelt word most likely means, as the closest of the words
        that name it is written (its short name, or a Swedish or English label), or None.

        >>> [vocabulary().nearest(word) for word in ("busines", "akadmi", "xyz")]
        ['business', 'akademi', None]
        """
        shown = {}  # each word naming a group, folded → as written (a label), else the group
        for g in (*self.groups, self.public):
            shown.update(dict.fromkeys(sorted(g.words), g.name))
            shown.update({_key(text): text for text in (*g.labels.values(), g.name)})
        close = difflib.get_close_matches(_key(word), list(shown), n=1, cutoff=0.75)
        return shown[close[0]] if close else None

    def spelled(self, lang: str = "en") -> str:
        """The partner groups' short names for a text in ``lang``, each with its label where
        that says more, the last after "or".

        >>> vocabulary().spelled().split(", ")[-1]
        'agencies (public agencies) or city (municipal bodies)'
        """
        from kg.errors import word

        said = [
            g.name if g.label(lang) == g.name else f"{g.name} ({g.label(lang)})"
            for g in self.groups
        ]
        return f"{', '.join(said[:-1])} {word('or', lang)} {said[-1]}"

    def covered(self, word: str) -> tuple[str, ...]:
        """The partner groups a word of :meth:`group` stands for, in order: its group, or,
        for a broader group (public), the groups under it.

        >>> vocabulary().covered("offentlig"), vocabulary().covered("Akademi")
        (('agencies', 'city'), ('academia',))
        """
        concept = self.group(word)
        return tuple(g.name for g in self.groups if g.broader == concept.iri) or (concept.name,)

    def by_iri(self, iri: str) -> Concept | None:
        """The concept (group, sector or status) with this IRI."""
        every = (*self.groups, self.public, *self.sectors, *self.statuses)
        return next((concept for concept in every if concept.iri == iri), None)

    def status(self, name: str) -> Concept:
        """The partner status with this short name."""
        return next(s for s in self.statuses if s.name == name)


def _key(word: str) -> str:
    return re.sub(r"[\s_\-]+", " ", fold(word))


def _group_of(vocab: Vocabulary, word: str) -> Concept | None:
    """The group ``word`` names in ``vocab``, or None."""
    wanted = _key(word)
    iri = word.strip().removeprefix("<").removesuffix(">")
    if iri.startswith("kg:"):
        iri = v.ONTOLOGY_IRI + iri[3:]
    for concept in (*vocab.groups, vocab.public):
        if wanted in concept.words or iri == concept.iri:
            return concept
    return None


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of ``ontology/kg.ttl`` (read once).

    >>> vocabulary().names
    ('civil', 'academia', 'business', 'agencies', 'city')
    """
    import pyoxigraph as ox

    from kg.model.ontology import ontology

    store = ontology()
    member_list = ox.NamedNode(v.SKOS + "memberList")
    first, rest, nil = (ox.NamedNode(v.RDF + n) for n in ("first", "rest", "nil"))
    query = f"""
        SELECT ?c ?notation ?label ?word ?broader WHERE {{
          ?c <{v.SKOS}notation> ?notation .
          OPTIONAL {{ ?c <{v.SKOS}prefLabel> ?label }}
          OPTIONAL {{ ?c <{v.SKOS}altLabel>|<{v.SKOS}hiddenLabel>|<{v.SKOS}prefLabel> ?word }}
          OPTIONAL {{ ?c <{_BROADER}> ?broader }}
        }}"""
    found: dict[str, dict] = {}
    for c, notation, label, word, broader in store.query(query):
        entry = found.setdefault(c.value, {"name": notation.value, "labels": {}, "words": set()})
        if label is not None:
            entry["labels"][label.language or "en"] = label.value
        if word is not None:
            entry["words"].add(_key(word.value))
        if broader is not None:
            entry["broader"] = broader.value
    concepts = {
        iri: Concept(
            name=entry["name"],
            iri=iri,
            labels=entry["labels"],
            words=frozenset({_key(entry["name"]), *entry["words"]}),
            broader=entry.get("broader"),
        )
        for iri, entry in found.items()
    }

    def objects(subject: object, predicate: object) -> list:
        return [q.object for q in store.quads_for_pattern(subject, predicate, None)]

    def members(collection: str) -> list[str]:
        """The members of an ordered collection, walking its RDF list in order."""
        found: list[str] = []
        nodes = objects(ox.NamedNode(v.ONTOLOGY_IRI + collection), member_list)
        while nodes and nodes[0] != nil:
            found.extend(o.value for o in objects(nodes[0], first))
            nodes = objects(nodes[0], rest)
        return found

    scheme = f"<{v.ONTOLOGY_IRI}PartnerStatusScheme>"
    rows = store.query(f"SELECT ?c WHERE {{ ?c <{v.SKOS}topConceptOf> {scheme} }}")
    statuses = [concepts[row[0].value] for row in rows if row[0].value in concepts]
    return Vocabulary(
        groups=tuple(concepts[iri] for iri in members("PartnerGroups")),
        gap_groups=tuple(concepts[iri].name for iri in members("GapGroups")),
        public=concepts[v.ONTOLOGY_IRI + "PublicSector"],
        sectors=tuple(concepts[iri] for iri in v.SECTOR_IRIS.values()),
        statuses=tuple(sorted(statuses, key=lambda s: STATUSES_WORST_FIRST.index(s.name))),
    )


#: Partner statuses (short names of kg:PartnerStatusScheme) from the worst to the best: the
#: order of the vocabulary's statuses, and the gaps' ranking.
STATUSES_WORST_FIRST = ("absent", "no-partner", "unnamed-only", "partners")
