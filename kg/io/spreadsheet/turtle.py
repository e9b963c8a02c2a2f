"""Write a graph as Turtle the way data/*.ttl is written: grouped, one subject per block."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.errors import KgError
from kg.io.literals import ill_typed_kept
from kg.io.spreadsheet.vocab import ACTOR_TYPES, AREA_TYPES, COLLABORATION_TYPES
from kg.model.namespace import KG, OA, ORG
from kg.model.vocab import PREFIXES

_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")

#: Predicates in the order a block lists them; the rest follow, sorted.
_ORDER = [
    RDF.type,
    SKOS.prefLabel,
    SKOS.altLabel,
    DCTERMS.title,
    OA.hasSource,
    KG.page,
    OA.hasSelector,
    ORG.organization,
    ORG.member,
    ORG.role,
    KG.sector,
    KG.isMunicipal,
]
_LAST = [DCTERMS.description, PROV.wasDerivedFrom]
#: Each predicate's place in a block: those of _ORDER first, those of _LAST last, others 50.
_RANK = {p: i for i, p in enumerate(_ORDER)} | {p: 100 + i for i, p in enumerate(_LAST)}

#: Sections of the file: a heading and the classes whose instances it holds (every type of
#: actor, collaboration and area a spreadsheet's type column takes).
_SECTIONS: list[tuple[str, tuple[URIRef, ...]]] = [
    ("source documents", (KG.SourceDocument,)),
    ("actors", tuple(URIRef(t.iri) for t in ACTOR_TYPES.terms)),
    ("collaborations and their parties", tuple(URIRef(t.iri) for t in COLLABORATION_TYPES.terms)),
    ("stated counts", (KG.StatedCount,)),
    ("areas and goal areas", tuple(URIRef(t.iri) for t in AREA_TYPES.terms)),
    ("evidence", (KG.SourceExcerpt,)),
]


class _Writer:
    def __init__(self, graph: Graph, base: str) -> None:
        self.graph = graph
        self.prefixes = {"": base} | {k: v for k, v in PREFIXES.items() if v != base}
        #: the longest namespace first, so that a name takes the most specific prefix
        self._longest_first = sorted(self.prefixes.items(), key=lambda p: -len(p[1]))
        #: each IRI's name as written, made once (a graph names most IRIs many times)
        self._names: dict[URIRef, str] = {}

    def name(self, term: URIRef | Literal | BNode) -> str:
        if isinstance(term, URIRef):
            known = self._names.get(term)
            if known is None:
                known = self._names[term] = self._iri(term)
            return known
        if isinstance(term, Literal):
            text = str(term)
            if term.datatype == XSD.boolean and text in ("true", "false"):
                return text
            if term.datatype == XSD.integer and re.fullmatch(r"-?(0|[1-9][0-9]*)", text):
                return text
            return term.n3(self.graph.namespace_manager)
        return self.selector(term)  # a blank node: its selector, inline

    def _iri(self, term: URIRef) -> str:
        text = str(term)
        if term == RDF.type:
            return "a"
        for prefix, namespace in self._longest_first:
            local = text[len(namespace) :]
            if text.startswith(namespace) and (_LOCAL.match(local) or not local):
                return f"{prefix}:{local}"
        return f"<{text}>"

    def selector(self, node: BNode) -> str:
        parts = [
            f"{self.name(p)} {self.name(o)}"
            for p, o in sorted(self.graph.predicate_objects(node), key=self._key)
        ]
        return "[ " + " ; ".join(parts) + " ]"

    def _key(self, pair: tuple) -> tuple:
        predicate, value = pair
        return _RANK.get(predicate, 50), self.name(predicate), self.name(value)

    def block(self, subject: URIRef) -> str:
        by_predicate: dict[URIRef, list] = {}
        for predicate, value in sorted(self.graph.predicate_objects(subject), key=self._key):
            by_predicate.setdefault(predicate, []).append(value)
        lines = [
            f"{self.name(p)} " + " , ".join(self.name(v) for v in values)
            for p, values in by_predicate.items()
        ]
        return f"{self.name(subject)} " + " ;\n    ".join(lines) + " .\n"

    def text(self, header: str) -> str:
        out = [f"@prefix {p}: <{ns}> .\n" for p, ns in self.prefixes.items()]
        out += ["\n", *(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())]
        done: set = set()
        for heading, classes in _SECTIONS:
            subjects = sorted({s for c in classes for s in self.graph.subjects(RDF.type, c)} - done)
            if not subjects:
                continue
            out.append(f"\n# ---- {heading}\n")
            for subject in subjects:
                done.add(subject)
                out += ["\n", self.block(subject)]
                if heading.startswith("collaborations"):
                    for membership in sorted(self.graph.subjects(ORG.organization, subject)):
                        if membership not in done and isinstance(membership, URIRef):
                            done.add(membership)
                            out += ["\n", self.block(membership)]
        rest = sorted(s for s in set(self.graph.subjects()) - done if isinstance(s, URIRef))
        if rest:
            out.append("\n# ---- other facts\n")
            out += [part for s in rest for part in ("\n", self.block(s))]
        return "".join(out)


def turtle(graph: Graph, base: str, header: str = "") -> str:
    """The Turtle text of ``graph``: prefix ``:`` for ``base``, a block per subject, grouped.

    Blank nodes are written inline, so only the quote selectors of excerpts may be blank (as
    data/README.md writes them); the text is parsed back (by pyoxigraph, which reads a city's
    300,000 triples in a second where rdflib takes ten) and compared with ``graph``.
    """
    text = _Writer(graph, base).text(header)
    try:
        same = _flat(_parsed(text)) == _flat(graph)
    except SyntaxError:
        same = False
    if not same:
        raise KgError(
            "the Turtle written does not hold the same triples as the graph",
            hint="a blank node other than a quote selector cannot be written inline; "
            "report this with the spreadsheet that caused it",
        )
    return text


def _parsed(text: str) -> list[tuple]:
    """The triples of Turtle ``text`` as rdflib terms, each literal as written ("01" typed
    xsd:integer stays "01").

    >>> _parsed('<urn:a> <urn:b> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    [(rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b'), rdflib.term.Literal('01', \
datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')))]
    """
    import pyoxigraph as ox

    blanks: dict[str, BNode] = {}

    def term(node: object) -> object:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return blanks.setdefault(node.value, BNode())
        datatype = node.datatype.value  # type: ignore[attr-defined]
        if node.language or datatype == str(XSD.string):  # type: ignore[attr-defined]
            datatype = None
        return Literal(node.value, lang=node.language, datatype=datatype)  # type: ignore[attr-defined]

    with ill_typed_kept():
        return [
            (term(t.subject), term(t.predicate), term(t.object))
            for t in ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE)
        ]


def _flat(triples: Graph | list[tuple]) -> Counter:
    """The triples with each blank node replaced by what it says (as :func:`turtle` writes
    them inline): equal for two graphs that differ only in blank node names. A blank node
    used twice stays a blank node, so that the comparison fails."""
    from collections import defaultdict

    triples = list(triples)
    uses = Counter(o for _, _, o in triples if isinstance(o, BNode))
    said: dict[BNode, list[tuple]] = defaultdict(list)
    for s, p, o in triples:
        if isinstance(s, BNode):
            said[s].append((p, o))

    def term(node: object) -> object:
        if isinstance(node, BNode) and uses[node] == 1:
            return frozenset((p, term(o)) for p, o in said[node])
        return node

    kept = (t for t in triples if not isinstance(t[0], BNode) or uses[t[0]] != 1)
    return Counter((s, p, term(o)) for s, p, o in kept)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (through a temporary file beside it)."""
    from kg.io.outputs import atomic

    atomic(Path(path), lambda stream: stream.write(text.encode("utf-8")))
