"""How a command's run can end other than by returning: Ctrl-C (also inside a compiled
module), SIGTERM (ended as Ctrl-C is), and a failure of the store's files behind an error."""

from __future__ import annotations

import contextlib
import errno
import signal
from collections.abc import Iterator
from itertools import islice

from kg.errors import (
    EXIT_TERMINATED,
    NO_TEMPORARY,
    KgError,
    OutOfMemoryError,
    StoreError,
    no_temporary_folder,
)


def _behind(error: BaseException) -> Iterator[BaseException]:
    """``error`` and the errors behind it, nearest first: each one's cause, else the error
    it was raised while handling."""
    seen: BaseException | None = error
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def interrupted(error: BaseException) -> bool:
    """Whether ``error`` was caused by Ctrl-C: a compiled module interrupted while it loads
    raises ImportError from the KeyboardInterrupt."""
    return any(isinstance(seen, KeyboardInterrupt) for seen in islice(_behind(error), 10))


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (kill, a service manager, a job's time limit) ends a command as Ctrl-C does:
    the temporary files, folders and stores it was making are removed, nothing half-written
    is left; the status is 143 (128 + SIGTERM), as a shell gives a command the signal stops."""
    from kg.io.outputs import stop_when_finished

    stop_when_finished(SystemExit(EXIT_TERMINATED))


@contextlib.contextmanager
def ended_by_signals() -> Iterator[None]:
    """While the block runs, SIGTERM raises SystemExit(143) (:func:`_terminated`) and Ctrl-C
    KeyboardInterrupt (:func:`kg.io.outputs.ctrl_c`), each held while finished files are
    moved into place; Ctrl-C is left alone where it is ignored (a shell's background job). In
    any thread but the main one (a command run by a test's thread), signals are as before."""
    try:
        before = signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread: signals are the main thread's
        yield
        return
    from kg.io.outputs import ctrl_c

    ctrl_c_before = signal.getsignal(signal.SIGINT)
    if ctrl_c_before is signal.default_int_handler:
        signal.signal(signal.SIGINT, ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)
        if ctrl_c_before is signal.default_int_handler:
            signal.signal(signal.SIGINT, ctrl_c_before)


def storage_failure_behind(error: BaseException) -> BaseException | None:
    """The engine error behind ``error`` (its cause chain) that comes from store files."""
    from kg.io.store import storage_failure

    found = (s for s in _behind(error) if storage_failure(s) and not isinstance(s, KgError))
    return next(found, None)


#: What a write to a stream fails with where the stream cannot take it: a full disk or quota
#: (``> /dev/full``), a file past ``ulimit -f``, a failing device, a descriptor closed
_STREAM_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF})


def output_failure(error: BaseException) -> KgError | None:
    """The error to say for ``error`` when it is a write to the command's output that failed
    (an OSError naming no file: kg names the files it writes), else None.

    >>> output_failure(OSError(errno.ENOSPC, "No space left on device")).message
    'cannot write the output: No space left on device'
    """
    if not isinstance(error, OSError) or isinstance(error, BrokenPipeError):
        return None
    if error.errno not in _STREAM_FAILURES or error.filename is not None:
        return None
    if error.errno == errno.EBADF:
        hint = "send the output to a file (> FILE) or to /dev/null, not to a closed descriptor"
    elif error.errno == errno.EIO:
        hint = "send the output elsewhere; what was written is not whole"
    else:
        hint = (
            "make room (free space on the disk, or raise ulimit -f) or send the output "
            "elsewhere; what was written is not whole"
        )
    return KgError(f"cannot write the output: {error.strerror}", hint=hint)  # errors.sv.toml


def files_limit_failure(error: BaseException) -> StoreError | None:
    """The error to say when ``error`` (or one behind it) is the process's limit of open
    files (``ulimit -n``) being too low: the engine's own words (it needs 96 at the least) or
    the system's (EMFILE). Not a damaged store: rebuilding it would not help.

    >>> print(files_limit_failure(OSError(errno.EMFILE, "Too many open files")).message)
    kg may open too few files at once: Too many open files
    """
    for seen in _behind(error):
        said = seen.strerror if isinstance(seen, OSError) and seen.strerror else str(seen)
        limited = getattr(seen, "errno", None) == errno.EMFILE or "file descriptors" in said
        if limited and not isinstance(seen, KgError):  # a KgError's: the engine's are behind
            found = StoreError(
                f"kg may open too few files at once: {said}",
                hint="raise the limit (ulimit -n 512) and run again; the store is not damaged",
            )  # errors.sv.toml
            found.path = getattr(error, "path", None)
            return found
    return None


def temporary_failure(error: BaseException) -> KgError | None:
    """The error to say when ``error`` (or one behind it) is that no folder for temporary
    files can be written (a read-only or full /tmp, a TMPDIR that is not a folder); None
    for an error kg has said in its own words (a file it could not write, named).

    >>> temporary_failure(FileNotFoundError(2, "No usable temporary directory found")).message
    'no folder for temporary files can be written (TMPDIR, /tmp, /var/tmp)'
    """
    for seen in _behind(error):
        if isinstance(seen, KgError):
            return None
        if no_temporary_folder(seen):
            message = "no folder for temporary files can be written (TMPDIR, /tmp, /var/tmp)"
            return KgError(message, hint=NO_TEMPORARY)  # errors.sv.toml
    return None


#: What the system says when a shared library cannot be mapped for want of address space
_NO_ROOM_TO_MAP = ("failed to map segment", "cannot allocate memory")
#: What to do when memory ran out (errors.sv.toml)
SMALLER = (
    "build a store once (--store DIR) and run later commands on it, give kg more memory, "
    'or free some; the README\'s "Running on a small machine" says what a graph needs'
)


def memory_failure(error: BaseException) -> OutOfMemoryError | None:
    """The error to say when ``error`` (or one behind it) is memory running out: Python's
    MemoryError, or the system refusing memory (ENOMEM, a compiled module it could not map).

    >>> print(memory_failure(MemoryError()).message)
    kg ran out of memory: the system gave it no more
    """
    for seen in _behind(error):
        said = seen.strerror if isinstance(seen, OSError) and seen.strerror else str(seen)
        short = isinstance(seen, MemoryError) or getattr(seen, "errno", None) == errno.ENOMEM
        if short or any(words in said.lower() for words in _NO_ROOM_TO_MAP):
            said = (
                said if said and not isinstance(seen, MemoryError) else "the system gave it no more"
            )
            return OutOfMemoryError(f"kg ran out of memory: {said}", hint=SMALLER)
    return None
