"""kg as on macOS or Windows, simulated on Linux: run as a program, this file takes away
what those systems lack before kg runs, in the process and in the processes it spawns.

``KG_ELSEWHERE=mac``: no ``/proc`` or ``/sys`` (opening a path under them fails as a missing
file does) and no ``os.sched_getaffinity``. ``KG_ELSEWHERE=windows`` adds: no ``fcntl``,
``resource``, ``termios``, ``pwd`` or ``grp`` (importing one fails), no ``SIGHUP``,
``SIGPIPE``, ``SIGALRM``, ``SIGUSR1``, ``SIGUSR2`` or ``SIGQUIT``, and no ``os.nice``,
``os.sysconf``, ``os.killpg``, ``os.setsid``, ``os.getuid``, ``os.geteuid`` or
``os.fork``, and an event loop without ``add_reader`` (Windows' ProactorEventLoop's
raises NotImplementedError; its pipes are no sockets to select). ``sys.platform`` and
``os.name`` stay Linux's (the libraries kg uses would look for Windows' own modules): kg
itself never asks them, it asks for what it uses.
Python's multiprocessing keeps its own ``SIGKILL`` (on Windows it ends a process its own
way).
"""

from __future__ import annotations

import builtins
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve()

#: The modules Windows' Python has not.
_MODULES = ("fcntl", "resource", "termios", "pwd", "grp")
_SIGNALS = ("SIGHUP", "SIGPIPE", "SIGALRM", "SIGUSR1", "SIGUSR2", "SIGQUIT")
_FUNCTIONS = ("nice", "sysconf", "killpg", "setsid", "getuid", "geteuid", "fork")


def run_kg(
    system: str, *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``kg args`` as on ``system`` ("mac" or "windows"), its output as text."""
    environment = {**os.environ, "KG_ELSEWHERE": system, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(HERE), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**environment, **(env or {})},
        cwd=cwd,
        timeout=timeout,
    )


def start_kg(system: str, *args: str, cwd: Path) -> subprocess.Popen[str]:
    """``kg args`` as on ``system``, started (for kg serve): its output as text, piped."""
    return subprocess.Popen(
        [sys.executable, str(HERE), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "KG_ELSEWHERE": system, "PYTHONIOENCODING": "utf-8"},
        cwd=cwd,
    )


def _pretend(system: str) -> None:
    """Take away what ``system`` lacks (see the module's docstring)."""
    import multiprocessing  # noqa: F401 - imported as the real system has it

    import kg.cli  # noqa: F401

    opened = builtins.open

    def without_proc(file, *args, **kwargs):
        name = "" if isinstance(file, int) else os.fsdecode(file)
        if name.startswith(("/proc/", "/sys/")):
            raise FileNotFoundError(2, "No such file or directory", name)
        return opened(file, *args, **kwargs)

    builtins.open = io.open = without_proc
    if hasattr(os, "sched_getaffinity"):
        del os.sched_getaffinity
    if system == "windows":
        import asyncio.selector_events

        def no_reader(self, fd, callback, *args):
            raise NotImplementedError  # as Windows' event loop (Proactor) has it

        asyncio.selector_events.BaseSelectorEventLoop.add_reader = no_reader
        for module in _MODULES:
            sys.modules[module] = None  # type: ignore[assignment]
        for name in _SIGNALS:
            if hasattr(signal, name):
                delattr(signal, name)
        for name in _FUNCTIONS:
            if hasattr(os, name):
                delattr(os, name)


if os.environ.get("KG_ELSEWHERE") in ("mac", "windows"):
    _pretend(os.environ["KG_ELSEWHERE"])  # in a spawned worker too: it runs this file first

if __name__ == "__main__":
    from kg.cli import app

    sys.argv[0] = "kg"
    app()
