"""kg import on a city's spreadsheet with the mistakes people make: several years in a year
cell, data that breaks the shapes, an output over the spreadsheet, a missing page, a value in
a column without a header, a CSV that is not UTF-8, texts kg cannot find, Excel's error values
and unsaved formulas, one CSV file for the folder, a ZIP made by the zip command; and the notes
of the Swedish and English templates, and the command kg import says to check the result
with."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import zipfile
from pathlib import Path

import pytest
from helpers.cities import copy_sjostad, edit
from helpers.graphs import same_graph
from rdflib import RDF
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.io.spreadsheet import SpreadsheetError, export_spreadsheet, files_dir, import_spreadsheet
from kg.io.spreadsheet.columns import SHEETS
from kg.io.spreadsheet.writer import write_spreadsheet
from kg.model.namespace import KG
from kg.paths import sources_dir

SJOSTAD = Path(__file__).parent / "fixtures" / "sjostad"


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A copy of the Sjöstad data folder: kg.toml, sources/ and the CSV spreadsheet."""
    return copy_sjostad(tmp_path)


def drop(csv: Path, line: int) -> None:
    lines = csv.read_text("utf-8-sig").splitlines()
    del lines[line - 1]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")


def mistakes_of(path: Path, **options) -> list:
    with pytest.raises(SpreadsheetError) as caught:
        kg.import_spreadsheet(path, **options)
    return caught.value.mistakes


# ---- 1. a year cell takes one year


def test_several_years_in_a_year_cell_are_refused(city: Path):
    sheet = city / "kalkylark"
    edit(sheet / "samverkan.csv", 2, ";2023;", ";2022|2023;")
    edit(sheet / "parter.csv", 2, ";2023;", ";2022 | 2023;")
    output = city / "out.ttl"
    result = run("import", sheet, "-o", output, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert not output.exists()
    text = " ".join(result.output.split())
    assert "sheet samverkan, row 2, column E (år): '2022|2023' is 2 years" in text
    assert "its first year under 'start' and its last under 'slut'" in text
    assert "sheet parter, row 2, column E (år): '2022 | 2023' is 2 years" in text


def test_hints_name_other_sheets_and_columns_in_the_workbooks_words(city: Path):
    """A Swedish workbook's mistakes send the reader to sheet belägg and column 'avser år' of
    sheet dokument, the names its sheets have, not to sheet evidence and 'reports on'."""
    sheet = city / "kalkylark"
    edit(sheet / "aktörer.csv", 2, "Kommunfullmäktige i", "Kommunfullmäktige … i")
    edit(sheet / "samverkan.csv", 2, ";2023;", ";2030;")
    hints = " ".join(m.hint for m in mistakes_of(sheet))
    assert "put a second passage in sheet belägg" in hints
    assert "widen 'avser år' in sheet dokument" in hints
    assert "evidence" not in hints and "reports on" not in hints


@pytest.mark.slow
def test_a_committee_outside_the_public_sector_is_refused_by_its_row(city: Path):
    """A type that says the sector (a committee is a public body) refuses another sector, in
    the sheet's words, by the row and column."""
    sheet = city / "kalkylark"
    edit(
        sheet / "aktörer.csv",
        7,
        "Utbildningsnämnden;Education Committee;nämnd;offentlig;",
        "Utbildningsnämnden;Education Committee;nämnd;näringsliv;",
    )
    (mistake,) = mistakes_of(sheet)
    assert (mistake.sheet, mistake.row) == ("aktörer", 7)
    assert "(sektor)" in mistake.column
    assert "'nämnd'" in mistake.message and "its 'sektor' is 'offentlig sektor'" in mistake.message


@pytest.mark.parametrize(
    ("sheet", "line", "old", "new", "column", "message"),
    [
        ("parter.csv", 2, "Kultur- och fritidsnämnden;;", "Kultur- och fritidsnämnden;idéburen;",
         "aktör", "write one, not both"),
        ("samverkan.csv", 2, ";2023;", ";2025;", "år",
         "2025 is outside the years of document upp-2023 (up to 2024)"),
        ("samverkan.csv", 3, "Kultur- och fritidsnämnden;;;;Hamnen",
         "Kultur- och fritidsnämnden;;2023-13;;Hamnen", "start",
         "'2023-13' is not a year, a month or a date"),
        ("samverkan.csv", 2, "kunskapsallians;Kultur- och fritidsnämnden;",
         "kunskapsallians;Kultur- och fritidsförvaltningen;", "redovisas av",
         "'Kultur- och fritidsförvaltningen' is not a committee"),
        ("aktörer.csv", 2, "kommun;offentlig;ja;", "kommun;offentlig;kanske;", "kommunal",
         "'kanske' is neither yes nor no"),
    ],
    ids=["actor-and-sector", "year-after-the-document", "month-13", "reported-by-no-committee",
         "neither-yes-nor-no"],
)  # fmt: skip
def test_a_wrong_cell_is_one_mistake_on_its_row_and_column(
    city: Path, sheet: str, line: int, old: str, new: str, column: str, message: str
):
    edit(city / "kalkylark" / sheet, line, old, new)
    (mistake,) = mistakes_of(city / "kalkylark")
    assert (mistake.sheet, mistake.row) == (sheet.removesuffix(".csv"), line)
    assert f"({column})" in mistake.column
    assert mistake.message.startswith(message), mistake.message


def test_a_party_named_twice_is_one_mistake_on_the_second_row(city: Path):
    parties = city / "kalkylark" / "parter.csv"
    lines = parties.read_text("utf-8").splitlines()
    parties.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    (mistake,) = mistakes_of(city / "kalkylark")
    assert (mistake.sheet, mistake.row) == ("parter", len(lines) + 1)
    assert mistake.message.startswith(
        "'Kultur- och fritidsnämnden' is already a party of 'Trygga stråket' (row 2)"
    )


def test_a_name_written_in_other_case_and_spacing_is_the_same_row(city: Path):
    """A party row may name its actor in capitals and with a double space: it is the actor
    of that name (a name differs from another only by more than case and spacing)."""
    sheet = city / "kalkylark"
    before = import_spreadsheet(sheet)
    edit(sheet / "parter.csv", 2, ";Kultur- och fritidsnämnden;", ";KULTUR- OCH  FRITIDSNÄMNDEN;")
    assert same_graph(import_spreadsheet(sheet), before)


def test_a_column_of_the_citys_own_is_left_out_though_its_header_begins_with_a_space(
    city: Path,
):
    """A header that begins with '#' after spaces (each cell is read stripped) is a column
    the city keeps for itself, not an unknown column."""
    sheet = city / "kalkylark"
    before = import_spreadsheet(sheet)
    actors = sheet / "aktörer.csv"
    lines = actors.read_text("utf-8-sig").splitlines()
    lines = [lines[0] + "; # vår anteckning", *(line + ";att ringa" for line in lines[1:])]
    actors.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert same_graph(import_spreadsheet(sheet), before)


def test_a_quote_whose_whitespace_differs_from_the_text_is_the_texts(city: Path):
    """Only whitespace may differ, as kg validate has it: a line break and double spaces
    in a quote are the text's single spaces."""
    sheet = city / "kalkylark" / "parter.csv"
    edit(sheet, 2, "har tillsammans med", "har  tillsammans\nmed")
    edit(sheet, 2, ";Kultur- och fritidsnämnden har", ';"Kultur- och fritidsnämnden har')
    text = sheet.read_text("utf-8").splitlines()
    assert text[1].count('"') == 1  # the quote, with its line break, in quotes
    sheet.write_text(
        "\n".join([text[0], text[1], text[2] + '"', *text[3:]]) + "\n", encoding="utf-8"
    )
    assert len(import_spreadsheet(city / "kalkylark")) > 100


def test_a_paginated_text_without_page_lines_is_one_mistake_on_its_document(city: Path):
    """The document's row says its text has no page lines; its quotes' pages are not each
    a mistake too."""
    text = city / "sources" / "sjostad-uppfoljning-2023.txt"
    lines = text.read_text("utf-8").splitlines()
    text.write_text("\n".join(line.split(" ", 1)[1] for line in lines) + "\n", "utf-8")
    (mistake,) = mistakes_of(city / "kalkylark")
    assert (mistake.sheet, mistake.row) == ("dokument", 2)
    assert "has no page lines, but the document is paginated" in mistake.message


def test_a_document_id_that_is_no_iri_name_is_made_one(city: Path):
    """A document's id with a space and a capital ("Pm 2022", as a person may write it) is
    its IRI as a slug, never an IRI with a space in it."""
    for sheet in city.glob("kalkylark/*.csv"):
        text = sheet.read_text("utf-8")
        sheet.write_text(text.replace("pm-2022;", "Pm 2022;"), encoding="utf-8")
    graph = import_spreadsheet(city / "kalkylark")
    documents = {str(s) for s in graph.subjects(RDF.type, KG.SourceDocument)}
    base = "https://w3id.org/kg-malmo/id/sjostad/"
    assert base + "pm-2022" in documents
    assert all(" " not in d and d.startswith(base) for d in documents), documents


def test_no_year_column_invites_several_values():
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.key == "year":
                assert "|" not in column.help and "|" not in column.help_sv, sheet.key


# ---- 2. the shapes, told by sheet and row


def test_an_iop_without_its_non_profit_party_is_refused_by_row(city: Path):
    drop(city / "kalkylark" / "parter.csv", 17)  # IOP med Kvinnojouren Fyren's association
    output = city / "out.ttl"
    result = run("import", city / "kalkylark", "-o", output, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert not output.exists() and "nothing was written" in result.output
    text = " ".join(result.output.split())
    assert (
        "sheet samverkan, row 6: the IOP 'IOP med Kvinnojouren Fyren' has no non-profit party; "
        "add a row for it in sheet parter" in text
    )
    assert "'idéburen sektor' under 'sektor för icke namngiven part'" in text
    assert "kg:" not in text  # no Turtle


def test_a_spreadsheet_without_parties_names_each_collaboration(city: Path):
    (city / "kalkylark" / "parter.csv").unlink()
    (city / "kalkylark" / "belägg.csv").unlink()  # its rows name parties
    found = mistakes_of(city / "kalkylark")
    collaborations = (city / "kalkylark" / "samverkan.csv").read_text("utf-8").splitlines()[1:]
    none = [m for m in found if m.message.endswith("has no party")]
    assert sorted(m.row for m in none) == list(range(2, len(collaborations) + 2))
    assert all(m.sheet == "samverkan" and "sheet parter" in m.hint for m in found)
    # the shapes are kg's own: the library without the check imports it
    assert len(import_spreadsheet(city / "kalkylark")) > 100


def test_a_shape_on_a_property_names_its_column_in_the_sheets_words(city: Path):
    (city / "kalkylark" / "övrigt.csv").write_text(
        "subjekt;egenskap;värde\nkvinnojouren-fyren;kg:sector;kg:Business\n", encoding="utf-8"
    )
    (found,) = mistakes_of(city / "kalkylark")
    assert (found.sheet, found.row, found.column) == ("aktörer", 17, "D (sektor)")
    assert "'sektor'" in found.message and "'näringsliv'" in found.message
    assert "kg:sector" not in found.message and "kg:Business" not in found.message


# ---- 3. never over the spreadsheet


@pytest.mark.parametrize("name", ["same", "sheet.xlsx", "out.csv", "out.zip", "out.xlsm"])
def test_the_output_is_never_a_spreadsheet(tmp_path: Path, name: str):
    workbook = write_spreadsheet({}, tmp_path / "sheet.xlsx")
    before = workbook.read_bytes()
    output = workbook if name == "same" else tmp_path / name
    result = run("import", workbook, "-o", output, "--city", "Sjöstad kommun")
    assert result.exit_code == 2, result.output
    assert "kg import writes Turtle" in result.output and "-o " in result.output
    assert ".ttl" in result.output
    # the output as given, not the file staged beside it (".kg-output.XXXXXXXX/out.ttl")
    said = "".join(result.output.split())
    assert ".kg-output" not in said
    assert f"-o{output.with_suffix('.ttl')}" in said
    if output == workbook:
        assert "isthespreadsheetitreads" in said
    assert workbook.read_bytes() == before
    assert name == "same" or name == "sheet.xlsx" or not output.exists()


def test_the_output_is_never_in_the_folder_of_csv_files(city: Path):
    result = run("import", city / "kalkylark", "-o", city / "kalkylark" / "x.ttl")
    # in the Swedish workbook's language, as its mistakes are
    assert result.exit_code == 2 and "utanför den mappen" in " ".join(result.output.split())
    assert ".kg-output" not in "".join(result.output.split())
    assert not (city / "kalkylark" / "x.ttl").exists()


# ---- 4. a missing page: the page the quote is on


def test_a_missing_page_is_looked_up_in_the_text(city: Path):
    edit(city / "kalkylark" / "aktörer.csv", 2, ";upp-2023;2;", ";upp-2023;;")
    (found,) = mistakes_of(city / "kalkylark")
    assert found.message == "the page is missing"
    assert "the quote is on page 2 of sjostad-uppfoljning-2023.txt; write 2 as the page" in (
        found.hint
    )


def test_a_missing_page_of_a_quote_not_in_the_text_gets_an_example(city: Path):
    edit(city / "kalkylark" / "aktörer.csv", 2, ";2;", ";;")
    edit(city / "kalkylark" / "aktörer.csv", 2, "Kommunfullmäktige i", "Fullmäktige i")
    found = mistakes_of(city / "kalkylark")
    page = next(m for m in found if m.message == "the page is missing")
    assert "(for example 21)" in page.hint


# ---- 5. the notes on the headers, in the workbook's language


ENGLISH = re.compile(r"\b(the|of|and|when|which|where|it)\b", re.I)
SWEDISH = re.compile(r"\b(och|eller|det|som|för|när|där|en|ett)\b", re.I)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_note_is_in_the_workbooks_language(tmp_path: Path, lang: str):
    from openpyxl import load_workbook

    run("init", tmp_path / "t", "--city", "Linköpings kommun", "--lang", lang)
    book = load_workbook(next((tmp_path / "t" / "data").glob("*.xlsx")))
    notes = [
        (sheet.title, cell.value, cell.comment.text)
        for sheet in book.worksheets
        for cell in sheet[1]
        if cell.comment is not None
    ]
    assert len(notes) == sum(len(s.columns) for s in SHEETS)
    other = ENGLISH if lang == "sv" else SWEDISH
    wrong = [n for n in notes if other.search(re.sub(r"\([^)]*\)", "", n[2]))]
    assert not wrong, wrong
    assert {s.name(lang) for s in SHEETS} <= set(book.sheetnames)
    if lang == "sv":
        notes_text = " ".join(n[2] for n in notes)
        assert "bladet dokument" in notes_text and "sheet" not in notes_text


def test_the_shipped_templates_notes_follow_their_language():
    from openpyxl import load_workbook

    for name, lang in (("mall.xlsx", "sv"), ("template.xlsx", "en")):
        book = load_workbook(files_dir() / name)
        for sheet in SHEETS:
            page = book[sheet.name(lang)]
            assert [c.comment.text for c in page[1]] == [c.note(lang) for c in sheet.columns]


# ---- 6. the check command, as printed, works


@pytest.mark.slow
def test_the_printed_check_command_works_outside_the_data_folder(city: Path, tmp_path: Path):
    output = tmp_path / "elsewhere with space" / "sjostad.ttl"
    output.parent.mkdir()
    result = run("import", city / "kalkylark", "-o", output)
    assert result.exit_code == 0, result.output
    printed = " ".join(result.output.split()).split("kontrollera dem med: ", 1)[1]
    words = shlex.split(printed)
    assert words[:2] == ["kg", "validate"] and "--sources" in words
    assert words[-2:] == ["--lang", "sv"]  # the Swedish workbook's violations in Swedish
    checked = run(*words[1:])
    assert checked.exit_code == 0, checked.output
    inside = run("import", city / "kalkylark", "-o", city / "data.ttl")
    assert "--sources" not in inside.output


# ---- 7. a value in a column without a header


def test_a_value_in_a_column_without_a_header_is_refused(city: Path):
    csv = city / "kalkylark" / "aktörer.csv"
    lines = csv.read_text("utf-8").splitlines()
    lines[2] += ";;utan rubrik"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (found,) = mistakes_of(city / "kalkylark")
    assert (found.sheet, found.row, found.column) == ("aktörer", 3, "N")
    assert "'utan rubrik' would be lost" in found.message and "header" in found.hint


# ---- 9. a CSV not in UTF-8, texts kg cannot find


def test_a_csv_not_in_utf8_is_named_by_line_and_column(city: Path):
    csv = city / "kalkylark" / "aktörer.csv"
    # Mac Roman: kg reads Latin-1 as Windows-1252, as Swedish Excel writes it (with a note)
    csv.write_bytes(csv.read_text("utf-8").encode("mac_roman"))
    (found,) = [m for m in mistakes_of(city / "kalkylark") if "UTF-8" in m.message]
    assert "not UTF-8 text (line 2, column 3)" in found.message  # "Sjö…": the ö
    assert "byte" not in found.message


def test_a_missing_text_outside_a_data_folder_asks_for_the_sources(tmp_path: Path):
    sheet = tmp_path / "kalkylark"
    shutil.copytree(SJOSTAD / "kalkylark", sheet)
    found = mistakes_of(sheet, city="Sjöstad kommun")
    files = [m for m in found if m.column and m.column.endswith("(fil)")]
    assert files and all("--sources" in m.hint and "kg.toml" in m.hint for m in files)
    assert not any(str(sources_dir()) in str(m) for m in found)


def test_a_missing_text_in_a_data_folder_goes_into_its_sources(city: Path):
    (city / "sources" / "sjostad-beslut-2021.txt").unlink()
    files = [m for m in mistakes_of(city / "kalkylark") if m.column.endswith("(fil)")]
    assert len(files) == 1
    assert f"put the document's text in {(city / 'sources').resolve()}" in files[0].hint
    assert str(sources_dir()) not in str(files[0])


def test_the_party_shapes_the_import_words_are_the_shapes_messages():
    """kg import words the three party shapes in the sheet's terms by the start of their
    sh:message: each start must begin a message of ontology/shapes.ttl, so that rewording a
    shape fails here rather than falling back to the generic hint unnoticed."""
    from rdflib import Graph
    from rdflib.namespace import SH

    from kg.io.spreadsheet.conformance import _PARTIES
    from kg.paths import shapes_file

    shapes = Graph().parse(shapes_file())
    messages = [str(m) for m in shapes.objects(None, SH.message)]
    for start, _ in _PARTIES:
        assert any(m.startswith(start) for m in messages), start


def test_a_sheet_that_cannot_be_read_is_the_only_mistake_named(tmp_path):
    """An actors sheet saved as Mac Roman (not taken for Windows-1252) is one mistake, by
    line and column; the rows naming its actors elsewhere are not each reported as naming an
    unknown actor (they would be right once the sheet reads)."""
    import shutil

    from kg.io.spreadsheet import SpreadsheetError, import_spreadsheet

    folder = tmp_path / "kalkylark"
    shutil.copytree(Path(__file__).parent / "fixtures" / "sjostad" / "kalkylark", folder)
    actors = folder / "aktörer.csv"
    actors.write_bytes(actors.read_text("utf-8-sig").encode("mac_roman"))
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(folder, sources=[folder.parent])
    text = str(caught.value)
    assert "1 mistake in" in text and "not UTF-8 text (line" in text
    assert "unknown actor" not in text


def test_a_source_text_that_is_not_utf8_is_a_mistake_on_its_document_row(tmp_path):
    """A document's text saved as Latin-1 is one of the import's mistakes, on the document's
    row, naming the text's line and column (as `kg validate` names it), not an error that
    stops the import before the other mistakes are collected."""
    import shutil

    from kg.io.spreadsheet import SpreadsheetError, import_spreadsheet

    folder = tmp_path / "sjostad"
    shutil.copytree(Path(__file__).parent / "fixtures" / "sjostad", folder)
    text = folder / "sources" / "sjostad-uppfoljning-2023.txt"
    text.write_bytes(text.read_text("utf-8").encode("latin-1"))
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(folder / "kalkylark")
    [mistake] = [m for m in caught.value.mistakes if "not UTF-8" in m.message]
    assert mistake.sheet == "dokument" and str(text) in mistake.message
    assert ":1: the file is not UTF-8 text (column" in mistake.message


class _ZipCommandName(zipfile.ZipInfo):
    """A ZIP entry named as the ordinary ``zip`` command names it: UTF-8 without the flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("utf-8"), self.flag_bits & ~0x800


def test_a_zip_whose_names_lack_the_utf8_flag_keeps_its_swedish_sheets(city: Path):
    """aktörer.csv zipped by `zip` (or macOS) is aktörer, as `unzip` reads it, not akt├╢rer."""
    archive = city / "kalkylark.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for csv in sorted((city / "kalkylark").glob("*.csv")):
            out.writestr(_ZipCommandName(f"kalkylark/{csv.name}"), csv.read_bytes())
    with zipfile.ZipFile(archive) as written:
        assert "kalkylark/akt├╢rer.csv" in written.namelist()  # what zipfile alone reads
    got = import_spreadsheet(archive, sources=[city / "sources"])
    assert same_graph(got, import_spreadsheet(city / "kalkylark", sources=[city / "sources"]))


def test_a_data_folder_given_for_its_spreadsheet_names_the_spreadsheet(tmp_path: Path):
    """The folder kg init made, given for the workbook in it, names that workbook (not
    Excel's lock file of it, open) to give instead; a folder with none says what to give."""
    folder = tmp_path / "ekby"
    assert run("init", folder, "--city", "Ekby kommun").exit_code == 0
    (folder / "data" / "~$ekby.xlsx").write_bytes(b"")  # the workbook is open in Excel
    result = run("import", folder, "-o", tmp_path / "ekby.ttl")
    assert result.exit_code == 2 and not (tmp_path / "ekby.ttl").exists()
    said = " ".join(result.output.split())
    assert (
        f"{folder} innehåller inga .csv-filer; ange kalkylarket i den i stället: "
        f"{folder / 'data' / 'ekby.xlsx'}"
    ) in said
    result = run("import", folder / "sources", "-o", tmp_path / "ekby.ttl", "--lang", "en")
    assert (
        "has no .csv files; give a folder of CSV files (one per sheet, each named after its "
        "sheet) or an .xlsx file"
    ) in " ".join(result.output.split())


def test_a_data_folder_offers_its_zip_of_csv_files_and_passes_a_folder_it_cannot_enter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A data folder given for its spreadsheet names a .zip of CSV files in it too (not a
    .zip of anything else); a folder in it that can be listed but not entered is passed
    over, not an internal error."""
    folder = tmp_path / "ekby"
    assert run("init", folder, "--city", "Ekby kommun").exit_code == 0
    with zipfile.ZipFile(folder / "data" / "ekby.zip", "w") as archive:
        for csv in sorted((SJOSTAD / "kalkylark").glob("*.csv")):
            archive.write(csv, csv.name)
    (folder / "data" / "bilder.zip").write_bytes(b"PK not a zip")
    locked = folder / "låst"
    locked.mkdir()
    (locked / "gammal.xlsx").write_bytes(b"")
    locked.chmod(0o444)  # listed, not entered
    if os.geteuid() == 0:  # root enters any folder: the error a user meets, made
        is_file = Path.is_file

        def refused(path: Path) -> bool:
            if locked in path.parents:
                raise PermissionError(13, "Permission denied", str(path))
            return is_file(path)

        monkeypatch.setattr(Path, "is_file", refused)
    try:
        result = run("import", folder, "-o", tmp_path / "ekby.ttl")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert (
        f"{folder} innehåller inga .csv-filer; ange ett av kalkylarken i den i stället: "
        f"{folder / 'data' / 'ekby.xlsx'}, {folder / 'data' / 'ekby.zip'}"
    ) in said, said


def test_a_spreadsheet_s_name_typed_wrong_is_named_as_it_is(tmp_path: Path):
    """A workbook's name typed with a capital or as .xls names the file that is there; a
    name like none gives the general hint, in the data folder's language."""
    folder = tmp_path / "ekby"
    assert run("init", folder, "--city", "Ekby kommun").exit_code == 0
    (folder / "data" / "ekby.ttl").write_text("", "utf-8")  # an earlier import's output
    typed = folder / "data" / "Ekby.xls"
    result = run("import", typed, "-o", tmp_path / "ekby.ttl")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert (
        f"{typed}: filen eller mappen finns inte; menade du {folder / 'data' / 'ekby.xlsx'}?"
        in (said)
    )
    result = run("import", folder / "data" / "alby.xlsx", "-o", tmp_path / "ekby.ttl")
    assert "filen eller mappen finns inte; kontrollera sökvägen" in " ".join(result.output.split())


def test_a_copy_of_a_sheet_under_another_name_is_named_as_a_copy(city: Path, tmp_path: Path):
    """Sheet aktörer saved alone (Excel names the file after the workbook) and left in the
    folder beside aktörer.csv is a copy of it, not a sheet to rename after aktörer."""
    sheets = city / "kalkylark"
    shutil.copy(sheets / "aktörer.csv", sheets / "sjostad.csv")
    result = run("import", sheets, "-o", tmp_path / "out.ttl")
    assert result.exit_code == 2
    assert (
        f"{sheets / 'sjostad.csv'}, blad sjostad: bladet 'sjostad' är en dubblett av bladet "
        "'aktörer'; behåll ett blad av varje slag: ta bort det äldre, eller låt namnet på det "
        "här börja med #"
    ) in " ".join(result.output.split())


def test_a_column_repeated_under_another_header_names_both(city: Path, tmp_path: Path):
    """A header that means a column already there ('namn' beside 'namn (sv)') names the
    column it repeats, by letter and header."""
    edit(city / "kalkylark" / "aktörer.csv", 1, ";namn (en);", ";namn;")
    result = run("import", city / "kalkylark", "-o", tmp_path / "out.ttl", "--lang", "en")
    assert result.exit_code == 2
    assert (
        "sheet aktörer, row 1, column B: column 'namn' repeats column A ('namn (sv)'); keep one "
        "column of each kind"
    ) in " ".join(result.output.split())


def test_one_csv_file_asks_for_the_folder_of_csv_files(city: Path, tmp_path: Path):
    actors = city / "kalkylark" / "aktörer.csv"
    result = run("import", actors, "-o", tmp_path / "out.ttl")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert f"{actors} innehåller ett av arbetsbokens blad, aktörer: kg import läser" in said
    assert "och ange mappen (eller en .zip med den); eller ange själva .xlsx-filen" in said
    assert "as CSV files" not in result.output
    assert not (tmp_path / "out.ttl").exists()


def test_excel_errors_and_formulas_without_results_are_mistakes_by_cell(tmp_path: Path):
    """An error value (#N/A from a failed lookup) and a formula whose result was never saved
    (a workbook written by a script) are each named by cell, not imported as '#N/A' or
    dropped; nothing is written."""
    from openpyxl import load_workbook

    path = tmp_path / "in.xlsx"
    export_spreadsheet(import_spreadsheet(SJOSTAD / "kalkylark"), path, lang="sv")
    book = load_workbook(path)
    actors = book["aktörer"]
    [name_en] = [c.column_letter for c in actors[1] if c.value == "namn (en)"]
    actors[f"{name_en}3"] = "#N/A"
    actors[f"{name_en}4"] = '=B4&" (en)"'
    book.save(path)
    output = tmp_path / "out.ttl"
    result = run("import", path, "-o", output, "--sources", SJOSTAD / "sources", "--lang", "en")
    assert result.exit_code == 2 and not output.exists()
    place = f"{path}, sheet aktörer, row %d, column {name_en} (namn (en)): "
    assert place % 3 + "the cell holds the error #N/A; type the value" in result.output
    assert (
        place % 4 + "the cell holds a formula whose result Excel never saved; "
        "open and save the file in Excel or LibreOffice, or type the value"
    ) in result.output


# ---- a base that is not an IRI


def test_a_base_that_is_not_an_iri_is_a_mistake_where_it_is_written(city: Path, capfd):
    """In sheet om, in kg.toml or given to kg.import_spreadsheet, a base with a space or no
    scheme was rdflib's "does not look like a valid URI" for every IRI on stderr and then an
    internal error (exit 3; in Python a bare Exception): it is a mistake at its cell, file or
    argument, and nothing is said on the way."""
    about = city / "kalkylark" / "om.csv"
    about.write_text(about.read_text("utf-8-sig") + "bas;inte en adress\n", encoding="utf-8")
    done = run("import", city / "kalkylark", "-o", city / "data.ttl")
    assert done.exit_code == 2, done.output
    assert "om.csv, blad om, rad 3, kolumn B (värde): basen 'inte en adress' är ingen IRI" in (
        done.stderr
    )
    assert "valid URI" not in done.output and not (city / "data.ttl").exists()
    assert "valid URI" not in capfd.readouterr().err
    edit(about, 3, "inte en adress", "https://data.sjostad.se/id/")
    toml = city / "kg.toml"
    toml.write_text(toml.read_text("utf-8") + 'base = "https://sjostad.se/a b/"\n', "utf-8")
    done = run("import", city / "kalkylark", "-o", city / "data.ttl", "--lang", "en")
    assert done.exit_code == 2, done.output
    assert f"{toml}: base 'https://sjostad.se/a b/' is not an IRI" in done.stderr
    assert "write a whole IRI without spaces" in done.stderr
    with pytest.raises(SpreadsheetError, match="base 'sjostad' is not an IRI"):
        kg.import_spreadsheet(SJOSTAD / "kalkylark", base="sjostad")
    assert "valid URI" not in capfd.readouterr().err
