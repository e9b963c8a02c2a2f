"""A committee renamed between two follow-ups (tests/fixtures/omby: in 2017 Arbets- och
socialnämnden replaced Sociala nämnden): the spreadsheet says so in column ``ersätter``
(``dcterms:replaces``), and ``kg report --compare`` reads the new committee as the old one's
continuation, not as one committee that vanished and another that appeared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import EXIT_INPUT
from kg.io.source import Source
from kg.report.compare import compare_years

runner = CliRunner()
OMBY = Path(__file__).parent / "fixtures" / "omby"
ID = "https://w3id.org/kg-malmo/id/omby/"


@pytest.fixture(scope="module")
def omby(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of Omby's folder with its spreadsheet imported to data/omby.ttl."""
    folder = tmp_path_factory.mktemp("omby") / "omby"
    shutil.copytree(OMBY, folder)
    out = folder / "data" / "omby.ttl"
    result = runner.invoke(app, ["import", str(folder / "kalkylark"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.slow
def test_the_column_ersatter_writes_dcterms_replaces(omby: Path):
    graph = Graph().parse(omby / "data" / "omby.ttl")
    pairs = list(graph.subject_objects(DCTERMS.replaces))
    assert [(str(new).rsplit("/", 1)[-1], str(old).rsplit("/", 1)[-1]) for new, old in pairs] == [
        ("arbets-och-socialnamnden", "sociala-namnden")
    ]
    result = runner.invoke(app, ["validate", "--no-bundled", "--data", str(omby / "data")])
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_the_renamed_committee_is_compared_as_a_continuation(omby: Path):
    change = compare_years(Source(data=[omby / "data"], bundled=False), 2016, 2017)
    rows = {r["label"]: r for r in change["committees"]}
    assert sorted(rows) == ["Arbets- och socialnämnden", "Fritidsnämnden"]
    renamed = rows["Arbets- och socialnämnden"]
    assert renamed["described"] == "both"
    assert [o["label"] for o in renamed["continues"]] == ["Sociala nämnden"]
    # Ombys Stadsmission is a partner of the old committee in 2016 and of the new in 2017
    assert renamed["partners"] == [1, 2]
    assert [p["label"] for p in renamed["partners_gained"]] == ["Omby högskola"]
    assert renamed["partners_lost"] == []
    assert renamed["groups_gained"] == ["academia"] and renamed["groups_lost"] == []
    assert renamed["status"] == ["partners", "partners"]
    # neither is a committee "no source of the year describes"
    assert change["not_described"] == {"first": [], "second": []}
    assert not any(n["key"] == "committees_not_described" for n in change["notes"])


@pytest.mark.slow
def test_a_collaboration_new_in_the_second_year_says_it_ended_where_the_source_says(omby: Path):
    change = compare_years(Source(data=[omby / "data"], bundled=False), 2016, 2017)
    found = {c["label"]: c for c in change["collaborations"]["only_second"]}
    mobility, next_step = found["Rörlighet"], found["Nästa steg"]
    assert (mobility["known"], mobility.get("ended")) == ("first_reported", 2017)
    assert (next_step["known"], next_step.get("ended")) == ("started", None)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            [
                "| Labour and Social Committee (Arbets- och socialnämnden) (formerly Social "
                "Committee (Sociala nämnden)) | has partners | has partners | 1 → 2 |",
                "Compared as one committee, as the data says the later one replaced the earlier",
                "**Mobility (Rörlighet)** (network; reported by Leisure Committee "
                "(Fritidsnämnden)): first reported 2017; ended 2017 (the source states it)",
            ],
        ),
        (
            "sv",
            [
                "| Arbets- och socialnämnden (Labour and Social Committee) (tidigare Sociala "
                "nämnden (Social Committee)) | har partner | har partner | 1 → 2 |",
                "Jämförs som en och samma nämnd, eftersom uppgifterna anger att den senare ersatte",
                "**Rörlighet (Mobility)** (nätverk; rapporteras av Fritidsnämnden (Leisure "
                "Committee)): rapporterad första gången 2017; avslutades 2017 (enligt källan)",
            ],
        ),
    ],
)
def test_the_report_names_the_committee_with_the_one_it_replaced(omby, tmp_path, lang, said):
    args = ["report", "--no-bundled", "--data", str(omby / "data"), "--lang", lang]
    result = runner.invoke(app, [*args, "--compare", "2016", "2017", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    for line in said:
        assert line in text
    assert ("described in one year only" if lang == "en" else "beskrivs bara det ena") in (
        result.stdout
    )
    assert ("formerly" if lang == "en" else "tidigare") in result.stdout.split("\n", 3)[-1]
    # not also listed as a committee described in one year only
    assert "Described in 2016, not in 2017" not in text and "Beskrivs 2016 men" not in text
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    continued = [r for r in data["compare"]["committees"] if r.get("continues")]
    assert [r["continues"][0]["iri"] for r in continued] == [ID + "sociala-namnden"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "'Sociala nämnden' is this row itself: an organisation does not replace itself"),
        ("sv", "'Sociala nämnden' är den här raden själv: en organisation ersätter inte sig själv"),
    ],
)
def test_a_row_that_replaces_itself_is_a_mistake_naming_its_cell(tmp_path, lang, said):
    folder = tmp_path / "omby"
    shutil.copytree(OMBY, folder)
    actors = folder / "kalkylark" / "aktörer.csv"
    lines = actors.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(";Omby kommun;;upp-2016", ";Omby kommun;Sociala nämnden;upp-2016")
    actors.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "data.ttl"
    args = ["import", str(folder / "kalkylark"), "-o", str(out), "--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_INPUT
    assert said in result.output
    assert ("rad 3" if lang == "sv" else "row 3") in result.output
    assert not out.exists()


@pytest.mark.slow
def test_replaces_from_what_is_no_actor_is_refused_by_kg_validate(omby: Path, tmp_path: Path):
    graph = Graph().parse(omby / "data" / "omby.ttl")
    graph.add((URIRef(ID + "proj-stodlinjen"), DCTERMS.replaces, URIRef(ID + "sociala-namnden")))
    bad = omby / "data-bad"
    bad.mkdir(exist_ok=True)
    graph.serialize(bad / "omby.ttl", format="turtle")
    result = runner.invoke(app, ["validate", "--no-bundled", "--data", str(bad)])
    assert result.exit_code == 1, result.output
    assert "dcterms:replaces" in result.output


@pytest.mark.slow
def test_kg_export_writes_the_column_for_kg_import(omby: Path, tmp_path: Path):
    out = tmp_path / "mall"
    args = ["export", "--no-bundled", "--data", str(omby / "data"), "-f", "csv-template"]
    result = runner.invoke(app, [*args, "--lang", "sv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = (out / "aktörer.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    column = header.index("ersätter")
    renamed = next(r for r in rows if r.startswith("arbets-och-socialnamnden,"))
    assert renamed.split(",")[column] == "Sociala nämnden"
    # and kg import reads it back
    again = tmp_path / "again.ttl"
    args = ["import", str(out), "-o", str(again), "--sources", str(omby / "sources")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    pairs = set(Graph().parse(again).subject_objects(DCTERMS.replaces))
    assert pairs == {(URIRef(ID + "arbets-och-socialnamnden"), URIRef(ID + "sociala-namnden"))}


def _append(sheets: Path, added: dict[str, list[str]]) -> None:
    """Add ``added``'s rows (by sheet name) at the end of the spreadsheets in ``sheets``."""
    for name, rows in added.items():
        sheet = sheets / name
        sheet.write_text(sheet.read_text(encoding="utf-8") + "\n".join(rows) + "\n", "utf-8")


@pytest.mark.slow
def test_a_merger_continues_every_committee_it_replaces(tmp_path: Path):
    """Column ersätter with two names separated by '|': a committee of 2016 that merged into
    Arbets- och socialnämnden with Sociala nämnden is folded into its row too, its partners
    and groups counted with the others'."""
    folder = tmp_path / "omby"
    shutil.copytree(OMBY, folder)
    quote = "Kulturnämnden driver projektet Kulturbron tillsammans med Omby högskola."
    source = folder / "sources" / "omby-2016.txt"
    source.write_text(source.read_text(encoding="utf-8") + quote + "\n", encoding="utf-8")
    sheets = folder / "kalkylark"
    added = {
        "aktörer.csv": [
            "Kulturnämnden;Culture Committee;nämnd;offentlig;ja;Omby kommun;;upp-2016;"
            "Kulturnämnden driver projektet Kulturbron"
        ],
        "samverkan.csv": [f"Kulturbron;Culture bridge;projekt;Kulturnämnden;;;upp-2016;{quote}"],
        "parter.csv": [
            f"Kulturbron;Kulturnämnden;huvudman;upp-2016;{quote}",
            f"Kulturbron;Omby högskola;;upp-2016;{quote}",
        ],
    }
    _append(sheets, added)
    actors = sheets / "aktörer.csv"
    text = actors.read_text(encoding="utf-8")
    merged = text.replace(";Sociala nämnden;upp-2017", ";Sociala nämnden|Kulturnämnden;upp-2017")
    assert merged != text
    actors.write_text(merged, encoding="utf-8")
    out = folder / "data" / "omby.ttl"
    result = runner.invoke(app, ["import", str(sheets), "-o", str(out)])
    assert result.exit_code == 0, result.output
    change = compare_years(Source(data=[out], bundled=False), 2016, 2017)
    rows = {r["label"]: r for r in change["committees"]}
    assert sorted(rows) == ["Arbets- och socialnämnden", "Fritidsnämnden"]
    renamed = rows["Arbets- och socialnämnden"]
    assert [o["label"] for o in renamed["continues"]] == ["Kulturnämnden", "Sociala nämnden"]
    # Omby högskola (Kulturnämnden's partner in 2016) and Ombys Stadsmission (Sociala
    # nämnden's) are both partners of the merged committee in 2017: none gained, none lost
    assert renamed["partners"] == [2, 2]
    assert renamed["partners_gained"] == [] and renamed["partners_lost"] == []
    assert renamed["groups"] == [["civil", "academia"], ["civil", "academia"]]
    assert change["not_described"] == {"first": [], "second": []}


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "Where the data says a committee was split, each committee that replaced it is "
            "compared as its continuation, with all of its 2016 partners, groups and status: "
            "Social Committee (Sociala nämnden), continued by Care Committee "
            "(Vård- och omsorgsnämnden) and Labour and Social Committee "
            "(Arbets- och socialnämnden).",
        ),
        (
            "sv",
            "Där uppgifterna anger att en nämnd har delats upp räknas var och en av de nya "
            "nämnderna som dess fortsättning och jämförs med alla den delade nämndens partner, "
            "grupper och status 2016: Sociala nämnden (Social Committee), vars verksamhet "
            "fortsätter i Arbets- och socialnämnden (Labour and Social Committee) och Vård- och "
            "omsorgsnämnden (Care Committee).",
        ),
    ],
)
def test_a_split_committee_is_compared_as_each_new_ones_continuation(tmp_path, lang, said):
    """Sociala nämnden replaced by two committees of 2017 (a split, a fictive one of the test
    city): each new committee's row continues it, with all of its partners of 2016, and the
    report says so in one sentence."""
    folder = tmp_path / "omby"
    shutil.copytree(OMBY, folder)
    quote = (
        "Den 1 juli 2017 tog även Vård- och omsorgsnämnden över en del av Sociala nämndens "
        "verksamhet, och driver projektet Trygg hemma tillsammans med Region Omland."
    )
    source = folder / "sources" / "omby-2017.txt"
    source.write_text(source.read_text(encoding="utf-8") + quote + "\n", encoding="utf-8")
    sheets = folder / "kalkylark"
    added = {
        "aktörer.csv": [
            "Vård- och omsorgsnämnden;Care Committee;nämnd;offentlig;ja;Omby kommun;"
            "Sociala nämnden;upp-2017;tog även Vård- och omsorgsnämnden över en del av Sociala "
            "nämndens verksamhet"
        ],
        "samverkan.csv": [
            f"Trygg hemma;Safe at home;projekt;Vård- och omsorgsnämnden;;;upp-2017;{quote}"
        ],
        "parter.csv": [
            f"Trygg hemma;Vård- och omsorgsnämnden;huvudman;upp-2017;{quote}",
            f"Trygg hemma;Region Omland;;upp-2017;{quote}",
        ],
    }
    _append(sheets, added)
    out = folder / "data" / "omby.ttl"
    result = runner.invoke(app, ["import", str(sheets), "-o", str(out)])
    assert result.exit_code == 0, result.output
    change = compare_years(Source(data=[out], bundled=False), 2016, 2017)
    rows = {r["label"]: r for r in change["committees"]}
    for new in ("Arbets- och socialnämnden", "Vård- och omsorgsnämnden"):
        assert [o["label"] for o in rows[new]["continues"]] == ["Sociala nämnden"]
    # Ombys Stadsmission, Sociala nämnden's partner in 2016, is kept by one and lost by the other
    assert rows["Vård- och omsorgsnämnden"]["partners"] == [1, 1]
    assert [p["label"] for p in rows["Vård- och omsorgsnämnden"]["partners_lost"]] == [
        "Ombys Stadsmission"
    ]
    args = ["report", "--no-bundled", "--data", str(out), "--lang", lang]
    result = runner.invoke(app, [*args, "--compare", "2016", "2017", "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert said in " ".join(text.split()), text[text.find("##") :]
