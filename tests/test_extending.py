"""A city's own kinds of actor: Ekvik (tests/fixtures/ekvik) names a foundation, a faith
community, a municipal housing company and a region, which Malmö's sources do not. Typed as
the ontology defines them (kg import takes the sources' words for them), every surface puts
each in one type and one partner group; a subclass or a partner group of the data's own is
refused on every surface, with the file, the term and what to do, in English and Swedish
(README, "Extending the data"). tests/test_one_story.py holds every surface to Ekvik too."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers.surfaces import import_ekvik
from rdflib import RDF, URIRef
from typer.testing import CliRunner

import kg
from kg.analysis.pipeline import analyse
from kg.cli import app
from kg.errors import KgError
from kg.model.vocab import ONTOLOGY_IRI
from kg.web.map import render_map
from kg.web.style import GROUP_COLOURS, type_name

runner = CliRunner()
ID = "https://w3id.org/kg-malmo/id/ekviks/"
#: Each new kind of actor: its node, the ontology's type and the partner group
KINDS = {
    "stiftelsen-ekviks-ljus": ("Association", "civil"),  # a foundation
    "ekviks-frikyrkoforsamling": ("Association", "civil"),  # a faith community
    "ekviksbostader-ab": ("Company", "business"),  # a municipal housing company
    "region-ekland": ("PublicAgency", "agencies"),  # a region
}


@pytest.fixture(scope="module")
def ekvik(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return import_ekvik(tmp_path_factory.mktemp("city"))


def _kg(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def _json(*args: object) -> object:
    code, out, err = _kg(*args, "-f", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.slow
def test_the_sources_words_for_the_new_kinds_import_as_the_ontologys_types(ekvik: Path):
    graph = kg.load([ekvik / "data" / "ekvik.ttl"], bundled=False)
    for name, (kind, _) in KINDS.items():
        types = {str(t) for t in graph.objects(URIRef(ID + name), RDF.type)}
        assert types == {ONTOLOGY_IRI + kind}, name
    code, out, err = _kg("validate", "--no-bundled", "--data", ekvik, "--lang", "en")
    assert code == 0, out + err


@pytest.mark.slow
def test_every_surface_puts_each_new_kind_in_one_type_and_group(ekvik: Path):
    data = ("--no-bundled", "--data", ekvik)
    facts = kg.Source(data=[ekvik], bundled=False).facts()
    for name, (kind, group) in KINDS.items():
        actor = facts.actors[ID + name]
        assert (actor["type"], actor["group"]) == (kind, group), name
    # the tables: kg centrality --type, kg brokers, kg gaps, each as JSON
    rows = _json("centrality", *data, "--type", "förening")["rows"]
    assert {r["iri"] for r in rows} >= {ID + n for n, (k, _) in KINDS.items() if k == "Association"}
    assert {r["type"] for r in rows} == {"Association"}
    for row in _json("brokers", *data, "-n", "0")["rows"]:
        assert row["sector"] == facts.actors[row["iri"]]["group"], row["label"]
    social = next(r for r in _json("gaps", *data) if r["label"] == "Socialnämnden")
    assert social["missing_sectors"] == ["academia"]
    assert {g: social["by_sector"][g] for g in ("civil", "business", "agencies")} == dict.fromkeys(
        ("civil", "business", "agencies"), 1
    )
    # kg stats counts every actor, by the ontology's classes and sectors
    stats = _json("stats", *data)
    assert stats["actors"] == len(facts.actors) == sum(stats["sectors"].values())
    assert stats["classes"]["kg:Association"] == 3 and stats["classes"]["kg:Company"] == 1
    # the map: each node's type in the page's language, its group's colour, the legend
    analysis = analyse(facts)
    for lang in ("en", "sv"):
        page = render_map(analysis, lang=lang)
        nodes = {n["id"]: n for n in page.nodes}
        for name, (kind, group) in KINDS.items():
            node = nodes[ID + name]
            assert node["type"] == type_name(kind, lang), (name, lang)
            assert (node["sector"], node["colour"]) == (group, GROUP_COLOURS[group]), name
    # the network's exports: GraphML's type and group attributes
    graphml = ekvik / "network.graphml"
    assert _kg("export", *data, "-f", "graphml", "-o", graphml, "-q")[0] == 0
    space = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(graphml).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iterfind("g:key", space)}
    for node in root.iterfind(".//g:node", space):
        attrs = {keys[d.get("key")]: d.text for d in node.iterfind("g:data", space)}
        actor = facts.actors[attrs["iri"]]
        assert (attrs["type"], attrs["sector"]) == (actor["type"], actor["group"]), attrs["iri"]


@pytest.mark.slow
def test_the_spreadsheet_kg_export_writes_imports_again_with_the_same_types(ekvik: Path):
    workbook = ekvik / "again.xlsx"
    code, _, err = _kg("export", "--no-bundled", "--data", ekvik, "-f", "xlsx", "-o", workbook)
    assert code == 0, err
    again = kg.import_spreadsheet(workbook)
    for name, (kind, _) in KINDS.items():
        types = {str(t) for t in again.objects(URIRef(ID + name), RDF.type)}
        assert types == {ONTOLOGY_IRI + kind}, name


def _extended(ekvik: Path, into: Path, extension: str, retype: tuple[str, str] = ("", "")) -> Path:
    """A copy of Ekvik's folder with ``extension`` (Turtle, prefix ``:`` its ids) beside its
    data, and ``retype`` (old, new) replaced in the imported Turtle."""
    folder = into / "ekvik"
    shutil.copytree(ekvik, folder)
    turtle = folder / "data" / "ekvik.ttl"
    text = turtle.read_text("utf-8")
    assert retype[0] in text
    turtle.write_text(text.replace(*retype), encoding="utf-8")
    prefixes = f"@prefix : <{ID}> .\n@prefix kg: <{ONTOLOGY_IRI}> .\n"
    prefixes += "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    prefixes += "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    (folder / "data" / "extension.ttl").write_text(prefixes + extension, encoding="utf-8")
    return folder


FOUNDATION = """
:Stiftelse rdfs:subClassOf kg:Association ;
    rdfs:label "stiftelse"@sv , "foundation"@en .
"""
#: The foundation typed with the data's own class instead of kg:Association, or besides it
#: (where kg read it as an association, and the class was dropped unseen)
TYPED = ":stiftelsen-ekviks-ljus a kg:Association"
RETYPED = {"instead": ":stiftelsen-ekviks-ljus a :Stiftelse", "besides": TYPED + " , :Stiftelse"}
#: What each language's error says: the class, the ontology's class to write, where to read
SAID = {
    "en": ("id:ekviks/Stiftelse", "the data's own subclass of kg:Association", "type it"),
    "sv": (
        "id:ekviks/Stiftelse",
        "uppgifternas egen underklass till kg:Association",
        "ge den i stället typen kg:Association",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "retyped"),
    [
        ("en", "instead"),
        ("en", "besides"),
        ("sv", "instead"),
        ("sv", "besides"),
    ],
)
def test_a_subclass_of_the_datas_own_is_refused_on_every_surface(
    ekvik: Path, tmp_path: Path, retyped: str, lang: str
):
    folder = _extended(ekvik, tmp_path, FOUNDATION, (TYPED, RETYPED[retyped]))
    data = ("--no-bundled", "--data", folder, "--lang", lang)
    code, out, err = _kg("validate", *data)
    assert code == 1, out + err
    lines = [line for line in out.splitlines() if "id:ekviks/Stiftelse" in line]
    assert any(line.startswith(f"{folder / 'data' / 'ekvik.ttl'}:") for line in lines), out
    assert any(line.startswith(f"{folder / 'data' / 'extension.ttl'}:") for line in lines), out
    assert all(all(words in line for words in SAID[lang][:2]) for line in lines), out
    for command in (("gaps",), ("stats",), ("map", "-o", tmp_path / "m.html"), ("brokers",)):
        code, out, err = _kg(*command, *data)
        assert code == 2, (command, out + err)
        assert all(words in err for words in SAID[lang]), (command, err)
        assert "Extending the data" in err and "kg validate" in err, err
    with pytest.raises(KgError, match="the data's own subclass of kg:Association"):
        kg.Source(data=[folder], bundled=False).facts()
    assert not kg.validate(kg.load([folder], bundled=False)).conforms


ACTOR_CLASS = """
:Stiftelse rdfs:subClassOf kg:Actor ;
    rdfs:label "stiftelse"@sv , "foundation"@en .
"""


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "type it one of the classes below kg:Actor (kg:Administration, kg:Association"),
        (
            "sv",
            "ge den i stället en av klasserna under kg:Actor (kg:Administration, kg:Association",
        ),
    ],
)
def test_a_subclass_of_an_abstract_class_is_told_to_choose_a_class_below_it(
    ekvik: Path, tmp_path: Path, lang: str, said: str
):
    """kg:Actor is abstract (every actor has one of its subclasses), so the hint names those,
    not kg:Actor itself; the Swedish hint quotes the README's section as Swedish quotes."""
    folder = _extended(ekvik, tmp_path, ACTOR_CLASS, (TYPED, RETYPED["instead"]))
    code, out, err = _kg("validate", "--no-bundled", "--data", folder, "--lang", lang)
    assert code == 1, out + err
    typed = [line for line in out.splitlines() if "rdf:type" in line and "kg:Actor:" in line]
    assert typed and all(said in line for line in typed), out
    assert "typen kg:Actor" not in out and "type it kg:Actor" not in out, out
    declared = [line for line in out.splitlines() if "rdfs:subClassOf" in line]
    retype = {
        "en": "remove it, and type each of its nodes one of the classes below kg:Actor (",
        "sv": "ta bort den och ge var och en av dess noder en av klasserna under kg:Actor (",
    }[lang]
    assert declared and all(retype in line for line in declared), out
    if lang == "sv":
        assert "(se avsnittet ”Extending the data” i README)" in out, out


#: The ways a graph makes a concept a partner group (kg.model.kinds.GROUP_MARKS): each is
#: refused by every command as kg validate flags it
GROUP_MADE = {
    "typed and in the scheme": "a kg:Sector , skos:Concept ; skos:inScheme kg:SectorScheme",
    "typed only": "a kg:Sector",
    "in the scheme only": "a skos:Concept ; skos:inScheme kg:SectorScheme",
    "a top concept only": "a skos:Concept ; skos:topConceptOf kg:SectorScheme",
}


@pytest.mark.slow
@pytest.mark.parametrize("made", GROUP_MADE)
def test_a_partner_group_of_the_datas_own_is_refused(ekvik: Path, tmp_path: Path, made: str):
    regions = f"""
:Regioner {GROUP_MADE[made]} ;
    skos:prefLabel "regioner"@sv , "regions"@en ; skos:notation "region" .
"""
    region = ":region-ekland a kg:PublicAgency ;"
    folder = _extended(ekvik, tmp_path, regions)
    turtle = folder / "data" / "ekvik.ttl"
    text = turtle.read_text("utf-8")
    start = text.index(region)
    end = text.index(" .\n", start)
    node = text[start:end].replace("kg:sector kg:PublicSector", "kg:sector :Regioner")
    turtle.write_text(text[:start] + node + text[end:], encoding="utf-8")
    for lang, said in (
        ("en", "a partner group of the data's own"),
        ("sv", "egen partnergrupp: kg godtar bara ontologins partnergrupper"),
    ):
        data = ("--no-bundled", "--data", folder, "--lang", lang)
        code, out, err = _kg("validate", *data)
        assert code == 1 and f"{folder / 'data' / 'extension.ttl'}:" in out, out + err
        assert said in out and "id:ekviks/Regioner" in out, out
        flagged = next(line for line in out.splitlines() if "id:ekviks/Regioner" in line)
        for command in (("gaps",), ("stats",), ("suggest", "Socialnämnden")):
            code, out, err = _kg(*command, *data)
            assert code == 2 and said in err and "kg:PublicSector" in err, (command, err)
            # the same words as kg validate's: the reason, then what to do
            reason, hint = err.split("error: " if lang == "en" else "fel: ")[1].split("\n")[:2]
            hint = hint.split(": ", 1)[1].rsplit("; ", 1)[0]
            assert f"{reason}; {hint}" in flagged, (command, err, flagged)
        code, _, err = _kg("query", "actors-by-sector", *data)
        assert code == 0 and said in err, err
    code, _, err = _kg("gaps", "--no-bundled", "--data", folder, "--sector", "region")
    assert code == 2 and "'region' is not a partner group" in err


def test_kg_import_refuses_a_subclass_written_in_sheet_other(tmp_path: Path):
    folder = import_ekvik(tmp_path)
    sheet = folder / "kalkylark" / "övrigt.csv"
    sheet.write_text(
        "subjekt;egenskap;värde\nStiftelse;rdfs:subClassOf;kg:Association\n"
        "stiftelsen-ekviks-ljus;rdf:type;Stiftelse\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.ttl"
    code, stdout, err = _kg("import", folder / "kalkylark", "-o", out, "--lang", "en")
    assert code == 2 and not out.exists(), stdout + err
    assert "sheet övrigt, row 2" in err and "sheet aktörer, row 7" in err, err
    assert "id:ekviks/Stiftelse is the data's own subclass of 'förening'" in err, err


def test_every_partner_group_of_the_ontology_has_its_colour_and_hatch():
    """A group added to the ontology (a change to kg, not to a city's data) needs its colour
    on the map and the charts, and its hatch for a print in black and white."""
    from kg.model.sectors import vocabulary
    from kg.report.chart_style import GROUP_HATCHES

    assert list(GROUP_COLOURS) == list(GROUP_HATCHES) == list(vocabulary().names)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_kg_query_answers_from_the_graph_with_a_note_on_a_class_of_its_own(
    ekvik: Path, tmp_path: Path, lang: str
):
    """The query library reads kg's classes: a note says that the answer may leave out the
    nodes typed with a class of the data's own (kg query and kg.query answer all the same)."""
    folder = _extended(ekvik, tmp_path, FOUNDATION, (TYPED, RETYPED["instead"]))
    code, _, err = _kg(
        "query", "actors-by-sector", "--no-bundled", "--data", folder, "--lang", lang
    )
    assert code == 0, err
    said = {"en": "may leave those nodes out", "sv": "kan utelämna de noderna"}[lang]
    assert said in err and all(words in err for words in SAID[lang]), err
    with pytest.warns(kg.KgWarning, match="the data's own subclass of kg:Association"):
        kg.query(kg.Source(data=[folder], bundled=False), "actors-by-sector")
    code, _, err = _kg("query", "actors-by-sector", "--no-bundled", "--data", ekvik)
    assert code == 0 and "kg:Association" not in err, err
