"""A guard on the memory of a ``kg`` command: past a limit it stops with a message, exit 3.

pyoxigraph's engine cannot be interrupted, and on a damaged store one of its loops collects
errors without end: ``kg query --store`` grew until the kernel killed it at 24 GB. A thread
reads the process's resident size ten times a second (the engine runs without holding
Python's lock) and ends the process before it takes the machine's memory. The limit is three
quarters of the memory available when the command started, or ``KG_MAX_MEMORY`` (MiB).
"""

from __future__ import annotations

import os
import sys
import threading
import time

from kg.errors import EXIT_INTERNAL
from kg.machine import available_memory, resident_memory

_started = threading.Event()


def memory_limit() -> int | None:
    """The limit in bytes: ``KG_MAX_MEMORY`` MiB, else 3/4 of the memory available now (None
    where the system does not say, off Linux)."""
    asked = os.environ.get("KG_MAX_MEMORY", "").strip()
    if asked.isdigit() and int(asked) > 0:
        return int(asked) * 1024 * 1024
    available = available_memory()
    return available * 3 // 4 if available else None


def guard_memory() -> None:
    """Start the guard (once per process; nothing where the size cannot be read)."""
    if _started.is_set():
        return
    _started.set()
    limit = memory_limit()
    try:
        resident_memory()
    except (OSError, ValueError, IndexError):
        return
    if limit is not None:
        threading.Thread(target=_watch, args=(limit,), name="kg-memory-guard", daemon=True).start()


def _watch(limit: int) -> None:
    while True:
        used = resident_memory()
        if used > limit:
            sys.stderr.write(
                f"error: kg stopped: it was using {used >> 20} MiB of memory, past its limit of "
                f"{limit >> 20} MiB (3/4 of the memory free when it started, or KG_MAX_MEMORY)\n"
                "  hint: with --store, the store may be damaged: add --reload to rebuild it; "
                "otherwise narrow the query, or free memory\n"
            )
            sys.stderr.flush()
            os._exit(EXIT_INTERNAL)
        time.sleep(0.1)
