"""The report and its map on a phone and a small tablet: headless Chromium's mobile emulation
(a touch screen, no mouse, no hover). The contents reflow at 320 px and each entry is a target
a finger hits (WCAG 1.4.10, 2.5.8); the map's controls and its panel's buttons are 24 px
across at least; a tap on a node opens its panel and leaves no tooltip over the network; the
filters fold under a button so that the network fills the screen, and a node's panel comes
up over the network with the node in sight."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import chromium

webdriver, WebDriverWait, pytestmark = chromium.browser_tests()

FRITID = "https://w3id.org/kg-malmo/id/fritidsnamnden"
#: WCAG 2.2 2.5.8 (AA): a pointer target is 24 by 24 CSS pixels at least
TARGET = 24


@pytest.fixture(scope="module")
def devices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Chromium as a touch screen of a given size (CSS pixels), twice as dense, no hover:
    ``devices[width, height]``, each started once."""
    binary, driver_binary = chromium.binaries()
    if not (binary and driver_binary):
        if os.environ.get("CI"):
            pytest.fail(chromium.MISSING)
        pytest.skip(chromium.MISSING)
    started: dict = {}

    class Devices(dict):
        def __missing__(self, size: tuple[int, int]) -> object:
            profile = tmp_path_factory.mktemp("phone-profile")
            started[size] = self[size] = chromium.start(profile, phone=size)
            return started[size]

    try:
        yield Devices()
    finally:
        for driver in started.values():
            driver.quit()


@pytest.fixture(scope="module")
def phone(devices: dict) -> object:
    """Chromium as a 390 × 844 phone."""
    return devices[390, 844]


@pytest.fixture(scope="module", params=["en", "sv"])
def written(request: pytest.FixtureRequest, bundled_report) -> Path:
    """The bundled data's report, with its map beside it, in each language (the session's
    one; read only)."""
    return bundled_report("--lang", request.param)[0]


def _boxes(driver, selector: str) -> list[dict]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(e => e.getClientRects().length)"
        ".map(e => { var r = e.getBoundingClientRect(); return {text: e.textContent.trim()"
        ".slice(0, 40), tag: e.tagName, left: r.left, right: r.right, top: r.top,"
        " bottom: r.bottom, width: r.width, height: r.height}; })",
        selector,
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    )


@pytest.mark.parametrize("width, height", [(320, 640), (390, 844), (768, 1024)])
def test_the_contents_reflow_and_take_a_finger(devices, written: Path, width: int, height: int):
    """On a phone and a small tablet the page is no wider than the screen and no entry of the
    contents runs over another (at 320 px two columns did: a long Swedish title ran into the
    next column's number); on a phone each entry is 24 px high at least."""
    screen = devices[width, height]
    screen.get((written / "report.html").resolve().as_uri())
    wide = screen.execute_script(
        "var d = document.documentElement; return [d.scrollWidth, d.clientWidth]"
    )
    assert wide[0] <= wide[1] == width, wide
    entries = _boxes(screen, ".contents li")
    assert len(entries) >= 10
    for number, entry in enumerate(entries):
        assert entry["right"] <= width, entry
        assert not [e for e in entries[number + 1 :] if _overlap(entry, e)], entry
    if width < 640:
        small = [a for a in _boxes(screen, ".contents a") if a["height"] < TARGET]
        assert not small, small


def test_the_map_controls_and_panel_take_a_finger(phone, written: Path):
    """On a phone every control of the map (the search, the lists, each box of a group or a
    type, Reset) and every name and link in a node's panel is 24 × 24 px at least."""
    chromium.open_map(phone, written / "map.html")
    phone.find_element("id", "kg-more").click()
    phone.execute_script(
        "document.querySelectorAll('#kg-controls details').forEach(d => d.open = true);"
        "kgMap.select(arguments[0]);",
        FRITID,
    )
    controls = _boxes(
        phone,
        "#kg-controls input, #kg-controls select, #kg-controls button, "
        "#kg-controls summary, #kg-controls label",
    )
    assert len(controls) >= 20
    assert any(c["tag"] == "INPUT" for c in controls)
    small = [c for c in controls if c["width"] < TARGET or c["height"] < TARGET]
    assert not small, small
    buttons = _boxes(phone, "#kg-panel button")
    assert len(buttons) >= 10  # Fritidsnämnden's partners and the links to them
    small = [b for b in buttons if b["width"] < TARGET or b["height"] < TARGET]
    assert not small, small
    wide = phone.execute_script(
        "var d = document.documentElement; return [d.scrollWidth, d.clientWidth]"
    )
    assert wide[0] <= wide[1], wide


def _tap(driver, x: float, y: float) -> None:
    for kind, points in (("touchStart", [{"x": x, "y": y}]), ("touchEnd", [])):
        driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def test_a_tap_on_a_node_opens_its_panel_and_no_tooltip(phone, written: Path):
    """A finger on a node opens its panel (its name, the address naming it); the tooltip a
    mouse would show, which a tap left standing over the nodes around, is not drawn: the panel
    says what it said."""
    chromium.open_map(phone, written / "map.html")
    at = phone.execute_script(
        "var net = kgMap.network, p = net.canvasToDOM(net.getPositions([arguments[0]])"
        "[arguments[0]]), box = document.getElementById('kg-network');"
        "box.scrollIntoView(); var r = box.getBoundingClientRect();"
        "return [p.x + r.left, p.y + r.top, r.bottom];",
        FRITID,
    )
    assert 0 < at[1] < at[2]
    _tap(phone, at[0], at[1])
    WebDriverWait(phone, 10).until(
        lambda d: d.execute_script("return decodeURIComponent(location.hash.slice(1))") == FRITID
    )
    time.sleep(0.5)  # the tooltip's delay is 150 ms
    heading = phone.execute_script("return document.querySelector('#kg-panel h2').textContent")
    assert "Fritidsnämnden" in heading or "Leisure" in heading
    tips = phone.execute_script(
        "return Array.from(document.querySelectorAll('div.vis-tooltip'))"
        ".filter(t => t.getClientRects().length && getComputedStyle(t).visibility === 'visible')"
        ".map(t => t.textContent)"
    )
    assert tips == []


def test_what_a_year_means_is_written_out_without_hover(phone, written: Path):
    """The year filter's explanation, a tooltip on its label for a mouse, is shown as text on
    a screen without hover, in the map's language, within the screen's width."""
    chromium.open_map(phone, written / "map.html")
    phone.find_element("id", "kg-more").click()
    note = phone.execute_script(
        "var e = document.getElementById('kg-year-note'), r = e.getBoundingClientRect();"
        "return {text: e.innerText, right: r.right, height: r.height,"
        " title: e.parentElement.querySelector('label[title]').title,"
        " width: document.documentElement.clientWidth}"
    )
    assert note["text"] and note["text"] == note["title"]
    assert note["height"] > 0 and note["right"] <= note["width"]


def test_the_network_fills_a_phone_and_the_filters_fold_under_a_button(phone, written: Path):
    """On a phone the filters and the key (over half the screen before) fold under one
    button, so that the network starts near the top; the button says whether they are open
    and opens every one of them."""
    chromium.open_map(phone, written / "map.html")
    top = phone.execute_script(
        "return document.getElementById('kg-network').getBoundingClientRect().top"
    )
    assert top < 844 / 4, top
    more = phone.find_element("id", "kg-more")
    assert more.get_attribute("aria-expanded") == "false"
    (button,) = _boxes(phone, "#kg-more")
    assert button["width"] >= TARGET and button["height"] >= TARGET, button
    assert _boxes(phone, "#kg-legend li, #kg-filters select, #kg-reset") == []
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    assert len(_boxes(phone, "#kg-legend li")) >= 5
    assert len(_boxes(phone, "#kg-filters select, #kg-reset, #kg-filters summary")) >= 5
    more.click()
    assert _boxes(phone, "#kg-legend li") == []


def test_escape_folds_the_filters_back_under_their_button(phone, written: Path):
    """On a phone with a keyboard, Escape in the filters folds them back, as it closes a
    list of groups, and gives the keyboard to the button that opened them; a list of groups
    open around the keyboard closes first, and the filters stay open."""
    from selenium.webdriver.common.keys import Keys

    chromium.open_map(phone, written / "map.html")
    more = phone.find_element("id", "kg-more")
    more.click()
    year = phone.find_element("id", "kg-year")
    year.send_keys(Keys.ESCAPE)
    assert more.get_attribute("aria-expanded") == "false"
    assert _boxes(phone, "#kg-legend li, #kg-filters select") == []
    assert phone.execute_script("return document.activeElement.id") == "kg-more"
    more.click()
    phone.find_element("css selector", "#kg-controls details summary").click()
    phone.find_element("css selector", "#kg-sectors input").send_keys(Keys.ESCAPE)
    assert phone.execute_script("return document.activeElement.tagName") == "SUMMARY"
    assert more.get_attribute("aria-expanded") == "true"
    phone.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert more.get_attribute("aria-expanded") == "false"
    assert phone.execute_script("return document.activeElement.id") == "kg-more"


def test_a_nodes_panel_comes_up_over_the_network_with_the_node_in_sight(phone, written: Path):
    """A tap on a node on a phone showed its panel below the network, out of sight: it comes
    up over the network's foot, the node moved into sight above it, and its Close button (a
    finger's target) puts it away and clears the address."""
    chromium.open_map(phone, written / "map.html")
    at = phone.execute_script(
        "var net = kgMap.network; net.moveTo({position: net.getPositions([arguments[0]])"
        "[arguments[0]], offset: {x: 0, y: 250}, animation: false});"
        "var p = net.canvasToDOM(net.getPositions([arguments[0]])[arguments[0]]),"
        " r = document.getElementById('kg-network').getBoundingClientRect();"
        "return [p.x + r.left, p.y + r.top];",
        FRITID,
    )
    assert at[1] > 844 * 0.6, at  # where the panel will come up
    _tap(phone, at[0], at[1])
    WebDriverWait(phone, 10).until(
        lambda d: d.execute_script("return decodeURIComponent(location.hash.slice(1))") == FRITID
    )
    seen = phone.execute_script(
        "var net = kgMap.network, p = net.canvasToDOM(net.getPositions([arguments[0]])"
        "[arguments[0]]), r = document.getElementById('kg-network').getBoundingClientRect(),"
        " s = document.getElementById('kg-panel').getBoundingClientRect();"
        "return {node: p.y + r.top, top: s.top, bottom: s.bottom, height: innerHeight,"
        " heading: document.querySelector('#kg-panel h2').textContent}",
        FRITID,
    )
    assert "Fritidsnämnden" in seen["heading"] or "Leisure" in seen["heading"]
    assert seen["bottom"] == pytest.approx(seen["height"], abs=1), seen
    assert 0 < seen["top"] < seen["height"] and 0 < seen["node"] < seen["top"], seen
    (close,) = _boxes(phone, "#kg-panel .kg-close")
    assert close["width"] >= TARGET and close["height"] >= TARGET, close
    phone.find_element("css selector", "#kg-panel .kg-close").click()
    assert phone.execute_script("return location.hash") == ""
    # the keyboard (a screen reader's swipe) goes on from the drawing, not the page's top
    assert phone.execute_script(
        "return document.activeElement === document.querySelector('#kg-network .vis-network')"
    )
    assert _boxes(phone, "#kg-panel .kg-close") == []
    assert (
        phone.execute_script(
            "return getComputedStyle(document.getElementById('kg-panel')).position"
        )
        == "static"
    )


@pytest.mark.parametrize("width, height", [(320, 640), (390, 844), (768, 1024)])
def test_a_chart_wider_than_the_screen_says_it_scrolls(
    devices, written: Path, width: int, height: int
):
    """A chart wider than its box scrolls sideways inside it on a phone, which nothing said
    (a table shows a shadow at its edge; a chart's white ground hides one): its caption says
    so in the report's language wherever the chart is wider than its box, and only there.
    Each of the report's charts has a drawing of its own for a phone, so none is."""
    screen = devices[width, height]
    screen.get((written / "report.html").resolve().as_uri())
    # the whole page read before its figures are counted (once, under load, only two were)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not screen.execute_script(
        "return document.readyState === 'complete' && !!document.getElementById('chart-links')"
    ):
        time.sleep(0.1)
    charts = screen.execute_script(
        "return Array.from(document.querySelectorAll('figure')).map(f => ({id: f.id,"
        " wider: f.scrollWidth > f.clientWidth + 1,"
        " cue: (c => c && c.getClientRects().length ? c.textContent : '')"
        "(f.querySelector('.scroll-cue'))}))"
    )
    assert len(charts) >= 3
    lang = screen.execute_script("return document.documentElement.lang")
    said = {"en": "sideways to see the whole chart", "sv": "i sidled för att se hela diagrammet"}
    for chart in charts:
        assert (said[lang] in chart["cue"]) is chart["wider"], chart
    assert not any(c["wider"] for c in charts)


def test_the_gaps_table_keeps_the_committees_in_sight_when_it_scrolls(phone, written: Path):
    """On a phone the gaps table scrolls sideways under its first column: scrolled to its
    end, each committee's name is still at the table's left edge, and the last column (the
    groups it lacks) shows whole beside it, not under it."""
    phone.get((written / "report.html").resolve().as_uri())
    state = phone.execute_script(
        "var t = document.querySelector('#gaps .table');"
        "t.scrollLeft = t.scrollWidth;"
        "var box = t.getBoundingClientRect();"
        "var name = t.querySelector('tbody tr td:first-child').getBoundingClientRect();"
        "var last = t.querySelector('tbody tr td:last-child').getBoundingClientRect();"
        "return {scrolled: t.scrollLeft, box: [box.left, box.right],"
        " name: [name.left, name.right], last: [last.left, last.right]}"
    )
    assert state["scrolled"] > 0, state  # it is wider than the phone
    assert abs(state["name"][0] - state["box"][0]) <= 1, state
    assert state["last"][0] >= state["name"][1] - 1, state
    assert state["last"][1] <= state["box"][1] + 1, state


#: The smallest text of a chart on a phone, in CSS pixels
CHART_TEXT = 12

#: Each figure's chart as the screen shows it: its class, width and the size of its text on
#: the screen (its font size in the drawing's units times the drawing's scale)
_SHOWN_CHARTS = (
    "return Array.from(document.querySelectorAll('figure')).map(f => {"
    " var svg = Array.from(f.querySelectorAll('svg')).find(s => s.getClientRects().length);"
    " var m = svg.getScreenCTM(), scale = Math.hypot(m.a, m.b);"
    " var sizes = Array.from(svg.querySelectorAll('text'))"
    "  .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);"
    " return {id: f.id, kind: svg.getAttribute('class'), texts: sizes.length,"
    "  smallest: Math.min(...sizes), width: svg.getBoundingClientRect().width,"
    "  scrolls: f.scrollWidth > f.clientWidth + 1}; })"
)


@pytest.mark.parametrize("width, height", [(375, 812), (320, 640)])
def test_every_chart_is_readable_on_a_phone(devices, written: Path, width: int, height: int):
    """On a phone the heatmap, the partners chart and the links between groups were the
    desktop's drawing at 34rem, their text 7 to 9 CSS px, scrolling sideways: they show a
    drawing of their own, as wide as the screen, every text of it 12 px at least (at 375 px;
    in proportion on a narrower screen), and nothing scrolls sideways."""
    _readable(devices[width, height], written, width, ["heatmap", "links", "partners"])


@pytest.fixture(scope="module", params=["en", "sv"])
def compared(request: pytest.FixtureRequest, bundled_report) -> Path:
    """``kg report --compare 2015 2016`` in each language (the session's; read only)."""
    return bundled_report("--lang", request.param, "--compare", "2015", "2016")[0]


@pytest.mark.parametrize("width, height", [(375, 812), (320, 640)])
def test_a_compared_report_is_readable_on_a_phone(devices, compared: Path, width, height):
    """A report made with ``--compare`` shows its chart of change on a phone in a drawing of
    its own too (it was 7 CSS px, scrolling sideways), and at 320 px its longest word in bold
    ("(Försörjningsstödsatsningen)" in the English list of what changed) breaks rather than
    making the page scroll sideways."""
    names = ["change", "heatmap", "links", "partners"]
    _readable(devices[width, height], compared, width, names)


def _readable(screen, written: Path, width: int, names: list[str]) -> None:
    """The report in ``written`` is no wider than a ``width`` px screen, and each of its
    charts (``names``) shows its phone's drawing there, unscrolled, its text 12 px at least
    at 375 px."""
    screen.get((written / "report.html").resolve().as_uri())
    page = screen.execute_script(
        "var d = document.documentElement; return [d.scrollWidth, d.clientWidth]"
    )
    assert page[0] <= page[1] == width, page
    charts = {c["id"]: c for c in screen.execute_script(_SHOWN_CHARTS)}
    assert sorted(charts) == [f"chart-{name}" for name in names]
    for chart in charts.values():
        assert chart["kind"] == "chart-narrow", chart
        assert chart["texts"] > 10 and chart["smallest"] >= CHART_TEXT * (width / 375), chart
        assert not chart["scrolls"] and chart["width"] <= width - 30, chart


def test_the_map_with_its_credit_fits_a_320_px_phone(devices, written: Path):
    """The report's map on a 320 px phone scrolled sideways: the credit at its foot holds the
    licence's address, a word wider than the screen. It breaks instead, the page is no wider
    than the screen, and a node's panel, fixed to the screen's width, keeps its Close button
    in sight (it was cut at the screen's edge)."""
    screen = devices[320, 640]
    chromium.open_map(screen, written / "map.html")
    assert "creativecommons.org" in screen.find_element("id", "kg-credit").text
    screen.execute_script("kgMap.select(arguments[0]);", FRITID)
    wide = screen.execute_script(
        "var d = document.documentElement; return [d.scrollWidth, d.clientWidth, innerWidth]"
    )
    assert wide[0] <= wide[1] == 320 and wide[2] == 320, wide
    (close,) = _boxes(screen, "#kg-panel .kg-close")
    assert close["width"] >= TARGET and close["left"] >= 0 and close["right"] <= 320, close


def test_the_maps_link_back_to_the_report_takes_a_finger(devices, written: Path):
    """The report's map on a 320 px phone: its link back to the report, in the credit at its
    foot, is a target 24 × 24 px at least (it was a line of text 14 px high), one a tap
    anywhere in it reaches, and it reads as before, in the credit's letters."""
    screen = devices[320, 640]
    chromium.open_map(screen, written / "map.html")
    screen.execute_script("document.getElementById('kg-report').scrollIntoView()")
    (link,) = _boxes(screen, "#kg-report")
    assert link["width"] >= TARGET and link["height"] >= TARGET, link
    assert link["text"].startswith("← ") and link["right"] <= 320, link
    reached = screen.execute_script(
        "var e = document.getElementById('kg-report'), r = e.getBoundingClientRect();"
        "return [[r.left + 1, r.top + 1], [r.right - 1, r.bottom - 1],"
        " [r.left + r.width / 2, r.top + r.height / 2]]"
        ".map(p => document.elementFromPoint(p[0], p[1]) === e)"
    )
    assert reached == [True, True, True], (reached, link)
    sizes = screen.execute_script(
        "return ['kg-report', 'kg-credit'].map(i =>"
        " getComputedStyle(document.getElementById(i)).fontSize)"
    )
    assert sizes[0] == sizes[1], sizes
