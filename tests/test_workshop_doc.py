"""docs/workshop.md runs as written: each ``$ kg …`` line on the bundled data (in a temporary
folder), showing what the page says kg shows; the answers it gives are the data's."""

from __future__ import annotations

import csv
import io
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

PAGE = Path(__file__).resolve().parents[1] / "docs" / "workshop.md"
runner = CliRunner()


def _lines() -> list:
    """Each ``$ kg`` line of the page's code blocks, with the lines shown after it."""
    found = []
    for block in re.finditer(r"^```[a-z]*\n(.*?)^```", PAGE.read_text("utf-8"), re.S | re.M):
        lines = block.group(1).splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ kg "):
                shown = []
                for after in lines[i + 1 :]:
                    if after.startswith("$ "):
                        break
                    shown.append(after.strip())
                marks = [pytest.mark.slow] if line.startswith("$ kg report") else []
                found.append(pytest.param(line[2:], shown, id=line[2:], marks=marks))
    return found


@pytest.mark.slow
@pytest.mark.parametrize(("command", "shown"), _lines())
def test_every_kg_line_of_the_workshop_runs(
    command: str, shown: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*shlex.split(command)[1:], "-q"], terminal_width=200)
    said = [line for line in shown if line]
    assert result.exit_code == (2 if said and said[0].startswith("fel:") else 0), result.output
    for line in said:
        assert line in result.output, f"{command}: the page shows {line!r}:\n{result.output}"


def _csv(*args: str) -> list[dict]:
    result = runner.invoke(app, [*args, "-f", "csv", "-q"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.slow
def test_the_answers_are_the_datas():
    """The answers the page gives to exercises 1, 2, 4 and 5 (the map's, 3, are kg gaps')."""
    page = " ".join(PAGE.read_text("utf-8").split())
    gaps = {row["label"]: row for row in _csv("gaps")}
    unpartnered = sorted(name for name, row in gaps.items() if row["partners"] == "0")
    assert unpartnered == ["Förtroendenämnden", "Valnämnden"]
    assert f"2 av {len(gaps)}: Förtroendenämnden och Valnämnden" in page
    lacking = [row["label"] for row in _csv("gaps", "--sector", "academia")]
    assert f"*Svar / answer:* {len(lacking)}: " + ", ".join(lacking[:-1]) in page
    leisure = gaps["Fritidsnämnden"]
    assert (
        leisure["partners"] == "12" and leisure["missing_sectors"] == "academia; business; agencies"
    )
    evidence = _csv(
        "query",
        "evidence-between-actors",
        "-p",
        "actor_a=fritidsnamnden",
        "-p",
        "actor_b=radda-barnen",
    )
    assert {row["collaborationLabel"] for row in evidence} == {
        "Kunskapsallians Mötesplats Otto",
        "Try me",
    }
    assert {row["page"] for row in evidence if "Otto" in row["collaborationLabel"]} == {"21"}
    first = _csv("suggest", "fritidsnämnden")[0]
    assert first["label"] == "Malmö högskola"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("kg reprot --lang sv", "Menade du 'report' eller 'export'?"),
        ("kg report --outptu rapport --lang sv", "(kanske: --output)"),
    ],
)
def test_the_common_mistakes_are_quoted_as_kg_says_them(command: str, said: str):
    """The page quotes kg's suggestion for a misspelt command or option word for word."""
    page = " ".join(PAGE.read_text("utf-8").split())
    assert f'`{command}` ger "{said}"' in page
    result = runner.invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 2 and said in result.output
