"""Progress of long steps: the library says what it is doing, whoever runs it decides whether
and how to show it.

The library wraps every step that can take more than a moment in :func:`step`; by default
that does nothing at all. The command line switches reporting on (:func:`reporting`) with a
:class:`Reporter` that draws the steps on a terminal; notebooks and scripts stay quiet.

>>> with step("Counting the committees") as counting:
...     counting.advance()
>>> shown = []
>>> class Printer:
...     def start(self, description, total): shown.append(description); return len(shown)
...     def advance(self, handle, amount): pass
...     def finish(self, handle, ok): shown.append("done" if ok else "failed")
>>> with reporting(Printer()), step(f"Validating {count(5900)} triples"):
...     pass
>>> shown
['Validating 5,900 triples', 'done']
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol


class Reporter(Protocol):
    """What shows steps: told when one starts (with its total, if it counts), advances, ends."""

    def start(self, description: str, total: int | None) -> object:
        """A step begins; returns a handle for the calls below."""

    def advance(self, handle: object, amount: float) -> None:
        """The step did ``amount`` more of its ``total``."""

    def finish(self, handle: object, ok: bool) -> None:
        """The step ended (``ok`` false: it raised)."""


class Step:
    """A running step: :meth:`advance` it when it counts its work."""

    def __init__(self, reporter: Reporter | None = None, handle: object = None) -> None:
        self._reporter = reporter
        self._handle = handle

    def advance(self, amount: float = 1) -> None:
        """Count ``amount`` more units of the step's total done."""
        if self._reporter is not None:
            self._reporter.advance(self._handle, amount)


_NOTHING = Step()
_current: ContextVar[Reporter | None] = ContextVar("kg_progress_reporter", default=None)


@contextmanager
def step(description: str, *, total: int | None = None) -> Iterator[Step]:
    """Report ``description`` while the block runs (a no-op unless reporting is on).

    ``total`` is how many units the step counts (files, rules, committees), for a bar.
    """
    reporter = _current.get()
    if reporter is None:
        yield _NOTHING
        return
    handle = reporter.start(description, total)
    ok = False
    try:
        yield Step(reporter, handle)
        ok = True
    finally:
        reporter.finish(handle, ok)


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Show the steps run inside the block with ``reporter`` (None: show nothing)."""
    token = _current.set(reporter)
    try:
        yield
    finally:
        _current.reset(token)


def active() -> bool:
    """Whether steps are being shown (to skip work done only to describe a step)."""
    return _current.get() is not None


def count(number: int) -> str:
    """A count for a step's description, with thousands separated.

    >>> count(1234567)
    '1,234,567'
    """
    return f"{number:,}"
