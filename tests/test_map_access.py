"""The map for a reader who does not see the drawing or does not use a mouse, in headless
Chromium: partners and links in the panel as text and buttons, the drawing labelled and moved
with the keyboard, the other language marked, links that stand out from the page, tooltips
and lists that Escape closes, and a page that fits a 320 px screen (WCAG 2.1 AA)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import chromium, contrast

from kg.analysis.pipeline import Analysis, analyse
from kg.io.source import Source
from kg.web.map import write_map
from kg.web.wording import wording

webdriver, WebDriverWait, pytestmark = chromium.browser_tests()
BASE = "https://w3id.org/kg-malmo/id/"
FRITID = BASE + "fritidsnamnden"


@pytest.fixture(scope="module")
def bundled() -> Analysis:
    return analyse(Source().facts())


@pytest.fixture(scope="module")
def maps(bundled: Analysis, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled data's map in each language and view, written once."""
    folder = tmp_path_factory.mktemp("maps")
    found = {}
    for lang in ("en", "sv"):
        for view in ("actors", "bipartite"):
            found[lang, view] = folder / f"{view}-{lang}.html"
            write_map(bundled, found[lang, view], lang=lang, view=view)
    return found


def _open(browser, page: Path) -> None:
    browser.get_log("browser")
    chromium.open_map(browser, page)


def _severe(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _active(browser) -> str:
    return browser.execute_script(
        "var a = document.activeElement; return a.tagName + (a.id ? '#' + a.id : '')"
    )


def _partners(browser) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#kg-panel ul.kg-partners > li'))"
        ".map(function (li) { return li.querySelector('button').textContent; })"
    )


def test_a_nodes_partners_are_listed_by_name_and_open_with_the_keyboard(
    browser, bundled: Analysis, maps: dict
):
    """The panel lists a node's partners by name ("Partners (n)"); Enter on a name selects that
    partner and puts the keyboard on its panel, and Enter on its shared collaborations opens
    the link's panel with the evidence the link is drawn from."""
    from selenium.webdriver.common.keys import Keys

    _open(browser, maps["en", "actors"])
    browser.execute_script("kgMap.search('Fritidsnämnden')")
    data = browser.execute_script("return kgMap.data")
    names = {n["id"]: n["label_en"] or n["label"] for n in data["nodes"]}
    partners = sorted(bundled.network[FRITID], key=lambda iri: names[iri])
    headings = browser.execute_script(
        "return Array.from(document.querySelectorAll('#kg-panel h3')).map(h => h.textContent)"
    )
    assert f"Partners ({len(partners)})" in headings
    listed = _partners(browser)
    assert sorted(listed) == sorted(names[p] for p in partners)
    by_name = (
        "return arguments[0].slice().sort(function (a, b) { return a.localeCompare(b, 'en'); })"
    )
    assert listed == browser.execute_script(by_name, listed)
    # a partner opens with Enter: selected, its panel shown, the keyboard on its heading
    button = browser.find_element("css selector", "#kg-panel ul.kg-partners > li button")
    first = listed[0]
    button.send_keys(Keys.ENTER)
    chosen = next(p for p in partners if names[p] == first)
    assert browser.execute_script("return kgMap.network.getSelectedNodes()") == [chosen]
    assert browser.find_element("css selector", "#kg-panel h2").text == first
    assert _active(browser) == "H2"
    assert browser.find_element("id", "kg-found").text == f"Selected: {first}"
    assert "Leisure Committee" in _partners(browser)  # a link goes both ways
    # back to the committee through its name, then its link to that partner
    back = next(
        b
        for b in browser.find_elements("css selector", "#kg-panel ul.kg-partners > li button")
        if b.text == "Leisure Committee"
    )
    back.send_keys(Keys.ENTER)
    assert browser.execute_script("return kgMap.network.getSelectedNodes()") == [FRITID]
    link = browser.find_elements("css selector", "#kg-panel ul.kg-partners > li button.kg-link")[0]
    edge = next(e for e in data["edges"] if {e["from"], e["to"]} == {FRITID, chosen})
    count = len(edge["collaborations"])
    assert link.text == f"{count} shared collaboration{'s' if count != 1 else ''}"
    link.send_keys(Keys.ENTER)
    assert browser.find_element("css selector", "#kg-panel h2").text in (
        f"Leisure Committee — {first}",
        f"{first} — Leisure Committee",
    )
    assert _active(browser) == "H2"
    assert browser.find_element("css selector", "#kg-panel h3").text == (
        f"Shared collaborations ({count})"
    )
    assert browser.find_elements("css selector", "#kg-panel blockquote")
    assert _severe(browser) == []


def test_a_cut_map_says_how_many_of_a_nodes_partners_it_lists(
    browser, bundled: Analysis, tmp_path: Path
):
    """On a map cut to its largest nodes the list holds the partners drawn, and says so
    beside the partners the node has in the whole network."""
    page = tmp_path / "cut.html"
    shown = write_map(bundled, page, max_nodes=15)
    drawn = {n["id"] for n in shown.nodes}
    assert FRITID in drawn
    _open(browser, page)
    browser.execute_script("kgMap.select(arguments[0])", FRITID)
    headings = browser.execute_script(
        "return Array.from(document.querySelectorAll('#kg-panel h3')).map(h => h.textContent)"
    )
    on_map = len(set(bundled.network[FRITID]) & drawn)
    whole = bundled.network.degree(FRITID)
    assert on_map < whole
    assert f"Partners on this map ({on_map} of {whole})" in headings
    assert len(_partners(browser)) == on_map


def test_in_the_view_of_collaborations_parties_and_collaborations_open_in_turn(browser, maps: dict):
    """A collaboration's panel lists its parties as buttons (each with the evidence of its
    membership); an organisation's panel lists its collaborations as buttons."""
    _open(browser, maps["en", "bipartite"])
    browser.execute_script("kgMap.select(arguments[0])", FRITID)
    collab = browser.find_element("css selector", "#kg-panel li > button.kg-go")
    name = collab.text
    collab.click()
    selected = browser.execute_script("return kgMap.network.getSelectedNodes()")[0]
    assert browser.execute_script("return kgMap.data.collaborations[arguments[0]]", selected)
    assert browser.find_element("css selector", "#kg-panel h2").text == name
    parties = browser.find_elements("css selector", "#kg-panel ul.kg-partners > li")
    assert "Leisure Committee" in [p.find_element("tag name", "button").text for p in parties]
    membership = next(
        p.find_element("css selector", "button.kg-link")
        for p in parties
        if p.find_element("tag name", "button").text == "Leisure Committee"
    )
    assert membership.text == "evidence of the membership"
    membership.click()
    assert browser.find_element("css selector", "#kg-panel h3").text == (
        "Evidence of the membership"
    )
    assert browser.find_elements("css selector", "#kg-panel blockquote")
    assert _severe(browser) == []


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_drawing_is_labelled_and_moves_with_the_keyboard(browser, maps: dict, lang: str):
    """The drawing is an application the keyboard reaches, labelled in the map's language;
    the arrow keys move it and + zooms. The panel is a labelled region the keyboard can
    scroll, read out only when asked (no live region), and the links' grey stands out."""
    from selenium.webdriver.common.keys import Keys

    _open(browser, maps[lang, "actors"])
    words = wording(lang)
    drawing = browser.find_element("css selector", "#kg-network div.vis-network")
    assert drawing.get_attribute("role") == "application"
    assert drawing.get_attribute("aria-label") == words["page"]["drawing"]
    assert drawing.get_attribute("tabindex") == "0"
    panel = browser.find_element("id", "kg-panel")
    assert (panel.get_attribute("role"), panel.get_attribute("tabindex")) == ("region", "0")
    assert panel.get_attribute("aria-label") == words["panel_label"]
    assert panel.get_attribute("aria-live") is None
    drawing.click()  # its centre may hold a node: chosen, its links lit and the rest faded
    browser.execute_script("kgMap.highlight(null); kgMap.network.unselectAll()")
    assert _active(browser) == "DIV"
    at = browser.execute_script("return kgMap.network.getViewPosition()")
    scale = browser.execute_script("return kgMap.network.getScale()")
    drawing.send_keys(Keys.ARROW_RIGHT)
    moved = browser.execute_script("return kgMap.network.getViewPosition()")
    assert moved["x"] > at["x"] and moved["y"] == pytest.approx(at["y"])
    drawing.send_keys("+")  # with Shift on an English keyboard, a key of its own on a Swedish
    assert browser.execute_script("return kgMap.network.getScale()") > scale
    drawing.send_keys("-", "-")
    assert browser.execute_script("return kgMap.network.getScale()") < scale
    colours = browser.execute_script(
        "return kgMap.edges.get().map(function (e) { return e.color.color; })"
    )
    assert colours and all(
        contrast.ratio(c, "#ffffff") >= contrast.GRAPHICS for c in set(colours)
    ), set(colours)
    browser.execute_script("kgMap.select(arguments[0])", FRITID)  # lit and faded links
    lit = browser.execute_script(
        "return kgMap.network.getConnectedEdges(arguments[0])"
        ".map(function (id) { return kgMap.edges.get(id).color.color; })",
        FRITID,
    )
    assert lit and all(contrast.ratio(c, "#ffffff") >= contrast.GRAPHICS for c in set(lit))
    assert _severe(browser) == []


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_drawing_zooms_fits_and_pans_by_a_click_each(browser, maps: dict, lang: str):
    """A reader who cannot drag, pinch or turn a wheel zooms, pans and fits the drawing with
    buttons over it, each named in the map's language for a screen reader and a target of
    24 px or more (WCAG 2.5.7, 2.5.8, 4.1.2)."""
    words = wording(lang)
    _open(browser, maps[lang, "actors"])
    nodes = chromium.accessibility_tree(browser, role="button", selector="#kg-view button")
    named = {n["name"]["value"] for n in nodes if n["role"]["value"] == "button"}
    moves = ["zoom_in", "zoom_out", "fit", "pan_left", "pan_up", "pan_down", "pan_right"]
    assert {words[m] for m in moves} <= named, named
    sizes = browser.execute_script(
        "return Array.from(document.querySelectorAll('#kg-view button')).map(function (b) {"
        " var r = b.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert len(sizes) == len(moves) and min(min(s) for s in sizes) >= 24, sizes

    def view() -> tuple[float, float, float]:
        return tuple(
            browser.execute_script(
                "var at = kgMap.network.getViewPosition();"
                "return [kgMap.network.getScale(), at.x, at.y];"
            )
        )

    def click(move: str) -> tuple[float, float, float]:
        browser.find_element("css selector", f'#kg-view button[aria-label="{words[move]}"]').click()
        WebDriverWait(browser, 5).until(lambda b: view() != before)
        return view()

    before = view()
    after = click("zoom_in")
    assert after[0] > before[0] * 1.2, (before, after)
    before = after
    after = click("zoom_out")
    assert after[0] < before[0], (before, after)
    for move, axis, sign in (("pan_right", 1, 1), ("pan_left", 1, -1), ("pan_down", 2, 1)):
        before = after
        after = click(move)
        assert (after[axis] - before[axis]) * sign > 0, (move, before, after)
    browser.execute_script("kgMap.network.moveTo({scale: 4})")  # far in: most nodes outside
    outside = (
        "var box = document.getElementById('kg-network').getBoundingClientRect();"
        "var at = kgMap.network.getPositions();"
        "return Object.keys(at).filter(function (id) {"
        " var p = kgMap.network.canvasToDOM(at[id]);"
        " return p.x < 0 || p.y < 0 || p.x > box.width || p.y > box.height; }).length;"
    )
    assert browser.execute_script(outside) > 0
    before = view()
    click("fit")  # the whole network in sight again
    WebDriverWait(browser, 5).until(lambda b: b.execute_script(outside) == 0)


def test_the_other_language_is_marked(browser, maps: dict):
    """The English map marks the Swedish quotes, titles and names as Swedish; the Swedish map
    marks the English names as English, and its Swedish quotes not at all."""
    _open(browser, maps["en", "actors"])
    browser.execute_script("kgMap.select(arguments[0])", FRITID)
    marked = browser.execute_script(
        "var p = document.getElementById('kg-panel');"
        "return {html: document.documentElement.lang,"
        " quotes: Array.from(p.querySelectorAll('blockquote > span > span')).map(s => s.lang),"
        " titles: Array.from(p.querySelectorAll('cite > span')).map(s => s.lang),"
        " other: p.querySelector('p.en').lang, heading: p.querySelector('h2').lang}"
    )
    assert marked["html"] == "en" and marked["heading"] == ""
    assert marked["quotes"] and set(marked["quotes"]) == {"sv"}
    assert marked["titles"] and set(marked["titles"]) == {"sv"}
    assert marked["other"] == "sv"  # Fritidsnämnden beside Leisure Committee
    _open(browser, maps["sv", "actors"])
    browser.execute_script("kgMap.select(arguments[0])", FRITID)
    marked = browser.execute_script(
        "var p = document.getElementById('kg-panel');"
        "return {quotes: Array.from(p.querySelectorAll('blockquote span[lang]')).length,"
        " other: p.querySelector('p.en').lang, english: p.querySelector('p.en').textContent,"
        " names: Array.from(p.querySelectorAll('div.en')).map(d => d.lang)}"
    )
    assert marked["quotes"] == 0
    assert (marked["other"], marked["english"]) == ("en", "Leisure Committee")
    assert marked["names"] and set(marked["names"]) == {"en"}


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[object]:
    """Headless Chromium as a desktop with a mouse: without a flag it has no pointer that
    hovers, and on such a screen the map shows no tooltip at all (map.css)."""
    driver = chromium.start(tmp_path / "profile", chromium.MOUSE)
    try:
        yield driver
    finally:
        driver.quit()


def test_escape_hides_the_tooltip_and_closes_the_lists(desktop, maps: dict):
    """A tooltip shown by hovering a node goes with Escape; so does an open list of groups,
    and the keyboard goes back to its summary. The tooltip is checked as a reader sees it."""
    browser = desktop
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, maps["en", "actors"])
    drawing = browser.find_element("css selector", "#kg-network div.vis-network")
    at = browser.execute_script(
        "arguments[1].scrollIntoView();"  # where the pointer can reach it
        "var p = kgMap.network.getPositions([arguments[0]])[arguments[0]];"
        "var dom = kgMap.network.canvasToDOM(p);"
        "var box = arguments[1].getBoundingClientRect();"
        "return [dom.x - box.width / 2, dom.y - box.height / 2];",
        FRITID,
        drawing,
    )
    ActionChains(browser).move_to_element_with_offset(drawing, round(at[0]), round(at[1])).pause(
        0.1
    ).move_by_offset(1, 0).perform()

    def tip(b) -> str:  # what a reader sees: not only its visibility, which display:none,
        # a zero size, full transparency or an ancestor's hiding leave "visible"
        return b.execute_script(
            "var t = document.querySelector('div.vis-tooltip');"
            "if (!t) { return 'none'; }"
            "var box = t.getBoundingClientRect();"
            "var seen = t.checkVisibility({visibilityProperty: true, opacityProperty: true})"
            " && box.width > 0 && box.height > 0 && t.textContent.trim() !== '';"
            "return seen ? 'visible' : 'hidden';"
        )

    WebDriverWait(browser, 5).until(lambda b: tip(b) == "visible")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert tip(browser) == "hidden"
    ActionChains(browser).move_by_offset(1, 0).pause(0.4).perform()  # still on the node
    assert tip(browser) == "hidden"
    summary = browser.find_element("css selector", "#kg-controls details summary")
    summary.click()
    box = browser.find_element("css selector", "#kg-sectors input")
    box.send_keys(Keys.SPACE)  # the keyboard inside the open list
    box.send_keys(Keys.ESCAPE)
    assert (
        browser.execute_script("return document.querySelector('#kg-controls details').open")
        is False
    )
    assert browser.execute_script("return document.activeElement.tagName") == "SUMMARY"


@pytest.mark.parametrize("page", ["map-en", "map-sv"])
def test_at_320_px_nothing_scrolls_sideways(browser, maps: dict, page: str):
    """On a 320 px screen the map, with its lists of groups and types open and a node's panel
    shown, is no wider than the screen (WCAG 1.4.10)."""
    lang = page.split("-")[1]
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        _open(browser, maps[lang, "actors"])
        browser.execute_script(
            "document.querySelectorAll('#kg-controls details').forEach(d => d.open = true);"
            "kgMap.select(arguments[0]);",
            FRITID,
        )
        wide = browser.execute_script(
            "var d = document.documentElement;"
            "return {scroll: d.scrollWidth, client: d.clientWidth,"
            " lists: Array.from(document.querySelectorAll('#kg-controls details > div'))"
            "   .map(e => e.getBoundingClientRect().right)}"
        )
        assert wide["client"] <= 320
        assert wide["scroll"] <= wide["client"], wide
        assert all(right <= wide["client"] for right in wide["lists"]), wide
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_map_of_two_cities_filters_by_municipality(browser, tmp_path: Path):
    """With several municipalities' data the map offers their names; one chosen leaves the
    nodes of its data and the links between them, Reset brings the rest back; a map of one
    city's data has no such filter."""
    from helpers.cities import two_cities

    from kg.web.map import render_map

    cities = two_cities(tmp_path)
    analysis = analyse(Source(data=[c / "data.ttl" for c in cities]).facts())
    page = tmp_path / "two.html"
    drawn = write_map(analysis, page, lang="sv")
    homes = {n["id"]: n["municipality"] for n in drawn.nodes}
    _open(browser, page)
    choice = browser.find_element("id", "kg-city")
    options = [o.text for o in choice.find_elements("css selector", "option")]
    assert options[1:] == ["Nordstad kommun", "Sjöstad kommun"]
    for option in choice.find_elements("css selector", "option")[1:]:
        option.click()
        shown = set(browser.execute_script("return kgMap.shown.getIds()"))
        city = option.get_attribute("value")
        assert shown and shown == {i for i, home in homes.items() if home == city}
    browser.find_element("id", "kg-reset").click()
    assert len(browser.execute_script("return kgMap.shown.getIds()")) == len(drawn.nodes)
    one = analyse(Source(data=[cities[0] / "data.ttl"]).facts())
    assert 'id="kg-city"' not in render_map(one).html
    assert _severe(browser) == []


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_on_a_phone_the_panel_hides_no_control_the_keyboard_reaches(
    browser, bundled: Analysis, tmp_path: Path, lang: str
):
    """On a 320 px screen a node's panel comes up over the foot of the screen; Tab past its
    last button reaches the link back to the report, which scrolls into sight above the
    panel, not under it (WCAG 2.4.11), and so does every control Tab reaches before it."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page = tmp_path / "map.html"
    write_map(bundled, page, lang=lang, report="report.html")
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        _open(browser, page)
        search = browser.find_element("id", "kg-search")
        search.send_keys("Fritidsnämnden", Keys.ENTER)
        assert "kg-shown" in browser.find_element("id", "kg-panel").get_attribute("class")
        reached = []
        for _ in range(60):
            ActionChains(browser).send_keys(Keys.TAB).perform()
            seen = browser.execute_script(
                "var e = document.activeElement, box = e.getBoundingClientRect(), seen = false;"
                "for (var i = 1; i < 6; i++) { for (var j = 1; j < 6; j++) {"  # seen anywhere
                "  var top = document.elementFromPoint(box.left + box.width * i / 6,"
                "    box.top + box.height * j / 6);"
                "  seen = seen || (!!top && e.contains(top)); } }"
                "return [e.id || e.textContent.slice(0, 30), seen]"
            )
            reached.append(seen)
            if seen[0] == "kg-report":
                break
        assert reached[-1][0] == "kg-report", reached
        hidden = [name for name, visible in reached if not visible]
        assert hidden == [], hidden
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _crowded(targets: list[dict], size: float = 24) -> list[dict]:
    """The targets WCAG 2.2's 2.5.8 (AA) finds too small: under ``size`` CSS px across, with
    another target, or another small target's circle, less than a 24 px circle away."""

    def small(t: dict) -> bool:
        return t["width"] < size or t["height"] < size

    def centre(t: dict) -> tuple[float, float]:
        return (t["left"] + t["right"]) / 2, (t["top"] + t["bottom"]) / 2

    crowded = []
    for t in filter(small, targets):
        x, y = centre(t)
        for other in targets:
            if other is t:
                continue
            nearest = (
                min(max(x, other["left"]), other["right"]),
                min(max(y, other["top"]), other["bottom"]),
            )
            ox, oy = centre(other)
            near = ((x - nearest[0]) ** 2 + (y - nearest[1]) ** 2) ** 0.5 < size / 2
            if near or (small(other) and ((x - ox) ** 2 + (y - oy) ** 2) ** 0.5 < size):
                crowded.append({"text": t["text"], "near": other["text"]})
                break
    return crowded


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_with_a_mouse_the_lists_and_the_panel_are_targets_a_hand_can_hit(
    browser, maps: dict, lang: str
):
    """On a desktop screen with a mouse each box of the Groups and Types lists (its label
    with it) and each name and link in a node's panel is a 24 px target or has a 24 px
    circle to itself (WCAG 2.5.8, AA for every pointer, not for a finger alone): they were
    17 to 19 px high, one under the other."""
    _open(browser, maps[lang, "actors"])
    # no touch screen (headless Chromium has no pointer at all): the rules for a finger are off
    assert not browser.execute_script("return matchMedia('(pointer: coarse)').matches")
    boxes = (
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(e => e.getClientRects().length)"
        ".map(e => { var r = e.getBoundingClientRect(); return {text: e.textContent.trim()"
        ".slice(0, 30), left: r.left, right: r.right, top: r.top, bottom: r.bottom,"
        " width: r.width, height: r.height}; })"
    )
    for details in browser.find_elements("css selector", "#kg-controls details"):
        details.find_element("tag name", "summary").click()
        labels = browser.execute_script(boxes, "#kg-controls details[open] label")
        assert len(labels) >= 5
        assert _crowded(labels) == []
        details.find_element("tag name", "summary").click()
    browser.execute_script("kgMap.select(arguments[0])", FRITID)
    buttons = browser.execute_script(boxes, "#kg-panel button")
    assert len(buttons) >= 10  # Fritidsnämnden's partners and the links to them
    assert _crowded(buttons) == []


def test_on_a_phone_escape_closes_the_panel_as_close_does(browser, maps: dict):
    """On a 320 px screen (or a desktop zoomed to 400 %) a node's panel covers the foot of the
    network; Escape with the keyboard in it puts it away as its Close button does: nothing is
    selected and the keyboard is back on the drawing, not at the page's top."""
    from selenium.webdriver.common.keys import Keys

    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        _open(browser, maps["sv", "actors"])
        browser.find_element("id", "kg-search").send_keys("Fritidsnämnden", Keys.ENTER)
        panel = browser.find_element("id", "kg-panel")
        assert "kg-shown" in panel.get_attribute("class")
        partner = panel.find_element("css selector", "ul.kg-partners button")
        partner.send_keys(Keys.ESCAPE)
        assert "kg-shown" not in panel.get_attribute("class")
        assert browser.execute_script("return kgMap.network.getSelectedNodes()") == []
        assert browser.execute_script(
            "return document.activeElement.classList.contains('vis-network')"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


#: Run before the page's scripts: each frame vis-network draws, with where three nodes are
_FRAMES = """
window.kgFrames = [];
var kept;
Object.defineProperty(window, "vis", {configurable: true, get: function () { return kept; },
  set: function (made) {
    var Network;
    Object.defineProperty(made, "Network", {configurable: true, enumerable: true,
      get: function () { return Network; },
      set: function (Drawn) {
        Network = function (container, data, options) {
          var network = new Drawn(container, data, options);
          network.on("afterDrawing", function () {
            var at = network.getPositions(), ids = Object.keys(at).slice(0, 3);
            window.kgFrames.push(ids.map(function (id) { return [at[id].x, at[id].y]; }));
          });
          return network;
        };
      }});
    kept = made;
  }});
"""


def test_with_reduced_motion_the_nodes_are_drawn_where_they_stay(browser, maps: dict):
    """A reader who asks for less motion (prefers-reduced-motion) sees no node move: the
    layout is worked out before the first frame and the physics stops there, so every frame
    drawn, the first too, has the nodes where they stay (WCAG 2.3.3)."""
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
    )
    hook = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _FRAMES})
    try:
        _open(browser, maps["en", "actors"])
        assert browser.execute_script("return kgMap.data.physics")  # laid out in the page
        browser.execute_script("kgMap.select(arguments[0]); kgMap.reset()", FRITID)
        frames = browser.execute_script("return window.kgFrames")
        assert len(frames) >= 2
        assert all(frame == frames[0] for frame in frames), frames
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", hook)
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
