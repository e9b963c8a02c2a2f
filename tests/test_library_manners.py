"""kg inside a program that does more than kg: a service's thread pool, its own warning
filters, logging and files. A call leaves the process's settings as the program made them,
also those the program changes in another thread while kg runs."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest
import rdflib

try:
    import resource
except ImportError:  # pragma: no cover - not POSIX
    resource = None

import kg

MINE = "a filter the program added while kg read its data"


def _load_seen_open() -> threading.Thread:
    """kg.load() started in a thread, returned once its parse is seen under way (rdflib's
    setting kg changes while it reads)."""
    for _ in range(5):
        thread = threading.Thread(target=kg.load)
        thread.start()
        while rdflib.NORMALIZE_LITERALS and thread.is_alive():
            time.sleep(0.0005)
        if thread.is_alive():
            return thread
        thread.join()
    raise AssertionError("kg.load() ended each time before its parse could be seen")


def test_a_warning_filter_the_program_adds_while_kg_reads_stays():
    thread = _load_seen_open()
    try:
        warnings.filterwarnings("ignore", MINE)
    finally:
        thread.join()
    try:
        assert any(f[1] is not None and f[1].pattern == MINE for f in warnings.filters)
        assert rdflib.NORMALIZE_LITERALS
    finally:
        warnings.filters[:] = [f for f in warnings.filters if f[1] is None or f[1].pattern != MINE]


@pytest.mark.slow
@pytest.mark.parametrize("step", range(8))
def test_a_filter_another_thread_adds_as_kg_adds_its_own_stays(step: int):
    """Another thread may run between any two lines of kg's: a filter it adds at the
    ``step``-th line kg runs in adding its own stays, and kg's own are gone after. kg took the
    first filter after each of its filterwarnings for its own: the program's, when it came
    between, was removed and kg's left in place for the rest of the process."""
    from kg.io import literals

    code = literals._quieted.__code__
    lines = []

    def trace(frame, event, arg):  # sys.settrace's signature
        if frame.f_code is code and event == "line":
            lines.append(frame.f_lineno)
            if len(lines) == step + 1:
                warnings.filterwarnings("ignore", MINE)
        return trace if frame.f_code is code else None

    before = list(warnings.filters)
    sys.settrace(trace)
    try:
        kg.load(bundled=False)
    finally:
        sys.settrace(None)
    try:
        if len(lines) > step:  # the program's filter was added at that step
            assert next(f for f in warnings.filters if f not in before)[1].pattern == MINE
            assert len(warnings.filters) == len(before) + 1
        else:
            assert warnings.filters == before
    finally:
        warnings.filters[:] = [f for f in warnings.filters if f[1] is None or f[1].pattern != MINE]


@pytest.mark.slow
def test_rdflib_still_logs_the_programs_own_ill_typed_literal_after_kg_read(caplog):
    kg.load()
    with caplog.at_level(logging.WARNING, logger="rdflib.term"):
        rdflib.Literal("abc", datatype=rdflib.XSD.integer)
    assert "Failed to convert Literal lexical form" in caplog.text
    assert logging.getLogger("rdflib.term").filters == []


KITCHEN_SINK = Path(__file__).parent / "fixtures" / "kitchen_sink.ttl"
_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
import kg
fmt, path, data = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
graph = kg.load([data], bundled=False)
kg.export_rdf(graph, fmt, path)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size // 2, resource.RLIM_INFINITY))
try:
    kg.export_rdf(graph, fmt, path)
except kg.KgError as error:
    print(str(error).splitlines()[0])
"""


@pytest.mark.slow  # a process of its own, with a file size limit
@pytest.mark.skipif(resource is None, reason="file size limits are POSIX")
@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_an_export_that_fails_leaves_the_file_there_before_whole(tmp_path: Path, fmt: str):
    """(The kitchen sink's graph: an export of it too is past the limit, half its size.)"""
    path = tmp_path / f"malmo.{fmt}"
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, fmt, str(path), str(KITCHEN_SINK)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "cannot write" in done.stdout and str(path) in done.stdout
    graph = rdflib.Graph().parse(path, format="json-ld" if fmt == "jsonld" else fmt)
    assert len(graph) == len(kg.load([KITCHEN_SINK], bundled=False))
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.slow  # builds a store, under a profiler
def test_kg_writes_files_and_stores_as_the_umask_makes_them_and_never_sets_it(
    tmp_path: Path, kitchen_sink
):
    """A service keeping its files from other users (umask 027) gets kg's files and stores
    so too; kg never sets the umask to read it (a file another thread made in that moment
    would be open to everyone). (The kitchen sink's small graph: the files' size is not what
    this is about, and every step runs under the profiler.)"""
    umasks: list[object] = []

    def profile(frame: object, event: str, arg: object) -> None:
        if event == "c_call" and arg is os.umask:
            umasks.append(arg)

    before = os.umask(0o027)
    try:
        sys.setprofile(profile)
        try:
            kg.export_rdf(kitchen_sink, "ttl", tmp_path / "malmo.ttl")
            kg.export_spreadsheet(kitchen_sink, tmp_path / "malmo.xlsx")
            kg.Source(data=(KITCHEN_SINK,), bundled=False, store=tmp_path / "store").open()
        finally:
            sys.setprofile(None)
    finally:
        os.umask(before)
    assert umasks == []
    for name, mode in (("malmo.ttl", 0o640), ("malmo.xlsx", 0o640), ("store", 0o750)):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name


@pytest.mark.slow
def test_a_file_written_over_keeps_its_permissions(tmp_path: Path, bundled_graph):
    """kg.export_rdf wrote into the file before it wrote beside it and moved it: a file the
    user had made private (chmod 600) stayed private. Moved into place, it kept the umask's
    permissions instead (644), open to every user; it now keeps its own."""
    target = tmp_path / "malmo.ttl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    kg.export_rdf(bundled_graph, "ttl", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") != "old"


@pytest.mark.slow
def test_matplotlib_still_logs_to_the_program_after_kg_drew_its_charts(tmp_path: Path, caplog):
    """kg keeps matplotlib's warnings about its folder off the report's stderr while it
    imports matplotlib for the charts; a program's own use of matplotlib after a report
    still hears them (kg's filter was on matplotlib's logger from kg.report.write's import
    on)."""
    from kg.report.write import write_report

    source = kg.Source()
    write_report(kg.analyse(source.facts()), tmp_path / "report", triples=source.triples())
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        logging.getLogger("matplotlib").warning("%s is not a writable directory", tmp_path)
    assert "is not a writable directory" in caplog.text
    assert logging.getLogger("matplotlib").filters == []


@pytest.mark.slow
@pytest.mark.parametrize("on_disk", [False, True], ids=["memory", "store"])
def test_one_source_used_first_from_eight_threads_answers_as_one_thread(tmp_path, on_disk):
    """A service's pool shares one Source: eight threads reading it at once, before it was
    ever opened, get what one thread gets (the facts, a query's rows, the counts)."""
    from concurrent.futures import ThreadPoolExecutor

    def make() -> kg.Source:
        return kg.Source(store=tmp_path / "store") if on_disk else kg.Source()

    def read(source: kg.Source) -> tuple:
        rows = kg.query(source, "committees-lacking-sector", {"sector": "civil"})
        committees = sorted(str(row["committee"]) for row in rows)
        return repr(source.facts()), committees, kg.stats(source), source.triples()

    alone = read(make())
    shared = make()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: read(shared), range(8)))
    assert answers == [alone] * 8
