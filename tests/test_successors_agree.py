"""The end of a chain of replacements (``dcterms:replaces``) has one definition,
:func:`kg.model.successors.ends`: the library query ``successors`` gives the rows
:func:`kg.model.successors.successions` gives, ``kg stats`` counts the organisations the facts
say another replaced, and ``kg validate`` names each group of circles once, on small cases of
tests/fixtures/successions.ttl: a chain, a split, a merger, circles (one of twelve steps of
mergers and splits), and a replacement of or by what is no organisation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.io.source import Source
from kg.model.successors import successions
from kg.sparql.api import query

runner = CliRunner()
FIXTURE = Path(__file__).parent / "fixtures" / "successions.ttl"
ID = "https://w3id.org/kg-malmo/id/sx/"

#: Twelve steps: each year's two committees replace both of the year before (n13 the
#: oldest), and the oldest n13x replaces the newest n01y: 4,096 circles through them.
HISTORY = [
    (f"n{year:02d}{new}", f"n{year + 1:02d}{old}")
    for year in range(1, 13)
    for new in "xy"
    for old in "xy"
] + [("n13x", "n01y")]

#: Each case's ``(new, old)`` replacements, and the rows (old, new, latest) they make
CASES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str, str | None]]]] = {
    "chain": ([("b", "a"), ("c", "b")], [("a", "b", "c"), ("b", "c", "c")]),
    "split later in the chain": (
        [("b", "a"), ("c", "b"), ("d", "b")],
        [("a", "b", "c"), ("a", "b", "d"), ("b", "c", "c"), ("b", "d", "d")],
    ),
    "merger": ([("c", "a"), ("c", "b")], [("a", "c", "c"), ("b", "c", "c")]),
    "circle": (
        [("a", "b"), ("b", "a"), ("b", "z")],
        [("a", "b", None), ("b", "a", None), ("z", "b", None)],
    ),
    "circle with a way out": (
        [("a", "b"), ("b", "a"), ("c", "a")],
        [("a", "b", "c"), ("a", "c", "c"), ("b", "a", "c")],
    ),
    "replaces itself": ([("a", "a"), ("b", "a")], [("a", "b", "b")]),
    "replaced by a project": ([("p", "a"), ("b", "a")], [("a", "b", "b")]),
    "replaces a project": ([("c", "p"), ("d", "c")], [("c", "d", "d")]),
    "twelve steps in a circle": (HISTORY, []),  # worked out below
}


def _data(tmp_path: Path, pairs: list[tuple[str, str]]) -> Path:
    """A folder with the fixture's organisations and the ``(new, old)`` replacements."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "organisations.ttl").write_text(FIXTURE.read_text("utf-8"), encoding="utf-8")
    lines = [f"<{ID}{new}> <http://purl.org/dc/terms/replaces> <{ID}{old}> ." for new, old in pairs]
    (folder / "replaces.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _short(iri: str | None) -> str | None:
    return iri.removeprefix(ID) if iri else None


def _queried(source: Source) -> list[tuple[str, str, str | None]]:
    rows = query(source, "successors")
    found = [
        (r["old"].value, r["new"].value, r["latest"].value if r["latest"] else None) for r in rows
    ]
    return sorted(
        ((_short(o), _short(n), _short(last)) for o, n, last in found),
        key=lambda r: (r[0], r[1], r[2] or ""),
    )


@pytest.mark.parametrize("case", CASES)
def test_the_query_gives_the_rows_of_the_python_rule(tmp_path: Path, case: str):
    pairs, expected = CASES[case]
    source = Source(data=[_data(tmp_path, pairs)], bundled=False)
    facts = source.facts()
    python = [(_short(o), _short(n), _short(last)) for o, n, last in successions(facts.replaces)]
    if case == "twelve steps in a circle":  # every chain ends at the newest n01x
        olds = {(old, new) for new, old in HISTORY}
        expected = sorted((old, new, "n01x") for old, new in olds)
    assert python == expected
    assert _queried(source) == expected
    # kg gaps and the report name each statement the rows hold ("replaced by", "formerly")
    stated = {(_short(old), _short(new)) for old, news in facts.replaced_by.items() for new in news}
    assert stated == {(old, new) for old, new, _ in expected}
    # kg stats counts the organisations another replaced, as the facts read them
    counted = json.loads(
        runner.invoke(
            app, ["stats", "--no-bundled", "--data", str(tmp_path / "data"), "-f", "json"]
        ).stdout
    )
    assert counted["replaced"] == len(facts.replaced_by) == len({old for old, _, _ in expected})


def test_a_chain_through_what_is_no_organisation_is_followed_by_the_query_only(tmp_path: Path):
    """The one case the query documents it cannot say as kg does: Cnämnden replaces the
    project, which replaces Anämnden (two statements kg validate refuses). A property path
    walks through the project; the facts hold neither statement, so Anämnden is the end."""
    source = Source(data=[_data(tmp_path, [("p", "a"), ("c", "p"), ("a", "z")])], bundled=False)
    python = [(_short(o), _short(n), _short(x)) for o, n, x in successions(source.facts().replaces)]
    assert python == [("z", "a", "a")]
    assert _queried(source) == [("z", "a", "a"), ("z", "a", "c")]
    header = (Path(__file__).parents[1] / "queries" / "successors.rq").read_text("utf-8")
    assert "One case the query cannot follow: a chain" in " ".join(header.split())


@pytest.mark.parametrize(
    ("lang", "said", "under"),
    [
        (
            "en",
            "circles of replacements among 24 organisations: id:sx/n01y, id:sx/n02x,",
            "on the circle of replacements above",
        ),
        (
            "sv",
            "ersättningskedjor som går i cirkel mellan 24 organisationer: id:sx/n01y, id:sx/n02x,",
            "ingår i cirkeln ovan",
        ),
    ],
)
def test_kg_validate_names_twelve_steps_of_circles_once(tmp_path: Path, lang, said, under):
    """4,096 circles run through the history of twelve steps; kg validate says so once, at
    the line of its first organisation, and lists the line of each of the 23 others under
    it (this listed 4,096 circles, each at each of its organisations' lines)."""
    data = _data(tmp_path, HISTORY)
    result = runner.invoke(app, ["validate", "--no-bundled", "--data", str(data), "--lang", lang])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    [first] = [line for line in lines if said in line]
    assert first.startswith(f"{data / 'replaces.ttl'}:") and first.endswith(")")
    assert "id:sx/n13x" in first and "id:sx/n01x" not in first and "id:sx/n13y" not in first
    listed = [line for line in lines if line.endswith(under)]
    assert len(listed) == 23
    assert all(line.startswith(f"  ↳ {data / 'replaces.ttl'}:") for line in listed)
    numbers = {int(line.split(":")[1]) for line in [first, *listed]}
    assert len(numbers) == 24  # each organisation's own dcterms:replaces line
