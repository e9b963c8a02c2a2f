"""Validation and import in Swedish: every shape says what to do in both languages, ``kg
validate --lang sv`` and ``kg report --lang sv`` list violations in Swedish, and ``kg import``
tells a Swedish workbook's mistakes in Swedish (English with ``--lang en``)."""

from __future__ import annotations

import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from helpers.cities import copy_sjostad, edit
from rdflib import Graph
from rdflib.namespace import SH
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import translated
from kg.io.spreadsheet import SpreadsheetError
from kg.paths import shapes_file

#: An RDF term as a message names it (kg:sector, org:Membership, skos:prefLabel …).
TERM = re.compile(r"\b[a-z]+:[A-Za-z][\w-]*")


def _run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def _messages() -> dict:
    found: dict = defaultdict(dict)
    graph = Graph().parse(shapes_file())
    for shape, message in graph.subject_objects(SH.message):
        found[shape][message.language or ""] = str(message)
    return found


def test_each_shape_message_has_one_english_and_one_swedish_wording_of_the_same_terms():
    messages = _messages()
    assert len(messages) > 60
    for by_language in messages.values():
        assert sorted(by_language) == ["en", "sv"], by_language
        english, swedish = by_language["en"], by_language["sv"]
        assert english != swedish
        assert set(TERM.findall(english)) == set(TERM.findall(swedish)), swedish
        assert re.search("[åäö]", swedish.lower()) or "behöver" in swedish, swedish


@pytest.mark.parametrize(
    ("fixture", "english", "swedish"),
    [
        (
            "no_sector.ttl",
            "An actor needs exactly one kg:sector",
            "En aktör behöver exakt en kg:sector",
        ),
        (
            "quote_wrong_page.ttl",
            "the quote is on page",
            "citatet står på sidan",
        ),
    ],
)
def test_kg_validate_lists_violations_in_the_language_asked(
    fixture_path, fixture: str, english: str, swedish: str
):
    data = fixture_path(fixture)
    said = _run("validate", "--no-bundled", "--data", data, "--lang", "sv")
    assert said.exit_code == 1
    assert swedish in " ".join(said.stdout.split())
    assert english not in said.stdout
    assert "regelbrott" in said.stderr
    plain = _run("validate", "--no-bundled", "--data", data)
    assert english in " ".join(plain.stdout.split())
    assert swedish not in plain.stdout


def test_json_gives_both_wordings(fixture_path):
    said = _run("validate", "--no-bundled", "--data", fixture_path("no_sector.ttl"), "-f", "json")
    violation = json.loads(said.stdout)["violations"][0]
    assert violation["message"].startswith("An actor needs exactly one kg:sector")
    assert violation["message_sv"].startswith("En aktör behöver exakt en kg:sector")


def test_json_gives_the_swedish_of_kg_s_own_checks_too(tmp_path):
    """A misspelt class is no shape's violation: its Swedish comes from kg's catalog, as
    ``--lang sv`` words it, not an empty ``message_sv``."""
    data = tmp_path / "typo.ttl"
    data.write_text(
        "@prefix kg: <https://w3id.org/kg-malmo/ontology#> .\n"
        "<https://w3id.org/kg-malmo/id/x> a kg:Administraton .\n",
        encoding="utf-8",
    )
    said = _run("validate", "--no-bundled", "--data", str(data), "-f", "json")
    violation = json.loads(said.stdout)["violations"][0]
    assert violation["message"].startswith("kg:Administraton is not a class of kg's ontology")
    assert violation["message_sv"].startswith("kg:Administraton är ingen klass i kg-ontologin")
    swedish = _run("validate", "--no-bundled", "--data", str(data), "--lang", "sv")
    assert violation["message_sv"] in " ".join(swedish.stdout.split())


@pytest.mark.slow
def test_kg_validate_says_the_data_conforms_in_swedish():
    said = _run("validate", "--lang", "sv")
    assert said.exit_code == 0
    assert "uppgifterna uppfyller reglerna" in said.stdout
    # the count is the whole graph's, more than the data files' own (kg import's count)
    assert "tripplar, ontologins egna medräknade)" in said.stdout


def test_kg_report_lists_violations_in_swedish(fixture_path, tmp_path: Path):
    data = fixture_path("no_sector.ttl")
    said = _run("report", "--no-bundled", "--data", data, "--lang", "sv", "-o", tmp_path, "-q")
    assert said.exit_code == 1
    assert "En aktör behöver exakt en kg:sector" in " ".join(said.stderr.split())


@pytest.fixture
def city(tmp_path: Path) -> Path:
    return copy_sjostad(tmp_path)


def _import(city: Path, *options: str):
    return _run("import", city / "kalkylark", "-o", city / "ut.ttl", *options)


def test_a_swedish_workbooks_mistakes_are_told_in_swedish(city: Path):
    edit(city / "kalkylark" / "samverkan.csv", 2, ";2023;", ";2030;")
    said = _import(city)
    assert said.exit_code == 2
    text = " ".join(said.stderr.split())
    assert text.startswith("fel: 1 fel i ")
    assert "inget skrevs" in text and "blad samverkan, rad 2, kolumn" in text
    assert "tips:" in text and "hint:" not in text and "row 2" not in text
    english = " ".join(_import(city, "--lang", "en").stderr.split())
    assert "error: 1 mistake in " in english and "sheet samverkan, row 2, column" in english
    assert "nothing was written" in english


def test_a_shape_broken_by_a_swedish_workbook_is_told_in_the_shapes_swedish(city: Path):
    (city / "kalkylark" / "övrigt.csv").write_text(
        "subjekt;egenskap;värde\nkvinnojouren-fyren;kg:sector;kg:Business\n", encoding="utf-8"
    )
    with pytest.raises(SpreadsheetError) as caught:
        kg.import_spreadsheet(city / "kalkylark")
    (found,) = caught.value.mistakes
    assert found.message_sv and found.message_sv != found.message
    assert "'sektor'" in found.message_sv and "kg:sector" not in found.message_sv
    said = " ".join(_import(city).stderr.split())
    assert found.message_sv in said and found.message not in said
    english = " ".join(_import(city, "--lang", "en").stderr.split())
    assert found.message in english and found.message_sv not in english


def test_an_english_workbook_is_told_in_english(tmp_path: Path):
    example = tmp_path / "example"
    shutil.copytree(Path(kg.__file__).parent / "io" / "spreadsheet" / "files" / "example", example)
    (example / "about.csv").unlink()  # no city: a mistake
    said = _run("import", example, "-o", tmp_path / "out.ttl")
    assert said.exit_code == 2
    assert said.stderr.startswith("error: 1 mistake in "), said.stderr
    assert "which city is the data for?" in said.stderr
    swedish = _run("import", example, "-o", tmp_path / "out.ttl", "--lang", "sv").stderr
    assert swedish.startswith("fel: 1 fel i "), swedish


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            [],
            "vilken stad gäller uppgifterna?; kalkylarket saknar bladet ”om”: lägg till det, så "
            "som kalkylarket som kg init skriver har det (i en mapp med CSV-filer, filen om.csv), "
            "med rubrikerna ”nyckel” och ”värde” och en rad med ”stad” och stadens namn; eller "
            "skriv staden i kg.toml, eller ange --city",
        ),
        pytest.param(  # the same code as the Swedish case, told in English
            ["--lang", "en"],
            "which city is the data for?; the spreadsheet has no sheet om: add it, as the "
            "spreadsheet kg init writes has it (in a folder of CSV files, the file om.csv), with "
            "the headers nyckel and värde and a row of stad and the city's name; or write the "
            "city in kg.toml, or give --city",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_a_workbook_without_sheet_about_and_no_city_is_told_to_add_the_sheet(
    tmp_path: Path, lang: list[str], expected: str
):
    """A folder of CSV files without om.csv, in a folder whose kg.toml names no city: kg
    import says the sheet om is missing and how to add it, in the workbook's words."""
    city = copy_sjostad(tmp_path, files=())
    (city / "kalkylark" / "om.csv").unlink()
    said = _run(
        "import",
        city / "kalkylark",
        "-o",
        tmp_path / "ut.ttl",
        "--sources",
        city / "sources",
        *lang,
    )
    assert said.exit_code == 2, said.output
    assert expected in " ".join(said.stderr.split())


def test_a_data_files_syntax_error_is_told_in_swedish(fixture_path):
    said = _run(
        "validate", "--no-bundled", "--data", fixture_path("syntax_error.ttl"), "--lang", "sv"
    )
    assert said.exit_code == 2
    text = " ".join(said.stderr.split())
    assert "syntaxfel:" in text and "tips: rätta påståendet på den raden" in text
    assert text.endswith("inget lästes in"), text


@pytest.mark.slow
def test_a_membership_and_a_node_are_named_in_swedish(fixture_path):
    data = fixture_path("membership_without_evidence.ttl")
    said = " ".join(_run("validate", "--no-bundled", "--data", data, "--lang", "sv").stdout.split())
    assert "medlemskap för Testhögskolan i Testallians (id:test/m3)" in said
    party = fixture_path("no_party.ttl")
    said = " ".join(
        _run("validate", "--no-bundled", "--data", party, "--lang", "sv").stdout.split()
    )
    assert "(id:test/network) (noden): En samverkan behöver minst en part" in said


def test_lists_and_hints_inside_a_message_are_worded_too():
    assert translated("the quote is on page 2 or 3 of a.txt, not on page 4", "sv") == (
        "citatet står på sidan 2 eller 3 i a.txt, inte på sidan 4"
    )
    hint = "did you mean 'Fritidsnämnden' or 'Fritidsförvaltningen'? Or write the Swedish name "
    hint += "or the id of a row of sheet actors (aktörer)"
    assert translated(hint, "sv") == (
        "menade du 'Fritidsnämnden' eller 'Fritidsförvaltningen'? Eller skriv det svenska "
        "namnet eller id:t för en rad på bladet aktörer"
    )


def test_a_spreadsheet_error_survives_pickling_and_one_mistake_is_listed_once():
    import pickle

    from kg.io.spreadsheet.mistakes import Mistakes

    mistakes = Mistakes(lang="sv")
    mistakes.add("the page is missing", "write 3", sheet="aktörer", row=2)
    mistakes.add("the page is missing", "write 3", sheet="aktörer", row=2, hint_sv="skriv 3")
    with pytest.raises(SpreadsheetError) as caught:
        mistakes.raise_if_any(Path("ekby.xlsx"))
    error = pickle.loads(pickle.dumps(caught.value))
    assert len(error.mistakes) == 1 and error.lang == "sv"
    assert str(error) == str(caught.value)
    assert error.worded("sv")[0].startswith("1 fel i ekby.xlsx; inget skrevs:")


def test_two_messages_in_one_language_are_refused(tmp_path: Path):
    from kg.errors import KgError
    from kg.validation.shapes import ShapesGraph

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ex: <http://example.org/> .\n"
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "one" , "two" .\n',
        encoding="utf-8",
    )
    with pytest.raises(KgError, match="more than one sh:message in one language"):
        ShapesGraph(shapes).targeted  # noqa: B018


def test_a_spreadsheets_language_is_read_from_its_sheet_names(city: Path, tmp_path: Path):
    from kg.io.spreadsheet import files_dir
    from kg.io.spreadsheet.tables import sheet_language

    packed = tmp_path / "kalkylark.zip"
    shutil.make_archive(str(packed.with_suffix("")), "zip", city / "kalkylark")
    files = files_dir()
    paths = [files / "mall.xlsx", files / "template.xlsx", files / "mall", files / "example"]
    paths += [city / "kalkylark", packed, tmp_path / "none.xlsx"]
    found = {path.name: sheet_language(path) for path in paths}
    assert found == {
        "mall.xlsx": "sv",
        "template.xlsx": "en",
        "mall": "sv",
        "example": "en",
        "kalkylark": "sv",
        "kalkylark.zip": "sv",
        "none.xlsx": None,
    }


def test_a_swedish_workbook_is_imported_in_swedish_and_checked_with_lang_sv(city: Path):
    said = _import(city)
    assert said.exit_code == 0, said.output
    text = " ".join(said.stdout.split())
    assert text.startswith("skrev ") and " tripplar till " in text
    assert text.endswith("--lang sv")


def test_a_misspelt_sheet_or_column_gets_the_name_it_is_closest_to(city: Path):
    sheets = city / "kalkylark"
    (sheets / "områden.csv").rename(sheets / "områdn.csv")
    edit(sheets / "samverkan.csv", 1, "redovisas av", "redovisas a")
    said = " ".join(_import(city).stderr.split())
    assert "okänt blad 'områdn' (menade du 'områden'?); ge varje blad" in said
    assert "okänd kolumn 'redovisas a' (menade du 'redovisas av'?); bladet samverkan" in said
    assert "kolumnerna: id, namn (sv) (name (sv))" in said  # Swedish first, a name once
    assert said.endswith("tips: rätta det som nämns ovan och kör kg import igen")  # no cells
    english = " ".join(_import(city, "--lang", "en").stderr.split())
    assert "unknown column 'redovisas a' (did you mean 'redovisas av'?); the columns" in english


def test_a_range_of_years_in_a_year_cell_is_told_as_several_years(city: Path):
    edit(city / "kalkylark" / "samverkan.csv", 2, ";2023;", ";2022-2023;")
    said = " ".join(_import(city).stderr.split())
    assert "'2022-2023' anger 2 år; cellen rymmer bara ett år" in said
    assert "dess första år under 'start' och dess sista under 'slut'" in said


@pytest.mark.slow
def test_a_misspelt_word_of_a_vocabulary_gets_the_word_it_is_closest_to(city: Path):
    """A sector or a type written nearly right ("offentig", "nämd") is answered with the
    word it is closest to, before the list of every word the column takes."""
    sheet = city / "kalkylark" / "aktörer.csv"
    edit(sheet, 3, ";nämnd;offentlig;", ";nämd;offentig;")
    said = " ".join(_import(city).stderr.split())
    assert "okänd sektor 'offentig'; menade du 'offentlig'? Eller skriv något av:" in said
    assert "okänd aktörstyp 'nämd'; menade du 'nämnd'? Eller skriv något av:" in said
    english = " ".join(_import(city, "--lang", "en").stderr.split())
    assert "unknown sector 'offentig'; did you mean 'offentlig'? Or write one of:" in english


def test_the_word_suggested_for_a_misspelt_sector_is_spelt_as_the_column_takes_it(city: Path):
    """`ideell sektor` is nearest the word `idéburen sektor`, which the column also takes
    without its accent: the suggestion spells it as a person writes it."""
    edit(city / "kalkylark" / "aktörer.csv", 3, ";nämnd;offentlig;", ";nämnd;ideell sektor;")
    said = " ".join(_import(city).stderr.split())
    assert "okänd sektor 'ideell sektor'; menade du 'idéburen sektor'? Eller" in said


def test_a_quote_written_inside_quotation_marks_is_told_to_leave_them_out(city: Path):
    """A quote cell written as a quotation (”…”, as a Swedish text quotes) is refused, as the
    marks are not in the source text: the hint says to leave them out, not to copy again."""
    passage = "Kommunledningskontoret samordnar uppföljningen."
    edit(city / "kalkylark" / "aktörer.csv", 4, f";{passage};", f";”{passage}”;")
    said = " ".join(_import(city).stderr.split())
    assert "blad aktörer, rad 4, kolumn J (citat): citatet finns inte i" in said
    assert "ta bort citattecknen runt det: cellen ska bara innehålla själva texten" in said
    english = " ".join(_import(city, "--lang", "en").stderr.split())
    assert "leave out the quotation marks around it: the cell holds the passage alone" in english


def test_a_committee_written_with_and_without_its_ending_is_noted_in_swedish(city: Path):
    """A row "Kultur- och fritidsnämnd" beside one named "Kultur- och fritidsnämnden"
    breaks no rule but makes two committees: kg import writes the data and says so."""
    sheet = city / "kalkylark" / "aktörer.csv"
    lines = sheet.read_text("utf-8").splitlines()
    row = lines[4].split(";")
    assert row[0] == "Kultur- och fritidsnämnden"
    row[0], row[1] = "Kultur- och fritidsnämnd", ""
    sheet.write_text("\n".join([*lines, ";".join(row)]) + "\n", encoding="utf-8")
    said = _import(city)
    assert said.exit_code == 0, said.stderr
    text = " ".join(said.stderr.split())
    assert (
        f"{sheet}, blad aktörer, rad {len(lines) + 1}, kolumn A (namn (sv)): 'Kultur- och "
        "fritidsnämnd' och 'Kultur- och fritidsnämnden' (rad 5) skiljer sig bara i ändelsen och "
        "blir därför två organisationer"
    ) in text
    english = " ".join(_import(city, "--lang", "en").stderr.split())
    assert "and 'Kultur- och fritidsnämnden' (row 5) differ only" in english


@pytest.mark.slow
def test_an_unknown_type_word_lists_every_kind_in_the_message_s_language(city: Path):
    """The words a type cell takes include the kinds of actor an ontology class covers
    (stiftelse, trossamfund, bostadsbolag, region): a Swedish message lists the Swedish
    words, an English one the English."""
    edit(city / "kalkylark" / "aktörer.csv", 3, ";nämnd;offentlig;", ";sällskap;offentlig;")
    said = " ".join(_import(city).stderr.split())
    assert "okänd aktörstyp 'sällskap'" in said
    for words in (
        "förening, stiftelse, trossamfund (association)",
        "bolag, bostadsbolag (company)",
        "myndighet, region (public agency)",
    ):
        assert words in said
    assert "foundation" not in said and "housing company" not in said
    english = " ".join(_import(city, "--lang", "en").stderr.split())
    assert "unknown actor type 'sällskap'" in english
    for words in (
        "association, foundation, faith community (förening)",
        "company, housing company (bolag)",
        "public agency, region (myndighet)",
    ):
        assert words in english
    assert "stiftelse" not in english and "bostadsbolag" not in english


def test_a_quote_a_word_off_gets_the_passage_it_was_copied_from(city: Path):
    """A quote that is not in the text but nearly is (a word left out) is answered with the
    text's passage, to copy instead, in kg import and in kg validate."""
    edit(city / "kalkylark" / "aktörer.csv", 3, "gett alla nämnder", "gett nämnder")
    said = " ".join(_import(city).stderr.split())
    assert (
        'texten har "Kommunstyrelsen har gett alla nämnder i uppdrag att bygga '
        'kunskapsallianser.": kopiera det ord för ord'
    ) in said
    english = " ".join(_import(city, "--lang", "en").stderr.split())
    assert 'the text has "Kommunstyrelsen har gett alla nämnder i uppdrag' in english


def test_kg_validate_names_the_passage_a_quote_was_copied_from(tmp_path: Path):
    from kg.validation.quotes import excerpt_problem

    text = tmp_path / "t.txt"
    text.write_text("Nämnden samarbetar också med Röda korset i Lund.\n", encoding="utf-8")
    said = excerpt_problem((tmp_path,), "t.txt", "Nämnden samarbetar med Röda korset i Lund.", None)
    assert said and said.endswith(
        'the text has "Nämnden samarbetar också med Röda korset i Lund.": copy that verbatim'
    )
    far = excerpt_problem((tmp_path,), "t.txt", "Något helt annat står här.", None)
    assert far
    assert far.endswith("copy it verbatim from the text (whitespace may differ, nothing else)")


def test_a_mistaken_type_is_told_once_not_again_where_the_actor_is_used(city: Path):
    """A committee whose type is misspelt is one mistake, on its row; the collaborations it
    reports do not each add "is not a committee" after it."""
    edit(
        city / "kalkylark" / "aktörer.csv",
        5,
        "Culture and Leisure Committee;nämnd;",
        "Culture and Leisure Committee;nämd;",
    )
    said = " ".join(_import(city, "--lang", "en").stderr.split())
    assert "unknown actor type 'nämd'" in said
    assert "is not a committee" not in said


def test_a_partys_misspelt_collaboration_is_told_once_not_again_on_its_quotes(city: Path):
    """A party row naming an unknown collaboration is one mistake, on that row; the party's
    further quotes on sheet evidence do not add "is not a party of" after it."""
    edit(
        city / "kalkylark" / "parter.csv",
        18,
        "Trygg hamn;Socialnämnden",
        "Trygg hamm;Socialnämnden",
    )
    said = " ".join(_import(city, "--lang", "en").stderr.split())
    assert "unknown collaboration 'Trygg hamm'" in said
    assert "is not a party of" not in said


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "None of the sources of 2012 describes this committee"),
        ("sv", "Ingen av källorna för 2012 beskriver nämnden"),
    ],
)
def test_kg_suggest_in_a_year_says_which_years_sources_do_not_describe_the_committee(
    lang: str, said: str
):
    """Förskolenämnden is described by sources of other years, only not by those of 2012: kg
    suggest --year 2012 names the year (not "none of the sources") and says what to do."""
    shown = _run("suggest", "Förskolenämnden", "--year", 2012, "--lang", lang)
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert said in text, text
    assert "--year" in text.split(said, 1)[1], text
