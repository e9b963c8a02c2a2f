"""Run the hand-written mutants of scripts/mutants.toml, one at a time, each on its tests.

    python scripts/mutants.py                  # every mutant in the list
    python scripts/mutants.py quote-page-off   # those whose name starts so

Each mutant replaces one exact piece of a module (it must occur there once) with a small
slip a maintainer could make, in a copy of the checkout's tracked files (under $MUTATE_DIR or
a new folder in /tmp), and runs the fast tier of the tests it names and the module's
doctests there, in one process. A mutant is "killed" when a test fails, "survived" when none
does. The copy's module is put back after each mutant. Exits 1 if any survived or no longer
applies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _copy(work: Path) -> None:
    """The checkout's tracked files as they are, copied into ``work`` with their folders (in
    Python: GNU's ``cp --parents`` is not macOS's cp)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    for name in filter(None, os.fsdecode(listed).split("\0")):
        source = ROOT / name
        if not source.is_symlink() and not source.is_file():  # deleted in the checkout
            continue
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


def _run(work: Path, mutant: dict) -> str:
    """ "killed", "survived" or why the mutant no longer applies."""
    module = work / mutant["file"]
    original = module.read_text(encoding="utf-8")
    if original.count(mutant["before"]) != 1:
        return f"not applied: the text to replace occurs {original.count(mutant['before'])} times"
    module.write_text(original.replace(mutant["before"], mutant["after"]), encoding="utf-8")
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-x",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:xdist",
                "-m",
                "not slow",
                *mutant["tests"],
                mutant["file"],  # its doctests
            ],
            cwd=work,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(work)},
        )
    finally:
        module.write_text(original, encoding="utf-8")
    if done.returncode == 1:
        return "killed"
    if done.returncode == 0:
        return "survived"
    return f"error (pytest exit {done.returncode}): {done.stdout[-300:]}"


def main(prefixes: list[str]) -> int:
    """Run the listed mutants whose names start with one of ``prefixes`` (all: none given)."""
    with open(ROOT / "scripts" / "mutants.toml", "rb") as file:
        mutants = tomllib.load(file)["mutant"]
    chosen = [m for m in mutants if not prefixes or m["name"].startswith(tuple(prefixes))]
    work = Path(os.environ.get("MUTATE_DIR") or tempfile.mkdtemp(prefix="kg-mutants."))
    work.mkdir(parents=True, exist_ok=True)
    _copy(work)
    failed = 0
    for mutant in chosen:
        outcome = _run(work, mutant)
        failed += outcome != "killed"
        print(f"{mutant['name']:<40} {mutant['file']:<36} {outcome}", flush=True)
    print(f"{len(chosen) - failed} of {len(chosen)} killed; the copy is in {work}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
