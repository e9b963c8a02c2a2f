"""Where an output file goes: a new or regular file is replaced whole (through a temporary file
beside it); a device, a pipe or a link (``/dev/stdout``, ``/dev/null``, ``/dev/fd/3``, a link
to a file kept elsewhere) is written through, never replaced by a file of that name."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path


class _Held:
    """How many steps :func:`finishing` runs, and the stop that waits for them."""

    depth = 0
    stop: BaseException | None = None


def written_through(path: Path) -> bool:
    """Whether ``path`` is written into rather than replaced: a link (to anything but a
    folder), or a thing that is neither a regular file nor a folder (a device, a pipe).

    >>> written_through(Path("/dev/null")), written_through(Path("no-such-file.html"))
    (True, False)
    """
    path = Path(path)
    try:
        linked = path.is_symlink()
        mode = path.stat().st_mode
    except OSError:  # missing (a new file), or a link to a missing one: made anew
        return False
    if stat.S_ISDIR(mode):
        return False
    return linked or not stat.S_ISREG(mode)


def copy_into(source: Path, path: Path) -> None:
    """Write the bytes of the file ``source`` into ``path`` (opened for writing, not replaced);
    a reader gone (a closed pipe) raises BrokenPipeError."""
    with Path(source).open("rb") as reading, Path(path).open("wb") as writing:
        shutil.copyfileobj(reading, writing, 1 << 16)


def is_stdout(path: Path | str) -> bool:
    """Whether writing ``path`` writes this process's standard output (``-``, or a name of
    the same file: ``/dev/stdout``), so that what kg says about it goes to stderr instead.

    >>> is_stdout("-")
    True
    """
    if str(path) == "-":
        return True
    try:
        return os.path.samestat(os.stat(path), os.fstat(1))
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def finishing() -> Iterator[None]:
    """A step a stop signal must not cut short (moving finished files into place, removing a
    temporary folder): a stop :func:`held` meanwhile is raised when the outermost block ends.

    >>> with finishing():
    ...     held(SystemExit(143))
    Traceback (most recent call last):
    SystemExit: 143
    """
    _Held.depth += 1
    try:
        yield
    finally:
        _Held.depth -= 1
        stop = _Held.stop
        if not _Held.depth and stop is not None:
            _Held.stop = None
            raise stop


def held(stop: BaseException) -> bool:
    """Whether ``stop`` (a signal's exception) waits for a step :func:`finishing` runs; if
    none runs, the caller raises it now."""
    if not _Held.depth:
        return False
    _Held.stop = _Held.stop or stop
    return True
