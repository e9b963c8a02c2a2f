"""The hand-written mutants of scripts/mutants.toml still apply: each piece of code to
replace occurs once in its module, the replacement differs, and the tests named exist (a
mutant whose code moved would otherwise be reported as "not applied" only when run)."""

from __future__ import annotations

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
