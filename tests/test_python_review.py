"""What a Python user's review of kg's API found: each told in words for the caller, and the
tables and claims the README gives a notebook held to what they say."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

import kg
from kg.cli import app

runner = CliRunner()


def test_a_folder_given_as_an_output_file_is_said_to_be_a_folder(tmp_path: Path):
    """It said "check that the folder exists and is writable", of a folder that does."""
    folder = tmp_path / "somefolder"
    folder.mkdir()
    with pytest.raises(kg.KgError) as python:
        kg.export_rdf(Graph(), "ttl", folder)
    assert python.value.hint == "the path is a folder: give the name of a file in it"
    result = runner.invoke(app, ["export", "-f", "ttl", "-o", str(folder)])
    assert result.exit_code == 2, result.output
    assert "the path is a folder: give the name of a file in it" in " ".join(result.stderr.split())
