"""The IRIs kg names, as plain strings: importable without rdflib (see :mod:`kg.model.namespace`).

One place for the prefixes, the predicates the fact reader reads, and the sectors.
"""

from __future__ import annotations

ONTOLOGY_IRI = "https://w3id.org/kg-malmo/ontology#"
DATA_IRI = "https://w3id.org/kg-malmo/id/"
#: The named graph that holds what the rules (ontology/rules/*.rq) derive, apart from the
#: curated facts in the default graph; every query sees both.
DERIVED_GRAPH = "https://w3id.org/kg-malmo/graph/derived"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

#: XSD's whole-number datatypes: xsd:integer and the types derived from it.
WHOLE_NUMBERS = frozenset(
    XSD + name
    for name in ("integer", "long", "int", "short", "byte", "nonNegativeInteger",
                 "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong",
                 "unsignedInt", "unsignedShort", "unsignedByte")
)  # fmt: skip

#: A literal's language tag as RDF takes it (BCP 47's shape: sv, en, sv-SE), as a pattern.
LANGUAGE_TAG = r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*"

#: Prefixes bound on every graph kg creates and predeclared for ad-hoc SPARQL.
PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY_IRI,
    "id": DATA_IRI,
    "org": ORG,
    "oa": OA,
    "cv": "http://data.europa.eu/m8g/",
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

# The predicates the fact reader reads.
TYPE = RDF + "type"
SUBCLASS_OF = RDFS + "subClassOf"
RDFS_LABEL = RDFS + "label"
PREF_LABEL = SKOS + "prefLabel"
ALT_LABEL = SKOS + "altLabel"
NOTATION = SKOS + "notation"
IN_SCHEME = SKOS + "inScheme"
TOP_CONCEPT_OF = SKOS + "topConceptOf"
SECTOR = ONTOLOGY_IRI + "sector"
IS_MUNICIPAL = ONTOLOGY_IRI + "isMunicipal"
REPORTED_BY = ONTOLOGY_IRI + "reportedBy"
GOAL_AREA = ONTOLOGY_IRI + "goalArea"
GOAL_AREA_CLASS = ONTOLOGY_IRI + "GoalArea"
UNNAMED_PARTY_SECTOR = ONTOLOGY_IRI + "unnamedPartySector"
AREA_SERVED = SCHEMA + "areaServed"
DERIVED_FROM = PROV + "wasDerivedFrom"
MEMBER = ORG + "member"
ORGANIZATION = ORG + "organization"
UNIT_OF = ORG + "unitOf"
COUNT = ONTOLOGY_IRI + "count"
COUNTED_FOR = ONTOLOGY_IRI + "countedFor"
COUNTED_CLASS = ONTOLOGY_IRI + "countedClass"
COUNTED_SECTOR = ONTOLOGY_IRI + "countedSector"
COUNTED_STATUS = ONTOLOGY_IRI + "countedStatus"
DESCRIPTION = DCTERMS + "description"
HAS_SOURCE = OA + "hasSource"
HAS_SELECTOR = OA + "hasSelector"
EXACT = OA + "exact"
PAGE = ONTOLOGY_IRI + "page"
SUB_ORGANIZATION_OF = ORG + "subOrganizationOf"
BASIS = ONTOLOGY_IRI + "basis"
EDITORIAL_NOTE = SKOS + "editorialNote"
YEAR = ONTOLOGY_IRI + "year"
START_YEAR = ONTOLOGY_IRI + "startYear"
END_YEAR = ONTOLOGY_IRI + "endYear"
START_DATE = SCHEMA + "startDate"  # a start given as a month or a date
END_DATE = SCHEMA + "endDate"
REPORT_YEAR = ONTOLOGY_IRI + "reportYear"
TITLE = DCTERMS + "title"
LANGUAGE = DCTERMS + "language"
ISSUED = DCTERMS + "issued"
PUBLISHER = DCTERMS + "publisher"
IS_PART_OF = DCTERMS + "isPartOf"
REPLACES = DCTERMS + "replaces"  # an organisation renamed or merged into this one
FILE_NAME = ONTOLOGY_IRI + "fileName"

# The committee-level view the rules derive (ontology/rules/*.rq), in the derived graph.
REPORTED_IN = ONTOLOGY_IRI + "reportedIn"
ORGANISATION = ONTOLOGY_IRI + "organisation"
PARTNER_GROUP = ONTOLOGY_IRI + "partnerGroup"
TAKES_PART_IN = ONTOLOGY_IRI + "takesPartIn"
PARTNER = ONTOLOGY_IRI + "partner"
ORGANISATION_COUNT = ONTOLOGY_IRI + "organisationCount"
REACHES_GROUP = ONTOLOGY_IRI + "reachesGroup"
LACKS_GROUP = ONTOLOGY_IRI + "lacksGroup"
PARTNER_STATUS = ONTOLOGY_IRI + "partnerStatus"
DERIVED_PREDICATES = (
    REPORTED_IN,
    ORGANISATION,
    PARTNER_GROUP,
    TAKES_PART_IN,
    PARTNER,
    ORGANISATION_COUNT,
    REACHES_GROUP,
    LACKS_GROUP,
    PARTNER_STATUS,
)
#: The predicates whose change :func:`kg.report.diff.diff_facts` tells, on the things it
#: compares: names, types, groups, parts, parties, years, evidence, counts and documents. A
#: diff leaves them out of the other statements it lists on those things
#: (:func:`kg.report.diff_statements.other_statements`): a predicate goes here only once the
#: facts' diff tells its change, else in the rest of :data:`kg.model.facts.PREDICATES`.
COMPARED: tuple[str, ...] = (
    TYPE,
    RDFS_LABEL,
    PREF_LABEL,
    SECTOR,
    IS_MUNICIPAL,
    REPORTED_BY,
    GOAL_AREA,
    UNNAMED_PARTY_SECTOR,
    AREA_SERVED,
    DERIVED_FROM,
    MEMBER,
    ORGANIZATION,
    UNIT_OF,
    SUB_ORGANIZATION_OF,
    COUNT,
    COUNTED_FOR,
    COUNTED_CLASS,
    COUNTED_SECTOR,
    COUNTED_STATUS,
    HAS_SOURCE,
    HAS_SELECTOR,
    EXACT,
    PAGE,
    FILE_NAME,
    TITLE,
    PUBLISHER,
    ISSUED,
    REPORT_YEAR,
    YEAR,
    START_YEAR,
    END_YEAR,
    START_DATE,
    END_DATE,
    IS_PART_OF,
    REPLACES,
)

# Classes kg reads by name.
ACTOR = ONTOLOGY_IRI + "Actor"
COLLABORATION = ONTOLOGY_IRI + "Collaboration"
STATED_COUNT = ONTOLOGY_IRI + "StatedCount"
SOURCE_EXCERPT = ONTOLOGY_IRI + "SourceExcerpt"
SOURCE_DOCUMENT = ONTOLOGY_IRI + "SourceDocument"
MEMBERSHIP = ORG + "Membership"
TEXT_QUOTE_SELECTOR = OA + "TextQuoteSelector"

#: The four sectors, in the order reports list them: short name → concept IRI.
SECTOR_IRIS: dict[str, str] = {
    "public": ONTOLOGY_IRI + "PublicSector",
    "civil": ONTOLOGY_IRI + "CivilSociety",
    "academia": ONTOLOGY_IRI + "Academia",
    "business": ONTOLOGY_IRI + "Business",
}
#: Concept IRI → short name.
SECTOR_NAMES: dict[str, str] = {iri: name for name, iri in SECTOR_IRIS.items()}


def short_iri(iri: str) -> str:
    """The IRI with a known prefix (``kg:Committee``, ``id:fritidsnamnden``), else ``<iri>``.

    >>> short_iri("https://w3id.org/kg-malmo/ontology#IOP")
    'kg:IOP'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``).

    >>> local_name("https://w3id.org/kg-malmo/ontology#Committee")
    'Committee'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
