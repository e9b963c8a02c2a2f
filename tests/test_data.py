"""The bundled data against the source texts: coverage derived from the report's own headings."""

from __future__ import annotations

import re

import pytest
from helpers.datafiles import declared_at
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.io.texts import read_source
from kg.model.namespace import ID, KG, OA
from kg.paths import sources_dir

REPORT = "004_7af0419ea9a82ec3.txt"
ACTOR_CLASSES = [
    KG[name]
    for name in [
        "Committee",
        "Administration",
        "OperationalUnit",
        "Association",
        "Company",
        "University",
        "ResearchUnit",
        "PublicAgency",
        "Municipality",
        "Council",
    ]
]
#: Running headers of the report's pages, which are not section headings.
_RUNNING = ("STADSKONTORET", "DET FORTSATTA ARBETET", "ÅRS VERKSAMHET")


def committee_headings() -> list[str]:
    """Headings in capitals on the report's committee pages (20–32), as the text prints them."""
    pages = read_source(sources_dir() / REPORT).pages
    headings = []
    for number in range(20, 33):
        for match in re.finditer(r"\b[A-ZÅÄÖ][A-ZÅÄÖ,\- ]{6,}[A-ZÅÄÖ]\b", pages[number]):
            text = match.group(0).strip()
            if (
                not any(text.startswith(r) or r in text for r in _RUNNING[1:])
                and text != "STADSKONTORET"
            ):
                headings.append(text)
    return headings


def test_headings_are_found_in_the_text():
    headings = committee_headings()
    assert len(headings) == 21
    assert headings[0] == "ARBETSMARKNADS-, GYMNASIE- OCH VUXENUTBILDNINGSNÄMNDEN"
    assert headings[-1] == "ÖVERFÖRMYNDARNÄMNDEN"


def test_every_committee_section_has_a_committee(bundled_graph):
    names = {
        str(name).upper()
        for committee in bundled_graph.subjects(RDF.type, KG.Committee)
        for name in bundled_graph.objects(committee, SKOS.prefLabel | SKOS.altLabel)
        if isinstance(name, Literal) and name.language == "sv"
    }
    missing = [
        h for h in committee_headings() if not any(h == n or h.startswith(n + " ") for n in names)
    ]
    assert not missing, f"no committee in data/ for the report's sections: {missing}"


def test_every_source_document_is_described_and_shipped(bundled_graph):
    files = {p.name for p in sources_dir().glob("*.txt")}
    described = {str(f) for f in bundled_graph.objects(None, KG.fileName)}
    assert described == files


def test_report_pages_are_split_by_their_numbers():
    pages = read_source(sources_dir() / REPORT).pages
    assert sorted(pages) == list(range(1, 33))
    assert pages[21].startswith("21 av föreningslivet.")
    assert pages[32].endswith("32 STADSKONTORET")


@pytest.mark.slow
def test_every_quote_is_verbatim_on_its_page(bundled_graph):
    from kg.validation.quotes import check_quotes

    assert check_quotes(bundled_graph) == []


def _status_counts(graph) -> dict[tuple[str, str], int]:
    found = {}
    for count in graph.subjects(KG.countedStatus, None):
        status = str(graph.value(count, KG.countedStatus)).rsplit("#", 1)[-1]
        year = str(graph.value(count, KG.year))
        found[(year, status)] = graph.value(count, KG.count).toPython()
    return found


def test_assignment_statuses_as_the_report_states_them(bundled_graph):
    counts = _status_counts(bundled_graph)
    assert counts[("2016", "StatusDone")] == 27
    assert counts[("2016", "StatusOngoing")] == 4
    assert counts[("2016", "StatusNotStarted")] == 1
    assert counts[("2015", "StatusDone")] == 16
    assert counts[("2015", "StatusOngoing")] == 15
    assert counts[("2015", "StatusNotStarted")] == 1


def test_nine_goal_areas_and_five_area_programme_areas(bundled_graph):
    assert len(set(bundled_graph.subjects(RDF.type, KG.GoalArea))) == 9
    areas = {str(a).rsplit("/", 1)[-1] for a in bundled_graph.subjects(RDF.type, KG.Neighbourhood)}
    assert {
        "area-herrgarden",
        "area-holma-kroksback",
        "area-lindangen",
        "area-segevang",
        "area-seved",
    } <= areas


def test_unnamed_iops_are_a_count_not_invented_partners(bundled_graph):
    agy = "https://w3id.org/kg-malmo/id/count-agy-iop-foreningar"
    from rdflib import URIRef

    count = URIRef(agy)
    assert bundled_graph.value(count, KG.count).toPython() == 6
    assert bundled_graph.value(count, KG.countedClass) == KG.IOP


def _spelling(label: str) -> str:
    """A name with case, spaces, hyphens and punctuation dropped: "Skåne-idrotten" and
    "Skåneidrotten" are spelt alike."""
    return "".join(c for c in label.casefold() if c.isalnum())


def test_no_actor_is_declared_twice_under_two_spellings(bundled_graph):
    """One organisation written as two nodes (a second IRI for a variant spelling) would split
    its collaborations; a variant the text uses is a skos:altLabel of the one node."""
    actors: dict[str, set[str]] = {}
    for cls in ACTOR_CLASSES:
        for actor in bundled_graph.subjects(RDF.type, cls):
            for label in bundled_graph.objects(actor, SKOS.prefLabel | SKOS.altLabel):
                if isinstance(label, Literal) and label.language == "sv":
                    actors.setdefault(_spelling(str(label)), set()).add(str(actor))
    twice = {spelt: nodes for spelt, nodes in actors.items() if len(nodes) > 1}
    assert not twice, "one name, several actors (reuse the first; a variant is an altLabel): " + (
        "; ".join(
            " and ".join(f"{n.rsplit('/', 1)[-1]} ({declared_at(n)})" for n in sorted(nodes))
            for nodes in twice.values()
        )
    )


def test_every_doc_001_collaboration_is_part_of_its_area_programme(bundled_graph):
    """Doc-001 reports, section by section, what each area programme did: every collaboration it
    describes is part of the programme whose section names it (data/README.md), the all-activity
    house at Lindängeskolan of the Lindängen section included."""
    programmes = {
        ID[f"proj-omradesprogram-{area}"]
        for area in (
            "herrgarden",
            "holma-kroksback",
            "lindangen",
            "segevang",
            "sodra-sofielund-seved",
        )
    }
    whole = ID["proj-omradesprogrammet-for-ett-socialt-hallbart-malmo"]
    kinds = {KG.Project, KG.Network, KG.KnowledgeAlliance, KG.CollaborationAgreement, KG.IOP,
             KG.MeetingPlace}  # fmt: skip
    described = {
        node
        for node, excerpt in bundled_graph.subject_objects(PROV.wasDerivedFrom)
        if bundled_graph.value(excerpt, OA.hasSource) == ID["doc-001"]
        and set(bundled_graph.objects(node, RDF.type)) & kinds
    }
    strands = described - programmes - {whole}
    assert strands, "doc-001 describes collaborations of the area programmes"
    outside = sorted(
        str(node).rsplit("/", 1)[-1]
        for node in strands
        if not set(bundled_graph.objects(node, DCTERMS.isPartOf)) & programmes
    )
    assert outside == [], f"not part of an area programme: {outside}"
