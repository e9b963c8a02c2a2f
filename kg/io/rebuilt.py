"""A store rebuilt under an open :class:`~kg.io.source.Source`: by another Source in the same
process (a notebook's ``Source(store=D, reload=True)``, or one whose files changed) or by
another process. The older Source notices and opens the new store, rather than read the old
one's files that are gone (RocksDB: "Sst file size mismatch") or its stale in-memory copy.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import StoreError
from kg.io.store import read_manifest


def build_of(store: Path | None) -> str | None:
    """The build of the store in ``store`` (None: no store, or one built before kg recorded
    builds).

    >>> build_of(None) is None
    True
    """
    return None if store is None else (read_manifest(store) or {}).get("build")


def rebuilt(store: Path | None, opened: dict) -> bool:
    """Whether the store a Source opened (``opened``: what it keeps, with the ``build`` it
    opened) has been rebuilt since."""
    return store is not None and "build" in opened and build_of(store) != opened["build"]


def other_files(store: Path, error: StoreError) -> StoreError:
    """The error for a Source whose store was rebuilt, since it opened it, from other files
    than its own (``error``: the store's, naming them)."""
    return StoreError(
        f"the store was rebuilt from other files since this Source opened it "
        f"({error.message.partition('(')[2].rstrip(')')})",
        path=store,
        hint="make a new kg.Source with the files the store holds, or with reload=True to "
        "rebuild it from this one's",
    )
