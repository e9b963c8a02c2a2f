"""What kg 0.2.0 made (a city's Turtle, a store) works with this version (fixtures/kg-0.2.0)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.io.store import LAYOUT, MANIFEST
from kg.paths import ontology_file

runner = CliRunner()
OLD = Path(__file__).parent / "fixtures" / "kg-0.2.0"


def test_a_city_turtle_of_0_2_0_loads_and_conforms():
    data = ["--no-bundled", "--data", str(OLD / "city.ttl")]
    checked = runner.invoke(app, ["validate", "-f", "json", *data])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["conforms"] is True
    gaps = runner.invoke(app, ["gaps", "-f", "json", *data])
    assert gaps.exit_code == 0, gaps.output
    assert {row["label"] for row in json.loads(gaps.stdout)} == {"Nämnd 0", "Nämnd 1"}


def _store_of_0_2_0(tmp_path: Path, *, install_kept: bool) -> tuple[Path, Path]:
    """A store folder with the record 0.2.0 wrote, its paths put in: 0.2.0 installed in
    another folder (an old virtual environment or clone, kept or removed since) and the city's
    file; the store is the one to rebuild (its database is not read for another layout)."""
    root, city = tmp_path / "kg-0.2.0", tmp_path / "city"
    city.mkdir()
    shutil.copy(OLD / "city.ttl", city / "city.ttl")
    text = (OLD / MANIFEST).read_text(encoding="utf-8")
    text = text.replace("/OLD-KG", str(root)).replace("/CITY", str(city))
    if install_kept:  # the old install's files, as this version has them
        here = ontology_file().resolve().parent.parent
        for entry in json.loads(text)["files"]:
            path = Path(entry["path"])
            if path.is_relative_to(root):
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(here / path.relative_to(root), path)
    store = tmp_path / "city.db"
    store.mkdir()
    (store / MANIFEST).write_text(text, encoding="utf-8")
    return store, city / "city.ttl"


@pytest.mark.slow  # builds a store
@pytest.mark.parametrize("install_kept", [True, False], ids=["0.2.0 kept", "0.2.0 removed"])
def test_a_store_of_0_2_0_alone_is_rebuilt_from_this_version_and_the_city(
    tmp_path, install_kept: bool
):
    """`kg gaps --store city.db`, as a cron job ran it with 0.2.0, after the upgrade: the
    store held 0.2.0's bundled data and the city's file. It was rebuilt from 0.2.0's own
    files (its ontology read as data, the bundled data left out) where that install was kept,
    and said nothing of the rebuild."""
    store, city = _store_of_0_2_0(tmp_path, install_kept=install_kept)
    alone = runner.invoke(app, ["gaps", "-f", "json", "--store", str(store)])
    assert alone.exit_code == 0, alone.output
    assert "made by an older version of kg" in alone.stderr
    expected = runner.invoke(app, ["gaps", "-f", "json", "--data", str(city)])
    assert alone.stdout == expected.stdout
    manifest = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["layout"] == LAYOUT
    assert manifest["given"] == {"data": [str(city)], "bundled": True}
    assert manifest["files"][0]["path"] == str(ontology_file().resolve())
    again = runner.invoke(app, ["stats", "--store", str(store), "--lang", "sv"])
    assert again.exit_code == 0 and "äldre version" not in again.stderr, again.output


@pytest.mark.slow  # builds a store
def test_a_store_of_0_2_0_says_so_in_swedish_and_with_the_options(tmp_path):
    store, city = _store_of_0_2_0(tmp_path, install_kept=False)
    given = ["--store", str(store), "--data", str(city), "--lang", "sv"]
    rebuilt = runner.invoke(app, ["stats", "-f", "json", *given])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "obs: datalagret" in rebuilt.stderr and "äldre version av kg" in rebuilt.stderr
    # --reload rebuilds whatever made the store: no note (a store of 0.2.0 again, as the one
    # above is this version's now)
    (tmp_path / "again").mkdir()
    store, _ = _store_of_0_2_0(tmp_path / "again", install_kept=False)
    reloaded = runner.invoke(app, ["stats", "--store", str(store), "--reload"])
    assert reloaded.exit_code == 0, reloaded.output
    assert "older version" not in reloaded.stderr
    assert json.loads((store / MANIFEST).read_text(encoding="utf-8"))["layout"] == LAYOUT


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "owners"),
    [("administration", "committee"), ("research unit", "university")],
)
def test_centrality_of_a_unit_type_says_where_its_units_are_counted(kind: str, owners: str):
    """0.2.0 ranked administrations and research units on their own (`kg centrality --type
    administration`); the network's nodes are now organisations, which left that answer
    empty without a word."""
    ranked = runner.invoke(app, ["centrality", "--type", kind, "-f", "json"])
    assert ranked.exit_code == 0, ranked.output
    assert json.loads(ranked.stdout)["rows"] == []
    assert f"note: each {kind} that is part of an organisation" in ranked.stderr
    assert f"give --type {owners} for those" in ranked.stderr
    swedish = runner.invoke(app, ["centrality", "--type", kind, "--lang", "sv"])
    assert "obs: varje" in swedish.stderr and "ange --type" in swedish.stderr, swedish.stderr
    assert "counted with it" not in swedish.stderr
    # and the organisations' own types say nothing
    plain = runner.invoke(app, ["centrality", "--type", owners, "-f", "json"])
    assert plain.exit_code == 0 and plain.stderr == "", plain.output
    assert json.loads(plain.stdout)["rows"]


@pytest.mark.slow  # builds a store
@pytest.mark.parametrize(
    ("change", "said", "sagt"),
    [
        ({"layout": LAYOUT + 1}, "a newer version of kg", None),
        ({"kg": "99.0.0", "rules": "other"}, "a newer version of kg", "en nyare version av kg"),
        ({"kg": "0.2.5", "rules": "other"}, "an older version of kg", "en äldre version av kg"),
        ({"rules": "other"}, "another version of kg", "en annan version av kg"),
    ],
    ids=["newer layout", "newer release", "older release", "other rules"],
)
def test_a_store_of_another_kg_says_which_and_is_rebuilt_once(
    tmp_path: Path, change: dict, said: str, sagt: str | None
):
    """A store another kg built (one a colleague's newer kg made, on a shared disk; or rules
    edited since) is built again, once, with a note that says whether that kg was newer or
    older than this one, where its manifest tells; in Swedish too (each wording once)."""
    store = tmp_path / "city.db"
    built = runner.invoke(app, ["stats", "--store", str(store), "-q"])
    assert built.exit_code == 0, built.output
    manifest = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["kg"] == kg.__version__
    (store / MANIFEST).write_text(json.dumps({**manifest, **change}), encoding="utf-8")
    english = runner.invoke(app, ["stats", "--store", str(store)])
    assert english.exit_code == 0, english.output
    assert f"was made by {said}" in english.stderr
    again = runner.invoke(app, ["stats", "--store", str(store)])
    assert "version of kg" not in again.stderr, "built again once only"
    if sagt is None:
        return
    (store / MANIFEST).write_text(json.dumps({**manifest, **change}), encoding="utf-8")
    swedish = runner.invoke(app, ["stats", "--store", str(store), "--lang", "sv"])
    assert f"skapades av {sagt}" in " ".join(swedish.stderr.split())
