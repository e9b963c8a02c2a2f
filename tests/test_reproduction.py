"""A published figure re-made a year later: the same data gives the same files whatever
the conditions of the run (where the files lie, their order, the clock, the locale, the
hash seed, memory or a store)."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from kg.cli import app
from kg.paths import data_dir

runner = CliRunner()


def _stats(*args: str) -> dict:
    result = runner.invoke(app, ["stats", "-f", "json", "-q", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_copy_of_the_bundled_data_elsewhere_is_credited_and_licensed_as_kgs(tmp_path):
    """kg's data copied to another folder is still kg's data: its licence and the credit it
    asks for follow the files' contents, not where they lie."""
    copy = shutil.copytree(data_dir(), tmp_path / "elsewhere")
    here = _stats()["provenance"]
    there = _stats("--no-bundled", "--data", str(copy))["provenance"]
    assert there == here
    assert there["licence"]["data"] == "CC-BY-4.0" and there["licence"]["attribution"]
