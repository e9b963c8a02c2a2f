"""The dataset ``kg serve`` publishes, described in VoID and DCAT (``/.well-known/void``): its
size, classes, licence, namespace, SPARQL endpoint and example resources."""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.model.vocab import DCTERMS, ONTOLOGY_IRI, PREFIXES, RDF, XSD

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SD = "http://www.w3.org/ns/sparql-service-description#"
#: The path of the description (RFC 5785, as VoID §7.2 names it).
WELL_KNOWN = ".well-known/void"
#: The vocabularies the graph's terms come from.
VOCABULARIES = ("kg", "org", "cv", "schema", "skos", "prov", "oa", "dcterms", "foaf")

#: The counts VoID gives, and three example resources: committees where there are, else any
#: resources in the namespace served (``$space``, a string literal).
COUNTS = """SELECT ?kind ?x ?n WHERE {
  { SELECT ("subjects" AS ?kind) (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o } }
  UNION { SELECT ("properties" AS ?kind) (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o } }
  UNION { SELECT ("objects" AS ?kind) (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o } }
  UNION { SELECT ("entities" AS ?kind) (COUNT(DISTINCT ?s) AS ?n)
          WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), $space)) } }
  UNION { SELECT ("class" AS ?kind) ?x (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?x } GROUP BY ?x }
  UNION { SELECT ("committee" AS ?kind) ?x WHERE {
            ?x a kg:Committee FILTER(STRSTARTS(STR(?x), $space)) } ORDER BY ?x LIMIT 3 }
  UNION { SELECT DISTINCT ("example" AS ?kind) ?x WHERE {
            ?x a ?c FILTER(isIRI(?x) && STRSTARTS(STR(?x), $space)) } ORDER BY ?x LIMIT 3 }
}"""


def counts_query(space: str) -> str:
    """:data:`COUNTS` for the namespace ``space``, written as a string literal.

    >>> 'STR(?x), "https://w3id.org/kg-malmo/id/")' in counts_query("https://w3id.org/kg-malmo/id/")
    True
    """
    return COUNTS.replace("$space", str(ox.Literal(space)))


def void_triples(
    url: str, space: str, triples: int, body: bytes, *, licence: str | None, title: dict
) -> list:
    """The description (pyoxigraph triples) of the dataset served at ``url`` (the server's
    address, ending in ``/``), whose resources are the IRIs in ``space``, of ``triples``
    triples, from the SPARQL JSON answer to :data:`COUNTS`; ``licence``: the data's licence
    IRI where it is known; ``title``: language → the dataset's title."""
    void, dcat = (lambda n: ox.NamedNode(VOID + n)), (lambda n: ox.NamedNode(DCAT + n))
    dct, a = (lambda n: ox.NamedNode(DCTERMS + n)), ox.NamedNode(RDF + "type")
    dataset, service = ox.NamedNode(url + WELL_KNOWN + "#dataset"), ox.NamedNode(url + "sparql")

    def number(n: int | str) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))

    said = [
        ox.Triple(dataset, a, void("Dataset")),
        ox.Triple(dataset, a, dcat("Dataset")),
        ox.Triple(dataset, void("triples"), number(triples)),
        ox.Triple(dataset, void("uriSpace"), ox.Literal(space)),
        ox.Triple(dataset, void("sparqlEndpoint"), service),
        ox.Triple(dataset, dcat("landingPage"), ox.NamedNode(url)),
        *(ox.Triple(dataset, dct("title"), ox.Literal(t, language=k)) for k, t in title.items()),
        *(ox.Triple(dataset, void("vocabulary"), ox.NamedNode(_vocab(v))) for v in VOCABULARIES),
        ox.Triple(service, a, dcat("DataService")),
        ox.Triple(service, a, ox.NamedNode(SD + "Service")),
        ox.Triple(service, dcat("endpointURL"), service),
        ox.Triple(service, dcat("endpointDescription"), service),
        ox.Triple(service, dcat("servesDataset"), dataset),
        ox.Triple(dataset, dcat("distribution"), distribution := ox.BlankNode()),
        ox.Triple(distribution, a, dcat("Distribution")),
        ox.Triple(distribution, dcat("accessURL"), service),
        ox.Triple(distribution, dcat("accessService"), service),
    ]
    if licence is not None:
        said += [
            ox.Triple(dataset, dct("license"), ox.NamedNode(licence)),
            ox.Triple(distribution, dct("license"), ox.NamedNode(licence)),
        ]
    committees, examples = [], []
    for row in json.loads(body)["results"]["bindings"]:
        kind, n = row["kind"]["value"], row.get("n", {}).get("value")
        if kind in ("subjects", "properties", "objects", "entities"):
            name = {"subjects": "distinctSubjects", "objects": "distinctObjects"}.get(kind, kind)
            said.append(ox.Triple(dataset, void(name), number(n)))
        elif kind == "class" and row["x"]["type"] == "uri":
            part = ox.BlankNode()
            said += [
                ox.Triple(dataset, void("classPartition"), part),
                ox.Triple(part, void("class"), ox.NamedNode(row["x"]["value"])),
                ox.Triple(part, void("entities"), number(n)),
            ]
        elif kind in ("committee", "example"):
            (committees if kind == "committee" else examples).append(row["x"]["value"])
    said.append(ox.Triple(dataset, void("classes"), number(_count(said, "class"))))
    for example in committees or examples:
        said.append(ox.Triple(dataset, void("exampleResource"), ox.NamedNode(example)))
    return said


def _count(triples: list, local: str) -> int:
    return sum(1 for t in triples if t.predicate.value == VOID + local)


def _vocab(prefix: str) -> str:
    """The IRI of a vocabulary by its prefix (the ontology's own without its ``#``)."""
    space = PREFIXES[prefix]
    return space[:-1] if space == ONTOLOGY_IRI else space
