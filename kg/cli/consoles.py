"""The consoles every command prints through: ``out`` (standard output) and ``err`` (standard
error), each a rich ``Console`` made, and rich imported, when first used."""

from __future__ import annotations

import errno
import os
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console


class _LazyConsole:
    """A ``rich.console.Console`` made (and rich imported) when first used."""

    def __init__(self, **settings: Any) -> None:
        self.settings = settings

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        console = Console(**self.settings)
        console.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
        return console

    def forget(self) -> None:
        """Make the console anew when next used (rich fixes ``COLUMNS`` when it is made)."""
        self.__dict__.pop("console", None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


def _reader_gone() -> None:
    """Not rich's exit 1 (kg's "violations"): the command ends with ``EXIT_PIPE``."""
    raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


out: Console = _LazyConsole(highlight=False, soft_wrap=True, emoji=False)  # type: ignore[assignment]
err: Console = _LazyConsole(  # type: ignore[assignment]
    stderr=True, highlight=False, soft_wrap=True, emoji=False
)
