"""What the documentation states about kg is what kg does now: every option it names on a
command exists there, the numbers it gives of kg's own parts are theirs, and the data
dictionary defines every column and key the outputs have, and nothing they lack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from kg.cli import app
from kg.io.provenance import data_digest
from kg.io.source import Source

ROOT = Path(__file__).resolve().parents[1]
DOCS = [
    "README.md",
    "data/README.md",
    "docs/data-dictionary.md",
    "docs/workshop.md",
    "CONTRIBUTING.md",
    "kg/io/spreadsheet/files/README.md",
]
runner = CliRunner()


def _kg_lines(text: str) -> list[str]:
    """Every ``kg COMMAND …`` the text shows: in inline code, and on the lines of its code
    blocks (a line continued with ``\\`` joined), each cut at a pipe or the next ``kg``."""
    text = text.replace("\\\n", " ")
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M)
    prose = re.sub(r"^```[a-z]*\n.*?^```", "", text, flags=re.S | re.M)
    pieces = [*re.findall(r"`([^`\n]+)`", prose)]
    pieces += [line for block in blocks for line in block.splitlines()]
    found = []
    for piece in pieces:
        for part in re.split(r"(?=\bkg (?:--lang \w+ )?[a-z])", piece):
            if part.startswith("kg "):
                found.append(re.split(r"[|#]|&&|;", part)[0].strip())
    return found


def _options(command) -> set[str]:
    return {name for p in command.params for name in (*p.opts, *p.secondary_opts)}


@pytest.mark.parametrize("doc", DOCS)
def test_every_option_the_docs_name_exists_on_its_command(doc: str):
    """``kg gaps --sector …`` in a doc means `kg gaps` takes ``--sector``: a renamed or
    removed option is caught in every example and every inline mention."""
    root = typer.main.get_command(app)
    commands = root.commands  # type: ignore[attr-defined]
    wrong = []
    for line in _kg_lines((ROOT / doc).read_text("utf-8")):
        match = re.match(r"kg (?:--lang \w+ )?([a-z][a-z-]*)(.*)", line)
        if not match or match.group(1) not in commands:
            continue
        known = _options(commands[match.group(1)]) | _options(root) | {"--help", "-h"}
        for option in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", match.group(2)):
            if option not in known:
                wrong.append(f"{line}: {option}")
    assert not wrong, wrong


def _readme() -> str:
    return " ".join((ROOT / "README.md").read_text("utf-8").split())


def test_the_readme_counts_the_predicates_an_endpoint_copy_reads():
    from kg.model.facts import PREDICATES

    said = re.search(r"The analyses copy only the predicates they read \((\d+),", _readme())
    assert said, "the README says how many predicates the analyses copy from an endpoint"
    assert int(said.group(1)) == len(PREDICATES)


def test_the_readme_counts_the_library_queries_that_read_the_view():
    from kg.sparql.engine import uses_derived
    from kg.sparql.library import library

    said = re.search(r"\((\d+) of them read it, those for which", _readme())
    assert said, "the README says how many library queries read the committee-level view"
    assert int(said.group(1)) == sum(uses_derived(query.text) for query in library())


def test_the_citation_example_quotes_the_bundled_data_s_digest():
    """The README's example citation gives the digest ``kg stats`` prints: after a change of
    the bundled data, write its first eight characters there."""
    said = re.search(r"data (?:> )?digest ([0-9a-f]{8})…", _readme())
    assert said, "the README's citation example quotes a data digest"
    assert said.group(1) == data_digest(Source().files())[:8]
