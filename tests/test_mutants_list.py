"""The hand-written mutants of scripts/mutants.toml still apply: each piece of code to
replace occurs once in its module, the replacement differs, and the tests named exist (a
mutant whose code moved would otherwise be reported as "not applied" only when run); and
scripts/mutate.sh, which runs mutmut, copies the checkout on macOS as on Linux."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
with open(ROOT / "scripts" / "mutants.toml", "rb") as _file:
    MUTANTS = tomllib.load(_file)["mutant"]


def test_each_mutant_has_its_own_name():
    names = [m["name"] for m in MUTANTS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m["name"] for m in MUTANTS])
def test_each_mutant_applies_once_and_names_tests_that_exist(mutant: dict):
    text = (ROOT / mutant["file"]).read_text(encoding="utf-8")
    assert text.count(mutant["before"]) == 1, f"{mutant['file']} no longer has it once"
    assert mutant["after"] != mutant["before"]
    assert mutant["tests"], "a mutant names the tests that must catch it"
    for test in mutant["tests"]:
        path, _, name = test.partition("::")
        assert (ROOT / path).is_file(), test
        assert not name or f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), test


#: cp as macOS has it: no GNU long options (--parents) and no -t
_BSD_CP = """#!/bin/sh
for given in "$@"; do
    case $given in --*|-t) echo "cp: illegal option -- ${given#-}" >&2; exit 64 ;; esac
done
exec /bin/cp "$@"
"""
#: mutmut, where it is not installed: says where it ran and what it found there
_MUTMUT = """#!/bin/sh
echo "mutmut $1 in $(pwd): $(ls pyproject.toml kg/model/successors.py setup.cfg | tr '\\n' ' ')"
"""


@pytest.mark.slow
def test_mutate_sh_copies_the_checkout_with_macos_s_cp_too(tmp_path: Path):
    """scripts/mutate.sh copied the tracked files with GNU's ``cp --parents -t``, which
    macOS's cp refuses (the copy was empty and mutmut found no tests). It copies them with
    tar now, folders kept, and runs mutmut in the copy."""
    tools, venv, work = tmp_path / "tools", tmp_path / "venv", tmp_path / "work"
    (venv / "bin").mkdir(parents=True)
    tools.mkdir()
    (tools / "cp").write_text(_BSD_CP, encoding="utf-8")
    (tools / "mutmut.py").write_text("", encoding="utf-8")  # for the script's check
    (venv / "bin" / "mutmut").write_text(_MUTMUT, encoding="utf-8")
    (venv / "bin" / "python").symlink_to(sys.executable)
    for tool in (tools / "cp", venv / "bin" / "mutmut"):
        tool.chmod(0o755)
    environment = {
        **os.environ,
        "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(tools),
        "VENV": str(venv),
        "MUTATE_DIR": str(work),
    }
    module = "kg/model/successors.py"
    done = subprocess.run(
        ["sh", str(ROOT / "scripts" / "mutate.sh"), module, "tests/test_successors.py"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert f"mutmut results in {work}: {module} pyproject.toml setup.cfg" in done.stdout
    assert (work / module).read_bytes() == (ROOT / module).read_bytes()
    assert f"only_mutate = {module}" in (work / "setup.cfg").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_listed_mutants_copy_the_checkout_with_macos_s_cp_too(tmp_path: Path, monkeypatch):
    """scripts/mutants.py (make mutate without MODULE) copied the tracked files with GNU's
    ``cp --parents -t``, as mutate.sh did before it moved to tar: on macOS no mutant ran. It
    copies them itself, folders kept."""
    import importlib.util

    tools, work = tmp_path / "tools", tmp_path / "work"
    tools.mkdir()
    work.mkdir()
    (tools / "cp").write_text(_BSD_CP, encoding="utf-8")
    (tools / "cp").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    spec = importlib.util.spec_from_file_location("mutants", ROOT / "scripts" / "mutants.py")
    assert spec is not None and spec.loader is not None
    mutants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutants)
    mutants._copy(work)
    for name in ("kg/model/successors.py", "scripts/mutants.toml", "pyproject.toml"):
        assert (work / name).read_bytes() == (ROOT / name).read_bytes(), name
