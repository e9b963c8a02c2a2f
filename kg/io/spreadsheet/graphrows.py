"""Reading a graph into cells: each value read is marked used, so the rest can go to sheet other.

:class:`Exporter` knows which thing is in which sheet, how a cell refers to a thing (its
Swedish name when unique, else its id) and which excerpts the evidence columns can hold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.io.spreadsheet.build import name_key
from kg.io.spreadsheet.cells import SEPARATOR, date_literal, ref_text
from kg.io.spreadsheet.vocab import (
    ACTOR_TYPES,
    AREA_TYPES,
    COLLABORATION_TYPES,
    Vocabulary,
    yes_no,
)
from kg.model.namespace import KG, OA, ORG
from kg.model.vocab import DATA_IRI, PREFIXES

#: A node of the graph, a value read from it, and a test of values.
Node = URIRef | BNode
Value = URIRef | BNode | Literal
Test = Callable[[Value], bool]

_BARE = re.compile(r"^[A-Za-z_][\w.-]*$")
_LOCAL = re.compile(r"^[A-Za-z_][\w-]*$")
_KINDS = (
    ("document", (KG.SourceDocument,)),
    ("actor", tuple(URIRef(t.iri) for t in ACTOR_TYPES.terms)),
    ("collaboration", tuple(URIRef(t.iri) for t in COLLABORATION_TYPES.terms)),
    ("count", (KG.StatedCount,)),
    ("area", tuple(URIRef(t.iri) for t in AREA_TYPES.terms)),
)


def _cellable(value: object, listed: bool = False) -> bool:
    text = str(value)
    return bool(text) and text == text.strip() and not (listed and SEPARATOR in text)


def untagged(value: object) -> bool:
    """Whether ``value`` is a literal with neither a language tag nor a datatype."""
    return isinstance(value, Literal) and value.language is None and value.datatype is None


def is_year(value: object) -> bool:
    """A four-digit ``xsd:gYear``, as a year cell writes it."""
    return (
        isinstance(value, Literal)
        and value.datatype == XSD.gYear
        and bool(re.fullmatch(r"\d{4}", str(value)))
    )


def _lang(lang: str) -> Test:
    return lambda v: isinstance(v, Literal) and v.language == lang and _cellable(v)


def detect_base(graph: Graph) -> str:
    """The namespace most actors, collaborations and documents are named under."""
    found = Counter(
        str(s).rsplit("/", 1)[0] + "/"
        for _, classes in _KINDS
        for c in classes
        for s in graph.subjects(RDF.type, c)
        if isinstance(s, URIRef)
    )
    return found.most_common(1)[0][0] if found else DATA_IRI


class Exporter:
    """Reads a graph into rows, marking every triple it uses."""

    def __init__(self, graph: Graph, base: str, lang: str) -> None:
        self.g, self.base, self.lang = graph, base, lang
        self.used: set[tuple] = set()
        self.kind: dict[URIRef, str] = {}
        for kind, classes in _KINDS:
            for cls in classes:
                for subject in sorted(graph.subjects(RDF.type, cls)):
                    if isinstance(subject, URIRef):
                        self.kind.setdefault(subject, kind)
        self.names: dict[str, Counter] = {}
        for subject, kind in self.kind.items():
            for name in self._names(subject):
                self.names.setdefault(kind, Counter())[name] += 1
        self.excerpts = {e for e in graph.subjects(OA.hasSource, None) if self._excerpt_ok(e)}
        self.cited: set[URIRef] = set()
        memberships = set(graph.subjects(RDF.type, ORG.Membership))
        #: Subjects no sheet holds: written to sheet other, and referred to by id.
        self.others = {
            s
            for s in set(graph.subjects())
            if isinstance(s, URIRef)
            and s not in self.kind
            and s not in self.excerpts
            and s not in memberships
        }
        self.out: dict[str, list[dict[str, str]]] = {}

    # ---- reading values

    def take(self, subject: Node, predicate: URIRef, test: Test = lambda v: True) -> list:
        values = sorted((v for v in self.g.objects(subject, predicate) if test(v)), key=str)
        self.used.update((subject, predicate, v) for v in values)
        return values

    def one(self, subject: Node, predicate: URIRef, test: Test = lambda v: True) -> Value | None:
        values = sorted((v for v in self.g.objects(subject, predicate) if test(v)), key=str)
        if values:
            self.used.add((subject, predicate, values[0]))
        return values[0] if values else None

    def text(self, subject: Node, predicate: URIRef, test: Test = lambda v: True) -> str:
        value = self.one(subject, predicate, lambda v: test(v) and _cellable(v))
        return "" if value is None else str(value)

    def text_in(self, subject: Node, predicate: URIRef, lang: str) -> str:
        """The text of ``predicate`` in ``lang`` (a literal with that tag), "" where none."""
        return self.text(subject, predicate, _lang(lang))

    def word(self, subject: Node, predicate: URIRef, vocabulary: Vocabulary) -> str:
        value = self.one(subject, predicate, lambda v: vocabulary.of(v) is not None)
        return vocabulary.of(value).name(self.lang) if value is not None else ""

    def yes_no(self, subject: Node, predicate: URIRef) -> str:
        value = self.one(
            subject,
            predicate,
            lambda v: (
                isinstance(v, Literal) and v.datatype == XSD.boolean and str(v) in ("true", "false")
            ),
        )
        if value is None:
            return ""
        return yes_no(value.toPython() is True, self.lang)

    def years(self, subject: Node) -> str:
        """The one ``kg:year`` a year cell takes (any other goes to sheet other)."""
        value = self.one(subject, KG.year, is_year)
        return "" if value is None else str(value)

    def date(self, subject: Node, predicate: URIRef, test: Test = lambda v: True) -> str:
        return self.text(subject, predicate, lambda v: date_literal(str(v)) == v and test(v))

    def refs(
        self,
        subject: Node,
        predicate: URIRef,
        kinds: Collection[str],
        test: Test = lambda t: True,
    ) -> str:
        targets = self.take(subject, predicate, lambda v: self._refable(v, kinds) and test(v))
        return f" {SEPARATOR} ".join(self.ref(t, kinds) for t in targets)

    def _refable(self, value: Value, kinds: Collection[str]) -> bool:
        if "other" in kinds and isinstance(value, URIRef) and value in self.others:
            return True
        return self.kind.get(value) in kinds and SEPARATOR not in self.ref(value, kinds)

    def _names(self, subject: Node) -> list[str]:
        return [
            name_key(v)
            for v in self.g.objects(subject, SKOS.prefLabel)
            if isinstance(v, Literal) and v.language == "sv"
        ][:1]

    def ref(self, iri: URIRef, kinds: Collection[str]) -> str:
        """How a cell refers to a thing: its Swedish name when that is unique, else its id."""
        labels = sorted(
            str(v)
            for v in self.g.objects(iri, SKOS.prefLabel)
            if isinstance(v, Literal) and v.language == "sv"
        )
        if self.kind.get(iri) == "document":
            return self.id(iri)
        if labels and _cellable(labels[0], True):
            key = name_key(labels[0])
            if sum(self.names.get(k, Counter())[key] for k in kinds) == 1:
                return labels[0]
        text = self.id(iri)
        taken = any(self.names.get(k, Counter())[name_key(text)] for k in kinds)
        return f"<{iri}>" if taken else text

    def id(self, iri: URIRef) -> str:
        return ref_text(str(iri), self.base)

    # ---- evidence

    def _excerpt_ok(self, excerpt: Node) -> bool:
        g = self.g
        sources = list(g.objects(excerpt, OA.hasSource))
        pages = list(g.objects(excerpt, KG.page))
        selectors = list(g.objects(excerpt, OA.hasSelector))
        if len(sources) != 1 or len(pages) > 1 or len(selectors) != 1:
            return False
        if not isinstance(excerpt, URIRef) or not isinstance(selectors[0], BNode):
            return False
        if pages and not (
            isinstance(pages[0], Literal)
            and pages[0].datatype == XSD.integer
            and str(pages[0]).isdigit()
        ):
            return False
        selector = set(g.predicate_objects(selectors[0]))
        exact = [v for p, v in selector if p == OA.exact]
        return (
            len(selector) == 2
            and (RDF.type, OA.TextQuoteSelector) in selector
            and len(exact) == 1
            and untagged(exact[0])
            and _cellable(exact[0])
            and (excerpt, RDF.type, KG.SourceExcerpt) in g
            and self.kind.get(sources[0]) == "document"
            and len(list(g.subjects(OA.hasSelector, selectors[0]))) == 1
        )

    def cells_of(self, excerpt: URIRef) -> dict[str, str]:
        """The evidence columns of an excerpt; its triples and its selector's are used."""
        self.cited.add(excerpt)
        selector = self.g.value(excerpt, OA.hasSelector)
        page = self.g.value(excerpt, KG.page)
        for predicate in (RDF.type, OA.hasSource, KG.page, OA.hasSelector):
            for value in self.g.objects(excerpt, predicate):
                if predicate != RDF.type or value == KG.SourceExcerpt:
                    self.used.add((excerpt, predicate, value))
        self.used.update(self.g.triples((selector, None, None)))
        return {
            "document": self.id(self.g.value(excerpt, OA.hasSource)),
            "page": str(page) if page is not None else "",
            "quote": str(self.g.value(selector, OA.exact)),
            "evidence_id": self.id(excerpt),
        }

    def evidence(self, row: dict, subject: Node, about: str, party: str = "") -> dict:
        """The first excerpt into ``row``, the others into sheet evidence. A row with years
        takes the excerpt of its latest document, the one its years are checked against when
        it is imported again (a year may be a later report's, not an earlier one's)."""
        excerpts = self.take(subject, PROV.wasDerivedFrom, lambda v: v in self.excerpts)
        if len(excerpts) > 1 and any(row.get(k) for k in ("year", "start", "end")):
            excerpts = sorted(excerpts, key=lambda e: -self.latest_year(e))
        for number, excerpt in enumerate(excerpts):
            cells = self.cells_of(excerpt)
            if number == 0:
                row.update(cells)
            else:
                self.out.setdefault("evidence", []).append(
                    {"about": about, "party": party, **cells}
                )
        return row

    def latest_year(self, excerpt: Node) -> int:
        """The latest year its document names (issued, reported on, covered), else 0."""
        document = self.g.value(excerpt, OA.hasSource)
        values = [
            str(value)
            for predicate in (DCTERMS.issued, KG.reportYear, DCTERMS.temporal)
            for value in self.g.objects(document, predicate)
        ]
        return max((int(y) for y in re.findall(r"\d{4}", " ".join(values))), default=0)

    def labels(self, subject: Node) -> dict[str, str]:
        listed = {
            lang: self.take(
                subject, SKOS.altLabel, lambda v, lang=lang: _lang(lang)(v) and _cellable(v, True)
            )
            for lang in ("sv", "en")
        }
        return {
            "id": self.id(subject),
            "name_sv": self.text(subject, SKOS.prefLabel, _lang("sv")),
            "name_en": self.text(subject, SKOS.prefLabel, _lang("en")),
            "other_sv": f" {SEPARATOR} ".join(str(v) for v in listed["sv"]),
            "other_en": f" {SEPARATOR} ".join(str(v) for v in listed["en"]),
        }

    def descriptions(self, subject: Node) -> dict[str, str]:
        """The subject's description in English and in Swedish, as a row's two columns."""
        return {
            "description": self.text(subject, DCTERMS.description, _lang("en")),
            "description_sv": self.text(subject, DCTERMS.description, _lang("sv")),
        }

    def of_kind(self, kind: str) -> list[URIRef]:
        return sorted(
            (s for s, k in self.kind.items() if k == kind),
            key=lambda s: ((self._names(s) or [""])[0], str(s)),
        )


def term_text(term: Value, base: str, graph: Graph) -> str:
    """A term as sheet other writes it: an id under ``base``, prefix:name, <IRI> or a literal."""
    if isinstance(term, Literal):
        if term.ill_typed:  # rdflib would write "yes" typed xsd:boolean bare, and warn
            return f"{Literal(str(term)).n3()}^^{term.datatype.n3(graph.namespace_manager)}"
        return term.n3(graph.namespace_manager)
    text = str(term)
    if (
        text.startswith(base)
        and _BARE.match(text[len(base) :])
        and text[len(base) :] not in ("true", "false")
    ):
        return text[len(base) :]
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and _LOCAL.match(text[len(namespace) :]):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"
