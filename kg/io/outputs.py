"""Where an output file goes: a new or regular file is replaced whole (through a temporary file
beside it); a device, a pipe or a link (``/dev/stdout``, ``/dev/null``, ``/dev/fd/3``, a link
to a file kept elsewhere) is written through, never replaced by a file of that name."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from kg.errors import cannot_write


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
    with Path(source).open("rb") as reading, _opened(path) as writing:
        shutil.copyfileobj(reading, writing, 1 << 16)


#: A name of one of this process's descriptors: /dev/stdout, /dev/fd/3, /proc/self/fd/3
_DESCRIPTOR = re.compile(r"/dev/(?:fd/(?P<fd>\d+)|std(?P<std>out|err))|/proc/self/fd/(?P<own>\d+)")


def _opened(path: Path) -> IO[bytes]:
    """``path`` open for writing: a name of a descriptor of this process is that descriptor
    (its place in the file and its append mode kept: on Linux /dev/stdout opened anew is the
    file ``>> log`` gave, truncated from its start), anything else is opened and truncated.

    >>> with _opened(Path("/dev/stdout")) as stream:  # a copy of descriptor 1
    ...     stream.fileno() != 1
    True
    """
    named = _DESCRIPTOR.fullmatch(str(path))
    if named is None:
        return Path(path).open("wb")
    fd = int(named["fd"] or named["own"] or (1 if named["std"] == "out" else 2))
    for stream in (sys.stdout, sys.stderr):  # what Python holds for it goes first
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()
    return os.fdopen(os.dup(fd), "wb")


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A new temporary folder, removed with what it holds when the block ends; a stop
    (SIGTERM) waits while it is made and removed, so it is never left behind."""
    folder: Path | None = None
    try:
        with finishing():  # a stop waits until the folder is made and known, to be removed
            folder = Path(tempfile.mkdtemp(prefix="kg-output-"))
        yield folder
    finally:
        with finishing():
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


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
    temporary folder): a stop :func:`stop_when_finished` meanwhile is raised when the
    outermost block ends.

    >>> with finishing():
    ...     stop_when_finished(SystemExit(143))
    Traceback (most recent call last):
    SystemExit: 143

    A step in another thread holds nothing: signals are the main thread's, and a stop raised
    at the end of another thread's step would end that thread alone, the command going on.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _Held.depth += 1
    try:
        yield
    finally:
        _Held.depth -= 1
        stop = _Held.stop
        if not _Held.depth and stop is not None:
            _Held.stop = None
            raise stop


def stop_when_finished(stop: BaseException) -> None:
    """Raise ``stop`` (a signal's exception) now or, while a step :func:`finishing` runs,
    when the outermost one ends."""
    if not _Held.depth:
        raise stop
    _Held.stop = _Held.stop or stop


def ctrl_c(signum: int, frame: object) -> None:
    """A handler of Ctrl-C (SIGINT): KeyboardInterrupt, as Python's own handler raises it,
    but once finished files are moved into place or a temporary folder is removed."""
    stop_when_finished(KeyboardInterrupt())


def atomic(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write a file whole or not at all: ``write(stream)`` fills a temporary file beside it;
    a device, a pipe or a link (``/dev/stdout``) is written through once it is whole."""
    if written_through(path):
        buffer = io.BytesIO()
        write(buffer)
        try:
            with _opened(path) as writing:  # a reader gone (a closed pipe): BrokenPipeError
                writing.write(buffer.getvalue())
        except BrokenPipeError:
            raise
        except OSError as error:
            raise cannot_write(path, error) from error
        return
    temporary = ""
    try:
        with finishing():  # a stop waits until the file is made and known, to be removed
            handle, temporary = _beside(path)
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        _kept_mode(path, temporary)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        _let_go(error)
        raise cannot_write(path, error) from error
    except BaseException:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise


def _beside(path: Path) -> tuple[int, str]:
    """A new file beside ``path``: its descriptor and name. It is made with the permissions
    the process's umask gives a new file, as ``path`` would be: the umask is never set, even
    for a moment (it is the process's: a file another thread made meanwhile would get it)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        name = str((path.parent or Path(".")) / f".{path.name}.{secrets.token_hex(4)}")
        try:
            return os.open(name, flags | getattr(os, "O_CLOEXEC", 0), 0o666), name
        except FileExistsError:  # one of another write's: another name
            continue
        except OSError as error:
            raise cannot_write(path, error) from error


def _kept_mode(path: Path, temporary: str) -> None:
    """Give ``temporary`` the permissions of the file ``path`` it replaces, if there is one:
    written in place, a file kept private (``chmod 600``) would have stayed so."""
    try:
        before = os.stat(path)
    except OSError:  # a new file: as the umask makes it
        return
    if stat.S_ISREG(before.st_mode):
        os.chmod(temporary, stat.S_IMODE(before.st_mode))


def _let_go(error: BaseException) -> None:
    """Free now what the failed write had made (its frames' locals): a writer's unfinished
    parts (openpyxl's worksheet streams, in temporary files) try to finish when freed, and
    fail again, which Python would print as "Exception ignored" at some later moment."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        traceback.clear_frames(error.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


def made_alike(folder: Path) -> None:
    """Give the folders and files inside ``folder`` the permissions ``folder`` was made with
    (by the umask): a library that makes its own with fixed ones (RocksDB: 755 and 644, the
    umask only taking away) leaves a group sharing a store under umask 002 unable to remove
    them when it builds the store anew."""
    mode = stat.S_IMODE(os.stat(folder).st_mode)
    for top, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(top, name), mode)
        for name in files:
            os.chmod(os.path.join(top, name), mode & 0o666)


def replace_folder(work: Path, directory: Path) -> None:
    """Move the finished folder ``work`` to ``directory``, replacing what was there (moved
    aside to ``.NAME.XXXXXXXX.old`` and removed); where the new one cannot be moved in, the
    old one is moved back and the OSError raised.

    >>> with tempfile.TemporaryDirectory() as folder:
    ...     new, old = Path(folder, "new"), Path(folder, "store")
    ...     _ = new.mkdir(), old.mkdir(), (new / "a").write_text("new", "utf-8")
    ...     replace_folder(new, old)
    ...     sorted(p.name for p in Path(folder).iterdir()), (old / "a").read_text("utf-8")
    (['store'], 'new')
    """
    if not directory.exists():
        work.rename(directory)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".old", dir=directory.parent))
    old.rmdir()
    directory.rename(old)
    try:
        work.rename(directory)
    except OSError:
        old.rename(directory)
        raise
    shutil.rmtree(old, ignore_errors=True)
