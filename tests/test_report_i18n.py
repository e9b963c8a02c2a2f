"""The report in Swedish and English: catalogs that match, no word of the other language in
headings and statuses, the municipality from the data, titled sources, findings computed from
report.json, and report.md, report.html and the charts written alike for both languages."""

from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.analysis.pipeline import analyse
from kg.cli import app
from kg.io.source import Source
from kg.model.sectors import vocabulary
from kg.report.build import build_report
from kg.report.charts import forget_drawn
from kg.report.compare import time_sections
from kg.report.compose import report_document
from kg.report.document import Figure, Heading, Table, plain
from kg.report.i18n import LANGUAGES, catalog, messages
from kg.report.markdown import render_markdown
from kg.web.style import TYPE_PLURALS, type_name

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
#: Words Swedish and English share, spelt alike ("organisations" is also the Swedish genitive),
#: that a heading may use in either language.
SHARED = {"partner", "status", "organisation", "organisations", "social", "per", "iop"}


@pytest.fixture(scope="module")
def report(bundled_source: Source) -> dict:
    return build_report(analyse(bundled_source.facts()), triples=bundled_source.triples())


@pytest.fixture(scope="module")
def dated_report(bundled_source: Source) -> dict:
    """The report of 2015 (``--year 2015``) with the change from 2015 to 2016 (``--compare``)."""
    year = bundled_source.at(2015)
    sections = time_sections(year, (2015, 2016))
    return build_report(analyse(year.facts()), triples=year.triples(), sections=sections)


def _leaves(tree: object, path: str = "") -> dict[str, str]:
    """Every message of a catalog by dotted key (plural forms and glossary entries apart)."""
    if isinstance(tree, dict):
        found = {}
        for key, value in tree.items():
            found.update(_leaves(value, f"{path}.{key}" if path else key))
        return found
    if isinstance(tree, list):
        return {f"{path}[{i}]": v for i, v in enumerate(tree)}
    return {path: tree}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_catalogs_have_the_same_messages_and_placeholders():
    english, swedish = (_leaves(messages(lang)) for lang in ("en", "sv"))
    assert english.keys() == swedish.keys()
    for key, text in english.items():
        assert _fields(text) == _fields(swedish[key]), key
        assert text.strip() and swedish[key].strip(), key


def test_the_swedish_report_counts_collaborations_as_samarbeten_in_one_word():
    """What a partner comes "through" is counted in samarbeten everywhere (its glossary, the
    gaps table's legend, the concentration finding): not "en enda samverkan" in one line and
    "ett enda" samarbete in the next, nor "samverkansformer" (kinds, not collaborations)."""
    swedish = _leaves(messages("sv"))
    for key, text in swedish.items():
        assert "en enda samverkan" not in text and "samverkansform" not in text, (key, text)
    assert "genom ett enda samarbete" in swedish["gaps.one_collaboration"]


#: What is no word of either language: placeholders, file names, kg's commands.
_NOT_WORDS = re.compile(r"\{[^}]*\}|\S+\.(?:md|json|html|svg)\b|\bkg \w+|--[\w-]+")  # and options


def _words(texts: list[str], drop: str = "") -> set[str]:
    dropped = set(re.findall(r"[^\W\d_]+", drop.casefold()))
    found = re.findall(r"[^\W\d_]+", _NOT_WORDS.sub(" ", " ".join(texts)).casefold())
    return set(found) - dropped


def _headings_and_statuses(report: dict, lang: str) -> list[str]:
    """What a reader scans: title, section and table headings, chart titles, box title,
    glossary terms, statuses, group and type names."""
    cat = catalog(lang)
    document = report_document(report, lang)
    texts = [document.title, document.subtitle, document.contents]
    for section in document.sections:
        texts.append(section.title)
        for block in section.blocks:
            if isinstance(block, Table):
                texts += [plain(cell) for cell in block.header]
            elif isinstance(block, Figure) or block.kind == "box":
                texts.append(block.title)
            elif block.kind == "terms":
                texts += [term for _, term, _ in block.entries]
            elif isinstance(block, Heading) and section.id in ("holes", "year", "change"):
                texts.append(plain(block.text))
    words = vocabulary()
    texts += [s.label(lang) for s in words.statuses]
    texts += [g.label(lang) for g in (*words.groups, words.public)]
    texts += [cat.type(kind) for kind in TYPE_PLURALS]
    texts += [cat(f"chart.{key}") for key in ("heatmap_no_gap", "bars_axis")]
    texts += [cat(f"terminal.{key}") for key in ("gaps", "brokers")]
    return texts


def _vocabulary(lang: str) -> set[str]:
    """Every word the language's catalog and labels use."""
    words = vocabulary()
    texts = list(_leaves(messages(lang)).values())
    texts += [c.label(lang) for c in (*words.groups, words.public, *words.statuses)]
    texts += [type_name(kind, lang) for kind in TYPE_PLURALS]
    return _words(texts)


@pytest.mark.parametrize(("lang", "other"), [("sv", "en"), ("en", "sv")])
@pytest.mark.parametrize("dated", [False, True], ids=["whole", "year-and-change"])
def test_no_word_of_the_other_language_in_headings_and_statuses(
    request, report, lang, other, dated
):
    if dated:
        report = request.getfixturevalue("dated_report")
        assert {"year", "change"} <= {s.id for s in report_document(report, lang).sections}
    city = " ".join(f"{c['label']} {c['label_en']}" for c in report["city"])
    scanned = _words(_headings_and_statuses(report, lang), drop=city)
    foreign = (scanned & _vocabulary(other)) - SHARED
    assert not foreign, f"{lang} headings use {other} words: {sorted(foreign)}"
    assert scanned & _vocabulary(lang), "the headings were found"


@pytest.mark.slow
def test_swedish_headings_read_as_swedish(report):
    document = report_document(report, "sv")
    titles = [s.title for s in document.sections]
    assert titles[:2] == ["Huvudresultat", "Underlaget"]
    assert "Ordlista" in titles and "Källor" in titles
    markdown = render_markdown(report, "sv")
    assert "(s)" not in markdown and "(s)" not in render_markdown(report, "en")
    assert "20 nämnder" in markdown and "1 nämnd " not in markdown.replace("20 nämnd", "")


def test_plural_forms():
    sv, en = catalog("sv"), catalog("en")
    assert sv.plural("count.committees", 1) == "1 nämnd"
    assert sv.plural("count.committees", 2) == "2 nämnder"
    assert en.plural("count.links_short", 1) == "1 link"
    assert sv.plural("count.triples", 5900) == "5\u202f900 påståenden (tripplar)"
    assert en.plural("count.triples", 5900) == "5,900 statements (triples)"


@pytest.mark.slow
def test_the_findings_come_from_the_data(report):
    found = report["findings"]
    lacking_business = sum("business" in r["missing_sectors"] for r in report["gaps"])
    assert found["lacking_groups"][0] == {"group": "business", "committees": lacking_business}
    assert ["academia", "business"] in found["groups_never_linked"]
    english = render_markdown(report, "en")
    swedish = render_markdown(report, "sv")
    total = len(report["gaps"])
    assert (
        f"the sources mention no partner in it for **{lacking_business}** of {total} committees"
        in english
    )
    assert f"källorna nämner ingen partner där för **{lacking_business}** av {total}" in swedish
    # a gap is what the sources show, not proof: the how-to-read box says so
    assert "A gap is what the sources show, not proof" in english
    assert "En lucka visar vad källorna tar upp, inte att nämnden saknar" in swedish
    assert "[academia and business](#holes)" in english
    assert "[akademi och näringsliv](#holes)" in swedish
    # never meeting by name is not never meeting: Malmö Innovationsarena (p. 26) joins
    # business and academia without naming them, and the finding says such may exist
    unnamed = "(a collaboration the sources describe without naming its organisations may still"
    assert unnamed + " join such a pair)" in english
    assert "(en samverkan som källorna beskriver utan att namnge organisationerna" in swedish
    assert "no collaboration naming organisations of both brings together" in english
    assert "for which the sources mention no partner in the most groups: " in english
    assert "men där källorna inte nämner någon partner i flest grupper: " in swedish
    for row in found["without_partners"]:
        assert f"(#c-{row['committee'].rsplit('/', 1)[-1]})" in english


@pytest.mark.slow
def test_groups_tied_for_fewest_reached_are_named_together(report):
    """Two groups lacked by as many committees are one finding, not one group then the other
    "next" with the same number."""
    tied = json.loads(json.dumps(report))
    lacking = tied["findings"]["lacking_groups"]
    lacking[1]["committees"] = n = lacking[0]["committees"]
    total = tied["findings"]["committees"]
    for lang, words in (
        (
            "en",
            "are the groups fewest committees reach: in each, the sources mention no partner"
            " for **{n}** of {total} committees",
        ),
        (
            "sv",
            "är de grupper som färst nämnder når: i var och en nämner källorna ingen partner"
            " för **{n}** av {total}",
        ),
    ):
        cat = catalog(lang)
        both = cat.join([cat.group(x["group"]) for x in lacking[:2]])
        markdown = render_markdown(tied, lang)
        expected = f"[{both[0].upper() + both[1:]}](#chart-heatmap) " + words.format(
            n=n, total=total
        )
        assert expected in markdown
        for x in lacking[:2]:  # neither comes again among the next
            assert cat("findings.group_count", group=cat.group(x["group"]), n=n) not in markdown


@pytest.mark.slow
def test_names_in_the_language_with_the_other_in_brackets(report):
    english = render_markdown(report, "en")
    swedish = render_markdown(report, "sv")
    assert "Leisure Committee (Fritidsnämnden)" in english
    assert "Fritidsnämnden (Leisure Committee)" in swedish


@pytest.mark.slow
def test_references_name_the_document_and_the_sources_are_listed(report):
    markdown = render_markdown(report, "en")
    assert "doc 004" not in markdown and "004_7af" not in markdown.split("## Sources")[0]
    assert "[Malmö stad, Stadskontoret 2017, p. 24](#source-" in markdown
    sources = markdown.split("## Sources")[1]
    for document in report["documents"]:
        assert document["title"] in sources
    assert "s. 24](#source-" in render_markdown(report, "sv")


@pytest.mark.slow
def test_the_report_names_no_class_and_no_unexplained_measure(report):
    for lang in LANGUAGES:
        markdown = render_markdown(report, lang)
        for kind in ("PublicAgency", "OperationalUnit", "ResearchUnit", "KnowledgeAlliance"):
            assert kind not in markdown, (lang, kind)
        anchors = set(re.findall(r'<a id="([^"]+)"></a>', markdown))
        for target in set(re.findall(r"\]\(#([^)]+)\)", markdown)):
            assert target in anchors, (lang, target)
        for term in ("degree", "betweenness", "eigenvector", "closeness", "constraint",
                     "effective_size", "open_pairs", "community", "score", "triple"):  # fmt: skip
            assert f'<a id="g-{term}"></a>' in markdown, (lang, term)


def test_no_city_is_named_in_the_reports_code():
    for path in sorted((ROOT / "kg" / "report").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".toml", ".html", ".css"}:
            assert "Malmö" not in path.read_text("utf-8"), path


@pytest.mark.slow
def test_another_citys_report_takes_its_name_from_the_data(tmp_path: Path):
    folder = tmp_path / "sjostad"
    shutil.copytree(ROOT / "tests" / "fixtures" / "sjostad", folder)
    (folder / "data").mkdir(exist_ok=True)
    imported = runner.invoke(
        app, ["import", str(folder / "kalkylark"), "-o", str(folder / "data" / "sjostad.ttl")]
    )
    assert imported.exit_code == 0, imported.output
    for lang in LANGUAGES:
        target = tmp_path / lang
        result = runner.invoke(
            app,
            ["report", "--no-bundled", "--data", str(folder), "-o", str(target), "--lang", lang],
        )
        assert result.exit_code == 0, result.output
        data = json.loads((target / "report.json").read_text("utf-8"))
        names = [c["label"] for c in data["city"]]
        assert names and "Malmö" not in " ".join(names)
        for name in ("report.md", "report.html"):
            text = (target / name).read_text("utf-8")
            assert "Malmö" not in text, name
            first = text.splitlines()[0] if name == "report.md" else text
            assert (
                catalog(lang).short_name(data["city"][0]["label"], data["city"][0]["label_en"])
                in first
            )


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_kg_report_writes_every_file_alike_each_time(tmp_path: Path, fixture_path, lang):
    args = ["--no-bundled", "--data", str(fixture_path("kitchen_sink.ttl")), "--lang", lang]
    first, second = tmp_path / "one", tmp_path / "two"
    for target in (first, second):
        forget_drawn()  # each run draws its charts, as a new process does
        result = runner.invoke(app, ["report", "-o", str(target), *args])
        assert result.exit_code == 0, result.output
    names = ["report.md", "report.html", "report.json", "map.html"]
    names += [f"charts/{c}.svg" for c in ("heatmap", "partners", "links")]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    markdown = (first / "report.md").read_text("utf-8")
    for chart in ("heatmap", "partners", "links"):
        assert f"](charts/{chart}.svg)" in markdown
    html = (first / "report.html").read_text("utf-8")
    # the three charts, and a phone's drawing of each
    assert f'<html lang="{lang}">' in html and html.count("<svg") == 6
    assert html.count('class="chart-narrow"') == 3
    assert (
        str(second / "report.html") in result.stdout and str(second / "map.html") in result.stdout
    )


@pytest.mark.slow
def test_charts_drawn_again_from_the_same_numbers_are_the_same_and_others_are_new(report):
    """A report's charts drawn again in one process are reused, byte for byte what a new
    drawing gives; a changed number, language or matplotlib setting draws them anew."""
    import copy

    import matplotlib

    from kg.report.charts import draw_charts, draw_narrow_charts

    forget_drawn()
    first = draw_charts(report)
    again = draw_charts(report)
    assert all(again[name] is first[name] for name in first), "drawn again, not reused"
    forget_drawn()
    fresh = draw_charts(report)
    assert fresh == first
    changed = copy.deepcopy(report)
    row = changed["gaps"][0]
    row["by_sector"] = {group: count + 7 for group, count in row["by_sector"].items()}
    redrawn = draw_charts(changed)
    assert redrawn["heatmap"] != first["heatmap"] and redrawn["partners"] != first["partners"]
    assert redrawn["links"] is fresh["links"], "the links chart shows no committee row"
    assert draw_charts(report, "sv")["heatmap"] != first["heatmap"]
    with matplotlib.rc_context({"axes.edgecolor": "#123456"}):
        assert "#123456" in draw_charts(report)["partners"]
    # a phone's drawings: kept apart from the wide ones, the same bytes drawn anew
    narrow = draw_narrow_charts(report)
    assert sorted(narrow) == ["heatmap", "links", "partners"]
    assert narrow["heatmap"] != first["heatmap"] and narrow["links"] != first["links"]
    forget_drawn()
    assert draw_narrow_charts(report) == narrow and draw_charts(report) == first


@pytest.mark.slow
def test_a_notebooks_settings_for_saving_its_own_figures_leave_the_charts_alone(report):
    """``savefig.*`` (a notebook's way of saving its own figures: cropped, on grey) changes
    neither the charts' size nor their background."""
    import matplotlib

    from kg.report.charts import draw_charts

    forget_drawn()
    plain = draw_charts(report)
    with matplotlib.rc_context({"savefig.bbox": "tight", "savefig.facecolor": "#eeeeee"}):
        assert draw_charts(report) == plain
    forget_drawn()


def test_a_font_of_the_charts_list_missing_here_is_not_a_warning_at_every_text(
    report, monkeypatch, caplog
):
    """The charts' font list names fonts for the reader's viewer; on a machine without one of
    them (a fresh one without Liberation Sans) matplotlib warns at every text it lays out,
    thousands of lines on stderr for one report. Drawing the charts says nothing of it, and
    leaves matplotlib's warnings as they were afterwards."""
    import logging

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from kg.report import charts as drawing
    from kg.report.charts import draw_charts

    missing = "Kg No Such Family"
    families = ["DejaVu Sans", missing, "sans-serif"]
    monkeypatch.setattr(drawing, "FONT_FAMILIES", families)
    caplog.set_level(logging.WARNING, logger="matplotlib.font_manager")

    def noted() -> list[str]:
        return [r.getMessage() for r in caplog.records if missing in r.getMessage()]

    forget_drawn()
    charts = draw_charts(report)
    assert charts["heatmap"].count("<text") > 10 and not noted()
    # each text names the list for the reader's viewer (sans-serif spelt out after it)
    named = "'DejaVu Sans', 'Kg No Such Family', "  # in font-family (font in matplotlib 3.8)
    assert charts["heatmap"].count(named) == charts["heatmap"].count("<text")
    with matplotlib.rc_context({"font.family": families}):  # matplotlib alone warns
        figure = Figure()
        FigureCanvasAgg(figure)
        figure.text(0.5, 0.5, "text")
        figure.canvas.draw()
    assert noted(), "matplotlib no longer warns: this test shows nothing"
    forget_drawn()


@pytest.mark.slow
def test_charts_drawn_in_two_threads_at_once_keep_their_style(report, monkeypatch):
    """Two reports written at once in one process (threads of a notebook or a server): each
    chart is drawn with the charts' settings, not with those the other thread's end put
    back, and matplotlib's settings are as they were afterwards (not left as the charts')."""
    import copy
    import threading
    import time

    import matplotlib

    from kg.report import charts

    real_svg, seen = charts._svg, []

    def slow_svg(figure, credit=None, **options):  # the second thread's outlast the first's
        seen.append(matplotlib.rcParams["svg.fonttype"])
        time.sleep(0.4 if threading.current_thread() is threads[1] else 0.02)
        return real_svg(figure, credit, **options)

    monkeypatch.setattr(charts, "_svg", slow_svg)
    other = copy.deepcopy(report)
    other["gaps"][0]["by_sector"] = {g: n + 3 for g, n in other["gaps"][0]["by_sector"].items()}
    forget_drawn()
    before = matplotlib.rcParams["svg.fonttype"]
    threads = [threading.Thread(target=charts.draw_charts, args=(r,)) for r in (report, other)]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join()
    forget_drawn()
    assert seen and set(seen) == {"none"}, seen
    assert matplotlib.rcParams["svg.fonttype"] == before


@pytest.mark.slow
def test_the_html_report_is_self_contained_and_escapes_the_data(tmp_path: Path, fixture_path):
    args = ["--no-bundled", "--data", str(fixture_path("hostile_label.ttl"))]
    result = runner.invoke(app, ["report", "-o", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report.html").read_text("utf-8")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "<script" not in html
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert len(ids) == len(re.findall(r'\sid="([^"]+)"', html)), "no id twice"
    for target in set(re.findall(r'href="#([^"]+)"', html)):
        assert target in ids, target


def test_an_unknown_language_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["report", "--lang", "de", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "'de' is not one of 'en', 'sv'" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_past_the_limit_the_appendix_says_where_the_partners_are(report, monkeypatch, lang):
    """A national graph's appendix would be 100 MB of Markdown: past the limit it points to
    report.json and kg gaps, and every committee's name links to it instead of an entry."""
    from kg.report import evidence
    from kg.report.charts import draw_charts
    from kg.report.html import render_html

    full = render_markdown(report, lang)
    monkeypatch.setattr(evidence, "APPENDIX_COMMITTEES", len(report["gaps"]) - 1)
    markdown = render_markdown(report, lang)
    appendix = markdown[markdown.index('<a id="appendix"></a>') :]
    appendix = appendix[: appendix.index("<a id=", 10)]
    assert "report.json" in appendix and "kg gaps --format json" in appendix
    assert str(len(report["gaps"])) in appendix
    assert len(markdown) < len(full)
    anchors = re.findall(r'<a id="([^"]+)"></a>', markdown)
    links = set(re.findall(r"\]\(#([^)]+)\)", markdown))
    assert "appendix" in links and not any(link.startswith("c-") for link in links)
    assert not [link for link in links if link not in anchors]
    html = render_html(report_document(report, lang), draw_charts(report, lang))
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert not [link for link in re.findall(r'href="#([^"]+)"', html) if link not in ids]


@pytest.mark.slow
def test_past_a_few_thousand_actors_report_json_is_one_line_of_the_same_data(
    bundled_source: Source, tmp_path: Path, monkeypatch
):
    from kg.report import write

    analysis = analyse(bundled_source.facts())
    indented = write.write_report(analysis, tmp_path / "a", triples=1).directory
    monkeypatch.setattr(write, "COMPACT_JSON_FROM", 0)
    compact = write.write_report(analysis, tmp_path / "b", triples=1).directory
    texts = [(d / "report.json").read_text(encoding="utf-8") for d in (indented, compact)]
    assert texts[0].count("\n") > 100 and texts[1].count("\n") == 1
    assert "Fritidsnämnden" in texts[1]  # UTF-8, not escaped
    assert json.loads(texts[0]) == json.loads(texts[1])


def test_the_terminal_says_the_data_conforms_in_the_reports_language(bundled_report):
    swedish = bundled_report("--lang", "sv")[1]
    assert "✓ uppgifterna uppfyller reglerna" in swedish.stderr
    assert "conforms" not in swedish.output and "wrote" not in swedish.output
    english = bundled_report()[1]
    assert "✓ the data conforms" in english.stderr


@pytest.mark.slow
def test_the_appendix_gives_a_stated_count_in_the_reports_language(report: dict):
    """The appendix line of the committee's six unnamed IOPs says what the number counts (the
    count's description, in the report's language; the Swedish one from the data's Swedish
    description), not "six unnamed partners": IOPs, whose partners are not named."""
    lines = {
        lang: [
            line
            for line in render_markdown(report, lang).splitlines()
            if line.startswith(("- 6 räknade", "- 6 counted"))
        ]
        for lang in LANGUAGES
    }
    [swedish], [english] = lines["sv"], lines["en"]
    assert swedish.startswith(
        "- 6 räknade inom idéburen sektor, inte namngivna: Idéburna offentliga partnerskap (IOP) "
        "som nämnden har med föreningar i Malmö (inte namngivna), för att förbättra Malmöbornas"
    )
    assert "IOPs the committee has" not in swedish and "s. 20" in swedish
    assert english.startswith(
        "- 6 counted in civil society, not named: IOPs the committee has with associations in Malmö"
    )


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "page"), [("en", "p."), ("sv", "s.")])
def test_a_committee_with_no_partner_named_cites_where_the_sources_describe_it(report, lang, page):
    """ "The sources describe this committee" names the page, so a reader can check that
    the section names no partner (Förtroendenämnden p. 22, Valnämnden p. 31)."""
    text = render_markdown(report, lang)
    none = catalog(lang)("appendix.none")
    for committee, number in (("fortroendenamnden", 22), ("valnamnden", 31)):
        section = text.split(f'<a id="c-{committee}"></a>')[1].split("<a id=")[0]
        assert f"{none} — [Malmö stad, Stadskontoret 2017, {page} {number}](#source-" in section
    rows = {r["committee"].rsplit("/", 1)[1]: r for r in report["gaps"]}
    assert {e["page"] for e in rows["valnamnden"]["described_in"]} == {31}


@pytest.mark.slow
def test_a_reference_to_the_glossary_reads_as_one(report):
    """Every link in the text to a glossary entry starts with "→", as a pointer to read on
    (printed, a bare "Suggestion score" at a paragraph's end reads as a stray word)."""
    for lang in LANGUAGES:
        for section in report_document(report, lang).sections:
            if section.id == "glossary":
                continue
            for block in section.blocks:
                if getattr(block, "kind", "") != "paragraph":
                    continue
                for run in block.text:
                    if not isinstance(run, str) and run.href.startswith("#g"):
                        assert run.text.startswith("→ "), (lang, section.id, run.text)
