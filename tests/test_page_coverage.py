"""The page samples of docs/coverage-sample*.csv: drawn by scripts/sample_pages.py, every name
written so on its page, every node in the graph of a class that fits its kind, every thing
left out with a reason (data/README.md, "What the sources name, counted on a sample of pages")."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from helpers.scripts import script
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.io.texts import normalise
from kg.model.namespace import ID, KG, ORG
from kg.paths import data_dir

ROOT = Path(__file__).resolve().parent.parent
SEED, SIZE = 20261206, 30
#: Each table of pages read, with the seed and size that drew its pages and the names its
#: reading found missing from the graph (since added).
SAMPLES = {
    "coverage-sample.csv": (SEED, SIZE, ["Rosengård"]),
    "coverage-sample-23.csv": (23, 2, []),
}
LEFT_OUT = "left out"

#: The classes a row's kind may be in the graph as (an assignment the data models as the
#: project it set up, or as the count of assignments the text gives; IOPs the text counts
#: without naming them, as that count).
KINDS = {
    "committee": {KG.Committee},
    "council": {KG.Council},
    "administration": {KG.Administration},
    "unit": {KG.OperationalUnit, KG.ResearchUnit},
    "association": {KG.Association},
    "company": {KG.Company},
    "university": {KG.University},
    "public agency": {KG.PublicAgency},
    "municipality": {KG.Municipality},
    "organisation": {ORG.Organization},
    "area": {KG.Neighbourhood, KG.CityDistrict},
    "project": {KG.Project},
    "area programme": {KG.Project},
    "area programme strand": {KG.Project, KG.Network, KG.CollaborationAgreement},
    "knowledge alliance": {KG.KnowledgeAlliance},
    "IOP": {KG.IOP, KG.StatedCount},
    "agreement": {KG.CollaborationAgreement},
    "network": {KG.Network},
    "meeting place": {KG.MeetingPlace},
    "assignment": {KG.InvestigationAssignment, KG.Project, KG.StatedCount},
}


@pytest.fixture(scope="module")
def sampler():
    with script("sample_pages") as module:
        yield module


@pytest.fixture(scope="module")
def pages(sampler) -> dict[str, dict[int | None, str]]:
    return sampler.pages(data_dir() / "sources")


def _rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "docs" / name).open(encoding="utf-8", newline="") as handle:
        return [{**row, "table": name} for row in csv.DictReader(handle)]


TABLES = {name: _rows(name) for name in SAMPLES}
ROWS = [row for rows in TABLES.values() for row in rows]


def _key(row: dict[str, str]) -> tuple[str, int | None]:
    return row["document"], int(row["page"]) if row["page"] else None


@pytest.mark.slow
def test_the_sample_is_spread_over_every_document_by_its_pages(sampler):
    sample = sampler.draw(data_dir() / "sources", SEED, SIZE)
    assert len(sample) == len(set(sample)) == SIZE
    per_document = Counter(document for document, _ in sample)
    assert set(per_document) == {f"doc-00{n}" for n in range(5)}
    assert per_document["doc-004"] == SIZE - 4  # 32 pages of 36; one each for the others
    assert sample == sampler.draw(data_dir() / "sources", SEED, SIZE)  # a seed, a sample


@pytest.mark.parametrize("size", [0, 1, 3, 4, 5, 6, 12, 20, 35, 36, 40])
def test_the_sample_holds_as_many_pages_as_its_size_says(sampler, size: int):
    """--size is how many pages are drawn (every page, where there are fewer): one page per
    document first only where the size leaves room for it (--size 3 drew 6 pages)."""
    sample = sampler.draw(data_dir() / "sources", SEED, size)
    assert len(sample) == len(set(sample)) == min(size, 36)  # 5 documents, 36 pages
    if size >= 5:
        assert {document for document, _ in sample} == {f"doc-00{n}" for n in range(5)}


@pytest.mark.parametrize("table", SAMPLES)
def test_the_table_holds_the_sampled_pages_and_only_they(sampler, table: str):
    seed, size, _ = SAMPLES[table]
    rows = TABLES[table]
    sources = data_dir() / "sources"
    sample = sampler.draw(sources, seed, size)
    pages = sampler.pages(sources)
    assert {_key(row) for row in rows} <= set(sample)
    unlisted = [key for key in sample if key not in {_key(row) for row in rows}]
    # a sampled page with no row names nothing: its number and the running header only
    assert all(len(pages[doc][page]) < 20 for doc, page in unlisted), unlisted


@pytest.mark.parametrize(
    "row", ROWS, ids=lambda row: f"{row['table']}-{row['document']}-{row['page']}-{row['name']}"
)
def test_each_name_is_written_so_on_its_page(row: dict[str, str], pages):
    document, page = _key(row)
    assert normalise(row["name"]) in normalise(pages[document][page])


def test_each_node_is_in_the_graph_as_a_class_that_fits_its_kind(bundled_graph: Graph):
    wrong = []
    for row in ROWS:
        assert row["kind"] in KINDS, row
        if row["in_graph"] == LEFT_OUT:
            assert row["reason"], f"{row['name']}: a thing left out says why"
            continue
        assert row["in_graph"].startswith(":"), row
        for name in row["in_graph"].split():
            types = set(bundled_graph.objects(URIRef(ID + name[1:]), RDF.type))
            if not types & KINDS[row["kind"]]:
                wrong.append(f"{row['name']} ({row['kind']}): {name} is {sorted(types)}")
    assert not wrong, wrong


@pytest.mark.parametrize("table", SAMPLES)
def test_the_gaps_the_sample_found_are_closed(table: str):
    rows = TABLES[table]
    before = Counter(row["before"] for row in rows)
    assert set(before) <= {"in graph", "missing", LEFT_OUT}
    assert [row["name"] for row in rows if row["before"] == "missing"] == SAMPLES[table][2]
    assert all(row["in_graph"] != "no" for row in rows)
