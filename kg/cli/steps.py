"""The library's progress (:mod:`kg.progress`) drawn on a terminal by rich, on stderr."""

from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING

import kg.progress as progress
from kg.cli.consoles import err

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console


#: A finished step leaves a line with its time when it took at least this many seconds.
SHOWN_FROM = 0.5


class _Steps:
    """:mod:`kg.progress` steps on a terminal, drawn by rich on stderr: a spinner, a bar when
    the step counts its work, the time so far and (for a counted step) an estimate of the time
    left; a step that took a while leaves a ✓ line."""

    def __init__(self, console: Console) -> None:
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(bar_width=20),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.running = 0  # steps running, in every thread
        self.nested = threading.local()
        self.lock = threading.Lock()

    def start(self, description: str, total: int | None) -> tuple:
        from rich.markup import escape

        with self.lock:
            if self.running == 0:
                self.progress.start()
            self.running += 1
        # steps nest per thread: one run beside another (validation beside reading the facts)
        # is not indented under it
        self.nested.depth = depth = getattr(self.nested, "depth", 0) + 1
        indent = "  " * (depth - 1)
        task = self.progress.add_task(indent + escape(description), total=total)
        return task, indent, escape(description), time.monotonic()

    def advance(self, handle: tuple, amount: float) -> None:
        self.progress.advance(handle[0], amount)

    def finish(self, handle: tuple, ok: bool) -> None:
        task, indent, description, started = handle
        self.progress.remove_task(task)
        took = time.monotonic() - started
        if not ok or took >= SHOWN_FROM:
            mark = "[green]✓[/]" if ok else "[red]✗[/]"
            took_text = progress.number(took, 1)
            self.progress.console.print(f"{indent}{mark} {description} [dim]{took_text} s[/]")
        self.nested.depth -= 1
        with self.lock:
            self.running -= 1
            if self.running == 0:
                self.progress.stop()


def progress_shown(wanted: bool) -> contextlib.AbstractContextManager:
    """Show the library's steps while a command runs, if ``wanted`` and stderr is a terminal."""
    if not wanted or not err.is_terminal:
        return contextlib.nullcontext()
    return progress.reporting(_Steps(err.console))
