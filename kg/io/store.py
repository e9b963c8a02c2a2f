"""The on-disk Oxigraph store: built once from the files (atomically), reopened without parsing.

A store folder holds the database (``oxigraph/``) and a manifest (``kg-store.json``) recording
the files it was built from, so later runs on the same files reopen it in a fraction of a
second, and runs on changed files rebuild it.
"""

from __future__ import annotations

import gc
import json
import shutil
import tempfile
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import kg.progress as progress
from kg.errors import StoreError
from kg.io.derive import derive
from kg.io.parse import bulk_load

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: The file in a store folder that records what was loaded (paths, sizes, mtimes).
MANIFEST = "kg-store.json"
#: The Oxigraph (RocksDB) folder inside a store folder.
DATABASE = "oxigraph"
#: Bumped when the store layout changes, so that old stores are rebuilt.
LAYOUT = 2


def manifest_of(files: Iterable[Path]) -> dict:
    """What a store built from ``files`` records: each file's path, size and mtime, and the
    rules that derived its committee-level view."""
    from kg.io.derive import rules_digest

    entries = []
    for path in files:
        info = path.stat()
        entries.append(
            {"path": str(path.resolve()), "size": info.st_size, "mtime_ns": info.st_mtime_ns}
        )
    return {"layout": LAYOUT, "rules": rules_digest(), "files": entries}


def read_manifest(directory: Path) -> dict | None:
    """The manifest of the store in ``directory``, or None if there is no readable one."""
    try:
        return json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_manifest(directory: Path, manifest: dict) -> None:
    """Replace the store's manifest atomically."""
    partial = directory / (MANIFEST + ".part")
    partial.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    partial.replace(directory / MANIFEST)


def open_store(directory: Path, files: list[Path], *, reload: bool = False) -> ox.Store:
    """Open (or first create) the Oxigraph store in ``directory`` holding ``files``, read-only.

    A new store is bulk-loaded into a temporary folder next to ``directory`` and renamed into
    place only when every file has loaded, so a bad file leaves no store (and the error names
    the file and line). An existing store is reopened without parsing when its manifest
    matches ``files`` (paths, sizes, mtimes); when the same files have changed it is rebuilt;
    when the files differ, :class:`~kg.errors.StoreError` says to pass ``--reload``.
    """
    directory = Path(directory)
    wanted = manifest_of(files)
    if directory.exists() and not reload:
        recorded = _existing_manifest(directory)
        same_layout = recorded is not None and recorded.get("layout") == LAYOUT
        same_rules = same_layout and recorded.get("rules") == wanted["rules"]
        if same_rules and recorded.get("files") == wanted["files"]:
            return reopen(directory)
        if same_layout:
            before = {f["path"] for f in recorded.get("files", [])}
            now = {f["path"] for f in wanted["files"]}
            if before != now:
                raise StoreError(
                    f"the store was built from other files ({_difference(before, now)})",
                    path=directory,
                    hint="give the same --data and --bundled/--no-bundled as when it was "
                    "built, or add --reload to rebuild it from these files",
                )
    elif directory.exists():
        _existing_manifest(directory)  # refuse to replace a folder that is not a store
    _build(directory, files, wanted)
    return reopen(directory)


def reopen(directory: Path) -> ox.Store:
    """Open the existing store in ``directory`` read-only (other processes may hold it too)."""
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(Path(directory) / DATABASE))
    except OSError as error:
        raise StoreError(
            f"cannot open the store: {error}",
            path=Path(directory),
            hint="add --reload to rebuild it, or remove the folder",
        ) from error


def _existing_manifest(directory: Path) -> dict | None:
    """The manifest of an existing store; None for an empty folder; an error otherwise."""
    if not directory.is_dir():
        raise StoreError("not a folder", path=directory, hint="give a folder for the store")
    recorded = read_manifest(directory)
    if recorded is None and any(directory.iterdir()):
        raise StoreError(
            "this folder is not empty and holds no kg store",
            path=directory,
            hint="give a new or empty folder for --store",
        )
    return recorded


def _difference(before: set[str], now: set[str]) -> str:
    parts = []
    if now - before:
        added = sorted(now - before)
        parts.append(f"{len(added)} new, e.g. {added[0]}")
    if before - now:
        missing = sorted(before - now)
        parts.append(f"{len(missing)} not given now, e.g. {missing[0]}")
    return "; ".join(parts)


def _build(directory: Path, files: list[Path], manifest: dict) -> None:
    import pyoxigraph as ox

    parent = directory.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".loading", dir=parent))
    work.chmod(0o755)  # mkdtemp makes it private
    database = None
    try:
        database = ox.Store(str(work / DATABASE))
        described = f"Building the store {directory}: loading {progress.count(len(files))} files"
        with progress.step(described, total=len(files)) as loading:
            for path in files:
                bulk_load(database, path, effect="no store was written")
                loading.advance()
        manifest = {**manifest, "triples": len(database)}
        derive(database)
        with progress.step("Compacting the store"):
            database.flush()
            database.optimize()
        database = None  # closes RocksDB before the folder moves
        gc.collect()
        write_manifest(work, manifest)
        _replace(work, directory)
    except BaseException as error:
        # The open store holds RocksDB's files: drop every reference to it (the traceback's
        # frames hold one too) so that the half-written folder can be removed.
        database = None
        traceback.clear_frames(error.__traceback__)
        gc.collect()
        shutil.rmtree(work, ignore_errors=True)
        raise


def _replace(work: Path, directory: Path) -> None:
    """Move the finished store in ``work`` to ``directory``, replacing what was there."""
    if not directory.exists():
        work.rename(directory)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".old", dir=directory.parent))
    old.rmdir()
    directory.rename(old)
    work.rename(directory)
    shutil.rmtree(old, ignore_errors=True)
