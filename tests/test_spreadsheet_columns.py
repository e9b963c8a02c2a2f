"""The template's columns for data/README.md's years and bases: a document's report year, a
collaboration's start and end years (typed as text or as Excel's date cells), and the basis
and note of actors, collaborations and parties, imported and exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers.graphs import same_graph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from kg.io.spreadsheet import SpreadsheetError, export_rows, import_spreadsheet
from kg.io.spreadsheet.writer import write_spreadsheet
from kg.model.namespace import KG, SCHEMA

SJOSTAD = Path(__file__).parent / "fixtures" / "sjostad"
SOURCES = SJOSTAD / "sources"
BASE = "https://w3id.org/kg-malmo/id/sjostad/"
QUOTE = {"document": "upp-2023", "page": "5", "quote": "SOCIALNÄMNDEN"}


@pytest.fixture(scope="module")
def sjostad() -> Graph:
    return import_spreadsheet(SJOSTAD / "kalkylark")


def workbook(tmp_path: Path, reports_on: str = "2023", **rows: list[dict]) -> Path:
    """A small workbook of Sjöstad's follow-up report and its Socialnämnden, with these rows."""
    document = {
        "id": "upp-2023",
        "title": "Uppföljning 2023",
        "file": "sjostad-uppfoljning-2023.txt",
        "paginated": "yes",
        "date": "2024",
        "reports_on": reports_on,
    }
    committee = {"name_sv": "Socialnämnden", "type": "nämnd", "sector": "offentlig", **QUOTE}
    sheets = {
        "about": [{"key": "city", "value": "Sjöstad kommun"}],
        "documents": [document],
        **rows,
        "actors": [committee, *rows.get("actors", [])],
    }
    return write_spreadsheet(sheets, tmp_path / "x.xlsx")


def mistakes_of(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(path, sources=[SOURCES])
    return [(m.sheet, m.column, m.message) for m in caught.value.mistakes]


@pytest.mark.slow
def test_sjostad_years_follow_the_conventions(sjostad: Graph):
    year = Literal("2023", datatype=XSD.gYear)
    assert (URIRef(BASE + "upp-2023"), KG.reportYear, year) in sjostad
    assert (URIRef(BASE + "net-unga-roster"), KG.startYear, year) in sjostad
    month = Literal("2022-05", datatype=XSD.gYearMonth)
    assert (URIRef(BASE + "proj-trygg-hamn"), SCHEMA.startDate, month) in sjostad
    assert not list(sjostad.triples((None, DCTERMS.temporal, None)))


def test_sjostad_basis_and_note(sjostad: Graph):
    rescue = URIRef(BASE + "raddningstjansten-sjostad")
    assert (rescue, KG.basis, KG.AssumedByCurators) in sjostad
    [note] = sjostad.objects(rescue, SKOS.editorialNote)
    assert note.language == "en" and "kommunalförbund" in note


@pytest.mark.slow
def test_bundled_bases_and_years_have_columns(bundled_graph: Graph):
    exported = export_rows(bundled_graph)
    other = {r["property"] for r in exported.rows["other"]}
    assert not other & {"kg:basis", "skos:editorialNote", "kg:reportYear"}
    bases = [r for s in ("actors", "collaborations", "parties", "counts") for r in exported.rows[s]]
    assert sum(1 for r in bases if r.get("basis")) == len(
        set(bundled_graph.subjects(KG.basis, None))
    )
    started = {r["name_sv"] for r in exported.rows["collaborations"] if r.get("start")}
    assert "Fritidsbank" in started
    assert all(r.get("reports_on") for r in exported.rows["documents"])


def test_a_range_of_years_bounds_the_facts_a_report_year_only_from_above(tmp_path: Path):
    collaboration = {
        "name_sv": "Socialnämndens projekt",
        "type": "projekt",
        "year": "2022",
        **QUOTE,
    }
    graph = import_spreadsheet(
        workbook(tmp_path, collaborations=[collaboration]), sources=[SOURCES]
    )
    assert (None, KG.year, Literal("2022", datatype=XSD.gYear)) in graph
    ranged = workbook(tmp_path, "2023-2024", collaborations=[collaboration])
    assert mistakes_of(ranged) == [
        (
            "collaborations",
            "H (year)",
            "2022 is outside the years of document upp-2023 (2023–2024)",
        )
    ]
    graph = import_spreadsheet(workbook(tmp_path, "2023-2024"), sources=[SOURCES])
    assert (None, DCTERMS.temporal, Literal("2023/2024")) in graph


@pytest.mark.slow
def test_a_range_of_years_backwards_is_a_mistake_on_its_document(tmp_path: Path):
    """'2024-2023' under 'reports on' is no range (the earlier year comes first), not the
    years 2023 to 2024 read the other way, nor 2024 alone."""
    assert mistakes_of(workbook(tmp_path, "2024-2023")) == [
        ("documents", "I (reports on)", "'2024-2023' is not a year or a range of years")
    ]


def test_a_basis_needs_a_note_and_a_known_word(tmp_path: Path):
    actor = {
        "name_sv": "Socialförvaltningen",
        "type": "förvaltning",
        "sector": "offentlig",
        "parent": "Socialnämnden",
        "basis": "context",
        **QUOTE,
    }
    unknown = {**actor, "name_sv": "Socialtjänsten", "basis": "hörsägen", "note": "x"}
    found = mistakes_of(workbook(tmp_path, actors=[actor, unknown]))
    assert [(sheet, column) for sheet, column, _ in found] == [
        ("actors", "Q (note (en))"),
        ("actors", "P (basis)"),
    ]
    assert found[0][2] == "a basis needs a note"
    assert found[1][2] == "unknown basis 'hörsägen'"


@pytest.mark.slow
def test_a_party_keeps_its_basis_and_an_unnamed_one_has_none(tmp_path: Path):
    collaboration = {"name_sv": "Partnerskapet", "type": "IOP", **QUOTE}
    note = "Read from the committee's heading."
    party = {
        "collaboration": "Partnerskapet",
        "actor": "Socialnämnden",
        "basis": "sammanhang",
        "note": note,
        **QUOTE,
    }
    path = workbook(tmp_path, collaborations=[collaboration], parties=[party])
    graph = import_spreadsheet(path, sources=[SOURCES])
    membership = URIRef(BASE + "m-iop-partnerskapet--socialnamnden")
    assert (membership, KG.basis, KG.ReadFromContext) in graph
    assert (membership, SKOS.editorialNote, Literal(note, lang="en")) in graph
    unnamed = {"collaboration": "Partnerskapet", "sector": "idéburen", "basis": "antaget"}
    path = workbook(tmp_path, collaborations=[collaboration], parties=[unnamed])
    assert [m[2] for m in mistakes_of(path)] == ["an unnamed party has no basis"]


def test_it_cannot_end_before_it_starts(tmp_path: Path):
    collaboration = {
        "name_sv": "Socialnämndens projekt",
        "type": "projekt",
        "start": "2023",
        "end": "2021",
        **QUOTE,
    }
    found = mistakes_of(workbook(tmp_path, collaborations=[collaboration]))
    assert found == [("collaborations", "J (end)", "it ends (2021) before it starts (2023)")]
    collaboration["end"] = "2023-06"
    graph = import_spreadsheet(
        workbook(tmp_path, collaborations=[collaboration]), sources=[SOURCES]
    )
    project = URIRef(BASE + "proj-socialnamndens-projekt")
    assert (project, KG.startYear, Literal("2023", datatype=XSD.gYear)) in graph
    assert (project, SCHEMA.endDate, Literal("2023-06", datatype=XSD.gYearMonth)) in graph


def _type_in_excel(sheet, header: str, value: dt.datetime, number_format: str) -> None:
    """Store ``value`` under ``header`` in row 2 as Excel stores what was typed there: a date
    cell (a typed 2022-05 is the 1st of May, shown as May-22 with format mmm-yy)."""
    [column] = [c.column_letter for c in sheet[1] if c.value == header]
    sheet[f"{column}2"].value = value
    sheet[f"{column}2"].number_format = number_format


def test_a_date_cell_keeps_the_precision_its_format_shows(tmp_path: Path):
    """A date cell shown without its day is the month typed (2022-05), without its month the
    year, else the day: the same graph as the same values typed as text."""
    from openpyxl import load_workbook

    collaboration = {"name_sv": "Socialnämndens projekt", "type": "projekt", **QUOTE}
    typed = {"start": "2022-05", "end": "2023-06-15"}
    (tmp_path / "text").mkdir()
    (tmp_path / "cells").mkdir()
    text = workbook(tmp_path / "text", collaborations=[{**collaboration, **typed}])
    cells = workbook(tmp_path / "cells", collaborations=[collaboration])
    book = load_workbook(cells)
    _type_in_excel(book["collaborations"], "start", dt.datetime(2022, 5, 1), "mmm-yy")
    _type_in_excel(book["collaborations"], "end", dt.datetime(2023, 6, 15), "yyyy-mm-dd")
    _type_in_excel(book["documents"], "date", dt.datetime(2024, 1, 1), "yyyy")
    book.save(cells)
    graph = import_spreadsheet(cells, sources=[SOURCES])
    project = URIRef(BASE + "proj-socialnamndens-projekt")
    assert (project, SCHEMA.startDate, Literal("2022-05", datatype=XSD.gYearMonth)) in graph
    assert (URIRef(BASE + "upp-2023"), DCTERMS.issued, Literal("2024", datatype=XSD.gYear)) in graph
    assert same_graph(graph, import_spreadsheet(text, sources=[SOURCES]))
