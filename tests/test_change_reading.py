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
from kg.report.i18n import catalog
from kg.synth import write_synthetic

runner = CliRunner()


def _change(folder: Path) -> str:
    """The comparison section of the report.md in ``folder``."""
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    start = markdown.index('<a id="change"></a>')
    return markdown[start : markdown.index('<a id="findings"></a>', start)]


@pytest.fixture(scope="module")
def compared(bundled_report) -> dict[tuple, str]:
    """The comparison sections of 2012 → 2016 and 2013 → 2017, in each language, and what
    the terminal said (keyed with "terminal")."""
    found = {}
    for years in (("2012", "2016"), ("2013", "2017")):
        for lang in ("en", "sv"):
            target, result = bundled_report("--lang", lang, "--compare", *years)
            found[years[0], lang] = _change(target)
            found[years[0], lang, "terminal"] = result.stdout
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


@pytest.mark.slow
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


@pytest.mark.slow
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
    compared, lang, none, wrong, bundled_source
):
    """2013 holds the area programme alone and 2017 the Agenda 2030 effort: no committee is
    described in both, so none can be said to be unchanged."""
    change = compare_years(bundled_source, 2013, 2017)
    assert not [r for r in change["committees"] if r["described"] == "both"]
    assert none in compared["2013", lang]
    assert wrong not in compared["2013", lang]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "documents reporting on 2012 and 2015 state years that include it"),
        ("sv", "dokument som avser 2012 och 2015 anger år som omfattar det"),
    ],
)
def test_a_year_no_document_reports_on_says_where_its_facts_come_from(compared, lang, said):
    assert said in compared["2013", lang]


@pytest.mark.slow
def test_kg_query_stated_counts_dates_each_count_as_the_report_does(bundled_source):
    """The query's year is the year the report and --year give a count: the year it states,
    else its document's (a count such as the six IOPs of 2016 states no year of its own)."""
    result = runner.invoke(app, ["query", "stated-counts", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    dated = {(r["count"]["value"], int(r["year"]["value"])) for r in rows if "year" in r}
    assert {r["count"]["value"] for r in rows} == {count for count, _ in dated}  # none blank
    for year in bundled_source.years():
        in_report = {c["iri"] for c in year_summary(bundled_source, year)["counts"]}
        assert {count for count, y in dated if y == year} == in_report, year


@pytest.mark.slow
def test_kg_query_stated_counts_says_which_status_each_assignment_count_is_of():
    """The follow-up's 27, 4 and 1 assignments of 2016 are done, ongoing and not started:
    the rows say so, not only the quotes (some quote the summary sentence alone)."""
    result = runner.invoke(app, ["query", "stated-counts", "-f", "json", "-q"])
    rows = json.loads(result.stdout)["results"]["bindings"]
    of_2016 = {
        (int(r["number"]["value"]), r["status"]["value"])
        for r in rows
        if r["year"]["value"] == "2016" and "utredningsuppdrag" in r["count"]["value"]
    }
    assert of_2016 == {(27, "done (green)"), (4, "ongoing (yellow)"), (1, "not started (red)")}
    assert all("status" not in r for r in rows if "iop" in r["count"]["value"])


# ---------------------------------------------------------------- the picture of change


def _drawn(change: dict, lang: str = "en"):
    from kg.report import chart_style, charts

    with chart_style.styled():
        return charts.change_chart(change, catalog(lang))


def _bars(ax) -> list[float]:
    """The bars' lengths, top to bottom (for pairs: the first year's, then the second's)."""
    bars = sorted(ax.patches, key=lambda p: (p.get_y(), p.get_x()))
    return [bar.get_width() for bar in bars]


@pytest.mark.slow
def test_the_chart_of_change_draws_the_comparisons_own_numbers(bundled_source):
    """2012 → 2016: the collaborations of one year, both and the other, and the named partners
    of the three committees the sources describe in both years; the 17 no source of 2012
    describes are not drawn (their partners in 2012 are unknown, not none)."""
    change = compare_years(bundled_source, 2012, 2016)
    top, bottom = _drawn(change).axes
    found = change["collaborations"]
    assert _bars(top) == [len(found[k]) for k in ("only_first", "both", "only_second")]
    both = [r for r in change["committees"] if r["described"] == "both"]
    drawn = [t.get_text() for t in bottom.get_yticklabels()]
    assert sorted(drawn) == sorted(r["label_en"] for r in both) and len(drawn) == 3
    by_label = {r["label_en"]: r["partners"] for r in both}
    assert _bars(bottom) == [n for label in drawn for n in by_label[label]]
    changes = [abs(by_label[label][1] - by_label[label][0]) for label in drawn]
    assert changes == sorted(changes, reverse=True)  # the largest change first


def test_with_no_committee_in_both_years_the_chart_draws_the_collaborations_alone(
    compared, bundled_source
):
    (top,) = _drawn(compare_years(bundled_source, 2013, 2017)).axes
    assert _bars(top) == [1, 0, 1]
    assert (
        "No committee is described in both 2013 and 2017, so none is drawn."
        in (compared["2013", "en"])
    )
    none_drawn = "Ingen nämnd beskrivs både 2013 och 2017, så diagrammet visar ingen nämnd."
    assert none_drawn in compared["2013", "sv"]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "What the sources report in 2012 and in 2016"),
        ("sv", "Vad källorna rapporterar 2012 och 2016"),
    ],
)
def test_the_change_section_shows_the_chart_first(compared, lang, title):
    text = compared["2012", lang]
    assert f"]({'charts/change.svg'})" in text
    assert text.index("charts/change.svg") < text.index("change-sources")
    assert f"*{title}.*" in text


def test_the_chart_is_written_with_a_comparison_only(bundled_report):
    plain, compared = (
        bundled_report()[0],
        bundled_report("--lang", "en", "--compare", "2015", "2016")[0],
    )
    assert not (plain / "charts" / "change.svg").exists()
    svg = (compared / "charts" / "change.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "2015" in svg
    html = (compared / "report.html").read_text(encoding="utf-8")
    assert html.count('id="chart-change"') == 1


@pytest.mark.slow
def test_a_report_written_again_without_a_comparison_leaves_no_old_change_chart(tmp_path: Path):
    """`kg report -o x` after `kg report --compare … -o x` (a class rerunning into one
    folder): the folder's charts are this report's, not last run's change.svg; files of
    the reader's own stay."""
    folder = tmp_path / "report"
    result = runner.invoke(app, ["report", "--compare", "2015", "2016", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    (folder / "charts" / "my-notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["report", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "charts").iterdir()) == [
        "heatmap.svg",
        "links.svg",
        "my-notes.txt",
        "partners.svg",
    ]


def test_past_its_rows_the_chart_draws_the_largest_changes_and_says_so(tmp_path, monkeypatch):
    from kg.report import change_sections
    from kg.report.evidence import Sources

    path = write_synthetic(tmp_path / "two.ttl", 300, seed=5, years=(2015, 2016)).path
    change = compare_years(Source(data=(path,), bundled=False), 2015, 2016)
    both = [r for r in change["committees"] if r["described"] == "both"]
    assert len(both) > 5
    monkeypatch.setattr(change_sections, "CHART_COMMITTEES", 5)
    (_, bottom) = _drawn(change).axes
    drawn = [t.get_text() for t in bottom.get_yticklabels()]
    largest = sorted(abs(r["partners"][1] - r["partners"][0]) for r in both)[-5:]
    by_label = {r["label_en"] or r["label"]: r["partners"] for r in both}
    assert sorted(abs(by_label[d][1] - by_label[d][0]) for d in drawn) == largest
    report = {"compare": change, "documents": [], "gaps": []}
    section = change_sections.change_section(change, catalog("en"), Sources(report, catalog("en")))
    (figure,) = [b for b in section.blocks if b.kind == "figure"]
    assert f"The 5 of {len(both)} committees with the largest change." in "".join(figure.caption)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "finding", "appendix"),
    [
        (
            "en",
            "of 20 committees are described by none of the sources of 2012",
            "None of the sources of 2012 describes this committee.",
        ),
        (
            "sv",
            "av 20 nämnder beskrivs inte i någon av källorna för 2012",
            "Ingen av källorna för 2012 beskriver nämnden.",
        ),
    ],
)
def test_a_years_report_says_which_sources_do_not_describe_a_committee(
    bundled_report, lang, finding, appendix
):
    """In the report of 2012, the 17 committees the 2012 interim report does not name are not
    described by the sources of 2012; the 2016 follow-up describes every one of them."""
    folder, _ = bundled_report("--year", "2012", "--lang", lang)
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    assert finding in markdown
    assert markdown.count(appendix) == 17
    data = markdown[markdown.index('<a id="data"></a>') : markdown.index('<a id="charts"></a>')]
    assert {"en": "none of the sources of 2012", "sv": "källorna för 2012"}[lang] in data


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "title", "absent"),
    [
        (
            "en",
            "Gaps: committees and the groups in which the sources mention no partner of them — "
            "2012, "
            "as the sources of 2012 report it",
            "so the sources cannot tell its partners or which groups it lacks (—). It does not",
        ),
        (
            "sv",
            "Luckor: nämnderna och de grupper där källorna inte nämner någon partner till dem "
            "— 2012, så som källorna för 2012",
            "så källorna kan inte visa dess partner eller vilka grupper den saknar (—).",
        ),
    ],
)
def test_kg_gaps_of_a_year_names_the_year_and_what_absent_means(lang, title, absent):
    """The 17 committees the 2012 interim report does not name lack no group in 2012's view
    (the sources cannot tell); the table says so, as the report does."""
    result = runner.invoke(app, ["gaps", "--year", "2012", "--lang", lang], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert title in result.stdout and absent in result.stdout
    whole = runner.invoke(app, ["gaps", "--lang", lang], env={"COLUMNS": "400"}).stdout
    assert " — " not in whole.splitlines()[0] and absent not in whole


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Committees: 3 described in both years, whose partners can be compared; 17"),
        ("sv", "Nämnder: 3 beskrivs båda åren, och deras partner kan jämföras; 17 beskrivs"),
    ],
)
def test_the_terminal_says_how_many_committees_can_be_compared(compared, lang, said):
    assert said in compared["2012", lang, "terminal"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "A document that reports on another year is counted when it names a collaboration"),
        ("sv", "Ett dokument som avser ett annat år räknas med när det också namnger"),
    ],
)
def test_the_sources_of_a_year_say_why_another_years_document_is_among_them(compared, lang, said):
    """The 2020 webcast is among the sources of 2012: it names the all-activity house at
    Lindängeskolan, a collaboration the 2012 interim report names too."""
    text = compared["2012", lang]
    sources = text[text.index("change-sources") : text.index("change-counts")]
    assert "(#source-5)" in sources  # the webcast, which reports on 2020
    assert said in sources


@pytest.mark.slow
def test_a_name_with_dollar_signs_is_drawn_as_written_not_as_maths():
    """matplotlib reads text between two $ as maths: a committee named with them would be
    drawn as other text, or (a backslash after one) stop the report with an internal error.
    Every chart draws a name from the data as it is written."""
    from kg.analysis.pipeline import analyse
    from kg.report.build import build_report
    from kg.report.charts import draw_charts

    name = r"Fonden $\bad{ och $5"
    change = compare_years(Source(), 2012, 2016)
    both = next(r for r in change["committees"] if r["described"] == "both")
    both["label"] = both["label_en"] = name
    svg = _svg(_drawn(change))
    assert "Fonden $\\bad{ och $5" in svg
    report = build_report(analyse(Source().facts()), triples=0)
    report["gaps"][0]["label"] = report["gaps"][0]["label_en"] = name
    drawn = draw_charts(report)
    assert all("$\\bad{ och $5" in drawn[chart] for chart in ("heatmap", "partners"))


def _svg(figure) -> str:
    import io

    from kg.report import chart_style

    written = io.StringIO()
    with chart_style.styled():
        figure.savefig(written, format="svg")
    return written.getvalue()


def test_the_bodies_a_split_committee_became_are_named_in_the_reports_order():
    """Names in the sentence on a split are ordered as kg orders names everywhere: case-blind,
    numbers in order ("Nämnd 2" before "Nämnd 10")."""
    from kg.report import change_sections

    old = {"iri": "x:old", "label": "Sociala nämnden"}
    continuing = [
        {"label": name, "continues": [old]} for name in ("nämnd 10", "Nämnd 2", "arbetsnämnden")
    ]
    (sentence,) = change_sections._split(catalog("sv"), continuing)
    assert sentence.index("arbetsnämnden") < sentence.index("Nämnd 2") < sentence.index("nämnd 10")


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_comparison_says_the_rest_of_the_report_is_every_years(bundled_report, lang: str):
    """kg report --compare 2012 2016 compares the two years, then gives the gaps, brokers and
    map of every year together (what kg gaps gives, not kg gaps --year 2016): it says so in
    its comparison, naming the command that shows 2016 alone, before any of it is read."""
    target, _ = bundled_report("--lang", lang, "--compare", "2012", "2016")
    report = json.loads((target / "report.json").read_text(encoding="utf-8"))

    def partners(*year: str) -> dict[str, int]:
        found = runner.invoke(app, ["gaps", *year, "--lang", lang, "-f", "json", "-q"])
        return {r["committee"]: r["partners"] for r in json.loads(found.stdout)}

    every, second = partners(), partners("--year", "2016")
    assert {r["committee"]: r["partners"] for r in report["gaps"]} == every != second
    assert "kg report --year 2016" in _change(target)
