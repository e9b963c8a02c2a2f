"""kg serve as Linked Data, through HTTP: a resource's IRI followed to the server (``/id/…``)
answers with a page or RDF by content negotiation, through the same workers and limits as
SPARQL; the ontology is at ``/ontology``, the dataset's VoID and DCAT at
``/.well-known/void``."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from helpers.serving import RUNAWAY, exact, http, running
from rdflib.compare import isomorphic

from kg.errors import KgError
from kg.io.source import Source
from kg.model.vocab import DATA_IRI, ONTOLOGY_IRI
from kg.paths import ontology_file
from kg.web.admission import Limits
from kg.web.server import Settings, make_server

FIXTURES = Path(__file__).parent / "fixtures"
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
KG = rdflib.Namespace(ONTOLOGY_IRI)
CC_BY = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
COMMITTEE = rdflib.URIRef(DATA_IRI + "fritidsnamnden")
#: The quote of the committee's own evidence, as data/committees/fritidsnamnden.ttl has it.
QUOTE = "FRITIDSNÄMNDEN Nämnden har i årsanalysen ett tydligt fokus"
HOSTILE_BASE = "https://w3id.org/kg-malmo/id/test/"
SCRIPT = ox.NamedNode("javascript:alert(1)")


@pytest.fixture(scope="module")
def malmo() -> Iterator[str]:
    """kg serve over the bundled data, as `kg serve` starts it: the URL."""
    with running(Settings(workers=1, licensed=True), store=Source().open()) as endpoint:
        yield endpoint.url


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    """kg serve over a graph whose names hold markup, served under its own namespace."""
    store = Source(data=(FIXTURES / "hostile_label.ttl",), bundled=False).open()
    scheme = ox.NamedNode("https://schema.org/url")  # an IRI a browser would run, as a value
    store.add(ox.Quad(ox.NamedNode(HOSTILE_BASE + "association"), scheme, SCRIPT))
    with running(Settings(workers=1, base=HOSTILE_BASE), store=store) as endpoint:
        yield endpoint.url


def _graph(body: bytes, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt)


def test_a_resource_is_rdf_in_each_format_and_the_same_graph(malmo: str):
    graphs = {}
    for media, fmt in (
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ):
        status, headers, body = http(malmo + "id/fritidsnamnden", headers={"Accept": media})
        assert status == 200, body
        assert headers["content-type"].startswith(media) and "Accept" in headers["vary"]
        graphs[fmt] = _graph(body, fmt)
    assert all(isomorphic(graphs["turtle"], g) for g in graphs.values())
    turtle = graphs["turtle"]
    assert (COMMITTEE, rdflib.RDF.type, KG.Committee) in turtle
    assert dict(turtle.namespaces())["id"] == rdflib.URIRef(DATA_IRI)
    # what the graph says of it, where it is the subject, is all there
    store = Source().open()
    said = {
        (str(q.predicate.value), str(q.object.value))
        for q in store.quads_for_pattern(ox.NamedNode(str(COMMITTEE)), None, None)
    }
    assert said == {(str(p), str(o)) for p, o in turtle.predicate_objects(COMMITTEE)}
    # and the statements that refer to it: its administration is a unit of it
    assert (rdflib.URIRef(DATA_IRI + "fritidsforvaltningen"), None, COMMITTEE) in turtle


def test_a_resource_page_names_it_with_its_statements_and_evidence(malmo: str):
    status, headers, body = http(malmo + "id/fritidsnamnden", headers={"Accept": "text/html"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "script-src" not in headers["content-security-policy"]  # a page without scripts
    page = body.decode("utf-8")
    assert "<title>Leisure Committee</title>" in page and "Fritidsnämnden" in page
    assert QUOTE in page and "page 20" in page
    assert 'href="../id/malmo-stad">City of Malmö</a>' in page  # on this server, relative
    assert 'href="../ontology#Committee"' in page
    assert "derived by kg&#39;s rules" in page  # kg:partner is kg's, not a source's
    assert "Data: kg — actors and alliances" in page  # the credit CC BY asks for
    swedish = http(malmo + "id/fritidsnamnden?lang=sv", headers={"Accept": "text/html"})[2]
    assert b"<title>Fritidsn\xc3\xa4mnden</title>" in swedish and b'lang="sv"' in swedish
    sv = swedish.decode("utf-8")
    # kg's Swedish: a statement is a påstående; "uppgifterna" is the data, as the credit says
    assert ">Påståenden</h2>" in sv and "(härlett med kg:s regler ur påståendena ovan)" in sv
    assert ">Resurser som hänvisar hit</h2>" in sv and "Uppgifter: kg — aktörer" in sv
    assert QUOTE in sv and "sidan 20" in sv


def test_a_page_and_rdf_are_chosen_by_accept_or_format(malmo: str):
    url = malmo + "id/fritidsnamnden"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert http(url, headers={"Accept": browser})[1]["content-type"].startswith("text/html")
    assert http(url, headers={"Accept": "*/*"})[1]["content-type"].startswith("text/html")
    ld = "application/ld+json, text/html;q=0.5"
    assert http(url, headers={"Accept": ld})[1]["content-type"].startswith("application/ld+json")
    fmt = http(url, params={"format": "nt"}, headers={"Accept": "text/html"})[1]
    assert fmt["content-type"].startswith("application/n-triples")
    status, _, body = http(url, headers={"Accept": "image/png"})
    assert status == 406 and b"text/turtle" in body


def test_a_resource_the_graph_does_not_hold_is_404(malmo: str):
    for path in ("id/no-such-committee", "id/a%20b", "id/%3E%7B"):
        for accept in ("text/html", "text/turtle"):
            status, _, body = http(malmo + path, headers={"Accept": accept})
            assert status == 404, (path, accept, body)
    status, _, body = http(malmo + "id/no-such-committee", headers={"Accept": "text/turtle"})
    assert b"holds nothing about <https://w3id.org/kg-malmo/id/no-such-committee>" in body
    status, said, body = http(malmo + "id/no-such-committee?lang=sv", headers={"Accept": "*/*"})
    assert status == 404 and said["content-type"].startswith("text/plain")
    assert body.decode("utf-8").startswith(
        "grafen innehåller inget om <https://w3id.org/kg-malmo/id/no-such-committee>: "
    )
    status, _, body = http(malmo + "id/" + "a" * 50_000, headers={"Accept": "text/turtle"})
    assert status == 404 and len(body) < 1000  # a long address is not echoed whole
    status, headers, _ = http(malmo + "id/fritidsnamnden", method="POST", body=b"x")
    assert status == 405 and headers["allow"] == "GET, HEAD, OPTIONS"


#: What a browser asks for (Chromium's Accept for a page).
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8"


@pytest.mark.parametrize(("lang", "words"), [("en", "holds nothing"), ("sv", "innehåller inget")])
def test_a_browser_reads_a_resource_not_in_the_graph_as_a_page_with_links_back(
    malmo: str, lang: str, words: str
):
    """A browser that follows an address the graph holds nothing about gets a 404 page in
    the language it asks for, the refusal in it, and links back to the query page and the
    namespace (kept in the language an address chose), which answer; a client that does
    not ask for HTML gets the refusal as plain text, as before."""
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.lang, self.links = "", []

        def handle_starttag(self, tag, attrs):
            if tag == "html":
                self.lang = dict(attrs)["lang"]
            elif tag == "a":
                self.links.append(dict(attrs)["href"])

    for path, root in (("id/no-such-committee", "../"), ("id/test/a/b", "../../../")):
        headers = {"Accept": BROWSER, "Accept-Language": lang}
        status, said, body = http(malmo + path, headers=headers)
        assert status == 404 and said["content-type"] == "text/html; charset=utf-8", body
        page = body.decode("utf-8")
        assert words in page and "default-src 'none'" in said["content-security-policy"]
        found = Links()
        found.feed(page)
        assert found.lang == lang
        assert {root, root + "id/"} <= set(found.links), found.links
        for href in {root, root + "id/"}:
            target = urllib.parse.urljoin(malmo + path, href)
            assert http(target, headers={"Accept": BROWSER})[0] == 200, target
    chosen = http(malmo + f"id/nothing?lang={lang}", headers={"Accept": BROWSER})[2].decode()
    assert f'href="../?lang={lang}"' in chosen and f'href="../id/?lang={lang}"' in chosen
    status, said, _ = http(malmo + "id/nothing", headers={"Accept": "text/turtle"})
    assert status == 404 and said["content-type"].startswith("text/plain")


def test_the_namespace_itself_leads_to_the_dataset_s_description(malmo: str):
    """``/id/`` (the namespace's own IRI followed) is a 303 to the VoID, relative so that it
    holds behind a proxy's prefix; a client that follows it gets the description."""
    status, headers, _ = exact(malmo + "id/", method="GET", body=None, headers={})
    assert status == 303 and headers["location"] == "../.well-known/void"
    status, _, body = http(malmo + "id/", headers={"Accept": "text/turtle"})
    assert status == 200
    assert (None, VOID.uriSpace, rdflib.Literal(DATA_IRI)) in _graph(body, "turtle")


def test_a_resource_is_revalidated_by_its_etag(malmo: str):
    url = malmo + "id/fritidsnamnden"
    _, headers, _ = http(url, headers={"Accept": "text/turtle"})
    tag = headers["etag"]
    assert http(url, headers={"Accept": "text/turtle", "If-None-Match": tag})[0] == 304
    html = http(url, headers={"Accept": "text/html"})[1]["etag"]
    assert html != tag  # another representation, another tag


def test_a_resource_is_refused_to_a_page_that_rebinds_dns(malmo: str):
    status, _, body = http(malmo + "id/fritidsnamnden", headers={"Host": "evil.example"})
    assert status == 403 and b"DNS rebinding" in body


@pytest.mark.slow
def test_markup_in_the_data_stays_text_on_the_page(hostile: str):
    status, _, body = http(hostile + "id/association", headers={"Accept": "text/html"})
    assert status == 200
    assert b"<img src=x" not in body and b"&lt;img src=x onerror=alert(1)&gt;" in body
    assert b"javascript:alert(1)" in body and b'href="javascript:' not in body  # text, no link
    alliance = http(hostile + "id/alliance", headers={"Accept": "text/html"})[2].decode()
    # a membership refers to it, with the member it joins and the membership's evidence
    assert re.search(r'href="\.\./id/m2".*with.*&lt;img src=x', alliance, re.S)
    assert "bildat en kunskapsallians som resulterat i Mötesplats Otto" in alliance
    # the namespace served is the one given: the bundled data's IRIs are not under it
    assert http(hostile + "id/fritidsnamnden", headers={"Accept": "text/turtle"})[0] == 404


def test_a_resource_waits_for_a_worker_as_a_query_does():
    """No path around the limits: with the one worker busy and the queue full, a resource's
    lookup is answered 503 at once, as a query would be."""
    import threading

    settings = Settings(workers=1, limits=Limits(timeout=60, queue_timeout=60, queue=1))
    with running(settings) as endpoint:
        url = endpoint.url
        threading.Thread(
            target=http, args=(url + "sparql",), kwargs={"params": {"query": RUNAWAY}}
        ).start()
        threading.Thread(
            target=http, args=(url + "sparql",), kwargs={"params": {"query": RUNAWAY}}
        ).start()
        _until(lambda: len(endpoint.pool._waiting[False]) == 1)
        status, headers, body = http(url + "id/x", headers={"Accept": "text/turtle"})
        assert status == 503 and headers["retry-after"] == "1"
        assert b"already waiting" in body


def _until(condition, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.slow
def test_the_ontology_is_served_at_its_path(malmo: str):
    status, _, body = http(malmo + "ontology", headers={"Accept": "text/turtle"})
    assert status == 200 and body == ontology_file().read_bytes()
    shipped = rdflib.Graph().parse(ontology_file())
    jsonld = http(malmo + "ontology", headers={"Accept": "application/ld+json"})[2]
    assert isomorphic(_graph(jsonld, "json-ld"), shipped)
    status, _, page = http(malmo + "ontology", headers={"Accept": "text/html"})
    text = page.decode("utf-8")
    assert status == 200 and 'id="Committee"' in text
    assert ">committee</span>" in text and ">nämnd</span>" in text  # both languages
    assert '<span lang="en">committee</span> · <span lang="sv">nämnd</span>' in text
    swedish = http(malmo + "ontology?lang=sv", headers={"Accept": "text/html"})[2].decode()
    assert '<span lang="sv">nämnd</span> · <span lang="en">committee</span>' in swedish
    assert "https://w3id.org/kg-malmo/ontology/0.4.0" in text and 'rel="license"' in text


@pytest.mark.slow
def test_void_describes_the_dataset(malmo: str):
    status, headers, body = http(malmo + ".well-known/void", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    void = _graph(body, "turtle")
    dataset = rdflib.URIRef(malmo + ".well-known/void#dataset")
    assert (dataset, rdflib.RDF.type, VOID.Dataset) in void
    assert (dataset, DCTERMS.license, CC_BY) in void
    assert void.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(malmo + "sparql")
    assert str(void.value(dataset, VOID.uriSpace)) == DATA_IRI
    served = json.loads(
        http(malmo + "sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})[2]
    )["results"]["bindings"][0]["n"]["value"]
    assert void.value(dataset, VOID.triples).toPython() == int(served)
    committees = [
        p
        for p in void.objects(dataset, VOID.classPartition)
        if void.value(p, VOID["class"]) == KG.Committee
    ]
    assert [void.value(p, VOID.entities).toPython() for p in committees] == [20]
    examples = list(void.objects(dataset, VOID.exampleResource))
    assert examples
    for example in examples:  # each example resolves on this server
        path = "id/" + str(example).removeprefix(DATA_IRI)
        assert http(malmo + path, headers={"Accept": "text/turtle"})[0] == 200


def test_the_service_description_points_to_the_dataset(malmo: str):
    body = http(malmo + "sparql", headers={"Accept": "text/turtle"})[2]
    description = _graph(body, "turtle")
    service = rdflib.URIRef(malmo + "sparql")
    void = rdflib.URIRef(malmo + ".well-known/void")
    assert (service, rdflib.RDFS.seeAlso, void) in description
    dataset = rdflib.URIRef(malmo + ".well-known/void#dataset")
    assert (dataset, DCTERMS.license, CC_BY) in description


@pytest.mark.slow
def test_another_city_s_data_claims_no_licence(hostile: str):
    void = _graph(
        http(hostile + ".well-known/void", headers={"Accept": "text/turtle"})[2], "turtle"
    )
    assert not list(void.objects(None, DCTERMS.license))
    assert [str(s) for s in void.objects(None, VOID.uriSpace)] == [HOSTILE_BASE]


def test_a_base_that_is_no_namespace_is_refused():
    store = Source(data=(FIXTURES / "hostile_label.ttl",), bundled=False).open()
    with pytest.raises(KgError, match=r"--base w3id\.org/x/ is not a namespace"):
        make_server(store, port=0, base="w3id.org/x/")


def test_the_pages_wording_has_the_same_keys_in_both_languages():
    from kg.web.wording import wording

    english, swedish = wording("en", "resource"), wording("sv", "resource")
    assert english.keys() == swedish.keys()
    assert all(english[k] != swedish[k] for k in english if k not in ("iri", "version"))


@pytest.mark.slow  # a kg serve process of its own
def test_kg_serve_serves_the_namespace_its_data_folder_names(tmp_path: Path):
    """A city's kg.toml ``base`` is the namespace kg serve answers for at /id/."""
    import subprocess
    import sys

    (tmp_path / "kg.toml").write_text(
        f'city = "Teststad"\nbase = "{HOSTILE_BASE}"\n', encoding="utf-8"
    )
    (tmp_path / "data.ttl").write_bytes((FIXTURES / "hostile_label.ttl").read_bytes())
    kg = str(Path(sys.executable).with_name("kg"))
    server = subprocess.Popen(
        [kg, "serve", "--data", str(tmp_path), "--port", "0", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        url = re.search(r"query page: (\S+)", line).group(1)
        status, _, body = http(url + "id/committee", headers={"Accept": "text/turtle"})
        assert status == 200 and b"Testn\xc3\xa4mnden" in body
        void = _graph(http(url + ".well-known/void")[2], "turtle")
        assert [str(s) for s in void.objects(None, VOID.uriSpace)] == [HOSTILE_BASE]
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=60)  # closes its pipes
    assert server.returncode == 0, errors


@pytest.mark.slow
def test_accept_is_read_as_rfc_9110_reads_it(malmo: str):
    """Each offered type takes the quality of the most specific range naming it: a type
    refused with q=0 is not served for a */* beside it, and application/* or text/* choose
    among the types they cover."""
    url = malmo + "id/fritidsnamnden"
    for accept, media in (
        ("text/html;q=0, */*", "text/turtle"),
        ("application/*", "application/n-triples"),
        ("text/*;q=0.5, application/ld+json;q=0.4", "text/html"),
        ("text/turtle, application/ld+json", "text/turtle"),
        ("application/ld+json, text/turtle", "application/ld+json"),
    ):
        status, headers, body = http(url, headers={"Accept": accept})
        assert status == 200 and headers["content-type"].startswith(media), (accept, body[:80])
    assert http(url, headers={"Accept": "text/html;q=0, text/turtle;q=0"})[0] == 406
    # the dataset's description (and /sparql) too: Turtle refused, */* takes another format
    status, headers, body = http(
        malmo + ".well-known/void", headers={"Accept": "text/turtle;q=0, */*"}
    )
    assert status == 200 and headers["content-type"].startswith("application/n-triples"), body


@pytest.mark.slow
def test_a_page_cut_at_max_rows_still_says_what_the_resource_is():
    """A document hundreds of excerpts cite: the page cut at --max-rows keeps its own title
    and statements (they come first), and says it was cut."""
    with running(Settings(workers=1, max_rows=30), store=Source().open()) as endpoint:
        url = endpoint.url + "id/doc-004"
        status, headers, body = http(url, headers={"Accept": "text/html"})
    page = body.decode("utf-8")
    assert status == 200 and headers["kg-truncated"] == "max-rows=30"
    assert "<title>Det fortsatta arbetet för ett socialt hållbart Malmö" in page
    assert "Malmö stad, Stadskontoret" in page and 'href="../ontology#SourceDocument"' in page
    assert "--max-rows" in page


@pytest.mark.slow
def test_an_iri_with_a_percent_escape_is_linked_to_its_own_page(tmp_path: Path):
    base = "https://example.org/id/"
    data = tmp_path / "escaped.ttl"
    data.write_text(
        f'<{base}f%C3%B6r> <http://www.w3.org/2004/02/skos/core#prefLabel> "Escaped"@en .\n'
        f"<{base}other> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <{base}f%C3%B6r> .\n",
        encoding="utf-8",
    )
    store = Source(data=(data,), bundled=False).open()
    with running(Settings(workers=1, base=base), store=store) as endpoint:
        page = http(endpoint.url + "id/other", headers={"Accept": "text/html"})[2].decode()
        link = re.search(r'href="\.\./(id/f[^"]*)">Escaped<', page)
        assert link, page
        status, _, body = http(endpoint.url + link[1], headers={"Accept": "text/html"})
    assert status == 200 and b"<title>Escaped</title>" in body


def test_void_counts_are_kg_stats_and_the_export(malmo: str, bundled_source: Source):
    """VoID's entities per class are the counts kg stats cites for each of kg's classes, and
    its triples the curated ones kg stats counts with the derived view kg export --derived
    writes: the graph the endpoint answers from."""
    from kg.analysis.stats import stats
    from kg.io.parse import to_rdflib

    void = _graph(http(malmo + ".well-known/void", headers={"Accept": "text/turtle"})[2], "turtle")
    dataset = rdflib.URIRef(malmo + ".well-known/void#dataset")
    partitions = {
        str(void.value(p, VOID["class"])): void.value(p, VOID.entities).toPython()
        for p in void.objects(dataset, VOID.classPartition)
    }
    counted = stats(bundled_source)
    for name, n in counted["classes"].items():
        assert partitions.get(ONTOLOGY_IRI + name.removeprefix("kg:"), 0) == n, name
    exported = len(to_rdflib(bundled_source.open(), derived=True))
    assert void.value(dataset, VOID.triples).toPython() == exported > counted["triples"]


def test_a_committees_page_gives_its_gaps_as_kg_gaps_counts_them(malmo: str):
    """kg:lacksGroup (derived) includes the municipality's own bodies and the whole public
    sector, which kg gaps does not count as gaps: each bundled committee's page names as its
    gaps exactly the groups of ``kg gaps -f json``'s ``missing_sectors``, and marks each
    kg:lacksGroup row a gap or not."""
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.model.sectors import vocabulary

    result = CliRunner().invoke(app, ["gaps", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    rows = found["rows"] if isinstance(found, dict) else found
    words = vocabulary()
    assert len(rows) == 20
    for row in rows:
        path = row["committee"][len(DATA_IRI) :]
        status, _, body = http(malmo + f"id/{path}?lang=en", headers={"Accept": "text/html"})
        page = body.decode("utf-8")
        said = re.search(r'<p id="gaps">(.*?)</p>', page, re.S)
        assert status == 200 and said, path
        shown = [
            words.by_iri(ONTOLOGY_IRI + name).name
            for name in re.findall(r'href="\.\./ontology\?lang=en#(\w+)"', said[1])
        ]
        assert shown == row["missing_sectors"], path
        lacks = re.findall(
            r'<tr class="derived( gap)?"[^>]*><td><a href="\.\./ontology\?lang=en#lacksGroup"'
            r'[^>]*>[^<]*</a></td><td><a href="\.\./ontology\?lang=en#(\w+)"',
            page,
        )
        lacks = [(n, gap) for gap, n in lacks]
        assert {words.by_iri(ONTOLOGY_IRI + n).name for n, gap in lacks if gap} == set(shown)
        assert {words.by_iri(ONTOLOGY_IRI + n).name for n, _ in lacks} == set(
            row["no_partner_in"]
        ), path
        if set(row["no_partner_in"]) - set(shown):
            assert "; not a gap: kg gaps counts only the groups" in page, path


def test_a_partner_s_evidence_on_a_page_is_the_link_s_as_kg_gaps_cites_it(malmo: str):
    """kg:partner is derived, never stated in a passage: the page of Fritidsnämnden cites for
    none of its partners a passage the report does not cite for that link (the partner's own
    description is not where the sources make them partners), and links each partner, in
    both directions, to the library's evidence-between-actors, whose passages on this server
    are those ``kg gaps -f json`` gives the link."""
    import html
    from urllib.parse import parse_qs

    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["gaps", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout) if r["committee"] == str(COMMITTEE))
    cited = {p["iri"]: {e["quote"] for e in p["evidence"]} for p in row["partner_list"]}
    assert len(cited) == 12
    page = http(malmo + "id/fritidsnamnden", headers={"Accept": "text/html"})[2].decode("utf-8")
    statements, referrers = page.split('id="referrers"', 1)
    rows = {}
    for partner in cited:
        name = partner[len(DATA_IRI) :]
        rows[partner] = [
            next(r for r in referrers.split("<tr>") if r.startswith(f'<td><a href="../id/{name}"')),
            next(
                r for r in statements.split("<tr") if "ontology#partner" in r and f'/{name}"' in r
            ),
        ]
        shown = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", rows[partner][0])
        assert {html.unescape(q) for q in shown} <= cited[partner], partner
    for partner, quotes in cited.items():
        for said in rows[partner]:
            link = re.search(r'<a href="\.\./\?(query=[^"]+)">', said)
            assert link, partner
            text = parse_qs(html.unescape(link[1]))["query"][0]
            status, _, body = http(
                malmo + "sparql",
                params={"query": text},
                headers={"Accept": "application/sparql-results+json"},
            )
            assert status == 200, body
            answer = json.loads(body)["results"]["bindings"]
            assert {b["quote"]["value"] for b in answer} == quotes, partner


#: Pages whose "Referred to by" holds each kind of row: memberships and units (a committee),
#: a collaboration reported by the committee (Fritidsnämnden ← Mötesplats Otto), one reported
#: by two committees, a goal area's and an area's collaborations, a count's collaboration
PAGES = [
    ("fritidsnamnden", "en"),
    pytest.param("grundskolenamnden", "sv", marks=pytest.mark.slow),  # fritidsnamnden's rows
    pytest.param("ka-institutet-for-hallbar-stadsutveckling", "en", marks=pytest.mark.slow),
    pytest.param("goal-area-3", "sv", marks=pytest.mark.slow),
    pytest.param("area-lindangen", "en", marks=pytest.mark.slow),
    pytest.param("proj-fritidsbank", "sv", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("name", "lang"), PAGES)
def test_a_page_cites_for_a_row_exactly_the_passages_that_state_it(
    malmo: str, name: str, lang: str
):
    """A row of "Referred to by" (s p this) quotes the passages that state it, by the data
    model: those s is derived from where s is a membership, a collaboration or a count (a
    prov:Entity, whose statements rest on its quotes: a collaboration's "reported by" on the
    passages of the committee's section that describe it); none where s is an actor, whose
    passages only name it (a unit's do not say whose it is: the row says so), nor for a row
    kg's rules derive, which is no source's."""
    import html

    page = http(malmo + f"id/{name}?lang={lang}", headers={"Accept": "text/html"})[2]
    rows = page.decode("utf-8").split('id="referrers"', 1)[1].split("<tr>")[2:]
    assert rows
    kinds = set()
    for row in rows:
        subject = re.search(r'<a href="\.\./id/([^"?]+)', row)[1]
        prop = re.sub(r"\?lang=\w+", "", re.search(r'</td><td><a href="([^"]+)"', row)[1])
        prop = ONTOLOGY_IRI + prop.split("#", 1)[1] if prop.startswith("../ontology") else prop
        shown = {html.unescape(q) for q in re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", row)}
        query = f"""PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX kg: <{ONTOLOGY_IRI}>
            PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX org: <http://www.w3.org/ns/org#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?quote ?entity WHERE {{
              BIND(<{DATA_IRI}{subject}> AS ?s)
              ?s <{prop}> <{DATA_IRI}{name}> FILTER NOT EXISTS {{ <{prop}> a kg:DerivedProperty }}
              BIND(EXISTS {{ ?s a org:Membership }} ||
                   EXISTS {{ ?s a/rdfs:subClassOf* prov:Entity }} AS ?entity)
              OPTIONAL {{ ?s prov:wasDerivedFrom/oa:hasSelector/oa:exact ?quote }} }}"""
        answer = http(
            malmo + "sparql",
            params={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )[2]
        found = json.loads(answer)["results"]["bindings"]
        stated = {b["quote"]["value"] for b in found if b["entity"]["value"] == "true"}
        assert shown == stated, (subject, prop, row)
        kinds.add((prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1], bool(shown)))
        if found and not stated and any("quote" in b for b in found):  # an actor's
            note = "need not state this" if lang == "en" else "säger inte nödvändigtvis detta"
            assert note in row, row
    if name == "fritidsnamnden":  # each kind of row, quoted or not as the sources state it
        assert {("member", True), ("reportedBy", True), ("unitOf", False)} <= kinds, kinds
        assert {("partner", False), ("organisation", False)} <= kinds, kinds
