"""The on-disk Oxigraph store: built once from the files (atomically), reopened without parsing.

A store folder holds the database (``oxigraph/``) and a manifest (``kg-store.json``) recording
the files it was built from, so later runs on the same files reopen it in a fraction of a
second, and runs on changed files rebuild it. A file counts as the same when its size,
modification and change times and inode are those recorded, or else when its content has the
recorded SHA-256 (an edit that keeps the size and the modification time is seen).

Opening and building take a lock on the folder that holds the store, so two processes never
build one store at once: the second waits, then reopens what the first built. Under the lock
the folders that killed builds left behind (``.NAME.*.loading``, ``.NAME.*.old``) are removed.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import secrets
import shutil
import traceback
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import kg.progress as progress
from kg.errors import StoreError, full, held_open
from kg.io.build import fill
from kg.io.files import data_files
from kg.io.folderlock import locked, remove_leftovers
from kg.io.outputs import finishing, made_alike, replace_folder
from kg.machine import release_freed_memory
from kg.paths import in_this_install, install_of

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: The file in a store folder that records what was loaded (paths, sizes, times, digests).
MANIFEST = "kg-store.json"
#: The Oxigraph (RocksDB) folder inside a store folder.
DATABASE = "oxigraph"
#: Bumped when the store layout changes, so that old stores are rebuilt.
LAYOUT = 3
_STAT_KEYS = ("size", "mtime_ns", "ctime_ns", "inode")
_DAMAGED_HINT = "the store may be damaged: add --reload to rebuild it from the files"


#: What to do where a store could not be moved aside for its new build
STORE_IN_USE = (
    "stop the programs that have the store open (kg serve, a notebook, another kg command: "
    "Windows does not let a folder in use be replaced) and run again; the store there is "
    "kept as it was"
)
#: The same elsewhere, where a folder in use can be replaced: what else stops it
STORE_NOT_MOVED = (
    "check that the folder that holds the store can be written and that the store's folder "
    "is not a mount point, and run again; the store there is kept as it was"
)


def _stat(path: Path) -> dict:
    info = path.stat()
    times = {"mtime_ns": info.st_mtime_ns, "ctime_ns": info.st_ctime_ns}
    return {"path": str(path.resolve()), "size": info.st_size, **times, "inode": info.st_ino}


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (a national graph's Turtle is 375 MB)."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def recorded_digests(directory: Path) -> dict[str, str]:
    """The SHA-256 of each file the store in ``directory`` was built from, by its resolved
    path, as its record keeps them (checked against the files when the store opens)."""
    entries = (read_manifest(directory) or {}).get("files") or []
    return {e["path"]: e["sha256"] for e in entries if isinstance(e, dict) and e.get("sha256")}


def manifest_of(files: Iterable[Path]) -> dict:
    """What a store built from ``files`` records: each file's path, size, times, inode and
    SHA-256, the rules that derived its committee-level view, and the kg that built it."""
    from kg import __version__
    from kg.io.derive import rules_digest

    return {
        "layout": LAYOUT,
        "rules": rules_digest(),
        "kg": __version__,
        "files": [{**_stat(p), "sha256": file_digest(p)} for p in files],
    }


def read_manifest(directory: Path) -> dict | None:
    """The manifest of the store in ``directory``, or None if there is no readable one of the
    right shape."""
    try:
        recorded = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return recorded if _well_formed(recorded) else None


def _well_formed(recorded: object) -> bool:
    """A dict with a layout; of this layout, with every file's path, stat fields and digest
    (a manifest of another layout is an old store, to be rebuilt)."""
    if not isinstance(recorded, dict) or not isinstance(recorded.get("layout"), int):
        return False
    if recorded["layout"] != LAYOUT:
        return True
    if not isinstance(recorded.get("files"), list):
        return False
    return all(
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and all(isinstance(entry.get(key), int) for key in _STAT_KEYS)
        and isinstance(entry.get("sha256"), str)
        for entry in recorded["files"]
    )


def storage_failure(error: BaseException) -> bool:
    """Whether an engine error comes from damaged store files (RocksDB's corruption or I/O
    errors), rather than from the query.

    >>> storage_failure(RuntimeError("Corruption: block checksum mismatch")), storage_failure(
    ...     ValueError("bad query"))
    (True, False)
    """
    text = str(error)
    return isinstance(error, (RuntimeError, OSError)) and any(
        word in text for word in ("Corruption", "IO error", "MANIFEST", ".sst")
    )


def built_from(directory: Path) -> tuple[tuple[Path, ...], bool] | None:
    """What the store in ``directory`` was built from, as its manifest records it: the
    ``--data`` files and folders and whether the bundled data was in (a store of an older
    layout, to be rebuilt, from the same). None where no manifest records it (then the options
    given are all there is to go on)."""
    from kg.paths import data_dir, ontology_file

    directory = Path(directory)
    recorded = read_manifest(directory) if directory.is_dir() else None
    given = recorded.get("given") if recorded is not None else None
    if (
        isinstance(given, dict)
        and isinstance(given.get("bundled"), bool)
        and isinstance(given.get("data"), list)
        and all(isinstance(p, str) for p in given["data"])
    ):
        return tuple(Path(p) for p in given["data"]), given["bundled"]
    files = recorded.get("files") if recorded is not None else None
    if not isinstance(files, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("path"), str) for entry in files
    ):
        return None
    # a store that recorded only its files (kg 0.2.0): its first is the ontology of the kg that
    # built it, maybe another install (a new virtual environment), whose data folder beside it
    # was the bundled data; it was in when every file of that folder is (any, if it is gone)
    paths = [Path(entry["path"]) for entry in files]
    ontology, folder = ontology_file().resolve(), data_dir().resolve()
    root = install_of(paths[0]) if paths else None
    if root is not None:
        ontology, folder = paths[0], root / "data"
    inside = {p for p in paths if p.is_relative_to(folder)}
    bundled_files = {p.resolve() for p in data_files([folder])} if folder.is_dir() else inside
    bundled = bool(bundled_files) and bundled_files <= set(paths)
    data = [p for p in paths if p != ontology and not (bundled and p in bundled_files)]
    return tuple(data), bundled


def write_manifest(directory: Path, manifest: dict) -> None:
    """Replace the store's manifest atomically."""
    partial = directory / (MANIFEST + ".part")
    partial.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    partial.replace(directory / MANIFEST)


def open_or_build(
    directory: Path, files: list[Path], *, reload: bool = False, given: dict | None = None
) -> tuple[ox.Store, bool]:
    """Open (or first build) the Oxigraph store in ``directory`` holding ``files``, read-only.

    A new store is bulk-loaded into a temporary folder next to ``directory`` and renamed into
    place only when every file has loaded, so a bad file leaves no store (and the error names
    the file and line). An existing store is reopened without parsing when its manifest
    matches ``files`` (and the rules are the same); when the same files or the rules have
    changed it is rebuilt; when the files differ, :class:`~kg.errors.StoreError` says to pass
    ``--reload``. kg's own files (the ontology, the bundled data) of a store built by another
    install of kg count as this install's, compared by content. Another process opening or
    building the same store is waited for. A link to a store's folder is followed: the store
    is rebuilt where the link leads, the link kept.

    ``given`` (``data``: the files and folders as given, ``bundled``) is recorded with a new
    store, for :func:`built_from`.

    Returns the store and whether it is the in-memory copy a new store was just built from
    (the same triples: the run that built it reads them there, faster than from disk).
    """
    given_as = Path(directory)
    directory = Path(os.path.realpath(given_as)) if given_as.is_symlink() else given_as
    with locked(directory) as alone:
        remove_leftovers(directory, alone)
        if directory.exists() and not reload:
            recorded = _existing_manifest(directory)
            if recorded is not None and recorded.get("layout") == LAYOUT:
                # kg's own files as this install's: another install's are the same by content
                entries = recorded["files"]
                paths = in_this_install([entry["path"] for entry in entries])
                recorded["files"] = [{**e, "path": p} for e, p in zip(entries, paths, strict=True)]
                if made_by_this_kg(recorded) and _unchanged(directory, recorded, files):
                    return reopen(directory), False
                before = {f["path"] for f in recorded["files"]}
                now = {str(p.resolve()) for p in files}
                if before != now:
                    raise StoreError(
                        f"the store was built from other files ({_difference(before, now)})",
                        path=directory,
                        hint="add --reload to rebuild it from these files, or give the --data "
                        "and --bundled/--no-bundled it was built from (or none of them: it "
                        "reads the files it records)",
                    )
        elif directory.exists():
            _existing_manifest(directory, damaged_ok=True)  # never replace a non-store folder
        manifest = {**manifest_of(files), **({"given": given} if given is not None else {})}
        manifest["build"] = uuid.uuid4().hex  # an older Source that opened it sees it rebuilt
        built = _build(directory, files, manifest)
        return (built, True) if built is not None else (reopen(directory), False)


def made_by_this_kg(recorded: dict) -> bool:
    """Whether the store whose manifest is ``recorded`` has this kg's layout and rules; a
    store of another kg is built again."""
    from kg.io.derive import rules_digest

    return recorded.get("layout") == LAYOUT and recorded.get("rules") == rules_digest()


def built_from_unchanged(directory: Path, files: list[Path]) -> bool:
    """Whether the store in ``directory`` was built by this kg from ``files`` (among others),
    none changed since by its size, times and inode; nothing is read but the manifest."""
    recorded = read_manifest(directory) if directory.is_dir() else None
    if recorded is None or not made_by_this_kg(recorded):
        return False
    entries = {entry["path"]: entry for entry in recorded["files"]}
    for stat in (_stat(path) for path in files):
        entry = entries.get(stat["path"])
        if entry is None or any(entry[key] != stat[key] for key in _STAT_KEYS):
            return False
    return True


def _unchanged(directory: Path, recorded: dict, files: list[Path]) -> bool:
    """Whether ``files`` are the ones the store was built from, with the same content.

    Same stat fields: the same. Otherwise a file of the same size is hashed: the same digest
    counts as unchanged (a copy, a touch), and the manifest is brought up to date.
    """
    entries = recorded["files"]
    if len(entries) != len(files):
        return False
    updated, touched = [], False
    for entry, path in zip(entries, files, strict=True):
        stat = _stat(path)
        if entry["path"] != stat["path"] or entry["size"] != stat["size"]:
            return False
        if any(entry[k] != stat[k] for k in _STAT_KEYS):
            if file_digest(path) != entry["sha256"]:
                return False
            touched = True
        updated.append({**stat, "sha256": entry["sha256"]})
    if touched:
        with contextlib.suppress(OSError):  # a read-only store folder stays as it is
            write_manifest(directory, {**recorded, "files": updated})
    return True


def reopen(directory: Path) -> ox.Store:
    """Open the existing store in ``directory`` read-only (other processes may hold it too)."""
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(Path(directory) / DATABASE))
    except (OSError, RuntimeError) as error:
        raise StoreError(
            f"cannot open the store: {error}",
            path=Path(directory),
            hint="add --reload to rebuild it, or remove the folder",
        ) from error


def _existing_manifest(directory: Path, *, damaged_ok: bool = False) -> dict | None:
    """The manifest of an existing store; None for an empty folder (or, with ``damaged_ok``,
    a store whose manifest is damaged); an error otherwise."""
    if not directory.is_dir():
        raise StoreError("not a folder", path=directory, hint="give a folder for the store")
    recorded = read_manifest(directory)
    if recorded is not None:
        return recorded
    if (directory / MANIFEST).exists():
        if damaged_ok:
            return None
        raise StoreError(
            f"the store's record of its files ({MANIFEST}) is damaged",
            path=directory,
            hint="add --reload with the --data and --bundled/--no-bundled it holds, to rebuild "
            "it from them",
        )
    if any(directory.iterdir()):
        raise StoreError(
            "this folder is not empty and holds no kg store",
            path=directory,
            hint="give a new or empty folder for --store",
        )
    return None


def _difference(before: set[str], now: set[str]) -> str:
    sides = ((sorted(now - before), "new"), (sorted(before - now), "not given now"))
    return "; ".join(f"{len(paths)} {what}, e.g. {paths[0]}" for paths, what in sides if paths)


def _build(directory: Path, files: list[Path], manifest: dict) -> ox.Store | None:
    """Build the store of ``files`` in ``directory``; return the in-memory copy it was derived
    in (:func:`kg.io.build.fill`), or None when it was derived on disk."""
    import pyoxigraph as ox

    parent = directory.resolve().parent
    work: Path | None = None
    database = memory = None
    try:
        with finishing():  # a stop waits until the folder is made and known, to be removed
            work = _loading_folder(directory, parent)
        database = ox.Store(str(work / DATABASE))
        memory, triples = fill(database, files, directory)
        manifest = {**manifest, "triples": triples}
        with progress.step("Compacting the store"):
            database.flush()
            database.optimize()
        database = None  # closes RocksDB before the folder moves
        gc.collect()
        release_freed_memory()  # what the bulk loader held, before the store is read
        write_manifest(work, manifest)
        made_alike(work)  # RocksDB's folder as the umask made the store's
        with finishing():  # the new store in place, or the old one: a stop waits
            try:
                replace_folder(work, directory)
            except OSError as error:  # Windows refuses to move a folder a program has open
                why = f"cannot replace the store: {error.strerror or error}"
                hint = STORE_IN_USE if held_open(error) else STORE_NOT_MOVED
                raise StoreError(why, path=directory, hint=full(error, hint)) from error
        return memory
    except BaseException as error:
        # The open store holds RocksDB's files: drop every reference to it (the traceback's
        # frames hold one too) so that the half-written folder can be removed.
        database = memory = None
        traceback.clear_frames(error.__traceback__)
        with finishing():  # a stop (SIGTERM) waits until the half-built folder is gone
            gc.collect()
            if work is not None:
                shutil.rmtree(work, ignore_errors=True)
        raise


def _loading_folder(directory: Path, parent: Path) -> Path:
    """A new folder beside ``directory`` to build its store in, as the umask makes folders."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
        while True:  # a name another build took: another name
            work = parent / f".{directory.name}.{secrets.token_hex(4)}.loading"
            with contextlib.suppress(FileExistsError):
                work.mkdir()
                return work
    except OSError as error:
        in_way = next((p for p in (parent, *parent.parents) if p.exists()), parent)
        why = f"{in_way} is a file" if not in_way.is_dir() else error.strerror or error
        raise StoreError(
            f"cannot make the store here: {why}",
            path=directory,
            hint=full(error, "give --store a folder in a place you can write"),
        ) from error
