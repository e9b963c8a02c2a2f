"""kg.io.spreadsheet: a city's spreadsheet imported to Turtle that validates, and back again."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.graphs import differences, same_graph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

import kg
from kg.errors import KgError
from kg.io.spreadsheet import (
    SpreadsheetError,
    export_rows,
    export_spreadsheet,
    files_dir,
    import_spreadsheet,
    import_to_turtle,
)
from kg.io.spreadsheet.columns import SHEETS
from kg.io.spreadsheet.docs import example_graph, template_readme
from kg.io.spreadsheet.export import data_only
from kg.io.spreadsheet.mistakes import Mistakes
from kg.io.spreadsheet.tables import read_tables
from kg.io.spreadsheet.vocab import ACTOR_TYPES, COLLABORATION_TYPES, SECTORS, fold
from kg.io.spreadsheet.writer import write_spreadsheet
from kg.model.namespace import KG

SJOSTAD = Path(__file__).parent / "fixtures" / "sjostad"
SHEET = SJOSTAD / "kalkylark"
MISTAKES = SJOSTAD / "fel"
SOURCES = SJOSTAD / "sources"
BASE = "https://w3id.org/kg-malmo/id/sjostad/"


def assert_same_graph(got: Graph, expected: Graph) -> None:
    """Isomorphic graphs, else the triples that differ."""
    only_got, only_expected = differences(got, expected)
    if only_got or only_expected:
        lines = [f"+ {t}" for t in only_got][:30]
        lines += [f"- {t}" for t in only_expected][:30]
        pytest.fail("graphs differ (+ imported only, - expected only):\n" + "\n".join(lines))


@pytest.fixture(scope="module")
def sjostad() -> Graph:
    return import_spreadsheet(SHEET)


def rows_of(path: Path) -> dict[str, list[dict[str, str]]]:
    mistakes = Mistakes()
    tables = read_tables(path, mistakes)
    assert not mistakes, mistakes.found
    return {t.sheet.key: [dict(r.cells) for r in t.rows] for t in tables}


# ---- the fictional municipality


def test_sjostad_spreadsheet_has_at_least_50_rows():
    assert sum(len(rows) for rows in rows_of(SHEET).values()) >= 50


@pytest.mark.slow
def test_sjostad_imports_and_validates_with_its_own_sources(sjostad: Graph):
    report = kg.validate(kg.load(bundled=False) + sjostad, sources=SOURCES)
    assert report.conforms, "\n".join(str(v) for v in report.violations)


def test_sjostad_names_are_under_the_city_base(sjostad: Graph):
    subjects = {s for s in sjostad.subjects() if isinstance(s, URIRef)}
    assert subjects and all(str(s).startswith(BASE) for s in subjects)
    committee = URIRef(BASE + "socialnamnden")
    assert (committee, RDF.type, KG.Committee) in sjostad
    # the kind's prefix once, though the name begins with it (IOP med …)
    assert (URIRef(BASE + "m-iop-med-kvinnojouren-fyren--socialnamnden"), None, None) in sjostad
    assert not any("iop-iop" in str(s) for s in subjects)


def test_sjostad_follows_the_conventions(sjostad: Graph):
    excerpt = URIRef(BASE + "ev-upp-2023-p5-socialnamnden")
    assert (excerpt, KG.page, Literal(5)) in sjostad
    assert (URIRef(BASE + "ka-trygga-straket"), KG.year, None) in sjostad
    assert (
        URIRef(BASE + "ka-trygga-straket"),
        SKOS.prefLabel,
        Literal("Safe Routes", lang="en"),
    ) in sjostad
    assert (URIRef(BASE + "goal-area-1"), SKOS.inScheme, KG.GoalAreaScheme) in sjostad


@pytest.mark.slow
def test_xlsx_gives_the_same_graph_as_csv(sjostad: Graph, tmp_path: Path):
    workbook = write_spreadsheet(rows_of(SHEET), tmp_path / "sjostad.xlsx", "xlsx", "sv")
    assert_same_graph(import_spreadsheet(workbook, sources=[SOURCES]), sjostad)


@pytest.mark.slow
def test_two_cities_load_side_by_side(sjostad: Graph, bundled_graph: Graph):
    both = bundled_graph + sjostad
    malmo = {s for s in data_only(bundled_graph).subjects() if isinstance(s, URIRef)}
    assert not malmo & {s for s in sjostad.subjects()}
    assert kg.validate(both, sources=SOURCES).conforms


# ---- round trips


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fmt", "name", "lang"),
    [("xlsx", "back.xlsx", "en"), ("csv", "back", "sv"), ("csv", "back.zip", "en")],
)
def test_sjostad_round_trips(sjostad: Graph, tmp_path: Path, fmt: str, name: str, lang: str):
    exported = export_spreadsheet(sjostad, tmp_path / name, fmt, lang=lang)
    assert not exported.lost
    assert "other" not in exported.rows  # every fact of the template has a column
    assert_same_graph(import_spreadsheet(tmp_path / name, sources=[SOURCES]), sjostad)


@pytest.mark.slow
def test_a_party_with_an_earlier_documents_quote_too_round_trips(tmp_path: Path):
    """A party of 2023 with a second quote from a 2022 press release: the row keeps the quote
    its year is checked against (the earlier one sorts first by its id)."""
    import shutil

    sheet = tmp_path / "kalkylark"
    shutil.copytree(SHEET, sheet)
    with (sheet / "belägg.csv").open("a", encoding="utf-8") as rows:
        rows.write(
            "Trygg hamn;Socialförvaltningen;pm-2022;;Socialnämnden startar i maj 2022 projektet "
            "Trygg hamn tillsammans med Räddningstjänsten Sjöstad och Sjövikens Boende AB.\n"
        )
    graph = import_spreadsheet(sheet, sources=[SOURCES])
    export_spreadsheet(graph, tmp_path / "back.xlsx")
    assert_same_graph(import_spreadsheet(tmp_path / "back.xlsx", sources=[SOURCES]), graph)


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "name"), [("xlsx", "malmo.xlsx"), ("csv", "malmo")])
def test_bundled_data_round_trips(bundled_graph: Graph, tmp_path: Path, fmt: str, name: str):
    exported = export_spreadsheet(bundled_graph, tmp_path / name, fmt)
    assert not exported.lost
    assert_same_graph(import_spreadsheet(tmp_path / name), data_only(bundled_graph))


@pytest.mark.slow
def test_facts_without_a_column_go_to_sheet_other(sjostad: Graph, tmp_path: Path):
    graph = Graph() + sjostad
    document = URIRef(BASE + "pm-2022")
    extra = [
        (document, DCTERMS.type, Literal("Pressmeddelande", lang="sv")),
        (URIRef(BASE + "sjostad-kommun"), RDFS.seeAlso, URIRef("https://example.org/sjostad")),
        (URIRef(BASE + "beslut-2021"), RDF.type, KG.InvestigationAssignment),
        (
            URIRef(BASE + "beslut-2021"),
            KG.year,
            Literal("2021", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")),
        ),
    ]
    for triple in extra:
        graph.add(triple)
    exported = export_spreadsheet(graph, tmp_path / "x.xlsx")
    assert len(exported.rows["other"]) == len(extra)
    assert_same_graph(import_spreadsheet(tmp_path / "x.xlsx", sources=[SOURCES]), graph)


def test_an_areas_definition_that_is_an_iri_goes_to_sheet_other(tmp_path: Path):
    """skos:definition may name a resource: kg export wrote it to sheet other, where it
    stopped with "'URIRef' object has no attribute 'language'"."""
    area = URIRef(BASE + "area-norr")
    graph = Graph()
    graph.add((area, RDF.type, KG.Area))
    graph.add((area, SKOS.prefLabel, Literal("Norr", lang="sv")))
    graph.add((area, SKOS.definition, URIRef("https://example.org/norr")))
    exported = export_rows(graph, base=BASE)
    assert exported.rows["other"] == [
        {
            "subject": "area-norr",
            "property": "skos:definition",
            "value": "<https://example.org/norr>",
        }
    ]


def test_a_municipality_named_by_an_iri_gives_no_city(tmp_path: Path):
    """A municipality whose skos:prefLabel is an IRI names no city on sheet about (the
    triple goes to sheet other), where kg export stopped with "'URIRef' object has no
    attribute 'language'"."""
    city = URIRef(BASE + "sjostad-kommun")
    graph = Graph()
    graph.add((city, RDF.type, KG.Municipality))
    graph.add((city, KG.isMunicipal, Literal(True)))
    graph.add((city, SKOS.prefLabel, URIRef("https://example.org/sjostad")))
    exported = export_rows(graph, base=BASE)
    assert exported.rows["about"][0] == {"key": "city", "value": ""}
    assert {"subject": "sjostad-kommun", "property": "skos:prefLabel"}.items() <= exported.rows[
        "other"
    ][0].items()


def test_blank_nodes_other_than_selectors_are_reported_lost(sjostad: Graph):
    graph = Graph() + sjostad
    note = BNode()
    graph.add((URIRef(BASE + "sjostad-kommun"), RDFS.comment, note))
    exported = export_rows(graph)
    assert exported.lost == [(URIRef(BASE + "sjostad-kommun"), RDFS.comment, note)]


# ---- mistakes

#: One of each mistake in tests/fixtures/sjostad/fel: sheet, row, column header, message.
EXPECTED = [
    ("documents", 4, "file", "the source text 'sjostad-beslut-2012.txt' is not in"),
    ("actors", 4, "quote", "the quote is missing"),
    ("actors", 5, "quote", "the quote is not in sjostad-uppfoljning-2023.txt"),
    ("actors", 6, "page", "the quote is on page 3 of sjostad-uppfoljning-2023.txt, not on page 4"),
    ("actors", 7, "type", "unknown actor type 'bageri'"),
    ("actors", 8, "sector", "unknown sector 'regional'"),
    ("actors", 9, "name (sv)", "the name 'Socialnämnden' is already used in row 3"),
    ("actors", 10, "part of", "an administration needs its committee"),
    ("collaborations", 3, "year", "'20x2' is not a year"),
    ("collaborations", 4, "year", "2030 is outside the years of document upp-2023 (up to 2024)"),
    ("collaborations", 5, "type", "this cell is empty"),
    ("parties", 4, "actor", "unknown actor 'Brandkåren'"),
    ("parties", 5, "collaboration", "unknown collaboration 'Trygga gator'"),
    ("parties", 6, "document", "unknown document 'upp-2024'"),
    ("parties", 7, "role", "an unnamed party has no role"),
]


def _found(error: SpreadsheetError) -> list[tuple]:
    return [(m.sheet, m.row, m.column.split(" (", 1)[1][:-1], m.message) for m in error.mistakes]


def _expect(found: list[tuple]) -> None:
    assert len(found) == len(EXPECTED), "\n".join(map(str, found))
    for (sheet, row, column, message), want in zip(found, EXPECTED, strict=True):
        assert (sheet, row, column) == want[:3]
        assert message.startswith(want[3]), message


def test_each_mistake_gets_one_message_and_nothing_is_written(tmp_path: Path):
    output = tmp_path / "fel.ttl"
    with pytest.raises(SpreadsheetError) as caught:
        import_to_turtle(MISTAKES, output)
    _expect(_found(caught.value))
    assert not output.exists()
    assert all(m.file.name.endswith(".csv") and m.hint for m in caught.value.mistakes)


@pytest.mark.slow
def test_mistakes_in_a_workbook_name_its_sheets_rows_and_columns(tmp_path: Path):
    workbook = write_spreadsheet(rows_of(MISTAKES), tmp_path / "fel.xlsx", "xlsx", "en")
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(workbook, sources=[SOURCES])
    _expect(_found(caught.value))
    first = caught.value.mistakes[1]
    assert str(first).startswith(f"{workbook}, sheet actors, row 4, column N (quote): ")


def test_unknown_sheets_and_columns_are_mistakes(tmp_path: Path):
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "aktorer.csv").write_text("namn;typ;färg\n", encoding="utf-8")
    (folder / "Actors2.csv").write_text("name\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(folder, city="Sjöstad kommun")
    messages = [str(m) for m in caught.value.mistakes]
    assert any("unknown column 'färg'" in m and "column C" in m for m in messages)
    assert any("the sheet has no column 'sector'" in m for m in messages)
    assert any("unknown sheet 'Actors2'" in m for m in messages)


@pytest.mark.slow
def test_a_city_is_needed(tmp_path: Path):
    write_spreadsheet({}, tmp_path / "empty.xlsx")
    with pytest.raises(SpreadsheetError, match="which city is the data for") as caught:
        import_spreadsheet(tmp_path / "empty.xlsx")
    assert "write its name in sheet about (key city)" in caught.value.mistakes[0].hint
    assert len(import_spreadsheet(tmp_path / "empty.xlsx", city="Sjöstad kommun")) == 0
    write_spreadsheet({}, tmp_path / "tom.xlsx", "xlsx", "sv")  # a Swedish workbook's words
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(tmp_path / "tom.xlsx")
    assert "write its name in sheet om (nyckel stad)" in caught.value.mistakes[0].hint


def test_a_bad_term_in_sheet_other_is_a_mistake(tmp_path: Path):
    rows = {
        "about": [{"key": "city", "value": "Sjöstad kommun"}],
        "other": [{"subject": "a b", "property": "kg:year", "value": '"2016'}],
    }
    write_spreadsheet(rows, tmp_path / "o.xlsx")
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(tmp_path / "o.xlsx")
    assert [m.column for m in caught.value.mistakes] == ["A (subject)", "C (value)"]


def _other(*values: str) -> dict[str, list[dict[str, str]]]:
    """A workbook's rows: the city, and one fact of sheet other per value."""
    subject, prop = "<https://example.org/x>", "<https://example.org/p{}>"
    return {
        "about": [{"key": "city", "value": "Sjöstad kommun"}],
        "other": [
            {"subject": subject, "property": prop.format(n), "value": value}
            for n, value in enumerate(values)
        ],
    }


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_an_ill_typed_value_in_sheet_other_is_a_mistake(tmp_path: Path, suffix: str):
    """Valid RDF, but surely a slip: rdflib made "yes" typed xsd:boolean false, silently."""
    rows = _other(
        '"yes"^^xsd:boolean', '"abc"^^xsd:integer', '"2016-13-45"^^xsd:date', "true",
        '"1e3"^^xsd:decimal',  # rdflib takes it for a decimal; XSD, and kg validate, do not
    )  # fmt: skip
    book = tmp_path / ("o.xlsx" if suffix == "xlsx" else "o")
    write_spreadsheet(rows, book, suffix)
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(book)
    found = [(m.sheet, m.row, m.column, str(m).split(": ", 1)[1]) for m in caught.value.mistakes]
    assert found == [
        ("other", 2, "C (value)", '"yes" is not a valid xsd:boolean; write true or false'),
        ("other", 3, "C (value)", '"abc" is not a valid xsd:integer; write a whole number, '
         "such as 4"),
        ("other", 4, "C (value)", '"2016-13-45" is not a valid xsd:date; write a date as '
         "YYYY-MM-DD, such as 2016-03-31"),
        ("other", 6, "C (value)", '"1e3" is not a valid xsd:decimal; write a number, such as 4.5'),
    ]  # fmt: skip
    assert (
        caught.value.mistakes[0]
        .text("sv")
        .endswith('"yes" är inget giltigt värde av typen xsd:boolean; skriv true eller false')
    )


@pytest.mark.slow
def test_xsd_numbers_have_no_bounds_and_no_other_words(tmp_path: Path):
    """A whole number past 64 bits and a decimal of 19 places are XSD values (a SPARQL cast
    fails on them); "inf" and "nan" are Python's words, not XSD's (INF and NaN)."""
    rows = _other(
        '"12345678901234567890"^^xsd:integer', '"0.1234567890123456789"^^xsd:decimal',
        '"INF"^^xsd:double', '"inf"^^xsd:double', '"nan"^^xsd:float',
    )  # fmt: skip
    write_spreadsheet(rows, tmp_path / "o.xlsx")
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(tmp_path / "o.xlsx")
    assert [(m.row, str(m).split(": ", 1)[1]) for m in caught.value.mistakes] == [
        (5, '"inf" is not a valid xsd:double; write a number, such as 4.5 or 4.5E3'),
        (6, '"nan" is not a valid xsd:float; write a number, such as 4.5 or 4.5E3'),
    ]


@pytest.mark.slow
def test_a_value_in_sheet_other_reaches_the_turtle_as_written(tmp_path: Path):
    """ "01" typed xsd:integer stays "01" (rdflib wrote 1), true stays true."""
    write_spreadsheet(_other('"01"^^xsd:integer', '"true"^^xsd:boolean'), tmp_path / "o.xlsx")
    from typer.testing import CliRunner

    from kg.cli import app

    command = ["import", str(tmp_path / "o.xlsx"), "-o", str(tmp_path / "o.ttl")]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "o.ttl").read_text("utf-8")
    assert '"01"^^xsd:integer' in text and "<https://example.org/p1> true" in text
    values = {str(o) for o in kg.load([tmp_path / "o.ttl"], bundled=False).objects()}
    assert {"01", "true"} <= values


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "wrote 1 triple to"), ("sv", "skrev 1 trippel till")]
)
def test_a_workbook_of_one_fact_says_one_triple(tmp_path: Path, lang: str, said: str):
    """ "wrote 1 triples" read wrong: one fact is one triple, in both languages."""
    from typer.testing import CliRunner

    from kg.cli import app

    write_spreadsheet(_other('"01"^^xsd:integer'), tmp_path / "o.xlsx")
    command = ["import", str(tmp_path / "o.xlsx"), "-o", str(tmp_path / "o.ttl"), "--lang", lang]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    import pyoxigraph as ox

    written = ox.parse(path=str(tmp_path / "o.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(list(written)) == 1
    assert said in " ".join(result.output.split())


def test_not_a_spreadsheet(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match=r"kg import reads \.xlsx files"):
        import_spreadsheet(tmp_path / "notes.txt")


# ---- the template and its words


@pytest.mark.slow
def test_every_ontology_label_is_an_accepted_word(tiny_graph: Graph):
    for vocabulary in (ACTOR_TYPES, COLLABORATION_TYPES, SECTORS):
        for term in vocabulary.terms:
            for label in tiny_graph.objects(URIRef(term.iri), RDFS.label):
                assert vocabulary.find(str(label)) == term, label
            assert vocabulary.find("kg:" + term.iri.rsplit("#", 1)[-1]) == term


def test_no_two_columns_or_sheets_share_a_name():
    sheet_names = [n for s in SHEETS for n in s.names()]
    assert len(sheet_names) == len(set(sheet_names))
    for sheet in SHEETS:
        names = [n for c in sheet.columns for n in c.names()]
        assert len(names) == len(set(names)), sheet.key


def test_shipped_readme_is_what_the_code_writes():
    assert (files_dir() / "README.md").read_text("utf-8") == template_readme()


@pytest.mark.parametrize(
    ("name", "lang"),
    [("template.xlsx", "en"), ("template", "en"), ("mall.xlsx", "sv"), ("mall", "sv")],
)
def test_shipped_templates_have_every_column(name: str, lang: str):
    mistakes = Mistakes()
    tables = {t.sheet.key: t for t in read_tables(files_dir() / name, mistakes)}
    assert not mistakes
    for sheet in SHEETS:
        assert [h for _, h in tables[sheet.key].headers.values()] == [
            c.header(lang) for c in sheet.columns
        ]
    assert {fold(r.get("key")) for r in tables["about"].rows} <= {"city", "base", "stad", "bas"}


@pytest.mark.parametrize("name", ["example.xlsx", "example"])
def test_shipped_example_is_the_bundled_section_and_validates(name: str):
    graph = import_spreadsheet(files_dir() / name)
    assert_same_graph(graph, example_graph())
    assert kg.validate(kg.load(bundled=False) + graph).conforms


def test_readme_documents_every_column():
    text = template_readme()
    for sheet in SHEETS:
        assert f"## {sheet.en} / {sheet.sv}" in text
        for column in sheet.columns:
            assert f"| {column.en} | {column.sv} |" in text


def test_wrong_language_is_refused(tmp_path: Path):
    with pytest.raises(KgError, match="unknown language"):
        write_spreadsheet({}, tmp_path / "x.xlsx", "xlsx", "de")


@pytest.mark.slow
def test_two_cities_in_one_workbook_round_trip(sjostad: Graph, bundled_graph: Graph, tmp_path):
    both = bundled_graph + sjostad  # both have a Kommunstyrelsen and a Stadsbyggnadsnämnden
    export_spreadsheet(both, tmp_path / "both.xlsx")
    back = import_spreadsheet(tmp_path / "both.xlsx", sources=[SOURCES])
    assert_same_graph(back, data_only(both))


def test_a_shared_name_needs_ids_and_references_by_id(tmp_path: Path):
    quote = {"document": "upp-2023", "page": "5", "quote": "SOCIALNÄMNDEN"}
    rows = {
        "about": [{"key": "city", "value": "Sjöstad kommun"}],
        "documents": [
            {
                "id": "upp-2023",
                "title": "T",
                "file": "sjostad-uppfoljning-2023.txt",
                "paginated": "yes",
            }
        ],
        "actors": [
            {
                "id": "sn-a",
                "name_sv": "Socialnämnden",
                "type": "nämnd",
                "sector": "offentlig",
                **quote,
            },
            {
                "id": "sn-b",
                "name_sv": "Socialnämnden",
                "type": "nämnd",
                "sector": "offentlig",
                **quote,
            },
            {
                "name_sv": "Socialförvaltningen",
                "type": "förvaltning",
                "sector": "offentlig",
                "parent": "Socialnämnden",
                **quote,
            },
        ],
    }
    write_spreadsheet(rows, tmp_path / "same.xlsx")
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(tmp_path / "same.xlsx", sources=[SOURCES])
    [mistake] = caught.value.mistakes
    assert (mistake.row, mistake.column) == (4, "I (part of)")
    assert "names more than one thing (ids sn-a, sn-b)" in mistake.message
    rows["actors"][2]["parent"] = "sn-b"
    write_spreadsheet(rows, tmp_path / "same.xlsx")
    graph = import_spreadsheet(tmp_path / "same.xlsx", sources=[SOURCES])
    assert len(set(graph.subjects(RDF.type, KG.Committee))) == 2


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path):
    rows = {"other": [{"subject": "=1+1", "property": "kg:x", "value": '"@SUM(A1)"'}]}
    workbook = write_spreadsheet(rows, tmp_path / "f.xlsx")
    assert rows_of(workbook)["other"] == rows["other"]


def test_turtle_is_written_whole_or_refused(sjostad: Graph, tmp_path: Path):
    from kg.io.spreadsheet import write_turtle

    path = write_turtle(sjostad, tmp_path / "sjostad.ttl")
    text = path.read_text("utf-8")
    assert text.startswith(f"@prefix : <{BASE}> .") and "\n# ---- actors\n" in text
    assert same_graph(Graph().parse(path), sjostad)
    shared = Graph() + sjostad
    node = BNode()
    shared.add((URIRef(BASE + "a"), RDFS.seeAlso, node))
    shared.add((URIRef(BASE + "b"), RDFS.seeAlso, node))
    with pytest.raises(KgError, match="does not hold the same triples"):
        write_turtle(shared, tmp_path / "shared.ttl")
    assert not (tmp_path / "shared.ttl").exists()


def test_a_missing_spreadsheet_is_one_mistake_that_names_the_path(tmp_path: Path):
    with pytest.raises(SpreadsheetError) as caught:
        import_spreadsheet(tmp_path / "missing.xlsx")
    assert [str(m) for m in caught.value.mistakes] == [
        f"{tmp_path / 'missing.xlsx'}: no such file or folder; check the path"
    ]
    assert "cell" not in caught.value.hint


@pytest.mark.slow
def test_written_files_follow_the_umask_like_any_other(tmp_path: Path):
    import os

    mask = os.umask(0o022)
    try:
        written = import_to_turtle(files_dir() / "example.xlsx", tmp_path / "out.ttl")
        assert len(written) > 0
    finally:
        os.umask(mask)
    assert (tmp_path / "out.ttl").stat().st_mode & 0o777 == 0o644


@pytest.mark.slow
@pytest.mark.parametrize(("name", "fmt", "lang"), [("x.xlsx", "xlsx", "sv"), ("x", "csv", "en")])
def test_swedish_notes_and_descriptions_have_columns_of_their_own(
    tmp_path: Path, name: str, fmt: str, lang: str
):
    """Each note and description in Swedish goes to its own column beside the English one, as
    names do (note (sv), description (sv)), and comes back as the same triples."""
    graph = example_graph()
    exported = export_spreadsheet(graph, tmp_path / name, fmt, lang=lang)
    assert "other" not in exported.rows
    [umis] = [r for r in exported.rows["actors"] if r["id"] == "umis"]
    assert umis["note"].startswith("The text gives only the name; typed as an association")
    assert umis["note_sv"].startswith("Texten anger bara namnet; klassad som förening")
    [count] = exported.rows["counts"]
    assert count["description"].startswith("Associations granted equipment grants")
    assert count["description_sv"].startswith("Föreningar som under 2016 beviljades")
    tables = {t.sheet.key: t for t in read_tables(tmp_path / name, Mistakes())}
    headers = [h for _, h in tables["counts"].headers.values()]
    assert {"sv": ["beskrivning (sv)", "anteckning (sv)"], "en": ["description (sv)", "note (sv)"]}[
        lang
    ] == [h for h in headers if h.endswith("(sv)") and not h.startswith(("namn", "name"))]
    assert_same_graph(import_spreadsheet(tmp_path / name), graph)


def test_a_workbook_is_written_only_to_an_xlsx_name(tmp_path: Path, bundled_graph):
    """A workbook named otherwise (an .ods, no suffix) is refused, not written as xlsx."""
    for name in ("data.ods", "data"):
        with pytest.raises(KgError, match=r"written as an \.xlsx file"):
            export_spreadsheet(bundled_graph, tmp_path / name)
        assert not (tmp_path / name).exists()
