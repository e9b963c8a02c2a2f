"""What the machine has: the memory available, the cores, and this process's size (Linux).

The memory available is the least of what the system, the process's control group
(``memory.max`` in a container or a systemd unit) and its address-space limit (``ulimit -v``,
``prlimit --as``) leave: the kernel ends a process past any of them, and the first without a
word (the OOM killer).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: A control group's limit at or above this is "no limit" (cgroup v1 writes 2^63 rounded down
#: to a page).
_NO_LIMIT = 1 << 60


def resident_memory() -> int:
    """This process's resident size in bytes (raises OSError where /proc is missing)."""
    with open("/proc/self/statm", encoding="utf-8") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_memory() -> int:
    """This process's largest resident size so far in bytes, where ``/proc`` is missing
    (macOS; raises OSError without the module ``resource``: Windows)."""
    try:
        import resource
    except ImportError as error:
        raise OSError("no resource module") from error
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes there, KiB on Linux


def physical_memory() -> int | None:
    """The machine's memory in bytes (None where the system does not say)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def address_space() -> int:
    """This process's address space (virtual size) in bytes (raises OSError without /proc)."""
    with open("/proc/self/statm", encoding="utf-8") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def limits_memory() -> bool:
    """Whether this system lets a process cap its own memory as kg serve's workers do
    (``RLIMIT_AS`` over the size read in ``/proc``): Linux's, not macOS' or Windows'."""
    try:
        import resource

        resource.getrlimit(resource.RLIMIT_AS)
        address_space()
    except (ImportError, AttributeError, OSError, ValueError, IndexError):
        return False
    return True


def cores() -> int:
    """The cores this process may run on (``taskset`` and a container's cpuset count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """The memory available to start new work, in bytes: the system's, its control group's
    and the address-space limit's, whichever is least (None where none says)."""
    sizes = (system_memory(), cgroup_memory(), address_space_left())
    return min((size for size in sizes if size is not None), default=None)


def system_memory() -> int | None:
    """The system's ``MemAvailable`` in bytes (None where /proc/meminfo does not say)."""
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def address_space_left() -> int | None:
    """What ``RLIMIT_AS`` leaves this process beyond its address space now, in bytes (None
    without a limit)."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY:
            return None
        return max(0, soft - address_space())
    except (ImportError, OSError, ValueError, IndexError):
        return None


def cgroup_memory(
    root: Path = Path("/sys/fs/cgroup"), membership: Path = Path("/proc/self/cgroup")
) -> int | None:
    """What this process's control group and those above it leave below their memory
    limits, in bytes (cgroup v2 ``memory.max``, v1 ``memory.limit_in_bytes``; None without
    a limit).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "kg.service").mkdir()
    >>> _ = (folder / "kg.service" / "memory.max").write_text("2147483648\\n")
    >>> _ = (folder / "kg.service" / "memory.current").write_text("536870912\\n")
    >>> _ = (folder / "cgroup").write_text("0::/kg.service\\n")
    >>> cgroup_memory(folder, folder / "cgroup") >> 20
    1536
    """
    try:
        lines = membership.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    left = []
    for line in lines:
        number, controllers, path = ([*line.split(":", 2), "", ""])[:3]
        if number == "0" and not controllers:  # v2, the unified hierarchy
            top, files = root, ("memory.max", "memory.current", "inactive_file")
        elif "memory" in controllers.split(","):  # v1
            top = root / "memory"
            files = ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file")
        else:
            continue
        for folder in _folders(top, path):
            limit, used = _number(folder / files[0]), _number(folder / files[1])
            if limit is not None and limit < _NO_LIMIT:
                cache = _stat(folder / "memory.stat", files[2])  # given back when asked for
                left.append(max(0, limit - max(0, (used or 0) - cache)))
    return min(left) if left else None


def _folders(top: Path, path: str) -> list[Path]:
    """The group's folder and those above it, up to the mounted root (in a container the
    root is the container's own group, whatever path /proc names)."""
    parts = [part for part in path.strip("/").split("/") if part and part != ".."]
    found = [top.joinpath(*parts[:end]) for end in range(len(parts), 0, -1)]
    return [folder for folder in found if folder.is_dir()] + [top]


def _stat(path: Path, key: str) -> int:
    """One counter of a control group's ``memory.stat`` (0 where it is missing)."""
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition(" ")
            if name == key and value.strip().isdigit():
                return int(value)
    except OSError:
        pass
    return 0


def _number(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def release_freed_memory() -> None:
    """Give memory freed by native code back to the system (glibc keeps it otherwise: an
    in-memory store of 1M triples, dropped, still held 600 MB)."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(None).malloc_trim(0)
