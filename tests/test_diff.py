"""``kg diff``: what a change to the data does to the graph and the findings, on copies of the
bundled data changed as a curator's pull request would change them, and on small fixtures."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers.diffing import run_diff
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import data_dir
from kg.report.diff_document import diff_markdown

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"
ID = "https://w3id.org/kg-malmo/id/"
#: The party removed: Malmö högskola in the Institute for Sustainable Urban Development, the
#: one academic partner of the Culture Committee and of the Technical Committee.
PARTY = (ID + "ka-institutet-for-hallbar-stadsutveckling", ID + "malmo-hogskola")
_MEMBERSHIP = """:m-ka-institutet-for-hallbar-stadsutveckling--malmo-hogskola a org:Membership ;
    org:organization :ka-institutet-for-hallbar-stadsutveckling ; org:member :malmo-hogskola ;
    prov:wasDerivedFrom :ev-004-p23-isu .
"""


def _copy(to: Path) -> Path:
    shutil.copytree(data_dir(), to, ignore=shutil.ignore_patterns("sources", "*.md", "*.csv"))
    return to


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{file} no longer holds the text this test edits"
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled data, and a copy of it with one party removed."""
    root = tmp_path_factory.mktemp("diff")
    new = _copy(root / "new")
    _edit(new, "committees/kulturnamnden.ttl", _MEMBERSHIP, "")
    return data_dir(), new


def _gaps(folder: Path) -> dict[str, dict]:
    result = runner.invoke(app, ["gaps", "--no-bundled", "--data", str(folder), "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    return {r["committee"]: r for r in (rows["rows"] if isinstance(rows, dict) else rows)}


def _nothing_but(diff: dict, kind: str, part: str) -> None:
    for other, counts in diff["summary"].items():
        for name, n in counts.items():
            if (other, name) != (kind, part):
                assert n == 0, f"{other} {name}: {n}"
    assert diff["statements"] == {"added": [], "removed": []}


@pytest.mark.slow
def test_identical_data_is_no_change(tmp_path: Path):
    copy = _copy(tmp_path / "copy")
    result, diff, markdown = run_diff(tmp_path, data_dir(), copy)
    assert result.exit_code == 0
    assert not diff["changed"] and not diff["committees"] and not diff["groups"]
    assert all(not any(n.values()) for n in diff["summary"].values())
    assert diff["old"]["data_sha256"] == diff["new"]["data_sha256"]
    assert "No change" in result.output and "No change" in markdown


@pytest.mark.slow
def test_one_party_removed_is_named_with_its_effect_on_the_committees(versions, tmp_path):
    old, new = versions
    result, diff, markdown = run_diff(tmp_path, old, new)
    assert result.exit_code == 1
    assert [(p["collaboration"], p["member"]) for p in diff["parties"]["removed"]] == [PARTY]
    _nothing_but(diff, "parties", "removed")
    # the committee-level effect is what kg gaps says on each side, committee by committee
    before, after = _gaps(old), _gaps(new)
    differ = {
        c
        for c in before
        if [before[c][k] for k in ("status", "partners", "missing_sectors")]
        != [after[c][k] for k in ("status", "partners", "missing_sectors")]
    }
    assert differ and {r["committee"] for r in diff["committees"]} == differ
    for row in diff["committees"]:
        iri = row["committee"]
        assert row["status"] == [before[iri]["status"], after[iri]["status"]]
        assert row["partners"] == [before[iri]["partners"], after[iri]["partners"]]
        assert row["missing_sectors"] == [
            before[iri]["missing_sectors"],
            after[iri]["missing_sectors"],
        ]
        assert [p["iri"] for p in row["partners_lost"]] == [PARTY[1]]
        assert row["groups_lost"] == ["academia"] and not row["gaps_closed"]
        opened = [
            g for g in after[iri]["missing_sectors"] if g not in before[iri]["missing_sectors"]
        ]
        assert row["gaps_opened"] == opened
    # the Culture Committee's one academic partner goes; the Technical Committee keeps an
    # unnamed academic party, so it reaches academia no longer but has no gap there
    culture = {c for c in differ if after[c]["missing_sectors"] != before[c]["missing_sectors"]}
    assert culture == {ID + "kulturnamnden"}
    academia = {r["group"]: r for r in diff["groups"]}["academia"]
    assert {c["iri"] for c in academia["opened"]} == culture and not academia["closed"]
    assert "Institute for Sustainable Urban Development" in markdown
    assert "Malmö University (Malmö högskola)" in markdown
    assert "academia" in result.output


@pytest.mark.slow
def test_the_other_way_the_party_is_added_and_the_gaps_close(versions, tmp_path):
    old, new = versions
    result, diff, _ = run_diff(tmp_path, new, old)
    assert result.exit_code == 1
    assert [(p["collaboration"], p["member"]) for p in diff["parties"]["added"]] == [PARTY]
    _nothing_but(diff, "parties", "added")
    assert [r["committee"] for r in diff["committees"] if r["gaps_closed"]] == [
        ID + "kulturnamnden"
    ]
    assert all(r["groups_gained"] == ["academia"] for r in diff["committees"])
    academia = {r["group"]: r for r in diff["groups"]}["academia"]
    assert [c["iri"] for c in academia["closed"]] == [ID + "kulturnamnden"]
    assert not academia["opened"]


@pytest.mark.slow
def test_a_renamed_actor_and_one_in_another_sector_keep_their_iri(tmp_path: Path):
    new = _copy(tmp_path / "new")
    file = "committees/fritidsnamnden.ttl"
    _edit(new, file, '"Skåne Sports Federation"@en', '"Skåne Sports Confederation"@en')
    _edit(
        new,
        file,
        "kg:sector kg:CivilSociety ;\n    kg:basis kg:AssumedByCurators ;\n    skos:"
        'editorialNote "The text gives only the name; typed',
        "kg:sector kg:Business ;\n    kg:basis kg:AssumedByCurators ;\n    skos:"
        'editorialNote "The text gives only the name; typed',
    )
    result, diff, markdown = run_diff(tmp_path, data_dir(), new)
    assert result.exit_code == 1
    changed = {a["iri"]: a["changes"] for a in diff["actors"]["changed"]}
    assert changed == {
        ID + "skaneidrotten": {
            "label_en": ["Skåne Sports Federation", "Skåne Sports Confederation"]
        },
        ID + "umis": {"sector": ["civil", "business"], "group": ["civil", "business"]},
    }
    assert not diff["actors"]["added"] and not diff["actors"]["removed"]
    assert f"same IRI {ID}umis: sector: civil society → business" in markdown
    assert "“Skåne Sports Federation” → “Skåne Sports Confederation”" in markdown
    swedish = diff_markdown(diff, "sv")
    assert f"samma IRI {ID}umis: sektor: idéburen sektor → näringsliv" in swedish
    assert "”Skåne Sports Federation” → ”Skåne Sports Confederation”" in swedish
    assert "“" not in swedish  # Swedish quotes with ”…”, as the report does
    # UMIS's committees now reach business: their business gaps close, as kg gaps says
    after = _gaps(new)
    for row in diff["committees"]:
        assert row["missing_sectors"][1] == after[row["committee"]]["missing_sectors"]
        assert "business" in row["groups_gained"]


def test_a_corrected_quote_and_page_are_the_same_excerpt(tmp_path: Path):
    new = _copy(tmp_path / "new")
    excerpt = ":ev-004-p21-motesplatsen a kg:SourceExcerpt ;\n    oa:hasSource :doc-004 ; kg:page "
    _edit(new, "committees/fritidsnamnden.ttl", excerpt + "21", excerpt + "20")
    _edit(new, "committees/fritidsnamnden.ttl", "röst i samhället och", "röst i samhället, och")
    result, diff, markdown = run_diff(tmp_path, data_dir(), new)
    assert result.exit_code == 1
    [row] = diff["evidence"]["changed"]
    assert row["iri"] == ID + "ev-004-p21-motesplatsen"
    assert row["changes"]["page"] == [21, 20]
    assert [q.count("samhället, och") for q in row["changes"]["quote"]] == [0, 1]
    _nothing_but(diff, "evidence", "changed")
    assert not diff["committees"]
    assert "page: 21 → 20" in markdown


@pytest.mark.slow
def test_a_change_the_facts_do_not_hold_is_still_a_change(tmp_path: Path):
    new = _copy(tmp_path / "new")
    _edit(
        new,
        "committees/fritidsnamnden.ttl",
        "Mötesplats Otto, a meeting place that",
        "Mötesplats Otto, a place that",
    )
    result, diff, markdown = run_diff(tmp_path, data_dir(), new)
    assert result.exit_code == 1 and diff["changed"]
    assert all(not any(n.values()) for n in diff["summary"].values())
    [removed], [added] = diff["statements"]["removed"], diff["statements"]["added"]
    assert removed["subject"] == added["subject"] == f"<{ID}ka-motesplats-otto>"
    assert "a place that gives" in added["object"] and "Other statements" in markdown


@pytest.mark.slow
def test_the_swedish_headings_have_no_english_word(versions, tmp_path):
    _, diff, english = run_diff(tmp_path, *versions)
    swedish = diff_markdown(diff, "sv")

    def headings(text: str) -> list[str]:
        lines = text.splitlines()
        found = [line.lstrip("# ") for line in lines if line.startswith("#")]
        found += [lines[i - 1] for i, line in enumerate(lines) if line.startswith("|---")]
        return found

    def words(lines: list[str]) -> set[str]:
        return {w.lower() for line in lines for w in re.findall(r"[^\W\d_]+", line)}

    shared = words(headings(swedish)) & words(headings(english))
    assert shared <= {"status", "partner", "per", "kg"}, shared  # words both languages have
    assert "Ändringar i uppgifterna" in swedish and "Luckor per partnergrupp" in swedish


@pytest.mark.slow
def test_a_data_folders_language_is_the_diffs_unless_lang_is_given(versions, tmp_path):
    """A city's data folder whose kg.toml says lang = "sv" gets its diff in Swedish, as every
    other command's output (--lang left out); --lang en still wins."""
    old, new = _copy(tmp_path / "old"), _copy(tmp_path / "new")
    _edit(new, "committees/kulturnamnden.ttl", _MEMBERSHIP, "")
    for folder in (old, new):
        (folder / "kg.toml").write_text('lang = "sv"\n', "utf-8")
    _, _, markdown = run_diff(tmp_path, old, new)
    assert markdown.startswith("# Ändringar i uppgifterna")
    summary = runner.invoke(app, ["diff", str(old), str(new), "-q"], terminal_width=200)
    assert summary.exit_code == 1 and "Vad som har ändrats" in summary.output
    english = runner.invoke(app, ["diff", str(old), str(new), "--lang", "en", "-q"])
    assert english.exit_code == 1 and "What changed" in english.output


@pytest.mark.slow
def test_text_from_the_data_is_escaped_in_the_markdown(tmp_path: Path):
    hostile = "<img src=x onerror=alert(1)> *bold* | [link](javascript:x)"
    old = FIXTURES / "kitchen_sink.ttl"
    new = tmp_path / "new.ttl"
    text = old.read_text("utf-8")
    new.write_text(text.replace('"Testföreningen"@sv', f'"{hostile}"@sv', 1), "utf-8")
    result, diff, markdown = run_diff(tmp_path, old, new)
    assert result.exit_code == 1 and diff["actors"]["changed"][0]["changes"]["label"][1] == hostile
    assert "<img" not in markdown and "&lt;img src=x onerror=alert(1)&gt;" in markdown
    assert "\\*bold\\* \\| \\[link\\](javascript" in markdown
    assert " [link](" not in markdown


def test_bad_input_is_an_error_naming_the_file(tmp_path: Path):
    broken = FIXTURES / "syntax_error.ttl"
    result = runner.invoke(app, ["diff", str(FIXTURES / "kitchen_sink.ttl"), str(broken)])
    assert result.exit_code == 2 and "syntax_error.ttl:" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["diff", str(empty), str(FIXTURES / "kitchen_sink.ttl")])
    assert result.exit_code == 2 and str(empty) in result.output
    assert "no RDF files" in result.output and "(OLD or NEW)" in result.output
    result = runner.invoke(app, ["diff", str(tmp_path / "nowhere"), str(empty)])
    assert result.exit_code == 2 and "nowhere" in result.output


def test_markdown_on_stdout_puts_the_summary_on_stderr(tmp_path: Path):
    sink = FIXTURES / "kitchen_sink.ttl"
    copy = tmp_path / sink.name
    shutil.copy(sink, copy)
    result = runner.invoke(app, ["diff", str(sink), str(copy), "-m", "-", "--lang", "sv", "-q"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Ändringar i uppgifterna\n")
    assert "Ingen ändring" in result.stderr


@pytest.mark.slow
def test_bundled_adds_the_bundled_data_to_both_versions(tmp_path: Path):
    """Data kept beside the bundled data: a note on a bundled collaboration, then changed."""
    note = (
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f'<{ID}ka-motesplats-otto> skos:editorialNote "{{}}"@en .\n'
    )
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_text(note.format("read"), "utf-8")
    new.write_text(note.format("read again"), "utf-8")
    result, diff, _ = run_diff(tmp_path, "--bundled", old, new)
    assert result.exit_code == 1 and diff["old"]["bundled"] and diff["new"]["triples"] > 6000
    assert all(not any(n.values()) for n in diff["summary"].values()) and not diff["committees"]
    assert [s["object"] for s in diff["statements"]["added"]] == ['"read again"@en']
