"""The lock on the folder that holds a store, and the removal of what killed builds left.

On Linux and macOS opening and building stores in one folder take turns under ``flock``.
Windows has no ``fcntl``: there no lock is held, so a build folder may be another command's
build under way, and only those a day old are taken for leftovers.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

#: Without a lock, a build folder this old (seconds) is a killed build's, not one under way.
UNLOCKED_LEFTOVER_AGE = 24 * 3600


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[bool]:
    """Hold a lock on the folder that holds the store ``directory``, where the system allows
    it: yields whether it is held. Nothing is left behind."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield False
        return
    parent = directory.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(parent, os.O_RDONLY)
    except OSError:  # the build will say what is wrong with the place
        yield False
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(handle)  # releases the lock


def remove_leftovers(directory: Path, alone: bool) -> None:
    """Remove the folders killed builds of the store ``directory`` left: every one when
    ``alone`` (under the lock none runs), else those a day old (:data:`UNLOCKED_LEFTOVER_AGE`).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / ".store.abcd1234.loading").mkdir()
    >>> remove_leftovers(folder / "store", alone=False)
    >>> [p.name for p in folder.iterdir()]
    ['.store.abcd1234.loading']
    >>> remove_leftovers(folder / "store", alone=True)
    >>> list(folder.iterdir())
    []
    """
    parent = directory.resolve().parent
    pattern = re.compile(rf"^\.{re.escape(directory.name)}\.[A-Za-z0-9_]{{8}}\.(loading|old)$")
    before = time.time() - UNLOCKED_LEFTOVER_AGE
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for entry in entries:  # the name first: the folder may hold a city's thousands of files
        if not pattern.match(entry.name):
            continue
        with contextlib.suppress(OSError):  # one that cannot be read keeps no other
            if entry.is_dir() and (alone or entry.stat().st_mtime < before):
                shutil.rmtree(entry, ignore_errors=True)
