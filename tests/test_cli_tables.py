"""Terminal tables never split a word: they fit the terminal's width with every word whole,
or, where even the longest words do not fit side by side, show each row as a block of
"column value" lines (as psql's expanded display does)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def _kg(*args: str, width: int) -> str:
    """What ``kg ARGS -q`` writes on its standard output in a terminal ``width`` columns
    wide (read from COLUMNS on each run, as a program reads it), run in this process."""
    done = runner.invoke(app, [*args, "-q"], env={"COLUMNS": str(width)})
    assert done.exit_code == 0, done.output
    return done.stdout


def _words(*texts: str) -> set[str]:
    return {word for text in texts for word in re.findall(r"[\w'-]{2,}", text)}


def _whole(shown: str, words: set[str], width: int) -> None:
    found = set(re.findall(r"[\w'-]+", shown))
    split = sorted(words - found)
    assert not split, split  # a word not found whole was split over lines
    lines = [line for line in shown.splitlines() if " · " not in line]  # not the totals line
    assert max(len(line.rstrip()) for line in lines) <= width


@pytest.fixture(scope="module")
def gaps_rows() -> list[dict]:
    return json.loads(_kg("gaps", "-f", "json", width=200))


# at 60 columns a block per committee, at the others the same code at another width; the
# whole test is slow, its lines run by fast tests of this module and others
@pytest.mark.slow
@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_the_gaps_table_keeps_every_name_whole(gaps_rows, width):
    shown = _kg("gaps", width=width)
    _whole(shown, _words(*(row["label"] + " " + row["label_en"] for row in gaps_rows)), width)
    for group in ("civil society", "academia", "business", "public agencies"):
        assert all(word in shown for word in group.split())
    if width < 100:  # too narrow for ten columns of whole words: a block per committee
        assert "┃" not in shown and shown.count("\nlacks ") == len(gaps_rows)
    else:
        assert "┃ committee" in shown


@pytest.fixture(scope="module")
def listed() -> tuple[list[dict], dict]:
    """``kg queries`` and ``kg stats`` as JSON: the words their tables are to keep whole."""
    queries = json.loads(_kg("queries", "-f", "json", width=200))
    return queries, json.loads(_kg("stats", "-f", "json", width=200))


@pytest.mark.slow
@pytest.mark.parametrize("width", [60, 80])
def test_other_tables_keep_their_words_whole(listed, width):
    queries, stats = listed
    shown = _kg("queries", width=width)
    _whole(shown, {q["name"] for q in queries}, width)
    shown = _kg("stats", width=width)
    _whole(shown, _words(*stats["classes"], *stats["sector_labels"].values()), width)


@pytest.mark.slow
def test_the_reports_summary_keeps_every_name_whole(tmp_path, gaps_rows):
    shown = _kg("report", "-o", str(tmp_path / "out"), width=80)
    tables = "\n".join(line for line in shown.splitlines() if line[:1] in "┏┃┡│└")
    assert "┃ committee" in tables and "┃ organisation" in tables
    _whole(tables, _words(*(row["label"] + " " + row["label_en"] for row in gaps_rows)), 80)


@pytest.mark.parametrize(
    "args",
    [pytest.param(["stats"], marks=pytest.mark.slow), ["query", "committee-partners"]],
    ids=" ".join,
)
def test_a_row_as_a_block_folds_a_long_value_rather_than_cutting_it(args):
    """At 40 columns an id or class name longer than the line goes on over the next line,
    not cut with "…" (kg:CollaborationAgreeme…, id:mp-allaktivitetshuset-pa-apelgardssko…)."""
    shown = _kg(*args, width=40)
    assert "…" not in shown
    lines = [line for line in shown.splitlines() if " · " not in line]  # not the totals line
    assert max(len(line.rstrip()) for line in lines) <= 40
    joined = re.sub(r" *\n {19}", "", shown)  # a folded value's lines, put back together
    if args[0] == "query":
        assert "id:mp-allaktivitetshuset-pa-apelgardsskolan" in joined


@pytest.mark.slow
@pytest.mark.parametrize("command", [["gaps"], ["stats"], ["queries"]], ids=lambda c: c[0])
def test_a_terminal_of_no_reported_width_gets_the_tables_of_80_columns(command):
    """`COLUMNS=0` (a terminal that reports no size) printed nothing at all, exit 0: rich
    fits the output to a width of 0. It is now the width of a terminal kg cannot measure."""
    shown = runner.invoke(app, [*command, "-q"], env={"COLUMNS": "0", "LINES": "0"})
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.strip()
    assert shown.stdout == runner.invoke(app, [*command, "-q"], env={"COLUMNS": "80"}).stdout
