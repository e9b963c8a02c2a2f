"""The map in a real browser: headless Chromium opens the file offline and draws the graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import chromium, contrast

from kg.analysis.pipeline import Analysis, analyse
from kg.io.source import Source
from kg.web import map as kgmap
from kg.web.map import write_map

FIXTURES = Path(__file__).parent / "fixtures"
webdriver, WebDriverWait, pytestmark = chromium.browser_tests()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Analysis]:
    """The bundled data's analysis, shared by the module's tests: each only draws and reads
    it, and the map it draws is the same after the last test as before the first."""
    analysis = analyse(Source().facts())
    before, after = (tmp_path_factory.mktemp("bundled") / name for name in ("a.html", "b.html"))
    write_map(analysis, before)
    yield analysis
    write_map(analysis, after)
    assert after.read_bytes() == before.read_bytes(), "a test changed the shared analysis"


def open_map(driver, path: Path, fragment: str = "") -> dict:
    """Open ``path`` and wait until the network is drawn and stable; return its state."""
    driver.get_log("browser")  # drop what earlier pages logged
    return chromium.open_map(driver, path, fragment=fragment)


def severe(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


@pytest.mark.parametrize("view", ["actors", "bipartite"])
def test_map_draws_the_whole_graph(browser, bundled: Analysis, tmp_path: Path, view: str):
    target = tmp_path / f"{view}.html"
    page = write_map(bundled, target, view=view)
    state = open_map(browser, target)
    assert (state["nodes"], state["edges"]) == (len(page.nodes), len(page.edges))
    if view == "actors":
        network = bundled.network
        assert state["nodes"] == network.number_of_nodes()
        assert state["edges"] == network.number_of_edges()
    assert state["legend"] >= 3
    assert severe(browser) == []


def test_large_map_uses_precomputed_positions(browser, bundled: Analysis, tmp_path, monkeypatch):
    monkeypatch.setattr(kgmap, "LAYOUT_LIMIT", 10)
    target = tmp_path / "large.html"
    page = write_map(bundled, target)
    state = open_map(browser, target)
    assert state["nodes"] == len(page.nodes) and state["stable"]
    assert state["first_drawn_ms"] > 0  # the page reports its first drawing (bench/map_bench.py)
    assert severe(browser) == []


def test_hostile_label_stays_text(browser, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    label = "<img src=x onerror=alert(1)>"
    target = tmp_path / "hostile.html"
    write_map(
        analyse(Source(data=(FIXTURES / "hostile_label.ttl",), bundled=False).facts()), target
    )
    state = open_map(browser, target)
    assert state["images"] == 0
    search = browser.find_element(By.ID, "kg-search")
    search.send_keys(label, Keys.ENTER)
    heading = browser.find_element(By.CSS_SELECTOR, "#kg-panel h2")
    assert heading.text == label
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert severe(browser) == []


def test_search_filters_and_evidence_panel(browser, bundled: Analysis, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    target = tmp_path / "map.html"
    page = write_map(bundled, target)
    open_map(browser, target)
    browser.find_element(By.ID, "kg-search").send_keys("Fritidsnämnden", Keys.ENTER)
    panel = browser.find_element(By.ID, "kg-panel")
    # the English map names it in English first, as the English report does
    assert panel.find_element(By.TAG_NAME, "h2").text == "Leisure Committee"
    assert panel.find_element(By.CSS_SELECTOR, "p.en").text == "Fritidsnämnden"
    assert "committee" in panel.text and "municipal bodies" in panel.text
    cites = [c.get_attribute("textContent") for c in panel.find_elements(By.TAG_NAME, "cite")]
    assert cites and any(", p. " in c for c in cites)
    committees = sum(1 for n in page.nodes if n["type"] == "committee")
    hide = "document.querySelector('input.kg-type[value=committee]').click();"
    count = "return kgMap.shown.length"
    assert browser.execute_script(count) == len(page.nodes)
    browser.execute_script(hide)
    assert browser.execute_script(count) == len(page.nodes) - committees
    assert severe(browser) == []


def test_a_swedish_map_speaks_swedish_in_the_browser(browser, bundled: Analysis, tmp_path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    target = tmp_path / "karta.html"
    write_map(bundled, target, lang="sv")
    open_map(browser, target)
    assert "Klicka på en nod" in browser.find_element(By.ID, "kg-panel").text
    browser.find_element(By.ID, "kg-search").send_keys("Fritidsnämnden", Keys.ENTER)
    panel = browser.find_element(By.ID, "kg-panel")
    headings = [h.text for h in panel.find_elements(By.TAG_NAME, "h3")]
    assert headings[0].startswith("Partner (") and headings[1].startswith("Samarbeten (")
    assert "Belägg för aktören" in headings
    assert "nämnd" in panel.text and "kommunens egna organisationer" in panel.text
    cites = [c.get_attribute("textContent") for c in panel.find_elements(By.TAG_NAME, "cite")]
    assert any(", s. " in c for c in cites)
    quotes = [
        q.get_attribute("textContent") for q in panel.find_elements(By.TAG_NAME, "blockquote")
    ]
    assert quotes and all(q.startswith("”") for q in quotes)  # Swedish quotation marks
    browser.execute_script("kgMap.search('inget sådant namn alls')")
    assert "Ingen träff på" in browser.find_element(By.ID, "kg-found").text
    assert severe(browser) == []


@pytest.mark.parametrize("data", ["bundled", "synthetic"])
def test_the_drawn_map_tells_the_reports_story(browser, tmp_path: Path, data: str):
    """Drawn in Chromium, each committee has the report's partners as its links and in its
    panel, and the dashed vermillion border exactly when the report says it has no partner."""
    from kg.report.build import build_report
    from kg.synth import write_synthetic

    files = (write_synthetic(tmp_path / "s.ttl", 300, seed=5).path,) if data == "synthetic" else ()
    source = Source(data=files, bundled=not files)
    analysis = analyse(source.facts())
    report = build_report(analysis, triples=source.triples())
    target = tmp_path / "map.html"
    write_map(analysis, target)
    open_map(browser, target)
    drawn = browser.execute_script(
        "var out = {}; kgMap.data.nodes.forEach(function (n) {"
        "  var node = kgMap.nodes.get(n.id);"
        "  out[n.id] = {links: kgMap.network.getConnectedEdges(n.id).length,"
        "    dashed: !!node.shapeProperties.borderDashes, border: node.color.border,"
        "    partners: n.partners};"
        "}); return out;"
    )
    for row in report["gaps"]:
        node = drawn[row["committee"]]
        assert node["links"] == node["partners"] == row["partners"], row["label"]
        no_partner = row["status"] in ("no-partner", "absent")
        assert node["dashed"] == no_partner, row["label"]
        assert (node["border"] == "#D55E00") == no_partner, row["label"]
    # a link's panel quotes the passages the report cites for that partner: both sides'
    links = {
        frozenset((e["from"], e["to"])): e["id"]
        for e in browser.execute_script("return kgMap.data.edges")
    }
    pairs = [(row, p) for row in report["gaps"] for p in row["partner_list"]][:40]
    assert pairs
    for row, partner in pairs:
        browser.execute_script(
            "kgMap.showLink(arguments[0])", links[frozenset((row["committee"], partner["iri"]))]
        )
        quoted = browser.execute_script(
            "return Array.from(document.querySelectorAll('#kg-panel blockquote'))"
            ".map(function (q) { return q.firstChild.textContent; })"
        )
        assert {q.strip("“”") for q in quoted} == {e["quote"] for e in partner["evidence"]}, (
            row["label"],
            partner["label"],
        )
    browser.execute_script("kgMap.select(arguments[0])", report["gaps"][-1]["committee"])
    panel = browser.find_element("id", "kg-panel").text
    assert f"partners\n{report['gaps'][-1]['partners']}" in panel
    assert severe(browser) == []


def test_search_by_any_part_of_a_name_says_when_nothing_matches(
    browser, bundled: Analysis, tmp_path: Path
):
    target = tmp_path / "map.html"
    write_map(bundled, target)
    open_map(browser, target)
    found = browser.execute_script("return kgMap.search('barnen')")
    assert "https://w3id.org/kg-malmo/id/radda-barnen" in found  # not only a prefix
    assert browser.execute_script("return kgMap.search('Save the Children')")  # English names
    assert browser.execute_script("return kgMap.search('no such name at all')") == []
    assert "Nothing matches" in browser.find_element("id", "kg-found").text


@pytest.mark.parametrize(
    ("typed", "iri"),
    [
        ("Refugee Welcome", "refugees-welcome-sweden"),  # a letter missing
        ("föreningen Refugees Welcome Sweden", "refugees-welcome-sweden"),  # a word added
        ("Individuel Människohjälp", "individuell-manniskohjalp"),
        ("Indivduell Manniskohjalp", "individuell-manniskohjalp"),
    ],
)
def test_a_misspelt_association_is_found_by_its_closest_name(
    browser, bundled: Analysis, tmp_path: Path, typed: str, iri: str
):
    """An association typing its name as it says it (with "föreningen" in front, or with a
    typo) gets its node, and the page says that no name holds what was typed."""
    target = tmp_path / "map.html"
    write_map(bundled, target, lang="sv")
    open_map(browser, target)
    found = browser.execute_script("return kgMap.search(arguments[0])", typed)
    assert found == [f"https://w3id.org/kg-malmo/id/{iri}"]
    said = browser.find_element("id", "kg-found").text
    assert said.startswith(f"Inget namn innehåller ”{typed}”; närmast: "), said
    assert browser.execute_script("return kgMap.search('inget sådant namn alls')") == []


def test_a_clicked_actors_partners_stay_bright_and_reset_restores(
    browser, bundled: Analysis, tmp_path: Path
):
    target = tmp_path / "map.html"
    analysis = bundled
    write_map(analysis, target)
    open_map(browser, target)
    fritid = "https://w3id.org/kg-malmo/id/fritidsnamnden"
    browser.execute_script("kgMap.select(arguments[0])", fritid)
    bright = browser.execute_script(
        "return kgMap.nodes.get().filter(function (n) { return n.opacity === 1; })"
        ".map(function (n) { return n.id; })"
    )
    assert set(bright) == {fritid, *analysis.network[fritid]}
    browser.execute_script("kgMap.reset()")
    dim = browser.execute_script(
        "return kgMap.nodes.get().filter(function (n) { return n.opacity < 1; }).length"
    )
    assert dim == 0


@pytest.mark.parametrize("view", ["actors", "bipartite"])
def test_the_address_names_the_selected_node_and_opens_on_it(
    browser, bundled: Analysis, tmp_path: Path, view
):
    """A link to the map with #IRI opens it on that node: selected, its panel shown."""
    import urllib.parse

    target = tmp_path / "map.html"
    page = write_map(bundled, target, view=view)
    fritid = "https://w3id.org/kg-malmo/id/fritidsnamnden"
    open_map(browser, target, fragment=urllib.parse.quote(fritid, safe=""))
    assert browser.execute_script("return kgMap.network.getSelectedNodes()") == [fritid]
    assert browser.find_element("id", "kg-panel").text.startswith(
        "Leisure Committee\nFritidsnämnden"
    )
    barnen = "https://w3id.org/kg-malmo/id/radda-barnen"
    browser.execute_script("kgMap.select(arguments[0])", barnen)
    hash_ = browser.execute_script("return window.location.hash")
    assert urllib.parse.unquote(hash_) == "#" + barnen
    browser.execute_script("kgMap.reset()")
    assert browser.execute_script("return window.location.hash") == ""
    for wrong in ("no%20such%20node%ZZ", "constructor", "__proto__", "toString"):
        browser.get("about:blank")  # so that the next address loads the page again
        open_map(browser, target, fragment=wrong)  # names no node: the whole map
        assert browser.execute_script("return kgMap.network.getSelectedNodes()") == [], wrong
        assert browser.execute_script("return kgMap.shown.length") == len(page.nodes), wrong
        assert severe(browser) == [], wrong


def _kept_by(analysis: Analysis, page, year: int | None = None, **chosen: str) -> tuple:
    """The nodes and links a map keeps for the chosen goal area, area, kind and year, worked
    out from the facts: organisations taking part in a collaboration every filter keeps
    (reported as its party in the year), and links running through one."""
    from kg.model.parties import Parties

    facts = analysis.facts
    years_in = Parties(facts)

    def keeps(c: str) -> bool:
        collab = facts.collaborations[c]
        return (
            ("goal" not in chosen or chosen["goal"] in collab["goal_areas"])
            and ("area" not in chosen or chosen["area"] in collab["areas"])
            and ("kind" not in chosen or chosen["kind"] == collab["type"])
        )

    def through(organisation: str, c: str) -> bool:
        return keeps(c) and (year is None or year in years_in(organisation, c))

    nodes = {
        n["id"]
        for n in page.nodes
        if any(through(n["id"], c) for c in facts.takes_part_in.get(n["id"], ()))
    }
    links = {
        e["id"]
        for e in page.edges
        if {e["from"], e["to"]} <= nodes
        and any(
            through(e["from"], c) and through(e["to"], c)
            for c in set(facts.takes_part_in[e["from"]]) & set(facts.takes_part_in[e["to"]])
        )
    }
    return nodes, links


def test_goal_area_area_and_kind_filters_keep_what_runs_through_one_collaboration(
    browser, bundled: Analysis, tmp_path: Path
):
    """Goal area, area, kind and year together keep the organisations taking part in one
    collaboration they all keep, and only the links that run through such a collaboration (a
    link between two kept organisations formed elsewhere is not shown)."""
    target = tmp_path / "map.html"
    page = write_map(bundled, target)
    open_map(browser, target)
    kinds = browser.execute_script(
        "return [...document.querySelectorAll('#kg-kind option')].map(o => o.value)"
    )
    assert kinds[0] == "" and set(kinds[1:]) == {
        c["type"] for c in bundled.facts.collaborations.values()
    }
    goal = next(g for n in page.nodes for g in n.get("goal_areas", ()))
    area = next(a for n in page.nodes for a in n.get("areas", ()))
    steps = [
        ("kind", "KnowledgeAlliance", {"kind": "KnowledgeAlliance"}, None),
        ("year", 2016, {"kind": "KnowledgeAlliance"}, 2016),
        ("kind", "", {}, 2016),
        ("year", "", {}, None),
        ("goal", goal, {"goal": goal}, None),
        ("area", area, {"goal": goal, "area": area}, None),
    ]
    narrowed = False
    for kind, value, chosen, year in steps:
        count = browser.execute_script(
            "return kgMap.setPlace(arguments[0], arguments[1])", kind, value
        )
        shown = set(browser.execute_script("return kgMap.shown.getIds()"))
        links = set(browser.execute_script("return kgMap.shownEdges()"))
        if chosen:
            nodes, expected_links = _kept_by(bundled, page, year, **chosen)
            assert (shown, links) == (nodes, expected_links), (kind, value)
            between = {e["id"] for e in page.edges if {e["from"], e["to"]} <= shown}
            narrowed |= bool(between - links)
        else:
            assert shown == {n["id"] for n in page.nodes if year is None or year in n["years"]}
        assert count == len(shown)
    assert narrowed  # some link between two kept organisations was formed elsewhere
    browser.execute_script("kgMap.reset()")
    assert browser.execute_script("return kgMap.shown.length") == len(page.nodes)
    assert browser.execute_script("return document.getElementById('kg-kind').value") == ""
    assert severe(browser) == []


def test_units_are_drawn_outlined_apart_from_committees(browser, bundled: Analysis, tmp_path):
    target = tmp_path / "map.html"
    page = write_map(bundled, target)
    open_map(browser, target)
    drawn = browser.execute_script(
        "return kgMap.nodes.get().map(function (n) {"
        " return [n.id, n.shape, n.color.background, n.color.border]; });"
    )
    kinds = {n["id"]: n for n in page.nodes}
    units = [d for d in drawn if kinds[d[0]]["type"] == "operational unit"]
    committees = [d for d in drawn if kinds[d[0]]["type"] == "committee"]
    assert units and committees
    assert {shape for _, shape, _, _ in units + committees} == {"square"}
    for iri, _, background, border in units:  # outlined in the group's hue, 3:1 on white
        assert (background, border) == ("#ffffff", kinds[iri]["ring"])
        assert contrast.ratio(border, background) >= contrast.GRAPHICS, border
    rings = browser.execute_script(  # the legend's ring beside its group: the map's own
        "return Array.from(document.querySelectorAll('#kg-legend .swatch.ring')).map("
        "function (s) { var c = getComputedStyle(s); return [c.borderTopColor,"
        " c.borderTopWidth, c.backgroundColor]; });"
    )
    drawn_rings = {kinds[iri]["ring"] for iri, *_ in units}
    assert {r for r, _, _ in rings} >= {_rgb(c) for c in drawn_rings}
    assert {(w, b) for _, w, b in rings} == {("3px", "rgb(255, 255, 255)")}
    assert all(background != "#ffffff" for _, _, background, _ in committees)
    legend = browser.execute_script(
        "return Array.from(document.querySelectorAll('#kg-legend .shape')).map(function (s) {"
        " var inner = getComputedStyle(s, '::after');"
        " return [s.parentElement.textContent, inner.content, inner.backgroundColor]; });"
    )
    marks = {name: (content, colour) for name, content, colour in legend}
    assert marks["operational unit"] == ('""', "rgb(255, 255, 255)")  # a white inside: outlined
    assert marks["committee"][0] == "none"


def _rgb(colour: str) -> str:
    """``#rrggbb`` as getComputedStyle writes it."""
    return "rgb({}, {}, {})".format(*(round(c * 255) for c in contrast.rgb(colour)))


def _selected(browser) -> list[str]:
    return browser.execute_script("return kgMap.network.getSelectedNodes()")


def test_a_units_name_or_iri_opens_its_organisation(browser, bundled: Analysis, tmp_path: Path):
    """A unit is folded into its organisation: its name in either language, as the search
    finds it, and its IRI in the address open the organisation, as `kg map --focus` does."""
    import urllib.parse

    target = tmp_path / "map.html"
    write_map(bundled, target)
    base = "https://w3id.org/kg-malmo/id/"
    fritid, kultur = base + "fritidsnamnden", base + "kulturnamnden"
    open_map(browser, target, fragment=urllib.parse.quote(base + "fritidsforvaltningen", safe=""))
    assert _selected(browser) == [fritid]
    assert browser.find_element("id", "kg-panel").text.startswith(
        "Leisure Committee\nFritidsnämnden"
    )
    for name, organisation in [
        ("Fritidsförvaltningen", fritid),
        ("Kanini", kultur),
        ("Culture Administration", kultur),
    ]:
        assert browser.execute_script("return kgMap.search(arguments[0])", name) == [organisation]
        assert _selected(browser) == [organisation], name
    facts = bundled.facts
    for iri, actor in facts.actors.items():
        if actor["organisation"] == iri:
            continue
        for name in actor["names"]:  # the rule of --focus, for every unit's every name
            hits = browser.execute_script("return kgMap.search(arguments[0])", name)
            assert hits[0] == kgmap.resolve_organisation(bundled, name), name
    assert severe(browser) == []


def test_an_address_naming_no_node_says_so_and_clears_the_selection(
    browser, bundled: Analysis, tmp_path: Path
):
    import urllib.parse

    target = tmp_path / "map.html"
    write_map(bundled, target)
    base = "https://w3id.org/kg-malmo/id/"
    open_map(browser, target, fragment=urllib.parse.quote(base + "servicenamnden", safe=""))
    assert _selected(browser) == [base + "servicenamnden"]
    unknown = base + "no-such-organisation"
    browser.execute_script("location.hash = arguments[0]", "#" + urllib.parse.quote(unknown))
    found = browser.find_element("id", "kg-found")
    WebDriverWait(browser, 5).until(lambda _: found.text)
    assert found.text == f"Nothing matches “{unknown}”."
    assert _selected(browser) == []
    assert browser.find_element("id", "kg-panel").text.startswith("Click a node")
    browser.get("about:blank")
    open_map(browser, target, fragment=urllib.parse.quote(unknown, safe=""))  # on opening too
    assert browser.find_element("id", "kg-found").text == f"Nothing matches “{unknown}”."
    assert _selected(browser) == []
    assert severe(browser) == []


def test_back_restores_the_selection_the_address_names(browser, bundled: Analysis, tmp_path):
    import urllib.parse

    target = tmp_path / "map.html"
    write_map(bundled, target)
    base = "https://w3id.org/kg-malmo/id/"
    open_map(browser, target)
    browser.execute_script("kgMap.search('Fritidsnämnden')")
    browser.execute_script("kgMap.search('Rädda Barnen')")
    assert _selected(browser) == [base + "radda-barnen"]

    def address() -> str:
        return urllib.parse.unquote(browser.execute_script("return window.location.hash"))

    browser.execute_script("history.back()")
    WebDriverWait(browser, 5).until(lambda _: address() == "#" + base + "fritidsnamnden")
    WebDriverWait(browser, 5).until(lambda _: _selected(browser) == [base + "fritidsnamnden"])
    assert browser.find_element("id", "kg-panel").text.startswith(
        "Leisure Committee\nFritidsnämnden"
    )
    browser.execute_script("history.back()")
    WebDriverWait(browser, 5).until(lambda _: address() == "")
    WebDriverWait(browser, 5).until(lambda _: _selected(browser) == [])
    assert browser.find_element("id", "kg-panel").text.startswith("Click a node")
    browser.execute_script("history.forward()")
    WebDriverWait(browser, 5).until(lambda _: _selected(browser) == [base + "fritidsnamnden"])
    assert severe(browser) == []


@pytest.mark.parametrize(
    ("lang", "said"), [("en", " matches; showing "), ("sv", " träffar; visar ")]
)
def test_the_search_counts_its_matches(browser, bundled: Analysis, tmp_path, lang, said):
    target = tmp_path / "map.html"
    write_map(bundled, target, lang=lang)
    open_map(browser, target)
    hits = browser.execute_script("return kgMap.search('nämnden')")
    assert len(hits) > 1
    shown = browser.find_element("id", "kg-found").text
    assert shown.startswith(f"{len(hits)}{said}")
    node = next(n for n in bundled.network.nodes(data=True) if n[0] == hits[0])[1]
    first = node["label_en"] if lang == "en" and node.get("label_en") else node["label"]
    assert shown.startswith(f"{len(hits)}{said}{first}")  # named in the page's language


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_committees_panel_lists_the_groups_it_lacks(
    browser, bundled: Analysis, tmp_path: Path, lang: str
):
    """Every committee's panel says which groups it lacks, as `kg gaps -f json` does, in the
    page's language."""
    import json

    from typer.testing import CliRunner

    from kg.cli import app
    from kg.model.sectors import vocabulary
    from kg.web.wording import wording

    gaps = json.loads(CliRunner().invoke(app, ["gaps", "-f", "json"]).stdout)
    target = tmp_path / "map.html"
    write_map(bundled, target, lang=lang)
    open_map(browser, target)
    words = wording(lang)["page"]
    for row in gaps:
        browser.execute_script("kgMap.select(arguments[0])", row["committee"])
        panel = browser.find_element("id", "kg-panel").text
        named = [vocabulary().group(g).label(lang) for g in row["missing_sectors"]]
        assert f"\n{words['lacks']}\n{', '.join(named) or words['lacks_none']}\n" in panel, row
    assert severe(browser) == []


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "civil society: Knowledge alliance for the socially sustainable integration and "
            "inclusion of newly arrived migrants; civic–public partnership (IOP): 6, stated as a "
            "number",
        ),
        (
            "sv",
            "idéburen sektor: Kunskapsallians för socialt hållbar integrering och inkludering "
            "av nyanlända; idéburet offentligt partnerskap (IOP): 6 st., angivna som ett antal",
        ),
    ],
)
def test_a_committees_panel_tells_the_partners_the_sources_do_not_name(
    browser, bundled: Analysis, tmp_path: Path, lang: str, said: str
):
    """The panel of a committee the sources give unnamed partners tells them by group, as the
    report's appendix and its "+" do: the Labour Market Committee's six IOPs with
    associations (doc-004 p. 20, "Nämnden har sex IOP med föreningar i Malmö"), which the map
    showed nowhere; a committee with none has no such line."""
    from kg.web.wording import wording

    target = tmp_path / "map.html"
    write_map(bundled, target, lang=lang)
    open_map(browser, target)
    words = wording(lang)["page"]
    browser.execute_script("kgMap.select(arguments[0])", AGV)
    panel = browser.find_element("id", "kg-panel").text
    assert f"\n{words['unnamed']}\n{said}\n" in panel, panel
    browser.execute_script("kgMap.select(arguments[0])", ID + "fritidsnamnden")
    assert words["unnamed"] in browser.find_element("id", "kg-panel").text  # 10+: it has some
    browser.execute_script("kgMap.select(arguments[0])", ID + "valnamnden")
    assert words["unnamed"] not in browser.find_element("id", "kg-panel").text
    assert severe(browser) == []


ID = "https://w3id.org/kg-malmo/id/"
AGV = ID + "arbetsmarknads-gymnasie-och-vuxenutbildningsnamnden"


def test_a_search_for_what_a_filter_hides_shows_it_and_a_click_chooses_anew(
    browser, bundled: Analysis, tmp_path: Path
):
    """Searching for an organisation that the kind or year filter hides clears those filters
    and selects it (no console error); a click on a node says it is selected in place of the
    search's message, and a click on nothing clears the panel as well as the selection."""
    target = tmp_path / "map.html"
    write_map(bundled, target)
    open_map(browser, target)
    culture = "https://w3id.org/kg-malmo/id/kulturnamnden"
    browser.execute_script("kgMap.setPlace('kind', 'IOP')")
    assert culture not in browser.execute_script("return kgMap.shown.getIds()")
    browser.execute_script("kgMap.search('Kulturnämnden')")
    assert browser.execute_script("return kgMap.network.getSelectedNodes()") == [culture]
    assert browser.execute_script("return document.getElementById('kg-kind').value") == ""
    assert "Kulturnämnden" in browser.find_element("id", "kg-panel").text
    browser.execute_script("kgMap.search('malmo')")
    assert browser.find_element("id", "kg-found").text
    police = "https://w3id.org/kg-malmo/id/polisen"
    click = "kgMap.network.body.emitter.emit('click', {nodes: arguments[0], edges: []})"
    browser.execute_script(click, [police])
    assert browser.find_element("id", "kg-found").text == "Selected: Swedish Police"
    assert "Polisen" in browser.find_element("id", "kg-panel").text
    browser.execute_script(click, [])
    assert "Click a node" in browser.find_element("id", "kg-panel").text
    assert browser.find_element("id", "kg-found").text == ""
    assert browser.execute_script("return window.location.hash") == ""
    assert severe(browser) == []


@pytest.mark.parametrize("view", ["actors", "bipartite"])
def test_a_filter_cleared_or_reset_puts_every_node_back_where_it_was(
    browser, bundled: Analysis, tmp_path: Path, view: str
):
    """The layout the browser settled on is kept: nodes a filter hid come back where they
    were drawn, not piled at the centre, after the filter is cleared and after Reset."""
    from selenium.webdriver.common.by import By

    target = tmp_path / "map.html"
    page = write_map(bundled, target, view=view)
    open_map(browser, target)
    positions = "return kgMap.network.getPositions()"
    before = browser.execute_script(positions)
    assert len(before) == len(page.nodes)
    kind = next(c["type"] for c in bundled.facts.collaborations.values())
    left = browser.execute_script(f"return kgMap.setPlace('kind', '{kind}')")
    assert left < len(before)
    said = browser.find_element(By.ID, "kg-message").text
    assert f"Showing {left} of {len(before)} nodes and " in said  # what the filter leaves
    browser.execute_script("kgMap.setPlace('kind', '')")
    assert "Showing" not in browser.find_element(By.ID, "kg-message").text
    after = browser.execute_script(positions)
    assert after.keys() == before.keys()
    moved = [i for i in before if abs(before[i]["x"] - after[i]["x"]) > 1]
    assert not moved, moved[:5]
    browser.execute_script("kgMap.setPlace('kind', arguments[0]); kgMap.reset()", kind)
    after = browser.execute_script(positions)
    assert all(
        abs(before[i]["x"] - after[i]["x"]) <= 1 and abs(before[i]["y"] - after[i]["y"]) <= 1
        for i in before
    )
    assert severe(browser) == []


def test_large_labels_make_the_names_larger_and_back(browser, bundled: Analysis, tmp_path: Path):
    """On a projector the full view's names are a few pixels high: the "Large labels" box
    draws them larger, and unticked, as before."""
    target = tmp_path / "map.html"
    write_map(bundled, target)
    open_map(browser, target)
    size = (
        "var nodes = kgMap.network.body.nodes, id = Object.keys(nodes)[0];"
        "return nodes[id].options.font.size;"
    )
    before = browser.execute_script(size)
    browser.find_element("id", "kg-large").click()
    larger = browser.execute_script(size)
    browser.find_element("id", "kg-large").click()
    assert larger >= 2 * before and browser.execute_script(size) == before
    assert not severe(browser)


@pytest.mark.parametrize(
    ("lang", "old", "new"),
    [
        ("en", "replaced by\nLabour and Social Committee", "formerly\nSocial Committee"),
        ("sv", "ersatt av\nArbets- och socialnämnden", "tidigare\nSociala nämnden"),
    ],
)
def test_a_replaced_committees_panel_names_what_replaced_it(browser, tmp_path, lang, old, new):
    """Omby's Arbets- och socialnämnden replaced Sociala nämnden (dcterms:replaces): each
    one's panel says so, as kg gaps does, in the map's language."""
    import shutil

    from typer.testing import CliRunner

    from kg.cli import app

    folder = tmp_path / "omby"
    shutil.copytree(FIXTURES / "omby", folder)
    data = folder / "data" / "omby.ttl"
    assert (
        CliRunner().invoke(app, ["import", str(folder / "kalkylark"), "-o", str(data)]).exit_code
        == 0
    )
    target = tmp_path / "map.html"
    write_map(analyse(Source(data=[data.parent], bundled=False).facts()), target, lang=lang)
    open_map(browser, target)
    ids = "https://w3id.org/kg-malmo/id/omby/"
    for iri, said in (("sociala-namnden", old), ("arbets-och-socialnamnden", new)):
        browser.execute_script("kgMap.select(arguments[0])", ids + iri)
        assert f"\n{said}\n" in browser.find_element("id", "kg-panel").text + "\n"
    assert severe(browser) == []
