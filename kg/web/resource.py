"""What ``kg serve`` says of one resource of the graph: the queries its workers run for it, and
the page a person reads (its names, types, statements, evidence and the resources that refer
to it), read from the SPARQL JSON those queries answer."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from kg.model.vocab import (
    LACKS_GROUP,
    ONTOLOGY_IRI,
    PREFIXES,
    REACHES_GROUP,
    TYPE,
)

#: What a resource is, as triples: where it is the subject (with the blank nodes it leads to,
#: two levels: an excerpt's quote selector) or the object. ``$r`` is the resource's IRI.
DESCRIBE = """CONSTRUCT { $r ?p ?o . ?o ?bp ?bo . ?bo ?cp ?co . ?s ?ip $r }
WHERE {
  { $r ?p ?o
    OPTIONAL { ?o ?bp ?bo FILTER(isBlank(?o))
      OPTIONAL { ?bo ?cp ?co FILTER(isBlank(?bo)) } } }
  UNION { ?s ?ip $r }
}"""

# Which rows a passage states, by the data model (data/README.md, ontology/kg.ttl): a row
# ``s p o`` that kg's rules derive is stated by none; one of a membership, a collaboration, a
# stated count or another ``prov:Entity`` by the passages ``s`` is derived from (its
# statements "rest on their quotes alone", a ``kg:basis`` saying where they do not: a
# collaboration's passages are the committee's section that reports it, its "Nämnden"); one
# of an actor by none of its own, which only name it (an administration's passages do
# not say whose it is). The report, the committee brief and the map cite the same: a party
# of a collaboration its memberships' passages (:class:`kg.model.parties.Parties`).
_NAME = "skos:prefLabel|rdfs:label|dcterms:title"
#: What the page shows, as rows of a ``kind``: ``out`` (a statement about the resource,
#: ``derived`` when its property is one kg's rules derive), ``in`` (one that refers to it;
#: ``n``: a membership's other side; ``derived`` as for ``out``; ``stated`` where the
#: passages ``s`` is derived from state what it says, as above), ``ev`` (evidence of the
#: resource, or of the ``s`` that refers to it, or the resource itself where it is an
#: excerpt: ``ev`` with its ``quote``, ``page`` and document ``doc``), ``name`` (``n``'s
#: names) and ``excerpt`` (an excerpt ``ev`` that refers to it or it refers to, named on the
#: page by its document, page and quote). The
#: resource's own statements, names and evidence come first, then those that refer to it: an
#: answer cut at ``--max-rows`` still names the resource and says what it is. A membership's
#: type is a ``FILTER EXISTS`` of the row, not a pattern of the ``OPTIONAL``: as a pattern,
#: the engine joins every membership of the graph to each answer (15 ms for a committee of
#: 5,000 memberships, against 0.1 ms).
PAGE_QUERY = f"""SELECT ?kind ?s ?p ?o ?derived ?stated ?ev ?quote ?page ?doc ?n ?name WHERE {{
  {{ $r ?p ?o BIND("out" AS ?kind)
     BIND(EXISTS {{ ?p a kg:DerivedProperty }} AS ?derived) }}
  UNION {{ ?s ?p $r BIND("in" AS ?kind)
     BIND(EXISTS {{ ?p a kg:DerivedProperty }} AS ?derived)
     BIND(EXISTS {{ ?s a ?class . ?class rdfs:subClassOf* prov:Entity }}
       || EXISTS {{ ?s a org:Membership }} AS ?stated)
     OPTIONAL {{ ?s org:organization|org:member ?n FILTER(?n != $r)
       FILTER EXISTS {{ ?s a org:Membership }} }} }}
  UNION {{ {{ $r prov:wasDerivedFrom ?ev }} UNION {{ ?s ?x $r . ?s prov:wasDerivedFrom ?ev }}
     UNION {{ $r oa:hasSelector ?selector BIND($r AS ?ev) }}
     BIND("ev" AS ?kind)
     OPTIONAL {{ ?ev oa:hasSelector/oa:exact ?quote }} OPTIONAL {{ ?ev kg:page ?page }}
     OPTIONAL {{ ?ev oa:hasSource ?doc }} }}
  UNION {{ {{ $r ?x ?n }} UNION {{ ?n ?x $r }} UNION {{ $r ?n ?x }} UNION {{ ?y ?n $r }}
     UNION {{ ?m org:member|org:organization $r ; org:organization|org:member ?n }}
     UNION {{ $r prov:wasDerivedFrom/oa:hasSource ?n }}
     UNION {{ ?y ?x $r . ?y prov:wasDerivedFrom/oa:hasSource ?n }}
     UNION {{ BIND($r AS ?n) }}
     ?n {_NAME} ?name BIND("name" AS ?kind) }}
  UNION {{ {{ ?ev ?x $r }} UNION {{ $r ?x ?ev }} ?ev oa:hasSelector/oa:exact ?quote
     OPTIONAL {{ ?ev kg:page ?page }} OPTIONAL {{ ?ev oa:hasSource ?doc }}
     BIND("excerpt" AS ?kind) }}
}} ORDER BY (IF(?kind = "out" || ?kind = "name" && sameTerm(?n, $r), 0,
  IF(?kind = "ev" && !BOUND(?s), 1, IF(?kind = "in", 2, IF(?kind = "name", 3, 4)))))"""


#: The library query that gives the passages of a link between two partners, as the report
#: and ``kg gaps`` cite them: a page links each kg:partner statement to it
LINK_EVIDENCE = "evidence-between-actors"


def link_evidence(a: str, b: str) -> str:
    """The SPARQL of the library's :data:`LINK_EVIDENCE` for the partners ``a`` and ``b``,
    its header left out (as the query page shows a library query): the passages that make
    them partners, the evidence ``kg gaps`` and the report give the link.

    >>> said = link_evidence("https://w3id.org/kg-malmo/id/umis", "https://w3id.org/kg-malmo/id/nad")
    >>> "( <https://w3id.org/kg-malmo/id/umis> <https://w3id.org/kg-malmo/id/nad> )" in said
    True
    """
    text = _link_template()
    return text.replace(_FIRST, str(ox.NamedNode(a)), 1).replace(_SECOND, str(ox.NamedNode(b)), 1)


#: The IRIs :func:`_link_template` binds the query to, once; a page puts its own in their place
_FIRST, _SECOND = "<urn:kg:link:a>", "<urn:kg:link:b>"


@cache
def _link_template() -> str:
    from kg.sparql.library import bind, find
    from kg.sparql.values import with_values

    query = find(LINK_EVIDENCE)
    text = with_values(query.text, bind(query, {"actor_a": _FIRST[1:-1], "actor_b": _SECOND[1:-1]}))
    return "\n".join(line for line in text.splitlines() if not line.startswith("#+")).lstrip()


def query_for(template: str, iri: str) -> str:
    """``template`` with ``$r`` the resource ``iri``, written as an IRI term (pyoxigraph checks
    it: a character an IRI cannot hold is a ``ValueError``, never part of the query).

    >>> query_for("ASK { $r ?p ?o }", "https://w3id.org/kg-malmo/id/x")
    'ASK { <https://w3id.org/kg-malmo/id/x> ?p ?o }'
    """
    return template.replace("$r", str(ox.NamedNode(iri)))


@dataclass
class Described:
    """A resource as its page shows it: its names (language → name), types, statements
    (property, value, derived), evidence, and the statements that refer to it (subject,
    property, the other side of a membership, derived, whether the subject's passages state it;
    their evidence); every IRI's names, and each
    excerpt's quote, page and document (IRI → ``{"quote", "page", "doc"}``)."""

    iri: str
    statements: list[tuple[str, dict, bool]] = field(default_factory=list)
    referrers: list[tuple[str, str, str | None, bool, bool]] = field(default_factory=list)
    evidence: dict[str, list[dict]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    excerpts: dict[str, dict] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        """Whether the graph holds anything about the resource."""
        return bool(self.statements or self.referrers)

    @property
    def types(self) -> list[str]:
        """The resource's classes (IRIs), sorted."""
        return sorted({v["value"] for p, v, _ in self.statements if p == TYPE})

    def gaps(self) -> list[str] | None:
        """The groups the resource lacks (``kg:lacksGroup``, derived) that are its gaps as
        ``kg gaps`` counts them (:func:`kg.analysis.gaps.counted_gaps`), by IRI, in the
        vocabulary's order; None for a resource the rules say reaches or lacks no group
        (not a committee, or one absent from the sources)."""
        from kg.analysis.gaps import counted_gaps
        from kg.model.sectors import vocabulary

        words, lacked, grouped = vocabulary(), {}, False
        for p, o, _ in self.statements:
            grouped = grouped or p in (LACKS_GROUP, REACHES_GROUP)
            concept = words.by_iri(o["value"]) if p == LACKS_GROUP else None
            if concept is not None:
                lacked[concept.name] = concept.iri
        return [lacked[g] for g in counted_gaps(lacked)] if grouped else None

    def name(self, iri: str, lang: str) -> str | None:
        """The name of ``iri`` in ``lang``, else in another language, else None."""
        return self.named(iri, lang)[0]

    def named(self, iri: str, lang: str) -> tuple[str | None, str]:
        """The name of ``iri`` as :meth:`name` finds it, with its language tag ("" for a name
        without one), so that a page can say the language of a name that is not its own."""
        names = self.names.get(iri, {})
        for tag in (lang, ""):
            if names.get(tag):
                return names[tag], tag
        return next(((n, t) for t, n in sorted(names.items())), (None, ""))


def described(iri: str, body: bytes) -> Described:
    """The :class:`Described` of ``iri`` from the SPARQL JSON answer to :data:`PAGE_QUERY`.

    >>> answer = {"results": {"bindings": [{"kind": {"value": "name"},
    ...     "n": {"type": "uri", "value": "http://x/a"},
    ...     "name": {"type": "literal", "value": "A", "xml:lang": "en"}}]}}
    >>> described("http://x/a", json.dumps(answer).encode()).name("http://x/a", "sv")
    'A'
    """
    about = Described(iri)
    seen: set = set()
    for row in json.loads(body)["results"]["bindings"]:
        value = {name: term["value"] for name, term in row.items()}
        kind, derived = value["kind"], value.get("derived") == "true"
        if kind == "name":
            names = about.names.setdefault(value["n"], {})
            names.setdefault(row["name"].get("xml:lang", ""), value["name"])
        elif kind == "out":
            key = ("out", value["p"], _key(row["o"]))
            if key not in seen:
                seen.add(key)
                about.statements.append((value["p"], row["o"], derived))
        elif kind == "in":
            said = (value["s"], value["p"], value.get("n"))
            if ("in", *said) not in seen:
                seen.add(("in", *said))
                about.referrers.append((*said, derived, value.get("stated") == "true"))
        elif kind == "ev":
            _evidence(about, row, seen)
        elif kind == "excerpt":
            about.excerpts.setdefault(row["ev"]["value"], _excerpt(row))
    about.statements.sort(key=lambda s: (s[2], s[0] != TYPE, s[0], _key(s[1])))
    about.referrers.sort(key=lambda r: (r[1], r[0], r[2] or ""))
    return about


def _evidence(about: Described, row: dict, seen: set) -> None:
    of = row.get("s", {}).get("value", about.iri)
    key = ("ev", of, row["ev"]["value"])
    if key in seen:
        return
    seen.add(key)
    excerpt = _excerpt(row)
    about.evidence.setdefault(of, []).append({"iri": row["ev"]["value"], **excerpt})
    if excerpt["quote"]:
        about.excerpts.setdefault(row["ev"]["value"], excerpt)
    about.evidence[of].sort(key=lambda e: (e["doc"] or "", _page(e["page"]), e["iri"]))


def _excerpt(row: dict) -> dict:
    return {k: row.get(k, {}).get("value") for k in ("quote", "page", "doc")}


def _page(page: str | None) -> int:
    return int(page) if page and page.isdigit() else 0


def _key(term: dict) -> str:
    return f"{term.get('type')}|{term['value']}|{term.get('xml:lang', '')}"


def prefixed(iri: str) -> str:
    """``iri`` written with one of kg's prefixes where one fits (``kg:Committee``).

    >>> prefixed("https://w3id.org/kg-malmo/ontology#Committee"), prefixed("urn:x")
    ('kg:Committee', 'urn:x')
    """
    for prefix, space in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if iri.startswith(space) and "/" not in iri[len(space) :]:
            return f"{prefix}:{iri[len(space) :]}"
    return iri


def href(iri: str, base: str, root: str, chosen: str | None = None) -> str:
    """Where a page links for ``iri``: the resource's page on this server for an IRI under
    ``base`` (served at ``id/``) and the ontology's page for one of its terms (``root`` leads
    from the page to the server's root), in the language ``chosen`` by the page's ``?lang=``
    where it was; any other http(s) IRI as it is, and none ("") for another scheme
    (``javascript:``, ``urn:``), which the page shows as text.

    >>> base = "https://w3id.org/kg-malmo/id/"
    >>> href(base + "umis", base, "../"), href(ONTOLOGY_IRI + "Committee", base, "../")
    ('../id/umis', '../ontology#Committee')
    >>> href("https://schema.org/Project", base, "../"), href("javascript:alert(1)", base, "")
    ('https://schema.org/Project', '')
    >>> href(base + "f%C3%B6r", base, "../"), href(base + "för", base, "../")
    ('../id/f%25C3%25B6r', '../id/f%C3%B6r')
    >>> href(base + "umis", base, "../", "sv"), href(ONTOLOGY_IRI + "Committee", base, "", "sv")
    ('../id/umis?lang=sv', 'ontology?lang=sv#Committee')
    """
    from urllib.parse import quote

    kept = f"?lang={chosen}" if chosen else ""
    if iri.startswith(base) and len(iri) > len(base):  # a % of the IRI's is escaped: the
        # server reads the path decoded, and must read the IRI's own %xx back
        return root + "id/" + quote(iri[len(base) :], safe="/-._~!$&'()*+,;=:@") + kept
    if iri.startswith(ONTOLOGY_IRI) or iri == ONTOLOGY_IRI.rstrip("#"):
        return root + "ontology" + kept + iri[len(ONTOLOGY_IRI) - 1 :]
    return iri if iri.partition(":")[0].lower() in ("http", "https") else ""
