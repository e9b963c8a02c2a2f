"""How ``kg serve`` takes signals, from before it reads the graph until it has stopped.

SIGTERM and Ctrl-C stop it: the workers started so far are stopped and the socket closed,
even while a store is being built or the workers are still loading the graph (a signal
arriving while a worker process is being started waits until it is, so that none is left
behind). SIGTERM ends it with status 0, as a service manager expects. SIGHUP reloads a service
(``systemctl reload``), once it serves when it comes before; in a terminal it means the
terminal closed, and ends kg serve as SIGTERM does.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from typing import Any

from kg.io.outputs import ctrl_c, stop_when_finished


class Stops:
    """kg serve's signal handlers while the block runs (in the main thread; elsewhere signals
    are left alone). :meth:`serving` names the endpoint a SIGHUP reloads."""

    def __init__(self) -> None:
        self._reload: Callable[[], None] | None = None
        self.reload_asked = False
        self._before: dict[int, Any] = {}

    def __enter__(self) -> Stops:
        if threading.current_thread() is not threading.main_thread():
            return self
        handlers: dict[int, Any] = {signal.SIGTERM: _terminate}
        if hasattr(signal, "SIGHUP"):
            handlers[signal.SIGHUP] = _terminate if _in_terminal() else self._hang_up
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # else ignored
            handlers[signal.SIGINT] = ctrl_c
        for signum, handler in handlers.items():
            self._before[signum] = signal.signal(signum, handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._before.items():
            signal.signal(signum, handler)
        self._before.clear()

    def serving(self, reload: Callable[[], None]) -> None:
        """The endpoint serves: SIGHUP calls ``reload`` from now on (now, if one came before)."""
        self._reload = reload
        if self.reload_asked:
            self.reload_asked = False
            reload()

    def _hang_up(self, signum: int, frame: object) -> None:
        if self._reload is None:
            self.reload_asked = True  # still starting: the files are read again once it serves
        else:
            self._reload()


def _terminate(signum: int, frame: object) -> None:
    """End kg serve with status 0, its workers stopped (once a worker being started is)."""
    stop_when_finished(SystemExit(0))


def _in_terminal() -> bool:
    """Whether kg serve was started in a terminal, where SIGHUP means the terminal closed (and
    ends it, as it does every program there) rather than "reload"."""
    return os.isatty(0)  # False for a closed standard input too: isatty never raises
