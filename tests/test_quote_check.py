"""The quote check on a city's own source text: where its pages begin, and an excerpt with
two quotes (which the shapes refuse, so no quote of it is checked)."""

from __future__ import annotations

from pathlib import Path

import kg

#: A paginated text as a PDF's text layer gives it: each page one line beginning with its
#: number, and on page 2 a line pasted on its own that begins with a year.
TEXT = """\
1 Båtklubben Ankaret bildades av boende i hamnen.
2 Kulturförvaltningen har under året sett över bryggorna.
2016 var det år då bryggorna byggdes om.
3 Båtklubben Ankaret och kulturförvaltningen driver Sommarbryggan tillsammans.
"""
DATA = """\
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix id: <https://w3id.org/kg-malmo/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:testdoc a kg:SourceDocument ; dcterms:title "Testdokument"@sv ;
    kg:fileName "testort-2024.txt" ; kg:paginated true ; kg:reportYear "2024"^^xsd:gYear .
id:ev-test a kg:SourceExcerpt ; oa:hasSource id:testdoc ; kg:page PAGE ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "QUOTE" ] MORE .
id:batklubben-ankaret a kg:Association ; skos:prefLabel "Båtklubben Ankaret"@sv ;
    kg:sector kg:CivilSociety ; prov:wasDerivedFrom id:ev-test .
"""


def _report(tmp_path: Path, quote: str, page: int, more: str = "") -> list[tuple[str, str]]:
    """(path, message) of each violation of an excerpt quoting ``quote`` on ``page``."""
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "testort-2024.txt").write_text(TEXT, encoding="utf-8")
    data = tmp_path / "testort.ttl"
    text = DATA.replace("PAGE", str(page)).replace("QUOTE", quote).replace("MORE", more)
    data.write_text(text, encoding="utf-8")
    report = kg.validate(kg.load([data], bundled=False), sources=[tmp_path / "sources"])
    return [(v.path, v.message) for v in report.violations]


def test_a_line_beginning_with_a_year_is_no_page(tmp_path: Path):
    """Page 3 is the next line that begins with 3, not the line pasted on page 2 that
    begins with 2016: a quote of page 3 is on page 3."""
    quote = "kulturförvaltningen driver Sommarbryggan tillsammans"
    assert _report(tmp_path, quote, 3) == []
    assert _report(tmp_path, quote, 2) == [
        ("oa:exact", "the quote is on page 3 of testort-2024.txt, not on page 2")
    ]
    # the year's line belongs to page 2, but is not on its page line: kg says to join them
    messages = _report(tmp_path, "var det år då bryggorna byggdes om", 2)
    assert len(messages) == 1
    assert messages[0][1].startswith(
        "the quote is on page 2 of testort-2024.txt, but on a line that does not begin with "
        "the page number"
    )


def test_an_excerpt_with_two_quotes_is_told_to_keep_one_and_neither_is_checked(tmp_path: Path):
    """Two quotes on one excerpt break its shape (exactly one quote); which of the two would
    be checked is no one's choice, so the quote check leaves both to that violation."""
    more = '; oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "ett citat som inte finns" ]'
    found = _report(tmp_path, "en mening som inte heller finns", 1, more)
    assert len(found) == 1, found
    assert found[0][0] == "oa:hasSelector/oa:exact"
    assert "needs exactly one verbatim quote" in found[0][1]
