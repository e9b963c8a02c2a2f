"""The HTML report in a real browser: headless Chromium opens it offline with no console
error and nothing fetched, every link lands, and its print to PDF (Page.printToPDF) holds the
charts; a map shown inline in a notebook draws in its frame."""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
import subprocess
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import chromium

from kg.analysis.pipeline import analyse
from kg.io.source import Source
from kg.report.chart_style import GAP_INK
from kg.report.i18n import catalog
from kg.web.map import render_map
from kg.web.style import GROUP_COLOURS

webdriver, WebDriverWait, pytestmark = chromium.browser_tests()


@pytest.fixture(scope="module", params=["en", "sv"])
def written(request: pytest.FixtureRequest, bundled_report) -> Path:
    """The bundled data's report, with its map beside it, in each language (the session's
    one; read only)."""
    return bundled_report("--lang", request.param)[0]


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_the_report_renders_offline_without_errors(browser, written: Path):
    browser.get_log("browser")
    browser.get((written / "report.html").resolve().as_uri())
    assert not _errors(browser)
    state = browser.execute_script(
        "return {charts: document.querySelectorAll('svg.chart').length,"
        " fetched: performance.getEntriesByType('resource').length,"
        " broken: Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
        "   .filter(a => !document.getElementById(a.getAttribute('href').slice(1)))"
        "   .map(a => a.getAttribute('href')),"
        " chartHeight: document.querySelector('#chart-heatmap svg').getBoundingClientRect().height,"
        " title: document.querySelector('h1').textContent}"
    )
    assert state["charts"] == 3
    assert state["fetched"] == 0
    assert state["broken"] == []
    assert state["chartHeight"] > 200
    assert "Malmö" in state["title"]  # the municipality the bundled data names


def test_a_committee_in_the_appendix_opens_on_the_map(browser, written: Path):
    """The report's appendix links each committee to its node on the map beside it."""
    fritid = "https://w3id.org/kg-malmo/id/fritidsnamnden"
    browser.get((written / "report.html").resolve().as_uri())
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href^=\"map.html#\"]'))"
        ".map(a => decodeURIComponent(a.getAttribute('href').slice(9)))"
    )
    assert fritid in links and len(links) == len(set(links)) >= 20
    # every committee, and not the council (no committee: it has no section in the appendix)
    assert "https://w3id.org/kg-malmo/id/kommunfullmaktige" not in links
    browser.execute_script(
        "Array.from(document.querySelectorAll('a[href^=\"map.html#\"]'))"
        ".find(a => decodeURIComponent(a.hash.slice(1)) === arguments[0]).click()",
        fritid,
    )
    deadline = time.monotonic() + 30
    selected: list = []
    while time.monotonic() < deadline and selected != [fritid]:
        time.sleep(0.1)
        selected = browser.execute_script(
            "return window.kgMap && kgMap.stable ? kgMap.network.getSelectedNodes() : []"
        )
    assert selected == [fritid]
    assert "Fritidsnämnden" in browser.find_element("id", "kg-panel").text
    assert not _errors(browser)


def _pdf_streams(pdf: bytes) -> bytes:
    """The PDF's content streams, inflated."""
    found = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found += zlib.decompress(match.group(1)) + b"\n"
        except zlib.error:
            continue
    return found


def _fill(colour: str) -> bytes:
    """How Chromium's PDF sets a fill colour: 'r g b rg', each to four decimals."""
    parts = []
    for i in (1, 3, 5):
        value = round(int(colour[i : i + 2], 16) / 255, 4)
        text = f"{value:.4f}".rstrip("0").rstrip(".") or "0"
        parts.append(text.removeprefix("0") if text.startswith("0.") else text)
    return " ".join(parts).encode() + b" rg"


@pytest.fixture(scope="module")
def printed(browser, written: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report printed to PDF in Chromium (Page.printToPDF), once a language: the tests
    of the printed pages only read the file."""
    browser.get((written / "report.html").resolve().as_uri())
    printed = browser.execute_cdp_cmd(
        "Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}
    )
    pdf = tmp_path_factory.mktemp("printed") / "report.pdf"
    pdf.write_bytes(base64.b64decode(printed["data"]))
    return pdf


#: The width of an A4 page's text in CSS pixels: 210 mm less the margins of the report's
#: @page (14 mm a side)
A4_TEXT = round((210 - 2 * 14) / 25.4 * 96)


def test_nothing_printed_is_wider_than_the_page(browser, written: Path):
    """Chromium prints a document whose content is wider than the paper shrunk, every page
    with it: the tables of brokers and of the most central organisations (their long
    headings, "förmedlingscentralitet"), wider than A4, printed the English report at 89%
    and the Swedish at 75% (tables in 6 pt), 38 and 29 pages. Laid out for print at the
    width of A4's text, nothing reaches past its right edge."""
    browser.get((written / "report.html").resolve().as_uri())
    metrics = {"width": A4_TEXT, "height": 1000, "deviceScaleFactor": 1, "mobile": False}
    try:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        wide = browser.execute_script(
            "return Array.from(document.querySelectorAll('body *'))"
            " .filter(e => e.getBoundingClientRect().right > arguments[0] + 0.5)"
            " .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 60))",
            A4_TEXT,
        )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert wide == []


def test_the_printed_pdf_has_the_charts(printed: Path):
    pdf = printed.read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 4
    drawn = _pdf_streams(pdf)
    # the bar chart fills its bars with each partner group's colour, the heatmap marks gaps
    for group, colour in GROUP_COLOURS.items():
        assert _fill(colour) in drawn, (group, colour)
    assert _fill(GAP_INK) in drawn  # a gap's 0, in dark vermillion


@pytest.fixture(scope="module")
def printed_pages(printed: Path) -> tuple[tuple[str, ...], ...]:
    """The printed report's pages, each page's lines as pdftotext lays them out (tuples:
    the tests share them)."""
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("needs pdftotext (apt-get install poppler-utils)")
        pytest.skip("needs pdftotext (apt-get install poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(printed), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pages = [[" ".join(line.split()) for line in page.splitlines()] for page in text.split("\f")]
    return tuple(tuple(line for line in page if line) for page in pages if any(page))


def test_a_table_continued_on_a_printed_page_names_whose_it_is(written: Path, printed_pages):
    """A table that goes on over a page (the gaps, each committee's suggestions) starts that
    page with whose it is, the committee or section, above its repeated headings."""
    lang = (written / "report.html").read_text("utf-8").split('lang="', 1)[1][:2]
    before, after = catalog(lang).template("print.continued").split("{title}")
    page = (written / "report.html").read_text("utf-8")
    headings = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
        for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page, re.S)
    ]
    heads = ("group organisation", "grupp organisation", "committee status", "nämnd status")
    pages = printed_pages
    named = []
    for number, lines in enumerate(pages, 1):
        assert not lines[0].startswith(heads), (number, lines[:2])  # headings, but whose?
        if lines[0].startswith(before) and lines[1].startswith(heads):
            name = lines[0].removeprefix(before).removesuffix(after).rstrip("…")
            assert any(h.startswith(name) for h in headings), (number, lines[0])
            named.append(name)
    assert len(named) >= 2, named
    assert any("nämnd" in name.lower() and "(" in name for name in named), named


def test_no_heading_or_term_is_left_at_a_printed_page_foot(written: Path, printed_pages):
    """A heading (a committee's suggestions among them) is printed on the page of what it
    heads, and a glossary term on the page of its explanation, never alone at a page's foot."""
    page = (written / "report.html").read_text("utf-8")
    terms = {html.unescape(t) for t in re.findall(r'<dt id="g-[^"]*">([^<]*)</dt>', page)}
    headings = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
        for h in re.findall(r"<h3[^>]*>(.*?)</h3>", page, re.S)
    ]
    assert len(terms) > 10 and len(headings) > 10
    for number, lines in enumerate(printed_pages, 1):
        last = lines[-2]  # the line above the page's foot
        assert last not in terms, (number, last)
        assert not any(h.endswith(last) or h.startswith(last) for h in headings), (number, last)


def test_the_printed_appendix_has_no_link_to_the_map(written: Path, printed_pages):
    """On screen an appendix committee's heading links to it on the map ("· on the map"); on
    paper there is no map, so neither the link nor its separator is printed."""
    page = (written / "report.html").read_text("utf-8")
    lang = page.split('lang="', 1)[1][:2]
    on_map = catalog(lang)("appendix.on_map")
    lines = [line for lines in printed_pages for line in lines]
    assert any("nämnd" in line for line in lines)
    assert not [line for line in lines if line.endswith("·") or on_map in line]
    assert f">{on_map}</a></span>" in page  # and on screen it is there


def test_the_printed_page_foot_is_in_the_report_language(written: Path, printed_pages):
    """Each printed page's foot has the report's title and its page number, in the report's
    language: "3 / 33" in English, "sida 3 av 33" in Swedish."""
    pages = printed_pages
    total = len(pages)
    swedish = 'lang="sv"' in (written / "report.html").read_text("utf-8")[:200]
    for number, lines in enumerate(pages, 1):
        foot = f"sida {number} av {total}" if swedish else f"{number} / {total}"
        assert lines[-1].endswith(foot), (number, lines[-1])


@contextmanager
def _screen(browser, width: int, height: int) -> Iterator[None]:
    """The browser's window as a screen of ``width`` by ``height`` CSS pixels, for the block."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_at_320_px_every_chart_shows_its_phones_drawing_unscrolled(browser, written: Path):
    """On a 320 px screen the page is no wider than the screen, and each chart shows its
    drawing for a phone, which does not scroll sideways (the links chart's desktop drawing
    did, in its figure)."""
    with _screen(browser, 320, 640):
        browser.get((written / "report.html").resolve().as_uri())
        wide = browser.execute_script(
            "var d = document.documentElement; return [d.scrollWidth, d.clientWidth]"
        )
        assert wide[1] <= 320 and wide[0] <= wide[1], wide
        figures = browser.find_elements("css selector", "figure")
        assert len(figures) == 3
        for figure in figures:
            shown = browser.execute_script(
                "return Array.from(arguments[0].querySelectorAll('svg'))"
                ".filter(s => s.getClientRects().length).map(s => s.getAttribute('class'))",
                figure,
            )
            assert shown == ["chart-narrow"], figure.get_attribute("id")
            assert not browser.execute_script(
                "return arguments[0].scrollWidth > arguments[0].clientWidth", figure
            )


def test_on_a_desktop_screen_the_wide_tables_show_their_last_column(browser, written: Path):
    """At 1280 px the gaps table shows its last column ("lacks": the groups a committee has no
    partner in) without scrolling sideways, as do the brokers' and central organisations'
    tables; the page stays no wider than the window, and the prose keeps its measure."""
    with _screen(browser, 1280, 900):
        browser.get((written / "report.html").resolve().as_uri())
        state = browser.execute_script(
            "var d = document.documentElement;"
            "return {page: [d.scrollWidth, d.clientWidth],"
            " prose: document.querySelector('#gaps').closest('section')"
            "   .querySelector('p').getBoundingClientRect().width,"
            " tables: ['gaps', 'brokers', 'central'].map(id => {"
            "   var t = document.getElementById(id).closest('section').querySelector('.table');"
            "   var last = t.querySelector('thead th:last-child').getBoundingClientRect();"
            "   return {id: id, hidden: t.scrollWidth - t.clientWidth,"
            "           lastRight: last.right, boxRight: t.getBoundingClientRect().right};})}"
        )
        assert state["page"][0] <= state["page"][1], state["page"]
        assert state["prose"] < 1000, state["prose"]  # the text's 62rem, not the window's
        for table in state["tables"]:
            assert table["hidden"] <= 1, table
            assert table["lastRight"] <= table["boxRight"] + 1, table


def test_a_map_in_a_notebook_draws_in_its_frame(browser, tmp_path: Path):
    page = render_map(analyse(Source().facts()))
    notebook = tmp_path / "notebook.html"
    notebook.write_text(
        f"<!doctype html><meta charset='utf-8'><body>{page._repr_html_()}</body>", "utf-8"
    )
    browser.get_log("browser")
    browser.get(notebook.resolve().as_uri())
    frame = browser.find_element("tag name", "iframe")
    assert 600 <= frame.size["height"] <= 604  # with its border
    browser.switch_to.frame(frame)
    try:
        deadline = time.monotonic() + 60
        drawn = None
        while time.monotonic() < deadline:
            drawn = browser.execute_script(
                "return window.kgMap && kgMap.firstDrawn != null ? kgMap.nodes.length : null"
            )
            if drawn:
                break
            time.sleep(0.1)
        assert drawn == len(page.nodes)
    finally:
        browser.switch_to.default_content()
    assert not _errors(browser)


def test_the_contents_second_column_numbers_clear_the_first_columns_text(browser, written: Path):
    """On a desktop screen the contents stand in two columns; a number of the second
    ("10.", outside its entry) stands clear of the first column's longest entry, which
    reaches its column's right edge, rather than over its last words."""
    with _screen(browser, 1366, 768):
        browser.get((written / "report.html").resolve().as_uri())
        state = browser.execute_script(
            "var ol = document.querySelector('.contents ol');"
            "var items = Array.from(ol.children).map(li => li.getBoundingClientRect());"
            "var probe = document.createElement('span'); probe.textContent = '13. ';"
            "probe.style.whiteSpace = 'pre'; ol.lastElementChild.appendChild(probe);"
            "var number = probe.getBoundingClientRect().width; probe.remove();"
            "var firstLeft = items[0].left;"
            "var first = items.filter(r => r.left === firstLeft);"
            "var second = items.filter(r => r.left > firstLeft);"
            "return {number: number, second: second.length,"
            " firstRight: Math.max(...first.map(r => r.right)),"
            " secondLeft: Math.min(...second.map(r => r.left))}"
        )
    assert state["second"] >= 5, state  # two columns
    assert state["secondLeft"] - state["number"] >= state["firstRight"], state


def test_on_a_desktop_screen_each_entry_of_the_contents_is_a_target_a_hand_hits(
    browser, written: Path
):
    """With a mouse on a desktop screen the contents' entries, one under the other, were 17 px
    high 22 px apart: each entry under 24 px high now has a 24 px circle to itself, its
    centre 24 px from the next entry's at least (WCAG 2.5.8, for every pointer)."""
    with _screen(browser, 1366, 768):
        browser.get((written / "report.html").resolve().as_uri())
        links = browser.execute_script(
            "return Array.from(document.querySelectorAll('.contents a')).map(a => {"
            "var r = a.getBoundingClientRect(); return {text: a.textContent, height: r.height,"
            " x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2}; })"
        )
    assert len(links) >= 10
    crowded = [
        (one["text"], other["text"], round(abs(one["y"] - other["y"]), 1))
        for one in links
        for other in links
        if one is not other
        and one["height"] < 24
        and ((one["x"] - other["x"]) ** 2 + (one["y"] - other["y"]) ** 2) ** 0.5 < 24
    ]
    assert crowded == []


def test_the_map_beside_the_report_links_back_to_it(browser, written: Path):
    """The map ``kg report`` writes beside its report links back to it, in the report's
    language, and the link lands on the report; a map of its own (``kg map``) has no such
    link."""
    page = (written / "map.html").read_text("utf-8")
    lang = page.split('lang="', 1)[1][:2]
    back = {"en": "The network report", "sv": "Nätverksrapporten"}[lang]
    assert f'<a id="kg-report" href="report.html">← {back}</a>' in page
    open_map_page = (written / "map.html").resolve().as_uri()
    browser.get(open_map_page)
    browser.find_element("id", "kg-report").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/report.html"))
    assert "Malmö" in browser.find_element("tag name", "h1").text
    assert 'id="kg-report"' not in render_map(analyse(Source().facts()), lang=lang).html


def test_a_desktop_and_the_print_show_the_wide_charts_alone(browser, written: Path):
    """A phone's drawing of a chart, beside the wide one in the page, shows on neither a
    desktop nor paper: there each figure shows its wide chart, as wide as before (46rem on a
    desktop; the text's width on A4), and that alone."""
    shown = (
        "return Array.from(document.querySelectorAll('figure')).map(f =>"
        " Array.from(f.querySelectorAll('svg')).filter(s => s.getClientRects().length)"
        " .map(s => [s.getAttribute('class'), Math.round(s.getBoundingClientRect().width)]))"
    )
    with _screen(browser, 1280, 800):
        browser.get((written / "report.html").resolve().as_uri())
        assert browser.execute_script("return document.querySelectorAll('svg.chart-narrow')")
        assert browser.execute_script(shown) == [[["chart", 736]]] * 3
    metrics = {"width": A4_TEXT, "height": 1000, "deviceScaleFactor": 1, "mobile": False}
    try:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        printed = browser.execute_script(shown)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert [[kind for kind, _ in svgs] for svgs in printed] == [["chart"]] * 3
