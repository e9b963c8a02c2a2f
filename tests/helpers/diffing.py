"""``kg diff`` run as a reviewer runs it, for the tests of its outputs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app


def run_diff(tmp_path: Path, *args: object) -> tuple[object, dict, str]:
    """Run kg diff with ``args`` (OLD NEW and options), writing its JSON and Markdown into
    ``tmp_path``; its exit (0 or 1, or the test fails), its JSON and its Markdown."""
    out_json, out_md = tmp_path / "diff.json", tmp_path / "diff.md"
    words = ["diff", *map(str, args), "-j", str(out_json), "-m", str(out_md), "-q"]
    result = CliRunner().invoke(app, words, terminal_width=200)
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(out_json.read_text("utf-8")), out_md.read_text("utf-8")
