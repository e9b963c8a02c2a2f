"""kg import and the parent of an actor (column "del av" / "part of"): a parent of the wrong
kind, a cycle of parents, a row that names itself are mistakes on the row and column, in the
sheet's words; the rule is the shapes' (ontology/shapes.ttl), which kg validate holds too."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cities import copy_sjostad
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.io.spreadsheet import SpreadsheetError
from kg.model.vocab import DATA_IRI

SJOSTAD = Path(__file__).parent / "fixtures" / "sjostad"
#: Lines of tests/fixtures/sjostad/kalkylark/aktörer.csv (1 is the header).
SOCIAL_COMMITTEE, SOCIAL_ADMINISTRATION, LIBRARY, SCHOOL, SHELTER = 9, 10, 13, 14, 17


@pytest.fixture
def sheets(tmp_path: Path) -> Path:
    """A copy of the Sjöstad data folder (kg.toml, sources/), its CSV sheets' folder."""
    return copy_sjostad(tmp_path) / "kalkylark"


def edit_actor(sheets: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in one line (1-based) of sheet aktörer."""
    csv = sheets / "aktörer.csv"
    lines = csv.read_text("utf-8-sig").splitlines()
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")


def mistakes_of(path: Path) -> list:
    with pytest.raises(SpreadsheetError) as caught:
        kg.import_spreadsheet(path)
    return caught.value.mistakes


PARENT = "F (del av)"


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [(SHELTER, "nej;;", "nej;Socialnämnden;")],
            [(SHELTER, PARENT, "An association is 'del av' only a larger 'förening'")],
            id="association-part-of-committee",
        ),
        pytest.param(
            [(SOCIAL_ADMINISTRATION, "ja;Socialnämnden;", "ja;Kvinnojouren Fyren;")],
            [(SOCIAL_ADMINISTRATION, PARENT, "An administration is 'del av' its 'nämnd'")],
            id="administration-part-of-association",
        ),
        pytest.param(
            [(SOCIAL_COMMITTEE, "ja;Sjöstad kommun;", "ja;Kommunstyrelsen;")],
            [(SOCIAL_COMMITTEE, PARENT, "A committee is 'del av' its 'kommun' only")],
            id="committee-in-committee",
        ),
        pytest.param(
            [(SOCIAL_COMMITTEE, "ja;Sjöstad kommun;", "ja;Socialförvaltningen;")],
            [(SOCIAL_COMMITTEE, PARENT, "A committee is 'del av' its 'kommun' only")],
            id="committee-part-of-its-administration",
        ),
        pytest.param(
            [
                (LIBRARY, "ja;;", "ja;Strandskolan;"),
                (SCHOOL, "ja;Utbildningsförvaltningen;", "ja;Sjöstadsbiblioteket;"),
            ],
            [
                (LIBRARY, PARENT, "Its chain of parents ('del av') goes round in a circle"),
                (SCHOOL, PARENT, "Its chain of parents ('del av') goes round in a circle"),
            ],
            id="cycle-of-units",
        ),
        pytest.param(
            [(SCHOOL, "ja;Utbildningsförvaltningen;", "nej;Utbildningsförvaltningen;")],
            [(SCHOOL, None, "marked not municipal ('kommunal') but is a unit ('del av')")],
            id="non-municipal-unit-of-municipal-administration",
        ),
    ],
)
def test_a_parent_the_shapes_refuse_is_named_by_row_and_column(sheets, edits, expected):
    for line, old, new in edits:
        edit_actor(sheets, line, old, new)
    found = mistakes_of(sheets)
    assert [(m.sheet, m.row, m.column) for m in found] == [
        ("aktörer", row, column) for row, column, _ in expected
    ]
    for mistake, (_, column, words) in zip(found, expected, strict=True):
        assert words in mistake.message, mistake
        assert "kg:" not in str(mistake) and "org:" not in str(mistake), mistake
        assert ".;" not in str(mistake) and "Malmö" not in str(mistake), mistake
        if column == PARENT:
            assert "correct 'del av' (its note says what each type is part of)" in mistake.hint


def test_a_row_that_names_itself_as_its_parent_is_a_mistake(sheets: Path):
    """Not dropped in silence: said as it is, with what to write for its type."""
    edit_actor(sheets, SOCIAL_ADMINISTRATION, "ja;Socialnämnden;", "ja;Socialförvaltningen;")
    edit_actor(sheets, SOCIAL_COMMITTEE, "ja;Sjöstad kommun;", "ja;socialnamnden;")
    found = mistakes_of(sheets)
    assert [(m.row, m.column) for m in found] == [
        (SOCIAL_COMMITTEE, PARENT),
        (SOCIAL_ADMINISTRATION, PARENT),
    ]
    committee, administration = found
    assert committee.message == "'socialnamnden' is this row itself: nothing is part of itself"
    assert committee.hint == "write the municipality"
    assert administration.hint == "write its committee (or the municipality, for a city office)"


@pytest.mark.slow
def test_the_cli_refuses_a_partner_entered_as_a_unit_and_writes_nothing(sheets: Path):
    """The reviewer's case: an association 'part of' the committee it works with would become
    one of the committee's units, and the committee's partnership with it would vanish."""
    edit_actor(sheets, SHELTER, "nej;;", "nej;Socialnämnden;")
    output = sheets.parent / "out.ttl"
    result = CliRunner().invoke(app, ["import", str(sheets), "-o", str(output), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert not output.exists()
    text = " ".join(result.output.split())
    assert "sheet aktörer, row 17, column F (del av): An association is 'del av' only" in text


@pytest.mark.slow
def test_the_sjostad_sheets_keep_the_rules_of_parents(sheets: Path):
    """The fixture's committees, administrations, units and research unit import cleanly."""
    assert len(kg.import_spreadsheet(sheets)) > 100


def test_organisations_of_their_own_may_be_part_of_one_of_their_kind(sheets: Path):
    """Another city's data may have a local branch of an association, a municipal company
    owned by the municipality: written under "part of", they import as
    org:subOrganizationOf (not folded into the parent, as a unit is) and still count."""
    from rdflib import Namespace

    org, city = Namespace("http://www.w3.org/ns/org#"), Namespace(DATA_IRI + "sjostad/")
    edit_actor(sheets, 16, "nej;;", "nej;Sjöstads Idrottsallians;")  # a branch of the alliance
    edit_actor(sheets, 20, "ja;;", "ja;Sjöstad kommun;")  # the municipality's housing company
    graph = kg.import_spreadsheet(sheets)
    linked = set(graph.subject_objects(org.subOrganizationOf))
    assert (city["foreningen-sjostads-unga"], city["sjostads-idrottsallians"]) in linked
    assert (city["sjovikens-boende-ab"], city["sjostad-kommun"]) in linked
    assert not set(graph.objects(city["foreningen-sjostads-unga"], org.unitOf))
