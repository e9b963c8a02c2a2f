"""The IRIs kg names, as plain strings: importable without rdflib (see :mod:`kg.namespace`)."""

from __future__ import annotations

ONTOLOGY_IRI = "https://w3id.org/kg-malmo/ontology#"
DATA_IRI = "https://w3id.org/kg-malmo/id/"

#: Prefixes bound on every graph kg creates, for readable Turtle and SPARQL.
PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY_IRI,
    "id": DATA_IRI,
    "org": "http://www.w3.org/ns/org#",
    "oa": "http://www.w3.org/ns/oa#",
    "cv": "http://data.europa.eu/m8g/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: The four sectors, in the order reports list them: short name → concept IRI.
SECTOR_IRIS: dict[str, str] = {
    "public": ONTOLOGY_IRI + "PublicSector",
    "civil": ONTOLOGY_IRI + "CivilSociety",
    "academia": ONTOLOGY_IRI + "Academia",
    "business": ONTOLOGY_IRI + "Business",
}


def short_iri(iri: str) -> str:
    """The IRI with a known prefix (``kg:Committee``, ``id:fritidsnamnden``), else ``<iri>``.

    >>> short_iri("https://w3id.org/kg-malmo/ontology#IOP")
    'kg:IOP'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"
