"""Where a command's one-file output goes: a file written whole or not at all, a device, or
standard output (``-``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kg.cli.base import write_bytes

if TYPE_CHECKING:  # pragma: no cover
    from kg.report.i18n import Catalog


@contextmanager
def output_file(output: Path) -> Iterator[Path]:
    """Where a one-file output (RDF, Turtle, the map) is written: beside ``output``, moved
    into place when whole (the old file stays if this one fails); a device or a link
    (``/dev/stdout``) written through; for ``-``, a temporary file then given on stdout."""
    from kg.report.write import staged_file

    if str(output) != "-":
        with staged_file(output) as path:  # /dev/stdout, /dev/null: written through
            yield path
        return
    from kg.io.outputs import scratch_folder

    with scratch_folder() as folder:
        yield folder / "output"
        write_bytes((folder / "output").read_bytes())


def output_name(output: Path) -> str:
    """``output`` as a message names it: ``stdout`` for ``-``.

    >>> output_name(Path("-")), output_name(Path("out/g.ttl"))
    ('stdout', 'out/g.ttl')
    """
    return "stdout" if str(output) == "-" else str(output)


def wrote_network(
    cat: Catalog, kinds: Iterable[str], links: int, file: str, *, two_mode: bool
) -> str:
    """What ``kg map`` and ``kg export`` say they wrote of a network whose nodes are of
    ``kinds`` (``actor``, ``collaboration``): "wrote 68 organisations and 228 links to FILE",
    the two-mode view's collaborations counted too."""
    counted = Counter(kinds)
    nodes = cat.plural("count.organisations", counted["actor"])
    if two_mode:
        nodes += f", {cat.plural('count.collaborations', counted['collaboration'])}"
    said = {"links": cat.plural("count.links_short", links), "file": file}
    return cat("terminal.wrote_map", nodes=nodes, **said)
