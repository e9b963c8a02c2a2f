"""What pyproject.toml promises a packager: the bundled folders in the wheel, the lower bounds
of the dependencies written down where CI can install them (``.ci/lowest.txt``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

from kg import paths

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_every_dependency_is_pinned_to_its_lower_bound_in_ci_lowest():
    pins = _pins(ROOT / ".ci" / "lowest.txt")
    for text in PROJECT["project"]["dependencies"]:
        requirement = Requirement(text)
        lower = [s.version for s in requirement.specifier if s.operator == ">="]
        assert lower, f"{text}: give a lower bound (>=) in pyproject.toml"
        name = requirement.name.lower()
        assert name in pins and Version(pins[name]) == Version(lower[0]), (
            f"{name}: pyproject.toml says >={lower[0]}, .ci/lowest.txt pins {pins.get(name)}; "
            "write the same version in both, after running the tests on it (see .ci/lowest.txt)"
        )


def test_the_wheel_bundles_every_folder_kg_reads_from_a_checkout(monkeypatch):
    monkeypatch.setattr(paths, "_root", lambda: ROOT)
    included = PROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    for folder in (paths.ontology_dir(), paths.data_dir(), paths.queries_dir()):
        top = folder.relative_to(ROOT).parts[0]
        assert included.get(top) == f"kg/_bundled/{top}", (
            f"{top}/ is read at run time: force-include it as kg/_bundled/{top} in pyproject.toml"
        )


def test_the_sdist_leaves_out_what_the_tests_write_in_a_checkout():
    """hatchling builds the sdist from the files the root .gitignore does not exclude (not
    the .gitignore a tool writes in its own folder): an sdist built where the tests had run
    held hypothesis's database of examples, 163 files of .hypothesis/."""
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    for folder in (".hypothesis/", ".pytest_cache/", ".ruff_cache/", "__pycache__/", ".venv/"):
        assert folder in ignored, f"add {folder} to .gitignore, or the sdist takes it in"
