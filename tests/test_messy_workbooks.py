"""kg import on workbooks as a city's staff really save them: merged cells, a title row above
the headers, names with line breaks and non-breaking spaces, an actor named by its other name,
and a paginated text pasted from a PDF with several lines per page. Each workbook is
Sjöstad's fixture written by kg export and then changed the way a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cities import copy_sjostad, swedish_workbook
from typer.testing import CliRunner

from kg.cli import app
from kg.io.spreadsheet import import_spreadsheet

SJOSTAD = Path(__file__).parent / "fixtures" / "sjostad"


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """Sjöstad's spreadsheet as a Swedish .xlsx workbook."""
    return swedish_workbook(tmp_path)


def letter(sheet, header: str) -> str:
    """The column letter of ``header`` in a sheet's first row."""
    return next(c.column_letter for c in sheet[1] if c.value == header)


def row_of(sheet, header: str, value: str) -> int:
    """The first row whose cell under ``header`` is ``value``."""
    column = letter(sheet, header)
    return next(r for r in range(2, sheet.max_row + 1) if sheet[f"{column}{r}"].value == value)


def import_sv(path: Path, tmp_path: Path, sources: Path = SJOSTAD / "sources"):
    output = tmp_path / "out.ttl"
    result = run("import", path, "-o", output, "--sources", sources, "--lang", "sv")
    return result, output


@pytest.mark.slow
def test_cells_under_merged_cells_are_named_not_taken_for_empty(workbook: Path, tmp_path):
    """A collaboration's name merged down over its party rows shows on every row, but only
    the first cell holds it: each covered row is a mistake naming the merge and what to do,
    not 'the cell is empty', and nothing is written."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    parties = book["parter"]
    column = letter(parties, "samverkan")
    first = row_of(parties, "samverkan", "Trygga stråket")
    parties.merge_cells(f"{column}{first}:{column}{first + 2}")
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 2 and not output.exists()
    assert (  # the same mistake in two rows: one line naming both
        f"blad parter, rader {first + 1}–{first + 2}, kolumn {column} (samverkan): cellen ingår "
        f"i de sammanfogade cellerna {column}{first}:{column}{first + 2}, och värdet finns bara "
        f"i {column}{first}; dela upp cellerna"
    ) in result.output
    assert "cellen är tom" not in result.output


def test_merged_header_cells_are_named_with_what_to_do(workbook: Path, tmp_path):
    """Two headers merged into one cell (a wide heading over two columns): the covered
    column is named as part of the merge, with what to do, not only as a column without a
    header."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    documents = book["dokument"]
    documents.merge_cells("A1:B1")
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 2 and not output.exists()
    assert (
        "blad dokument, rad 1, kolumn B: cellen ingår i de sammanfogade cellerna A1:B1, och "
        "värdet finns bara i A1; dela upp cellerna (Excel: Koppla och centrera, Ta bort "
        "cellkoppling; LibreOffice: Format, Sammanfoga och dela celler, Dela celler) och ge "
        "varje kolumn en egen rubrik"
    ) in " ".join(result.output.split())


def test_a_title_above_the_headers_is_one_mistake_not_every_header(workbook: Path, tmp_path):
    """A title row a city puts above the headers is named once, by its row, with what to do;
    not as dozens of unknown columns and missing required ones."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    collaborations = book["samverkan"]
    collaborations.insert_rows(1)
    collaborations["A1"] = "Samverkan i Sjöstad 2023"
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 2 and not output.exists()
    assert (
        "blad samverkan, rad 1: rad 1 står ovanför rubrikerna på rad 2: kg läser den första "
        "ifyllda raden som rubrikrad; ta bort raderna ovanför rubrikerna"
    ) in result.output
    assert "okänd kolumn" not in result.output and "1 fel i" in result.output


@pytest.mark.slow
def test_names_with_line_breaks_and_non_breaking_spaces_are_stored_on_one_line(
    workbook: Path, tmp_path
):
    """A name typed with Alt+Enter, or pasted from a web page with a non-breaking space, is
    the same name as the one the other rows use, and its label is one line: the report, the
    map and a SPARQL answer show 'Föreningen Sjöstads Unga', not a broken line."""
    from openpyxl import load_workbook
    from rdflib import Literal
    from rdflib.namespace import SKOS

    book = load_workbook(workbook)
    actors = book["aktörer"]
    name = letter(actors, "namn (sv)")
    young = row_of(actors, "namn (sv)", "Föreningen Sjöstads Unga")
    region = row_of(actors, "namn (sv)", "Region Sjöland")
    actors[f"{name}{young}"] = "Föreningen Sjöstads\nUnga"
    actors[f"{name}{region}"] = "Region\u00a0Sjöland "
    actors[f"{letter(actors, 'namn (en)')}{region}"] = "Region\nSjöland"
    book.save(workbook)
    graph = import_spreadsheet(workbook, sources=[SJOSTAD / "sources"])
    labels = {str(label) for label in graph.objects(None, SKOS.prefLabel)}
    assert {"Föreningen Sjöstads Unga", "Region Sjöland"} <= labels
    assert not [label for label in labels if "\n" in label or "\u00a0" in label]
    assert Literal("Region Sjöland", lang="en") in set(graph.objects(None, SKOS.prefLabel))


def test_a_name_pasted_from_a_pdf_with_a_soft_hyphen_is_the_name_the_other_rows_use(
    workbook: Path, tmp_path
):
    """A name copied from a PDF's text layer carries a soft hyphen or a zero-width space
    where the line broke. Unseen in the cell, it is the same name as the one the other rows
    use (not 'unknown actor 'Sjöstads högskola'; did you mean 'Sjöstads högskola'?'), and its
    label and IRI are those of the name without it."""
    from openpyxl import load_workbook
    from rdflib.namespace import ORG, SKOS

    book = load_workbook(workbook)
    actors = book["aktörer"]
    college = row_of(actors, "namn (sv)", "Sjöstads högskola")
    actors[f"{letter(actors, 'namn (sv)')}{college}"] = "Sjöstads hög\u00adskola"
    young = row_of(actors, "namn (sv)", "Föreningen Sjöstads Unga")
    actors[f"{letter(actors, 'namn (sv)')}{young}"] = "Föreningen Sjöstads\u200b Unga"
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 0 and output.exists(), result.output
    graph = import_spreadsheet(workbook, sources=[SJOSTAD / "sources"])
    labels = {str(label) for label in graph.objects(None, SKOS.prefLabel)}
    assert {"Sjöstads högskola", "Föreningen Sjöstads Unga"} <= labels
    assert not [label for label in labels if "\u00ad" in label or "\u200b" in label]
    members = {str(m).rsplit("/", 1)[-1] for m in graph.objects(None, ORG.member)}
    assert "sjostads-hogskola" in members


def test_a_renamed_sheet_or_csv_file_is_named_by_the_sheet_its_headers_are(
    workbook: Path, tmp_path
):
    """Sheet parter renamed 'Blad1', or saved by Excel as a CSV file named after the
    workbook: the mistake says which sheet its headers are, in the workbook's language, not
    only that the name is unknown; nothing is written."""
    import csv

    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book["parter"].title = "Blad1"
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 2 and not output.exists()
    assert (
        "blad Blad1: okänt blad 'Blad1' (menade du 'parter'? Det har det bladets rubriker)"
    ) in result.output

    folder = tmp_path / "csv"
    folder.mkdir()
    for sheet in book.worksheets[1:]:
        name = "ekstads" if sheet.title == "aktörer" else sheet.title
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as file:
            csv.writer(file, delimiter=";").writerows(
                ["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)
            )
    result, output = import_sv(folder, tmp_path)
    assert result.exit_code == 2 and not output.exists()
    assert (
        "okänt blad 'ekstads' (menade du 'aktörer'? Det har det bladets rubriker)" in result.output
    )


def test_a_date_written_without_leading_zeros_is_named_with_the_date_to_write(
    workbook: Path, tmp_path
):
    """A document's date typed 2016-1-5 (as Excel shows a date in a text cell) is refused,
    and the hint gives the date to write, 2016-01-05, not only the format; nothing is
    written."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    documents = book["dokument"]
    column = letter(documents, "datum")
    documents[f"{column}2"] = "2016-1-5"
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 2 and not output.exists()
    assert (
        f"blad dokument, rad 2, kolumn {column} (datum): '2016-1-5' är inte ett år, en månad "
        "eller ett datum; skriv 2016-01-05 (två siffror för månaden och dagen)"
    ) in result.output


@pytest.mark.slow
def test_an_actor_is_found_by_its_other_swedish_name_unless_two_share_it(workbook: Path, tmp_path):
    """The actors sheet gives an other name (an abbreviation); a party row that writes it
    means that actor, as a reader would take it, rather than 'unknown actor'. An other name
    two actors share is refused by the cell that uses it, with their ids."""
    from openpyxl import load_workbook
    from rdflib.namespace import ORG

    book = load_workbook(workbook)
    actors, parties = book["aktörer"], book["parter"]
    college = row_of(actors, "namn (sv)", "Sjöstads högskola")
    actors[f"{letter(actors, 'andra namn (sv)')}{college}"] = "SHS"
    party = row_of(parties, "aktör", "Sjöstads högskola")
    parties[f"{letter(parties, 'aktör')}{party}"] = "SHS"
    book.save(workbook)
    graph = import_spreadsheet(workbook, sources=[SJOSTAD / "sources"])
    members = {str(m).rsplit("/", 1)[-1] for m in graph.objects(None, ORG.member)}
    assert "sjostads-hogskola" in members and "shs" not in members

    other = row_of(actors, "namn (sv)", "Sjöstads Idrottsallians")
    actors[f"{letter(actors, 'andra namn (sv)')}{other}"] = "shs"
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 2 and not output.exists()
    assert (
        f"blad parter, rad {party}, kolumn {letter(parties, 'aktör')} (aktör): 'SHS' passar in "
        "på mer än en rad (id sjostads-hogskola, sjostads-idrottsallians); skriv id:t"
    ) in result.output


def test_a_page_pasted_from_a_pdf_as_several_lines_is_named_not_a_page_break(tmp_path: Path):
    """A paginated text whose page 3 was pasted as two lines (as a PDF's text layer copies):
    a quote on the second line is not said to cross a page break, but to be on page 3 in a
    line that does not begin with the page number, with what to do; by kg import and by
    kg validate alike."""
    city = copy_sjostad(tmp_path)
    assert run("import", city / "kalkylark", "-o", city / "data.ttl").exit_code == 0
    text = city / "sources" / "sjostad-uppfoljning-2023.txt"
    sentence = "Kultur- och fritidsförvaltningen driver Mötesplats Hamnhuset"
    text.write_text(text.read_text("utf-8").replace(f" {sentence}", f"\n{sentence}"), "utf-8")
    result, output = import_sv(city / "kalkylark", tmp_path, city / "sources")
    assert result.exit_code == 2 and not output.exists()
    said = (
        "citatet står på sidan 3 i sjostad-uppfoljning-2023.txt, men på en rad som inte "
        "börjar med sidnumret; i en sidnumrerad text är varje sida en rad som börjar med "
        "sidans nummer: slå ihop sidans rader till en rad"
    )
    assert f"blad aktörer, rader 6, 13 och 16, kolumn J (citat): {said}" in result.output
    assert "sidbrytning" not in result.output
    checked = run("validate", "--no-bundled", "--data", city / "data.ttl", "--lang", "en")
    assert checked.exit_code != 0
    assert (
        "the quote is on page 3 of sjostad-uppfoljning-2023.txt, but on a line that does not "
        "begin with the page number; in a paginated text each page is one line"
    ) in " ".join(checked.output.split())
    assert "crosses a page break" not in checked.output
    swedish = run("validate", "--no-bundled", "--data", city / "data.ttl", "--lang", "sv")
    assert "citatet står på sidan 3 i sjostad-uppfoljning-2023.txt, men på en rad som" in (
        " ".join(swedish.output.split())
    )
    assert "the quote is on page" not in swedish.output


def test_csv_files_with_excels_separator_line_are_read(tmp_path: Path):
    """CSV files that begin with Excel's 'sep=;' line import as without it, and a mistake
    is still named by the file's own line number."""
    city = copy_sjostad(tmp_path)
    for csv in (city / "kalkylark").glob("*.csv"):
        csv.write_text("sep=;\n" + csv.read_text("utf-8"), "utf-8")
    result, output = import_sv(city / "kalkylark", tmp_path, city / "sources")
    assert result.exit_code == 0, result.output
    actors = city / "kalkylark" / "aktörer.csv"
    lines = actors.read_text("utf-8").splitlines()
    lines[4] = lines[4].replace(";förvaltning;", ";förvaltnig;", 1)
    actors.write_text("\n".join(lines) + "\n", "utf-8")
    output.unlink()
    result, output = import_sv(city / "kalkylark", tmp_path, city / "sources")
    assert result.exit_code == 2 and not output.exists()
    assert "aktörer.csv, blad aktörer, rad 5, kolumn C (typ): okänd aktörstyp" in result.output


@pytest.mark.slow
def test_an_empty_sheet_of_another_name_is_skipped_a_filled_one_refused(workbook: Path, tmp_path):
    """Excel's empty 'Blad1' holds nothing that could be lost, so it does not stop the import;
    a sheet of another name with something in it still does, by its name."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book.create_sheet("Blad1")
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 0, result.output
    book["Blad1"]["C4"] = "kontakt: Anna"
    book.save(workbook)
    output.unlink()
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 2 and not output.exists()
    assert "blad Blad1: okänt blad 'Blad1'" in result.output


@pytest.mark.parametrize("prefix", ["Sjöstad - ", "sjostad-"])
def test_csv_files_downloaded_one_sheet_at_a_time_keep_their_sheets(tmp_path: Path, prefix):
    """Google Sheets downloads a sheet as 'Workbook - sheet.csv', LibreOffice exports
    'workbook-sheet.csv': such a folder imports like the template's file names, and speaks
    the sheets' language (Swedish here, without --lang)."""
    city = copy_sjostad(tmp_path)
    for csv in (city / "kalkylark").glob("*.csv"):
        csv.rename(csv.with_name(prefix + csv.name))
    output = tmp_path / "out.ttl"
    result = run("import", city / "kalkylark", "-o", output, "--sources", city / "sources")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("skrev ")


@pytest.mark.slow
def test_columns_and_sheets_of_the_citys_own_are_skipped_when_marked_with_a_hash(
    workbook: Path, tmp_path
):
    """A contact-person column a city adds is refused, with a hint saying how to keep it;
    headed '# kontaktperson' (and a sheet named '# kontakter') it is skipped, and the import
    is the same as without it."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    actors = book["aktörer"]
    extra = actors.max_column + 1
    actors.cell(1, extra, "kontaktperson")
    actors.cell(3, extra, "Anna Andersson")
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 2 and not output.exists()
    assert "okänd kolumn 'kontaktperson'" in result.output
    assert "låt rubriken på en egen kolumn börja med #, så hoppar kg import över den" in (
        result.output
    )
    plain = import_spreadsheet(SJOSTAD / "kalkylark", sources=[SJOSTAD / "sources"])
    actors.cell(1, extra, "# kontaktperson")
    book.create_sheet("# kontakter")["A1"] = "Anna Andersson, 040-00 00 00"
    book.save(workbook)
    result, output = import_sv(workbook, tmp_path)
    assert result.exit_code == 0, result.output
    assert len(import_spreadsheet(workbook, sources=[SJOSTAD / "sources"])) == len(plain)


def test_csv_files_saved_by_swedish_excel_in_windows_1252_are_read_with_a_note(tmp_path: Path):
    """Swedish Excel's 'CSV (semikolonavgränsad)' is Windows-1252: the folder imports to the
    same Turtle as in UTF-8, with a note naming each such file; a file in an encoding that
    could be taken for it and garble the names (Mac Roman) is still refused."""
    city = copy_sjostad(tmp_path)
    sheets, sources = city / "kalkylark", city / "sources"
    result, output = import_sv(sheets, tmp_path, sources)
    assert result.exit_code == 0, result.output
    expected = output.read_text("utf-8")
    actors = sheets / "aktörer.csv"
    text = actors.read_text("utf-8")
    assert any(letter in text for letter in "åäö")
    actors.write_bytes(text.encode("cp1252"))
    output.unlink()
    result, output = import_sv(sheets, tmp_path, sources)
    assert result.exit_code == 0, result.output
    assert output.read_text("utf-8") == expected
    said = " ".join(result.output.split())
    assert "aktörer.csv är inte UTF-8-text: filen lästes som Windows-1252" in said
    assert said.count("Windows-1252") == 1  # the other files are UTF-8

    actors.write_bytes(text.encode("mac_roman"))
    output.unlink()
    result, output = import_sv(sheets, tmp_path, sources)
    assert result.exit_code == 2 and not output.exists()
    assert "aktörer.csv: ingen UTF-8-text (rad" in " ".join(result.output.split())


def test_a_city_named_otherwise_in_the_workbook_than_in_kg_toml_is_noted(tmp_path: Path):
    """A misspelt city in the workbook's sheet om makes the names under another namespace
    than the data folder's: the import notes it, naming both and the namespace used; the
    same city written alike (with or without 'kommun') gives no note."""
    city = copy_sjostad(tmp_path)
    (city / "kg.toml").write_text('city = "Sjöstad kommun"\nsources = "sources"\n', "utf-8")
    about = city / "kalkylark" / "om.csv"
    text = about.read_text("utf-8")
    assert "Sjöstad" in text
    result, _ = import_sv(city / "kalkylark", tmp_path, city / "sources")
    assert result.exit_code == 0, result.output
    assert "kg.toml" not in result.output
    about.write_text(text.replace("Sjöstad", "Sjöstadt"), "utf-8")
    (tmp_path / "out.ttl").unlink()
    result, _ = import_sv(city / "kalkylark", tmp_path, city / "sources")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        f"{about}, blad om, rad 2, kolumn B (värde): arbetsboken anger kommunen 'Sjöstadt "
        f"kommun', men datamappens kg.toml ({city / 'kg.toml'}) anger 'Sjöstad kommun': "
        "IRI:erna bildas i namnrymden https://w3id.org/kg-malmo/id/sjostadt/"
    ) in said


@pytest.mark.parametrize(
    ("data", "where"),
    [
        # UTF-8 with one line typed in another program: read as Windows-1252 every å, ä and ö
        # of the rest would be garbled (FÃ¶reningen)
        (
            "namn;ort\nFöreningen Ängen;Malmö\n".encode() + "Sjöbo IF;Sjöbo\n".encode("cp1252"),
            "3, column 3",
        ),
        # Mac Roman with only capitals: Ö and Ä are Windows-1252's … and €
        ("namn;ort\nÖresundsgruppen;Ängelholm\n".encode("mac_roman"), "2, column 1"),
    ],
    ids=["utf-8-with-a-stray-line", "mac-roman-capitals"],
)
def test_a_csv_file_that_is_not_windows_1252_is_not_read_as_it(data: bytes, where: str):
    """Only a file that is most likely Windows-1252 is read as it; another is refused with the
    line and column of its first byte that is not UTF-8, as before, not imported garbled."""
    import warnings

    from kg.io.spreadsheet.csvfiles import read_csv
    from kg.io.spreadsheet.mistakes import Mistakes

    mistakes = Mistakes()
    with warnings.catch_warnings(record=True) as noted:
        warnings.simplefilter("always")
        rows = read_csv(data, Path("aktörer.csv"), mistakes)
    assert rows == [] and not noted
    assert [m.message for m in mistakes.found] == [f"aktörer.csv: not UTF-8 text (line {where})"]


@pytest.mark.parametrize("merged", ["A2:A1048576", "A1:XFD1048576"])
def test_a_merge_of_whole_columns_costs_no_more_than_the_sheet(tmp_path: Path, merged: str):
    """A column merged down to Excel's last row (or the whole sheet selected and merged) marks
    the cells it covers in the sheet's own rows and columns, not a million empty rows of
    mistakes (or a hang) past them."""
    import zipfile

    from openpyxl import Workbook

    from kg.io.spreadsheet.mistakes import Mistakes
    from kg.io.spreadsheet.xlsx import Unreadable, read_xlsx

    book = Workbook()
    sheet = book.active
    sheet.title = "aktörer"
    sheet.append(["namn", "sektor"])
    sheet.append(["Föreningen Ängen", "civil"])
    sheet.append(["", "civil"])
    plain, path = tmp_path / "plain.xlsx", tmp_path / "merged.xlsx"
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                merge = f'<mergeCells count="1"><mergeCell ref="{merged}"/></mergeCells>'
                data = data.replace(b"</sheetData>", b"</sheetData>" + merge.encode())
            target.writestr(item, data)
    [(_, _, grid)] = list(read_xlsx(path, Mistakes()))
    assert len(grid) == 3 and max(len(row) for row in grid) == 2
    assert isinstance(grid[2][0], Unreadable)  # the row it covers is still named


def test_an_abbreviation_given_a_row_of_its_own_with_the_same_quote_is_noted(tmp_path: Path):
    """A row 'SH' beside 'Sjöstads högskola', given the quote that names the latter only,
    makes two organisations: the import notes it, naming both rows and what to do; rows
    that share a quote naming each of them (three partners of one alliance) get no note."""
    city = copy_sjostad(tmp_path)
    sheets, sources = city / "kalkylark", city / "sources"
    result, _ = import_sv(sheets, tmp_path, sources)
    assert result.exit_code == 0, result.output
    assert "samma citat" not in result.output  # Sjöstad's shared quotes name each actor
    actors = sheets / "aktörer.csv"
    lines = actors.read_text("utf-8").splitlines()
    college = next(line for line in lines if line.startswith("Sjöstads högskola;"))
    lines.append(college.replace("Sjöstads högskola;Sjöstad University College", "SH;SH", 1))
    actors.write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "out.ttl").unlink()
    result, output = import_sv(sheets, tmp_path, sources)
    assert result.exit_code == 0 and output.exists(), result.output
    said = " ".join(result.output.split())
    row = len(lines)
    assert (
        f"{actors}, blad aktörer, rad {row}, kolumn A (namn (sv)): 'SH' har samma citat som "
        "raderna 'Sjöstads Idrottsallians' (15), 'Sjöstads högskola' (18), och citatet nämner "
        "dem men inte det här namnet"
    ) in said
