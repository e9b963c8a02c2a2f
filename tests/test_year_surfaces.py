"""One year, one story: a year's report, its map, ``kg stats`` and ``kg suggest`` say the same
of the same data, in both languages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import data_dir

runner = CliRunner()

DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data with doc-002 issued in 2012, as doc-001 is: two documents that read
    "Malmö stad 2012"."""
    copy = tmp_path_factory.mktemp("twins") / "data"
    shutil.copytree(data_dir(), copy)
    documents = copy / "documents.ttl"
    text = documents.read_text(encoding="utf-8")
    issued = 'dcterms:issued "2014-03-05"^^xsd:date'
    assert text.count(issued) == 1
    documents.write_text(text.replace(issued, 'dcterms:issued "2012"^^xsd:gYear'), "utf-8")
    return copy


@pytest.fixture(scope="module")
def twins_report(twins: Path, tmp_path_factory: pytest.TempPathFactory) -> callable:
    """``kg report --no-bundled --data TWINS ARGS…``'s folder, written once per arguments."""
    made: dict[tuple[str, ...], Path] = {}

    def report(*args: str) -> Path:
        if args not in made:
            out = tmp_path_factory.mktemp("report")
            given = ["report", "--no-bundled", "--data", str(twins), "-o", str(out), *args]
            result = runner.invoke(app, given)
            assert result.exit_code == 0, result.output
            made[args] = out
        return made[args]

    return report


def _listed_keys(markdown: str) -> list[str]:
    """The keys of report.md's list of sources, in its order."""
    return re.findall(r'^\d+\. <a id="source-\d+"></a>\*\*(.+?)\*\* — ', markdown, re.M)


@pytest.mark.parametrize(
    "lang",
    ["en", pytest.param("sv", marks=pytest.mark.slow)],  # the same code as en, other words
)
def test_a_document_has_one_key_in_a_years_report_its_map_and_the_whole_report(
    twins_report: callable, lang: str
):
    """A year's report lists only the documents quoted for the year, yet names each by the
    key it has among all the data's documents ("Malmö stad 2012a"), as its map and the whole
    report do."""
    whole = twins_report("--lang", lang)
    everywhere = dict(
        zip(
            [d["iri"] for d in json.loads((whole / "report.json").read_text("utf-8"))["documents"]],
            _listed_keys((whole / "report.md").read_text("utf-8")),
            strict=True,
        )
    )
    assert sorted(k for k in everywhere.values() if k.startswith("Malmö stad 2012")) == [
        "Malmö stad 2012a",
        "Malmö stad 2012b",
    ]
    year = twins_report("--year", "2020", "--lang", lang)
    documents = [
        d["iri"] for d in json.loads((year / "report.json").read_text("utf-8"))["documents"]
    ]
    assert len(documents) < len(everywhere)
    on_map = json.loads(DATA_BLOCK.findall((year / "map.html").read_text("utf-8"))[0])["documents"]
    listed = _listed_keys((year / "report.md").read_text("utf-8"))
    assert listed == [on_map[iri]["key"] for iri in documents]
    assert listed == [everywhere[iri] for iri in documents]


@pytest.mark.parametrize(
    ("year", "lang"),
    [(2016, "en"), pytest.param(2012, "sv", marks=pytest.mark.slow)],  # en runs the same code
)
def test_a_years_stats_count_the_documents_the_years_report_lists(
    bundled_report: callable, year: int, lang: str
):
    """``kg stats --year`` lists under "Evidence per source document" the documents the
    year's report lists (those its facts quote), and says so in the report's words."""
    folder, _ = bundled_report("--year", str(year), "--lang", lang)
    report = json.loads((folder / "report.json").read_text("utf-8"))
    args = ["stats", "--year", str(year)]
    counted = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert set(counted["documents"]) == {d["file"] for d in report["documents"]}
    assert counted["documents_in_data"] == report["year"]["documents_in_data"]
    assert counted["documents_in_data"] > len(counted["documents"])
    table = runner.invoke(app, [*args, "--lang", lang], env={"COLUMNS": "300"}).stdout
    said = re.search(
        r"^(?:Evidence per source document|Belägg per källdokument): (.+)$", table, re.M
    )
    assert said and said[1].strip() in (folder / "report.md").read_text("utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["Fritidsnämnden"],
        pytest.param(
            ["Grundskolenämnden", "--year", "2016", "--lang", "sv"], marks=pytest.mark.slow
        ),
    ],  # the first runs the same code; the second a year's view and --lang sv (JSON alike)
)
def test_a_reasons_items_come_in_the_order_its_sentence_names_them(args: list[str]):
    """``kg suggest -f json``: each part's ``items`` are listed as its ``reason`` (an English
    sentence) names them, so that the first item is the first name in the sentence."""
    from kg.model.spoken import in_language

    result = runner.invoke(app, ["suggest", *args, "-n", "0", "-f", "json"])
    assert result.exit_code == 0, result.output
    several = 0
    for group in json.loads(result.stdout)["groups"]:
        for candidate in group["candidates"]:
            for part in candidate["parts"]:
                said = part["reason"].split(": ", 1)[1]
                at = [
                    said.index(in_language(i["label"], i["label_en"], "en")) for i in part["items"]
                ]
                assert at == sorted(at), part["reason"]
                several += len(at) > 1
    assert several


@pytest.mark.parametrize("lang", ["en", pytest.param("sv", marks=pytest.mark.slow)])
def test_kg_serve_of_a_year_says_on_its_query_page_what_it_serves(served_options: dict, lang: str):
    """``kg serve --year 2016`` serves the year's view; its query page says so, in the words
    of the year's brief ("Only what the sources report for 2016")."""
    from kg.report.i18n import catalog
    from kg.web.service import query_page

    result = runner.invoke(app, ["serve", "--year", "2016", "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert served_options["year"] == 2016
    html = query_page(
        lang, served_options["licensed"], served_options["base"], served_options["year"]
    )[0].decode()
    assert catalog(lang)("brief.year", year=2016).rstrip(".") in html


@pytest.mark.slow  # starts a server
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_kg_serve_of_a_year_says_on_a_resources_page_what_it_serves(lang: str):
    """A committee's page, whose gaps are the year's, says which year's view it shows."""
    from helpers.serving import http, running

    from kg.io.source import Source
    from kg.report.i18n import catalog
    from kg.web.server import Settings

    with running(Settings(workers=1, year=2016), store=Source(year=2016).open()) as endpoint:
        status, _, body = http(endpoint.url + f"id/fritidsnamnden?lang={lang}", timeout=30)
    assert status == 200
    assert catalog(lang)("brief.year", year=2016).rstrip(".") in body.decode()
