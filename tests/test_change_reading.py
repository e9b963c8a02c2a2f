"""Reading the comparison as a strategist would: what the refusals say and when, what "first
reported" and "last reported" mean, what the section says where no committee can be
compared, and that every surface dates a stated count as the report does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EXIT_INPUT
from kg.io.source import Source
from kg.report.compare import compare_years, year_summary

runner = CliRunner()


def _change(folder: Path) -> str:
    """The comparison section of the report.md in ``folder``."""
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    start = markdown.index('<a id="change"></a>')
    return markdown[start : markdown.index('<a id="findings"></a>', start)]


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """The comparison sections of 2012 → 2016 and 2013 → 2017, in each language."""
    found = {}
    for years in (("2012", "2016"), ("2013", "2017")):
        for lang in ("en", "sv"):
            target = tmp_path_factory.mktemp("r")
            args = ["report", "--lang", lang, "--compare", *years, "-o", str(target)]
            result = runner.invoke(app, args)
            assert result.exit_code == 0, result.output
            found[years[0], lang] = _change(target)
    return found


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "--compare needs two different years, not 2015 twice"),
        ("sv", "--compare behöver två olika år, inte 2015 två gånger"),
    ],
)
def test_the_same_year_twice_is_refused_at_once_in_the_reports_language(tmp_path, lang, said):
    result = runner.invoke(
        app, ["report", "--lang", lang, "--compare", "2015", "2015", "-o", str(tmp_path / "r")]
    )
    assert result.exit_code == EXIT_INPUT
    assert said in result.output
    # refused before the data is validated, as a year outside the data is
    assert "conforms" not in result.output and "uppfyller" not in result.output


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", '"First reported 2016": the earliest year any source reports it in'),
        ("sv", "”Rapporterad första gången 2016”: det tidigaste år som någon källa"),
    ],
)
def test_the_collaborations_say_what_first_and_last_reported_mean(compared, lang, said):
    text = compared["2012", lang]
    assert said in text
    collaborations = text[text.index("change-collaborations") :]
    assert collaborations.index(said) < collaborations.index("- **")  # before the lists


@pytest.mark.parametrize(
    ("lang", "none", "wrong"),
    [
        (
            "en",
            "No committee is described in both 2013 and 2017",
            "No committee described in both years changed",
        ),
        (
            "sv",
            "Ingen nämnd beskrivs både 2013 och 2017",
            "Ingen nämnd som beskrivs båda åren har förändrats",
        ),
    ],
)
def test_where_no_committee_is_described_in_both_years_the_section_says_so(
    compared, lang, none, wrong
):
    """2013 holds the area programme alone and 2017 the Agenda 2030 effort: no committee is
    described in both, so none can be said to be unchanged."""
    change = compare_years(Source(), 2013, 2017)
    assert not [r for r in change["committees"] if r["described"] == "both"]
    assert none in compared["2013", lang]
    assert wrong not in compared["2013", lang]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "documents reporting on 2012 and 2015 state years that include it"),
        ("sv", "dokument som avser 2012 och 2015 anger år som omfattar det"),
    ],
)
def test_a_year_no_document_reports_on_says_where_its_facts_come_from(compared, lang, said):
    assert said in compared["2013", lang]


def test_kg_query_stated_counts_dates_each_count_as_the_report_does():
    """The query's year is the year the report and --year give a count: the year it states,
    else its document's (a count such as the six IOPs of 2016 states no year of its own)."""
    result = runner.invoke(app, ["query", "stated-counts", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    dated = {(r["count"]["value"], int(r["year"]["value"])) for r in rows if "year" in r}
    assert {r["count"]["value"] for r in rows} == {count for count, _ in dated}  # none blank
    source = Source()
    for year in source.years():
        in_report = {c["iri"] for c in year_summary(source, year)["counts"]}
        assert {count for count, y in dated if y == year} == in_report, year
