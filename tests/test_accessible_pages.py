"""kg serve's pages as a screen reader and a phone read them, in headless Chromium: the
accessibility tree's names of tables and links, the language of names that are not the page's,
and a 320 px wide window in which nothing scrolls sideways (WCAG 2.1 AA: 1.3.1, 1.4.10,
2.4.4, 3.1.2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest
from helpers import chromium
from helpers.serving import running

from kg.io.source import Source
from kg.web.server import Endpoint, Settings

webdriver, WebDriverWait, pytestmark = chromium.browser_tests()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with running(Settings(workers=1, licensed=True), store=Source().open()) as server:
        yield server


def _tree(driver) -> list[dict]:
    """The page's accessibility tree as Chromium gives it to a screen reader."""
    return chromium.accessibility_tree(driver)


def _named(tree: list[dict], role: str) -> list[str]:
    return [n.get("name", {}).get("value", "") for n in tree if n["role"]["value"] == role]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_resource_s_tables_are_named_and_have_column_headers(browser, endpoint, lang):
    browser.get(endpoint.url + f"id/fritidsnamnden?lang={lang}")
    tree = _tree(browser)
    headings = set(_named(tree, "heading"))
    tables = _named(tree, "table")
    assert len(tables) == 2 and set(tables) <= headings  # "Statements", "Referred to by"
    columns = _named(tree, "columnheader")
    assert len(columns) == 5 and all(columns)
    scopes = browser.execute_script(
        "return [...document.querySelectorAll('main th')].map(th => th.scope)"
    )
    assert scopes == ["col"] * 5


def test_a_swedish_name_on_the_english_page_is_read_as_swedish(browser, endpoint):
    browser.get(endpoint.url + "id/fritidsnamnden")
    langs = browser.execute_script(
        "return [...document.querySelectorAll('a')].filter(a => a.textContent.startsWith("
        "'Det fortsatta arbetet')).map(a => a.closest('[lang]').lang)"
    )
    assert langs and set(langs) == {"sv"}  # the document's title is Swedish only
    english = browser.execute_script(
        "return [...document.querySelectorAll('a')].find(a => a.textContent === "
        "'City of Malmö').closest('[lang]').lang"
    )
    assert english == "en"
    browser.get(endpoint.url + "id/doc-004")
    assert browser.find_element("tag name", "h1").get_attribute("lang") == "sv"
    browser.get(endpoint.url + "id/doc-004?lang=sv")
    assert browser.find_element("tag name", "h1").get_attribute("lang") in (None, "")


@pytest.mark.parametrize(("lang", "word"), [("en", "page of "), ("sv", "sida om ")])
def test_each_page_link_of_an_answer_says_whose_page_it_is(browser, endpoint, lang, word):
    browser.get(endpoint.url + f"?lang={lang}")
    browser.find_element("id", "run").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_elements("css selector", "td a.page"))
    targets: dict[str, set[str]] = defaultdict(set)
    for text, href in browser.execute_script(
        "return [...document.querySelectorAll('#results a')].map(a => "
        "[a.getAttribute('aria-label') || a.textContent, a.href])"
    ):
        targets[text].add(href)
    assert all(len(hrefs) == 1 for hrefs in targets.values())  # one name, one target
    pages = [n for n in _named(_tree(browser), "link") if n.startswith(word)]
    assert len(pages) > 10 and len(set(pages)) == len(pages)
    assert all(":" in n for n in pages)  # kg:… or id:…, as the cell beside it shows
    status = browser.find_element("id", "status")
    assert status.get_attribute("role") == "status" and status.text
    scopes = browser.execute_script(
        "return [...document.querySelectorAll('#results th')].map(th => th.scope)"
    )
    assert scopes and set(scopes) == {"col"}


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    driver = chromium.start(tmp_path_factory.mktemp("phone-profile"), phone=(320, 640))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.parametrize(
    "path", ["", "?lang=sv", "id/fritidsnamnden", "id/doc-004?lang=sv", "ontology"]
)
def test_nothing_scrolls_sideways_in_a_320_px_window(phone, endpoint, path):
    phone.get(endpoint.url + path)
    width, scrolled = phone.execute_script(
        "const e = document.documentElement; return [e.clientWidth, e.scrollWidth]"
    )
    assert width == 320 and scrolled <= width, f"{path}: {scrolled} px wide"


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_download_buttons_are_read_with_what_they_download(browser, endpoint, lang):
    """The buttons under an answer say only a format (JSON, CSV …): a screen reader that Tabs
    to one reads it in the group "Download the answer:", in the page's language, not as a
    bare "JSON, button" (WCAG 1.3.1, 2.4.6)."""
    from kg.web.wording import wording

    label = wording(lang, "query")["downloads"]
    browser.get(endpoint.url + f"?lang={lang}")
    browser.find_element("id", "run").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_elements("css selector", "#downloads button"))
    tree = _tree(browser)
    groups = [n for n in tree if n["role"]["value"] == "group" and n.get("name")]
    (group,) = [n for n in groups if n["name"]["value"] == label]
    inside = set(group.get("childIds", []))
    names = [
        n.get("name", {}).get("value")
        for n in tree
        if n["role"]["value"] == "button" and n["nodeId"] in inside
    ]
    formats = browser.execute_script(
        "return [...document.querySelectorAll('#downloads button')].map(b => b.textContent)"
    )
    assert formats and names == formats


def test_a_link_of_an_answer_is_not_hidden_under_its_column_headers(browser, endpoint):
    """The answer's column headers stay at the top of its box as it scrolls; Shift+Tab back
    up through the answer's links scrolled each link under them, out of sight (WCAG 2.4.11):
    every link the keyboard reaches, either way, is in sight."""
    size = browser.get_window_size()
    browser.set_window_size(1280, 700)
    try:
        _tab_through_an_answer(browser, endpoint)
    finally:
        browser.set_window_size(size["width"], size["height"])


def _tab_through_an_answer(browser, endpoint) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get(endpoint.url)
    browser.find_element("id", "run").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_elements("css selector", "td a.page"))
    seen = (
        "var e = document.activeElement, box = e.getBoundingClientRect(), seen = false;"
        "for (var i = 1; i < 6; i++) { for (var j = 1; j < 6; j++) {"
        "  var top = document.elementFromPoint(box.left + box.width * i / 6,"
        "    box.top + box.height * j / 6);"
        "  seen = seen || (!!top && e.contains(top)); } }"
        "return [!!e.closest('#results td'), e.textContent, seen]"
    )
    browser.execute_script("document.querySelector('#results td a').focus()")
    forth, back = [], []
    for _ in range(500):  # the answer has 50 rows of links
        ActionChains(browser).send_keys(Keys.TAB).perform()
        inside, name, visible = browser.execute_script(seen)
        if not inside:
            break
        forth.append((name, visible))
    assert len(forth) > 20  # more links than the box shows at once
    for _ in forth:
        ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        inside, name, visible = browser.execute_script(seen)
        back.append((name, visible))
    hidden = [name for name, visible in forth + back if not visible]
    assert hidden == []


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_an_address_the_graph_lacks_is_a_page_with_links_back(browser, endpoint, lang):
    """Following an address the graph holds nothing about, a reader hears a page in the
    chosen language that says so, with a heading and links back to the query page and the
    namespace (not a line of plain text with no link and no language)."""
    from kg.web.wording import wording

    words = wording(lang, "resource")
    browser.get(endpoint.url + f"id/no-such-committee?lang={lang}")
    assert browser.find_element("tag name", "html").get_attribute("lang") == lang
    tree = _tree(browser)
    assert _named(tree, "heading") == [words["missing"]]
    links = _named(tree, "link")
    assert words["home"] in links and words["missing_namespace"] in links, links
    browser.find_element("link text", words["home"]).click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements("id", "query"))
    assert browser.find_element("tag name", "html").get_attribute("lang") == lang
