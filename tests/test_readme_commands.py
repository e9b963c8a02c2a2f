"""Every ``$ kg …`` line of the README runs as written on the bundled data (in a temporary
folder, where what it writes lands), and an example that shows its output shows what kg
says; the lines that need a server, an endpoint or a file of the reader's own are listed,
each with why, so that a new line is run or listed."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import data_dir

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

#: README lines not run here, and why (each is covered where its thing is: a server, a store)
_NOT_RUN = {
    "kg validate --data my-alliances.ttl": "the reader's own file",
    "kg query my-question.rq": "the reader's own file",
    "kg validate --store big.db --no-bundled --data big.ttl": "a 1M-triple file of kg synth",
    "kg report --store big.db": "the store of the line before",
    "kg query committees-lacking-sector --store big.db": "the store of the line before",
    "kg report --no-bundled --data big.ttl --store big.db -o big-report": "a 1M-triple store",
    "kg synth --actors 33000 --seed 1 -o big.ttl": "1M triples (kg synth: tests/test_synth.py)",
    "kg validate --store /srv/kg/store --no-bundled --data /srv/kg/data": "a server's folders",
    "kg gaps --endpoint http://127.0.0.1:7878/query": "an endpoint (tests/test_endpoints.py)",
    "kg diff /tmp/kg-main/data data -m diff.md -j diff.json": "with git (below)",
    "kg diff /tmp/old.ttl data/committees/fritidsnamnden.ttl": "likewise",
}
#: Commands that write a report, a map or a workbook: seconds each
_SLOW = ("kg report", "kg map", "kg export")


def _examples() -> list:
    """Each ``$ kg`` line of the README's code blocks, with the lines the block shows after
    it (its output) up to the next ``$`` line."""
    text = (ROOT / "README.md").read_text("utf-8")
    found = []
    for block in re.finditer(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M):
        lines = block.group(1).replace("\\\n", " ").splitlines()  # a line continued
        for i, line in enumerate(lines):
            if not line.startswith("$ kg "):
                continue
            command = " ".join(shlex.split(line[2:], comments=True))
            shown = []
            for after in lines[i + 1 :]:
                if after.startswith("$ "):
                    break
                shown.append(after)
            if command.startswith("kg serve") or command in _NOT_RUN:
                continue  # parsed only: test_every_line_not_run_is_one_kg_reads
            marks = [pytest.mark.slow] if command.startswith(_SLOW) else []
            found.append(pytest.param(command, shown, id=command, marks=marks))
    return found


def test_the_lines_not_run_are_still_in_the_readme():
    text = (ROOT / "README.md").read_text("utf-8").replace("\\\n", " ")
    lines = re.findall(r"^\$ (kg .*)$", text, re.M)
    said = {" ".join(shlex.split(line, comments=True)) for line in lines}
    assert set(_NOT_RUN) <= said, sorted(set(_NOT_RUN) - said)


def _not_run() -> list[str]:
    """The README's ``kg`` lines that are not run: each ``kg serve`` line and those of
    :data:`_NOT_RUN`."""
    text = (ROOT / "README.md").read_text("utf-8").replace("\\\n", " ")
    lines = [
        " ".join(shlex.split(m, comments=True)) for m in re.findall(r"^\$ (kg .*)$", text, re.M)
    ]
    return [line for line in lines if line.startswith("kg serve") or line in _NOT_RUN]


@pytest.mark.parametrize("command", _not_run())
def test_every_line_not_run_is_one_kg_reads(command: str):
    """A line that needs a server or a file of the reader's own is parsed as kg would
    (options, values, choices), without running it: a misspelt option fails here."""
    name, *words = shlex.split(command)[1:]
    typer.main.get_command(app).commands[name].make_context(name, words)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_piped_query_runs():
    """``echo '…' | kg query - …``: the README's query from standard input."""
    text = (ROOT / "README.md").read_text("utf-8")
    line = re.search(r"^\$ echo (.*?) \| kg query - (.*)$", text, re.M)
    assert line, "the README shows a query given on standard input"
    query = shlex.split(line.group(1))[0]
    result = runner.invoke(app, ["query", "-", *shlex.split(line.group(2)), "-q"], input=query)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("?c\n<https://w3id.org/kg-malmo/id/")


@pytest.mark.slow
@pytest.mark.parametrize(("command", "shown"), _examples())
def test_every_kg_line_of_the_readme_runs(
    command: str, shown: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*shlex.split(command)[1:], "-q"], terminal_width=200)
    said = [line.strip() for line in shown if line.strip()]
    if said and said[0].startswith("error:"):  # an example of a refusal, as the README shows it
        assert result.exit_code == 2, result.output
    else:
        assert result.exit_code == 0, f"{command}:\n{result.output}"
    for line in said:
        assert line in result.output, f"{command}: the README shows {line!r}:\n{result.output}"


@pytest.mark.slow
def test_the_misspelt_class_example_is_what_kg_validate_says(tmp_path: Path):
    """The README's example of violations that follow from a misspelling: the bundled data
    with Rädda Barnen typed ``kg:Asociation`` gives those lines (each up to its "…"), file
    and line included."""
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"^```\n(fritidsnamnden\.ttl:87: .*?)^```", text, re.S | re.M)
    assert block, "the README shows the violations of a misspelt class"
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("sources"))
    committee = data / "committees" / "fritidsnamnden.ttl"
    lines = committee.read_text("utf-8").splitlines(keepends=True)
    assert lines[86].startswith(":radda-barnen a kg:Association"), lines[86]
    lines[86] = lines[86].replace("kg:Association", "kg:Asociation")
    committee.write_text("".join(lines), "utf-8")
    result = runner.invoke(app, ["validate", "--no-bundled", "--data", str(data), "-q"])
    assert result.exit_code == 1, result.output
    said = [line.strip().removeprefix("↳ ") for line in result.output.splitlines()]
    for shown in block.group(1).splitlines():
        start = shown.strip().removeprefix("↳ ").split("…")[0]
        if start:
            assert any(start in line for line in said), f"{shown!r}:\n{result.output}"


@pytest.mark.slow
def test_the_diff_example_runs_in_a_fresh_clone(tmp_path: Path):
    """The README's ``kg diff`` block, git lines included, runs line by line in a clone as
    ``git clone`` leaves it: on main, with a change to data/ not yet committed (a worktree
    of a branch checked out elsewhere would be refused: ``--detach``)."""
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"^```\n(\$ git worktree add .*?)^```", text, re.S | re.M)
    assert block, "the README shows how to compare the data with main's"
    clone = tmp_path / "clone"
    shutil.copytree(data_dir(), clone / "data")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "kg",
        "GIT_AUTHOR_EMAIL": "kg@example.org",
        "GIT_COMMITTER_NAME": "kg",
        "GIT_COMMITTER_EMAIL": "kg@example.org",
    }
    for git in (["init", "-q", "-b", "main"], ["add", "data"], ["commit", "-qm", "data"]):
        subprocess.run(["git", *git], cwd=clone, env=env, check=True, capture_output=True)
    committee = clone / "data" / "committees" / "fritidsnamnden.ttl"
    committee.write_text(
        committee.read_text("utf-8").replace('"Skåneidrotten"@sv', '"Skåne idrotten"@sv'), "utf-8"
    )
    for line in block.group(1).splitlines():
        command = line.removeprefix("$ ").replace("/tmp/", f"{tmp_path}/")
        result = subprocess.run(
            ["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, check=False
        )
        expected = (1,) if command.startswith("kg diff") else (0,)  # diff's 1: a change
        assert result.returncode in expected, f"{line}:\n{result.stdout}{result.stderr}"
    assert "Skåne idrotten" in (clone / "diff.md").read_text("utf-8")
    assert not (tmp_path / "kg-main").exists()
