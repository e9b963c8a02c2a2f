"""The sources the one-story tests hold every surface to: the bundled data, a synthetic graph,
each in memory and on a store, a year's view, and Ekvik (tests/fixtures/ekvik: a city whose
foundation, faith community, housing company and region are typed as the ontology defines
them) (pytest fixtures; import them by name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.io.source import Source
from kg.synth import write_synthetic

EKVIK = Path(__file__).parent.parent / "fixtures" / "ekvik"


def import_ekvik(into: Path) -> Path:
    """Ekvik's data folder in ``into``: its kg.toml and sources, and data/ekvik.ttl that
    kg import writes from its spreadsheet."""
    import shutil

    from kg.io.spreadsheet import import_spreadsheet, write_turtle

    folder = into / "ekvik"
    shutil.copytree(EKVIK, folder)
    (folder / "data").mkdir()
    write_turtle(import_spreadsheet(folder / "kalkylark"), folder / "data" / "ekvik.ttl")
    return folder


#: The synthetic graph's actors, unless a test module sets ``SYNTHETIC_ACTORS`` (a module
#: whose checks run once per link or committee, and are not about size, reads fewer).
SYNTHETIC_ACTORS = 400


@pytest.fixture(scope="module")
def synthetic(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic graph of 400 actors (or the module's ``SYNTHETIC_ACTORS``)."""
    actors = getattr(request.module, "SYNTHETIC_ACTORS", SYNTHETIC_ACTORS)
    return write_synthetic(tmp_path_factory.mktemp("synth") / "s.ttl", actors, seed=7).path


@pytest.fixture(
    scope="module",
    params=[
        "bundled",
        pytest.param("bundled on a store", marks=pytest.mark.slow),
        pytest.param("synthetic", marks=pytest.mark.slow),
        pytest.param("synthetic on a store", marks=pytest.mark.slow),
        "bundled in 2012",
        "ekvik",
        pytest.param("bundled on a store in 2016", marks=pytest.mark.slow),
    ],
)
def source(request, tmp_path_factory, synthetic) -> Source:
    """Each source in turn."""
    if request.param == "ekvik":
        return Source(data=(import_ekvik(tmp_path_factory.mktemp("city")),), bundled=False)
    data = (synthetic,) if request.param.startswith("synthetic") else ()
    on_store = "on a store" in request.param
    store = tmp_path_factory.mktemp("store") / "s" if on_store else None
    year = int(request.param[-4:]) if request.param[-4:].isdigit() else None
    return Source(data=data, bundled=not data, store=store, year=year)
