"""Human-readable names for nodes: the Swedish label, then English, then a short IRI."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from kg import iris
from kg.facts import choose_label
from kg.namespace import ORG


def label(graph: Graph, node: Node, lang: str = "sv") -> str:
    """The node's ``skos:prefLabel`` in ``lang`` (then any label), else its short IRI.

    >>> from rdflib import Graph, URIRef, Literal
    >>> from rdflib.namespace import SKOS
    >>> g = Graph(); x = URIRef("https://w3id.org/kg-malmo/id/x")
    >>> _ = g.add((x, SKOS.prefLabel, Literal("Rädda Barnen", lang="sv")))
    >>> label(g, x)
    'Rädda Barnen'
    >>> label(g, URIRef("https://w3id.org/kg-malmo/id/unknown"))
    'id:unknown'
    """
    for predicate in (SKOS.prefLabel, RDFS.label):
        values = [
            (str(v), v.language) for v in graph.objects(node, predicate) if isinstance(v, Literal)
        ]
        found = choose_label(values, lang)
        if found is not None:
            return found
    member, organization = graph.value(node, ORG.member), graph.value(node, ORG.organization)
    if member is not None and organization is not None:
        return f"membership of {label(graph, member, lang)} in {label(graph, organization, lang)}"
    return short_iri(node)


def short_iri(node: Node) -> str:
    """The IRI with a known prefix (``kg:Committee``, ``id:fritidsnamnden``), or as it is.

    >>> short_iri(URIRef("https://w3id.org/kg-malmo/ontology#IOP"))
    'kg:IOP'
    """
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, URIRef):
        return iris.short_iri(str(node))
    return str(node)
