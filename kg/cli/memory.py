"""A guard on the memory of a ``kg`` command: past a limit it stops with a message, exit 3.

pyoxigraph's engine cannot be interrupted, and on a damaged store one of its loops collects
errors without end: ``kg query --store`` grew until the kernel killed it at 24 GB. A thread
reads the process's resident size ten times a second (the engine runs without holding
Python's lock) and ends the process before it takes the machine's memory. The limit is three
quarters of the memory available when the command started (the least of the system's, its
control group's and what ``ulimit -v`` leaves: :func:`kg.machine.available_memory`), or
``KG_MAX_MEMORY`` (MiB). Under ``ulimit -v`` the address space is not watched: glibc and the
engine reserve much of it unused, and go on when a reservation fails. An allocation refused
there ends a command with kg's message where Python sees it (:func:`kg.cli.ending.memory_failure`);
one in the engine aborts it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from kg.errors import EXIT_INTERNAL, KgError, in_language, translated
from kg.machine import available_memory, peak_memory, physical_memory, resident_memory

_started = threading.Event()
_MIB = 1 << 20
#: The running command's parameters: the guard's message is in their ``lang`` as it is when
#: the guard stops the command (a data folder's kg.toml sets it once the command has started).
_command: list[Mapping[str, Any]] = [{}]


def memory_limit() -> int | None:
    """The limit in bytes: ``KG_MAX_MEMORY`` MiB, else 3/4 of the memory available now (on
    macOS, of the machine's memory; None where the system does not say)."""
    asked = os.environ.get("KG_MAX_MEMORY", "").strip()
    if asked.isdigit() and int(asked) > 0:
        return int(asked) * 1024 * 1024
    available = available_memory() or (None if _proc() else physical_memory())
    return available * 3 // 4 if available else None


def _proc() -> bool:
    """Whether this process's size can be read in ``/proc`` (Linux)."""
    try:
        resident_memory()
    except (OSError, ValueError, IndexError):
        return False
    return True


def _reader() -> Callable[[], int] | None:
    """How the guard reads this process's size: its resident size in ``/proc`` (Linux), else
    its peak so far (macOS: past the limit as soon as the size is), else None (Windows)."""
    if _proc():
        return resident_memory
    try:
        peak_memory()
    except OSError:
        return None
    return peak_memory


def guard_memory(params: Mapping[str, Any] | None = None) -> None:
    """Start the guard (once per process; nothing where the size cannot be read); its message
    is in the ``lang`` of the command's ``params`` when it stops the command: its ``--lang``,
    or its data folder's ``lang`` (kg.toml) where that is left out; else English."""
    _command[0] = params if params is not None else {}
    if _started.is_set():
        return
    _started.set()
    limit, read = memory_limit(), _reader()
    if read is None:
        if os.environ.get("KG_MAX_MEMORY", "").strip():
            _unkept.set()  # said by say_unkept, once the command's language is known
        return
    if limit is not None:
        threading.Thread(
            target=_watch, args=(limit, read), name="kg-memory-guard", daemon=True
        ).start()


#: What kg says where it cannot read its own size (Windows) and KG_MAX_MEMORY was set
NO_GUARD = (
    "warning: KG_MAX_MEMORY is not kept here: kg measures its own memory use on Linux and "
    "macOS alone; a command that needs more memory than the machine has is not stopped by kg"
)
#: Set where NO_GUARD is to be said and has not been yet
_unkept = threading.Event()


def say_unkept(lang: str) -> None:
    """Say :data:`NO_GUARD` in ``lang``, once, where the guard could not start and
    KG_MAX_MEMORY is set: where the command's language is known, which for a command on a
    data folder is once its kg.toml is read (:func:`kg.cli.options.folder_lang`)."""
    if _unkept.is_set():
        _unkept.clear()
        sys.stderr.write(translated(NO_GUARD, lang) + "\n")


def _watch(limit: int, read: Callable[[], int]) -> None:
    while True:
        used = read()
        if used > limit:
            mib = (used + _MIB - 1) // _MIB  # rounded up: past the limit as it is said too
            _stop(
                f"it was using {mib} MiB of memory, past its limit of {limit // _MIB} MiB "
                "(3/4 of the memory free when it started, or KG_MAX_MEMORY)"
            )
        time.sleep(0.1)


def _stop(why: str) -> None:
    error = KgError(
        f"kg stopped: {why}",
        hint="a graph this large needs more memory than kg has here: build a store once "
        "(--store DIR) and run later commands on it, or give kg more memory; with --store, "
        "the store may be damaged: add --reload to rebuild it",
    )
    word, said = in_language(error, str(_command[0].get("lang") or "en"))
    sys.stderr.write(f"{word}: {said}\n")
    sys.stderr.flush()
    os._exit(EXIT_INTERNAL)
