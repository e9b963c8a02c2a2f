"""kg serve's Linked Data as a Swedish reader reads it: values written the Swedish way (ja/nej,
digits grouped, dates in words) with the stored form kept, the reused vocabularies' terms
named in both languages, excerpts named by document, page and quote, a skip link on each
page, and the refusals over HTTP in the language the request asks for."""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from helpers.serving import http, running

import kg
from kg.io.source import Source
from kg.model.vocab import PREFIXES, XSD
from kg.web.resource import prefixed
from kg.web.server import Settings
from kg.web.values import language, literal, term_names

TERMS = tomllib.loads((Path(kg.__file__).parent / "web" / "terms.toml").read_text("utf-8"))


@pytest.fixture(scope="module")
def malmo() -> Iterator[str]:
    with running(Settings(workers=1, licensed=True), store=Source().open()) as endpoint:
        yield endpoint.url


def _page(url: str) -> str:
    status, headers, body = http(url, headers={"Accept": "text/html"})
    assert status == 200 and headers["content-type"].startswith("text/html"), body[:300]
    return body.decode("utf-8")


def _row(page: str, name: str) -> str:
    """The statement row whose property link reads ``name``."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)
    found = [r for r in rows if re.search(rf"<td><a [^>]*>{re.escape(name)}</a></td>", r)]
    assert found, f"no row {name!r}"
    return found[0]


def test_the_term_table_names_each_term_in_both_languages_with_the_same_keys():
    assert TERMS["en"].keys() == TERMS["sv"].keys()
    for key in TERMS["en"]:
        assert key.split(":")[0] in PREFIXES, key
        assert TERMS["en"][key].strip() and TERMS["sv"][key].strip(), key
    assert term_names()["sv"]["org:member"] == "medlem"


@pytest.mark.slow
def test_every_term_of_another_vocabulary_the_data_uses_has_a_name(malmo: str):
    """What the bundled data and the ontology use of skos, org, dcterms, oa, prov … is named."""
    query = """SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t }
      FILTER(!STRSTARTS(STR(?t), "https://w3id.org/kg-malmo/")) }"""
    status, _, body = http(
        malmo + "sparql", params={"query": query}, headers={"Accept": "text/csv"}
    )
    assert status == 200
    used = body.decode().split()[1:]
    short = {PREFIXES[p] + "": p for p in PREFIXES}
    unnamed = []
    for iri in used:
        prefix = next((p for space, p in short.items() if iri.startswith(space)), None)
        name = f"{prefix}:{iri[len(PREFIXES[prefix]) :]}" if prefix else iri
        if prefix and name not in TERMS["sv"]:
            unnamed.append(name)
    assert not unnamed, f"kg/web/terms.toml names none of {unnamed}"


@pytest.mark.parametrize(
    ("value", "datatype", "lang", "text"),
    [
        ("true", "boolean", "sv", "ja"),
        ("false", "boolean", "en", "no"),
        ("12500", "integer", "sv", "12\u202f500"),
        ("12500", "integer", "en", "12,500"),
        ("0.25", "decimal", "sv", "0,25"),
        ("2015-12-07", "date", "sv", "7 december 2015"),
        ("2015-12-07", "date", "en", "7 December 2015"),
        ("2013-03", "gYearMonth", "sv", "mars 2013"),
        ("2016", "gYear", "sv", "2016"),
        ("maybe", "boolean", "sv", "maybe"),  # ill-typed: shown as stored
    ],
)
def test_a_value_is_written_the_readers_way_and_its_stored_form_kept(value, datatype, lang, text):
    shown = literal({"value": value, "datatype": XSD + datatype}, lang)
    assert shown["text"] == text
    assert shown["title"].endswith(f'"{value}"^^xsd:{datatype}')


@pytest.mark.slow
def test_a_document_page_reads_in_swedish(malmo: str):
    page = _page(malmo + "id/doc-004?lang=sv")
    paginated = _row(page, "sidnumrerad")
    assert ">ja</span>" in paginated and 'title="ja eller nej: &#34;true&#34;^^xsd:boolean"' in (
        paginated
    )
    assert "true" not in re.sub(r'title="[^"]*"', "", paginated)
    assert ">2017</span>" in _row(page, "utgiven")  # dcterms:issued, a year
    title = _row(page, "titel")  # dcterms:title, linked to its IRI, its short name kept
    assert 'href="http://purl.org/dc/terms/title" title="dcterms:title"' in title
    # the excerpts that cite it, each named by its page and the beginning of its quote
    assert "id:ev-004" not in re.sub(r'(title|href)="[^"]*"', "", page)
    assert re.search(r">sidan 20: ”Nämnden har i samverkan med Arbetsförmedlingen[^<]*…”</a>", page)


@pytest.mark.slow
def test_an_english_page_names_the_same_terms_in_english(malmo: str):
    page = _page(malmo + "id/doc-004?lang=en")
    assert ">yes</span>" in _row(page, "paginated")
    assert _row(page, "title") and _row(page, "published")
    assert re.search(r">page 20: “Nämnden har i samverkan[^<]*”</a>", page)


@pytest.mark.slow
def test_evidence_links_to_its_excerpt_by_a_readable_name(malmo: str):
    page = _page(malmo + "id/arbetsmarknads-gymnasie-och-vuxenutbildningsnamnden?lang=sv")
    assert ">annat namn<" in page and ">del av organisationen<" in page  # skos, org
    assert ">ja</span>" in _row(page, "kommunal")
    links = re.findall(r'<a href="[^"]*ev-004-p20-ungmalmo\?lang=sv"[^>]*>[^<]*</a>', page)
    assert links
    for link in links:
        label = html.unescape(link)
        assert "id:ev-" not in re.sub(r'title="[^"]*"', "", label)
        assert "sidan 20" in label and "”Nämnden har i samverkan" in label, label


@pytest.mark.parametrize("path", ["id/fritidsnamnden?lang=sv", "ontology?lang=sv", "?lang=sv"])
def test_each_page_opens_with_a_skip_link_to_its_content(malmo: str, path: str):
    page = _page(malmo + path)
    body = page[page.index("<body>") :]
    first = re.search(r"<a [^>]*>[^<]*</a>", body)
    assert first and 'href="#main"' in first[0] and "Hoppa till innehållet" in first[0]
    assert '<main id="main"' in page


@pytest.mark.parametrize(
    ("path", "status", "swedish", "english"),
    [
        ("ontology/9.9", 404, "ingen version 9.9 av ontologin här", "no version 9.9"),
        ("id/fritidsnamnden?format=bogus", 406, "den här adressen finns som", "is offered as"),
        (".well-known/void?format=bogus", 406, "datamängdens beskrivning finns som", "offered"),
        ("no-such-page", 404, "sidan finns inte", "no such page"),
        ("id/not-in-the-graph", 404, "grafen innehåller inget om", "holds nothing"),
    ],
)
def test_a_refusal_answers_in_the_language_the_request_asks_for(
    malmo, path, status, swedish, english
):
    join = "&" if "?" in path else "?"
    for url, headers in [
        (malmo + path + join + "lang=sv", {}),
        (malmo + path, {"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"}),
    ]:
        got, said, body = http(url, headers=headers)
        assert got == status and swedish in body.decode(), (url, body)
        assert "Accept-Language" in said["vary"]
    got, _, body = http(malmo + path, headers={"Accept-Language": "en"})
    assert got == status and english in body.decode()
    got, _, body = http(malmo + path + join + "lang=en", headers={"Accept-Language": "sv"})
    assert english in body.decode()


@pytest.mark.slow
def test_the_language_an_address_chose_is_kept_by_the_pages_links(malmo: str):
    """A reader whose browser asks for English and who chose Swedish by a page's link
    (?lang=sv) reads the pages it walks to in Swedish: each link to a page of the server keeps
    ?lang=sv (it lasted one page); without ?lang= the links carry none, and the browser's
    Accept-Language chooses again."""
    from urllib.parse import urljoin

    english = {"Accept": "text/html", "Accept-Language": "en"}
    for path in ("id/fritidsnamnden", "ontology", "ontology/0.4.0"):
        url = malmo + path + "?lang=sv"
        page = _page_with(url, english)
        links = [html.unescape(h) for h in re.findall(r'href="([^"#?][^"]*)"', page)]
        local = [h for h in links if not h.startswith(("http:", "https:"))]
        assert local, path
        assert [h for h in local if "lang=sv" not in h] == [], path
        for link in {re.sub(r"/id/.*", "/id/x", h): h for h in local}.values():  # one a kind
            if "query=" not in link:
                assert '<html lang="sv">' in _page_with(urljoin(url, link), english), link
        unchosen = _page_with(malmo + path, english)
        assert '<html lang="en">' in unchosen and "lang=sv" not in unchosen.replace(
            'href="?lang=sv"', ""
        )


def _page_with(url: str, headers: dict[str, str]) -> str:
    status, _, body = http(url, headers=headers)
    assert status == 200, (url, body[:300])
    return body.decode("utf-8")


def test_a_method_not_allowed_is_refused_in_swedish(malmo: str):
    got, _, body = http(malmo + "ontology", method="POST", headers={"Accept-Language": "sv"})
    assert got == 405 and "POST är inte tillåtet här: använd GET, HEAD, OPTIONS" in body.decode()


@pytest.mark.parametrize(
    ("params", "body", "content_type", "status", "swedish"),
    [
        (None, b"SELECT * {}", "text/plain", 415, "kan inte läsa ett innehåll av typen text/plain"),
        ({"query": ["ASK {}", "ASK {}"]}, None, None, 400, "ange en query-parameter, inte flera"),
        (None, b"ASK {}", "application/sparql-query; charset=latin-1", 415, "skicka det som"),
    ],
)
def test_the_endpoints_protocol_refusals_are_in_swedish_too(
    malmo, params, body, content_type, status, swedish
):
    """A client asking for Swedish gets the SPARQL protocol's refusals (a body kg serve cannot
    read, two queries at once) in Swedish, where the more specific of two wordings wins."""
    url = malmo + "sparql" + ("?" + urlencode(params, doseq=True) if params else "")
    headers = {"Accept-Language": "sv", **({"Content-Type": content_type} if content_type else {})}
    got, _, said = http(url, method="POST" if body else "GET", body=body, headers=headers)
    assert got == status and swedish in said.decode(), said


def test_seconds_and_bytes_in_a_refusal_are_written_the_swedish_way():
    from kg.errors import translated

    waited = "no query worker became free within 2.5 s; try again in a moment"
    assert translated(waited, "sv").startswith(
        "ingen arbetsprocess för frågor blev ledig inom 2,5 s"
    )
    over = translated("the request body is over 1,048,576 bytes", "sv")
    assert over == "begärans innehåll är större än 1\u202f048\u202f576 byte"
    assert "(30 s)" in translated(
        "the query ran past the time limit (30 s) and was stopped; narrow it (LIMIT, more "
        "specific patterns) or ask for a longer --timeout",
        "sv",
    )


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("id/m-ka-motesplats-otto--fritidsnamnden", "sv", "Medlemskap: Fritidsnämnden, "),
        ("id/m-ka-motesplats-otto--fritidsnamnden", "en", "Membership: Leisure Committee, "),
        ("id/count-agy-iop-foreningar", "sv", "Angivet antal: Arbetsmarknads-, gymnasie- och"),
        ("id/count-agy-iop-foreningar", "en", "Stated count: Labour Market, Upper Secondary"),
    ],
)
def test_a_resource_without_a_name_is_headed_by_what_it_is_and_of_whom(malmo, path, lang, heading):
    """A membership or a stated count has no name in the data: its page is headed by its type
    and the named resources it is about, not by its IRI (which the page still shows)."""
    page = _page(f"{malmo}{path}?lang={lang}")
    assert re.search(rf'<h1 id="name">{re.escape(heading)}', page), page[:2000]
    assert f"https://w3id.org/kg-malmo/{path}" in page


@pytest.mark.slow
def test_a_membership_referring_to_a_committee_is_named_so_on_its_page(malmo):
    page = _page(malmo + "id/fritidsnamnden?lang=sv")
    link = re.search(
        r'<a href="../id/m-ka-motesplats-otto--fritidsnamnden\?lang=sv"[^>]*>([^<]*)</a>', page
    )
    assert link and link[1] == "medlemskap" and "id:m-ka-motesplats-otto" in link[0]


@pytest.mark.slow
def test_every_term_of_another_vocabulary_the_ontology_names_has_a_name_of_its_own():
    """The ontology page names each superclass, domain and range of another vocabulary, and no
    two that one class is a subclass of by the same words (a committee was a "public
    organisation" twice: cv:PublicOrganisation and schema:GovernmentOrganization)."""
    from rdflib import RDF, RDFS, Graph, URIRef

    from kg.paths import ontology_file

    graph = Graph().parse(ontology_file())
    spaces = {space: prefix for prefix, space in PREFIXES.items() if prefix != "kg"}
    used = set()
    for iri in {node for triple in graph for node in triple if isinstance(node, URIRef)}:
        prefix = next((p for space, p in spaces.items() if str(iri).startswith(space)), None)
        if prefix and iri != RDF.nil:
            used.add(f"{prefix}:{str(iri)[len(PREFIXES[prefix]) :]}")
    assert not used - TERMS["sv"].keys(), "kg/web/terms.toml names none of these"
    for lang in ("en", "sv"):
        for cls in set(graph.subjects(RDFS.subClassOf, None)):
            names = [
                TERMS[lang].get(prefixed(str(o)), str(o))
                for o in graph.objects(cls, RDFS.subClassOf)
            ]
            assert len(names) == len(set(names)), (cls, names)


def test_the_ontology_page_in_swedish_names_its_release_and_its_disjoint_classes(malmo: str):
    page = _page(malmo + "ontology?lang=sv")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))
    assert re.search(
        r"Utgiven: \d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti"
        r"|september|oktober|november|december) 20\d\d",
        text,
    )
    assert "Föregående version: https://w3id.org/kg-malmo/ontology/0.3.0" in text
    assert "Skapad av: kg-utvecklarna" in text and "the kg developers" not in text
    committee = page[page.index('id="Committee"') :]
    committee = committee[: committee.index("</section>")]
    said = re.sub(r"<[^>]+>", "", committee)
    assert (
        "underklass till: offentlig organisation, formell organisation, offentligt organ, aktör"
        in said
    )
    assert "kan inte samtidigt vara: förvaltning, förening" in said
    collaboration = page[page.index('id="Collaboration"') :]
    said = re.sub(r"<[^>]+>", "", collaboration[: collaboration.index("</section>")])
    assert "underklass till: samverkan mellan organisationer, entitet (härkomst)" in said
    assert "kan inte samtidigt vara: aktör" in said
    english = re.sub(r"<[^>]+>", "", _page(malmo + "ontology?lang=en"))
    assert "Created by: the kg developers" in english and "cannot also be: actor" in english


@pytest.mark.slow
@pytest.mark.parametrize(
    ("headers", "params"),
    [({"Accept-Language": "sv"}, {}), ({}, {"lang": "sv"})],
)
def test_a_query_the_endpoint_cannot_read_is_refused_in_swedish(malmo, headers, params):
    """A misspelt keyword and a pattern cut short: the message and the hint in Swedish, the
    place and the query's line with its caret as they are."""
    for query, message, hint in [
        (
            "SELEC ?s WHERE { ?s ?p ?o }",
            "<query>:1:1: en fråga börjar med SELECT, ASK, CONSTRUCT eller DESCRIBE, inte med",
            "  tips: kontrollera stavningen av det första nyckelordet",
        ),
        (
            "SELECT * WHERE { ?s ?p }",
            "<query>:1:18: syntaxfel i SPARQL:",
            "  tips: rätta frågan på den platsen",
        ),
    ]:
        status, _, body = http(malmo + "sparql", params={"query": query, **params}, headers=headers)
        said = body.decode("utf-8")
        assert status == 400 and said.startswith(message), said
        assert hint in said and "hint:" not in said, said
    status, _, body = http(malmo + "sparql", params={"query": "SELEC ?s WHERE { ?s ?p ?o }"})
    assert body.decode().startswith("<query>:1:1: a query starts with SELECT"), body


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("sv", "12\u202f345\u202f678\u202f901\u202f234\u202f567,25"),
        ("en", "12,345,678,901,234,567.25"),
    ],
)
def test_a_decimal_of_many_digits_is_written_exactly(tmp_path: Path, lang: str, text: str):
    """An ``xsd:decimal`` past a float's 15 significant digits keeps every digit on the
    page, grouped and with the language's decimal mark (a float rounded it to …568,00)."""
    from helpers.serving import FIXTURE

    data = tmp_path / "data"
    data.mkdir()
    (data / "facts.ttl").write_bytes(FIXTURE.read_bytes())
    (data / "amount.ttl").write_text(
        "<https://w3id.org/kg-malmo/id/fx/doc> <https://schema.org/amount>"
        ' "12345678901234567.25"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
        encoding="utf-8",
    )
    store = Source(data=(data,), bundled=False).open()
    with running(Settings(workers=1), store=store) as endpoint:
        page = _page(endpoint.url + f"id/fx/doc?lang={lang}")
    row = html.unescape(_row(page, "schema:amount"))
    assert f">{text}</span>" in row, row
    assert '"12345678901234567.25"^^xsd:decimal' in row


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "row", "name"), [("sv", "språk", "svenska"), ("en", "language", "Swedish")]
)
def test_a_documents_language_is_named_not_given_as_its_code(malmo, lang, row, name):
    """``dcterms:language "sv"`` reads "svenska" / "Swedish", its code kept in the title."""
    language = _row(_page(malmo + f"id/doc-004?lang={lang}"), row)
    assert f'title="&#34;sv&#34;">{name}</span>' in language, language


def test_a_committees_gaps_line_reads_as_swedish(malmo):
    """Revisorskollegiet lacks partners among the municipality's own bodies, not a gap: its
    page names its gaps with kg's words (partnergrupper, luckor) and marks that row."""
    page = html.unescape(_page(malmo + "id/revisorskollegiet?lang=sv"))
    line = " ".join(
        re.sub(r"<[^>]+>", "", re.search(r'<p id="gaps">(.*?)</p>', page, re.S)[1]).split()
    )
    assert line == (
        "Luckor, som kg gaps och rapporten räknar dem: idéburen sektor, akademi, näringsliv "
        "(härledda med kg:s regel ur nämndens partner: de partnergrupper som nämnderna ska nå "
        "och som nämnden saknar partner i, inte kommunens egna organisationer och inte "
        "offentlig sektor som helhet)"
    )
    assert "; ingen lucka: kg gaps räknar bara de grupper som nämnderna ska nå)" in page


def test_a_language_code_kg_does_not_name_is_shown_as_it_is():
    assert language({"type": "literal", "value": "fi"}, "sv")["text"] == "fi"
    assert language({"type": "literal", "value": "en"}, "sv")["text"] == "engelska"
