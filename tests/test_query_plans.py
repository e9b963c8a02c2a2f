"""Library queries over whole relations keep the forms that scale (docs/performance.md, "Queries
that scale"): read from Oxigraph's own plan of each query (``oxigraph query --explain-file``)
on a small synthetic graph with its derived view, as rows per step, never as times."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model.vocab import PREFIXES
from kg.sparql.engine import prepare

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))

pytestmark = [
    pytest.mark.slow,  # a synthetic graph, a store and the oxigraph program
    pytest.mark.skipif(not Path(OXIGRAPH).exists(), reason="the oxigraph command (test extra)"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of a synthetic graph of 1,000 actors, built by kg (the derived view in it)."""
    folder = tmp_path_factory.mktemp("plans")
    data = folder / "synth.ttl"
    made = CliRunner().invoke(app, ["synth", "-n", "1000", "--seed", "0", "-q", "-o", str(data)])
    assert made.exit_code == 0, made.output
    built = CliRunner().invoke(
        app, ["stats", "-q", "--no-bundled", "--data", str(data), "--store", str(folder / "st")]
    )
    assert built.exit_code == 0, built.output
    return folder / "st"


def _plan(store: Path, text: str, tmp_path: Path) -> dict:
    """Oxigraph's plan of ``text`` on ``store``, with the rows of each step."""
    file, plan = tmp_path / "query.rq", tmp_path / "plan.json"
    prefixes = "".join(f"PREFIX {name}: <{space}>\n" for name, space in PREFIXES.items())
    file.write_text(prefixes + text, encoding="utf-8")
    subprocess.run(
        [
            *(OXIGRAPH, "query", "--location", str(store / "oxigraph")),
            *("--query-file", str(file), "--union-default-graph", "--stats"),
            *("--explain-file", str(plan), "--results-format", "tsv"),
            *("--results-file", str(tmp_path / "rows.tsv")),
        ],
        capture_output=True,
        check=True,
    )
    return json.loads(plan.read_text(encoding="utf-8"))["plan"]


def _steps(step: dict) -> Iterator[dict]:
    """A step and every step below it."""
    yield step
    for child in step.get("children", []):
        yield from _steps(child)


def _named(plan: dict, start: str) -> list[dict]:
    """The steps of ``plan`` whose name starts with ``start``."""
    return [s for s in _steps(plan) if s["name"].startswith(start)]


def _parents(plan: dict) -> dict[int, dict]:
    """Each step's parent, by the step's ``id``."""
    return {id(child): step for step in _steps(plan) for child in step.get("children", [])}


def _rows(step: dict) -> int:
    return step["number of results"]


def _count(store: Path, pattern: str, tmp_path: Path) -> int:
    """How many rows ``pattern`` has in the graph with its derived view."""
    plan = _plan(store, f"SELECT * WHERE {{ {pattern} }}", tmp_path)
    return _rows(plan)


def test_partners_of_several_committees_sorts_the_committees_before_their_partners(
    store: Path, tmp_path: Path
):
    """The committees are sorted by name before their partners are joined in that order:
    sorting the (committee, partner) rows in the engine's order took a third of the query at
    10M triples. The one sort of those rows, for the engines whose join keeps an order of its
    own (Virtuoso's, rdflib's), has the committees' sort below it, and so finds them sorted."""
    links = _count(store, "?committee a kg:Committee ; kg:partner ?actor", tmp_path)
    committees = _count(store, "?committee a kg:Committee", tmp_path)
    assert links > 2 * committees
    plan = _plan(store, prepare("partners-of-several-committees").text, tmp_path)
    sorts = _named(plan, "Sort(")
    seen = [(s["name"], _rows(s)) for s in sorts]
    assert any(_rows(s) < links for s in sorts), seen
    for sort in (s for s in sorts if _rows(s) >= links):
        below = list(_steps(sort))[1:]
        assert any(b["name"] == sort["name"] and _rows(b) < links for b in below), seen


def test_group_pairs_builds_its_hash_tables_on_groups_not_on_the_links(store: Path, tmp_path: Path):
    """Each join of the partner links to the organisations' groups builds its table (the first
    operand) on the groups: the links joined were the table of a join at 2.9M rows."""
    links = _count(store, "?a kg:partner ?b", tmp_path)
    plan = _plan(store, prepare("group-pairs").text, tmp_path)
    joins = _named(plan, "Join(HashBuildLeft")
    built = [_rows(s["children"][0]) for s in joins]
    assert joins and max(built) < links, built


def test_committees_sharing_no_partner_counts_only_the_committees_left(store: Path, tmp_path: Path):
    """The committees that share a partner are taken out before the partners are counted: the
    grouping reads a row per partner of the committees left, not of every committee."""
    links = _count(store, "?committee a kg:Committee ; kg:partner ?partner", tmp_path)
    plan = _plan(store, prepare("committees-sharing-no-partner").text, tmp_path)
    grouping = _named(plan, "Aggregate(?committee")[0]
    read = _rows(grouping["children"][0])
    assert read < links / 10, (read, links)


def test_iops_per_committee_reads_no_committee_for_counts_the_graph_lacks(
    store: Path, tmp_path: Path
):
    """The IOPs stated as a number are looked up from the counts: a graph with none reads no
    committee for them (every committee and its name were read first)."""
    assert _count(store, "?count kg:countedClass kg:IOP", tmp_path) == 0
    plan = _plan(store, prepare("iops-per-committee").text, tmp_path)
    branch = next(s for s in _steps(plan) if "stated as a number" in s["name"])
    assert max(_rows(s) for s in _steps(branch)) == 0


def test_committees_sharing_collaborations_reads_the_kinds_not_a_lookup_per_pair(
    store: Path, tmp_path: Path
):
    """The collaborations of each kind are read from the kinds and joined to the pairs: the
    step that reads a collaboration's kind is looked up from the kinds (a handful), never
    once per pair of committees (a lookup each cost more than reading them all)."""
    plan = _plan(store, prepare("committees-sharing-collaborations").text, tmp_path)
    parents = _parents(plan)
    kinds = _named(
        plan, "QuadPattern(?collaboration <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?class"
    )
    assert kinds
    for kind in kinds:
        beside = [s["name"] for s in _steps(parents[id(kind)]) if s is not kind]
        assert not any("takesPartIn" in name for name in beside), beside
        assert any("subClassOf" in name for name in beside), beside


def test_cross_sector_brokers_reads_each_organisation_s_group_from_the_notations(
    store: Path, tmp_path: Path
):
    """Each organisation's own group is read from the groups' notations (a few lookups),
    not read whole and hash-joined to them: the step reading kg:partnerGroup for the
    organisations is looked up from the notation's step beside it."""
    plan = _plan(store, prepare("cross-sector-brokers").text, tmp_path)
    parents = _parents(plan)
    groups = _named(plan, "QuadPattern(?actor <https://w3id.org/kg-malmo/ontology#partnerGroup>")
    assert groups
    for group in groups:
        beside = [s["name"] for s in parents[id(group)]["children"] if s is not group]
        assert any("notation" in name for name in beside), beside


@pytest.mark.parametrize("name", ["cross-sector-brokers", "partners-of-several-committees"])
def test_organisations_labels_language_is_read_for_the_rows_kept(
    name: str, store: Path, tmp_path: Path
):
    """The organisations' Swedish labels are chosen after the parameter's filter: the step that
    reads a label's language (LANG reads the label from the store) takes the organisations
    kept, not every label of the graph (at 10M triples, half a million labels)."""
    labels = _count(store, "?actor skos:prefLabel ?label", tmp_path)
    plan = _plan(store, prepare(name).text, tmp_path)
    reading = [s for s in _steps(plan) if "LANG(?label)" in s["name"]]
    taken = [_rows(s["children"][0]) for s in reading]
    assert reading and max(taken) < labels / 2, (taken, labels)


def test_search_actors_filters_the_names_before_joining_them(store: Path, tmp_path: Path):
    """The names are filtered on the text before the actors' sectors, kinds and labels are
    joined to them: no join holds a row per actor of the graph (every actor was joined,
    then filtered, as the parameter's VALUES block joins last)."""
    actors = _count(store, "?actor kg:sector ?sector", tmp_path)
    plan = _plan(store, prepare("search-actors").text, tmp_path)
    found = _rows(plan)
    joins = _named(plan, "Join(")
    assert 0 < found < actors / 2
    assert joins and all(_rows(s) < actors for s in joins), [(s["name"], _rows(s)) for s in joins]
