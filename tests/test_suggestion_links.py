"""A suggestion's "already works with your partners" names, for each of those partners, the
collaborations that link it to the candidate (name, document and page), on every surface:
JSON, CSV, the report in both languages and the terminal; the score and ranking stay as they
were. The terminal table stays readable on a narrow terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import facts_of
from typer.testing import CliRunner

from kg.analysis import suggest
from kg.cli import app
from kg.model.facts import Facts
from kg.model.projection import actor_graph
from kg.report.build import build_report
from kg.report.compose import report_document
from kg.report.document import plain

runner = CliRunner()
ID = "https://w3id.org/kg-malmo/id/"
T = ID + "test/"
SNAPSHOT = Path(__file__).parent / "snapshots" / "suggestion-ranking.json"
GROUPS = ["civil", "academia", "business", "agencies", "city"]


def _linking(facts: Facts, a: str, b: str) -> list[str]:
    """The collaborations linking ``a`` and ``b``, from the facts: those both take part in,
    less a whole (``part_of``, transitively) of another they share."""
    shared = set(facts.takes_part_in.get(a, ())) & set(facts.takes_part_in.get(b, ()))

    def wholes(c: str) -> set[str]:
        found, todo = set(), list(facts.collaborations[c]["part_of"])
        while todo:
            w = todo.pop()
            if w not in found:
                found.add(w)
                todo += facts.collaborations[w]["part_of"]
        return found

    inner = {w for c in shared for w in wholes(c) if w in shared and c not in wholes(w)}
    return sorted(shared - inner)


def _parties(facts: Facts, collaboration: str, organisation: str) -> set[str]:
    """The excerpts of the memberships by which ``organisation`` (or one of its units) is a
    party of ``collaboration``, or its municipality where it reports the collaboration."""
    found = set()
    city = facts.actors[organisation].get("municipality")
    reports = organisation in facts.collaborations[collaboration]["reported_by"]
    for member, excerpts in facts.members.get(collaboration, {}).items():
        mine = facts.actors.get(member, {}).get("organisation") == organisation
        if mine or (reports and member == city):
            found |= set(excerpts)
    return found


def test_todays_ranking_and_scores_are_kept(bundled_facts):
    """Every committee's candidates in every group, in order, with their scores, as kg ranked
    them before the reasons named collaborations (tests/snapshots/suggestion-ranking.json)."""
    network = actor_graph(bundled_facts)
    index = suggest.build_index(bundled_facts)
    expected = json.loads(SNAPSHOT.read_text("utf-8"))
    found = {}
    for committee, actor in sorted(bundled_facts.actors.items()):
        if actor["type"] != "Committee":
            continue
        result = suggest.suggest(
            bundled_facts, network, committee, top=10_000, index=index, sectors=GROUPS
        )
        found[committee.rsplit("/", 1)[-1]] = {
            g["sector"]: [[c["iri"].rsplit("/", 1)[-1], c["score"]] for c in g["candidates"]]
            for g in result["groups"]
        }
    assert found == expected


def test_each_shared_partner_names_the_collaborations_and_passages_linking_it(bundled_facts):
    """Each partner of the committee a candidate works with carries the collaborations both
    take part in (computed here from the facts), each with the passages that make either a
    party of it, and the reason names them."""
    network = actor_graph(bundled_facts)
    index = suggest.build_index(bundled_facts)
    checked = 0
    for committee in sorted(bundled_facts.lacks):
        result = suggest.suggest(bundled_facts, network, committee, index=index)
        for group in result["groups"]:
            for candidate in group["candidates"]:
                for part in candidate["parts"]:
                    if part["kind"] != "partners":
                        continue
                    for item in part["items"]:
                        linking = _linking(bundled_facts, candidate["iri"], item["iri"])
                        assert sorted(c["iri"] for c in item["collaborations"]) == linking
                        for c in item["collaborations"]:
                            info = bundled_facts.collaborations[c["iri"]]
                            assert (c["label"], c["label_en"]) == (info["label"], info["label_en"])
                            assert (c["label_en"] or c["label"]) in part["reason"]  # English
                            expected = _parties(
                                bundled_facts, c["iri"], candidate["iri"]
                            ) | _parties(bundled_facts, c["iri"], item["iri"])
                            assert {e["excerpt"] for e in c["evidence"]} == expected
                            for e in c["evidence"]:
                                excerpt = bundled_facts.excerpts[e["excerpt"]]
                                assert (e["document"], e["page"]) == (
                                    excerpt["document"],
                                    excerpt["page"],
                                )
                        checked += 1
    assert checked > 20


def test_fritidsnamndens_academia_candidate_says_through_which_alliance(bundled_facts):
    """Malmö högskola works with three of Fritidsnämnden's partners in one knowledge alliance
    (2016 follow-up, p. 29) and with Kulturnämnden through ISU (pp. 23 and 31)."""
    network = actor_graph(bundled_facts)
    result = suggest.suggest(bundled_facts, network, ID + "fritidsnamnden", sectors=["academia"])
    best = result["groups"][0]["candidates"][0]
    assert best["iri"] == ID + "malmo-hogskola"
    part = next(p for p in best["parts"] if p["kind"] == "partners")
    via = {
        i["label"]: [(c["label"], sorted({e["page"] for e in c["evidence"]}))
                     for c in i["collaborations"]]
        for i in part["items"]
    }  # fmt: skip
    alliance = [("Långsiktigt hållbart mottagande av ensamkommande barn", [29])]
    assert via == {
        "Ensamkommandes förbund": alliance,
        "Grundskolenämnden": alliance,
        "Rädda Barnen": alliance,
        "Kulturnämnden": [("Institutet för hållbar stadsutveckling", [23, 31])],
    }
    assert part["reason"] == (  # an English sentence: the English names, in their order
        "already works with 4 of the committee's partners: Compulsory School Committee, "
        "Federation of Unaccompanied Minors and Save the Children Sweden (through Long-term "
        "sustainable reception of unaccompanied children), Culture Committee (through "
        "Institute for Sustainable Urban Development)"
    )
    assert part["points"] == 4.0


def test_on_a_small_graph_the_link_is_named_with_its_page(fixture_path):
    """Epsilonnämnden's partner Föreningen works with Högskolan in Alliansen: the candidate's
    reason says so, citing the one passage (p. 21)."""
    facts = facts_of(fixture_path("analysis.ttl"))
    result = suggest.suggest(facts, actor_graph(facts), T + "epsilon", sectors=["academia"])
    best = result["groups"][0]["candidates"][0]
    part = next(p for p in best["parts"] if p["kind"] == "partners")
    [item] = part["items"]
    [via] = item["collaborations"]
    assert (item["iri"], via["iri"], via["label"]) == (T + "assoc", T + "ka", "Alliansen")
    assert [(e["document"], e["page"]) for e in via["evidence"]] == [(T + "doc", 21)]
    assert part["reason"].endswith(": Föreningen (through Alliansen)")


@pytest.mark.slow
def test_csv_and_json_of_kg_suggest_name_collaboration_document_and_page():
    said = json.loads(runner.invoke(app, ["suggest", "fritidsnämnden", "-f", "json", "-q"]).stdout)
    best = said["groups"][0]["candidates"][0]
    item = next(p for p in best["parts"] if p["kind"] == "partners")["items"][0]
    assert item["collaborations"][0]["evidence"][0]["page"] == 29
    table = runner.invoke(app, ["suggest", "fritidsnämnden", "-f", "csv", "-q"]).stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    assert rows[0]["label"] == "Malmö högskola"
    cell = rows[0]["partners_through"]
    assert cell.split("; ")[0] == (
        "Ensamkommandes förbund: Långsiktigt hållbart mottagande av ensamkommande barn "
        f"[{ID}doc-004 p. 29]"
    )
    assert f"Kulturnämnden: Institutet för hållbar stadsutveckling [{ID}doc-004 p. 23, 31]" in cell
    assert all(r["partners_through"] == "" for r in rows if "partners" not in r["score_parts"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "Compulsory School Committee, Federation of Unaccompanied Minors and Save the "
         "Children Sweden (through Long-term sustainable reception of unaccompanied children)"),
        ("sv", "Ensamkommandes förbund, Grundskolenämnden och Rädda Barnen (genom Långsiktigt "
         "hållbart mottagande av ensamkommande barn)"),
    ],
)  # fmt: skip
def test_the_report_names_the_collaborations_in_its_language(bundled_facts, lang, words):
    from kg.analysis.pipeline import analyse

    report = build_report(analyse(bundled_facts), triples=0)
    section = next(s for s in report_document(report, lang).sections if s.id == "suggestions")
    text = " ".join(
        plain(c) for b in section.blocks if b.kind == "table" for row in b.rows for c in row
    )
    assert words in text
    found = next(s for s in report["suggestions"] if s["label"] == "Fritidsnämnden")
    items = [i for g in found["groups"] for c in g["candidates"] for p in c["parts"]
             if p["kind"] == "partners" for i in p["items"]]  # fmt: skip
    assert items and all(i["collaborations"] for i in items)  # report.json has them too


def _table(width: int, *args: str) -> list[str]:
    result = runner.invoke(app, ["suggest", *args, "-q"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("width", [80, 120])
def test_kg_suggest_is_readable_at_80_and_120_columns(width: int, lang: str):
    """A table within the terminal's width whose "why" column has room for a phrase (at 80
    columns it was 18 wide: a word or two a line), each part of a score on a line of its own
    at 80."""
    lines = _table(width, "fritidsnämnden", "--lang", lang)
    assert all(len(line) <= width for line in lines)
    header = next(line for line in lines if line.startswith("┃"))
    why = len(header.rstrip("┃").rsplit("┃", 1)[-1])
    assert why >= (40 if width == 80 else 50), header
    rows = [line for line in lines if line.startswith("│")]
    words = [row.rstrip("│").rsplit("│", 1)[-1].split() for row in rows]
    assert max(len(w) for w in words) >= 5  # phrases, not a word a line
    if width == 80:
        starts = [" ".join(w[:1]) for w in words if w]
        assert {"4:", "0.693:" if lang == "en" else "0,693:"} <= set(starts)


@pytest.mark.slow
def test_a_long_committee_name_wraps_within_80_columns():
    """The title names the committee in both languages; a long name wraps, as the cells do."""
    lines = _table(80, "arbetsmarknads", "--top", "1")
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "Labour Market" in lines[0]


@pytest.mark.slow
def test_the_areas_part_keeps_its_wording():
    """Only the partners part gathers its items by collaboration; areas stay a plain list."""
    lines = _table(4000, "stadsbyggnads", "--top", "1")
    assert any("works in the same areas or goal areas: Holma-Kroksbäck, Lindängen" in line
               for line in lines)  # fmt: skip
