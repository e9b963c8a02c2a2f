"""kg in a pipeline: an output given as ``-``, ``/dev/fd/1``, a pipe or a link is written
through (never replaced by a file of that name), what kg says about it goes to stderr, and
SIGTERM ends a command with nothing half-made left behind (status 143)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

#: each test runs kg as a program (some several times, or with signals): CI's tier
pytestmark = pytest.mark.slow
KG = str(Path(sys.executable).with_name("kg"))


def _kg(*args: str, cwd: Path, **options: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [KG, *args], cwd=cwd, capture_output=True, timeout=300, check=False, **options
    )


def _triples(turtle: bytes) -> int:
    return len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE)))


def test_synth_writes_turtle_to_stdout_and_says_so_on_stderr(tmp_path: Path):
    done = _kg("synth", "-n", "20", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert _triples(done.stdout) > 100  # Turtle only: the message would break it
    assert b"to stdout" in done.stderr
    assert not (tmp_path / "-").exists()  # no file called "-"


@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_import_writes_turtle_to_stdout(tmp_path: Path, output: str):
    """The summary on stderr, without "check them with: kg validate --data /dev/stdout", a
    command that could not read it."""
    import kg

    workbook = Path(kg.__file__).parent / "io" / "spreadsheet" / "files" / "example.xlsx"
    done = _kg("import", str(workbook), "-o", output, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert _triples(done.stdout) > 100
    assert done.stderr.decode().endswith(" triples to stdout\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "begins"),
    [
        (["synth", "-n", "20"], b"@prefix"),
        (["export", "-f", "nt"], b"# Data: kg"),
        (["export", "-f", "graphml"], b"<?xml"),
        (["map"], b"<!DOCTYPE html>"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_an_output_named_by_a_file_descriptor_is_written_through(
    tmp_path: Path, args: list[str], begins: bytes
):
    """`-o /dev/fd/1` (as `-o /dev/stdout`) writes the output into stdout, with the message
    on stderr; the name is not replaced by a file, and nothing is made beside it."""
    done = _kg(*args, "-o", "/dev/fd/1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert b"wrote " in done.stderr and b"wrote " not in done.stdout
    assert done.stdout.startswith(begins), done.stdout[:200]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_link_is_written_through_and_stays_a_link(tmp_path: Path):
    """An output that is a link (a published page kept elsewhere) gets the new file through
    the link; the link is not replaced by a file."""
    kept = tmp_path / "www"
    kept.mkdir()
    (kept / "map.html").write_text("old", encoding="utf-8")
    link = tmp_path / "map.html"
    link.symlink_to(kept / "map.html")
    done = _kg("map", "-o", "map.html", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert link.is_symlink()
    assert (kept / "map.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert b"wrote " in done.stdout  # a file, not stdout: the message is the command's output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "www"]


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path):
    pipe = tmp_path / "triples.nt"
    os.mkfifo(pipe)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(pipe.read_bytes()))
    reader.start()
    try:
        done = _kg("export", "-f", "nt", "-o", str(pipe), cwd=tmp_path)
    finally:
        if reader.is_alive() and not read:  # kg failed before opening it: let the reader go
            with pipe.open("wb"):
                pass
        reader.join(timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert pipe.is_fifo()
    assert len(read[0].splitlines()) > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["triples.nt"]


def test_csv_export_to_a_single_stream_is_refused(tmp_path: Path):
    """The network as CSV is three files: to a pipe or /dev/fd/1 it is a usage error."""
    done = _kg("export", "-f", "csv", "-o", "/dev/fd/1", cwd=tmp_path)
    assert done.returncode == 2
    assert b"csv writes three files" in done.stderr
    assert done.stdout == b""


@pytest.mark.parametrize("given", ["-", "pipe"])
def test_data_from_stdin_or_a_pipe_is_a_clear_error(tmp_path: Path, given: str):
    name = "-"
    if given == "pipe":
        name = str(tmp_path / "fifo")
        os.mkfifo(name)
    done = _kg("stats", "--no-bundled", "-d", name, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert b"kg reads data from files, not from standard input or a pipe" in done.stderr
    assert b"Traceback" not in done.stderr


def _wait_for(folder: Path, pattern: str, running: subprocess.Popen[bytes]) -> Path | None:
    """The first path in ``folder`` matching ``pattern`` while the command runs."""
    while running.poll() is None:
        found = sorted(folder.glob(pattern))
        if found:
            return found[0]
        time.sleep(0.01)
    return None


def test_sigterm_during_a_first_store_build_leaves_no_half_built_store(tmp_path: Path):
    """`kill` while a store is first built (a cron job's time limit): status 143, no
    traceback, no half-built folder; the next run builds it."""
    data = tmp_path / "city.ttl"
    assert _kg("synth", "-n", "1500", "-o", str(data), "-q", cwd=tmp_path).returncode == 0
    args = [KG, "stats", "--no-bundled", "-d", str(data), "--store", "store", "-q"]
    with subprocess.Popen(
        args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as running:
        building = _wait_for(tmp_path, ".store.*.loading", running)
        running.send_signal(signal.SIGTERM)
        status = running.wait(timeout=300)
        said = running.stderr.read()
    if building is None:  # pragma: no cover - the build ended before it was seen
        pytest.skip("the store was built before SIGTERM could be sent")
    assert status == 143, said.decode()
    assert b"Traceback" not in said
    assert not list(tmp_path.glob(".store.*"))
    assert not (tmp_path / "store").exists()
    again = _kg("stats", "--no-bundled", "-d", str(data), "--store", "store", "-q", cwd=tmp_path)
    assert again.returncode == 0, again.stderr.decode()


def test_sigterm_while_the_report_is_written_leaves_no_temporary_folder(tmp_path: Path):
    data = tmp_path / "city.ttl"
    assert _kg("synth", "-n", "300", "-o", str(data), "-q", cwd=tmp_path).returncode == 0
    (tmp_path / "report").mkdir()
    args = [KG, "report", "--no-bundled", "-d", str(data), "-o", "report", "-q"]
    with subprocess.Popen(
        args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as running:
        writing = _wait_for(tmp_path / "report", ".kg-output.*", running)
        running.send_signal(signal.SIGTERM)
        status = running.wait(timeout=300)
        said = running.stderr.read()
    if writing is None:  # pragma: no cover - the report was written before it was seen
        pytest.skip("the report was written before SIGTERM could be sent")
    assert b"Traceback" not in said
    if status == 143:  # stopped: nothing of it left
        assert list((tmp_path / "report").iterdir()) == []
    else:  # the signal came as the command ended: the whole report
        assert status == -signal.SIGTERM or status == 0, said.decode()
        assert (tmp_path / "report" / "report.json").exists()
    assert not list((tmp_path / "report").glob(".kg-output.*"))


def test_map_writes_the_page_to_stdout(tmp_path: Path):
    done = _kg("map", "-o", "-", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.startswith(b"<!DOCTYPE html>") and done.stdout.rstrip().endswith(b"</html>")
    assert b"wrote " in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_report_to_stdout_is_a_usage_error_not_a_folder_called_dash(tmp_path: Path):
    done = _kg("report", "-o", "-", "-q", cwd=tmp_path)
    assert done.returncode == 2
    assert b"a report is a folder of files" in done.stderr
    assert list(tmp_path.iterdir()) == []


def _stopped_as_it_is_made(make, named=lambda *args: True):
    """``make`` (tempfile.mkdtemp, os.open, Path.mkdir) with a SIGTERM arriving just after the
    system made the folder or file (the one ``named`` picks by ``make``'s arguments), before
    Python returns its name: as kg's handler does, the stop is raised at once unless a step
    holds it."""
    from kg.io.outputs import stop_when_finished

    def made(*args, **kwargs):
        name = make(*args, **kwargs)
        if named(*args):
            stop_when_finished(SystemExit(143))
        return name

    return made


def test_a_stop_as_the_temporary_folder_is_made_leaves_nothing(tmp_path: Path, monkeypatch):
    """SIGTERM in the instant between the system making a staging folder, a store's
    .loading folder or a file's temporary twin and kg knowing its name left it behind
    (seen once in a few runs of the report test above): its making holds the stop until
    the name is known, so it is removed."""
    import tempfile

    from kg.io import outputs, store
    from kg.io.files import input_files
    from kg.report import write

    monkeypatch.setattr(write.tempfile, "mkdtemp", _stopped_as_it_is_made(tempfile.mkdtemp))
    with pytest.raises(SystemExit), write.staged(tmp_path / "report", create=True):
        pytest.fail("the stop comes before the block")  # pragma: no cover
    assert not (tmp_path / "report").exists()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with pytest.raises(SystemExit), write.staged_file(Path("/dev/null")):
        pytest.fail("the stop comes before the block")  # pragma: no cover
    assert list((tmp_path / "tmp").iterdir()) == []
    (tmp_path / "tmp").rmdir()
    loading = _stopped_as_it_is_made(Path.mkdir, lambda path, *_: path.name.endswith(".loading"))
    with monkeypatch.context() as patched, pytest.raises(SystemExit):
        patched.setattr(Path, "mkdir", loading)
        store.open_or_build(tmp_path / "store", input_files())
    assert list(tmp_path.iterdir()) == []
    twin = _stopped_as_it_is_made(os.open, lambda name, *_: Path(name).name.startswith(".out."))
    with monkeypatch.context() as patched, pytest.raises(SystemExit):
        patched.setattr(outputs.os, "open", twin)
        outputs.atomic(tmp_path / "out.ttl", lambda stream: stream.write(b"x"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [["export", "-f", "nt"], ["synth", "-n", "20"], ["map"]],
    ids=" ".join,
)
def test_an_output_to_stdout_appended_to_a_file_keeps_what_was_there(tmp_path: Path, args):
    """`kg … -o /dev/stdout >> log` (a shell's append): on Linux /dev/stdout opened anew is
    the file itself, from its start, and truncated; the output goes to stdout as it is
    instead (the descriptor's place and append mode), after what the file held."""
    log = tmp_path / "log"
    log.write_bytes(b"# kept\n")
    with log.open("ab") as appended:
        done = subprocess.run(
            [KG, *args, "-o", "/dev/stdout", "-q"],
            cwd=tmp_path,
            stdout=appended,
            stderr=subprocess.PIPE,
            timeout=300,
            check=False,
        )
    assert done.returncode == 0, done.stderr.decode()
    written = log.read_bytes()
    assert written.startswith(b"# kept\n") and len(written) > 1000


def test_a_step_in_another_thread_does_not_hold_the_main_threads_stop():
    """SIGTERM's handler runs in the main thread: a file moved into place by another thread
    (a worker of kg serve, a caller's own thread) must not take its stop, which would be
    raised there, ending that thread and not the command."""
    from kg.io.outputs import finishing, stop_when_finished

    inside, leave, ended = threading.Event(), threading.Event(), []

    def step() -> None:
        try:
            with finishing():
                inside.set()
                leave.wait(timeout=60)
        except SystemExit as stop:  # pragma: no cover - the failure this test guards against
            ended.append(stop)

    worker = threading.Thread(target=step)
    worker.start()
    inside.wait(timeout=60)
    try:
        with pytest.raises(SystemExit):  # raised at once, in the main thread
            stop_when_finished(SystemExit(143))
    finally:
        leave.set()
        worker.join(timeout=60)
    assert ended == []


def test_a_stop_as_the_temporary_folder_of_stdout_is_made_leaves_nothing(
    tmp_path: Path, monkeypatch
):
    """`-o -` writes the output in a temporary folder first, then gives it on stdout: a
    SIGTERM as that folder is made leaves nothing in the temporary folders either."""
    import tempfile

    from kg.cli.outputs import output_file

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(tempfile, "mkdtemp", _stopped_as_it_is_made(tempfile.mkdtemp))
    with pytest.raises(SystemExit), output_file(Path("-")):
        pytest.fail("the stop comes before the block")  # pragma: no cover
    assert list(tmp_path.iterdir()) == []
