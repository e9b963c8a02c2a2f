"""An ``iri`` parameter of a library query takes an actor by the names ``kg suggest`` and
``kg report --committee`` take (:func:`kg.model.lookup.find_actor`, one rule): on the command
line (``kg query -p``) and in Python (:func:`kg.query`)."""

from __future__ import annotations

import json
import urllib.parse
import warnings
from pathlib import Path

import pytest
from helpers.surfaces import import_ekvik
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import ParameterError
from kg.io.source import Source

runner = CliRunner()
PARTNERS = ["query", "committee-partners", "-f", "csv"]
FRITID = "https://w3id.org/kg-malmo/id/fritidsnamnden"


def _partners(value: str, *options: str):
    return runner.invoke(app, [*PARTNERS, *options, "-p", f"committee={value}"])


@pytest.fixture(scope="module")
def ekvik(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ekvik's data folder (tests/fixtures/ekvik, invented): a Fritidsnämnden of its own."""
    return import_ekvik(tmp_path_factory.mktemp("names"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["Fritidsnämnden", "FRITIDSNÄMNDEN", "fritidsnämnden", "Fritidsnamnden", "leisure committee"],
)
def test_a_committee_named_as_kg_suggest_takes_it_gives_the_rows_of_its_id(name: str):
    """Its Swedish name in any case, with or without å/ä/ö, or its English name: the rows of
    id:fritidsnamnden, with no note; kg suggest takes the same name to the same committee."""
    by_id = _partners("id:fritidsnamnden")
    by_name = _partners(name)
    assert by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_id.stdout
    assert by_id.stdout.count("\n") > 5
    assert "note:" not in by_name.stderr
    suggested = runner.invoke(app, ["suggest", name, "-f", "json"])
    assert suggested.exit_code == 0, suggested.output
    assert json.loads(suggested.stdout)["committee"] == FRITID


@pytest.mark.slow
def test_an_association_by_its_short_or_its_whole_name():
    """The sources write "Individuell Människohjälp (IM)"; the data keeps "IM" as its other
    name: either gives the association's committees."""
    args = ["query", "committees-of-actor", "-f", "csv", "-p"]
    by_id = runner.invoke(app, [*args, "actor=id:individuell-manniskohjalp"])
    assert by_id.stdout.count("\n") > 1
    for name in ("IM", "im", "individuell människohjälp (im)"):
        said = runner.invoke(app, [*args, f"actor={name}"])
        assert said.exit_code == 0, said.output
        assert said.stdout == by_id.stdout


@pytest.mark.slow
def test_kg_query_in_python_takes_the_same_names(bundled_source: Source):
    """kg.query on a Source and on its store: a Swedish name in another case is the node,
    with no warning; a name no actor has, or one of several, raises ParameterError."""
    expected = sorted(str(row["partner"]) for row in kg.query(bundled_source, "committee-partners"))
    assert expected
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for target in (bundled_source, bundled_source.open()):
            rows = kg.query(target, "committee-partners", {"committee": "fritidsNÄMNDEN"})
            assert sorted(str(row["partner"]) for row in rows) == expected
    with pytest.raises(ParameterError) as unknown:
        kg.query(bundled_source, "committee-partners", {"committee": "Fritidsnämden"})
    assert unknown.value.message == "no actor is called 'Fritidsnämden' (parameter committee)"
    assert "Fritidsnämnden" in unknown.value.hint
    with pytest.raises(ParameterError, match=r"'fritid' matches several actors: "):
        kg.query(bundled_source, "committee-partners", {"committee": "fritid"})


@pytest.mark.slow
def test_an_unknown_name_is_refused_with_the_closest_in_either_language():
    english = _partners("Fritidsnämden")
    assert english.exit_code == 2
    said = " ".join(english.stderr.split())
    assert "no actor is called 'Fritidsnämden' (parameter committee)" in said
    assert "hint: did you mean: " in said and "Fritidsnämnden" in said
    swedish = _partners("Fritidsnämden", "--lang", "sv")
    assert swedish.exit_code == 2
    said = " ".join(swedish.stderr.split())
    assert "fel: " in said and "ingen aktör heter 'Fritidsnämden' (parametern committee)" in said
    assert "tips: menade du: " in said
    nothing_close = _partners("Qwxyz zyxwq", "--lang", "sv")
    assert "sök på en del av namnet: kg query search-actors -p 'text=Qwxyz zyxwq'" in (
        " ".join(nothing_close.stderr.split())
    )


@pytest.mark.slow
def test_a_name_two_actors_share_is_refused_with_their_ids(ekvik: Path):
    """Malmö's and Ekvik's Fritidsnämnden loaded together: the name is refused, each named
    after its municipality, and the hint gives an id; the name kg gives each one, or its id,
    is that one. kg suggest refuses the name as kg query does."""
    both = ["--bundled", "--data", str(ekvik)]
    english = _partners("Fritidsnämnden", *both, "--lang", "en")
    assert english.exit_code == 2
    said = " ".join(english.stderr.split())
    assert (
        "'Fritidsnämnden' matches several actors: Ekviks kommun: Fritidsnämnden, Malmö stad: "
        "Fritidsnämnden (parameter committee)"
    ) in said
    assert "hint: give its id, for example id:ekviks/fritidsnamnden" in said
    swedish = _partners("fritidsNÄMNDEN", *both, "--lang", "sv")
    assert swedish.exit_code == 2
    said = " ".join(swedish.stderr.split())
    assert "'fritidsNÄMNDEN' passar in på flera aktörer: Ekviks kommun: Fritidsnämnden" in said
    assert "(parametern committee)" in said
    assert "tips: ange dess id, till exempel id:ekviks/fritidsnamnden" in said
    malmo = _partners("Malmö stad: Fritidsnämnden", *both)
    assert malmo.exit_code == 0, malmo.output
    assert malmo.stdout == _partners("id:fritidsnamnden").stdout
    theirs = _partners("id:ekviks/fritidsnamnden", *both)
    assert _partners("Ekviks kommun: fritidsnämnden", *both).stdout == theirs.stdout
    assert "ekviks/" in theirs.stdout
    suggested = runner.invoke(app, ["suggest", "Fritidsnämnden", *both, "--lang", "en"])
    assert suggested.exit_code == 2
    assert "'Fritidsnämnden' matches several committees" in " ".join(suggested.stderr.split())
    source = Source(data=ekvik, bundled=True)
    with pytest.raises(ParameterError, match="matches several actors"):
        kg.query(source, "committee-partners", {"committee": "Fritidsnämnden"})


@pytest.mark.slow  # a server
def test_a_name_is_looked_up_on_an_endpoint_too(bundled_source: Source):
    """kg query --endpoint and kg.query on an Endpoint: the name is the endpoint's actor."""
    from helpers.serving import running

    from kg.io.endpoint import Endpoint

    by_id = _partners("id:fritidsnamnden")
    with running(store=bundled_source.open()) as server:
        url = server.url + "sparql"
        said = _partners("fritidsNÄMNDEN", "--endpoint", url)
        assert said.exit_code == 0, said.output
        assert sorted(said.stdout.splitlines()) == sorted(by_id.stdout.splitlines())
        rows = kg.query(Endpoint(url), "committee-partners", {"committee": "Leisure Committee"})
        assert {str(row["partner"].value) for row in rows} == {
            line.split(",")[0] for line in by_id.stdout.splitlines()[1:]
        }
        unknown = _partners("Fritidsnämden", "--endpoint", url)
        assert unknown.exit_code == 2
        assert "no actor is called 'Fritidsnämden' (parameter committee)" in unknown.stderr


@pytest.mark.slow
def test_a_namesake_named_after_a_one_word_municipality_is_taken_by_that_name(
    tmp_path_factory: pytest.TempPathFactory,
):
    """A municipality named in one word ("Ekvik", not "Ekviks kommun"): kg names its
    Fritidsnämnden "Ekvik: Fritidsnämnden" when it refuses the shared name, and that name,
    given back, is that committee, not an unknown prefix ``Ekvik:``."""
    folder = import_ekvik(tmp_path_factory.mktemp("one-word"))
    turtle = folder / "data" / "ekvik.ttl"
    text = turtle.read_text(encoding="utf-8")
    assert text.count('"Ekviks kommun"@sv') == 1
    turtle.write_text(text.replace('"Ekviks kommun"@sv', '"Ekvik"@sv'), encoding="utf-8")
    both = ["--bundled", "--data", str(folder), "--lang", "en"]
    shared = _partners("Fritidsnämnden", *both)
    assert shared.exit_code == 2
    assert "Ekvik: Fritidsnämnden, Malmö stad: Fritidsnämnden" in " ".join(shared.stderr.split())
    named = _partners("Ekvik: Fritidsnämnden", *both)
    assert named.exit_code == 0, named.output
    theirs = _partners("id:ekviks/fritidsnamnden", *both)
    assert named.stdout == theirs.stdout and "ekviks/" in theirs.stdout
    assert _partners("ekvik:fritidsnamnden", *both).exit_code == 2  # no space: a prefix


@pytest.mark.slow  # a server
def test_an_endpoint_answering_in_xml_is_asked_whether_it_holds_an_id():
    """Whether the endpoint holds a bare name's id is asked as kg asks every query, so an
    endpoint that answers in SPARQL XML (kg asks for JSON or XML) is understood, not a
    crash reading JSON."""
    from http.server import BaseHTTPRequestHandler

    from helpers.handled import endpoint_of

    from kg.io.endpoint import Endpoint
    from kg.sparql.engine import holds
    from kg.sparql.named import Lookup

    asked: list[str] = []

    class XmlOnly(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            asked.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
            body = (
                b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                b"<head/><boolean>true</boolean></sparql>"
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with endpoint_of(XmlOnly) as url:
        assert Lookup(Endpoint(url), holds).find()("fritidsnamnden", FRITID) == FRITID
    assert len(asked) == 1 and "ASK" in urllib.parse.unquote_plus(asked[0])


def test_a_value_that_is_no_iri_is_told_that_a_name_would_do():
    """An unknown prefix (``kgg:``): the hint lists an actor's name among what to give, in
    English and Swedish."""
    english = _partners("kgg:Fritidsnamnden")
    assert english.exit_code == 2
    said = " ".join(english.stderr.split())
    assert "is not an IRI (unknown prefix 'kgg:')" in said
    assert "an actor's name such as Fritidsnämnden, or a partner group" in said
    swedish = " ".join(_partners("kgg:Fritidsnamnden", "--lang", "sv").stderr.split())
    assert "en aktörs namn, till exempel Fritidsnämnden, eller en partnergrupp" in swedish


def test_a_failure_while_a_name_is_looked_up_is_not_said_of_the_parameter():
    """An endpoint that is not there fails as it does for an id (exit 3, the endpoint
    named), and a year no source reports is refused as such: neither is "(parameter …)"."""
    from helpers import stores

    url = f"http://127.0.0.1:{stores.free_port()}/sparql"
    for options in (["--endpoint", url], ["--year", "2023"]):
        by_id = _partners("id:fritidsnamnden", *options)
        by_name = _partners("Fritidsnämnden", *options)
        assert by_name.exit_code == by_id.exit_code != 0, by_name.output
        assert by_name.stderr == by_id.stderr
        assert "(parameter committee)" not in by_name.stderr
    assert _partners("Fritidsnämnden", "--endpoint", url).exit_code == 3
