"""The project's namespaces: the closed ontology namespace ``KG`` and the data namespace ``ID``."""

from __future__ import annotations

import sys
from typing import Any

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


class DataNamespace(Namespace):
    """The namespace of the bundled data's things (its actors, collaborations, areas and
    documents): https://w3id.org/kg-malmo/id/, whose terms are ``kg.ID["name"]`` or
    ``kg.ID.name``; an rdflib ``Namespace``, so it binds, compares and tests ``in`` as one.
    A city's own data is made under its own namespace (its sheet about, or kg.toml).

    >>> ID["forskolenamnden"]
    rdflib.term.URIRef('https://w3id.org/kg-malmo/id/forskolenamnden')
    >>> ID["forskolenamnden"] in ID
    True
    """

    def strip(self, chars: str | None = None) -> Any:
        """``str.strip``. But to ``help(kg.ID)``: this class, to document it. (pydoc takes any
        text, which a namespace is, for the dotted name of what to document, strips it, and
        finds nothing called https://w3id.org/…, so that help said nothing of kg.ID.)"""
        if chars is None and _asked_by_help():
            return type(self)
        return str.strip(self, chars)

    def __class_getitem__(cls, item: Any) -> str:
        """The class's name, sliced: ``help()`` reads ``request[:8]`` of what it is given."""
        return cls.__name__[item]


def _asked_by_help() -> bool:
    """Whether the caller's caller is pydoc's ``help()``."""
    try:
        caller = sys._getframe(2)
    except ValueError:  # no caller's caller
        return False
    return caller.f_code.co_name == "help" and caller.f_globals.get("__name__") == "pydoc"


ID = DataNamespace(DATA_IRI)
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the kg prefixes on ``graph`` and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph
