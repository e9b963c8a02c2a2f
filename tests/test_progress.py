"""Progress on long steps: the library's steps, silent by default; shown on a terminal's stderr
(a pseudo-terminal here), never when stderr is piped, never with --quiet."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg import progress
from kg.analysis.pipeline import analyse
from kg.io.source import Source
from kg.model.facts import READING
from kg.synth import write_synthetic
from kg.validation import check

KG = str(Path(sys.executable).parent / "kg")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


class Recorder:
    """A reporter that remembers what it was told."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def start(self, description: str, total: int | None) -> int:
        self.events.append(("start", description, total))
        return len(self.events)

    def advance(self, handle: object, amount: float) -> None:
        self.events.append(("advance", handle, amount))

    def finish(self, handle: object, ok: bool) -> None:
        self.events.append(("finish", handle, ok))

    def started(self) -> list[str]:
        return [e[1] for e in self.events if e[0] == "start"]


def test_a_step_does_nothing_unless_reporting_is_on():
    assert not progress.active()
    with progress.step("Nothing to see", total=3) as step:
        step.advance()


def test_steps_nest_count_and_report_failure():
    recorder = Recorder()
    with progress.reporting(recorder):
        assert progress.active()
        with progress.step("outer", total=2) as outer:
            with progress.step("inner"):
                pass
            outer.advance(2)
        with pytest.raises(ValueError), progress.step("failing"):
            raise ValueError("boom")
    assert not progress.active()
    assert recorder.events == [
        ("start", "outer", 2),
        ("start", "inner", None),
        ("finish", 2, True),
        ("advance", 1, 2),
        ("finish", 1, True),
        ("start", "failing", None),
        ("finish", 6, False),
    ]


@pytest.mark.slow
def test_the_library_reports_loading_validating_and_each_analysis():
    recorder = Recorder()
    with progress.reporting(recorder):
        source = Source()
        assert check(source).conforms
        analyse(source.facts())
    steps = recorder.started()
    triples = len(source.graph())
    assert f"Validating {triples:,} triples (shapes and quotes)" in steps
    for expected in (
        r"Loading \d+ RDF files",
        "Deriving the committee-level view",
        "Reading the facts the analyses need",
        "Projecting the organisation network",
        r"Centrality of \d+ organisations",
        "Communities",
        "Brokerage",
        "Structural holes",
        "Gaps per committee",
        "Betweenness",
    ):
        assert any(re.match(expected, s) for s in steps), (expected, steps)
    derive = next(e for e in recorder.events if e[0] == "start" and e[1].startswith("Deriving"))
    assert derive[2] > 1  # counts its rules
    for counted in ("Projecting", "Gaps per committee"):  # count their work to the end
        begun = next(
            i
            for i, e in enumerate(recorder.events, 1)
            if e[0] == "start" and e[1].startswith(counted)
        )
        done = sum(e[2] for e in recorder.events if e[0] == "advance" and e[1] == begun)
        assert recorder.events[begun - 1][2] == done > 0, counted


@pytest.mark.slow
def test_the_facts_are_read_while_the_data_is_validated():
    recorder = Recorder()
    with progress.reporting(recorder):
        source = Source()
        assert check(source, read_facts=True).conforms
        assert source.facts().actors  # read already: no step of its own
    events = recorder.events
    started = {e[1]: i + 1 for i, e in enumerate(events) if e[0] == "start"}
    reading = started["Reading the facts the analyses need"]
    validating = next(h for d, h in started.items() if d.startswith("Validating"))
    validated = next(i + 1 for i, e in enumerate(events) if e[:2] == ("finish", validating))
    assert reading < validated
    assert recorder.started().count("Reading the facts the analyses need") == 1


def test_violations_come_first_where_reading_the_facts_fails(fixture_path, monkeypatch):
    def failing(self):
        raise ValueError("the reader failed")

    monkeypatch.setattr(Source, "facts", failing)
    invalid = Source(data=(fixture_path("no_sector.ttl"),), bundled=False)
    assert check(invalid, read_facts=True).violations
    with pytest.raises(ValueError, match="the reader failed"):
        check(Source(), read_facts=True)


@pytest.mark.slow
def test_validating_alone_reads_no_facts():
    recorder = Recorder()
    with progress.reporting(recorder):
        assert check(Source()).conforms
    assert not any(s.startswith("Reading the facts") for s in recorder.started())


@pytest.mark.slow  # builds a store
def test_building_a_store_is_reported(tmp_path: Path):
    recorder = Recorder()
    with progress.reporting(recorder):
        Source(store=tmp_path / "store").facts()
    started = recorder.started()
    assert any(s.startswith("Building the store") for s in started)
    for step in (
        "Reading the facts the analyses need (kept in the store's folder)",
        "Keeping the facts in the store's folder",
        "Freeing the in-memory copy the store was built from",
    ):
        assert step in started
    total, advanced, _ = _counted(recorder, "Reading the facts")  # a predicate at a time
    assert total == advanced == READING


def _counted(recorder: Recorder, prefix: str) -> tuple[int, float, int]:
    """The total of the first step starting with ``prefix``, what it advanced in all, and in
    how many calls."""
    handle = next(
        i for i, e in enumerate(recorder.events, 1) if e[0] == "start" and e[1].startswith(prefix)
    )
    amounts = [e[2] for e in recorder.events if e[0] == "advance" and e[1] == handle]
    return recorder.events[handle - 1][2], sum(amounts), len(amounts)


@pytest.mark.slow
@pytest.mark.parametrize("on_store", [True, False], ids=["store", "memory"])
def test_loading_counts_the_bytes_read(tmp_path: Path, on_store: bool):
    """Loading shows how much of the files is read (a large file is one step of seconds),
    in steps of about a megabyte, to the files' whole size."""
    data = write_synthetic(tmp_path / "s.ttl", 2500, seed=1).path
    source = Source(data=(data,), bundled=False, store=tmp_path / "store" if on_store else None)
    recorder = Recorder()
    with progress.reporting(recorder):
        source.open()
    first = "Building the store" if on_store else "Loading"
    total, advanced, calls = _counted(recorder, first)
    assert total == advanced == sum(path.stat().st_size for path in source.files())
    assert data.stat().st_size > 2 << 20 and calls >= 2


def _in_a_terminal(*args: str, cwd: Path) -> str:
    """Run kg with stdin, stdout and stderr on a pseudo-terminal; what it showed, plain."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [KG, *args], stdin=follower, stdout=follower, stderr=follower, cwd=cwd, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert process.wait(timeout=300) == 0
    return ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))


@pytest.mark.slow  # runs kg as a program, in a pseudo-terminal and piped
def test_a_terminal_sees_the_steps_and_a_pipe_sees_none(tmp_path: Path):
    shown = _in_a_terminal("validate", cwd=tmp_path)
    assert re.search(r"Validating [\d,]+ triples", shown), shown
    assert "Loading" in shown and "Deriving the committee-level view" in shown
    piped = subprocess.run(
        [KG, "validate"], capture_output=True, text=True, cwd=tmp_path, timeout=300, check=True
    )
    assert "Validating" not in piped.stderr + piped.stdout
    assert "Loading" not in piped.stderr
    assert "the data conforms" in piped.stdout


@pytest.mark.slow  # runs kg as a program in a pseudo-terminal
def test_quiet_shows_no_steps_on_a_terminal(tmp_path: Path):
    shown = _in_a_terminal("validate", "--quiet", cwd=tmp_path)
    assert "Validating" not in shown and "Loading" not in shown
    assert "the data conforms" in shown


@pytest.mark.slow
def test_every_long_step_of_the_report_shows_in_a_terminal(tmp_path: Path):
    shown = _in_a_terminal("report", "-o", str(tmp_path / "out"), cwd=tmp_path)
    for step in (
        "Loading",
        "Deriving the committee-level view",
        "Validating",
        "Reading the facts",
        "Projecting the organisation network",
        "Centrality of",
        "Communities",
        "Brokerage",
        "Structural holes",
        "Gaps per committee",
        "Betweenness",
        "Suggesting partners for",
        "Drawing 3 charts",
        "Composing report.md, report.html and report.json",
        "Writing report.md, report.html and report.json",
        "Drawing the map",
    ):
        assert step in shown, step
    assert "Read the report:" in shown


@pytest.mark.slow
def test_the_steps_are_shown_in_the_reports_language(tmp_path: Path):
    shown = _in_a_terminal("report", "--lang", "sv", "-o", str(tmp_path / "out"), cwd=tmp_path)
    swedish = progress.catalog("sv")
    for english in (
        "Loading {files} RDF files",
        "Validating {triples} triples (shapes and quotes)",
        "Deriving the committee-level view",
        "Gaps per committee: {committees} committees",
        "Drawing {charts} charts",
        "Drawing the map",
    ):
        assert swedish[english].split("{")[0].strip() in shown, english
        assert english.split("{")[0].strip() not in shown, english
    assert re.search(r"Validerar \d+(\u202f\d{3})* tripplar", shown), shown


@pytest.mark.parametrize(
    ("lang", "line"), [("en", "✓ Drawing 3 charts 1.2 s"), ("sv", "✓ Ritar 3 diagram 1,2 s")]
)
def test_a_long_step_leaves_a_line_with_its_time_in_the_language(
    monkeypatch: pytest.MonkeyPatch, lang: str, line: str
):
    """A step that took a while leaves a ✓ line with its time, a decimal comma in Swedish; a
    quick one leaves none (a clock of the test's own: no step of the bundled report need be
    slow on a fast machine)."""
    import io
    from types import SimpleNamespace

    from rich.console import Console

    from kg.cli import steps

    now = [100.0]
    monkeypatch.setattr(steps, "time", SimpleNamespace(monotonic=lambda: now[0]))
    console = Console(file=io.StringIO(), width=100, color_system=None)
    with progress.reporting(steps._Steps(console)), progress.speaking(lang):
        with progress.step("Drawing {charts} charts", charts=3):
            now[0] += 1.25
        with progress.step("Drawing the map"):
            now[0] += steps.SHOWN_FROM / 2
    assert [s for s in console.file.getvalue().splitlines() if s.strip()] == [line]


def _step_descriptions() -> list[tuple[str, str]]:
    """(file, description) of every step kg's code describes, as written there."""
    import ast

    found = []
    for path in sorted(Path(progress.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            called = node.func.attr if isinstance(node.func, ast.Attribute) else None
            called = called or getattr(node.func, "id", None)
            if called in ("step", "_Counted"):
                described = node.args[0]
                if ast.unparse(described) == "self.description":  # _Counted's own, given above
                    continue
                assert isinstance(described, ast.Constant), (path, ast.unparse(described))
                found.append((str(path), described.value))
    return found


@pytest.mark.slow
def test_every_step_is_described_in_swedish_too():
    """Every step's English description is a plain template (no f-string: its values are
    given apart, so numbers follow the language), and the Swedish catalog words every one
    with the same placeholders; the catalog holds no step the code no longer has."""
    import string

    described = _step_descriptions()
    assert len(described) > 25
    swedish = progress.catalog("sv")

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for path, english in described:
        assert english in swedish, (path, english)
        assert fields(swedish[english]) == fields(english), english
    assert set(swedish) == {english for _, english in described}


def test_validation_counts_its_shapes_and_quotes():
    recorder = Recorder()
    with progress.reporting(recorder):
        assert check(Source()).conforms
    counted = {e[1]: e[2] for e in recorder.events if e[0] == "start"}
    assert counted["Checking the shapes"] > 5  # the targeted shapes of ontology/shapes.ttl
    assert counted["Checking every quote against its page"] > 200  # the bundled excerpts
    handles = {
        i + 1: e[1] for i, e in enumerate(recorder.events) if e[0] == "start"
    }  # a handle is the event's position
    advanced = {handles[e[1]] for e in recorder.events if e[0] == "advance" and e[2] > 0}
    assert "Checking the shapes" in advanced
