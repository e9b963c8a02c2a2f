"""From Python and Jupyter: the analysis as pandas DataFrames in one call, a map that shows
inline at a bounded size and whose text form is one line."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from helpers import needs
from typer.testing import CliRunner

import kg
from kg.analysis.pipeline import Analysis, analyse
from kg.cli import app
from kg.model.sectors import vocabulary
from kg.report.frames import TABLES
from kg.sparql.library import from_text
from kg.web.map import NOTEBOOK_HEIGHT, render_map

pd = needs.module("pandas")


@pytest.fixture(scope="module")
def analysis(bundled_facts) -> Analysis:
    return analyse(bundled_facts)


@pytest.fixture(scope="module")
def tables(analysis: Analysis) -> dict:
    return kg.frames(analysis)


@pytest.mark.slow
def test_every_result_is_a_dataframe(tables: dict):
    assert list(tables) == list(TABLES)
    for name, frame in tables.items():
        assert isinstance(frame, pd.DataFrame), name
        assert len(frame), name
        for column in frame.columns:  # one value per cell: no lists or dicts left
            assert not frame[column].map(lambda v: isinstance(v, list | dict)).any(), column


def test_the_gaps_table_is_tidy_and_agrees_with_the_analysis(analysis: Analysis, tables: dict):
    gaps = tables["gaps"]
    assert set(gaps["committee"]) == {r["committee"] for r in analysis.gaps}
    by_iri = {r["committee"]: r for r in analysis.gaps}
    for _, row in gaps.iterrows():
        expected = by_iri[row["committee"]]
        for group in vocabulary().names:
            assert row[group] == expected["by_sector"][group]
        assert row["partners"] == expected["partners"]
    partners = tables["partners"]
    assert len(partners) == sum(r["partners"] for r in analysis.gaps)


def test_the_partners_frame_names_the_collaborations_as_the_edges_and_the_query_do(
    analysis: Analysis, tables: dict, bundled_source
):
    """The partners frame joins to the edges frame and to ``committee-partners`` by the
    collaborations' IRIs (the four district committees' "Hela familjen" share a name)."""
    partners = tables["partners"]
    for row in partners.itertuples():
        iris = row.collaboration_iris.split("; ")
        edge = analysis.network.edges[row.committee, row.partner]["collaborations"]
        assert sorted(iris) == sorted(edge), (row.committee, row.partner)
        assert len(iris) == len(row.collaborations.split("; "))
    committee = "https://w3id.org/kg-malmo/id/stadsomradesnamnd-innerstaden"
    answer = kg.answer_frame(
        kg.query(bundled_source, "committee-partners", {"committee": committee})
    )
    queried = set(zip(answer["partner"], answer["collaboration"], strict=True))
    mine = partners[partners["committee"] == committee]
    framed = {
        (partner, iri)
        for partner, iris in zip(mine["partner"], mine["collaboration_iris"], strict=True)
        for iri in iris.split("; ")
    }
    assert framed == queried


@pytest.mark.slow
def test_the_gaps_frame_is_kg_gaps_as_csv(tables: dict):
    """One table for machines: the DataFrame and ``kg gaps -f csv`` hold the same cells."""
    listed = CliRunner().invoke(app, ["gaps", "-f", "csv"]).stdout
    as_csv = pd.read_csv(io.StringIO(listed), keep_default_na=False)
    frame = tables["gaps"]
    assert list(as_csv.columns) == list(frame.columns)
    assert as_csv.astype(str).values.tolist() == frame.astype(str).values.tolist()


def test_the_network_tables_match_the_network(analysis: Analysis, tables: dict):
    assert len(tables["nodes"]) == analysis.network.number_of_nodes()
    assert len(tables["edges"]) == analysis.network.number_of_edges()
    assert len(tables["centrality"]) == len(analysis.centrality.rows)
    assert tables["centrality"]["betweenness"].dtype.kind == "f"


def test_each_suggestion_score_is_the_sum_of_its_parts(tables: dict):
    suggestions = tables["suggestions"]
    assert len(suggestions)
    parts = suggestions["score_parts"].map(
        lambda said: sum(float(part.split()[-1]) for part in said.split("; ") if part)
    )
    assert (parts - suggestions["score"]).abs().max() < 0.01


def test_a_map_shows_inline_at_a_bounded_size(analysis: Analysis):
    page = render_map(analysis)
    text = repr(page)
    assert len(text) < 200 and text.startswith("<MapPage: ")
    frame = page._repr_html_()
    assert frame.startswith("<iframe ") and f'height="{NOTEBOOK_HEIGHT}"' in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert html.unescape(srcdoc) == page.html
    assert "<script" not in frame.split('srcdoc="')[1].split('"')[0]


def test_a_query_answer_is_a_dataframe_with_typed_columns():
    """The user review: query answers went through CSV text and pd.read_csv."""
    source = kg.Source()
    pairs = kg.answer_frame(kg.query(source, "sector-pairs"))
    listed = list(
        csv.reader(
            io.StringIO(CliRunner().invoke(app, ["query", "sector-pairs", "-f", "csv"]).stdout)
        )
    )
    assert list(pairs.columns) == listed[0]
    assert [[str(v) for v in row] for row in pairs.values.tolist()] == listed[1:]
    assert pairs["collaborations"].dtype.kind == "i"
    text = """SELECT ?s ?n ?b ?missing WHERE {
      { BIND(<http://e.org/a> AS ?s) BIND(1.5 AS ?n) BIND(true AS ?b) }
      UNION { BIND(BNODE() AS ?s) BIND(2 AS ?n) BIND(false AS ?b) }
      OPTIONAL { ?s <http://e.org/nothing> ?missing } } ORDER BY ?n"""
    typed = kg.answer_frame(kg.query(source, from_text(text)))
    assert typed["s"][0] == "http://e.org/a" and typed["s"][1].startswith("_:")
    assert typed["n"].tolist() == [1.5, 2.0] and typed["b"].tolist() == [True, False]
    assert typed["missing"].isna().all()
    graph = kg.answer_frame(
        kg.query(source, from_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"))
    )
    assert list(graph.columns) == ["subject", "predicate", "object"] and len(graph) == 3
    with pytest.raises(kg.KgError, match="yes or no"):
        kg.answer_frame(kg.query(source, from_text("ASK { ?s ?p ?o }")))


@pytest.mark.slow
def test_a_column_with_unbound_values_keeps_python_values_and_none():
    """A page number left unbound is None beside the integers, not NaN beside floats."""
    pages = kg.answer_frame(kg.query(kg.Source(), "evidence-between-actors"))["page"].tolist()
    assert None in pages and all(p is None or type(p) is int for p in pages), pages


def test_the_python_api_takes_python_values_and_says_what_it_wants(tmp_path):
    """As a notebook calls it: parameters as Python values, one path as a string, a query's
    path as a Path, a report's folder as a string; the wrong object is a TypeError that says
    what to pass; a written report prints as a short line."""
    from pathlib import Path

    from kg.io.source import Source
    from kg.report.write import write_report

    source = kg.Source()
    assert list(kg.query(source, "cross-sector-brokers", {"min_sectors": 3})) == list(
        kg.query(source, "cross-sector-brokers", {"min_sectors": "3"})
    )
    city = Path(__file__).parent.parent / "data" / "city.ttl"
    assert len(Source(data=str(city), bundled=False).open()) > 0
    assert len(kg.load(str(city), bundled=False)) > 0
    rq = Path(__file__).parent.parent / "queries" / "sector-pairs.rq"
    assert list(kg.query(source, rq)) == list(kg.query(source, "sector-pairs"))
    for call, wanted in [
        (lambda: kg.analyse(source), r"kg.analyse\(source.facts\(\)\)"),
        (lambda: kg.validate(source), r"kg.validation.check\(source\)"),
        (lambda: kg.frames(source), r"kg.frames\(kg.analyse"),
    ]:
        with pytest.raises(TypeError, match=wanted):
            call()
    with pytest.raises(kg.KgError) as caught:
        kg.query(source, "SELECT * WHERE { ?s ?p ?o }")
    assert "from_text(text)" in str(caught.value)
    # the folder as a str, as write_map and kg.export_spreadsheet take their paths
    written = write_report(analyse(source.facts()), str(tmp_path / "r"), triples=source.triples())
    assert len(repr(written)) < 1000 and "report.html" in repr(written)
    assert written.html == tmp_path / "r" / "report.html" and written.map.is_file()
