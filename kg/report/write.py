"""Write the report's files: report.md, report.html, report.json, the charts and the map; and
the way every output is written: into a temporary folder first, moved into place only when
complete, so a failure leaves the old files.

``report.json`` is what the report says; the other files are views of it in one language.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import kg.progress as progress
from kg.analysis.pipeline import Analysis
from kg.collector import collector_paused
from kg.errors import KgError, cannot_write, full
from kg.io.outputs import copy_into, finishing, scratch_folder, written_through
from kg.io.provenance import attribution
from kg.report.build import build_report
from kg.report.charts import CHARTS, chart_names, draw_charts, draw_narrow_charts
from kg.report.compose import CHART_ROWS, report_document
from kg.report.evidence import appendix_lists
from kg.report.html import render_html
from kg.report.i18n import catalog
from kg.report.markdown import document_markdown
from kg.web.map import map_nodes, write_map

#: From this many actors on, report.json is written without indentation (one line).
COMPACT_JSON_FROM = 5000


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote, and the data it wrote."""

    directory: Path
    files: list[Path] = field(default_factory=list)
    report: dict = field(default_factory=dict, repr=False)  # the whole report: too long to print

    @property
    def html(self) -> Path:
        """The report to open in a browser (and print)."""
        return self.directory / "report.html"

    @property
    def map(self) -> Path:
        """The interactive map."""
        return self.directory / "map.html"


@contextlib.contextmanager
def staged(directory: Path, *, create: bool = False) -> Iterator[Path]:
    """A temporary folder inside ``directory`` to write files into; when the block ends
    without an error every file in it (and in its subfolders) is moved into ``directory``
    (replacing files of the same name), otherwise nothing is moved. Either way the temporary
    folder is removed, so a failure leaves the old files (or, in a folder made for them,
    nothing).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with staged(Path(folder)) as work:
    ...         _ = (work / "a.txt").write_text("new")
    ...     sorted(p.name for p in Path(folder).iterdir())
    ['a.txt']
    """
    directory = Path(directory)
    # the folders made for this, deepest first, to remove again if nothing is moved into them
    made = [p for p in (directory, *directory.parents) if not p.exists()] if create else []
    work: Path | None = None
    try:
        with finishing():  # a stop waits until the folder is made and known, to be removed
            if create:
                directory.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".kg-output.", dir=directory))
        yield work
        written = sorted(p.relative_to(work) for p in work.rglob("*") if not p.is_dir())
        for name in written:
            _refuse_a_folder(directory, name)
        with finishing():  # all moved, or a stop waits: never half the files new
            for name in written:
                if written_through(directory / name):  # /dev/stdout, a link: never replaced
                    copy_into(work / name, directory / name)
                    continue
                (directory / name).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.replace(work / name, directory / name)
                except OSError as error:  # on Windows: a program has that file open
                    raise cannot_write(directory / name, error) from error
    except BrokenPipeError:
        raise  # the reader of /dev/stdout left: the command ends as SIGPIPE would
    except OSError as error:
        if _elsewhere(error, directory):  # reading an input in the block: not this folder's
            raise
        raise _cannot_write(directory, error) from error
    except KgError as error:  # a file of the staging folder named as it was to be named
        if work is not None and error.path is not None and work in error.path.parents:
            error.path = directory / error.path.relative_to(work)
        raise
    finally:
        with finishing():  # a stop (SIGTERM) waits until the temporary folder is gone
            if work is not None:
                shutil.rmtree(work, ignore_errors=True)
            _remove_empty(made)


@contextlib.contextmanager
def staged_file(output: Path) -> Iterator[Path]:
    """Where to write the one file ``output``: in a temporary folder, moved into place when
    the block ends without an error (see :func:`staged`), its folder made with its parents
    as ``kg report`` makes its own (removed again if nothing is written); a device, a pipe
    or a link (``/dev/stdout``, ``/dev/null``) is written through once the file is whole,
    never replaced, and nothing is made beside it."""
    output = Path(output)
    if not written_through(output):
        _refuse_a_folder(output.parent, output.name, given=True)
        with staged(output.parent, create=True) as work:
            yield work / output.name
        return
    try:
        with scratch_folder() as folder:
            yield folder / output.name
            copy_into(folder / output.name, output)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise cannot_write(output, error) from error


def _remove_empty(folders: list[Path]) -> None:
    """Remove ``folders`` (deepest first) while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _refuse_a_folder(directory: Path, name: Path | str, *, given: bool = False) -> None:
    """Refuse to write ``name`` over a folder of that name; ``given``: the name is the user's
    own output (``-o``), which may have meant a file in that folder."""
    if (directory / name).is_dir():
        raise KgError(  # no name: the folder itself was given (-o ., -o /)
            f"cannot write {str(name) or directory}: a folder of that name is in the way",
            path=directory,
            hint="the path is a folder: give the name of a file in it, or choose another "
            "place with -o"
            if given
            else "remove or rename it, or choose another place with -o",
        )


def _elsewhere(error: OSError, directory: Path) -> bool:
    """Whether ``error`` names a file outside ``directory`` (and its staging folder in it):
    one the block read, whose failure is not the output folder's.

    >>> _elsewhere(PermissionError(13, "Permission denied", "in/a.csv"), Path("out"))
    True
    """
    if not error.filename or not isinstance(error.filename, str | Path):
        return False
    named = Path(os.path.abspath(error.filename))
    folder = Path(os.path.abspath(directory))
    return named != folder and folder not in named.parents


def _cannot_write(directory: Path, error: OSError) -> KgError:
    # the folder itself, or the nearest of its parents that exists, when that is a file
    there = next((p for p in (directory, *directory.parents) if p.exists()), directory)
    if there.exists() and not there.is_dir():
        return KgError(
            "is a file, not a folder to write into",
            path=there,
            hint="choose another place with -o: a folder, new or existing, for kg report "
            "(-o report); a file in a folder for kg map and kg export",
        )
    return KgError(
        f"cannot write the folder: {error.strerror or error}",
        path=directory,
        hint=full(error, "check that the folder exists and is writable, or choose another with -o"),
    )


def _json(report: dict) -> bytes:
    """report.json in UTF-8, by orjson (15 times the json module's speed): indented by two
    spaces, and past :data:`COMPACT_JSON_FROM` actors on one line (at 10M triples 660 MB).
    Its integers fit orjson's 64 bits: a count larger than that is no xsd:integer the store
    reads, so the shapes refuse it."""
    import orjson

    option = orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE
    if report["summary"]["actors"] < COMPACT_JSON_FROM:
        option |= orjson.OPT_INDENT_2
    return orjson.dumps(report, option=option)


def require_writable(directory: Path, *, create: bool = False, file: str | None = None) -> None:
    """Fail now, before any work, where :func:`staged` (with the same ``create``) could not
    write into ``directory`` (or write ``file`` there) once the work is done. Nothing is left
    behind. A ``file`` written through (``/dev/stdout``) needs nothing of its folder."""
    if file is not None and written_through(Path(directory) / file):
        return
    with staged(directory, create=create):
        pass
    if file is not None:
        _refuse_a_folder(directory, file, given=True)


@collector_paused
def write_report(
    analysis: Analysis,
    directory: Path | str,
    *,
    triples: int,
    lang: str = "en",
    sections: dict | None = None,
    provenance: dict | None = None,
) -> ReportFiles:
    """Write ``report.md``, ``report.html``, ``report.json``, ``charts/*.svg`` and ``map.html``
    to ``directory`` (a Path or a str; created if needed), all or none, the text in ``lang``
    (``en`` or ``sv``); ``sections`` (a year's, a comparison) and ``provenance`` (what it was
    made from) go into the report as :func:`build_report` says.

    The same data gives byte-identical files: nothing depends on time or on set order.
    """
    catalog(lang)  # an unknown language fails before any work
    directory = Path(directory)
    report = build_report(analysis, triples=triples, sections=sections, provenance=provenance)
    with progress.step("Drawing {charts} charts", charts=len(chart_names(report))):
        charts = draw_charts(report, lang, rows=CHART_ROWS)
        # for report.html alone: charts/*.svg and the print are the wide ones
        narrow = draw_narrow_charts(report, lang, rows=CHART_ROWS)
    with progress.step("Composing report.md, report.html and report.json", total=4) as composing:
        # the committees the appendix links to their node on map.html (none where it does
        # not list them)
        on_map = map_nodes(analysis) if appendix_lists(report) else set()
        document = report_document(report, lang, on_map=on_map)
        composing.advance()
        markdown = document_markdown(document)
        composing.advance()
        html = render_html(document, charts, narrow)
        composing.advance()
        texts = {
            "report.md": markdown,
            "report.html": html,
            "report.json": _json(report),
            **{f"charts/{name}.svg": svg for name, svg in charts.items()},
        }
    with staged(directory, create=True) as work:
        with progress.step("Writing report.md, report.html and report.json"):
            (work / "charts").mkdir()
            for name, text in texts.items():
                if isinstance(text, bytes):
                    (work / name).write_bytes(text)
                else:
                    (work / name).write_text(text, encoding="utf-8")
        credit = attribution(report.get("provenance"), lang)
        write_map(analysis, work / "map.html", lang=lang, credit=credit, report="report.html")
    for name in {*CHARTS, "change"} - set(charts):  # an earlier run's (--compare), now stale
        (directory / "charts" / f"{name}.svg").unlink(missing_ok=True)
    return ReportFiles(directory, [directory / name for name in [*texts, "map.html"]], report)
