"""kg import on what a city's staff get from Excel's "Save as": one sheet saved alone as a CSV
file, a folder of CSV files in Windows-1252, and a workbook copied from another city's (sheet
om names that city while the data folder's kg.toml names this one). Each case is Sjöstad's
fixture (a fictional municipality) changed the way a person would."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from helpers.cities import copy_sjostad
from typer.testing import CliRunner

from kg.cli import app


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def said(result) -> str:
    return " ".join(result.output.split())


@pytest.mark.parametrize(
    ("sheets", "lang", "expected"),
    [
        (
            "kalkylark",
            [],
            "sjostad.csv innehåller ett av arbetsbokens blad, aktörer (efter kolumnrubrikerna): "
            "kg import läser alla bladen; spara vart och ett av arbetsbokens andra blad (om, "
            "dokument, samverkan, parter, belägg, antal, områden, övrigt) som CSV i en mapp "
            "tillsammans med den här filen, döpt efter sitt blad (aktörer.csv), och ange mappen "
            "(eller en .zip med den); eller ange själva .xlsx-filen",
        ),
        # the same message, in English for a workbook with English sheet and column names
        pytest.param(
            "fel",
            [],
            "sjostad.csv holds one sheet of the workbook, actors (by its headers): kg import "
            "reads every sheet; save each other sheet of the workbook (about, documents, "
            "collaborations, parties, evidence, counts, areas, other) as CSV into one folder "
            "with this file, named after its sheet (actors.csv), and give the folder (or a .zip "
            "of it); or give the .xlsx file itself",
            marks=pytest.mark.slow,
        ),
        # a Swedish workbook's sheets, told in English
        pytest.param(
            "kalkylark",
            ["--lang", "en"],
            "sjostad.csv holds one sheet of the workbook, aktörer (by its headers): kg import "
            "reads every sheet; save each other sheet of the workbook (om, dokument, samverkan, "
            "parter, belägg, antal, områden, övrigt) as CSV into one folder",
            marks=pytest.mark.slow,
        ),
    ],
    ids=["swedish", "english", "swedish-told-in-english"],
)
def test_one_sheet_saved_as_csv_names_its_sheet_and_the_others_to_save(
    tmp_path: Path, sheets: str, lang: list[str], expected: str
):
    """Excel's "Save as CSV" saves the open sheet alone, named after the workbook: kg import
    names the sheet its headers are, in the workbook's language, and the other sheets to save
    beside it, or the .xlsx to give instead; nothing is written."""
    city = copy_sjostad(tmp_path, folders=("sources", "kalkylark", "fel"))
    actors = next(p for p in (city / sheets).iterdir() if p.stem in ("aktörer", "actors"))
    alone = tmp_path / "sjostad.csv"
    alone.write_bytes(actors.read_text("utf-8").encode("cp1252"))  # as Swedish Excel saves it
    output = tmp_path / "sjostad.ttl"
    result = run("import", alone, "-o", output, *lang)
    assert result.exit_code == 2 and not output.exists()
    assert expected in said(result)
    assert "Windows-1252" not in said(result)  # a note on a file refused says nothing more


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "sv",
            "spara vart och ett av arbetsbokens blad (om, dokument, aktörer, samverkan, parter, "
            "belägg, antal, områden, övrigt) som CSV i en mapp",
        ),
        pytest.param(  # the same code as the Swedish case, told in English
            "en",
            "save each sheet of the workbook (about, documents, actors, collaborations, parties, "
            "evidence, counts, areas, other) as CSV into one folder",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_a_csv_file_of_no_sheet_given_alone_names_the_sheets_in_the_language_told(
    tmp_path: Path, lang: str, expected: str
):
    """A CSV file given alone that is no sheet of the template (by its headers or its name)
    is refused naming every sheet to save as CSV, in the language the mistakes are told in:
    Swedish names in Swedish, English in English."""
    alone = tmp_path / "export.csv"
    alone.write_text("a;b\n1;2\n", encoding="utf-8")
    result = run("import", alone, "-o", tmp_path / "out.ttl", "--lang", lang)
    assert result.exit_code == 2, result.output
    assert expected in said(result)
    assert "about (om)" not in said(result) and "(dokument)" not in said(result)


def _quote_left_open(actors: Path) -> None:
    """Sjöstad's actors sheet with a quote mark opening row 3's description and none closing
    it, in a sheet long enough that the rest of the file, one cell, passes csv's 131,072
    characters (its rows repeated)."""
    lines = actors.read_text("utf-8").splitlines()
    cells = lines[2].split(";")
    cells[6] = '"' + cells[6]
    lines[2] = ";".join(cells)
    lines += lines[3:] * (140_000 // len("\n".join(lines[3:])) + 1)
    actors.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_one_sheet_alone_with_a_quote_left_open_still_names_its_sheet(tmp_path: Path):
    """A CSV file given alone whose cell runs on past csv's limit (a quote mark opened and
    never closed) is refused as one sheet, as any other, not an internal error."""
    city = copy_sjostad(tmp_path)
    alone = tmp_path / "sjostad.csv"
    shutil.copy(city / "kalkylark" / "aktörer.csv", alone)
    _quote_left_open(alone)
    output = tmp_path / "sjostad.ttl"
    result = run("import", alone, "-o", output, "--lang", "en")
    assert result.exit_code == 2 and not output.exists(), result.output
    assert "sjostad.csv holds one sheet of the workbook, aktörer (by its headers)" in said(result)


def test_a_quote_left_open_in_a_long_sheet_is_a_mistake_naming_its_row(tmp_path: Path):
    """In a folder of CSV files, the cell that runs on past csv's limit is a mistake naming
    the file, sheet and row it starts on, with what to do; nothing is written."""
    city = copy_sjostad(tmp_path)
    actors = city / "kalkylark" / "aktörer.csv"
    _quote_left_open(actors)
    output = tmp_path / "ut.ttl"
    result = run("import", city / "kalkylark", "-o", output, "--sources", city / "sources")
    assert result.exit_code == 2 and not output.exists(), result.output
    assert (
        f"{actors}, blad aktörer, rad 3: en cell som börjar på den här raden är längre än "
        '131 072 tecken, mer än kg import läser: ett citattecken (") som inleder en cell och '
        "aldrig avslutas gör resten av filen till en enda cell; avsluta citattecknet"
    ) in said(result)


def test_a_folder_of_windows_1252_csv_files_is_noted_once_naming_each_file(tmp_path: Path):
    """Swedish Excel's 'CSV (semikolonavgränsad)' saves every sheet in Windows-1252: the
    import says so once, naming the folder and each file, not once per file."""
    city = copy_sjostad(tmp_path)
    sheets = city / "kalkylark"
    names = sorted(p.name for p in sheets.glob("*.csv"))
    for file in sheets.glob("*.csv"):
        file.write_bytes(file.read_text("utf-8").encode("cp1252"))
    result = run("import", sheets, "-o", tmp_path / "ut.ttl", "--sources", city / "sources")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert text.count("Windows-1252") == 1, text
    assert (
        f"{len(names)} CSV-filer i {sheets} är inte UTF-8-text ({', '.join(names)}): de lästes "
        "som Windows-1252, den teckenuppsättning som Excel använder för 'CSV "
        "(semikolonavgränsad)'; kontrollera att namnen med å, ä och ö blev rätt i resultatet, "
        "eller spara filerna som 'CSV UTF-8'"
    ) in text


@pytest.mark.slow
def test_a_zip_of_windows_1252_csv_files_is_noted_once(tmp_path: Path):
    """As a folder (the same note, by the ZIP's path), in English."""
    city = copy_sjostad(tmp_path)
    archive = tmp_path / "sjostad.zip"
    files = sorted((city / "kalkylark").glob("*.csv"))
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in files[:3]:
            zipped.writestr(file.name, file.read_text("utf-8").encode("cp1252"))
        for file in files[3:]:
            zipped.write(file, file.name)
    result = run(
        "import", archive, "-o", tmp_path / "ut.ttl", "--sources", city / "sources", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    names = ", ".join(f.name for f in files[:3])
    assert said(result).count("Windows-1252") == 1
    assert f"3 CSV files in {archive} are not UTF-8 text ({names}): they were read" in said(result)


@pytest.mark.parametrize(
    "base",
    [
        "https://data.sjostad.example/id/",
        # no base: the names are made under the workbook's city's namespace
        pytest.param(None, marks=pytest.mark.slow),
    ],
)
def test_a_workbook_of_another_city_than_its_folders_is_noted_whatever_the_base(
    tmp_path: Path, base: str | None
):
    """A workbook copied from another city's (sheet om names Nordby kommun) into a folder
    whose kg.toml names Sjöstad kommun is noted, with the base (sheet om's bas, as kg init
    writes it) or without: naming the cell, the kg.toml and the namespace the names are
    made under."""
    city = copy_sjostad(tmp_path)
    about = city / "kalkylark" / "om.csv"
    lines = ["nyckel;värde", "stad;Nordby kommun"] + ([f"bas;{base}"] if base else [])
    about.write_text("\n".join(lines) + "\n", "utf-8")
    result = run("import", city / "kalkylark", "-o", tmp_path / "ut.ttl")
    assert result.exit_code == 0, result.output
    namespace = base or "https://w3id.org/kg-malmo/id/nordby/"
    assert (
        f"{about}, blad om, rad 2, kolumn B (värde): arbetsboken anger kommunen 'Nordby kommun', "
        f"men datamappens kg.toml ({city / 'kg.toml'}) anger 'Sjöstad kommun'"
    ) in said(result)
    assert f"IRI:erna bildas i namnrymden {namespace}" in said(result)


def test_a_city_named_alike_with_a_base_gives_no_note(tmp_path: Path):
    """The workbook kg init writes (its city and a base on sheet om) gives no note."""
    city = copy_sjostad(tmp_path)
    about = city / "kalkylark" / "om.csv"
    about.write_text("nyckel;värde\nstad;Sjöstad\nbas;https://data.sjostad.example/id/\n", "utf-8")
    result = run("import", city / "kalkylark", "-o", tmp_path / "ut.ttl")
    assert result.exit_code == 0, result.output
    assert "kg.toml" not in result.output
