"""A city is data: kg init, kg.toml, --sources, and the import → validate → report → export
workflow through the command line, on the fictional Sjöstad kommun."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers.cities import copy_sjostad
from helpers.cities import two_cities as make_two_cities
from helpers.graphs import same_graph
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError
from kg.io.datafolder import Settings, settings_for
from kg.io.parse import parse_file
from kg.io.scaffold import init_city
from kg.io.spreadsheet import import_spreadsheet
from kg.validation.quotes import check_quotes

SJOSTAD = Path(__file__).parent / "fixtures" / "sjostad"


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A copy of the Sjöstad data folder: kg.toml, sources/ and the spreadsheet; data/ empty."""
    folder = copy_sjostad(tmp_path, ("sources", "kalkylark", "fel"), ("kg.toml", "README.md"))
    (folder / "data").mkdir()
    return folder


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


# ---- kg.toml


def test_settings_are_found_from_any_path_inside_the_folder(city: Path):
    settings = settings_for([city / "data", city / "kalkylark" / "aktörer.csv"])
    assert settings == Settings(
        "Sjöstad kommun", None, ((city / "sources").resolve(),), ((city / "kg.toml").resolve(),)
    )


def test_one_path_is_a_path_not_its_characters(city: Path):
    """settings_for("sjostad") as settings_for(["sjostad"]): a string is one path."""
    assert settings_for(str(city)) == settings_for([city]) == settings_for(city)
    assert settings_for(str(city)).city == "Sjöstad kommun"
    assert settings_for([city], str(city / "sources")).sources[0] == (city / "sources").resolve()


def test_given_sources_come_first(city: Path, tmp_path: Path):
    extra = tmp_path / "more"
    extra.mkdir()
    assert settings_for([city], [extra]).sources == (extra.resolve(), (city / "sources").resolve())


def test_no_settings_outside_a_data_folder(tmp_path: Path):
    assert settings_for([tmp_path]) == Settings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('city = "X"\ncolour = "blue"\n', "unknown or non-text settings: colour"),
        ('city = "X"\nsources = "missing"\n', "the sources folder"),
        ("city = \n", "cannot read the settings"),
    ],
)
def test_bad_settings_name_the_file(tmp_path: Path, text: str, message: str):
    (tmp_path / "kg.toml").write_text(text, encoding="utf-8")
    with pytest.raises(KgError, match=message) as caught:
        settings_for([tmp_path])
    assert caught.value.path == tmp_path / "kg.toml"


def test_quotes_are_found_in_several_folders(city: Path):
    graph = import_spreadsheet(city / "kalkylark")
    problems = check_quotes(graph)
    assert problems and "none of" in problems[0].message and "--sources" in problems[0].message
    assert check_quotes(graph, [city / "sources"]) == []


# ---- kg init


@pytest.mark.slow
def test_init_makes_a_data_folder(tmp_path: Path):
    files = init_city(tmp_path / "gbg", "Göteborgs stad")
    names = sorted(str(f.relative_to(tmp_path / "gbg")) for f in files)
    assert names == ["README.md", "data/goteborgs.xlsx", "kg.toml", "sources/README.md"]
    settings = settings_for([tmp_path / "gbg" / "data"])
    assert settings.city == "Göteborgs stad"
    assert settings.sources == ((tmp_path / "gbg" / "sources").resolve(),)
    readme = (tmp_path / "gbg" / "README.md").read_text("utf-8")
    assert "## Svenska" in readme and "## English" in readme and "kg import" in readme
    # its commands name files inside the folder: it says to run them there
    assert "Kör kommandona nedan i mappen\n(`cd gbg` först)" in readme
    assert "Run the commands below in it (`cd gbg`\nfirst)" in readme


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_readme_exports_the_workbook_in_its_language(city: Path, tmp_path: Path, lang: str):
    """The folder README's export command, run as printed, writes the sheets in the language
    the workbook was made in (kg export's own default is English)."""
    import shlex

    from openpyxl import load_workbook

    init_city(tmp_path / "made", "Sjöstad kommun", lang=lang)
    readme = (tmp_path / "made" / "README.md").read_text("utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("`kg export"))
    words = shlex.split(line.strip("`").split("`")[0])
    assert words[words.index("--lang") + 1] == lang
    run("import", city / "kalkylark", "-o", city / "data" / "sjostad.ttl")
    words[words.index("--data") + 1] = str(city)
    words[words.index("-o") + 1] = str(tmp_path / "again.xlsx")
    result = run(*words[1:])
    assert result.exit_code == 0, result.output
    sheets = load_workbook(tmp_path / "again.xlsx", read_only=True).sheetnames
    assert ("aktörer" in sheets) == (lang == "sv") and ("actors" in sheets) == (lang == "en")


def test_init_refuses_a_folder_with_files(city: Path):
    with pytest.raises(KgError, match="not an empty folder"):
        init_city(city, "Sjöstad kommun")


@pytest.mark.slow
def test_an_initialised_spreadsheet_asks_for_the_city_quote(tmp_path: Path):
    """kg init's Swedish workbook: its mistakes are told in Swedish."""
    run("init", tmp_path / "x", "--city", "Sjöstad kommun")
    result = run("import", tmp_path / "x" / "data" / "sjostad.xlsx", "-o", tmp_path / "x.ttl")
    assert result.exit_code == 2
    assert "blad aktörer, rad 2, kolumn N (citat): citatet saknas" in result.output
    assert not (tmp_path / "x.ttl").exists()


def test_export_before_the_first_import_keeps_the_workbook(tmp_path: Path):
    """A data folder holding only its workbook has no data: kg export says so and how to
    import, and does not write an empty workbook over the one being filled in; in Swedish, as
    the folder's kg.toml says (lang = "sv", as kg init writes it), unless --lang says other."""
    run("init", tmp_path / "x", "--city", "Sjöstad kommun")
    workbook = tmp_path / "x" / "data" / "sjostad.xlsx"
    before = workbook.read_bytes()
    for command in (["export", "--format", "xlsx", "-o", workbook], ["validate"]):
        result = run(command[0], "--no-bundled", "--data", tmp_path / "x", *command[1:])
        assert result.exit_code == 2, result.output
        said = " ".join(result.output.split())
        assert (
            "inga uppgifter" in said
            and f"kg import {workbook} -o {workbook.with_suffix('.ttl')}" in said
        )
    english = run("gaps", "--data", tmp_path / "x", "--lang", "en")
    assert english.exit_code == 2 and "no data: the folder holds no RDF files" in english.output
    assert workbook.read_bytes() == before


def test_a_data_folders_language_is_every_commands_default(city: Path):
    """lang = "sv" in kg.toml: tables, reports and errors in Swedish without --lang; --lang en
    still chooses English; a language kg does not speak is an error naming the file."""
    run("import", city / "kalkylark", "-o", city / "data.ttl")
    settings = city / "kg.toml"
    settings.write_text(settings.read_text("utf-8") + 'lang = "sv"\n', "utf-8")
    assert "Luckor" in run("gaps", "--data", city).output
    assert "Gaps" in run("gaps", "--data", city, "--lang", "en").output
    settings.write_text(settings.read_text("utf-8").replace('"sv"', '"de"'), "utf-8")
    wrong = run("gaps", "--data", city)
    assert wrong.exit_code == 2 and f"{settings}: unknown language 'de'" in wrong.output


# ---- the workflow through the CLI


@pytest.mark.slow
def test_import_validate_report_export(city: Path, tmp_path: Path):
    turtle = city / "data" / "sjostad.ttl"
    imported = run("import", city / "kalkylark", "-o", turtle)
    assert imported.exit_code == 0, imported.output
    validated = run("validate", "--no-bundled", "--data", city)
    assert validated.exit_code == 0, validated.output
    assert "the data conforms" in validated.output
    report = run("report", "--no-bundled", "--data", city, "-o", tmp_path / "report")
    assert report.exit_code == 0, report.output
    text = (tmp_path / "report" / "report.md").read_text("utf-8")
    assert "Kultur- och fritidsnämnden" in text and "Trygga stråket" in text
    workbook = tmp_path / "again.xlsx"
    exported = run("export", "--no-bundled", "--data", city, "--format", "xlsx", "-o", workbook)
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.startswith("wrote ") and "actors " in exported.stdout
    again = import_spreadsheet(workbook, sources=[city / "sources"])
    assert same_graph(again, parse_file(turtle))
    # a Swedish workbook says what it wrote in Swedish, each sheet by its Swedish name
    swedish = run("export", "--no-bundled", "--data", city, "-f", "xlsx", "--lang", "sv", "-o",
                  tmp_path / "igen.xlsx")  # fmt: skip
    assert swedish.exit_code == 0, swedish.output
    assert swedish.stdout.startswith("skrev ") and "aktörer " in swedish.stdout


@pytest.mark.slow
def test_export_csv_template(city: Path, tmp_path: Path):
    run("import", city / "kalkylark", "-o", city / "data" / "sjostad.ttl")
    result = run(
        "export",
        "--no-bundled",
        "--data",
        city,
        "--format",
        "csv-template",
        "--lang",
        "sv",
        "-o",
        tmp_path / "mall",
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mall" / "aktörer.csv").read_text("utf-8-sig").startswith("id,namn (sv)")


@pytest.mark.slow
def test_validate_needs_the_sources(city: Path, tmp_path: Path):
    turtle = tmp_path / "elsewhere.ttl"
    run("import", city / "kalkylark", "-o", turtle)
    without = run("validate", "--no-bundled", "--data", turtle)
    assert without.exit_code == 1 and "--sources" in without.output
    given = run("validate", "--no-bundled", "--data", turtle, "--sources", city / "sources")
    assert given.exit_code == 0, given.output


@pytest.mark.slow
def test_a_city_folder_is_read_without_the_bundled_data_unless_asked(city: Path):
    """`--data` in a city's own folder leaves Malmö out by default; `--bundled` adds it."""
    from kg.io.source import Source

    run("import", city / "kalkylark", "-o", city / "data" / "sjostad.ttl")
    alone = json.loads(run("gaps", "--data", city, "-f", "json").stdout)
    explicit = json.loads(run("gaps", "--data", city, "--no-bundled", "-f", "json").stdout)
    both = json.loads(run("gaps", "--data", city, "--bundled", "-f", "json").stdout)
    assert alone == explicit
    assert {r["committee"] for r in alone} < {r["committee"] for r in both}
    assert "Fritidsnämnden" in {r["label"] for r in both} - {r["label"] for r in alone}
    # two cities' namesakes are told apart by their municipality, in each language where
    # their names are alike (the English names of the two boards are not)
    assert "Kommunstyrelsen" in {r["label"] for r in alone}
    named = {r["label"]: r["label_en"] for r in both}
    assert named["Sjöstad kommun: Kommunstyrelsen"] == "Municipal Executive Board"
    assert named["Malmö stad: Kommunstyrelsen"] == "City Executive Board"
    assert Source(data=[city]).bundled is False and Source().bundled is True
    assert Source(data=[city], bundled=True).bundled is True
    assert Source(data=[SJOSTAD.parent / "analysis.ttl"]).bundled is True  # no kg.toml


@pytest.mark.slow
@pytest.mark.parametrize("command", ["validate", "report"])
def test_a_source_text_that_is_not_utf8_is_named_with_its_line(
    city: Path, tmp_path: Path, command: str
):
    """A source text saved as Latin-1 is an error naming the file, line and column, with exit
    2 and nothing written, not an internal error."""
    run("import", city / "kalkylark", "-o", city / "data" / "sjostad.ttl")
    text = next((city / "sources").glob("*.txt"))
    lines = text.read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if any(c in line for c in "åäöÅÄÖ"))
    column = min(lines[at].find(c) for c in "åäöÅÄÖ" if c in lines[at]) + 1
    text.write_bytes("\n".join(lines).encode("latin-1"))
    args = ["--no-bundled", "--data", city]
    result = run(command, *args, *(["-o", tmp_path / "r"] if command == "report" else []))
    assert result.exit_code == 2, result.output
    assert f"{text}:{at + 1}: the file is not UTF-8 text (column {column})" in result.output
    assert "save it as UTF-8" in result.output and "internal error" not in result.output
    assert not (tmp_path / "r").exists()


def test_import_with_mistakes_exits_2_and_writes_nothing(city: Path):
    output = city / "data" / "fel.ttl"
    result = run("import", city / "fel", "-o", output)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if ", sheet " in line]
    assert len(lines) == 15 and "15 mistakes in" in result.output
    assert "nothing was written" in result.output
    assert not output.exists()


def test_init_command(tmp_path: Path):
    result = run("init", tmp_path / "city", "--city", "Sjöstad kommun", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "city" / "data" / "sjostad.xlsx").is_file()
    again = run("init", tmp_path / "city", "--city", "Sjöstad kommun", "--lang", "en")
    assert again.exit_code == 2 and "not an empty folder" in again.output
    swedish = run("init", tmp_path / "city", "--city", "Sjöstad kommun")  # --lang sv
    assert swedish.exit_code == 2 and "finns redan och är ingen tom mapp" in swedish.output


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("sv", "# kg:s inställningar för den här datamappen"),
        ("en", "# kg settings for this data folder"),
    ],
)
def test_init_writes_kg_toml_in_the_folder_s_language(tmp_path: Path, lang: str, said: str):
    """A Swedish folder's kg.toml explains itself in Swedish, as its README and workbook do,
    and reads as before."""
    result = run("init", tmp_path / "city", "--city", "Sjöstad kommun", "--lang", lang)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "city" / "kg.toml").read_text("utf-8")
    assert text.startswith(said + "\n")
    other = "# kg settings" if lang == "sv" else "# kg:s inställningar"
    assert other not in text and ("språket för rapporter" in text) == (lang == "sv")
    settings = settings_for([tmp_path / "city" / "data"])
    assert settings.city == "Sjöstad kommun" and settings.lang == lang


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_init_refuses_a_web_address(tmp_path: Path, monkeypatch, lang: str):
    """kg init https://example.org/stad made a folder named https: here and wrote the city's
    files in it, where -o and every input refuse a web address. It is refused, nothing made."""
    monkeypatch.chdir(tmp_path)
    result = run("init", "https://example.org/stad", "--city", "Sjöstad kommun", "--lang", lang)
    assert result.exit_code == 2, result.output
    said = {"en": "is a web address: kg writes its output", "sv": "är en webbadress: kg skriver"}
    assert said[lang] in " ".join(result.output.split())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("in_quote", "in_text"),
    [("\u00ad", ""), ("", "\u00ad"), ("\u200b", ""), ("", "\ufeff")],
    ids=["soft hyphen in the quote", "soft hyphen in the text", "zero-width space", "BOM"],
)
def test_invisible_characters_do_not_break_a_verbatim_quote(tmp_path: Path, in_quote, in_text):
    """A soft hyphen or zero-width space copied from a PDF, in the quote or in the text, is no
    difference a reader can see: the quote is found, by kg validate's check and kg import's."""
    from kg.io.texts import parse_source as read_text
    from kg.validation.quotes import excerpt_problem

    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "t.txt").write_text(f"1 Avtalet med Stångåstaden{in_text}bolaget gäller.\n", "utf-8")
    quote = f"med Stångåstaden{in_quote}bolaget"
    assert excerpt_problem((folder,), "t.txt", quote, ("1", 1), read_text) is None
    assert read_text(folder / "t.txt").pages_with(quote) == [1]
    wrong = excerpt_problem((folder,), "t.txt", "med Stångåstadenbolag AB", ("1", 1), read_text)
    assert wrong is not None and "the quote is not in t.txt" in wrong


@pytest.mark.slow
def test_a_bare_name_in_a_query_is_the_citys_own(city: Path):
    """In Sjöstad's data folder, `-p actor_a=kultur-och-fritidsnamnden` is Sjöstad's
    committee, not a Malmö name no Sjöstad file describes (an ASK answered false)."""
    from kg.io.source import Source

    run("import", city / "kalkylark", "-o", city / "data" / "sjostad.ttl")
    data = ["--data", city / "data"]
    for values in (
        ("kultur-och-fritidsnamnden", "sjostads-idrottsallians"),
        ("id:sjostad/kultur-och-fritidsnamnden", "sjostads-idrottsallians"),
    ):
        a, b = values
        result = run(
            "query",
            "actors-linked",
            "-p",
            f"actor_a={a}",
            "-p",
            f"actor_b={b}",
            *data,
            "-f",
            "json",
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["boolean"] is True
        assert "note:" not in result.stderr
    assert Source(data=[city / "data"]).names == "https://w3id.org/kg-malmo/id/sjostad/"
    assert Source(data=[city / "data"], bundled=True).names == "https://w3id.org/kg-malmo/id/"
    assert Source().names == "https://w3id.org/kg-malmo/id/"


@pytest.mark.slow  # builds a store
def test_a_data_folders_language_leaves_the_formats_without_one_alone(city: Path, tmp_path):
    """lang = "sv" names a spreadsheet's sheets in Swedish, and does not make kg export refuse
    a format without sheets (as an explicit --lang does); a reopened store keeps it."""
    run("import", city / "kalkylark", "-o", city / "data.ttl")
    settings = city / "kg.toml"
    settings.write_text(settings.read_text("utf-8") + 'lang = "sv"\n', "utf-8")
    for fmt, name in (("ttl", "x.ttl"), ("graphml", "x.graphml"), ("xlsx", "x.xlsx")):
        result = run("export", "--data", city, "-f", fmt, "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    assert "aktörer" in load_workbook(tmp_path / "x.xlsx").sheetnames
    store = tmp_path / "store"
    assert "Luckor" in run("gaps", "--data", city, "--store", store).output
    assert "Luckor" in run("gaps", "--store", store).output  # the store remembers its data


@pytest.fixture(scope="module")
def two_cities_made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sjöstad and Nordstad, made (and their workbooks imported) once for this module."""
    folder = tmp_path_factory.mktemp("two-cities")
    make_two_cities(folder)
    return folder


@pytest.fixture
def two_cities(two_cities_made: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Sjöstad and Nordstad (:func:`helpers.cities.two_cities`): a copy of their own for the
    test to change."""
    import shutil

    for name in ("sjostad", "nordstad"):
        shutil.copytree(two_cities_made / name, tmp_path / name)
    return tmp_path / "sjostad", tmp_path / "nordstad"


def test_two_folders_of_one_namespace_are_refused(two_cities, tmp_path: Path):
    """Two data folders whose names are made under one namespace (a city's folder given with
    a copy, or another city's kg.toml naming the same city) would merge their namesakes and
    give each one both cities' partners: an error naming both folders, in either order."""
    import shutil

    sjostad, _ = two_cities
    copy = tmp_path / "kopia"
    shutil.copytree(sjostad, copy)
    for first, second in ((sjostad, copy), (copy, sjostad)):
        said = run("gaps", "--data", first / "data.ttl", "--data", second / "data.ttl")
        assert said.exit_code == 2, said.output
        text = " ".join(said.output.split())
        assert f"the data folders {first} and {second} name their things in the same" in text
        assert "namespace https://w3id.org/kg-malmo/id/sjostad/" in text
        assert "keep it in one folder" in text and "give only one of them with --data" in text
    swedish = run("stats", "--data", sjostad, "--data", copy, "--lang", "sv")
    assert swedish.exit_code == 2 and "bildar sina IRI:er i samma namnrymd" in swedish.output
    # without --lang: in the language of the first folder's kg.toml
    (sjostad / "kg.toml").write_text('city = "Sjöstad kommun"\nlang = "sv"\n', "utf-8")
    folders = run("stats", "--data", sjostad, "--data", copy)
    assert folders.exit_code == 2 and "fel: " in folders.output, folders.output
    assert "bildar sina IRI:er i samma namnrymd" in folders.output


@pytest.mark.slow
def test_two_cities_may_each_have_a_source_text_of_the_same_name(two_cities):
    """Each city's quotes are checked against its own texts, whichever folder comes first."""
    sjostad, nordstad = two_cities
    assert {s.name for s in (sjostad / "sources").iterdir()} == {
        s.name for s in (nordstad / "sources").iterdir()
    }
    for first, second in ((sjostad, nordstad), (nordstad, sjostad)):
        checked = run("validate", "--data", first / "data.ttl", "--data", second / "data.ttl")
        assert checked.exit_code == 0, checked.output
        assert "the data conforms" in checked.output


@pytest.mark.slow
def test_a_city_whose_names_are_made_under_its_own_base_keeps_its_own_texts(two_cities):
    """The base on the sheet "about" (not in kg.toml) is the namespace kg import writes the
    names in: the city's texts are still looked up first for its documents."""
    sjostad, nordstad = two_cities
    about = nordstad / "kalkylark" / "om.csv"
    about.write_text(about.read_text("utf-8") + "bas;https://nordstad.example/id/\n", "utf-8")
    (nordstad / "data").mkdir()
    written = run("import", nordstad / "kalkylark", "-o", nordstad / "data" / "nordstad.ttl")
    assert written.exit_code == 0, written.output
    (nordstad / "data.ttl").unlink()
    for first, second in ((sjostad / "data.ttl", nordstad / "data"), (nordstad / "data", sjostad)):
        checked = run("validate", "--data", first, "--data", second)
        assert checked.exit_code == 0, checked.output
    # a bare name is read in the namespace its names are made in
    bare = run("query", "committee-partners", "--data", nordstad, "-p", "committee=socialnamnden")
    assert bare.exit_code == 0 and "note" not in bare.stderr
    assert "nordstad.example/id/socialnamnden" not in bare.stderr and "0 rows" not in bare.stderr


@pytest.mark.slow
def test_a_quote_checked_against_one_of_two_texts_of_a_name_says_which(two_cities, tmp_path):
    """Folders of texts outside any city's data folder are searched in the order given; where
    two hold a text of the name, the message says which was read."""
    import shutil

    sjostad, nordstad = two_cities
    plain = tmp_path / "plain"
    shutil.copytree(sjostad / "sources", plain / "s")
    shutil.copytree(nordstad / "sources", plain / "n")
    shutil.copy(nordstad / "data.ttl", plain / "nordstad.ttl")
    data = ["--no-bundled", "--data", plain / "nordstad.ttl"]
    wrong = run("validate", *data, "--sources", plain / "s", "--sources", plain / "n")
    assert wrong.exit_code == 1
    assert f"(read from {(plain / 's').resolve()})" in " ".join(wrong.output.split())
    right = run("validate", *data, "--sources", plain / "n", "--sources", plain / "s")
    assert right.exit_code == 0, right.output


def test_a_kg_toml_kg_cannot_read_above_a_sources_folder_is_no_city(tmp_path: Path):
    """Another tool's kg.toml: no note, no namespace, the command runs."""
    from kg.io.datafolder import namespaces_of

    (tmp_path / "kg.toml").write_text('name = "another tool"\n', "utf-8")
    (tmp_path / "texts").mkdir()
    assert namespaces_of(tmp_path / "texts") == ()


def test_two_cities_committees_of_one_name_are_told_apart(two_cities, tmp_path: Path):
    """Namesakes carry their municipality in every table and the report, each has its own
    anchor in report.html, and a lookup by the shared name asks for an id that works."""
    data = [arg for city in two_cities for arg in ("--data", city / "data.ttl")]
    gaps = json.loads(run("gaps", *data, "-f", "json").stdout)
    labels = {r["label"] for r in gaps}
    assert {"Sjöstad kommun: Socialnämnden", "Nordstad kommun: Socialnämnden"} <= labels
    assert "Socialnämnden" not in labels
    written = run("report", *data, "-q", "-o", tmp_path / "r")
    assert written.exit_code == 0, written.output
    page = (tmp_path / "r" / "report.html").read_text("utf-8")
    # the gaps counted per municipality, as the gaps table has them
    report = json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))
    cities = {c["label"]: c for c in report["municipalities"]}
    assert set(cities) == {"Nordstad kommun", "Sjöstad kommun"}
    folders = {"Sjöstad kommun": "/sjostad/", "Nordstad kommun": "/nordstad/"}
    for name, city in cities.items():
        theirs = [r for r in report["gaps"] if folders[name] in r["committee"]]
        assert city["committees"] == len(theirs)
        for group, lacking in city["lacking"].items():
            assert lacking == sum(1 for r in theirs if group in r["missing_sectors"])
    assert sum(c["committees"] for c in cities.values()) == len(report["gaps"])
    assert '<th scope="col">municipality</th>' in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'href="#c-nordstad-socialnamnden"' in page and 'id="c-nordstad-socialnamnden"' in page
    ambiguous = run("suggest", "socialnämnden", *data)
    assert ambiguous.exit_code == 2
    assert "give its id, for example id:nordstad/socialnamnden" in ambiguous.output
    assert run("suggest", "nordstad kommun: soc", *data, "-q").exit_code == 0
    prefix = run("suggest", "socialn", *data)
    assert "give more of the name, or its id (for example id:nordstad/socialnamnden)" in (
        prefix.output
    )
    from kg.io.source import Source

    places = Source(data=[city / "data.ttl" for city in two_cities]).facts().labels
    alike = [name for name in places.values() if name.endswith(": Sjöviken")]
    assert sorted(alike) == ["Nordstad kommun: Sjöviken", "Sjöstad kommun: Sjöviken"]
    together = run("export", *data, "--format", "xlsx", "-o", tmp_path / "both.xlsx")
    assert together.exit_code == 2 and "a workbook holds one city's data" in together.output
    assert not (tmp_path / "both.xlsx").exists()
    rows = run("query", "committee-partners", *data, "-p", "committee=nordstad/socialnamnden")
    assert rows.exit_code == 0 and "id:nordstad/" in rows.output and "note:" not in rows.stderr
    bare = run("query", "committee-partners", *data, "-p", "committee=socialnamnden")
    assert bare.exit_code == 0
    assert (
        "note: committee=id:sjostad/socialnamnden: id:nordstad/socialnamnden in another "
        "city's data has the same name; give committee=nordstad/socialnamnden for that one"
    ) in bare.stderr


@pytest.mark.slow
def test_each_committee_of_several_cities_names_its_municipality(two_cities, tmp_path: Path):
    """With Malmö's data beside a city's, a committee whose name is the city's alone
    (Sjöstad's Utbildningsnämnden) still says whose it is: a municipality in the JSON and CSV
    of kg gaps, and a municipality column in its table and the report's gaps table."""
    sjostad, _ = two_cities
    data = ("--data", sjostad / "data.ttl", "--bundled")
    rows = json.loads(run("gaps", *data, "-f", "json").stdout)
    homes = {r["label"]: (r["municipality"] or {}).get("label") for r in rows}
    assert homes["Utbildningsnämnden"] == "Sjöstad kommun"
    assert homes["Valnämnden"] == "Malmö stad"
    listed = run("gaps", *data, "-f", "csv").stdout.splitlines()
    assert listed[0].endswith(",municipality")
    assert any(r.startswith("https://w3id.org/kg-malmo/id/sjostad/utbildningsnamnden,")
               and r.endswith(",Sjöstad kommun") for r in listed)  # fmt: skip
    table = run("gaps", *data, "--lang", "sv", env={"COLUMNS": "300"}).stdout
    assert "┃ kommun " in table and "│ Utbildningsnämnden (Education Committee)" in table
    assert re.search(r"│ Utbildningsnämnden \(Education Committee\) +│ Sjöstad kommun ", table)
    assert run("report", *data, "-q", "-o", tmp_path / "r").exit_code == 0
    page = (tmp_path / "r" / "report.md").read_text("utf-8")
    assert "| committee | municipality | [status]" in page
    assert "(#c-sjostad-utbildningsnamnden) | Municipality of Sjöstad (Sjöstad kommun) |" in page
    # how to read it: no single municipality whose bodies are no gap
    assert "Partners elsewhere in the municipality" not in page
    assert "municipal bodies (those of City of Malmö and Municipality of Sjöstad)" in page
    alone = run("gaps", "-f", "csv").stdout.splitlines()
    assert alone[1].endswith(",Malmö stad")  # one city: its name, and no column in the table
    assert "municipality" not in run("gaps", env={"COLUMNS": "300"}).stdout


@pytest.mark.slow
def test_each_organisation_of_several_cities_names_its_municipality(two_cities, tmp_path: Path):
    """The network's tables and files say whose each organisation is (the municipality it is
    part of, or whose data names it), so that a reader can filter or colour them by city:
    the last column of kg centrality, brokers and communities as CSV and of the exported
    nodes, and a column of the centrality and brokers tables where the data holds several."""
    import csv
    import io

    sjostad, _ = two_cities
    data = ("--data", sjostad / "data.ttl", "--bundled")

    def table(*args: object) -> list[dict]:
        said = run(*args, *data, "-f", "csv", "-q")
        assert said.exit_code == 0, said.output
        return list(csv.DictReader(io.StringIO(said.stdout)))

    for rows in (table("centrality", "--top", "0"), table("brokers"), table("communities")):
        homes = {r["iri"].removeprefix("https://w3id.org/kg-malmo/id/"): r for r in rows}
        assert homes["sjostad/sjostads-hogskola"]["municipality"] == "Sjöstad kommun"
        assert homes["radda-barnen"]["municipality"] == "Malmö stad"
        assert list(rows[0])[-1] == "municipality"
    assert run("export", *data, "-f", "csv", "-o", tmp_path / "n.csv", "-q").exit_code == 0
    with (tmp_path / "n.csv").open(encoding="utf-8") as file:
        nodes = {r["iri"]: r["municipality"] for r in csv.DictReader(file)}
    assert nodes["https://w3id.org/kg-malmo/id/sjostad/kvinnojouren-fyren"] == "Sjöstad kommun"
    wide = {"COLUMNS": "300"}
    shown = run("centrality", *data, "--top", "3", "--lang", "sv", env=wide).stdout
    assert "┃ kommun " in shown and "│ Malmö stad (City of Malmö) " in shown
    assert "┃ kommun " in run("brokers", *data, "--lang", "sv", env=wide).stdout
    assert "┃ kommun " not in run("centrality", "--lang", "sv", env=wide).stdout


def test_a_partner_two_cities_name_is_one_node_where_both_give_its_iri(two_cities):
    """Region Sjöland, named by Sjöstad and Nordstad alike, is a node per city; given the
    other city's IRI as its id on the sheet actors, it is one node, a partner of both."""
    sjostad, nordstad = two_cities
    data = ("--data", sjostad / "data.ttl", "--data", nordstad / "data.ttl")

    def regions() -> dict[str, str]:
        said = run("centrality", *data, "--top", "0", "-f", "json", "-q").stdout
        rows = json.loads(said)["rows"]
        return {r["iri"]: r["label"] for r in rows if r["label"].endswith("Region Sjöland")}

    assert sorted(regions().values()) == [
        "Nordstad kommun: Region Sjöland",
        "Sjöstad kommun: Region Sjöland",
    ]
    actors = nordstad / "kalkylark" / "aktörer.csv"
    rows = actors.read_text("utf-8-sig").splitlines()
    shared = "https://w3id.org/kg-malmo/id/sjostad/region-sjoland;"
    rows = ["id;" + rows[0]] + [
        (shared if r.startswith("Region Sjöland;") else ";") + r for r in rows[1:]
    ]
    actors.write_text("\n".join(rows) + "\n", "utf-8")
    args = ["import", nordstad / "kalkylark", "-o", nordstad / "data.ttl"]
    assert run(*args).exit_code == 0
    assert run("validate", *data, "-q").exit_code == 0
    assert regions() == {shared.rstrip(";"): "Region Sjöland"}
    partners = json.loads(run("gaps", *data, "-f", "json").stdout)
    with_region = {
        r["committee"] for r in partners for p in r["partner_list"] if p["iri"] + ";" == shared
    }
    assert with_region == {
        "https://w3id.org/kg-malmo/id/sjostad/stadsbyggnadsnamnden",
        "https://w3id.org/kg-malmo/id/nordstad/stadsbyggnadsnamnden",
    }


def test_folders_of_two_languages_say_which_one_is_spoken(two_cities):
    """The first folder's lang is the command's; where another folder asks for another, a
    note says so and how to choose, and --lang silences it."""
    sjostad, nordstad = two_cities
    for folder, lang in ((sjostad, "sv"), (nordstad, "en")):
        city = folder.name.capitalize().replace("Sjostad", "Sjöstad")
        settings = f'city = "{city} kommun"\nsources = "sources"\nlang = "{lang}"\n'
        (folder / "kg.toml").write_text(settings, "utf-8")
    said = run("stats", "--data", sjostad, "--data", nordstad, "-f", "json")
    assert said.exit_code == 0, said.output
    assert (
        f"obs: datamapparna anger olika språk (lang i kg.toml); kg följer {sjostad} "
        f"(lang = sv), den mapp som angavs först: ange --lang en eller --lang sv för att välja"
    ) in " ".join(said.stderr.split())
    other = run("stats", "--data", nordstad, "--data", sjostad, "-f", "json")
    assert f"kg follows {nordstad} (lang = en), the first given" in " ".join(other.stderr.split())
    chosen = run("stats", "--data", sjostad, "--data", nordstad, "-f", "json", "--lang", "en")
    assert "lang" not in chosen.stderr


def test_a_command_in_a_city_folder_without_data_says_it_reads_the_bundled_data(
    city: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(city / "kalkylark")
    said = run("stats", "--lang", "sv", "-f", "json")
    assert said.exit_code == 0
    assert (
        "obs: ingen --data angiven: det här är de medföljande uppgifterna, inte "
        "Sjöstad kommuns uppgifter i den här mappen; ange --data .. för att använda dem"
    ) in said.stderr
    assert "no --data" not in run("stats", "--data", city / "kalkylark", "-f", "json").stderr
    (city / "kg.toml").write_text('name = "another tool"\n', "utf-8")
    other = run("stats", "-f", "json")
    assert other.exit_code == 0 and "note" not in other.stderr


def test_the_note_of_a_folder_left_out_is_in_the_folders_language(
    city: Path, monkeypatch: pytest.MonkeyPatch
):
    """In a Swedish city's folder (lang = "sv") a command given no --data says, in Swedish,
    that it reads the bundled data; --lang en still chooses English."""
    (city / "kg.toml").write_text('city = "Sjöstad kommun"\nlang = "sv"\n', "utf-8")
    monkeypatch.chdir(city)
    said = run("stats", "-f", "json")
    assert said.exit_code == 0
    assert "obs: ingen --data angiven: det här är de medföljande uppgifterna" in said.stderr
    english = run("stats", "-f", "json", "--lang", "en")
    assert "note: no --data is given, so this is the bundled data" in english.stderr


def test_namesakes_are_told_apart_in_each_language_and_by_id_where_a_city_has_two():
    from kg.model.names import tell_apart

    base = "https://w3id.org/kg-malmo/id/"

    def actor(iri: str, kind: str, sv: str, en: str, part_of: str | None = None) -> tuple:
        record = {"type": kind, "label": sv, "label_en": en, "municipality": part_of}
        return base + iri, {**record, "iri": base + iri, "names": [sv, en]}

    actors = dict(
        [
            actor("a/stad", "Municipality", "A kommun", "A Municipality"),
            actor("b/stad", "Municipality", "B kommun", "B Municipality"),
            actor("b/granne", "Municipality", "Grannby kommun", "Grannby"),  # no bodies
            actor("a/fritid", "Committee", "Fritidsnämnden", "Leisure Committee", base + "a/stad"),
            actor("b/fritid", "Committee", "Fritidsnämnden", "Leisure Committee", base + "b/stad"),
            actor("b/idrott", "Committee", "Idrottsnämnden", "Leisure Committee", base + "b/stad"),
            actor("a/rk", "Association", "Röda korset", "Red Cross"),
            actor("a/rk2", "Association", "Röda korset", "Red Cross A"),
            actor("b/rk", "Association", "Röda korset", "Red Cross B"),
            actor("a/cykel", "Association", "Cykelklubben", "Cycling Club"),
        ]
    )
    tell_apart(actors)
    named = {iri.removeprefix(base): (a["label"], a["label_en"]) for iri, a in actors.items()}
    assert named["a/fritid"] == ("A kommun: Fritidsnämnden", "A Municipality: Leisure Committee")
    assert named["b/fritid"] == ("B kommun: Fritidsnämnden", "Leisure Committee, id:b/fritid")
    assert named["b/idrott"] == ("Idrottsnämnden", "Leisure Committee, id:b/idrott")
    # two of one city are told apart by their ids; the other city's by its municipality
    assert named["a/rk"] == ("Röda korset, id:a/rk", "Red Cross")
    assert named["b/rk"] == ("B kommun: Röda korset", "Red Cross B")
    assert named["a/cykel"] == ("Cykelklubben", "Cycling Club")
    assert "B kommun: Fritidsnämnden" in actors[base + "b/fritid"]["names"]


def test_an_import_notes_two_organisations_of_one_name(city: Path):
    """Two actors the workbook tells apart by their ids alone: kg import writes them, and says
    that a reader of the report cannot tell them apart by name."""
    actors = city / "kalkylark" / "aktörer.csv"
    rows = actors.read_text("utf-8-sig").splitlines()
    club = next(r for r in rows if r.startswith("Sjöstads Idrottsallians;"))
    rows = ["id;" + rows[0], *(";" + r for r in rows[1:] if r != club)]
    rows += ["idrott-1;" + club, "idrott-2;" + club.replace("Sports Alliance", "Sports Club")]
    actors.write_text("\n".join(rows) + "\n", encoding="utf-8")
    parties = city / "kalkylark" / "parter.csv"
    parties.write_text(
        parties.read_text("utf-8-sig").replace(";Sjöstads Idrottsallians;", ";idrott-1;"), "utf-8"
    )
    written = run("import", city / "kalkylark", "-o", city / "data" / "sjostad.ttl")
    assert written.exit_code == 0, written.output
    assert (  # in the workbook's language, as its mistakes are
        "obs: 2 organisationer heter 'Sjöstads Idrottsallians' (id:sjostad/idrott-1, "
        "id:sjostad/idrott-2): en läsare av rapporten kan inte skilja dem åt på namnet"
    ) in " ".join(written.stderr.split())
    again = run("import", SJOSTAD / "kalkylark", "-o", city / "data" / "again.ttl")
    assert again.exit_code == 0 and "note" not in again.stderr


def test_a_second_import_left_in_the_data_folder_is_noted(city: Path):
    """kg reads every .ttl under --data: a second kg import's output left beside the first (a
    copy, or one of an edited spreadsheet naming an actor otherwise) is read as well. Each
    command on the folder says which two files name the same things, in its language; one
    import alone gets no such note."""
    first = city / "data" / "sjostad.ttl"
    run("import", city / "kalkylark", "-o", first)
    alone = run("gaps", "--no-bundled", "--data", city)
    assert alone.exit_code == 0 and "both name" not in alone.output
    run("import", city / "kalkylark", "-o", city / "data" / "sjostad (1).ttl")
    again = " ".join(run("report", "--data", city, "-o", city / "report").output.split())
    assert f"note: {city / 'data' / 'sjostad (1).ttl'} and {first} both name id:sjostad/" in again
    assert "kg import's output left beside the new one?" in again
    renamed = first.read_text("utf-8").replace('"Sjöstads högskola"@sv', '"Högskolan"@sv')
    (city / "data" / "sjostad (1).ttl").write_text(renamed, "utf-8")
    swedish = " ".join(run("validate", "--data", city, "--lang", "sv").output.split())
    assert f"obs: både {city / 'data' / 'sjostad (1).ttl'} och {first} namnger id:" in swedish
    assert "högst en skos:prefLabel per språk" in swedish


def test_each_of_three_files_naming_the_same_things_is_noted(city: Path):
    """Two copies left beside an import are three files that name the same things: each
    pair is noted (the third file was never named, and came up only once the second was
    removed)."""
    first = city / "data" / "sjostad.ttl"
    run("import", city / "kalkylark", "-o", first)
    copies = [city / "data" / "sjostad (1).ttl", city / "data" / "sjostad (2).ttl"]
    for copy in copies:
        copy.write_bytes(first.read_bytes())
    said = " ".join(run("gaps", "--no-bundled", "--data", city).output.split())
    for one, other in [(copies[0], first), (copies[1], first), (copies[0], copies[1])]:
        assert f"{one} and {other} both name" in said or f"{other} and {one} both name" in said
    assert said.count("both name") == 3


def test_a_store_built_from_files_naming_the_same_things_is_not_read_again_for_the_note(
    city: Path,
):
    """The note comes when a store is built from the folder; a command on that store, its
    files unchanged, reads none of them again for it (on a folder of 16 MB that made a
    `kg query` on the store three times slower); an edited file, or --reload, brings it back."""
    first = city / "data" / "sjostad.ttl"
    run("import", city / "kalkylark", "-o", first)
    copy = city / "data" / "sjostad (1).ttl"
    copy.write_bytes(first.read_bytes())
    store = city / "store"
    built = run("gaps", "--no-bundled", "--data", city, "--store", store)
    assert built.exit_code == 0 and "both name" in built.output
    again = run("gaps", "--no-bundled", "--data", city, "--store", store)
    assert again.exit_code == 0 and "both name" not in again.output
    reloaded = run("gaps", "--no-bundled", "--data", city, "--store", store, "--reload")
    assert reloaded.exit_code == 0 and "both name" in reloaded.output
    copy.write_bytes(first.read_bytes() + b"\n")
    edited = run("gaps", "--no-bundled", "--data", city, "--store", store)
    assert "both name" in edited.output
