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
>>> with reporting(Printer()), step("Loading {files} RDF files", files=5900):
...     pass
>>> with reporting(Printer()), speaking("sv"), step("Loading {files} RDF files", files=5900):
...     pass
>>> shown
['Loading 5,900 RDF files', 'done', 'Läser in 5\u202f900 RDF-filer', 'done']

A step's description is an English template, the same text in every language's catalog
(``progress.sv.toml``: the English template, then the Swedish one), as in gettext.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Protocol

from kg.numbers import written


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

    @property
    def counter(self) -> Callable[[float], None] | None:
        """:meth:`advance` while the step is shown, else None: for work that counts only to
        be shown (reading a file through Python to count its bytes)."""
        return self.advance if self._reporter is not None else None


_NOTHING = Step()
_current: ContextVar[Reporter | None] = ContextVar("kg_progress_reporter", default=None)
_language: ContextVar[str] = ContextVar("kg_progress_language", default="en")


@contextmanager
def step(description: str, *, total: int | None = None, **values: object) -> Iterator[Step]:
    """Report ``description`` while the block runs (a no-op unless reporting is on).

    ``description`` is an English template with ``values`` to fill in, shown in the language
    :func:`speaking` chose; an ``int`` value is a count, written with thousands apart (pass a
    year as text). ``total`` is how many units the step counts (files, rules), for a bar.
    """
    reporter = _current.get()
    if reporter is None:
        yield _NOTHING
        return
    handle = reporter.start(said(description, **values), total)
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


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Describe the steps run inside the block in ``lang`` ("en" or "sv")."""
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def active() -> bool:
    """Whether steps are being shown (to skip work done only to describe a step)."""
    return _current.get() is not None


def said(description: str, **values: object) -> str:
    """``description`` in the language steps are described in, with ``values`` filled in.

    >>> said("Loading {files} RDF files", files=1234)
    'Loading 1,234 RDF files'
    """
    lang = _language.get()
    template = catalog(lang).get(description, description)
    return template.format(**{key: number(value) for key, value in values.items()})


def number(value: object, digits: int = 0) -> str:
    """A count or measure as the steps' language writes it; anything else as text.

    >>> number(1234567), number(12.34, 1), number("2016")
    ('1,234,567', '12.3', '2016')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return written(value, digits, _language.get())


@cache
def catalog(lang: str) -> dict[str, str]:
    """The steps' descriptions in ``lang``, by their English template (empty for English)."""
    if lang == "en":
        return {}
    with (Path(__file__).with_name(f"progress.{lang}.toml")).open("rb") as file:
        return tomllib.load(file)["steps"]
