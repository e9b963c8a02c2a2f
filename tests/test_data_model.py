"""The bundled data's model: report years, years printed in their quotes, bases as data, and the
data audit's corrections kept, each checked on the node it was made on."""

from __future__ import annotations

import pytest
from helpers.datafiles import declared_at
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kg.model.namespace import ID, KG, OA, ORG

REPORT_YEARS = {"doc-000": 2015, "doc-001": 2012, "doc-002": 2014, "doc-003": 2020, "doc-004": 2016}
#: Facts whose year is part of what they say (the year of a count or of a status), which the
#: text may give as "under året" or "föregående år" rather than print.
_YEAR_IS_MEANING = (KG.StatedCount, KG.InvestigationAssignment)


def _quotes(graph: Graph, node: URIRef) -> str:
    return " ".join(
        str(graph.value(selector, OA.exact))
        for excerpt in graph.objects(node, PROV.wasDerivedFrom)
        for selector in graph.objects(excerpt, OA.hasSelector)
    )


def test_every_source_document_has_the_year_it_reports(bundled_graph: Graph):
    years = {
        str(doc).rsplit("/", 1)[-1]: [
            int(str(y)) for y in bundled_graph.objects(doc, KG.reportYear)
        ]
        for doc in bundled_graph.subjects(RDF.type, KG.SourceDocument)
    }
    assert years == {doc: [year] for doc, year in REPORT_YEARS.items()}, (
        "data/documents.ttl's kg:reportYear of each document is not REPORT_YEARS: a document "
        "needs exactly one; a new document's year goes into REPORT_YEARS here too"
    )


@pytest.mark.parametrize("prop", [KG.year, KG.startYear, KG.endYear], ids=lambda p: p[-9:])
def test_a_year_on_a_fact_is_printed_in_its_quotes(bundled_graph: Graph, prop: URIRef):
    unprinted = []
    for node, year in bundled_graph.subject_objects(prop):
        if any((node, RDF.type, cls) in bundled_graph for cls in _YEAR_IS_MEANING):
            continue
        if str(year)[:4] not in _quotes(bundled_graph, node):
            unprinted.append(
                f"{declared_at(node)}: {prop.n3(bundled_graph.namespace_manager)} {year}"
            )
    assert not unprinted, (
        "a year no quote of its node prints: quote the passage that prints it, or leave the "
        "year out (the document's kg:reportYear dates the fact): " + "; ".join(unprinted)
    )


@pytest.mark.parametrize(
    "actor",
    ["miso", "c-o-l-i-b-r-i", "hsb", "fastighetsagare-sofielund", "minneskliniken", "mkb"],
)
def test_types_from_outside_the_text_say_so_in_the_data(bundled_graph: Graph, actor: str):
    node = ID[actor]
    assert bundled_graph.value(node, KG.basis) in (
        KG.TypeFromOutsideKnowledge,
        KG.AssumedByCurators,
    )
    notes = [n for n in bundled_graph.objects(node, SKOS.editorialNote) if n.language == "en"]
    assert notes


def test_an_identification_sits_on_the_membership_not_in_the_labels(bundled_graph: Graph):
    membership = ID["m-net-sspf-innerstaden--raddningstjansten-syd"]
    assert bundled_graph.value(membership, KG.basis) == KG.IdentityFromOutsideKnowledge
    labels = set(bundled_graph.objects(ID["raddningstjansten-syd"], SKOS.altLabel))
    assert Literal("räddningstjänsten", lang="sv") not in labels


def test_apartment_contracts_are_not_counted_as_collaboration_agreements(bundled_graph: Graph):
    agreements = [
        bundled_graph.value(count, KG.count).toPython()
        for count in bundled_graph.subjects(KG.countedClass, KG.CollaborationAgreement)
    ]
    assert 231 not in agreements
    assert (ID["proj-samarbete-med-den-privata-fastighetsmarknaden"], RDF.type, KG.Project) in (
        bundled_graph
    )


def test_the_national_forum_is_a_network(bundled_graph: Graph):
    assert set(bundled_graph.objects(ID["net-motesplats-social-hallbarhet"], RDF.type)) == {
        KG.Network
    }


@pytest.mark.parametrize("district", ["innerstaden", "vaster", "oster", "soder"])
def test_hela_familjen_belongs_to_each_district_committee_page_17_names(
    bundled_graph: Graph, district: str
):
    committee = ID[f"stadsomradesnamnd-{district}"]
    projects = {
        bundled_graph.value(m, ORG.organization)
        for m in bundled_graph.subjects(ORG.member, committee)
    }
    names = {str(label) for p in projects for label in bundled_graph.objects(p, SKOS.prefLabel)}
    assert "Hela familjen" in names


def test_an_aim_is_not_a_party(bundled_graph: Graph):
    sectors = set(bundled_graph.objects(ID["proj-ungmalmo"], KG.unnamedPartySector))
    assert KG.CivilSociety not in sectors


def test_a_collaboration_may_have_its_lead_as_only_party(bundled_graph: Graph):
    project = ID["proj-yalla-sofielund"]
    members = [
        bundled_graph.value(m, ORG.member)
        for m in bundled_graph.subjects(ORG.organization, project)
    ]
    assert members == [ID["stadsomradesnamnd-innerstaden"]]
    assert bundled_graph.value(project, KG.reportedBy) == ID["stadsomradesnamnd-innerstaden"]
    assert str(bundled_graph.value(project, KG.startYear)) == "2016"


def test_every_note_and_count_description_is_written_in_both_languages(bundled_graph: Graph):
    """The city reads Swedish and researchers English: each curators' note (every node with
    a kg:basis has one) and each stated count's description is there once in English and once
    in Swedish, and the two are not the same text."""
    from rdflib.namespace import DCTERMS

    noted = set(bundled_graph.subjects(KG.basis)) | set(bundled_graph.subjects(SKOS.editorialNote))
    texts = [(node, SKOS.editorialNote) for node in noted]
    counts = set(bundled_graph.subjects(RDF.type, KG.StatedCount))
    texts += [(node, DCTERMS.description) for node in counts]
    assert len(texts) >= 55 + 14
    lacking = []
    for node, predicate in texts:
        found = {n.language: str(n) for n in bundled_graph.objects(node, predicate)}
        if sorted(found) != ["en", "sv"] or found["en"] == found["sv"]:
            lacking.append((str(node).rsplit("/", 1)[-1], predicate.n3(), sorted(found)))
    assert not lacking, lacking


def test_trygg_vaster_is_linked_to_the_area_programme_it_grew_from(bundled_graph: Graph):
    """Page 29: "utifrån erfarenheter av Områdesprogrammet för Holma och Kroksbäck har ett
    samverkansavtal tecknats, Trygg Väster"; the link is data, not only a description."""
    from rdflib.namespace import DCTERMS

    related = set(bundled_graph.objects(ID["ka-trygg-vaster"], DCTERMS.relation))
    assert ID["proj-omradesprogram-holma-kroksback"] in related


def test_the_youth_event_s_target_group_is_quoted(bundled_graph: Graph):
    """Its description says the event was for young people about to finish upper secondary
    school; the sentence saying so runs across the page break 28/29."""
    quotes = _quotes(bundled_graph, ID["proj-event-for-ungdomar-framtidens-hus"])
    assert "Målgruppen var framförallt ungdomar" in quotes
    assert "som skulle ta studenten" in quotes


def test_the_lindangen_centrum_alliance_says_it_joins_two_mentions(bundled_graph: Graph):
    """Page 28 names "en kunskapsallians med olika aktörer kring detaljplanen för Lindängen
    centrum" and, two sentences on, "kunskapsalliansen Samverkansprocess för ett nytt Lindängen
    centrum": the data takes them as one, which the text does not say in so many words."""
    node = ID["ka-samverkansprocess-for-ett-nytt-lindangen-centrum"]
    assert bundled_graph.value(node, KG.basis) == KG.ReadFromContext
    assert {n.language for n in bundled_graph.objects(node, SKOS.editorialNote)} == {"en", "sv"}
