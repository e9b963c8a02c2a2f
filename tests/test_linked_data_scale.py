"""A resource's page costs what the resource is, not what the graph is: the query behind it
(``PAGE_QUERY``) reads the resource's neighbourhood, never a whole class of the graph. Read
from Oxigraph's own plan of the query (``oxigraph query --explain --stats``), as rows per
step, never as times."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model.vocab import PREFIXES
from kg.web.resource import PAGE_QUERY, query_for

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def _plan_rows(store: Path, query: str, tmp_path: Path) -> list[int]:
    """The number of results of each step of Oxigraph's plan for ``query`` on ``store``."""
    prefixes = "".join(f"PREFIX {name}: <{space}>\n" for name, space in PREFIXES.items())
    file = tmp_path / "page.rq"
    file.write_text(prefixes + query, encoding="utf-8")
    run = subprocess.run(
        [
            *(OXIGRAPH, "query", "--location", str(store), "--query-file", str(file)),
            *("--explain", "--stats", "--results-format", "tsv"),
            *("--results-file", str(tmp_path / "rows.tsv")),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [int(n) for n in re.findall(r"number of results: (\d+)", run.stdout + run.stderr)]


@pytest.mark.slow  # a synthetic graph, a store and the oxigraph program
@pytest.mark.skipif(not Path(OXIGRAPH).exists(), reason="the oxigraph command (test extra)")
def test_a_committee_s_page_reads_its_neighbourhood_not_every_membership(tmp_path: Path):
    """A synthetic graph of 1,500 memberships: the page of one committee (a handful of
    statements, partners and referrers) reads no step of more than a hundred rows; joining
    every membership to the committee's referrers read them all (and took 35 times as long
    as its Turtle at 5,000 memberships)."""
    data = tmp_path / "synth.ttl"
    made = CliRunner().invoke(app, ["synth", "-n", "1000", "--seed", "0", "-q", "-o", str(data)])
    assert made.exit_code == 0, made.output
    store = tmp_path / "store"
    subprocess.run(
        [OXIGRAPH, "load", "--location", str(store), "--file", str(data)],
        capture_output=True,
        check=True,
    )
    memberships = data.read_text(encoding="utf-8").count("org:Membership")
    assert memberships > 1000
    rows = _plan_rows(
        store, query_for(PAGE_QUERY, "https://w3id.org/kg-malmo/id/synth/c0"), tmp_path
    )
    assert rows and rows[0] > 10  # the page's answer: its names, statements and referrers
    assert max(rows) < 100, f"a step of the page's query read {max(rows)} rows"
