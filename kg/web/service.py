"""What ``kg serve`` describes of itself: the SPARQL service description, and the query page."""

from __future__ import annotations

import base64
import hashlib
from functools import cache

import pyoxigraph as ox

from kg.errors import KgError
from kg.model.vocab import DCTERMS, DERIVED_GRAPH, RDF, RDFS, XSD
from kg.sparql.results import FORMATS
from kg.web.void import SD, VOID, WELL_KNOWN

_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def description(
    endpoint: str, triples: int, *, timeout: float, max_rows: int, licence: str | None = None
) -> list:
    """The service description's triples (pyoxigraph terms) for the endpoint at ``endpoint``
    (``…/sparql``): its default dataset is the one described in VoID at
    ``/.well-known/void``, under the data's ``licence`` where it is known."""
    rdf_type = ox.NamedNode(RDF + "type")
    sd = lambda name: ox.NamedNode(SD + name)  # noqa: E731
    described = endpoint.removesuffix("sparql") + WELL_KNOWN
    service, default = ox.NamedNode(endpoint), ox.BlankNode()
    dataset = ox.NamedNode(described + "#dataset")
    available, derived = ox.BlankNode(), ox.BlankNode()
    licences = [ox.NamedNode(licence)] if licence else []
    size = ox.Literal(str(triples), datatype=ox.NamedNode(XSD + "integer"))
    formats = [*FORMATS["solutions"], *FORMATS["graph"]]
    results = [ox.NamedNode("http://www.w3.org/ns/formats/" + _FORMAT_IRIS[f]) for f in formats]
    text = (
        "kg: the actors and alliances behind a city's social-sustainability work. Read-only "
        f"(updates are refused); SERVICE and FROM are refused; a query may run {timeout:g} s; "
        f"results are cut at {max_rows} rows. The default graph holds the curated facts and "
        "the committee-level view kg derives from them (kg:partner, kg:lacksGroup …); the "
        f"view alone is the graph <{DERIVED_GRAPH}>, for default-graph-uri or "
        "named-graph-uri. kg's prefixes (kg:, id:, org:, skos:, prov:, oa:, dcterms:, "
        "schema: …) may be used without PREFIX lines."
    )
    return [
        ox.Triple(service, rdf_type, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        *(ox.Triple(service, sd("resultFormat"), result) for result in results),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, rdf_type, ox.NamedNode(VOID + "Dataset")),
        ox.Triple(service, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(described)),
        *(ox.Triple(dataset, ox.NamedNode(DCTERMS + "license"), iri) for iri in licences),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, rdf_type, sd("Graph")),
        ox.Triple(default, ox.NamedNode(VOID + "triples"), size),
        ox.Triple(service, sd("availableGraphs"), available),
        ox.Triple(available, rdf_type, sd("GraphCollection")),
        ox.Triple(available, sd("namedGraph"), derived),
        ox.Triple(derived, rdf_type, sd("NamedGraph")),
        ox.Triple(derived, sd("name"), ox.NamedNode(DERIVED_GRAPH)),
        ox.Triple(service, ox.NamedNode(DCTERMS + "description"), ox.Literal(text, language="en")),
    ]


@cache
def query_page(
    lang: str = "en", licensed: bool = False, base: str = "", year: int | None = None
) -> tuple[bytes, str]:
    """The query page in ``lang`` (``en`` or ``sv``; self-contained HTML) and the CSP source of
    its one script; ``licensed``: the graph is kg's own data, and the page gives the credit
    its licence asks for; ``base``: the namespace whose IRIs have a page at ``id/NAME``;
    ``year``: the year whose view of the graph is served (``kg serve --year``), which the
    page says."""
    from kg.errors import translated
    from kg.io.provenance import ATTRIBUTION
    from kg.model.spoken import LANGUAGES
    from kg.model.vocab import ONTOLOGY_IRI, PREFIXES
    from kg.sparql.library import bind, library
    from kg.sparql.results import SHOWN
    from kg.sparql.values import with_values
    from kg.web.pages import render, script_json, static
    from kg.web.wording import wording

    words = wording(lang, "query")
    examples = []
    for query in library():
        try:
            text = with_values(query.text, bind(query))
        except KgError:
            text = query.text
        summary, description = query.said(lang)
        examples.append(
            {
                "name": query.name,
                "summary": summary,
                "description": description,
                "params": [
                    {"name": p.name, "value": p.default or "", "description": p.said(lang)}
                    for p in query.params
                ],
                # the header is told above the box (summary, description, parameters)
                "text": "\n".join(
                    line for line in text.splitlines() if not line.startswith("#+")
                ).lstrip("\n"),
            }
        )
    script = static("wording.js") + static("query.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    downloads = {
        kind: [
            {"name": SHOWN[f][0], "extension": SHOWN[f][1], "media": m} for f, m in offered.items()
        ]
        for kind, offered in FORMATS.items()
    }
    data = {
        "examples": examples,
        "prefixes": PREFIXES,
        "base": base,
        "ontology": ONTOLOGY_IRI,
        "downloads": downloads,
        "lang": lang,
        "text": words["page"],
    }
    other = next(o for o in LANGUAGES if o != lang)  # the page links to the other
    credit = translated(ATTRIBUTION, lang) if licensed else None
    page = render(
        "query.html",
        js=script,
        data=script_json(data),
        w=words,
        lang=lang,
        other=other,
        credit=credit,
        scope=None if year is None else words["scope"]["year"].format(year=year),
    )
    return page.encode("utf-8"), f"sha256-{digest}"
