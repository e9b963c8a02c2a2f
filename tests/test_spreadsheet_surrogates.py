"""A lone surrogate (``"a\\ud800b"``, half of a UTF-16 pair: no character) in a graph given to
the spreadsheet export: refused before anything is written, for every format, naming the
subject and property, in English and Swedish."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cities import SJOSTAD
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.errors import KgError
from kg.io.spreadsheet import export_rows, export_spreadsheet, import_spreadsheet

ID = "https://w3id.org/kg-malmo/id/sjostad/"
#: (format, file name) of every spreadsheet the export writes
FORMATS = [("xlsx", "sjostad.xlsx"), ("csv", "kalkylark"), ("csv", "kalkylark.zip")]


@pytest.fixture(scope="module")
def sjostad() -> Graph:
    """Sjöstad's spreadsheet (tests/fixtures/sjostad, invented) as a graph."""
    return import_spreadsheet(SJOSTAD / "kalkylark")


def _with(graph: Graph, *triple) -> Graph:
    changed = Graph()
    for prefix, namespace in graph.namespaces():
        changed.bind(prefix, namespace)
    changed += graph
    changed.add(triple)
    return changed


def _actor(graph: Graph) -> URIRef:
    return min(s for s in graph.subjects(SKOS.prefLabel) if str(s).startswith(ID))


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "name"), FORMATS)
def test_a_lone_surrogate_in_a_value_is_refused_and_nothing_is_written(
    sjostad: Graph, tmp_path: Path, fmt: str, name: str
):
    actor = _actor(sjostad)
    broken = _with(sjostad, actor, SKOS.altLabel, Literal("a\ud800b"))
    path = tmp_path / name
    with pytest.raises(KgError) as refused:
        export_spreadsheet(broken, path, fmt)
    short = "id:" + actor.removeprefix("https://w3id.org/kg-malmo/id/")
    assert refused.value.message == (
        f"{short} skos:altLabel: the text 'a\\ud800b' holds U+D800, half of a UTF-16 "
        "surrogate pair without its other half: no character, and no spreadsheet can hold it"
    )
    assert refused.value.hint.startswith("nothing was written; replace or remove the character")
    assert list(tmp_path.iterdir()) == []
    message, hint = refused.value.worded("sv")
    assert message.startswith(f"{short} skos:altLabel: texten 'a\\ud800b' innehåller U+D800")
    assert "inget kalkylark kan innehålla det" in message
    assert hint.startswith("inget skrevs; byt ut eller ta bort tecknet i uppgifterna")
    str(refused.value).encode("utf-8")  # the message itself is printable


def test_a_lone_surrogate_in_an_iri_or_a_city_is_named_where_it_is(sjostad: Graph, tmp_path: Path):
    """In a subject's IRI: the subject is named, escaped; in the city given for the workbook
    (text of no triple): the sheet, row and column that would hold it."""
    odd = URIRef(ID + "k\udc80r")
    broken = _with(sjostad, odd, SKOS.prefLabel, Literal("Kör", lang="sv"))
    with pytest.raises(KgError, match=r"^id:sjostad/k\\udc80r skos:prefLabel: the text "):
        export_rows(broken)
    path = tmp_path / "sjostad.xlsx"
    with pytest.raises(KgError) as refused:
        export_spreadsheet(sjostad, path, city="Sj\udcf6stad", lang="sv")
    assert refused.value.message.startswith(
        "the om sheet, row 2, column värde: the text 'Sj\\udcf6stad' holds U+DCF6"
    )
    assert refused.value.worded("sv")[0].startswith("bladet om, rad 2, kolumn värde: texten")
    assert not path.exists()


def test_a_surrogate_pair_made_one_character_is_written(sjostad: Graph, tmp_path: Path):
    """An astral character (a pair in UTF-16, one character in Python) is text like any."""
    actor = _actor(sjostad)
    fine = _with(sjostad, actor, SKOS.altLabel, Literal("a\U0001f600b"))
    export_spreadsheet(fine, tmp_path / "kalkylark.zip", "csv")
    assert again(tmp_path / "kalkylark.zip", actor) >= {"a\U0001f600b"}


def again(path: Path, actor: URIRef) -> set[str]:
    """The other names of ``actor`` imported from the spreadsheet at ``path``."""
    graph = import_spreadsheet(path, sources=[SJOSTAD / "sources"])
    return {str(name) for name in graph.objects(actor, SKOS.altLabel)}
