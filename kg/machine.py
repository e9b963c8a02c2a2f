"""What the machine has: the memory available, and this process's resident size (Linux)."""

from __future__ import annotations

import os


def resident_memory() -> int:
    """This process's resident size in bytes (raises OSError where /proc is missing)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def available_memory() -> int | None:
    """The memory available to start new work, in bytes (None where the system does not say)."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def release_freed_memory() -> None:
    """Give memory freed by native code back to the system (glibc keeps it otherwise: an
    in-memory store of 1M triples, dropped, still held 600 MB)."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(None).malloc_trim(0)
