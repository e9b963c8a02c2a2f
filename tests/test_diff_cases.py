"""``kg diff`` on the changes a review meets beyond the first ones: a change too big for one
pull request comment, literals of the wrong type, documents no excerpt cites yet, an IRI
renamed, and the usage errors, in English and Swedish."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers.diffing import run_diff
from typer.testing import CliRunner

from kg.cli import app
from kg.model.vocab import ONTOLOGY_IRI as ONTOLOGY
from kg.paths import data_dir
from kg.report.diff_document import COMMENT_LIMIT, diff_markdown

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"
SINK = FIXTURES / "kitchen_sink.ttl"
ID = "https://w3id.org/kg-malmo/id/test/"


def _changed_sink(tmp_path: Path, old: str, new: str, name: str = "new.ttl") -> Path:
    text = SINK.read_text("utf-8")
    assert text.count(old) == 1, f"kitchen_sink.ttl no longer holds {old!r}"
    path = tmp_path / name
    path.write_text(text.replace(old, new), "utf-8")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """Two synthetic graphs of 300 actors: a change of most of their facts."""
    root = tmp_path_factory.mktemp("big")
    for seed in (0, 1):
        words = ["synth", "-n", "300", "--seed", str(seed), "-o", str(root / f"{seed}.ttl")]
        assert runner.invoke(app, [*words, "-q"]).exit_code == 0
    _, diff, markdown = run_diff(root, root / "0.ttl", root / "1.ttl")
    return diff, markdown


@pytest.mark.slow
def test_a_big_change_fits_in_one_pull_request_comment(big):
    diff, markdown = big
    assert len(diff_markdown(diff, "en", size=10**9)) > COMMENT_LIMIT  # too long whole
    for text in (markdown, diff_markdown(diff, "sv")):
        assert len(text) <= COMMENT_LIMIT
        assert re.search(r"… (and|och) [\d  ,]+ (more|till)", text)
    # every committee is still counted, in the table or in "and n more"
    shown = len(re.findall(r"^\| Committee \d+", markdown, re.M))
    more = re.search(r"^… and (\d+) more", markdown.split("## Gaps per")[0], re.M)
    assert shown + (int(more.group(1)) if more else 0) == len(diff["committees"])


def test_a_committee_s_long_partner_list_says_how_many_more(big):
    diff, markdown = big
    row = max(diff["committees"], key=lambda r: len(r["partners_gained"]))
    name = f"**{row['label_en']} ({row['label']})**: partners gained: "
    [line] = [line for line in markdown.splitlines() if line.startswith("- " + name)]
    listed = line.split("partners gained: ", 1)[1].split(";")[0]
    named = len(re.findall(r"\([a-z ]+\)", listed))
    more = re.search(r"and (\d+) more$", listed)
    assert more and named + int(more.group(1)) == len(row["partners_gained"])
    assert " and and " not in markdown


@pytest.mark.parametrize("literal", ['"7"^^xsd:string', '"sju"^^xsd:integer', '"7"@sv'])
def test_a_count_of_the_wrong_type_is_shown_as_it_is(tmp_path: Path, literal: str):
    new = _changed_sink(tmp_path, "kg:count 6 ;", f"kg:count {literal} ;")
    result, diff, markdown = run_diff(tmp_path, SINK, new)
    assert result.exit_code == 1 and "internal error" not in result.output
    [row] = diff["counts"]["changed"]
    value = row["changes"]["count"][1]
    assert row["changes"]["count"][0] == 6 and isinstance(value, str)
    assert f"number: 6 → “{value}”" in markdown
    assert f"antal: 6 → ”{value}”" in diff_markdown(diff, "sv")  # Swedish quotation marks


def test_a_count_s_class_and_status_are_named_in_each_language(tmp_path: Path):
    new = _changed_sink(
        tmp_path, "kg:countedClass kg:IOP ;", "kg:countedClass kg:Project ;", "class.ttl"
    )
    new.write_text(new.read_text("utf-8").replace("StatusDone ;", "StatusOngoing ;"), "utf-8")
    _, diff, markdown = run_diff(tmp_path, SINK, new)
    [row] = diff["counts"]["changed"]
    assert row["changes"]["counted_status"] == ["green", "yellow"]
    assert "status counted: done (green) → ongoing (yellow)" in markdown
    assert "what is counted: civic–public partnership (IOP) → project" in markdown
    swedish = diff_markdown(diff, "sv")
    assert "räknad status: slutfört (grönt) → pågår enligt plan (gult)" in swedish
    assert "Project" not in swedish and "green" not in swedish


@pytest.mark.slow
def test_a_document_no_excerpt_cites_yet_is_a_document(tmp_path: Path):
    """A curator adds the document first (documents.ttl), its excerpts later."""
    declared = (
        ':report2017 a kg:SourceDocument ; dcterms:title "Uppföljning 2017"@sv ;\n'
        '    kg:fileName "005.txt" ; kg:reportYear "2017"^^xsd:gYear .\n'
    )
    new = tmp_path / "new.ttl"
    new.write_text(SINK.read_text("utf-8") + declared, "utf-8")
    result, diff, markdown = run_diff(tmp_path, SINK, new)
    assert result.exit_code == 1
    assert [d["iri"] for d in diff["documents"]["added"]] == [f"{ID}report2017"]
    assert diff["statements"] == {"added": [], "removed": []}
    assert "Uppföljning 2017** — " in markdown
    # and the other way: a document still declared is not removed
    newer = tmp_path / "newer.ttl"
    newer.write_text(new.read_text("utf-8").replace('2017"^^', '2018"^^'), "utf-8")
    _, diff, _ = run_diff(tmp_path, new, newer)
    [row] = diff["documents"]["changed"]
    assert row["changes"] == {"report_year": [2017, 2018]} and not diff["documents"]["removed"]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_usage_errors_say_what_to_do(tmp_path: Path, lang: str):
    def run(*words: object) -> tuple[int, str]:
        result = runner.invoke(app, ["diff", *map(str, words), "--lang", lang])
        return result.exit_code, " ".join(result.output.split())

    swedish = lang == "sv"
    new, empty = _changed_sink(tmp_path, "6 ;", "7 ;"), tmp_path / "empty"
    empty.mkdir()
    code, said = run(SINK, new, "-j", "-", "-m", "-")
    assert code == 2
    assert ("ange en fil för ett av dem" if swedish else "give a file to one of them") in said
    code, said = run(SINK, FIXTURES / ".." / "fixtures" / SINK.name)
    assert code == 2 and ("samma sökväg" if swedish else "the same path") in said
    assert "git worktree add" in said
    for missing in (tmp_path / "nowhere", empty):
        code, said = run(SINK, missing)
        hint = "kontrollera sökvägen som angavs (GAMMAL eller NY)" if swedish else "(OLD or NEW)"
        assert code == 2 and hint in said and "check the path" not in said * swedish
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for under in ("d.md", "no/d.md"):  # a folder is made where missing, never in a file
        code, said = run(SINK, new, "-m", tmp_path / "a-file" / under)
        assert code == 2 and ("fil, inte en mapp" if swedish else "a file, not a folder") in said
        assert ("-m eller -j" if swedish else "-m or -j") in said and " -o" not in said
    code, said = run(SINK, new, "-m", tmp_path / "no" / "d.md")  # its folder made, as -o's
    assert code == 1 and (tmp_path / "no" / "d.md").is_file()


def test_an_iri_renamed_everywhere_is_told_as_one_actor_under_a_new_iri(tmp_path: Path):
    new = tmp_path / "new.ttl"
    new.write_text(re.sub(r":university\b", ":hogskolan", SINK.read_text("utf-8")), "utf-8")
    result, diff, markdown = run_diff(tmp_path, SINK, new)
    assert result.exit_code == 1
    [added], [removed] = diff["actors"]["added"], diff["actors"]["removed"]
    assert added["renamed_from"] == removed["iri"] == f"{ID}university"
    assert removed["renamed_to"] == added["iri"] == f"{ID}hogskolan"
    [row] = diff["committees"]
    assert not row["partners_gained"] and not row["partners_lost"]
    assert [(p["old"], p["iri"]) for p in row["partners_renamed"]] == [
        (f"{ID}university", f"{ID}hogskolan")
    ]
    assert row["missing_sectors"][0] == row["missing_sectors"][1]
    assert "partners under a new IRI: Testhögskolan (academia)" in markdown
    assert f"(the name and type of {ID}university, removed: a new IRI for it?" in markdown
    assert "partner under en ny IRI: Testhögskolan" in diff_markdown(diff, "sv")


def test_a_gap_closed_by_an_unnamed_party_alone_is_a_committee_change(tmp_path: Path):
    """No partner named or lost, no group reached by name: only the gap, as kg gaps says."""
    old = tmp_path / "old"
    shutil.copytree(data_dir(), old, ignore=shutil.ignore_patterns("sources", "*.md", "*.csv"))
    new = tmp_path / "new"
    shutil.copytree(old, new)
    alliance = "https://w3id.org/kg-malmo/id/ka-samgranskning-ensamkommande-flyktingbarn"
    unnamed = f"<{alliance}> <{ONTOLOGY}unnamedPartySector> <{ONTOLOGY}Academia> .\n"
    (new / "unnamed.nt").write_text(unnamed, "utf-8")
    _, diff, _ = run_diff(tmp_path, old, new)
    [row] = diff["committees"]
    gaps = runner.invoke(app, ["gaps", "--no-bundled", "--data", str(new), "-f", "json"])
    after = {r["committee"]: r for r in json.loads(gaps.output)}[row["committee"]]
    assert row["committee"].endswith("/revisorskollegiet") and row["gaps_closed"] == ["academia"]
    assert row["missing_sectors"][1] == after["missing_sectors"]
    assert not any(row[k] for k in ("partners_gained", "partners_lost", "groups_gained"))


def test_evidence_cited_anew_by_an_actor_and_a_party_is_their_change(tmp_path: Path):
    cites = ":association prov:wasDerivedFrom :ev-unpaginated .\n"
    cites += ":m2 prov:wasDerivedFrom :ev-unpaginated .\n"
    new = tmp_path / "new.ttl"
    new.write_text(SINK.read_text("utf-8") + cites, "utf-8")
    _, diff, markdown = run_diff(tmp_path, SINK, new)
    [actor] = diff["actors"]["changed"]
    assert actor["iri"] == f"{ID}association" and not actor["changes"]
    assert actor["evidence_added"] == [f"{ID}ev-unpaginated"] and not actor["evidence_removed"]
    [party] = diff["parties"]["changed"]
    assert (party["collaboration"], party["member"]) == (f"{ID}alliance", f"{ID}association")
    assert party["evidence_added"] == [f"{ID}ev-unpaginated"]
    assert markdown.count("1 excerpt cited as evidence now") == 2


@pytest.mark.slow
def test_the_same_data_reordered_as_n_triples_is_no_change(tmp_path: Path):
    """Its blank nodes (the quotes' selectors) named anew by another parser, every line in
    another order, in one file rather than a folder: the same statements."""
    import rdflib

    graph = rdflib.Graph()
    for path in sorted(data_dir().rglob("*.ttl")):
        graph.parse(path, format="turtle")
    lines = graph.serialize(format="nt").splitlines()
    assert any(line.startswith("_:") for line in lines)
    new = tmp_path / "all.nt"
    new.write_text("\n".join(sorted(filter(None, lines), reverse=True)) + "\n", "utf-8")
    result, diff, markdown = run_diff(tmp_path, data_dir(), new)
    assert result.exit_code == 0 and not diff["changed"], diff["statements"]
    assert diff["old"]["triples"] == diff["new"]["triples"] and "No change" in markdown


def test_each_link_of_the_markdown_lands_on_its_section(big, tmp_path: Path):
    from markdown_it import MarkdownIt

    new = _changed_sink(tmp_path, "Uppföljning 2016", "Uppföljningen 2016")
    new.write_text(new.read_text("utf-8") + ':doc skos:editorialNote "checked"@en .\n', "utf-8")
    _, small, _ = run_diff(tmp_path, SINK, new)
    for diff in (big[0], small):
        for lang in ("en", "sv"):
            html = MarkdownIt("commonmark").enable("table").render(diff_markdown(diff, lang))
            links = re.findall(r'href="#([^"]+)"', html)
            assert links and set(links) <= set(re.findall(r'id="([^"]+)"', html))
    assert "diff-statements" in links and "diff-documents" in links


def test_a_party_s_node_renamed_is_a_change(tmp_path: Path):
    """The same party (collaboration and member) under another membership IRI: no party
    added or removed, but the data differ, and a link to the old node breaks."""
    new = _changed_sink(tmp_path, ":m2 a org:Membership", ":m2b a org:Membership")
    result, diff, markdown = run_diff(tmp_path, SINK, new)
    assert result.exit_code == 1 and diff["changed"]
    assert all(not any(n.values()) for n in diff["summary"].values())
    removed = {s["subject"] for s in diff["statements"]["removed"]}
    added = {s["subject"] for s in diff["statements"]["added"]}
    assert (removed, added) == ({f"<{ID}m2>"}, {f"<{ID}m2b>"})
    assert "No change" not in markdown


@pytest.mark.parametrize(
    ("old", "new", "subject"),
    [
        ('kg:year "2016"^^xsd:gYear ; prov', 'kg:year "2015"^^xsd:gYear ; prov', "count"),
        (":doc a kg:SourceDocument ;", ":doc a kg:SourceDocument , schema:Report ;", "doc"),
    ],
)
def test_a_statement_the_facts_do_not_compare_on_a_fact_is_told(tmp_path, old, new, subject):
    """A count's year and a document's type: their predicates are compared on other facts
    (a collaboration's year, an actor's type), not on these, so they are other statements."""
    result, diff, markdown = run_diff(tmp_path, SINK, _changed_sink(tmp_path, old, new))
    assert result.exit_code == 1 and diff["changed"] and "No change" not in markdown
    [added] = diff["statements"]["added"]
    assert added["subject"] == f"<{ID}{subject}>"
