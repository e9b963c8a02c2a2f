"""The sources the one-story tests hold every surface to: the bundled data, a synthetic graph,
each in memory and on a store, and a year's view (pytest fixtures; import them by name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.io.source import Source
from kg.synth import write_synthetic


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic graph of 400 actors."""
    return write_synthetic(tmp_path_factory.mktemp("synth") / "s.ttl", 400, seed=7).path


@pytest.fixture(
    scope="module",
    params=[
        "bundled",
        pytest.param("bundled on a store", marks=pytest.mark.slow),
        pytest.param("synthetic", marks=pytest.mark.slow),
        pytest.param("synthetic on a store", marks=pytest.mark.slow),
        "bundled in 2012",
        pytest.param("bundled on a store in 2016", marks=pytest.mark.slow),
    ],
)
def source(request, tmp_path_factory, synthetic) -> Source:
    """Each source in turn."""
    data = (synthetic,) if request.param.startswith("synthetic") else ()
    on_store = "on a store" in request.param
    store = tmp_path_factory.mktemp("store") / "s" if on_store else None
    year = int(request.param[-4:]) if request.param[-4:].isdigit() else None
    return Source(data=data, bundled=not data, store=store, year=year)
