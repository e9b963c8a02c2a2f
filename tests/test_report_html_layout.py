"""report.html's lists and tables laid out as its template lays out every other block: the
same elements, attributes and line breaks, each text escaped once."""

from __future__ import annotations

from kg.report.document import Bullets, Document, Link, Section, Strong, Table, other_names
from kg.report.html import render_html


def _page(*blocks: object) -> str:
    section = Section("s", "Section", list(blocks))
    document = Document("en", "Title", "Subtitle", [], [section], "Contents")
    return render_html(document, {})


def test_a_lists_items_keep_their_anchors_and_escaped_text():
    bullets = Bullets([["a < b"], [Strong("c & d"), " ", Link("e", "#f", 'the "g"')]], ["x", "y"])
    assert (
        "\n<ul>"
        '\n  <li id="x">a &lt; b</li>'
        '\n  <li id="y"><strong>c &amp; d</strong> <a href="#f" title="the &#34;g&#34;">e</a></li>'
        "\n</ul>"
    ) in _page(bullets)
    assert "\n<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>" in _page(Bullets([["one"], ["two"]]))


def test_a_tables_cells_are_classed_by_number_and_by_their_own_mark():
    table = Table(
        header=[["name"], ["n"]],
        numeric=[False, True],
        rows=[[["Ekby <1>"], ["3"]], [["Alby"], ["0"]]],
        classes=[["", ""], ["gap", "gap"]],
    )
    assert (
        "\n  <tbody>"
        "\n    <tr>"
        "\n      <td>Ekby &lt;1&gt;</td>"
        '\n      <td class="num">3</td>'
        "\n    </tr>"
        "\n    <tr>"
        '\n      <td class="gap">Alby</td>'
        '\n      <td class="num gap">0</td>'
        "\n    </tr>"
        "\n  </tbody>"
    ) in _page(table)


def test_the_other_languages_names_are_found_through_every_kind_of_container():
    class Name(str):
        pass

    data = {
        "rows": ({"label": "Fritidsnämnden", "label_en": "Leisure Committee"},),
        "more": [[{"label": Name("Polisen"), "label_en": "Police", "x": 1.5, "y": None}]],
    }
    assert other_names(data, "sv") == {"Leisure Committee", "Police"}


def test_a_page_written_keeps_none_of_its_texts_in_memory():
    # a notebook or a script that writes one report after another holds no earlier report's
    # names and links in the caches that spare a large page escaping them again
    from kg.report.html import _link, _marked

    _page(Bullets([[Link("a name", "#a", "its title")], ["Ekby (Alby)"]]))
    assert _marked.cache_info().currsize == 0
    assert _link.cache_info().currsize == 0
