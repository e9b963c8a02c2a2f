"""Data the user may not read (another user's files on a shared machine): each file and folder
kg cannot read is an error naming it, never data silently left out, nor an internal error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # kg as a program, with fewer rights than its user

KG = str(Path(sys.executable).parent / "kg")
FIXTURES = Path(__file__).parent / "fixtures"
HINT = "  hint: ask its owner for permission to read it (and the folders it is in), or leave it out"


def _without_override() -> list[str]:
    """The prefix that runs a command held to files' modes: root reads any file, so it runs
    without the capabilities that let it (setpriv); any other user is held to them anyway."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root reads every file; setpriv is needed to run kg without that right")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        [*_without_override(), KG, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


@pytest.fixture
def data(tmp_path: Path):
    """A data folder: a file at its top and one in a subfolder; the modes put back after."""
    folder = tmp_path / "data"
    (folder / "more").mkdir(parents=True)
    shutil.copy(FIXTURES / "kitchen_sink.ttl", folder / "sink.ttl")
    shutil.copy(FIXTURES / "kitchen_sink.ttl", folder / "more" / "sink-again.ttl")
    yield folder
    for path in (folder, folder / "more", folder / "sink.ttl"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_folder_inside_the_data_that_cannot_be_read_is_named(data: Path, tmp_path: Path):
    """pathlib's glob passed over it: `kg stats` counted the top file's triples alone, with
    no word of the folder left out."""
    (data / "more").chmod(0o000)
    done = _kg("stats", "--no-bundled", "--data", "data", cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert done.stderr.splitlines() == [
        "error: data/more: not readable: Permission denied",
        HINT,
    ]


def test_a_file_that_cannot_be_read_is_named_with_what_to_do(data: Path, tmp_path: Path):
    """It said "cannot load the file: [Errno 13] Permission denied: '…'" and to fix the file."""
    (data / "sink.ttl").chmod(0o000)
    done = _kg("validate", "--no-bundled", "--data", "data", "--lang", "sv", cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert done.stderr.splitlines() == [
        "fel: data/sink.ttl: går inte att läsa: behörighet saknas",
        "  tips: be ägaren om behörighet att läsa den (och mapparna den ligger i), eller "
        "utelämna den",
    ]


def test_a_file_in_a_folder_that_cannot_be_looked_into_is_named(data: Path, tmp_path: Path):
    """It was "internal error: PermissionError: … kg.toml" (looking for the data folder's
    settings), and, past that, another of the file itself."""
    data.chmod(0o000)
    done = _kg("stats", "--no-bundled", "--data", "data/more/sink-again.ttl", cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert done.stderr.splitlines() == [
        "error: data/more/sink-again.ttl: not readable: Permission denied",
        HINT,
    ]


def test_a_store_built_from_data_its_reader_cannot_read_says_which(data: Path, tmp_path: Path):
    """Another user's store, built from files in their own folder: it said "internal error:
    PermissionError", then, once the settings were passed over, that the store "was built
    from other files … add --reload", which would have rebuilt it from nothing of theirs."""
    built = subprocess.run(
        [KG, "stats", "--no-bundled", "--data", str(data), "--store", "store"],
        capture_output=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    data.chmod(0o000)
    done = _kg("gaps", "--store", "store", cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert done.stderr.splitlines() == [f"error: {data}: not readable: Permission denied", HINT]
