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
from kg.cli import app

runner = CliRunner()


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple[str, ...], str]]:
    """The modules each preload imported, and the thread it imported them on (read it after
    :func:`_settled`)."""
    seen: list[tuple[tuple[str, ...], str]] = []
    real = preload._import_all

    def spy(modules: tuple[str, ...]) -> None:
        seen.append((modules, threading.current_thread().name))
        real(modules)

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
    output = tmp_path / ("r" if command == "report" else "m.html")
    result = runner.invoke(app, [command, "-q", "-o", str(output)])
    assert result.exit_code == 0, result.output
    _settled()
    assert seen == [(libraries, "kg-preload")]  # the bundled data is small: no igraph
    assert all(importlib.util.find_spec(name) for name in libraries)  # no name misspelt


@pytest.mark.slow
@pytest.mark.skipif(not optional.IGRAPH, reason="igraph (the fast extra) is not installed")
def test_large_files_preload_igraph_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    seen = _spy(monkeypatch)
    monkeypatch.setattr(preload, "LARGE_FILES", 0)  # the bundled files count as large
    result = runner.invoke(app, ["map", "-q", "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    _settled()
    assert seen == [((*preload.MAP, "igraph"), "kg-preload")]


def test_igraph_is_added_past_the_size_and_only_when_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    small, large = tmp_path / "small.ttl", tmp_path / "large.ttl"
    small.write_bytes(b"# a comment\n")
    with large.open("wb") as file:
        file.truncate(preload.LARGE_FILES + 1)
    monkeypatch.setattr(optional, "IGRAPH", True)
    assert preload.for_files(("a",), [small]) == ("a",)
    assert preload.for_files(("a",), [large]) == ("a", "igraph")
    assert preload.for_files(("a",), [small, tmp_path / "gone.ttl"]) == ("a",)
    monkeypatch.setattr(optional, "IGRAPH", False)
    assert preload.for_files(("a",), [large]) == ("a",)


def test_a_library_that_fails_to_import_stops_the_thread_quietly(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setitem(sys.modules, "kg_broken_library", None)  # importing it raises
    monkeypatch.delitem(sys.modules, "kg_after_the_broken_one", raising=False)
    thread = preload.preload(["kg_broken_library", "kg_after_the_broken_one"])
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert "kg_after_the_broken_one" not in sys.modules
