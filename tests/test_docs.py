"""Documentation that runs: every command has an example in --help and a place in the README."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
import typer.main
from helpers.serving import running
from typer.testing import CliRunner

from kg.cli import app
from kg.io.source import Source
from kg.web.server import Settings

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_an_example(command: str):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert re.search(rf"Example: .*kg {command}\b", result.output), result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_mentions_every_command(command: str):
    assert f"kg {command}" in (ROOT / "README.md").read_text("utf-8")


def test_readme_quick_start_is_two_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"## Quick start.*?```(?:bash|sh)\n(.*?)```", readme, re.S)
    assert block, "README has a '## Quick start' section with a bash block"
    commands = [
        line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")
    ]
    assert len(commands) == 2, commands


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"## Quick start.*?```(?:bash|sh)\n(.*?)```", readme, re.S)
    test_command = next(line for line in block.group(1).splitlines() if "pytest" in line)
    assert test_command.strip() in (ROOT / ".ci" / "run").read_text("utf-8")


@pytest.mark.slow
def test_installed_kg_runs_as_a_subprocess():
    beside_python = Path(sys.executable).parent / "kg"
    executable = str(beside_python) if beside_python.exists() else shutil.which("kg")
    assert executable, "the kg console script is installed"
    result = subprocess.run(
        [executable, "stats", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"kg:Committee"' in result.stdout


#: The address of ``kg serve`` in the docs' examples, served while a Python example runs.
EXAMPLE_ENDPOINT = "http://127.0.0.1:8000/sparql"


def _python_examples() -> list:
    """The Python blocks of the README and docs/ that use kg (and kg serve, at its address)."""
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text("utf-8")
        for block in re.finditer(r"```python\n(.*?)```", text, re.S):
            line = text.count("\n", 0, block.start()) + 2
            if "import kg" in block.group(1):
                found.append(pytest.param(block.group(1), id=f"{path.name}:{line}"))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("code", _python_examples())
def test_the_python_examples_run(code: str, tmp_path: Path):
    """Every example of the Python API runs as written (from a folder where the repository's
    paths resolve, so that what it writes lands in a temporary folder)."""
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    with ExitStack() as stack:
        if EXAMPLE_ENDPOINT in code:  # the example's kg serve, on the bundled data
            server = stack.enter_context(running(Settings(workers=1), store=Source().open()))
            code = code.replace(EXAMPLE_ENDPOINT, server.url + "sparql")
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert result.returncode == 0, result.stderr


def test_the_readmes_kg_sparql_lines_give_what_they_say():
    """The README's one-line uses of ``kg.sparql`` run as written: the library's header, and a
    serialised answer as bytes."""
    import kg
    from kg.sparql import engine, library, results

    text = (ROOT / "README.md").read_text("utf-8")
    section = text[text.index("From `kg.sparql`:") :]
    section = section[: section.index("\n\n")]
    found = library.find("sector-pairs")
    assert found.summary and found.description and found.params == ()
    written = re.search(r'`(results\.serialize\(answer, "csv"\)[^`]*)`', section)
    assert written, section
    answer = engine.run(kg.Source(), engine.prepare("sector-pairs"))
    body = eval(written.group(1), {"results": results, "answer": answer})
    assert isinstance(body, bytes)
    assert body.startswith(b"sector1,sector2,collaborations\r\n")


def test_every_link_to_a_section_of_the_readme_lands():
    """The contents line and every other ``(#anchor)`` link name a heading, as GitHub makes
    its anchors (lower case, punctuation dropped, spaces as hyphens); every ``##`` section is
    in the contents line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,4} (.+)$", readme, re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    linked = re.findall(r"\]\(#([^)]+)\)", readme)
    assert set(linked) - anchors == set()
    contents = readme[readme.index("**Contents:**") : readme.index("## Quick start")]
    sections = re.findall(r"^## (.+)$", readme, re.M)
    assert len(re.findall(r"\]\(#", contents)) == len(sections)


def test_every_measurement_names_a_script_of_bench():
    """docs/performance.md names the command behind each number: every ``bench/NAME.py``
    it names is there, and a measurement from a script kept nowhere (``/tmp``) is none."""
    text = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    named = set(re.findall(r"bench/(\w+\.py)", text))
    assert "export_bench.py" in named  # the network exports' analysis, before and now
    assert [name for name in sorted(named) if not (ROOT / "bench" / name).is_file()] == []
    assert "/tmp` script" not in text


@pytest.mark.slow
def test_the_exports_bench_runs_both_analyses_alike():
    """bench/export_bench.py runs the analysis kg export ran before 2026-12-06 and the one it
    runs now side by side: both annotate the network's nodes alike (what the files hold)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "export_bench.py"), "--rounds", "1"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("│ bundled")]
    assert len(rows) == 2, done.stdout
    assert all(row.split("│")[-2].strip() == "True" for row in rows), done.stdout


def _usage_arguments(command: str) -> list[str]:
    """The arguments ``kg COMMAND --help``'s usage line names, brackets taken off."""
    usage = CliRunner().invoke(app, [command, "--help"]).output.splitlines()[0]
    return [w.strip("[].") for w in usage.split()[3:] if w.strip("[].") != "OPTIONS"]


def test_the_readme_names_a_commands_arguments_as_its_usage_line_does():
    """A placeholder the README writes for an argument (`kg diff OLD NEW`) is the one kg's
    usage line, argument list and "Missing argument" name."""
    readme = (ROOT / "README.md").read_text("utf-8")
    found = []
    for span in re.findall(r"`kg ([a-z]+) ([A-Z][A-Z_]*(?: [A-Z][A-Z_]*)*)\b", readme):
        command, written = span
        if command in COMMANDS:
            found.append((command, written.split(), _usage_arguments(command)))
    assert found, "no README placeholder of an argument found"
    assert [f for f in found if f[1] != f[2][: len(f[1])]] == []


def test_the_readmes_count_of_a_years_documents_is_what_kg_stats_says():
    """The README quotes a year's count of documents in the report's words; kg stats --year
    says it so (the year's report says it by the same message)."""
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    quoted = set(
        re.findall(
            r'"(?:from )?(the \d+ source documents quoted for (\d{4}) \(of \d+ in the data\))"',
            readme,
        )
    )
    assert quoted
    for phrase, year in quoted:
        result = CliRunner().invoke(app, ["stats", "--year", year])
        assert result.exit_code == 0, result.output
        assert phrase in " ".join(result.output.split())
