"""The report for every reader (WCAG 2.1 AA): text that stands out from its background in the
page and in the charts, a gap told by a mark as well as by colour, charts the keyboard can
scroll, and the sources' Swedish titles marked as Swedish in the English report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import chromium, contrast

from kg.analysis.pipeline import analyse
from kg.io.source import Source
from kg.report import chart_figures, chart_style, charts
from kg.report.build import build_report
from kg.report.change_sections import chart_committees
from kg.report.compose import report_document
from kg.report.html import render_html
from kg.report.i18n import catalog

CSS = Path(charts.__file__).parent / "static" / "report.css"


@pytest.fixture(scope="module")
def report(bundled_source: Source) -> dict:
    return build_report(analyse(bundled_source.facts()), triples=bundled_source.triples())


@pytest.fixture(scope="module")
def pages(report: dict) -> dict[str, str]:
    """The report's page in each language, its charts drawn, wide and for a phone."""
    return {
        lang: render_html(
            report_document(report, lang),
            charts.draw_charts(report, lang),
            charts.draw_narrow_charts(report, lang),
        )
        for lang in ("en", "sv")
    }


#: The smallest text of a chart drawn for a phone, in points of its 3.6 inches: 12 CSS
#: pixels where it is shown 343 pixels wide (a 375 px phone's text column)
NARROW_TEXT = 12 * 3.6 * 72 / 343


def _phone_drawings(page: str, names: list[str], lang: str) -> None:
    """Each figure of ``page`` (``names``, sorted) carries a second drawing beside its wide
    one, 3.6 inches wide with no text under 12 CSS px on a phone, named as the wide one is,
    and no scroll cue; no id of the page is given twice."""
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), lang
    figures = dict(re.findall(r'<figure id="chart-(\w+)"[^>]*>(.*?)</figure>', page, re.S))
    assert sorted(figures) == names, lang
    for name, figure in figures.items():
        svgs = re.findall(r'<svg role="img" aria-label="([^"]*)" class="([\w-]+)"', figure)
        assert [kind for _, kind in svgs] == ["chart", "chart-narrow"], (lang, name)
        assert len({label for label, _ in svgs}) == 1, svgs  # the same accessible name
        narrow = figure[figure.index('class="chart-narrow"') :]
        assert 'viewBox="0 0 259.2 ' in narrow
        sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", narrow)]
        assert len(sizes) > 10 and min(sizes) >= NARROW_TEXT, (lang, name, min(sizes))
        assert "scroll-cue" not in figure


def test_every_chart_has_a_phone_drawing_beside_it(pages: dict[str, str]):
    """The heatmap, the partners chart and the links between groups each carry a second
    drawing for a phone (the links chart's was its desktop drawing, text 9 CSS px, scrolling
    sideways); the page shows it under 36rem and never in print."""
    for lang, page in pages.items():
        _phone_drawings(page, ["heatmap", "links", "partners"], lang)
    css = CSS.read_text("utf-8")
    print_css = css[css.index("@media print {") :]
    hidden = css.index("svg.chart-narrow { display: none; }")
    assert css[:hidden].count("{") == css[:hidden].count("}"), "inside an @media block"
    assert "chart-narrow" not in print_css


def _compared(bundled_report, lang: str) -> Path:
    """``kg report --compare 2015 2016`` in ``lang`` (the session's; read only)."""
    return bundled_report("--lang", lang, "--compare", "2015", "2016")[0]


@pytest.mark.parametrize("lang", ["en", pytest.param("sv", marks=pytest.mark.slow)])  # en: the code
def test_the_change_chart_has_a_phone_drawing_beside_it(bundled_report, lang: str):
    """A report made with ``--compare`` draws its chart of change for a phone as well (it
    was the desktop's drawing at 34rem, its text 7 CSS px, scrolling sideways)."""
    page = (_compared(bundled_report, lang) / "report.html").read_text("utf-8")
    _phone_drawings(page, ["change", "heatmap", "links", "partners"], lang)


def _numbers(figure) -> list[str]:
    """The numbers a chart writes, in the order it draws them (its axes' ticks aside)."""
    return [
        t.get_text()
        for ax in figure.axes
        for t in ax.texts
        if re.fullmatch(r"[\d\s\u202f]+", t.get_text().replace(" ✕", ""))
    ]


@pytest.mark.parametrize("lang", ["en", pytest.param("sv", marks=pytest.mark.slow)])  # en: the code
def test_a_phones_drawing_shows_the_wide_charts_numbers(bundled_report, lang: str):
    """The links chart and the chart of change drawn for a phone write the same numbers, in
    the same order, as their wide drawings; each of the links chart's in the same ink on the
    same fill, which it reaches 4.5:1 on."""
    import json

    from kg.report import chart_narrow

    cat = catalog(lang)
    report = json.loads((_compared(bundled_report, lang) / "report.json").read_text("utf-8"))
    with chart_style.styled():
        links = chart_figures.links(report["sector_holes"], cat)
        narrow_links = chart_narrow.narrow_links(report["sector_holes"], cat)
        change = chart_figures.change_chart(report["compare"], cat)
        narrow_change = chart_narrow.narrow_change(report["compare"], cat)
    wide, narrow = _cells(links), _cells(narrow_links)
    assert len(wide) == 10 and narrow == wide
    for text, colour, fill in narrow:
        assert contrast.ratio(colour, fill) >= contrast.TEXT, (text, colour, fill)
    numbers = _numbers(change)
    assert len(numbers) == 3 + 2 * len(chart_committees(report["compare"])) > 3
    assert _numbers(narrow_change) == numbers


def test_a_gap_in_the_tables_stands_out_from_its_fill():
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text("utf-8")))
    assert contrast.ratio(variables["gap"], variables["gap-fill"]) >= contrast.TEXT
    assert contrast.ratio(variables["muted"], "#ffffff") >= contrast.TEXT


def _cells(figure) -> list[tuple[str, str, str]]:
    """Each number drawn in a cell of a chart's grid: its text, colour and the fill of the
    cell it stands in."""
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import to_hex

    (ax,) = figure.axes
    (cells,) = [c for c in ax.collections if isinstance(c, PolyCollection)]  # a shape a cell
    shapes = [path.vertices[:4] for path in cells.get_paths()]
    fills = list(map(to_hex, cells.get_facecolor()))
    found = []
    for text in ax.texts:
        x, y = text.get_position()
        inside = [
            fill
            for shape, fill in zip(shapes, fills, strict=True)
            if min(shape[:, 0]) < x < max(shape[:, 0]) and min(shape[:, 1]) < y < max(shape[:, 1])
        ]
        if inside:  # a name over a row of a phone's drawing stands in no cell
            (fill,) = inside
            found.append((text.get_text(), to_hex(text.get_color()), fill))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_every_number_in_the_charts_stands_out_from_its_cell(report: dict, lang: str):
    """Each number of the heatmap and of the links between groups reaches 4.5:1 on its cell
    (white or ink, by their measured contrast, not by the number's size), a gap's in dark
    vermillion; a gap in the heatmap is marked ✕, as in the gaps table."""
    cat = catalog(lang)
    with chart_style.styled():
        heatmap = _cells(chart_figures.heatmap(report["gaps"], cat))
        links = _cells(chart_figures.links(report["sector_holes"], cat))
    assert len(heatmap) == len(report["gaps"]) * 5
    for text, colour, fill in heatmap + links:
        assert contrast.ratio(colour, fill) >= contrast.TEXT, (text, colour, fill)
    gaps = [text for text, _, fill in heatmap if fill == "#fbe3d6"]
    assert gaps and all(text.endswith(" ✕") for text in gaps)
    assert sum(len(r["missing_sectors"]) for r in report["gaps"]) == len(gaps)
    assert {colour for _, colour, _ in heatmap} > {"#ffffff", "#222222"}  # both inks are used


def test_every_shade_of_blue_has_an_ink_that_stands_out():
    for step in range(101):
        fill = chart_style.shade(step / 100)
        assert contrast.ratio(chart_style.ink(fill), fill) >= contrast.TEXT, fill


@pytest.mark.slow
def test_the_partner_groups_in_the_bar_chart_are_told_apart_in_black_and_white(report: dict):
    """Printed in black and white, the groups' colours fall to a few greys: each group's bars
    differ from every other group's in grey or in hatch (their legend shows the same)."""
    from matplotlib.colors import to_rgb

    figure = chart_figures.partners(report["gaps"], catalog("en"))
    (ax,) = figure.axes
    looks = {}
    for key in figure.legends[0].legend_handles:
        red, green, blue = to_rgb(key.get_facecolor())
        grey = round((0.299 * red + 0.587 * green + 0.114 * blue) * 5)  # five greys on paper
        looks[key.get_label()] = (grey, key.get_hatch() or "")
    assert len(looks) == 5
    assert len(set(looks.values())) == len(looks), looks
    # the bars are hatched as their legend is
    hatches = {bars.get_hatch() for bars in ax.collections if bars.get_hatch()}
    assert hatches == {hatch for _, hatch in looks.values() if hatch}


@pytest.mark.slow
def test_the_charts_are_regions_the_keyboard_can_scroll(pages: dict[str, str]):
    for lang, page in pages.items():
        figures = re.findall(r"<figure ([^>]*)>", page)
        assert len(figures) == 3, lang
        keys = ("heatmap_title", "bars_title", "links_title")
        titles = [catalog(lang)("chart." + key) for key in keys]  # in the page's language
        for figure, title in zip(figures, sorted(titles, key=page.index), strict=True):
            assert 'tabindex="0"' in figure and 'role="region"' in figure
            assert f'aria-label="{title}"' in figure, (lang, figure)


def test_the_english_report_marks_the_sources_swedish_titles(report: dict, pages: dict):
    """In the English report the list of sources gives each title in a Swedish span, and a
    reference's title (its tooltip) is Swedish while its text stays English; the Swedish
    report marks none of them (only the English names it writes in brackets)."""
    from html import escape

    from kg.report.document import other_names
    from kg.report.html import escape as html_escape

    english, swedish = pages["en"], pages["sv"]
    for document in report["documents"]:
        assert document["language"] == "sv"
        title = escape(document["title"], quote=True).replace("&#x27;", "&#39;")
        assert f'<span lang="sv">{title}</span>' in english, title
        assert f'<span lang="sv">{title}</span>' not in swedish
    references = re.findall(r'<a href="#source-\d+" title="[^"]*"([^>]*)>(<span[^>]*>)?', english)
    assert references and all(
        attributes == ' lang="sv"' and span == '<span lang="en">' for attributes, span in references
    )
    body = swedish.split("<body>", 1)[1]
    english_names = set(map(html_escape, other_names(report, "sv")))
    marked = re.findall(r'lang="(\w+)">([^<]*)<', body)  # but the English names in brackets
    assert 'lang="sv"' not in body and {t for _, t in marked} <= english_names


def test_a_name_in_the_other_language_is_marked_with_its_language(report: dict, pages: dict):
    """Where the report writes a name in the other language in brackets after a committee's
    ("Fritidsnämnden (Leisure Committee)"), the bracketed name is marked with its language,
    as the map marks it, so that a screen reader reads it in that language (WCAG 3.1.2)."""
    from kg.model.names import paired
    from kg.report.html import escape

    committees = [r for r in report["gaps"] if r["label_en"] and r["label_en"] != r["label"]]
    assert len(committees) > 5
    for lang, other in (("en", "sv"), ("sv", "en")):
        page = pages[lang].split("<main>", 1)[1]
        read = re.sub(r'<tr class="table-of" aria-hidden="true">.*?</tr>', "", page, flags=re.S)
        read = re.sub(r'="[^"]*"', "", read)  # what is read, not the attributes' names
        for row in committees:
            first, second = (row["label_en"], row["label"])[:: 1 if lang == "en" else -1]
            if paired(first, second) != f"{first} ({second})":
                continue  # written once
            plain = escape(f"{first} ({second})")
            marked = f'{escape(first)} (<span lang="{other}">'
            assert marked + f"{escape(second)}</span>)" in page, (lang, plain)
            assert plain not in read, (lang, plain)


def test_each_table_is_named_by_its_heading_and_has_column_headers(pages: dict[str, str]):
    """A screen reader's list of tables names each one, in the report's language, by the
    heading it stands under (as a printed page's "Continued: …" row does), or by a name of
    its own where one heading has two tables, so that no two share a name (WCAG 1.3.1,
    2.4.6), and reads each header cell as its column's header."""
    from collections import Counter
    from html.parser import HTMLParser

    class Tables(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.heading, self.text, self.tables, self.in_heading = "", [], [], False
            self.hidden = 0

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag in ("h2", "h3"):
                self.in_heading, self.text = True, []
            elif tag == "table":
                self.tables.append({"name": attrs.get("aria-label"), "under": self.heading})
            elif tag == "tr":
                self.hidden = attrs.get("aria-hidden") == "true"
            elif tag == "th" and not self.hidden:
                self.tables[-1].setdefault("scopes", []).append(attrs.get("scope"))

        def handle_endtag(self, tag):
            if tag in ("h2", "h3") and self.in_heading:
                self.in_heading, self.heading = False, "".join(self.text).strip().rstrip(".")

        def handle_data(self, data):
            if self.in_heading:
                self.text.append(data)

    for lang, page in pages.items():
        found = Tables()
        found.feed(page.split("<main>", 1)[1])
        assert len(found.tables) > 10, lang
        under = Counter(table["under"] for table in found.tables)
        names = Counter(table["name"] for table in found.tables)
        assert any(n > 1 for n in under.values()), lang  # the goal areas' two tables
        for table in found.tables:  # alone under its heading: the heading's name
            if under[table["under"]] == 1:
                assert table["name"] == table["under"], (lang, table)
            assert table["name"] and names[table["name"]] == 1, (lang, table)  # its own
            assert table["scopes"] and set(table["scopes"]) == {"col"}, (lang, table)


def test_each_link_to_the_map_names_its_committee(report: dict):
    """In a screen reader's list of links the appendix's links to the map were twenty "on the
    map" ("på kartan") going to twenty nodes; each is now named by its committee, in the
    report's language, the words it shows first (WCAG 2.4.4, 2.5.3)."""
    from collections import defaultdict
    from html.parser import HTMLParser
    from urllib.parse import quote

    class MapLinks(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.links: list[dict] = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "a" and attrs.get("href", "").startswith("map.html#"):
                self.links.append({"href": attrs["href"], "name": attrs.get("aria-label")})

        def handle_data(self, data):
            if self.links and "text" not in self.links[-1]:
                self.links[-1]["text"] = data

    committees = [row["committee"] for row in report["gaps"]]
    for lang in ("en", "sv"):
        cat = catalog(lang)
        no_charts = defaultdict(lambda: "<svg></svg>")  # the links alone are read here
        page = render_html(report_document(report, lang, on_map=committees), no_charts)
        found = MapLinks()
        found.feed(page)
        assert len(found.links) == len(committees), lang
        names = {link["href"]: link["name"] for link in found.links}
        assert len(set(names.values())) == len(names), names
        for row in report["gaps"]:
            name = names["map.html#" + quote(row["committee"], safe="")]
            label = cat.name(row["label"], row.get("label_en"))
            assert name == cat("appendix.on_map_label", name=label), (lang, name)
            assert name.startswith(label) and name.endswith(cat("appendix.on_map"))


def test_a_gap_cells_mark_has_words_for_a_screen_reader(pages: dict[str, str]):
    """The ✕ the stylesheet writes after a gap's number carries alt text in the report's
    language (CSS ``content: "✕" / "…"``), after the plain mark a browser without it keeps;
    the browser test below hears it."""
    from kg.report.html import css_string

    for lang, page in pages.items():
        style = page.split("<style>", 1)[1].split("</style>", 1)[0]
        marks = re.findall(r"td\.gap::after\s*\{[^}]*content:\s*([^;]*);", style)
        word = css_string(catalog(lang).template("gaps.mark"))
        assert marks == ['" \\2715"', f'" \\2715" / {word}'], (lang, marks)


@pytest.mark.slow  # the browser's reading of the rule above
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_gap_cell_is_read_as_a_gap(browser, pages: dict[str, str], lang: str, tmp_path: Path):
    """A screen reader reads a gap's cell as its number and the word ("0, gap", "0, lucka"),
    never the mark's character ("multiplication x"), while the eye still sees the ✕ after
    the number (WCAG 1.1.1, 1.3.1)."""
    page = tmp_path / "report.html"
    page.write_text(pages[lang], encoding="utf-8")
    browser.get(page.as_uri())
    word = catalog(lang).template("gaps.mark")
    gaps = browser.execute_script(
        "return Array.from(document.querySelectorAll('td.gap')).map(function (td) {"
        " return [td.textContent, getComputedStyle(td, '::after').content]; });"
    )
    assert len(gaps) > 10, lang
    assert {mark.split(" / ")[0] for _, mark in gaps} == {'" ✕"'}  # seen as before
    tree = chromium.accessibility_tree(browser, role="cell", selector="td")
    cells = [  # Chromium puts a space between a cell's text and its mark: "0 , gap"
        re.sub(r" ,", ",", n["name"]["value"])
        for n in tree
        if n["role"]["value"] in ("cell", "gridcell")
    ]
    assert not [name for name in cells if "✕" in name], lang
    read = sorted(name for name in cells if name.endswith(word))
    assert read == sorted(text + word for text, _ in gaps), lang


@pytest.mark.slow  # the browser's reading of the rule of the table names above
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_no_two_tables_share_a_name(browser, pages: dict[str, str], lang: str, tmp_path: Path):
    """A screen reader's list of tables (Chromium's accessibility tree) tells each table
    apart by its name, the goal areas' two tables too."""
    page = tmp_path / "report.html"
    page.write_text(pages[lang], encoding="utf-8")
    browser.get(page.as_uri())
    tree = chromium.accessibility_tree(browser, role="table", selector="table")
    names = [n["name"]["value"] for n in tree if n["role"]["value"] == "table"]
    tables = browser.execute_script("return document.querySelectorAll('table').length")
    assert len(names) == tables > 10 and all(names), (lang, tables, names)
    assert len(set(names)) == len(names), sorted(n for n in names if names.count(n) > 1)
