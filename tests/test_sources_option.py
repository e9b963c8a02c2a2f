"""Source texts outside the package: ``Source.sources``, ``--sources``, a data folder's
``kg.toml``, and the validated stamp of a store that covers those folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError
from kg.io.datafolder import Settings, settings_for
from kg.io.source import Source
from kg.paths import sources_dir
from kg.validation import check
from kg.validation.quotes import check_quotes
from kg.validation.stamps import is_validated, validator_fingerprint

TEXT = "1 Båtklubben Ankaret och kulturförvaltningen driver Sommarbryggan tillsammans.\n"
DATA = """\
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix id: <https://w3id.org/kg-malmo/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:testdoc a kg:SourceDocument ; dcterms:title "Testdokument"@sv ;
    kg:fileName "testort-2024.txt" ; kg:paginated true ; kg:reportYear "2024"^^xsd:gYear .
id:ev-test a kg:SourceExcerpt ; oa:hasSource id:testdoc ; kg:page 1 ;
    oa:hasSelector [ a oa:TextQuoteSelector ;
        oa:exact "Båtklubben Ankaret och kulturförvaltningen driver Sommarbryggan" ] .
id:batklubben-ankaret a kg:Association ; skos:prefLabel "Båtklubben Ankaret"@sv ;
    kg:sector kg:CivilSociety ; prov:wasDerivedFrom id:ev-test .
"""


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A data folder: kg.toml naming its sources/, one source text, one Turtle file."""
    folder = tmp_path / "testort"
    (folder / "sources").mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "sources" / "testort-2024.txt").write_text(TEXT, encoding="utf-8")
    (folder / "data" / "testort.ttl").write_text(DATA, encoding="utf-8")
    (folder / "kg.toml").write_text('city = "Testorts kommun"\nsources = "sources"\n', "utf-8")
    return folder


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_the_bundled_texts_are_the_default_and_always_last(city: Path, tmp_path: Path):
    assert Source().sources == (sources_dir(),)
    extra = tmp_path / "extra"
    extra.mkdir()
    given = Source(data=(city / "data",), sources=(extra,), bundled=False)
    assert given.sources == (extra.resolve(), (city / "sources").resolve(), sources_dir())


def test_a_data_folder_names_its_sources(city: Path):
    turtle = city / "data" / "testort.ttl"
    assert Source(data=(turtle,)).sources == ((city / "sources").resolve(), sources_dir())
    assert settings_for([turtle]) == Settings(
        "Testorts kommun", None, ((city / "sources").resolve(),), ((city / "kg.toml").resolve(),)
    )


def test_a_missing_sources_folder_is_an_error(tmp_path: Path):
    with pytest.raises(KgError, match="does not exist"):
        Source(sources=(tmp_path / "nowhere",))


@pytest.mark.slow
def test_quotes_are_found_in_several_folders(city: Path):
    graph = Source(data=(city / "data" / "testort.ttl",), bundled=False).graph()
    problems = check_quotes(graph)
    assert problems and "none of" in problems[0].message and "--sources" in problems[0].message
    assert check_quotes(graph, [city / "sources"]) == []


@pytest.mark.slow
def test_check_uses_the_sources_of_the_source(city: Path, tmp_path: Path):
    outside = tmp_path / "outside.ttl"
    outside.write_text(DATA, encoding="utf-8")
    assert not check(Source(data=(outside,), bundled=False)).conforms
    assert check(Source(data=(outside,), bundled=False, sources=(city / "sources",))).conforms
    assert check(Source(data=(city,), bundled=False)).conforms  # kg.toml says where


@pytest.mark.slow
def test_validate_takes_sources_from_the_option_or_the_data_folder(city: Path, tmp_path: Path):
    outside = tmp_path / "outside.ttl"
    outside.write_text(DATA, encoding="utf-8")
    without = run("validate", "--no-bundled", "--data", outside)
    assert without.exit_code == 1 and "--sources" in without.output
    given = run("validate", "--no-bundled", "--data", outside, "--sources", city / "sources")
    assert given.exit_code == 0, given.output
    assert run("validate", "--no-bundled", "--data", city).exit_code == 0
    missing = run("validate", "--no-bundled", "--data", outside, "--sources", tmp_path / "no")
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_the_stamp_covers_the_source_folders(city: Path):
    folder = city / "sources"
    before = validator_fingerprint([folder])
    assert before != validator_fingerprint()
    (folder / "testort-2024.txt").write_text(TEXT + "2 En sida till.\n", encoding="utf-8")
    assert validator_fingerprint([folder]) != before


@pytest.mark.slow
def test_a_store_validated_with_other_sources_is_checked_again(city: Path, tmp_path: Path):
    store = tmp_path / "store"
    source = Source(data=(city,), bundled=False, store=store)
    assert check(source).conforms
    assert is_validated(store, source.sources) and not is_validated(store)
    (city / "sources" / "testort-2024.txt").write_text(TEXT + "\n", encoding="utf-8")
    again = check(Source(data=(city,), bundled=False, store=store))
    assert again.conforms and not again.recorded


@pytest.mark.slow  # builds a store
@pytest.mark.parametrize("command", ["validate", "report"])
def test_an_edit_that_breaks_the_data_is_found_in_the_first_run_on_the_store(
    city: Path, tmp_path: Path, command: str
):
    """A store's record that its data conformed is for those files: after an edit the first
    run checks again (the store is rebuilt before its record is read), finds the wrong page
    and writes nothing."""
    store, out = tmp_path / "store", tmp_path / "out"
    extra = ["-o", out] if command == "report" else []
    assert run(command, "--no-bundled", "--data", city, "--store", store, *extra).exit_code == 0
    shutil.rmtree(out, ignore_errors=True)
    data = city / "data" / "testort.ttl"
    data.write_text(DATA.replace("kg:page 1", "kg:page 2"), encoding="utf-8")
    result = run(command, "--no-bundled", "--data", city, "--store", store, *extra)
    assert result.exit_code == 1, result.output
    assert "not on page 2" in " ".join(result.output.split())
    assert "as recorded" not in result.output and not out.exists()


def test_files_saved_with_a_byte_order_mark_read_as_without(city: Path):
    """Notepad and Excel save UTF-8 with a byte order mark: the Turtle loads, the source text
    keeps its page lines, and a wrong page is still found."""
    source = city / "sources" / "testort-2024.txt"
    source.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    data = city / "data" / "testort.ttl"
    data.write_bytes(b"\xef\xbb\xbf" + DATA.encode("utf-8"))
    assert check(Source(data=(city,), bundled=False)).conforms
    wrong = DATA.replace("kg:page 1", "kg:page 2").encode("utf-8")
    said = {}
    for mark in (b"", b"\xef\xbb\xbf"):
        data.write_bytes(mark + wrong)
        result = run("validate", "--no-bundled", "--data", city)
        assert result.exit_code == 1, result.output
        said[mark] = " ".join(result.output.split())
    assert "on page 1 of testort-2024.txt, not on page 2" in said[b""]
    assert said[b"\xef\xbb\xbf"] == said[b""]  # the same message, at the same line


def test_a_page_is_refused_where_the_text_has_no_page_lines(city: Path):
    (city / "sources" / "testort-2024.txt").write_text(TEXT.removeprefix("1 "), "utf-8")
    result = run("validate", "--no-bundled", "--data", city)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "gives page 1, but testort-2024.txt has no page lines" in said


@pytest.mark.parametrize(
    ("wrong", "written"),
    [
        ("prov:wasDerivedFrom id:ev-test .", "prov:wasDerivedFrom id:ev-tets ."),
        ("oa:hasSource id:testdoc ;", "oa:hasSource id:testdco ;"),
    ],
    ids=["evidence", "document"],
)
def test_a_misspelt_id_of_an_excerpt_or_a_document_is_named_with_the_right_one(
    city: Path, wrong: str, written: str
):
    data = city / "data" / "testort.ttl"
    assert wrong in DATA
    data.write_text(DATA.replace(wrong, written), encoding="utf-8")
    result = run("validate", "--no-bundled", "--data", city)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    misspelt, right = written.split()[1], wrong.split()[1]
    assert f"links to {misspelt}, which no file describes (it has no type); write {right}" in said
