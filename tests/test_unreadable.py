"""Data the user may not read (another user's files on a shared machine): each file and folder
kg cannot read is an error naming it, never data silently left out, nor an internal error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cities import copy_sjostad

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


def test_a_source_text_that_cannot_be_read_is_named(tmp_path: Path):
    """It was "internal error: PermissionError: … sjostad-beslut-2021.txt" (a text a quote is
    checked against), or, where its folder could not be looked into, the same."""
    city = copy_sjostad(tmp_path)
    (city / "data").mkdir()
    imported = subprocess.run(
        [KG, "import", "sjostad/kalkylark", "-o", "sjostad/data/sjostad.ttl"],
        capture_output=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert imported.returncode == 0, imported.stderr
    text = city / "sources" / "sjostad-beslut-2021.txt"
    for unreadable in (text, city / "sources"):
        unreadable.chmod(0o000)
        done = _kg("validate", "--no-bundled", "--data", "sjostad/data", cwd=tmp_path)
        unreadable.chmod(0o755 if unreadable.is_dir() else 0o644)
        assert done.returncode == 2, done.stdout
        said = done.stderr.splitlines()
        assert said[0].startswith(f"error: {city / 'sources'}/"), said
        assert said[0].endswith(".txt: not readable: Permission denied"), said
        assert said[1:] == [HINT]


def test_a_sheet_or_text_an_import_cannot_read_is_named_not_the_output_folder(tmp_path: Path):
    """A CSV sheet that could not be read was "sjostad/data: cannot write the folder:
    Permission denied" (any OSError while the output was staged was taken for the output
    folder's); a source text a document names, "internal error: PermissionError"."""
    city = copy_sjostad(tmp_path)
    (city / "data").mkdir()
    args = ("import", "sjostad/kalkylark", "-o", "sjostad/data/sjostad.ttl", "--lang", "en")
    sheet = city / "kalkylark" / "aktörer.csv"
    sheet.chmod(0o000)
    done = _kg(*args, cwd=tmp_path)
    sheet.chmod(0o644)
    assert done.returncode == 2, done.stdout
    assert done.stderr.splitlines() == [
        "error: sjostad/kalkylark/aktörer.csv: not readable: Permission denied",
        HINT,
    ]
    text = city / "sources" / "sjostad-beslut-2021.txt"
    text.chmod(0o000)
    done = _kg(*args, cwd=tmp_path)
    text.chmod(0o644)
    assert done.returncode == 2, done.stdout
    assert f"{text}: not readable: Permission denied; ask its owner" in done.stderr
    assert list((city / "data").iterdir()) == []


def test_a_data_folders_settings_that_cannot_be_read_are_named(tmp_path: Path):
    """It said "cannot read the settings: [Errno 13] …" and to write kg.toml as TOML."""
    city = copy_sjostad(tmp_path)
    (city / "kg.toml").chmod(0o000)
    done = _kg("validate", "--data", "sjostad/kalkylark", cwd=tmp_path)
    (city / "kg.toml").chmod(0o644)
    assert done.returncode == 2, done.stdout
    assert done.stderr.splitlines() == [
        f"error: {city / 'kg.toml'}: not readable: Permission denied",
        HINT,
    ]
