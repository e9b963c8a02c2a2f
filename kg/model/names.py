"""How kg names things: one label rule on every backend, and forgiving name lookup."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.model import vocab as v
from kg.model.spoken import in_language, in_languages, spoken
from kg.model.triples import Lit, Term

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph
    from rdflib.term import Node

#: A word typed from inside a name ("bygg") finds the names holding it from this many letters
WORD_INSIDE = 3

#: (subject, predicate) → the subject's objects of that predicate, as plain terms.
Objects = Callable[[str, str], list[Term]]


def choose_label(values: Iterable[tuple[str, str | None]], lang: str) -> str | None:
    """Of ``(text, language)`` labels, the one in ``lang``, else the first in sorted order.

    >>> choose_label([("Rädda Barnen", "sv"), ("Save the Children", "en")], "en")
    'Save the Children'
    >>> choose_label([("b", "sv"), ("a", None)], "en"), choose_label([], "sv")
    ('a', None)
    """
    values = list(values)
    for text, language in values:
        if language == lang:
            return text
    return min(values, key=lambda x: (x[0], x[1] or ""))[0] if values else None


def label(objects: Objects, node: str, lang: str = "sv") -> str:
    """The node's ``skos:prefLabel`` in ``lang`` (then any, then ``rdfs:label``); a membership
    as "membership of A in B"; else the short IRI. The one rule on every backend.

    >>> from kg.model.triples import Triples
    >>> t = Triples([("http://x/a", v.PREF_LABEL, Lit("Rädda Barnen", "sv"))])
    >>> label(t.objects, "http://x/a"), label(t.objects, v.DATA_IRI + "b")
    ('Rädda Barnen', 'id:b')
    """
    for predicate in (v.PREF_LABEL, v.RDFS_LABEL):
        found = choose_label(
            ((o.text, o.lang) for o in objects(node, predicate) if isinstance(o, Lit)), lang
        )
        if found is not None:
            return found
    members = [o for o in objects(node, v.MEMBER) if isinstance(o, str)]
    organizations = [o for o in objects(node, v.ORGANIZATION) if isinstance(o, str)]
    if members and organizations:
        of, into = label(objects, members[0], lang), label(objects, organizations[0], lang)
        return f"membership of {of} in {into}"
    return display(node)


def bases(objects: Objects, node: str) -> list[dict[str, str]]:
    """What the node's type or identity rests on where the quote alone does not carry it:
    each ``kg:basis`` with its name and the curators' note, in English and Swedish (``note``,
    ``note_sv``; "" where none)."""
    note, note_sv = in_languages(objects(node, v.EDITORIAL_NOTE))
    return [
        {
            "basis": v.local_name(str(b)),
            "label": label(objects, str(b), "en"),
            "label_sv": label(objects, str(b), "sv"),
            "note": note,
            "note_sv": note_sv,
        }
        for b in objects(node, v.BASIS)
    ]


def display(node: str) -> str:
    """A node for people: a blank node as ``_:id``, an IRI with a known prefix if it has one.

    >>> display("_:b1"), display("https://w3id.org/kg-malmo/id/x")
    ('_:b1', 'id:x')
    """
    return node if node.startswith("_:") else v.short_iri(node)


def graph_objects(graph: Graph) -> Objects:
    """:data:`Objects` of an rdflib Graph."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    def objects(subject: str, predicate: str) -> list[Term]:
        node = BNode(subject[2:]) if subject.startswith("_:") else URIRef(subject)
        found: list[Term] = []
        for o in graph.objects(node, URIRef(predicate)):
            if isinstance(o, Literal):
                datatype = o.datatype if o.datatype not in (None, XSD.string) else None
                found.append(Lit(str(o), o.language, str(datatype) if datatype else None))
            else:
                found.append(node_text(o))
        return found

    return objects


def node_text(node: Node) -> str:
    """An rdflib node as plain data: an IRI's string, a blank node ``_:id``."""
    from rdflib import BNode

    return f"_:{node}" if isinstance(node, BNode) else str(node)


def graph_label(graph: Graph, node: Node, lang: str = "sv") -> str:
    """A node's name for people, as every report and table of kg gives it (``kg.label``).

    ``graph`` is an rdflib Graph (:func:`kg.load`'s, or ``source.graph()``), ``node`` an IRI
    (an rdflib ``URIRef``: ``kg.ID["radda-barnen"]``) or a blank node, ``lang`` the language
    wanted: ``"sv"`` (the default) or ``"en"``, any other refused. The name is the node's
    ``skos:prefLabel`` in ``lang``, else its prefLabel in another language, else its
    ``rdfs:label``; a membership
    with none is "membership of A in B"; a node with no name at all is its short IRI
    (``id:…``, ``kg:…``). A literal is its own text.

    >>> import kg
    >>> from rdflib import Graph, Literal
    >>> from rdflib.namespace import SKOS
    >>> graph, node = Graph(), kg.ID["radda-barnen"]
    >>> _ = graph.add((node, SKOS.prefLabel, Literal("Rädda Barnen", lang="sv")))
    >>> _ = graph.add((node, SKOS.prefLabel, Literal("Save the Children", lang="en")))
    >>> kg.label(graph, node), kg.label(graph, node, lang="en"), kg.label(graph, kg.ID.nobody)
    ('Rädda Barnen', 'Save the Children', 'id:nobody')
    """
    from rdflib import Literal

    if isinstance(node, Literal):
        return str(node)
    return label(graph_objects(graph), node_text(node), spoken(lang))


_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=1 << 16)  # a large report sorts the same names many times
def natural(text: str) -> tuple:
    """A sort key for names: case-blind, and numbers in order ("Nämnd 2" before "Nämnd 10").

    >>> sorted(["Nämnd 10", "nämnd 2", "Nämnd 1"], key=natural)
    ['Nämnd 1', 'nämnd 2', 'Nämnd 10']
    """
    parts = _DIGITS.split(text.casefold())
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def by_name(rows: Iterable[dict]) -> list[dict]:
    """``rows`` by their ``label`` (:func:`natural`), then their ``iri`` (or ``committee``).

    >>> rows = [{"label": "Nämnd 10", "iri": "a"}, {"label": "nämnd 2", "iri": "b"}]
    >>> [row["iri"] for row in by_name(rows)]
    ['b', 'a']
    """
    return sorted(rows, key=lambda r: (natural(r["label"]), r.get("iri", r.get("committee"))))


def in_language_order(rows: Iterable[dict], lang: str) -> list[dict]:
    """``rows`` (a ``label``, maybe a ``label_en``) by the names a list in ``lang`` shows them
    by (:func:`kg.model.spoken.in_language`, then :func:`natural`), then their ``iri``.

    >>> rows = [{"label": "Rädda Barnen", "label_en": "Save the Children"},
    ...         {"label": "Svenska kyrkan", "label_en": "Church of Sweden"}]
    >>> [r["label"] for r in in_language_order(rows, "en")]
    ['Svenska kyrkan', 'Rädda Barnen']
    """
    return sorted(
        rows,
        key=lambda r: (natural(in_language(r["label"], r.get("label_en"), lang)), r.get("iri", "")),
    )


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics, for forgiving name matching.

    >>> fold(" Överförmyndarnämnden ")
    'overformyndarnamnden'
    """
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def resolve(
    names: Mapping[str, Iterable[str]],
    labels: Mapping[str, str],
    wanted: str,
    *,
    kind: str = "actor",
    hint: str = "",
) -> str:
    """The IRI whose name (any of ``names[iri]``) is ``wanted`` or starts with it, or that
    ``wanted`` is: whole (as JSON output gives it, ``<…>`` optional), short (``id:ekby/x``)
    or its last part (``x``, the id a spreadsheet's row gives), where one IRI has it.

    Case and diacritics are ignored. An ambiguous prefix or an unknown name raises
    :class:`~kg.errors.KgError` with the closest names (``labels``: IRI → display name).

    >>> resolve({"x": ["Rädda Barnen"]}, {"x": "Rädda Barnen"}, "radda")
    'x'
    >>> resolve({"http://e/x": ["Rädda Barnen"]}, {}, "<http://e/x>")
    'http://e/x'
    >>> resolve({"http://e/radda-barnen": ["Rädda Barnen"]}, {}, "radda-barnen")
    'http://e/radda-barnen'
    """
    plain = wanted.strip().strip("<>")
    if plain in names:
        return plain
    index: dict[str, set[str]] = {}
    for iri, variants in names.items():
        for name in variants:
            index.setdefault(fold(name), set()).add(iri)
    key = fold(wanted)
    if len(index.get(key, ())) == 1:  # a name first, then an id, then the start of a name
        return next(iter(index[key]))
    by_id: dict[str, set[str]] = {}
    for iri in names:
        for name in (display(iri), display(iri).removeprefix("id:"), iri.rsplit("/", 1)[-1]):
            by_id.setdefault(name, set()).add(iri)
    if len(by_id.get(plain, ())) == 1:
        return next(iter(by_id[plain]))
    matches = index.get(key) or {
        iri for n, iris in index.items() if n.startswith(key) for iri in iris
    }
    if len(matches) == 1:
        return next(iter(matches))

    def shown(iris: set[str]) -> str:  # two of one name told apart by their ids
        named = Counter(labels[i] for i in iris)
        said = sorted(
            labels[i] if named[labels[i]] == 1 else f"{labels[i]} ({display(i)})" for i in iris
        )
        return ("; " if any("," in name for name in said) else ", ").join(said)

    if matches:
        one_name = len({fold(labels.get(i, i)) for i in matches}) == 1 or key in index
        example = display(min(matches))
        raise KgError(
            f"'{wanted}' matches several {kind}s: {shown(matches)}",
            hint=f"give its id, for example {example}"
            if one_name
            else f"give more of the name, or its id (for example {example})",
        )
    close = difflib.get_close_matches(key, sorted(index), n=5, cutoff=0.5)
    if len(key) >= WORD_INSIDE:  # a word from inside a name ("bygg": Stadsbyggnadsnämnden)
        close += [n for n in sorted(index) if key in n and n not in close][: 5 - len(close)]
    found = {iri for c in close for iri in index[c]}
    raise KgError(
        f"no {kind} is called '{wanted}'",
        hint=f"did you mean: {shown(found)}?" if found else hint,
    )


def listed(items: Iterable[str], and_word: str) -> str:
    """Items as a list in running text, with the language's ``and_word``: "a, b and c".

    >>> listed(["a", "b", "c"], "och"), listed(["a"], "and")
    ('a, b och c', 'a')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {and_word} " + items[-1]


def paired(name: str, other: str | None) -> str:
    """``name`` with ``other`` (its name in the other language) in brackets, each written
    once: where one contains the other, the longer alone; where the two share an
    abbreviation ("NAD (…)" and "NAD (…)", or "… (UMIS)" and "… (UMIS)"), ``name`` alone.
    The report, its terminal summary and anything else that pairs names call this.

    >>> paired("Leisure Committee", "Fritidsnämnden"), paired("Polisen", "Polisen")
    ('Leisure Committee (Fritidsnämnden)', 'Polisen')
    >>> paired("VA-Syd", "VA-Syd (water and wastewater organisation)")
    'VA-Syd (water and wastewater organisation)'
    >>> paired("NAD (Network Activity Participation)", "NAD (Nätverk Aktivitet Delaktighet)")
    'NAD (Network Activity Participation)'
    >>> paired("Young People Meet in Sofielund (UMIS)", "Unga Möts i Sofielund (UMIS)")
    'Young People Meet in Sofielund (UMIS)'

    The longer is taken only where it adds words in brackets (a word of the other language
    would else stand for the name), and brackets are never nested:

    >>> paired("Healthy Cities", "Healthy Cities network")
    'Healthy Cities'
    >>> paired("UMIS", "Unga Möts i Sofielund (UMIS)")
    'Unga Möts i Sofielund (UMIS)'
    >>> paired("Hela familjen", "The Whole Family (City District Committee Öster)")
    'Hela familjen (The Whole Family, City District Committee Öster)'
    """
    if not other or other in name:
        return name
    if name in other:
        added = other.replace(name, "", 1).strip()
        in_brackets = added.startswith("(") and added.endswith(")")
        return other if in_brackets or name in _abbreviations(other) else name
    if _abbreviations(name) & _abbreviations(other):
        return name
    parts = _BRACKETED.match(other.strip())
    if parts:
        other = f"{parts['outside']}, {parts['inside']}"
    return f"{name} ({other})"


_BRACKETED = re.compile(r"^(?P<outside>.+?)\s*\((?P<inside>[^()]+)\)$")


def _abbreviations(name: str) -> set[str]:
    """The abbreviation a name gives beside its words in brackets, either way round: "NAD"
    of "NAD (Nätverk Aktivitet Delaktighet)" and of "Nätverk Aktivitet Delaktighet (NAD)"."""
    found = _BRACKETED.match(name.strip())
    if not found:
        return set()
    return {
        part.strip()
        for part in found.group("outside", "inside")
        if " " not in part.strip() and sum(c.isupper() for c in part) >= 2
    }


def _cities(actors: dict[str, dict]) -> set[str]:
    """The data's municipalities (kg:Municipality)."""
    return {iri for iri, actor in actors.items() if actor["type"] == "Municipality"}


def municipality_of(actors: dict[str, dict]) -> Callable[[str], str | None]:
    """The municipality of each organisation (by IRI): the kg:Municipality it is part of
    (``org:subOrganizationOf`` upwards), else the only one with bodies of its own in its
    namespace (the bundled data names Stockholm and Göteborg beside Malmö, whose committees
    are Malmö's), else None; an area's or goal area's is its namespace's."""
    cities = _cities(actors)
    with_bodies = {a["municipality"] for a in actors.values()} & cities
    spaces = Counter(city.rsplit("/", 1)[0] for city in with_bodies)
    by_space = {c.rsplit("/", 1)[0]: c for c in with_bodies if spaces[c.rsplit("/", 1)[0]] == 1}

    @cache
    def municipality(iri: str) -> str | None:
        seen, at = set(), iri
        while at in actors and at not in seen:
            if at in cities:
                return at
            seen.add(at)
            at = actors[at].get("municipality") or ""
        return by_space.get(iri.rsplit("/", 1)[0])

    return municipality


def tell_apart(actors: dict[str, dict], places: Iterable[tuple[dict[str, str], str]] = ()) -> None:
    """Name each organisation that shares its name with another after its municipality, where
    the data holds several municipalities (two cities' folders given together): "Alby kommun:
    Fritidsnämnden", the data it comes from first (not "Fritidsnämnden, Alby kommun", which
    reads as a part of the municipality where it is an association or a region); the Swedish
    names and the English ones each on their own, and that name found by a lookup too.
    Namesakes of one municipality (or of none) get their id instead ("…, id:alby/x"); the
    municipality is :func:`municipality_of`'s.

    ``places`` are the areas' and goal areas' names (IRI → name) with the language they are
    in (``label`` or ``label_en``): those that share a name are named after their
    municipality too."""
    if len(_cities(actors)) < 2:
        return
    municipality = municipality_of(actors)
    renamed: dict[tuple[str, str], str] = {}
    for key in ("label", "label_en"):
        namesakes: dict[str, list[str]] = {}
        for iri, actor in actors.items():
            if actor["type"] != "Municipality":
                namesakes.setdefault(actor[key], []).append(iri)
        for name, iris in namesakes.items():
            if len(iris) < 2:
                continue
            told = {
                i: (f"{actors[h][key]}: " if (h := municipality(i)) else "") + name for i in iris
            }
            alike = Counter(told.values())
            for iri in iris:
                renamed[key, iri] = (
                    told[iri] if alike[told[iri]] == 1 else f"{name}, {display(iri)}"
                )
    for (key, iri), name in renamed.items():
        actors[iri][key] = name
        actors[iri]["names"] = sorted({*actors[iri]["names"], name})
    for labels, key in places:
        alike = Counter(labels.values())
        for iri, name in list(labels.items()):
            home = municipality(iri)
            if alike[name] > 1 and home is not None:
                labels[iri] = f"{actors[home][key]}: {name}"
