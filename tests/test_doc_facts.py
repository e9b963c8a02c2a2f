"""What the documentation states about kg is what kg does now: every option it names on a
command exists there, the numbers it gives of kg's own parts are theirs, and the data
dictionary defines every column and key the outputs have, and nothing they lack."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

import kg
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
#: options a doc misspells to show what kg answers (docs/workshop.md's common mistakes)
MISSPELT_ON_PURPOSE = {"--outptu"}


def _kg_lines(text: str) -> list[str]:
    """Every ``kg COMMAND …`` the text shows: in inline code (wrapped over lines or not), and
    on the lines of its code blocks (a line continued with ``\\`` joined), each cut at a pipe,
    a comment or the next ``kg``."""
    text = text.replace("\\\n", " ")
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M)
    prose = re.sub(r"^```[a-z]*\n.*?^```", "", text, flags=re.S | re.M)
    pieces = [" ".join(span.split()) for span in re.findall(r"`([^`]{1,200})`", prose)]
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
            if option not in known | MISSPELT_ON_PURPOSE:
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
    reading = sum(uses_derived(query.text) for query in library())
    assert int(said.group(1)) == reading, (
        f'the README\'s "Querying" says {said.group(1)} library queries read the '
        f"committee-level view; {reading} do: write {reading} there (a query that reads "
        "kg:partner, kg:takesPartIn or another derived term counts; CONTRIBUTING.md)"
    )


def test_the_citation_example_quotes_the_bundled_data_s_digest():
    """The README's example citation gives the version and digest ``kg stats`` prints: after
    a change of the bundled data, write the digest's first eight characters there."""
    said = re.search(r"version ([0-9.]+), data (?:> )?digest ([0-9a-f]{8})…", _readme())
    assert said, "the README's citation example quotes kg's version and a data digest"
    assert said.group(1) == kg.__version__
    assert said.group(2) == data_digest(Source().files())[:8]


def _defined() -> set[str]:
    """The names the data dictionary defines: every code span in the first cell of a row of
    its tables."""
    text = (ROOT / "docs" / "data-dictionary.md").read_text("utf-8")
    cells = re.findall(r"^\| ([^|]+) \|", text, re.M)
    return {name for cell in cells for name in re.findall(r"`([a-z_0-9]+)`", cell)}


def _csv(*args: str) -> set[str]:
    result = runner.invoke(app, [*args, "-q"])
    assert result.exit_code == 0, result.output
    return set(next(csv.reader(io.StringIO(result.output))))


def _analysis_fields() -> set[str]:
    """The columns of the analysis commands' CSV and the keys of ``kg stats -f json``."""
    fields = _csv("gaps", "-f", "csv") | _csv("centrality", "-f", "csv")
    fields |= _csv("brokers", "-f", "csv") | _csv("communities", "-f", "csv")
    fields |= _csv("suggest", "Fritidsnämnden", "-f", "csv")
    stats = runner.invoke(app, ["stats", "-f", "json", "-q"])
    return fields | set(json.loads(stats.output))


@pytest.mark.slow
def test_the_data_dictionary_defines_the_analysis_commands_columns():
    missing = _analysis_fields() - _defined()
    assert not missing, f"docs/data-dictionary.md defines no {sorted(missing)}"


@pytest.mark.slow
def test_every_name_the_data_dictionary_defines_is_in_an_output(bundled_report):
    """The other way round: a column or key the dictionary defines that no output has (renamed
    or removed) is a definition of nothing."""
    from kg.report.network_export import (
        EDGE_COLUMNS,
        NODE_COLUMNS,
        TWO_MODE_EDGE_COLUMNS,
        TWO_MODE_NODE_COLUMNS,
    )

    outputs = {*NODE_COLUMNS, *EDGE_COLUMNS, *TWO_MODE_NODE_COLUMNS, *TWO_MODE_EDGE_COLUMNS}
    outputs |= {"units"}  # GraphML and GEXF only, as the dictionary says
    report = json.loads(
        (bundled_report("--lang", "en", "--compare", "2015", "2016")[0] / "report.json").read_text(
            "utf-8"
        )
    )
    outputs |= {*report, *report["summary"], *report["provenance"]}
    outputs |= _analysis_fields() | _csv("query", "passages", "-f", "csv")
    stale = _defined() - outputs
    assert not stale, f"docs/data-dictionary.md defines {sorted(stale)}, which no output has"


def _said_defaults() -> list[tuple[str, float]]:
    """The README's ``--option`` … (default N), ``--option`` (N) and (``--option``, default N)."""
    found = []
    patterns = (
        r"`(--[a-z-]+)`[^`()]{0,30}\((?:default )?([\d,.]+)\b",
        r"\(`(--[a-z-]+)`, default ([\d,.]+)\)",
    )
    for pattern in patterns:
        for option, number in re.findall(pattern, _readme()):
            found.append((option, float(number.replace(",", "").rstrip("."))))
    return found


def test_the_defaults_the_readme_gives_are_kg_s():
    """``--timeout`` seconds (default 30) in the README is what ``kg serve --help`` says."""
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    said = _said_defaults()
    assert len(said) >= 6, said
    wrong = []
    for option, number in said:
        defaults = [
            p.default
            for command in commands.values()
            for p in command.params
            if option in p.opts and isinstance(p.default, int | float)
        ]
        if number not in defaults:
            wrong.append(f"{option}: the README says {number:g}, kg {defaults}")
    assert not wrong, wrong


def _readme_section(heading: str) -> str:
    """The README's paragraph that starts with the bold ``heading``, whitespace joined."""
    text = _readme()
    start = text.index(f"**{heading}**")
    return text[start : text.index("The map of the whole data has", start)]


@pytest.mark.slow
def test_the_readme_s_numbers_of_change_over_time_are_the_comparisons(bundled_source):
    """ "What the bundled data supports" quotes ``kg report --compare 2012 2016`` and ``2015
    2016`` on the bundled data: the collaborations of each year, how many are last and first
    reported, the committees that cannot be compared, the assignment statuses and
    Fritidsnämnden's partners. A change of the data that moves one of them is a change of
    that paragraph too."""
    from kg.report.compare import compare_years

    said = _readme_section("What the bundled data supports.")
    change = compare_years(bundled_source, 2012, 2016)
    collaborations = change["collaborations"]
    first, second, both = (collaborations[k] for k in ("only_first", "only_second", "both"))

    def known(rows: list[dict], how: str) -> int:
        return sum(row["known"] == how for row in rows)

    numbers = re.search(
        r"of the (\d+) collaborations of 2012, (\d+) are last reported in 2012 .*? of the "
        r"(\d+) of 2016, (\d+) are first reported in 2016 and (\w+) started after 2012",
        said,
    )
    assert numbers, said
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
    assert [int(n) for n in numbers.groups()[:4]] == [
        len(first) + len(both),
        known(first, "last_reported"),
        len(second) + len(both),
        known(second, "first_reported"),
    ]
    assert words[numbers.group(5)] == known(second, "started")
    in_both = re.search(r"and (\w+) are reported in both years", said)
    assert in_both and words[in_both.group(1)] == len(both), said

    committees = change["committees"]
    compared = [row for row in committees if row["described"] == "both"]
    untold = re.search(r"so (\d+) of the (\d+) committees cannot be compared", said)
    assert untold, said
    assert (int(untold.group(1)), int(untold.group(2))) == (
        len(committees) - len(compared),
        len(committees),
    )
    row = next(r for r in compared if r["label"] == "Fritidsnämnden")
    named = re.search(r"\(Fritidsnämnden: (.+?) and (.+?) in 2012, (.+?) and (.+?) in 2016", said)
    assert named, said
    for names, partners in (
        (named.groups()[:2], "partners_lost"),
        (named.groups()[2:], "partners_gained"),
    ):
        labels = [p["label"] for p in row[partners]]  # a short name stands for "UMIS (…)"
        for name in names:
            assert any(label.split(" (")[0] == name for label in labels), (name, labels)

    statuses = {
        count["status"]: (count["first"], count["second"])
        for count in compare_years(bundled_source, 2015, 2016)["counts"]
        if count["status"]
    }
    quoted = re.search(
        r"done \(green\) (\d+) → (\d+), ongoing \(yellow\) (\d+) → (\d+), "
        r"not started \(red\) (\d+) → (\d+)",
        said,
    )
    assert quoted, said
    n = [int(x) for x in quoted.groups()]
    assert {"green": (n[0], n[1]), "yellow": (n[2], n[3]), "red": (n[4], n[5])} == statuses


def test_the_readme_names_every_test_tool():
    """ "Install" lists what ``pip install -e '.[test]'`` adds: every requirement of the test
    extra, so that one added to pyproject.toml is named there too."""
    import tomllib

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = [re.split(r"[<>=!~\[; ]", r)[0] for r in extra["optional-dependencies"]["test"]]
    text = _readme()
    said = text[text.index("adds the test tools (") : text.index("For graphs of tens")].lower()
    missing = [name for name in names if not re.search(rf"\b{re.escape(name.lower())}\b", said)]
    assert not missing, f"the README's Install does not name {missing}"
