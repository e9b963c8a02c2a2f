"""Kommunfullmäktige, the city council, is a kg:Council: the elected assembly that appoints the
committees, in the graph with its evidence, and no committee on any surface (the report's
gaps and findings, ``kg gaps``, the library's committee queries, the map's marks and filters).
"""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Literal
from rdflib.namespace import PROV, RDF
from typer.testing import CliRunner

from kg.analysis.pipeline import Analysis, analyse
from kg.cli import app
from kg.io.source import Source
from kg.io.spreadsheet.vocab import ACTOR_TYPES
from kg.model.namespace import ID, KG, OA, ORG
from kg.model.vocab import ONTOLOGY_IRI
from kg.report.build import build_report
from kg.report.compose import report_document
from kg.report.markdown import document_markdown
from kg.sparql.engine import prepare_text, run
from kg.web.map import render_map
from kg.web.style import type_name

COUNCIL = ID["kommunfullmaktige"]
#: The library queries about committees: what each of them answers for (an IRI column).
COMMITTEE_QUERIES = {
    "committees-lacking-sector": "committee",
    "committees-sharing-collaborations": "committee",
    "committees-sharing-no-partner": "committee",
    "iops-per-committee": "committee",
}
DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def analysis(bundled_source: Source) -> Analysis:
    return analyse(bundled_source.facts())


@pytest.fixture(scope="module")
def report(analysis: Analysis, bundled_source: Source) -> dict:
    return build_report(analysis, triples=bundled_source.triples())


@pytest.mark.slow
def test_the_council_is_in_the_graph_with_its_evidence(bundled_graph, bundled_facts):
    assert set(bundled_graph.objects(COUNCIL, RDF.type)) == {KG.Council}
    assert (COUNCIL, ORG.subOrganizationOf, ID["malmo-stad"]) in bundled_graph
    excerpts = set(bundled_graph.objects(COUNCIL, PROV.wasDerivedFrom))
    assert excerpts == {ID["ev-004-p16-kommunfullmaktige"]}
    quote = bundled_graph.value(bundled_graph.value(next(iter(excerpts)), OA.hasSelector), OA.exact)
    assert quote == Literal("Kommunfullmäktige har beslutat om nio målområden")
    actor = bundled_facts.actors[str(COUNCIL)]
    assert (actor["type"], actor["group"], actor["label_en"]) == ("Council", "city", "City Council")
    # the stated count of the council's nine goal areas stays the council's
    assert (None, KG.countedFor, COUNCIL) in bundled_graph


def test_the_council_has_no_committee_view(bundled_source: Source):
    """The rules give a committee its partner status, groups reached and gaps: not the council."""
    answer = run(
        bundled_source,
        prepare_text(
            "SELECT ?p WHERE { id:kommunfullmaktige ?p ?o . "
            "FILTER(?p IN (kg:partnerStatus, kg:lacksGroup, kg:reachesGroup)) }"
        ),
    )
    assert list(answer) == []
    count = run(bundled_source, prepare_text("SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Committee }"))
    assert [row["n"].value for row in count] == ["20"]


@pytest.mark.slow
def test_the_report_counts_20_committees_and_not_the_council(report: dict):
    assert report["summary"]["committees"] == len(report["gaps"]) == 20
    assert str(COUNCIL) not in {row["committee"] for row in report["gaps"]}
    findings = report["findings"]
    assert findings["committees"] == 20
    assert [r["committee"] for r in findings["without_partners"]] == [
        str(ID["fortroendenamnden"]),
        str(ID["valnamnden"]),
    ]
    assert str(COUNCIL) not in json.dumps(report["suggestions"])
    for lang, headline in (
        ("en", "**2** of 20 committees have no partner named"),
        ("sv", "**2** av 20 nämnder har ingen partner namngiven"),
    ):
        text = document_markdown(report_document(report, lang))
        assert headline in text
        assert "Kommunfullmäktige" not in text


@pytest.mark.slow
def test_kg_gaps_lists_no_council():
    result = CliRunner().invoke(app, ["gaps", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 20 and str(COUNCIL) not in {row["committee"] for row in rows}


@pytest.mark.parametrize(("name", "column"), sorted(COMMITTEE_QUERIES.items()))
def test_the_committee_queries_name_no_council(bundled_source: Source, name: str, column: str):
    found = {row[column].value for row in run(bundled_source, name)}
    assert found and str(COUNCIL) not in found


def test_the_council_has_no_partners_in_committee_partners(bundled_source: Source):
    answer = run(bundled_source, "committee-partners", {"committee": "id:kommunfullmaktige"})
    assert list(answer) == []


@pytest.mark.parametrize(("lang", "word"), [("en", "council"), ("sv", "kommunfullmäktige")])
def test_the_map_draws_the_council_as_no_committee(analysis: Analysis, lang: str, word: str):
    """Its own type name (so the type filter's "committee" box leaves it out), the
    municipality's star outlined, and no mark of a committee lacking partners."""
    page = render_map(analysis, lang=lang)
    node = next(n for n in page.nodes if n["id"] == str(COUNCIL))
    assert (node["type"], node["shape"], node["outlined"]) == (word, "star", True)
    assert not node.get("lacking") and "missing_sectors" not in node
    committees = {n["id"] for n in page.nodes if n["type"] == type_name("Committee", lang)}
    assert len(committees) == 20 and str(COUNCIL) not in committees
    data = json.loads(DATA_BLOCK.findall(page.html)[0])
    assert str(COUNCIL) not in data["lacking"]
    assert f'class="kg-type" value="{word}"' in page.html


@pytest.mark.slow
def test_the_council_is_named_in_both_languages():
    assert (type_name("Council", "en"), type_name("Council", "sv")) == (
        "council",
        "kommunfullmäktige",
    )
    for word in ("council", "fullmäktige", "kommunfullmäktige", "City Council", "kg:Council"):
        assert ACTOR_TYPES.find(word).iri == ONTOLOGY_IRI + "Council", word
    result = CliRunner().invoke(app, ["centrality", "--type", "fullmäktige", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [row["iri"] for row in json.loads(result.stdout)["rows"]] == [str(COUNCIL)]
