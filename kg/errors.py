"""Errors a person can act on: what went wrong, where, and what to do next."""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base class for errors kg reports to people.

    ``str(error)`` gives the full message: the place (file and line when known), what is
    wrong, and a hint saying what to do.
    """

    def __init__(
        self, message: str, *, hint: str = "", path: Path | None = None, line: int | None = None
    ) -> None:
        self.message = message
        self.hint = hint
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        place = ""
        if self.path is not None:
            place = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{place}{self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class DataLoadError(KgError):
    """A data file could not be read or parsed; nothing was loaded."""
