"""The project's namespaces: the closed ontology namespace ``KG`` and the data namespace ``ID``."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace, DefinedNamespaceMeta

from kg.model.vocab import DATA_IRI, ONTOLOGY_IRI, PREFIXES


class _Terms(DefinedNamespaceMeta):
    """rdflib's closed namespace, whose ``dir()`` gives its terms' names, as ``dir()`` does
    for any object. rdflib's gives their IRIs, which ``help(kg)`` and a notebook's completion
    then look up as names, rdflib logging each as an invalid IRI (hundreds of lines)."""

    def __dir__(cls) -> list[str]:
        return sorted(str(name) for name in cls.__annotations__)


class KG(DefinedNamespace, metaclass=_Terms):
    """Terms of the kg ontology (``ontology/kg.ttl``); a typo raises ``AttributeError``.

    >>> KG.Committee
    rdflib.term.URIRef('https://w3id.org/kg-malmo/ontology#Committee')
    """

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI)

    # classes
    Actor: URIRef
    Committee: URIRef
    Administration: URIRef
    OperationalUnit: URIRef
    Association: URIRef
    Company: URIRef
    University: URIRef
    ResearchUnit: URIRef
    PublicAgency: URIRef
    Municipality: URIRef
    Council: URIRef
    Collaboration: URIRef
    KnowledgeAlliance: URIRef
    IOP: URIRef
    CollaborationAgreement: URIRef
    Project: URIRef
    Network: URIRef
    MeetingPlace: URIRef
    Sector: URIRef
    Area: URIRef
    CityDistrict: URIRef
    Neighbourhood: URIRef
    GoalArea: URIRef
    Recommendation: URIRef
    InvestigationAssignment: URIRef
    AssignmentStatus: URIRef
    Basis: URIRef
    StatedCount: URIRef
    SourceDocument: URIRef
    SourceExcerpt: URIRef

    # properties
    sector: URIRef
    isMunicipal: URIRef
    reportedBy: URIRef
    goalArea: URIRef
    unnamedPartySector: URIRef
    descriptiveName: URIRef
    assignmentStatus: URIRef
    count: URIRef
    countedFor: URIRef
    countedClass: URIRef
    countedSector: URIRef
    countedStatus: URIRef
    year: URIRef
    startYear: URIRef
    endYear: URIRef
    reportYear: URIRef
    basis: URIRef
    page: URIRef
    fileName: URIRef
    paginated: URIRef

    # derived: the committee-level view (ontology/rules/*.rq)
    DerivedProperty: URIRef
    reportedIn: URIRef
    organisation: URIRef
    partnerGroup: URIRef
    takesPartIn: URIRef
    partner: URIRef
    organisationCount: URIRef
    reachesGroup: URIRef
    lacksGroup: URIRef
    partnerStatus: URIRef
    PartnerStatus: URIRef

    # concepts and schemes
    PublicAgencies: URIRef
    CityOrganisations: URIRef
    PartnerGroups: URIRef
    GapGroups: URIRef
    PartnerStatusScheme: URIRef
    AbsentFromSources: URIRef
    NoPartnerNamed: URIRef
    UnnamedPartnersOnly: URIRef
    HasPartners: URIRef
    SectorScheme: URIRef
    PublicSector: URIRef
    CivilSociety: URIRef
    Academia: URIRef
    Business: URIRef
    AssignmentStatusScheme: URIRef
    StatusDone: URIRef
    StatusOngoing: URIRef
    StatusNotStarted: URIRef
    GoalAreaScheme: URIRef
    RoleScheme: URIRef
    LeadRole: URIRef
    FunderRole: URIRef
    BasisScheme: URIRef
    TypeFromOutsideKnowledge: URIRef
    IdentityFromOutsideKnowledge: URIRef
    ReadFromContext: URIRef
    AssumedByCurators: URIRef


ID = Namespace(DATA_IRI)
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the kg prefixes on ``graph`` and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph
