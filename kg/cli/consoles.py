"""The consoles every command prints through: ``out`` (standard output) and ``err`` (standard
error), each a rich ``Console`` made, and rich imported, when first used; and text from the
data made safe to print on them (:func:`safe`, :func:`cell`); a note in the command's language
(:func:`note`); what a command says of the file it wrote (:func:`tell`), and where ``kg serve``
answers (:func:`say_ready`)."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

#: Characters a terminal obeys rather than shows: C0 and C1 controls (escape sequences, a bare
#: carriage return, a bell) and the bidirectional overrides that reorder what follows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: object) -> str:
    """Text for the terminal: control characters shown as ``\\xNN`` / ``\\uNNNN``, not obeyed.

    >>> safe("R\\x1b[31mäd\\rda")
    'R\\\\x1b[31mäd\\\\x0dda'
    """
    return _CONTROL.sub(_escaped, str(text))


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def cell(value: object) -> Any:
    """Text from the data as a table cell: never read as rich markup, controls escaped."""
    from rich.text import Text

    return Text(safe(value))


class _LazyConsole:
    """A ``rich.console.Console`` made (and rich imported) when first used."""

    def __init__(self, **settings: Any) -> None:
        self.settings = settings

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        console = Console(**self.settings, _environ=_sized(os.environ))
        console.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
        return console

    def forget(self) -> None:
        """Make the console anew when next used (rich fixes ``COLUMNS`` when it is made)."""
        self.__dict__.pop("console", None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


def _sized(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment a console reads, less a ``COLUMNS`` or ``LINES`` of 0 (a terminal that
    reports no size): rich would print everything in a width of 0, that is nothing at all.

    >>> _sized({"COLUMNS": "0", "LINES": "0", "TERM": "dumb"})
    {'TERM': 'dumb'}
    """
    return {
        name: value
        for name, value in environ.items()
        if not (name in ("COLUMNS", "LINES") and value.strip().isdigit() and int(value) == 0)
    }


def _reader_gone() -> None:
    """Not rich's exit 1 (kg's "violations"): the command ends with ``EXIT_PIPE``."""
    raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


out: Console = _LazyConsole(highlight=False, soft_wrap=True, emoji=False)  # type: ignore[assignment]
err: Console = _LazyConsole(  # type: ignore[assignment]
    stderr=True, highlight=False, soft_wrap=True, emoji=False
)


def note(text: str, lang: str) -> None:
    """A note on standard error ("note: …", "obs: …"), in ``lang`` where kg's catalog has
    its words, made safe to print."""
    from kg.errors import translated, word

    err.print(safe(f"{word('note', lang)}: {translated(text, lang)}"), markup=False)


def tell(text: str, output: Path | str) -> None:
    """Say ``text``, about the ``output`` a command wrote, made safe to print: on standard
    output, or on standard error where the output is standard output itself (``-``,
    ``/dev/stdout``), so that it does not mix with what was written."""
    from kg.io.outputs import is_stdout

    (err if is_stdout(output) else out).print(safe(text), markup=False)


def note_named_twice(data: tuple, lang: str, store: Path | None = None) -> None:
    """A note for each two files of ``--data`` that name the same things (``skos:prefLabel``):
    a copy, or an earlier kg import's output left beside the new one, read as well (not where
    a ``store`` holds them unchanged: the note came when it was built)."""
    from kg.io.twice import SHOWN, named_in_several
    from kg.model.names import display

    for first, second, iris in named_in_several(data, store):
        shown = ", ".join(display(iri) for iri in iris[:SHOWN]) + (" …" if iris[SHOWN:] else "")
        note(
            f"{first} and {second} both name {shown}: is one a copy of the other, or an "
            "earlier kg import's output left beside the new one? kg reads every .ttl and .nt "
            "file under --data, so keep one of them",
            lang,
        )


def say_ready(url: str, public_url: str | None, lang: str) -> None:
    """Say the addresses kg serve answers at; behind a proxy, the ones readers open too."""
    from kg.errors import translated
    from kg.web.server import public_address

    endpoint = url + "sparql"
    out.print(translated(f"SPARQL endpoint: {endpoint} · query page: {url}", lang), markup=False)
    if public_url:
        public = public_address(public_url)
        endpoint = public + "sparql"
        out.print(translated(f"readers open it at {endpoint} and {public}", lang), markup=False)
