"""kg serve's query page in Swedish or English: the server's language (``kg serve --lang``, or
the data folder's kg.toml) unless the address asks for the other (``?lang=``), and the
command's own messages in the same language."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from helpers import serving
from helpers.serving import FIXTURE, running
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError
from kg.sparql.library import library
from kg.web.server import Endpoint, Settings
from kg.web.service import query_page
from kg.web.wording import wording


def _visible(html: str) -> str:
    """The page's text outside its scripts and styles, and its attributes' words."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', text))
    return " ".join(re.sub(r"<[^>]+>", " ", text).split()) + " " + labels


def _data(html: str) -> dict:
    return json.loads(re.search(r'id="data">(.*?)</script>', html, re.S).group(1))


def _page(lang: str) -> str:
    return query_page(lang)[0].decode()


def test_both_languages_have_the_same_words():
    en, sv = wording("en", "query"), wording("sv", "query")
    assert en.keys() == sv.keys() and en["page"].keys() == sv["page"].keys()
    for key, english in en["page"].items():
        if isinstance(english, str):
            assert re.findall(r"\{\w+\}", english) == re.findall(r"\{\w+\}", sv["page"][key])
    with pytest.raises(KgError, match="no query language 'de'"):
        wording("de", "query")


def test_a_swedish_page_has_no_english_words_of_its_own():
    page = _page("sv")
    visible, data = _visible(page), _data(page)
    en, sv = wording("en", "query"), wording("sv", "query")
    assert '<html lang="sv">' in page and data["text"] == sv["page"] and data["lang"] == "sv"
    for key, english in en.items():
        if isinstance(english, str) and english != sv[key] and key != "other_language":
            assert english not in visible, key
            assert sv[key] in visible, key
    assert "In English" in visible and 'href="?lang=en"' in page
    assert 'FILTER(lang(?name) = "sv")' in page


def test_the_examples_are_the_librarys_in_the_pages_language():
    swedish = {e["name"]: e for e in _data(_page("sv"))["examples"]}
    english = {e["name"]: e for e in _data(_page("en"))["examples"]}
    assert list(swedish) == [q.name for q in library()] == list(english)
    for query in library():
        assert (swedish[query.name]["summary"], swedish[query.name]["description"]) == query.said(
            "sv"
        )
        assert english[query.name]["summary"] == query.summary
    assert any(swedish[n]["summary"] != english[n]["summary"] for n in swedish)


def test_both_pages_run_the_same_script():
    """The script's words come with the page's data; the script (and its CSP hash) is one."""
    assert query_page("en")[1] == query_page("sv")[1]


@pytest.fixture(scope="module")
def swedish() -> Iterator[Endpoint]:
    with running(Settings(workers=1, lang="sv")) as server:
        yield server


@pytest.mark.slow
@pytest.mark.parametrize(
    ("accept", "address", "lang"),
    [
        ("en-GB,en;q=0.9", "", "en"),
        ("de", "", "sv"),
        ("en", "?lang=sv", "sv"),
        ("sv-SE", "", "sv"),
        ("sv;q=0, *", "", "en"),  # Swedish refused, any other taken: not the server's Swedish
        ("sv;q=0", "", "en"),
        ("en;q=0.5, *;q=0.9", "", "sv"),  # the wildcard likes Swedish better
        ("sv;q=abc", "", "sv"),  # an unreadable q is ignored (q=1), as Accept's is
        ("sv;q=abc, en;q=0.5", "", "sv"),
    ],
)
def test_a_browser_asking_for_a_language_gets_the_pages_in_it(
    swedish: Endpoint, accept: str, address: str, lang: str
):
    """A browser's Accept-Language chooses among kg's languages where the address does not,
    for the query page and the ontology's page alike (as for the refusals); the server's
    --lang where the browser asks for neither and does not refuse it (q=0)."""
    for path in ("", "ontology"):
        headers = {"Accept-Language": accept, "Accept": "text/html"}
        status, said, body = serving.http(swedish.url + path + address, headers=headers)
        assert f'<html lang="{lang}">'.encode() in body, (path, status, body[:300])
        assert "Accept-Language" in said["vary"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("address", "lang"), [("", "sv"), ("?lang=en", "en"), ("?lang=sv", "sv"), ("?lang=de", "sv")]
)
def test_the_server_speaks_its_language_unless_the_address_asks(
    swedish: Endpoint, address: str, lang: str
):
    status, headers, body = serving.http(swedish.url + address, timeout=30)
    assert status == 200 and f'<html lang="{lang}">'.encode() in body
    script = re.search(r"script-src '([^']+)'", headers["content-security-policy"]).group(1)
    assert script == query_page(lang)[1]


def test_kg_serve_in_swedish(served_options: dict):
    result = CliRunner().invoke(
        app,
        ["serve", "--host", "0.0.0.0", "--workers", "1", "--data", str(FIXTURE), "--lang", "sv"],
    )
    assert result.exit_code == 0, result.output
    assert served_options["lang"] == "sv"
    assert "varning: lyssnar på 0.0.0.0: alla som når den här datorn" in result.output
    assert "också till dina --data-filer" in result.output
    assert "startar 1 arbetsprocess för frågor och en för snabba frågor" in result.output
    assert (
        "SPARQL-ändpunkt: http://127.0.0.1:8000/sparql · frågesida: http://127.0.0.1:8000/"
        in result.output
    )


@pytest.mark.slow
def test_kg_serve_in_english_by_default(served_options: dict):
    result = CliRunner().invoke(app, ["serve", "--workers", "3", "--data", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert served_options["lang"] == "en"
    assert "starting 3 query workers and a quick one for" in result.output
    assert "SPARQL endpoint: http://127.0.0.1:8000/sparql · query page:" in result.output


def test_kg_serve_takes_the_data_folders_language(served_options: dict, tmp_path):
    (tmp_path / "kg.toml").write_text('city = "Sjöstad kommun"\nlang = "sv"\n', encoding="utf-8")
    (tmp_path / "data.ttl").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", "--data", str(tmp_path / "data.ttl")])
    assert result.exit_code == 0, result.output
    assert served_options["lang"] == "sv" and "SPARQL-ändpunkt" in result.output
    result = CliRunner().invoke(
        app, ["serve", "--data", str(tmp_path / "data.ttl"), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert served_options["lang"] == "en" and "SPARQL endpoint" in result.output


def test_a_page_language_kg_has_no_words_for_is_refused():
    from kg.web.server import make_server

    with pytest.raises(KgError, match="no query page language 'de'"):
        make_server(object(), port=0, lang="de")


def test_kg_serve_names_the_public_url_readers_open(served_options: dict):
    result = CliRunner().invoke(
        app,
        [
            *("serve", "--workers", "1", "--data", str(FIXTURE), "--lang", "sv"),
            *("--public-url", "https://data.example.se/kg"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "frågesida: http://127.0.0.1:8000/" in result.output
    assert (
        "användarna når den på https://data.example.se/kg/sparql och https://data.example.se/kg/"
        in result.output
    )
