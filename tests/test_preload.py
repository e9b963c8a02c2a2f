"""kg report and kg map import their libraries in the background while the data loads: the
libraries their analyses, charts and pages need, with igraph only for large files."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.analysis import optional, preload
from kg.analysis.quiet import matplotlib_imported
from kg.cli import app

runner = CliRunner()


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """The modules each preload imported, the thread it imported them on, and what it ran
    first (read it after :func:`_settled`)."""
    seen: list[tuple] = []
    real = preload._import_all

    def spy(modules: tuple[str, ...], first=None) -> None:
        seen.append((modules, threading.current_thread().name, first))
        real(modules, first)

    monkeypatch.setattr(preload, "_import_all", spy)
    return seen


def _settled() -> None:
    for thread in threading.enumerate():
        if thread.name == "kg-preload":
            thread.join(timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "libraries"), [("report", preload.REPORT), ("map", preload.MAP)]
)
def test_a_command_preloads_its_libraries_on_a_thread_of_their_own(
    command: str, libraries: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    seen = _spy(monkeypatch)
    monkeypatch.setattr(optional, "IGRAPH", False)
    monkeypatch.setattr(preload, "LARGE_FILES", 0)  # the bundled files count as large
    output = tmp_path / ("r" if command == "report" else "m.html")
    result = runner.invoke(app, [command, "-q", "-o", str(output)])
    assert result.exit_code == 0, result.output
    _settled()
    first = matplotlib_imported if command == "report" else None  # with its log filter
    assert seen == [(libraries, "kg-preload", first)]
    assert all(importlib.util.find_spec(name) for name in libraries)  # no name misspelt


@pytest.mark.slow
def test_small_files_preload_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The bundled data loads too quickly to hide the imports behind; data that does not
    conform would make the command wait at its exit for libraries it never uses."""
    seen = _spy(monkeypatch)
    result = runner.invoke(app, ["report", "-q", "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    _settled()
    assert seen == []


@pytest.mark.slow
@pytest.mark.skipif(not optional.IGRAPH, reason="igraph (the fast extra) is not installed")
def test_large_files_preload_igraph_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    seen = _spy(monkeypatch)
    monkeypatch.setattr(preload, "LARGE_FILES", 0)  # the bundled files count as large
    result = runner.invoke(app, ["map", "-q", "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    _settled()
    # igraph imports matplotlib's pyplot: matplotlib first, with its log filter
    assert seen == [((*preload.MAP, "igraph"), "kg-preload", matplotlib_imported)]


def test_large_files_preload_with_igraph_when_it_is_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    small, large = tmp_path / "small.ttl", tmp_path / "large.ttl"
    small.write_bytes(b"# a comment\n")
    with large.open("wb") as file:
        file.truncate(preload.LARGE_FILES + 1)
    monkeypatch.setattr(optional, "IGRAPH", True)
    assert preload.for_files(("a",), [small]) == ()
    assert preload.for_files(("a",), [large]) == ("a", "igraph")
    assert preload.for_files(("a",), [small, tmp_path / "gone.ttl"]) == ()
    monkeypatch.setattr(optional, "IGRAPH", False)
    assert preload.for_files(("a",), [large]) == ("a",)
    assert preload.preload(()) is None  # no thread for nothing


def test_what_runs_first_runs_on_the_thread_before_the_modules(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    """kg report imports matplotlib through kg.analysis.quiet first, with its log filter: the
    thread's plain import would print matplotlib's two warnings about a home it cannot write
    (tests/test_bare_machine.py runs that case)."""
    (tmp_path / "kg_preload_probe.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "kg_preload_probe", raising=False)
    ran: list[tuple[str, bool]] = []

    def first() -> None:
        ran.append((threading.current_thread().name, "kg_preload_probe" in sys.modules))

    preload.preload(["kg_preload_probe"], first=first).join(timeout=30)
    assert ran == [("kg-preload", False)]
    assert "kg_preload_probe" in sys.modules


def test_a_library_that_fails_to_import_stops_the_thread_quietly(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setitem(sys.modules, "kg_broken_library", None)  # importing it raises
    monkeypatch.delitem(sys.modules, "kg_after_the_broken_one", raising=False)
    thread = preload.preload(["kg_broken_library", "kg_after_the_broken_one"])
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert "kg_after_the_broken_one" not in sys.modules
