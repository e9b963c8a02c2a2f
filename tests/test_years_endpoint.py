"""A year's view of a SPARQL endpoint is the year's view of the same data read from files."""

from __future__ import annotations

import json

import pytest
from test_store import endpoint  # noqa: F401 (the fixture: an Oxigraph server, bundled data)
from typer.testing import CliRunner

from kg.cli import app
from kg.io.source import Source

runner = CliRunner()


@pytest.mark.slow
def test_a_year_of_an_endpoint_is_the_year_of_the_files(endpoint):  # noqa: F811
    remote, local = Source(endpoint=endpoint, year=2012), Source(year=2012)
    for name in ("collaborations", "partners", "status", "reaches", "member_years"):
        assert getattr(remote.facts(), name) == getattr(local.facts(), name), name
    assert remote.target() is remote.open()  # queries read the year's copy, not the server
    args = ["gaps", "--year", "2012", "-f", "json"]
    on_endpoint = runner.invoke(app, [*args, "--endpoint", endpoint])
    assert on_endpoint.exit_code == 0, on_endpoint.output
    assert json.loads(on_endpoint.stdout) == json.loads(runner.invoke(app, args).stdout)
