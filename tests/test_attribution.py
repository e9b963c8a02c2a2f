"""CC BY 4.0 asks whoever reuses kg's data to credit it: every output of the bundled data a
person can take away (the report, each chart alone, the map, report.json, the RDF and network
exports, the query page) gives the credit line itself, and none claims it for another city's
data, whose licence is its publisher's to state."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.io.provenance import ATTRIBUTION
from kg.web.service import query_page

ROOT = Path(__file__).resolve().parents[1]
SWEDISH = "Uppgifter: kg — aktörer och allianser för ett socialt hållbart Malmö, CC BY 4.0"
runner = CliRunner()


def _run(*args: str) -> None:
    result = runner.invoke(app, [*args, "-q"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def report(bundled_report) -> Path:
    return bundled_report()[0]


@pytest.fixture(scope="module")
def sjostad(tmp_path_factory) -> Path:
    """Another city's data (the Sjöstad fixture's workbook as Turtle, with its kg.toml)."""
    folder = tmp_path_factory.mktemp("sjostad")
    fixture = ROOT / "tests" / "fixtures" / "sjostad"
    turtle = folder / "sjostad.ttl"
    kg.import_spreadsheet(fixture / "kalkylark").serialize(turtle, format="turtle")
    (folder / "kg.toml").write_text(
        f'city = "Sjöstad kommun"\nsources = "{fixture / "sources"}"\n', "utf-8"
    )
    return turtle


def test_the_credit_names_the_work_the_licence_with_its_link_and_the_sources():
    assert ATTRIBUTION.startswith("Data: kg — actors and alliances for a socially sustainable")
    assert "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in ATTRIBUTION
    assert "Malmö stad and SKR" in ATTRIBUTION


def test_the_report_and_report_json_give_the_credit(report: Path):
    for name in ("report.md", "report.html"):
        text = (report / name).read_text("utf-8")
        assert f"credit it as: {ATTRIBUTION}." in text, name
    about = json.loads((report / "report.json").read_text("utf-8"))["provenance"]
    assert about["licence"] == {"code": "MIT", "data": "CC-BY-4.0", "attribution": ATTRIBUTION}


def test_each_chart_carries_the_credit_on_itself(report: Path):
    """A chart pasted into slides alone still credits the data: at its foot and as its
    SVG rights."""
    charts = sorted((report / "charts").glob("*.svg"))
    assert len(charts) == 3
    for chart in charts:
        text = chart.read_text("utf-8")
        assert f"<dc:title>{ATTRIBUTION}</dc:title>" in text, chart.name
        assert (
            "Data: kg — actors and alliances for a socially sustainable"
            in text.split("</metadata>")[1]
        ), f"{chart.name} shows no credit"


@pytest.mark.slow
def test_the_map_shows_the_credit_in_the_report_and_alone(report: Path, tmp_path):
    """The credit ends the map's foot: after the link back to the report beside it, alone on
    a map of its own."""
    beside = (report / "map.html").read_text("utf-8")
    assert f"← The network report</a> · {ATTRIBUTION}</footer>" in beside
    _run("map", "--lang", "sv", "-o", str(tmp_path / "karta.html"))
    assert f'<footer id="kg-credit">{SWEDISH}' in (tmp_path / "karta.html").read_text("utf-8")


@pytest.mark.slow
def test_the_swedish_report_gives_the_credit_in_swedish(bundled_report):
    folder, _ = bundled_report("--lang", "sv")
    markdown = (folder / "report.md").read_text("utf-8")
    assert f"anger källan så här: {SWEDISH}" in markdown
    assert SWEDISH in (folder / "charts" / "heatmap.svg").read_text("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq"])
def test_rdf_exports_open_with_the_credit(bundled_export, fmt):
    first = bundled_export(fmt).read_text("utf-8").splitlines()[0]
    assert first == f"# {ATTRIBUTION}"


def test_rdf_xml_opens_with_the_credit_after_its_declaration(bundled_export):
    declaration, comment = bundled_export("rdfxml").read_text("utf-8").splitlines()[:2]
    assert declaration.startswith("<?xml ") and comment == f"<!-- {ATTRIBUTION} -->"


def test_graphml_holds_the_credit(tmp_path):
    _run("export", "-f", "graphml", "-o", str(tmp_path / "n.graphml"))
    assert nx.read_graphml(tmp_path / "n.graphml").graph["attribution"] == ATTRIBUTION


def test_the_query_page_credits_kgs_data_only():
    html = query_page("en", True)[0].decode("utf-8")
    assert f'<footer id="credit">{ATTRIBUTION}</footer>' in html
    assert SWEDISH in query_page("sv", True)[0].decode("utf-8")
    assert "CC BY" not in query_page("en", False)[0].decode("utf-8")


@pytest.mark.slow
def test_another_citys_outputs_claim_no_credit_for_kg(sjostad: Path, tmp_path):
    _run("report", "--data", str(sjostad), "-o", str(tmp_path / "r"))
    about = json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))["provenance"]
    assert about["licence"]["attribution"] is None
    taken = [tmp_path / "r" / "report.md", tmp_path / "r" / "map.html"]
    taken += sorted((tmp_path / "r" / "charts").glob("*.svg"))
    _run("export", "--data", str(sjostad), "-f", "ttl", "-o", str(tmp_path / "s.ttl"))
    taken.append(tmp_path / "s.ttl")
    for path in taken:
        text = path.read_text("utf-8")
        assert ATTRIBUTION not in text and "CC BY 4.0 (" not in text, path.name


@pytest.mark.slow
def test_kgs_data_mixed_with_anothers_still_carries_the_credit(tmp_path):
    """CC BY asks for the credit on adapted material too: kg's data with a file of one's own
    gives it, while the data's licence is no longer kg's to state."""
    extra = tmp_path / "extra.ttl"
    extra.write_text('<https://example.org/x> <https://example.org/p> "x" .\n', "utf-8")
    _run("export", "--bundled", "--data", str(extra), "-f", "nt", "-o", str(tmp_path / "m.nt"))
    assert (tmp_path / "m.nt").read_text("utf-8").splitlines()[0] == f"# {ATTRIBUTION}"
    _run("report", "--bundled", "--data", str(extra), "-o", str(tmp_path / "r"))
    about = json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))["provenance"]
    assert about["licence"]["data"] is None and about["licence"]["attribution"] == ATTRIBUTION
    assert ATTRIBUTION in (tmp_path / "r" / "map.html").read_text("utf-8")
    # the report says what report.json says: the credit, and no data licence of kg's
    page = (tmp_path / "r" / "report.md").read_text("utf-8")
    assert f"credit it as: {ATTRIBUTION}." in page
    assert "Licences: code MIT, data CC BY 4.0." not in page
