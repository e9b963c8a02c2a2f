"""Recall of the bundled data: every thing data/named-things.csv lists is in the graph or excluded.

The list names every organisation, unit, project, initiative, programme, process, network and
knowledge alliance the sources name, as the text writes it, with the document and page where
it is named, and either the node it is in the graph as or the word "excluded" and a reason.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kg.io.texts import normalise, read_source
from kg.model.namespace import ID, KG, OA, ORG
from kg.paths import data_dir, sources_dir

LIST = data_dir() / "named-things.csv"
COLUMNS = ["name", "kind", "document", "page", "in_graph", "reason"]
EXCLUDED = "excluded"

_ACTORS = {
    KG.Committee,
    KG.Administration,
    KG.OperationalUnit,
    KG.Association,
    KG.Company,
    KG.University,
    KG.ResearchUnit,
    KG.PublicAgency,
    KG.Municipality,
    KG.Council,
}
_COLLABORATIONS = {
    KG.KnowledgeAlliance,
    KG.IOP,
    KG.CollaborationAgreement,
    KG.Project,
    KG.Network,
    KG.MeetingPlace,
}
#: The classes a node of each kind may have. Meeting places are collaborations in the ontology
#: (a house run by administrations, or the alliance that resulted in a meeting place).
FITTING: dict[str, set[URIRef]] = {
    "organisation": _ACTORS | {ORG.Organization},
    "committee": {KG.Committee},
    "council": {KG.Council},
    "unit": {KG.Administration, KG.OperationalUnit, KG.ResearchUnit},
    "knowledge alliance": {KG.KnowledgeAlliance},
    "agreement": {KG.CollaborationAgreement, KG.IOP},
    "project": {KG.Project},
    "network": {KG.Network},
    "meeting place": _COLLABORATIONS,
    "assignment": {KG.InvestigationAssignment, KG.Project},
}
#: Kinds that only excluded rows have: things named in the sources that are not organisations
#: or initiatives (documents, laws, places ...).
OTHER_KINDS = {"document", "law", "goal", "venue", "place", "software", "instrument", "event"}
OTHER_KINDS |= {"programme type"}


def _rows() -> list[dict[str, str]]:
    with LIST.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS, f"{LIST.name}: the columns are {COLUMNS}"
        return [dict(row, line=str(number)) for number, row in enumerate(reader, start=2)]


def _paginated() -> dict[str, bool]:
    """Each source document's short name (doc-004) and whether it prints page numbers."""
    documents = Graph().parse(data_dir() / "documents.ttl")
    return {
        str(doc).rsplit("/", 1)[-1]: documents.value(doc, KG.paginated) == Literal(True)
        for doc in documents.subjects(RDF.type, KG.SourceDocument)
    }


ROWS = _rows()
PAGINATED = _paginated()
INCLUDED = [row for row in ROWS if row["in_graph"] != EXCLUDED]


def _id(row: dict[str, str]) -> str:
    return f"line {row['line']}: {row['name']}"


def _node(row: dict[str, str]) -> URIRef:
    return ID[row["in_graph"].removeprefix(":")]


@pytest.fixture(scope="module")
def documents(bundled_graph: Graph) -> dict[str, str]:
    """The short name of each source document (doc-004) and its text file's name."""
    return {
        str(doc).rsplit("/", 1)[-1]: str(bundled_graph.value(doc, KG.fileName))
        for doc in bundled_graph.subjects(RDF.type, KG.SourceDocument)
    }


def test_the_list_covers_all_sources_and_the_2016_report_s_committee_sections():
    listed = {row["document"] for row in ROWS}
    unknown = sorted(listed - PAGINATED.keys())
    assert not unknown, f"{LIST.name} names documents documents.ttl does not declare: {unknown}"
    missing = sorted(PAGINATED.keys() - listed)
    assert not missing, f"{LIST.name} lists nothing named in {missing}: add their names"
    pages = {int(row["page"]) for row in ROWS if row["document"] == "doc-004"}
    assert set(range(20, 33)) <= pages


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_each_row_is_complete(row: dict[str, str]):
    assert row["name"].strip() == row["name"] and row["name"]
    assert row["kind"] in FITTING.keys() | OTHER_KINDS, f"unknown kind {row['kind']!r}"
    where = f"{LIST.name} line {row['line']}"
    assert row["document"] in PAGINATED, (
        f"{where}: no document {row['document']!r} in documents.ttl"
    )
    if PAGINATED[row["document"]]:
        assert row["page"].isdigit(), (
            f"{where}: {row['document']} prints page numbers: give the page"
        )
    else:
        assert row["page"] == "", (
            f"{where}: {row['document']} has no page numbers: leave page empty"
        )
    if row["in_graph"] == EXCLUDED:
        assert len(row["reason"].split()) >= 5, "an excluded name needs a reason"
    else:
        assert row["in_graph"].startswith(":"), "give the node as :local-name, or 'excluded'"
        assert row["kind"] in FITTING, f"a {row['kind']} is not something the graph holds"


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_each_name_is_written_so_in_its_source(row: dict[str, str], documents: dict[str, str]):
    text = read_source(sources_dir() / documents[row["document"]])
    where = text.pages[int(row["page"])] if row["page"] else text.whole
    page = f" page {row['page']}" if row["page"] else ""
    assert normalise(row["name"]) in where, (
        f"{LIST.name} line {row['line']}: {row['name']!r} is not written so in "
        f"{row['document']}{page}: copy the name as the text writes it, on its first page"
    )


@pytest.mark.parametrize("row", INCLUDED, ids=_id)
def test_each_included_name_labels_a_node_of_a_fitting_class(row, bundled_graph: Graph):
    node = _node(row)
    labels = {
        str(label).casefold()
        for label in bundled_graph.objects(node, SKOS.prefLabel | SKOS.altLabel)
        if isinstance(label, Literal)
    }
    assert labels, f"{row['in_graph']} is not in the graph"
    assert normalise(row["name"]).casefold() in labels, f"no label of {row['in_graph']}"
    types = set(bundled_graph.objects(node, RDF.type))
    assert types & FITTING[row["kind"]], f"{row['in_graph']} is not a {row['kind']}"


def test_each_exclusion_is_listed_in_the_data_readme():
    readme = normalise((data_dir() / "README.md").read_text(encoding="utf-8"))
    missing = [row["name"] for row in ROWS if row["in_graph"] == EXCLUDED]
    missing = [name for name in missing if normalise(name) not in readme]
    assert not missing, f"data/README.md does not list these exclusions: {missing}"


def test_every_named_collaboration_in_a_committee_section_has_a_party_and_a_reporter(
    bundled_graph: Graph,
):
    """In the 2016 report's committee sections (pp. 20-32) and in any later paginated
    follow-up, which reports committee by committee."""
    kinds = {"knowledge alliance", "agreement", "project", "network", "meeting place"}
    section = [
        row
        for row in INCLUDED
        if (row["document"] == "doc-004" and int(row["page"]) >= 20)
        or (row["document"] > "doc-004" and PAGINATED.get(row["document"]))
    ]
    for row in (r for r in section if r["kind"] in kinds):
        node = _node(row)
        sources = {
            bundled_graph.value(excerpt, OA.hasSource)
            for excerpt in bundled_graph.objects(node, PROV.wasDerivedFrom)
        }
        if sources != {ID[row["document"]]}:
            continue  # declared from another source (an area programme, a house), only cited here
        where = f"{LIST.name} line {row['line']}: {row['in_graph']}"
        assert bundled_graph.value(node, KG.reportedBy) is not None, (
            f"{where} has no kg:reportedBy: give the committee whose section names it"
        )
        parties = set(bundled_graph.subjects(ORG.organization, node))
        parties |= set(bundled_graph.objects(node, KG.unnamedPartySector))
        assert parties, f"{where} has no party: give its lead at least"


def test_each_committee_and_administration_is_listed_at_its_first_page(
    bundled_graph: Graph, documents: dict[str, str]
):
    """The list gives a thing at its first page in doc-004 (data/README.md): a committee the
    goal-area review (pp. 16-19) names before its own section is listed there too. Page 1, the
    cover, carries the city office's name only as the report's publisher."""
    text = read_source(sources_dir() / documents["doc-004"])
    listed: dict[str, set[int]] = {}
    for row in INCLUDED:
        if row["document"] == "doc-004":
            listed.setdefault(row["in_graph"], set()).add(int(row["page"]))
    late = []
    for kind in (KG.Committee, KG.Administration):
        for node in bundled_graph.subjects(RDF.type, kind):
            names = {
                normalise(str(label)).casefold()
                for label in bundled_graph.objects(node, SKOS.prefLabel | SKOS.altLabel)
                if isinstance(label, Literal) and label.language == "sv"
            }
            pages = [p for p in sorted(text.pages) if 1 < p <= 32]
            first = next(
                (p for p in pages if any(n in text.pages[p].casefold() for n in names)), None
            )
            local = ":" + str(node).rsplit("/", 1)[-1]
            if first is not None and first not in listed.get(local, set()):
                late.append(f"{local} (first named on page {first})")
    assert not late, f"{LIST.name} does not list these at their first page: {sorted(late)}"


def test_the_list_is_the_only_csv_in_data():
    assert [p.name for p in Path(data_dir()).glob("*.csv")] == [LIST.name]
