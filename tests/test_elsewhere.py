"""kg on macOS and Windows, simulated on Linux (tests/helpers/elsewhere.py takes away /proc,
/sys, os.sched_getaffinity and, for Windows, fcntl, resource, SIGHUP and the like): the
commands run there as here, or say once what they do without."""

from __future__ import annotations

import json

import pytest

from tests.helpers.elsewhere import run_kg

SYSTEMS = ["mac", "windows"]


@pytest.mark.parametrize("system", SYSTEMS)
def test_validate_runs_without_linux_s_cpu_affinity(tmp_path, system):
    """kg validate checks its shapes in threads, as many as the cores: counted without
    os.sched_getaffinity, which macOS and Windows lack (it stopped every validation there)."""
    done = run_kg(system, "validate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "the data conforms" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("system", SYSTEMS)
def test_the_quick_start_s_report_is_written(tmp_path, system):
    """The README's first command, ``kg report -o report``, writes the same report there."""
    done = run_kg(system, "report", "-o", "report", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    here = run_kg("linux", "report", "-o", "here", "-q", cwd=tmp_path)
    assert here.returncode == 0, here.stderr
    there = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    same = json.loads((tmp_path / "here" / "report.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in there.items() if k != "provenance"} == {
        k: v for k, v in same.items() if k != "provenance"
    }
    assert (tmp_path / "report" / "map.html").stat().st_size > 0
