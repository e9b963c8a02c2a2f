"""A store one user builds and others only read: a folder they cannot write in (``chmod -R
a-w``, another user's umask 022) is read as it is, and nothing in it changes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.io.kept import FACTS_FILE
from kg.io.store import MANIFEST

pytestmark = pytest.mark.slow  # stores

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"


def _read_only(folder: Path) -> None:
    """Take write permission from ``folder`` and what it holds, as ``chmod -R a-w`` does. Root
    writes regardless, so where each file kg writes there starts (its ``.part``) a link is
    first put to a folder that does not exist, and those writes fail for root as a read-only
    folder fails them for others."""
    if os.geteuid() == 0:
        for name in (MANIFEST, FACTS_FILE):
            (folder / f"{name}.part").symlink_to(folder.parent / "no-such-folder" / name)
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


def _writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)


@pytest.fixture
def shared(tmp_path: Path):
    """A store built by its owner (``kg stats``, which validates nothing), then read-only."""
    data = FIXTURES / "kitchen_sink.ttl"
    store = tmp_path / "store"
    args = ["stats", "--no-bundled", "--data", str(data), "--store", str(store)]
    built = runner.invoke(app, args)
    assert built.exit_code == 0, built.output
    _read_only(store)
    yield data, store
    _writable(store)


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.parametrize("command", [["report", "-q"], ["validate"]], ids=lambda c: c[0])
def test_a_read_only_store_not_yet_validated_is_validated_and_left_as_it_is(
    shared, tmp_path: Path, command
):
    """It was "internal error: PermissionError: ... kg-store.json.part": validating wrote
    the record that the data conforms into the store's manifest. The record is a saving of
    time for the next run, not needed for this one."""
    data, store = shared
    before = _contents(store)
    args = [*command, "--no-bundled", "--data", str(data), "--store", str(store)]
    if command[0] == "report":
        args += ["-o", str(tmp_path / "report")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output
    assert _contents(store) == before
    if command[0] == "report":
        assert {p.name for p in (tmp_path / "report").iterdir()} >= {
            "report.html",
            "report.md",
            "report.json",
            "map.html",
        }


@pytest.fixture
def umask():
    """Set the process's umask for a test, and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize("mask", [0o002, 0o022, 0o077], ids=oct)
def test_a_new_store_folder_has_the_mode_the_umask_gives(tmp_path: Path, umask, mask: int):
    """It was 0o755 whatever the umask: under 002 (a group sharing a folder) the group could
    not write the store's folder, under 077 others could list it. The database's folder in
    it, RocksDB's, was 755 under 002: a group member's rebuild could not remove the store
    it replaced, left whole beside it as `.store.XXXXXXXX.old`."""
    umask(mask)
    store = tmp_path / "store"
    args = ["stats", "--no-bundled", "--data", str(FIXTURES / "kitchen_sink.ttl")]
    assert runner.invoke(app, [*args, "--store", str(store)]).exit_code == 0
    assert stat.S_IMODE(store.stat().st_mode) == 0o777 & ~mask
    for path in store.rglob("*"):  # RocksDB's own folder and files too (it makes them 755, 644)
        made = 0o777 if path.is_dir() else 0o666
        assert stat.S_IMODE(path.stat().st_mode) == made & ~mask, path


def test_a_store_reached_through_a_link_is_rebuilt_where_the_link_leads(tmp_path: Path):
    """A shared store linked from one's home (~/lager -> /srv/gemensam/lager): `--reload`
    renamed the link aside and built a new folder in its place, the store it led to left as
    it was and the link left behind as `.lager.XXXXXXXX.old`."""
    import json

    data = FIXTURES / "kitchen_sink.ttl"
    real, link = tmp_path / "shared" / "lager", tmp_path / "home" / "lager"
    args = ["stats", "--no-bundled", "--data", str(data)]
    assert runner.invoke(app, [*args, "--store", str(real)]).exit_code == 0
    link.parent.mkdir()
    link.symlink_to(real)
    first = json.loads((real / MANIFEST).read_text("utf-8"))["build"]
    result = runner.invoke(app, [*args, "--store", str(link), "--reload"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert json.loads((real / MANIFEST).read_text("utf-8"))["build"] != first
    assert sorted(p.name for p in link.parent.iterdir()) == ["lager"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["lager"]
