"""Write the report's files (report.md, report.json and the map) all or nothing, and the way
every output is written: into a temporary folder first, moved into place only when complete."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.analysis.pipeline import Analysis
from kg.collector import collector_paused
from kg.errors import KgError
from kg.report.build import build_report
from kg.report.markdown import render_markdown
from kg.web.map import write_map

#: From this many actors on, report.json is written without indentation (one line).
COMPACT_JSON_FROM = 5000


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote, and the data it wrote."""

    directory: Path
    files: list[Path] = field(default_factory=list)
    report: dict = field(default_factory=dict)


@contextlib.contextmanager
def staged(directory: Path, *, create: bool = False) -> Iterator[Path]:
    """A temporary folder inside ``directory`` to write files into; when the block ends
    without an error every file in it is moved into ``directory`` (replacing files of the same
    name), otherwise nothing is moved. Either way the temporary folder is removed, so a failure
    leaves the old files (or, in a folder made for them, nothing).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with staged(Path(folder)) as work:
    ...         _ = (work / "a.txt").write_text("new")
    ...     sorted(p.name for p in Path(folder).iterdir())
    ['a.txt']
    """
    directory = Path(directory)
    made = create and not directory.exists()
    try:
        if create:
            directory.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".kg-output.", dir=directory))
    except OSError as error:
        raise _cannot_write(directory, error) from error
    try:
        yield work
        written = sorted(work.iterdir())
        for path in written:
            if (directory / path.name).is_dir():
                raise KgError(
                    f"cannot write {path.name}: a folder of that name is in the way",
                    path=directory,
                    hint="remove or rename it, or choose another place with -o",
                )
        for path in written:
            os.replace(path, directory / path.name)
    except OSError as error:
        raise _cannot_write(directory, error) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if made and not any(directory.iterdir()):
            directory.rmdir()


def _cannot_write(directory: Path, error: OSError) -> KgError:
    return KgError(
        f"cannot write to {directory}: {error.strerror or error}",
        path=directory,
        hint="check that the folder exists and is writable, or choose another with -o",
    )


@collector_paused
def write_report(analysis: Analysis, directory: Path, *, triples: int) -> ReportFiles:
    """Write ``report.md``, ``report.json`` and ``map.html`` to ``directory`` (created if needed),
    all three or none.

    The same data gives byte-identical files: nothing depends on time or on set order.
    """
    report = build_report(analysis, triples=triples)
    names = ("report.md", "report.json", "map.html")
    with staged(directory, create=True) as work:
        (work / "report.md").write_text(render_markdown(report), encoding="utf-8")
        # Indented JSON is written by Python code, three times slower than the compact form
        # and several times its size in memory: past a few thousand actors, compact it is.
        indent = 2 if report["summary"]["actors"] < COMPACT_JSON_FROM else None
        (work / "report.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=indent) + "\n", encoding="utf-8"
        )
        write_map(analysis, work / "map.html")
    return ReportFiles(directory, [directory / name for name in names], report)
