"""The pages a person reads at a resource's or the ontology's address (``/id/…``,
``/ontology``): names in the reader's language, every statement with its evidence, and links
that stay on this server for the graph's own resources; and the page a browser reads where the
graph holds nothing about an address (any other client gets that refusal as plain text)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pyoxigraph as ox

from kg.model.spoken import LANGUAGES
from kg.model.vocab import (
    DCTERMS,
    DERIVED_FROM,
    LACKS_GROUP,
    ONTOLOGY_IRI,
    PARTNER,
    PREFIXES,
    REPLACES,
    TYPE,
    XSD,
)
from kg.paths import ontology_file
from kg.sparql.results import FORMATS, SHOWN
from kg.web.pages import render, static
from kg.web.resource import Described, href, link_evidence, prefixed
from kg.web.values import language, literal, term_name
from kg.web.wording import in_quotes, wording

#: A referrer's properties worded from the page's end (the wording's key): "replaced by"
INVERSE = {REPLACES: "replaced_by"}

#: The property whose value, a language's code, a page shows by the language's name
LANGUAGE = DCTERMS + "language"


def resource_page(
    about: Described,
    lang: str,
    *,
    base: str,
    root: str,
    query: str,
    credit: str | None,
    cut: bool = False,
    chosen: str | None = None,
    year: int | None = None,
) -> bytes:
    """The HTML page of ``about`` in ``lang``: its links are relative, ``root`` leading to the
    server's root, ``base`` the namespace served at ``id/``; ``query`` the SPARQL it links to,
    ``cut`` whether the answer was cut at ``--max-rows``; ``chosen`` the language the address
    chose (``?lang=``, kept by its links); ``year`` the year served (``kg serve --year``)."""
    words = wording(lang, "resource")

    def term(iri: str) -> dict:  # a name in another language says so (WCAG 3.1.2)
        if iri in about.excerpts:
            return {"href": href(iri, base, root, chosen), **excerpt_name(iri), "lang": None}
        return named(iri, about, lang, href(iri, base, root, chosen))

    def excerpt_name(iri: str) -> dict:
        """An excerpt's name: its document, page and the beginning of its quote."""
        said = about.excerpts[iri]
        doc = about.name(said["doc"], lang) if said["doc"] != about.iri else None
        page = words["page"].format(page=said["page"]) if said["page"] else None
        where = ", ".join(p for p in (doc, page) if p)
        text = f"{where}: {quoted(said['quote'], lang)}" if where else quoted(said["quote"], lang)
        return {"text": text, "title": prefixed(iri)}

    def value(node: dict, of: str = "") -> dict:
        if node["type"] == "uri":
            return term(node["value"])
        if node["type"] == "bnode":
            return {"text": "[…]", "lang": None, "note": None, "title": None}
        return language(node, lang) if of == LANGUAGE else literal(node, lang)

    def evidence(of: str) -> list[dict]:
        return [
            {
                **term(e["iri"]),
                "label": f"{words['excerpt']}: {excerpt_name(e['iri'])['text']}"
                if e["iri"] in about.excerpts
                else None,
                "quote": e["quote"],
                "page": e["page"],
                "doc": term(e["doc"]) if e["doc"] else None,
            }
            for e in about.evidence.get(of, [])
        ]

    title = term(about.iri)
    if about.iri not in about.excerpts and not about.name(about.iri, lang):  # a membership …
        title = {**title, "text": unnamed(about, lang, base, words)}
    names = about.names.get(about.iri, {})
    gaps = about.gaps()
    statements = [
        {
            "property": term(p),
            "value": value(o, p),
            "derived": derived,
            "gap": o["value"] in gaps if p == LACKS_GROUP and gaps is not None else None,
            "link": link_evidence(about.iri, o["value"]) if p == PARTNER else None,
        }
        for p, o, derived in about.statements
        if p not in (TYPE, DERIVED_FROM)
    ]
    referrers = [
        {
            "subject": {**term(s), "text": words["membership"], "title": prefixed(s)}
            if via and not about.name(s, lang)
            else term(s),
            "property": {**term(p), "text": words[INVERSE[p]], "lang": None}
            if p in INVERSE
            else term(p),
            "via": term(via) if via else None,
            # the passages that state the row (kg.web.resource, above PAGE_QUERY): not an
            # actor's, which only name it, nor any for a derived row
            "evidence": evidence(s) if stated and not derived and p != DERIVED_FROM else [],
            "elsewhere": not stated and not derived and bool(about.evidence.get(s)),
            "derived": derived,
            "link": link_evidence(s, about.iri) if p == PARTNER else None,
        }
        for s, p, via, derived, stated in about.referrers
    ]
    # the RDF formats the page links to, by their format= name
    formats = [
        {"href": f"?format={f}", "media": m, "name": SHOWN[f][0]}
        for f, m in FORMATS["graph"].items()
    ]
    return _page(
        "resource.html",
        lang,
        root,
        chosen,
        title=title["text"],
        title_lang=title["lang"],
        other_names=sorted(
            (k, v) for k, v in names.items() if k and k != lang and v != title["text"]
        ),
        iri=about.iri,
        types=[term(t) for t in about.types],
        formats=formats,
        query=query,
        cut=cut,
        evidence=evidence(about.iri),
        statements=statements,
        referrers=referrers,
        gaps=None if gaps is None else [term(g) for g in gaps],
        credit=credit,
        year=year,
    )


def _page(template: str, lang: str, root: str, chosen: str | None, **context: Any) -> bytes:
    """``templates/<template>`` in ``lang`` with what each page at /id/ and /ontology has: the
    stylesheet, the wording, the other language, the way up to the server's root (``root``)
    and the language its address chose (``chosen``), which its links keep."""
    return render(
        template,
        css=static("linked.css"),
        w=wording(lang, "resource"),
        lang=lang,
        other=next(o for o in LANGUAGES if o != lang),
        root=root,
        kept=f"?lang={chosen}" if chosen else "",
        **context,
    ).encode("utf-8")


def missing_page(said: str, lang: str, root: str, chosen: str | None) -> bytes:
    """The 404 page: ``said`` (the refusal, worded in ``lang``), ``root`` the way up to the
    server's root; its links, back to the query page and to the namespace, keep the language
    an address chose (``chosen``).

    >>> page = missing_page("nothing about <x>", "sv", "../", None).decode()
    >>> '<html lang="sv">' in page, 'href="../"' in page, 'href="../id/"' in page
    (True, True, True)
    """
    return _page("missing.html", lang, root, chosen, said=said)


@cache
def ontology_page(
    lang: str, credit: str | None, root: str = "./", chosen: str | None = None
) -> bytes:
    """The ontology's page in ``lang``: each class, property and concept with its names in
    both languages, its definition and its place (subclass, domain, range), at ``#Name``;
    ``root`` leads from the page to the server's root (``../`` from a version's page); its
    links to the server's pages keep the language ``chosen`` by its ``?lang=``."""
    graph = ox.Store()
    graph.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    described = Described(ONTOLOGY_IRI.rstrip("#"))
    for t in graph:
        if isinstance(t.object, ox.Literal) and t.predicate.value in _NAMES:
            names = described.names.setdefault(t.subject.value, {})
            names.setdefault(t.object.language or "", t.object.value)
    words = wording(lang, "resource")
    groups: dict[str, list[dict]] = {"classes": [], "properties": [], "concepts": []}
    disjoint = _disjoint(graph)
    terms = {t.subject.value for t in graph if t.subject.value.startswith(ONTOLOGY_IRI)}
    for subject in sorted(terms):
        said = _said(graph, subject)
        kind = _kind(said.get(TYPE, []))
        name = subject[len(ONTOLOGY_IRI) :]
        groups[kind].append(
            {
                "id": name,
                "prefixed": prefixed(subject),
                "names": sorted(  # the page's language first
                    described.names.get(subject, {}).items(), key=lambda n: (n[0] != lang, n)
                ),
                "definition": _in(graph, ox.NamedNode(subject), _DEFINITIONS, lang),
                "links": [
                    (words[key], [_link(o, described, lang) for o in said.get(p, [])])
                    for key, p in _LINKS
                    if said.get(p)
                ]
                + [
                    (words["disjoint_with"], [_link(o, described, lang) for o in found])
                    for found in [sorted(disjoint.get(subject, ()))]
                    if found
                ],
            }
        )
    top = _said(graph, described.iri)
    kept = f"?lang={chosen}" if chosen else ""
    version = (top.get(_OWL + "versionIRI") or [None])[0]
    served = ontology_version()
    return _page(
        "ontology.html",
        lang,
        root,
        chosen,
        title=described.name(described.iri, lang),
        iri=described.iri,
        version=version,
        version_href=f"{root}ontology/{served}{kept}" if served else None,
        licence=(top.get("http://purl.org/dc/terms/license") or [None])[0],
        prior=(top.get(_OWL + "priorVersion") or [None])[0],
        issued=[
            {"iso": d, **literal({"value": d, "datatype": XSD + "date"}, lang)}
            for d in top.get(_ISSUED, [])
        ],
        creators=_creators(graph, described.iri, lang),
        description=_in(graph, ox.NamedNode(described.iri), (DCTERMS + "description",), lang),
        groups=groups,
        credit=credit,
    )


@cache
def ontology_version() -> str | None:
    """The name of the ontology's version its ``owl:versionIRI`` gives under the ontology's IRI
    (``0.4.0`` for ``…/ontology/0.4.0``), which kg serve answers at ``/ontology/NAME``.

    >>> ontology_version()
    '0.4.0'
    """
    space = ONTOLOGY_IRI.rstrip("#") + "/"
    for t in ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == _OWL + "versionIRI" and t.object.value.startswith(space):
            name = t.object.value[len(space) :]
            return name if name and "/" not in name else None
    return None


_OWL = PREFIXES["owl"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_ISSUED = "http://purl.org/dc/terms/issued"
_CREATOR = "http://purl.org/dc/terms/creator"
_FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
_NAMES = (_RDFS + "label", _SKOS + "prefLabel", "http://purl.org/dc/terms/title")
_DEFINITIONS = (_SKOS + "definition", _RDFS + "comment", "http://purl.org/dc/terms/description")
_LINKS = (
    ("subclass_of", _RDFS + "subClassOf"),
    ("domain", _RDFS + "domain"),
    ("range", _RDFS + "range"),
)


def named(iri: str, described: Described, lang: str, link: str) -> dict:
    """A link to ``iri`` at ``link``, shown by its name in ``lang`` (its language marked where
    it is another, WCAG 3.1.2), else its vocabulary's name in :mod:`kg.web.values`' table,
    else its prefixed name; ``title``: the prefixed name, where the text is the table's name.

    >>> named("http://purl.org/dc/terms/title", Described("x"), "sv", "")["text"]
    'titel'
    """
    name, tag = described.named(iri, lang)
    short = prefixed(iri)
    text = name or term_name(short, lang)
    said = tag if name and tag != lang else None
    title = short if text and not name else None  # a vocabulary's term: its prefixed name
    return {"href": link, "text": text or short, "lang": said, "title": title}


def unnamed(about: Described, lang: str, base: str, words: dict[str, str]) -> str:
    """The heading of a resource the data gives no name (a membership, a stated count): its
    type, then the named resources of the graph it states something of (a membership's
    member and organisation, the committee a count is for), else its prefixed name.

    >>> about = Described("http://x/m", statements=[
    ...     (TYPE, {"type": "uri", "value": PREFIXES["org"] + "Membership"}, False),
    ...     (PREFIXES["org"] + "member", {"type": "uri", "value": "http://x/a"}, False)],
    ...     names={"http://x/a": {"sv": "Fritidsnämnden"}})
    >>> unnamed(about, "sv", "http://x/", {"membership": "medlemskap"})
    'Medlemskap: Fritidsnämnden'
    """
    kinds = [term_name(prefixed(t), lang) or about.name(t, lang) for t in about.types]
    kind = next((k for k in kinds if k), None)
    of = [
        about.name(o["value"], lang)
        for p, o, derived in about.statements
        if o["type"] == "uri"
        and not derived
        and p not in (TYPE, DERIVED_FROM)
        and o["value"].startswith(base)
        and about.name(o["value"], lang)
    ]
    if not kind:
        return prefixed(about.iri)
    kind = kind[:1].upper() + kind[1:]
    return f"{kind}: {', '.join(dict.fromkeys(of))}" if of else kind


def quoted(quote: str | None, lang: str, size: int = 60) -> str:
    """The beginning of ``quote`` (about ``size`` characters, cut at a word) in the quotation
    marks of ``lang``.

    >>> quoted("Nämnden har i samverkan med Arbetsförmedlingen påbörjat en satsning", "sv", 30)
    '”Nämnden har i samverkan med…”'
    """
    text = " ".join((quote or "").split())
    if len(text) > size:
        text = text[:size].rsplit(" ", 1)[0].rstrip(",.;:–-") + "…"
    return in_quotes(text, lang)


def _link(iri: str, described: Described, lang: str) -> dict:
    """A link from the ontology's page: to a term of its own on the page, else to ``iri``."""
    local = iri[len(ONTOLOGY_IRI) :] if iri.startswith(ONTOLOGY_IRI) else None
    return named(iri, described, lang, f"#{local}" if local else iri)


def _said(graph: Any, subject: str) -> dict[str, list[str]]:
    said: dict[str, list[str]] = {}
    for t in graph.quads_for_pattern(ox.NamedNode(subject), None, None):
        said.setdefault(t.predicate.value, []).append(t.object.value)
    return {p: sorted(v) for p, v in said.items()}


def _in(graph: Any, subject: Any, predicates: tuple[str, ...], lang: str) -> str | None:
    """The first of ``predicates``' texts of ``subject`` (a node) in ``lang``, else in any
    language."""
    found = [
        (t.object.language != lang, i, t.object.value)
        for i, p in enumerate(predicates)
        for t in graph.quads_for_pattern(subject, ox.NamedNode(p), None)
        if isinstance(t.object, ox.Literal)
    ]
    return min(found)[2] if found else None


def _disjoint(graph: Any) -> dict[str, set[str]]:
    """Each class the ontology declares disjoint with others (``owl:disjointWith``, which it
    states pairwise), with those others, both ways."""
    disjoint: dict[str, set[str]] = {}
    for t in graph.quads_for_pattern(None, ox.NamedNode(_OWL + "disjointWith"), None):
        disjoint.setdefault(t.subject.value, set()).add(t.object.value)
        disjoint.setdefault(t.object.value, set()).add(t.subject.value)
    return disjoint


def _creators(graph: Any, iri: str, lang: str) -> list[str]:
    """The names of the ontology's creators (``dcterms:creator``), in ``lang`` where given."""
    creators = graph.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(_CREATOR), None)
    return sorted(_in(graph, c.object, (_FOAF_NAME,), lang) or c.object.value for c in creators)


def _kind(types: list[str]) -> str:
    if any(t in (_OWL + "Class", _RDFS + "Class") for t in types):
        return "classes"
    if any(t.endswith("Property") for t in types):
        return "properties"
    return "concepts"
