"""The report's references to its sources: keys that tell alike documents apart, in any
number, and references listed in the order of the list of sources."""

from __future__ import annotations

from kg.report.evidence import Sources
from kg.report.i18n import catalog


def _document(number: int, publisher: str = "Stadskontoret", year: int = 2017) -> dict:
    return {
        "iri": f"http://x/doc{number}",
        "title": f"Uppföljning {number}",
        "publisher": publisher,
        "year": year,
        "report_year": None,
        "file": "",
    }


def test_thirty_documents_of_one_issuer_and_year_get_distinct_keys():
    documents = [_document(n) for n in range(30)]
    sources = Sources({"documents": documents}, catalog("en"))
    keys = [sources.key[d["iri"]] for d in documents]
    assert len(set(keys)) == 30
    assert keys[:2] == ["Stadskontoret 2017a", "Stadskontoret 2017b"]
    assert keys[25:28] == ["Stadskontoret 2017z", "Stadskontoret 2017aa", "Stadskontoret 2017ab"]


def test_a_key_without_a_twin_has_no_letter():
    documents = [_document(1), _document(2, year=2016), _document(3, publisher="Region Skåne")]
    sources = Sources({"documents": documents}, catalog("en"))
    assert [sources.key[d["iri"]] for d in documents] == [
        "Stadskontoret 2017",
        "Stadskontoret 2016",
        "Region Skåne 2017",
    ]


def test_references_follow_the_list_of_sources_with_pages_sorted():
    documents = [_document(1, year=2015), _document(2, year=2016), _document(3, year=2017)]
    sources = Sources({"documents": documents}, catalog("sv"))
    evidence = [
        {"document": "http://x/doc3", "page": 9},
        {"document": "http://x/doc1", "page": 4},
        {"document": "http://x/doc3", "page": 2},
        {"document": "http://x/doc3", "page": 9},
        {"document": "http://x/elsewhere", "page": 1},
    ]
    links = [run for run in sources.refs(evidence) if not isinstance(run, str)]
    assert [link.text for link in links] == [
        "Stadskontoret 2015, s. 4",
        "Stadskontoret 2017, s. 2, 9",
    ]
    assert [link.href for link in links] == ["#source-1", "#source-3"]
    assert links[1].title == "Uppföljning 3"
