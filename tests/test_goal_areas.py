"""Per goal area, which committees work with which partners: `collaborations-by-goal-area`
gives what `kg gaps` and `committee-partners` give for the collaborations the sources link
to a goal area, on every source of tests/helpers/surfaces.py, and says where the source ties
each collaboration to its goal area."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from helpers import surfaces
from typer.testing import CliRunner

from kg.analysis.gaps import committee_gaps
from kg.cli import app
from kg.io.source import Source
from kg.sparql.engine import run

synthetic, source = surfaces.synthetic, surfaces.source  # the sources, as fixtures
#: Each check runs once per link, committee or partner and is not about size: the synthetic
#: graph's 200 actors have every kind of actor, unit and partner group its 400 have.
SYNTHETIC_ACTORS = 200
NONE_NAMED, UNNAMED = "(no partner named)", "(not named in the source)"


def _value(row, name: str) -> str | None:
    cell = row[name]
    return None if cell is None else cell.value


@pytest.mark.slow
def test_goal_area_rows_are_the_gaps_partners_in_the_goal_areas_collaborations(source: Source):
    """Every named partner row is a partner `kg gaps` (and `committee-partners`) gives the
    committee in that collaboration; every unnamed row a group `kg gaps` counts as reached
    through it; and every partner `kg gaps` gives a committee in a collaboration with a goal
    area is a row under each of its goal areas. A committee with neither is a row of its own."""
    facts = source.facts()
    goal_areas = {c: set(info["goal_areas"]) for c, info in facts.collaborations.items()}
    expected, unnamed = set(), set()
    for row in committee_gaps(facts):
        committee = row["committee"]
        for partner in row["partner_list"]:
            for collab in partner["collaborations"]:
                for goal in goal_areas.get(collab["iri"], ()):
                    group = partner["category"]
                    expected.add((goal, collab["iri"], committee, partner["iri"], group))
        for group, items in row["unnamed"].items():
            for item in items:
                for goal in goal_areas.get(item.get("collaboration"), ()):
                    unnamed.add((goal, item.get("collaboration"), committee, group))
    rows = list(run(source, "collaborations-by-goal-area", {}))
    found = {
        (_value(r, "goalArea"), _value(r, "collaboration"), _value(r, "committee"),
         _value(r, "partner"), _value(r, "group"))
        for r in rows if _value(r, "partner")
    }  # fmt: skip
    found_unnamed = {
        (_value(r, "goalArea"), _value(r, "collaboration"), _value(r, "committee"),
         _value(r, "group"))
        for r in rows if _value(r, "partnerLabel") == UNNAMED
    }  # fmt: skip
    assert found == expected
    assert found_unnamed <= unnamed
    for r in rows:
        if _value(r, "partnerLabel") == NONE_NAMED:
            collaborations = facts.takes_part_in.get(_value(r, "committee"), ())
            assert _value(r, "collaboration") in collaborations
    # committee-partners, asked per committee, lists the same pairs for these collaborations
    by_committee = defaultdict(set)
    for _goal, collab, committee, partner, _group in found:
        by_committee[committee].add((partner, collab))
    for committee, pairs in sorted(by_committee.items())[:15]:
        listed = {
            (_value(r, "partner"), _value(r, "collaboration"))
            for r in run(source, "committee-partners", {"committee": f"<{committee}>"})
        }
        assert pairs <= listed, committee
    # every goal area of a collaboration a committee takes part in is there
    taken = {c for found in facts.takes_part_in.values() for c in found}
    linked = {g for c, gs in goal_areas.items() if c in taken for g in gs}
    assert linked <= {_value(r, "goalArea") for r in rows}


@pytest.mark.slow
def test_one_goal_area_is_chosen_by_its_iri():
    """`--param goal_area=id:goal-area-6` keeps goal area 6: Jämställda platser, the
    Environment Committee's partners by group, and the passage of page 19 that names it."""
    result = CliRunner().invoke(
        app,
        ["query", "collaborations-by-goal-area", "-p", "goal_area=id:goal-area-6", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    rows = rows["results"]["bindings"] if isinstance(rows, dict) else rows
    cells = [{k: (v["value"] if isinstance(v, dict) else v) for k, v in r.items()} for r in rows]
    assert {c["goalArea"].rsplit("/", 1)[-1] for c in cells} == {"goal-area-6"}
    assert {c["collaborationLabel"] for c in cells} == {"Jämställda platser"}
    assert {(c["partnerLabel"], c["group"]) for c in cells} == {
        ("ABF", "civil"),
        ("Tjejer i förening", "civil"),
        ("MKB", "business"),
        ("Trianon", "business"),
        ("Boverket", "agencies"),
        (UNNAMED, "public"),
    }
    assert {(c["page"], c["quote"]) for c in cells} == {
        ("19", "Jämställda platser framhålls med exempel på att rikta insatser till flickor "
         "i socioekonomiskt utsatta områden.")
    }  # fmt: skip


@pytest.mark.slow
def test_goal_areas_no_collaboration_is_linked_to_are_listed_alone(bundled_source: Source):
    """The bundled data links collaborations to goal areas 2, 3, 6 and 7 only (doc-004 pp.
    16-19 name none for the others); 1, 4, 5, 8 and 9 are rows of their own, not missing."""
    rows = list(run(bundled_source, "collaborations-by-goal-area", {}))
    alone = sorted(int(_value(r, "number")) for r in rows if r["collaboration"] is None)
    linked = sorted({int(_value(r, "number")) for r in rows if r["collaboration"] is not None})
    assert alone == [1, 4, 5, 8, 9]
    assert linked == [2, 3, 6, 7]
    # every linked row cites the page of the goal-area review that ties it to the goal area
    assert all(_value(r, "page") in {"16", "17", "18", "19"} for r in rows if r["collaboration"])


@pytest.mark.slow
def test_the_reports_goal_areas_are_the_query_s_rows(source: Source):
    """report.json's ``goal_areas`` (what the report's section shows) and
    `collaborations-by-goal-area` give the same committees, partners, groups, unnamed parties
    and passages: one definition, two surfaces."""
    from kg.analysis.pipeline import analyse
    from kg.report.build import build_report

    report = build_report(analyse(source.facts()), triples=0)
    from_report, quoted = set(), set()
    for goal in report["goal_areas"]:
        for collab in goal["collaborations"]:
            quoted |= {(collab["iri"], e["page"], e["quote"]) for e in collab["evidence"]}
            for row in collab["committees"]:
                named = {(p["iri"], p["group"]) for p in row["partners"]}
                hidden = {(None, g) for g in row["unnamed"]}
                for partner, group in (named | hidden) or {(None, None)}:
                    from_report.add((goal["iri"], collab["iri"], row["committee"], partner, group))
        if not goal["collaborations"]:
            from_report.add((goal["iri"], None, None, None, None))
    rows = list(run(source, "collaborations-by-goal-area", {}))
    from_query = {
        (_value(r, "goalArea"), _value(r, "collaboration"), _value(r, "committee"),
         _value(r, "partner"), _value(r, "group"))
        for r in rows
    }  # fmt: skip
    assert from_report == from_query
    passages = {
        (_value(r, "collaboration"), int(_value(r, "page")), _value(r, "quote"))
        for r in rows
        if _value(r, "page")
    }
    assert quoted == passages


def test_the_report_has_a_section_per_goal_area_in_both_languages(bundled_report):
    """`kg report --lang sv` and `--lang en` list the nine goal areas, the goal areas the
    sources link no collaboration to as such, and under goal area 6 the Environment
    Committee's partners in Jämställda platser with the page-19 passage."""
    words = {
        "sv": ("Målområden", "ingen samverkan kopplad i källorna", "idéburen sektor: ABF",
               "Källorna kopplar samverkan till 4 av de 9 målområdena.", "i akademi."),
        "en": ("Goal areas", "no collaboration linked in the sources", "civil society: ABF",
               "The sources link collaborations to 4 of the 9 goal areas.", "in academia."),
    }  # fmt: skip
    for lang, (heading, unlinked, partners, linked, nowhere) in words.items():
        out = bundled_report("--lang", lang)[0]
        text = (out / "report.md").read_text("utf-8")
        start = text.index(f"## {heading}")
        section = text[start : text.index("\n## ", start + 3)]
        # a key finding, linking to the section: 4 goal areas linked, none with academia
        headline = next(line for line in text.splitlines() if linked in line)
        assert headline.startswith(f"- [{linked}](#goal-areas)") and headline.endswith(nowhere)
        if lang == "en":  # not "name a partner, named or unnamed"
            assert "do the sources mention a partner, named or unnamed, in academia." in headline
        assert section.count(unlinked) == 5  # goal areas 1, 4, 5, 8 and 9
        six = "\n".join(line for line in section.splitlines() if line.startswith("| 6 – "))
        assert partners in six and "Tjejer i förening" in six and "Boverket" in six
        assert "Jämställda platser framhålls med exempel" in six
        data = json.loads((out / "report.json").read_text("utf-8"))
        assert [g["label"].split(" – ")[0] for g in data["goal_areas"]] == list("123456789")


@pytest.mark.slow
def test_a_year_whose_sources_link_no_goal_area_says_so_in_a_sentence(bundled_report):
    """`kg report --year 2012`: no source of 2012 links a collaboration to a goal area (the
    goal areas are named in a follow-up of 2016). The section says so in a sentence rather
    than listing nine goal areas each marked ✕ as having none."""
    said = {
        "en": ("## Goal areas", "None of the sources of 2012 links a collaboration to a goal "
               "area."),
        "sv": ("## Målområden", "Ingen av källorna för 2012 kopplar någon samverkan till ett "
               "målområde."),
    }  # fmt: skip
    for lang, (heading, sentence) in said.items():
        text = (bundled_report("--year", "2012", "--lang", lang)[0] / "report.md").read_text(
            "utf-8"
        )
        start = text.index(heading)
        section = text[start : text.index("\n## ", start + 3)]
        assert sentence in section
        assert "✕" not in section and "| 1 – " not in section


@pytest.mark.slow
def test_a_group_with_named_and_unnamed_partners_is_marked_plus(tmp_path, fixture_path):
    """The goal areas' table marks with + every group in which the sources also mention
    unnamed partners, as its note and the gaps table say: a named civil partner and an
    unnamed civil party in the goal area's collaboration read "1+", not "1"."""
    extra = tmp_path / "unnamed.ttl"
    extra.write_text(
        "@prefix kg: <https://w3id.org/kg-malmo/ontology#> .\n"
        "<https://w3id.org/kg-malmo/id/test/alliance> kg:unnamedPartySector kg:CivilSociety .\n",
        encoding="utf-8",
    )
    data = ["--no-bundled", "--data", str(fixture_path("kitchen_sink.ttl")), "--data", str(extra)]
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["report", *data, "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    (row,) = [line for line in (out / "report.md").read_text("utf-8").splitlines()
              if line.startswith("| Testmål | 1 |")]  # fmt: skip
    # goal area, collaborations, committees, partners, then the groups: civil first
    assert row.split(" | ")[4:6] == ["1+", "1"]


@pytest.mark.slow
def test_data_without_goal_areas_has_no_goal_area_section(tmp_path):
    """A city's data that holds no goal areas (synthetic data has none) gets no goal-area
    section, contents entry or finding, rather than a heading over "no goal areas"."""
    from kg.synth import write_synthetic

    path = write_synthetic(tmp_path / "city.ttl", 60, seed=1).path
    data = ["--no-bundled", "--data", str(path)]
    for lang in ("en", "sv"):
        out = tmp_path / lang
        result = CliRunner().invoke(app, ["report", *data, "--lang", lang, "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        text = (out / "report.md").read_text("utf-8")
        assert "## Goal areas" not in text and "## Målområden" not in text
        assert "#goal-areas" not in text
        html = (out / "report.html").read_text("utf-8")
        assert 'id="goal-areas"' not in html
        assert json.loads((out / "report.json").read_text("utf-8"))["goal_areas"] == []
