"""A published figure re-made a year later: the same data gives the same files whatever
the conditions of the run (where the files lie, their order, the clock, the locale, the
hash seed, memory or a store)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.paths import data_dir
from kg.sparql.library import find, library

runner = CliRunner()


def _stats(*args: str) -> dict:
    result = runner.invoke(app, ["stats", "-f", "json", "-q", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.slow
def test_a_copy_of_the_bundled_data_elsewhere_is_credited_and_licensed_as_kgs(tmp_path):
    """kg's data copied to another folder is still kg's data: its licence and the credit it
    asks for follow the files' contents, not where they lie."""
    copy = shutil.copytree(data_dir(), tmp_path / "elsewhere")
    here = _stats()["provenance"]
    there = _stats("--no-bundled", "--data", str(copy))["provenance"]
    assert there == here
    assert there["licence"]["data"] == "CC-BY-4.0" and there["licence"]["attribution"]


def test_report_json_names_the_options_and_the_software_that_made_its_numbers(bundled_report):
    """What a reader needs to make report.json again: beside kg's version and the data's
    digest, the years compared and the versions of the libraries that compute and write."""
    from importlib import metadata

    folder, _ = bundled_report("--lang", "en", "--compare", "2015", "2016")
    about = json.loads((folder / "report.json").read_text("utf-8"))["provenance"]
    assert (about["year"], about["compare"]) == (None, [2015, 2016])
    software = about["software"]
    assert software["networkx"] == metadata.version("networkx")
    assert software["pyoxigraph"] == metadata.version("pyoxigraph")
    assert software["python"].count(".") == 2
    assert _stats()["provenance"]["compare"] is None


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store of the bundled data, built once."""
    folder = tmp_path_factory.mktemp("store") / "s"
    result = runner.invoke(app, ["stats", "-q", "--store", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("query", [q.name for q in library()])
def test_every_library_query_answers_the_same_bytes_in_memory_and_on_a_store(query, store):
    """Rows that tie on a query's ORDER BY come in the engine's order, which differs between
    a graph in memory and a store: each query orders by enough columns that none tie."""
    fmt = "turtle" if "CONSTRUCT" in find(query).text else "json"
    answers = []
    for where in ([], ["--store", str(store)]):
        result = runner.invoke(app, ["query", query, "-f", fmt, "-q", *where])
        assert result.exit_code == 0, result.output
        answers.append(result.stdout)
    assert answers[0] == answers[1]


KG = str(Path(sys.executable).with_name("kg"))
#: Two runs that share nothing but the data's contents and kg: the hash seed, time zone,
#: locale, working folder, the data's folder (the bundled data, a copy) and the order its
#: files are given, and (with faketime installed) the clock, just before midnight on New
#: Year's Eve and just after.
CONDITIONS = (
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8", "FAKETIME": "@2026-12-31 23:59:58"},
    {
        "PYTHONHASHSEED": "1",
        "TZ": "Pacific/Auckland",
        "LC_ALL": "C",
        "FAKETIME": "@2027-01-01 00:00:02",
    },
)


#: Each command whose files are compared, and where it writes them in the output folder (its
#: own test, so that the runs spread over the workers).
COMMANDS = {
    "report": ["report", "--compare", "2015", "2016", "-o", "{out}/report"],
    "report-sv-year": ["report", "--lang", "sv", "--year", "2016", "-o", "{out}/rapport"],
    "map": ["map", "-o", "{out}/map.html"],
    "export-xlsx": ["export", "-f", "xlsx", "-o", "{out}/data.xlsx"],
    "export-graphml": ["export", "-f", "graphml", "-o", "{out}/network.graphml"],
    "import": ["import", "{example}", "-o", "{out}/example.ttl"],
}
#: The files each command writes at least: a report's pages, charts and map.
WRITTEN = {"report": 5, "report-sv-year": 5}


def _outputs(tmp: Path, number: int, command: str) -> dict[str, bytes]:
    """Every file ``command`` (kg report, kg map, kg export (xlsx, GraphML) or kg import)
    writes in one of the :data:`CONDITIONS`, by its path in the output folder."""
    conditions = CONDITIONS[number]
    given: list[str] = []  # the bundled data where it lies
    if number and command != "import":  # a copy elsewhere, its files given in reverse order
        data = shutil.copytree(data_dir(), tmp / "data")
        files = sorted(data.rglob("*.ttl"), reverse=True)
        given = ["--no-bundled", *(a for f in files for a in ("--data", str(f)))]
    out, here = tmp / f"out{number}", tmp / f"cwd{number}"
    here.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in conditions}
    env |= {k: v for k, v in conditions.items() if k != "FAKETIME"}
    clock = (
        [faketime, "-f", conditions["FAKETIME"]] if (faketime := shutil.which("faketime")) else []
    )
    example = Path(kg.__file__).parent / "io" / "spreadsheet" / "files" / "example.xlsx"
    args = [a.format(out=out, example=example) for a in COMMANDS[command]]
    if command != "import":
        args += given
    done = subprocess.run([*clock, KG, *args, "-q"], cwd=here, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_the_same_data_gives_the_same_bytes_whatever_the_conditions_of_the_run(
    tmp_path, command: str
):
    first, second = _outputs(tmp_path, 0, command), _outputs(tmp_path, 1, command)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert len(first) >= WRITTEN.get(command, 1)
