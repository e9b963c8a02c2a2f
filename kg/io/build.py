"""Filling a new on-disk store: the files bulk-loaded, the committee-level view derived.

Where the graph fits in memory, the view is derived in an in-memory copy (about three times
as fast as on disk) while its curated quads are copied to disk on the other core, and each
rule's triples are written to disk after them; the run that built the store goes on reading
that copy.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import kg.progress as progress
from kg.io.derive import Derived, add_derived, derive
from kg.io.parse import bulk_load
from kg.machine import address_space_left, available_memory
from kg.model.vocab import DERIVED_GRAPH

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: Bytes an in-memory store takes, derived view included, per byte of the Turtle it is read from.
BYTES_IN_MEMORY = 16


def fill(database: ox.Store, files: list[Path], directory: Path) -> tuple[ox.Store | None, int]:
    """Load ``files`` into the new on-disk ``database`` and derive the view; return the
    in-memory copy it was derived in (None when it was derived on disk) and how many curated
    triples were loaded. A file that does not parse raises
    :class:`~kg.errors.DataLoadError`; ``database`` is then half-written."""
    import pyoxigraph as ox

    memory = ox.Store() if fits_in_memory(files) else None
    loaded = memory if memory is not None else database
    with ThreadPoolExecutor(max_workers=1) as disk:
        with progress.step(
            "Building the store {directory}: loading {files} files",
            total=sum(path.stat().st_size for path in files),
            directory=directory,
            files=len(files),
        ) as loading:
            for path in files:
                bulk_load(loaded, path, effect="no store was written", read=loading.counter)
        triples = len(loaded)
        if memory is None:
            derive(database)
        else:
            _derive_beside(memory, database, disk)
    return memory, triples


def fits_in_memory(files: list[Path]) -> bool:
    """Whether the in-memory copy (about :data:`BYTES_IN_MEMORY` bytes per byte of the
    files) fits in a third of the memory available. Under ``ulimit -v`` half of what it
    leaves counts: the engine's and glibc's reservations take the rest (a first run at 1M
    triples under 2 GiB used 1.2 GB, and aborted when it derived in memory)."""
    available, room = available_memory(), address_space_left()
    if available is not None and room is not None:
        available = min(available, room // 2)
    size = sum(path.stat().st_size for path in files)
    return available is not None and size * BYTES_IN_MEMORY <= available // 3


def _derive_beside(memory: ox.Store, database: ox.Store, disk: ThreadPoolExecutor) -> None:
    """Derive in ``memory`` while ``disk`` copies its curated quads into ``database`` and then
    writes each rule's triples. Copied, not parsed again, a blank node keeps its name: a view
    naming one is written as it is."""
    import pyoxigraph as ox

    graph = ox.NamedNode(DERIVED_GRAPH)
    writes: list[Future] = [disk.submit(_copy_to_disk, memory, database)]

    def write(triples: Derived) -> None:
        writes.append(disk.submit(add_derived, database, triples, graph))

    derive(memory, written=write, side_by_side=1)  # the other core writes the store
    with progress.step("Writing the store to disk"):
        for done in writes:
            done.result()


def _copy_to_disk(memory: ox.Store, database: ox.Store) -> None:
    """Write the curated quads of ``memory`` (its default graph: the files hold triples) into
    the on-disk ``database`` in one bulk write. A generator hands them over, so that Python's
    lock is let go between quads for the thread that derives."""
    import pyoxigraph as ox

    curated = memory.quads_for_pattern(None, None, None, ox.DefaultGraph())
    database.bulk_extend(quad for quad in curated)
