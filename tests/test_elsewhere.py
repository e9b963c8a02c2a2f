"""kg on macOS and Windows, simulated on Linux (tests/helpers/elsewhere.py takes away /proc,
/sys, os.sched_getaffinity and, for Windows, fcntl, resource, SIGHUP and the like): the
commands run there as here, or say once what they do without."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path, PureWindowsPath

import pytest
from helpers.elsewhere import run_kg, start_kg
from helpers.serving import FIXTURE, RUNAWAY, http, triples_served
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.encoding import plainly
from kg.errors import translated
from kg.io.folderlock import UNLOCKED_LEFTOVER_AGE
from kg.io.given import web_address
from kg.io.outputs import replace_folder
from kg.machine import limits_memory, peak_memory, physical_memory, resident_memory
from kg.web.workers import NO_MEMORY_LIMIT, limit_memory

SYSTEMS = ["mac", "windows"]


@pytest.mark.slow
@pytest.mark.parametrize("system", SYSTEMS)
def test_validate_runs_without_linux_s_cpu_affinity(tmp_path, system):
    """kg validate checks its shapes in threads, as many as the cores: counted without
    os.sched_getaffinity, which macOS and Windows lack (it stopped every validation there)."""
    done = run_kg(system, "validate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "the data conforms" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("system", SYSTEMS)
def test_the_quick_start_s_report_is_written(tmp_path, system, bundled_report):
    """The README's first command, ``kg report -o report``, writes the same report there as
    here (the session's report of the bundled data, made once)."""
    done = run_kg(system, "report", "-o", "report", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    here, _ = bundled_report()
    there = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    same = json.loads((here / "report.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in there.items() if k != "provenance"} == {
        k: v for k, v in same.items() if k != "provenance"
    }
    assert (tmp_path / "report" / "map.html").stat().st_size > 0


@pytest.mark.slow
@pytest.mark.parametrize("system", SYSTEMS)
def test_kg_serve_says_once_that_its_memory_limit_is_linux_s_and_serves(tmp_path, system):
    """The workers cap their memory with RLIMIT_AS over the size /proc gives: there, a
    worker stopped at ``import resource`` (Windows) or went on without a word (macOS); now
    kg serve says once that it serves without the limit, answers, and still stops a query
    past --timeout by ending its worker (spawned, as Windows and macOS start them). On
    Windows, whose event loop has no ``add_reader``, no query was answered (timed out)."""
    server = start_kg(
        system,
        *("serve", "--port", "0", "--workers", "1", "--timeout", "2", "--no-bundled"),
        *("--data", str(FIXTURE)),
        cwd=tmp_path,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+/)sparql", first)
        assert found, first + (server.stderr.read() if server.poll() is not None else "")
        url = found.group(1)
        assert triples_served(url) > 1000
        status, _, body = http(url + "sparql", params={"query": RUNAWAY}, timeout=60)
        assert status == 503, body
        assert triples_served(url) > 1000  # a new worker took the killed one's place
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
        said = server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(30)
        server.stdout.close()
        server.stderr.close()
    assert said.count(NO_MEMORY_LIMIT) == 1
    assert "Traceback" not in said


@pytest.mark.slow
def test_a_query_waiting_on_windows_holds_none_of_the_threads_that_render_pages(monkeypatch):
    """Windows' event loop cannot watch a worker's pipe: a thread waits on it, up to the
    timeout. Those threads were the loop's default executor's (a few more than the cores), which
    also checks queries and renders pages (asyncio.to_thread): with as many long queries as
    it has threads, pages and replies waited for the queries' timeout. The pool has its own
    threads now, one a worker, and stops them as it closes."""
    import asyncio
    import asyncio.selector_events
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import pyoxigraph as ox

    from kg.web.admission import Limits, Pool
    from kg.web.workers import payload_of

    def no_reader(self, fd, callback, *args):
        raise NotImplementedError  # as Windows' event loop (Proactor) has it

    monkeypatch.setattr(asyncio.selector_events.BaseSelectorEventLoop, "add_reader", no_reader)
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    pool = Pool(payload_of(store, None), workers=1, quick_workers=0, limits=Limits(timeout=20))
    pool.start()
    job = (RUNAWAY, None, [], ([], []), "http://127.0.0.1/sparql")

    async def a_page_while_the_query_waits() -> bytes:
        loop = asyncio.get_running_loop()
        # the default executor's threads all taken, as by one long query a thread before
        loop.set_default_executor(ThreadPoolExecutor(1))
        query = asyncio.ensure_future(pool.run(job))
        while pool.ready:  # until a worker has the query
            await asyncio.sleep(0.05)
        await asyncio.sleep(1)  # and its wait on the pipe has begun
        await asyncio.to_thread(str, "a page")  # what kg serve renders a page with
        pool.stopping()  # answers the query now if it is still waiting (not past its timeout)
        return (await query).body

    try:
        said = asyncio.run(a_page_while_the_query_waits()).decode()
    finally:
        pool.close()
    assert "shutting down" in said and "time limit" not in said
    assert not [t for t in threading.enumerate() if t.name.startswith("kg-exchange")]


def test_the_memory_limit_is_linux_s_and_kept_here():
    """On Linux the workers' cap is there (and the warning is not said)."""
    assert limits_memory()


def test_a_worker_without_resource_caps_nothing_and_goes_on(monkeypatch):
    """Without the module ``resource`` (Windows) a worker's cap is None, not an ImportError
    that ended every worker as it started."""
    monkeypatch.setitem(sys.modules, "resource", None)
    assert not limits_memory()
    assert limit_memory(64) is None


@pytest.mark.parametrize(
    "option", [["gaps", "--data"], ["validate", "--sources"], ["stats", "--store"]], ids=str
)
def test_a_web_address_as_windows_pathlib_gives_it_is_refused_as_one(option, tmp_path, monkeypatch):
    """Windows' pathlib turns ``https://example.org/malmo.ttl`` into
    ``https:\\example.org\\malmo.ttl``; kg took that for a file's name (not found) rather
    than saying it never downloads. A usage error (2) wherever it is given."""
    monkeypatch.chdir(tmp_path)  # before, kg stats --store made a folder of that name
    given = str(PureWindowsPath("https://example.org/data/malmo.ttl"))
    said = CliRunner().invoke(app, [*option, given])
    assert said.exit_code == 2, said.output
    text = " ".join(said.stderr.split())
    assert "web address" in text
    assert "https://example.org/data/malmo.ttl" in text


@pytest.mark.parametrize("given", ["C:\\data\\malmo.ttl", "C:/data", "c:data"])
def test_a_windows_path_with_a_drive_is_not_a_web_address(given):
    assert web_address(PureWindowsPath(given)) is None
    assert web_address(given) is None


def _held_open(*names: str):
    """A rename or replace that fails, for a path named ``names``, as Windows fails it while
    another program has that file or folder open (PermissionError, winerror 32)."""

    def refuse(source, target):
        if Path(source).name in names or Path(target).name in names:
            error = PermissionError(
                13,
                "The process cannot access the file because it is being used by another process",
                str(source),
            )
            error.winerror = 32  # Windows' own number, which Python sets there
            raise error

    return refuse


def _mounted(source, target):
    """A rename that fails as Linux fails it for a folder that is a mount point."""
    if Path(source).name == "store" or Path(target).name == "store":
        raise OSError(errno.EBUSY, "Device or resource busy", str(source))


@pytest.mark.parametrize(
    ("refuse", "hint"),
    [
        (_held_open("store"), "stäng de program som har datalagret öppet (kg serve"),
        (_mounted, "kontrollera att det går att skriva i mappen där datalagret ligger"),
    ],
    ids=["windows", "linux"],
)
def test_a_store_in_use_is_kept_and_said_not_an_internal_error(tmp_path, monkeypatch, refuse, hint):
    """Rebuilding a store that kg serve or a notebook holds open: Windows refuses to move
    its folder aside. Before, "internal error: PermissionError … report it"; now the store
    is kept as it was, kg says what to stop, and exits 3. Elsewhere (a mount point, a folder
    that cannot be written) the hint said to stop programs and named Windows: it now says
    what to check there."""
    store = tmp_path / "store"
    assert CliRunner().invoke(app, ["stats", "--store", str(store)]).exit_code == 0
    rename = Path.rename

    def held(self, target):
        refuse(self, target)
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", held)
    said = CliRunner().invoke(app, ["stats", "--store", str(store), "--reload", "--lang", "sv"])
    assert said.exit_code == 3, said.output
    text = " ".join(said.stderr.split())
    assert f"fel: {store}: kan inte ersätta datalagret:" in text
    assert hint in text
    assert "och kör igen; det befintliga datalagret lämnas orört" in text
    assert ("Windows" in text) == (refuse is not _mounted)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no build left beside it
    monkeypatch.setattr(Path, "rename", rename)
    assert CliRunner().invoke(app, ["stats", "--store", str(store)]).exit_code == 0


def test_a_folder_that_cannot_be_moved_in_leaves_the_old_one(tmp_path, monkeypatch):
    """Where the new folder cannot take the old one's place, the old one is moved back."""
    new, old = tmp_path / "new", tmp_path / "store"
    new.mkdir()
    old.mkdir()
    (old / "kept").write_text("old", encoding="utf-8")
    rename = Path.rename

    def second_fails(self, target):
        if self == new:
            raise PermissionError(13, "Access is denied", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", second_fails)
    with pytest.raises(PermissionError):
        replace_folder(new, old)
    assert (old / "kept").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "store"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "held"),
    [
        (["export", "-f", "csv-excel", "-o", "{out}/actors.csv"], "actors.csv"),
        (["report", "-o", "{out}", "-q"], "report.md"),  # the same, after a whole report
    ],
    ids=["export", "report"],
)
def test_a_file_open_in_another_program_is_named_with_what_to_do(tmp_path, monkeypatch, args, held):
    """Excel holds a CSV open, Word a report.md: Windows refuses to replace it. kg names the
    file and says to close it (before: "check that the folder exists and is writable")."""
    replace = os.replace
    refuse = _held_open(held)

    def held_open(source, target):
        refuse(source, target)
        return replace(source, target)

    monkeypatch.setattr(os, "replace", held_open)
    said = CliRunner().invoke(app, [a.format(out=tmp_path / "out") for a in args])
    assert said.exit_code == 2, said.output
    text = " ".join(said.stderr.split())
    assert f"{tmp_path / 'out' / held}: cannot write the file" in text
    assert "close the file in the program that has it open (Excel, a PDF reader)" in text
    swedish = CliRunner().invoke(
        app, [*(a.format(out=tmp_path / "out") for a in args), "--lang", "sv"]
    )
    text = " ".join(swedish.stderr.split())
    assert f"{tmp_path / 'out' / held}: kan inte skriva filen" in text
    assert "stäng filen i programmet som har den öppen (Excel, en PDF-läsare) och kör igen" in text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("system", "code", "said"),
    [
        ("mac", 3, "kg stopped: it was using"),
        ("windows", 0, "warning: KG_MAX_MEMORY is not kept here"),
    ],
)
def test_the_memory_guard_without_proc(tmp_path, system, code, said):
    """Without /proc the guard read nothing and stopped nothing, KG_MAX_MEMORY or not: on
    macOS it now reads the process's peak size (past the limit as soon as the size is); on
    Windows, where kg cannot read its size, KG_MAX_MEMORY is said once not to be kept."""
    done = run_kg(system, "gaps", "-q", cwd=tmp_path, env={"KG_MAX_MEMORY": "20"})
    assert done.returncode == code, done.stderr
    assert done.stderr.count(said) == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([], "varning: KG_MAX_MEMORY har ingen verkan här"),
        (["--lang", "en"], "warning: KG_MAX_MEMORY is not kept here"),
    ],
    ids=["folder", "asked"],
)
def test_windows_says_kg_max_memory_is_not_kept_in_the_data_folder_s_language(tmp_path, args, said):
    """The warning was said as the command started, before kg.toml's lang was read: in
    English on a Swedish data folder. It is said once that is known, in that language (and
    in --lang's where given)."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "facts.ttl").write_bytes(FIXTURE.read_bytes())
    (folder / "kg.toml").write_text('city = "Sjöstad"\nlang = "sv"\n', encoding="utf-8")
    command = ["gaps", "-q", "--no-bundled", "--data", str(folder), *args]
    done = run_kg("windows", *command, cwd=tmp_path, env={"KG_MAX_MEMORY": "20"})
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(said) == 1
    assert done.stderr.count("KG_MAX_MEMORY") == 1


def test_the_memory_warnings_read_as_swedish():
    """What kg serve (no worker limit) and the guard (KG_MAX_MEMORY not kept) say, worded in
    Swedish as they are said with --lang sv: kg's own words, no "tjänar" for "serves"."""
    from kg.cli.memory import NO_GUARD

    assert translated(NO_MEMORY_LIMIT, "sv") == (
        "varning: minnesgränsen för varje arbetsprocess för frågor (--memory) fungerar bara på "
        "Linux: kg serve körs här utan den, och en fråga som behöver mer minne än datorn har "
        "stoppas inte av kg; ange få --workers, eller kör kg serve på Linux"
    )
    assert translated(NO_GUARD, "sv") == (
        "varning: KG_MAX_MEMORY har ingen verkan här: kg kan bara mäta sin egen "
        "minnesanvändning på Linux och macOS, så ett kommando som behöver mer minne än datorn "
        "har stoppas inte av kg"
    )


@pytest.mark.slow
def test_windows_says_nothing_of_memory_unasked(tmp_path):
    done = run_kg("windows", "gaps", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_the_limit_without_proc_is_three_quarters_of_the_machine_s_memory(monkeypatch):
    """macOS has no MemAvailable to read: the guard's limit is 3/4 of the machine's memory."""
    import kg.cli.memory as memory

    def no_proc() -> int:
        raise FileNotFoundError(2, "No such file or directory", "/proc/self/statm")

    monkeypatch.delenv("KG_MAX_MEMORY", raising=False)
    monkeypatch.setattr(memory, "available_memory", lambda: None)
    monkeypatch.setattr(memory, "resident_memory", no_proc)
    assert memory.memory_limit() == physical_memory() * 3 // 4
    assert memory._reader() is peak_memory
    now = resident_memory()  # the peak so far is about the size now, in bytes as it is
    assert now // 2 < peak_memory() < now * 2


def test_every_text_file_kg_opens_names_its_encoding():
    """A text file opened without ``encoding=`` is cp1252 on Windows (kg's files are
    Swedish UTF-8): ruff's rule PLW1514 (a preview rule, so asked for alone) finds none."""
    ruff = Path(sys.executable).with_name("ruff")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [str(ruff), "check", "--preview", "--select", "PLW1514", "kg", "scripts", "bench"],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert done.returncode == 0, done.stdout


@pytest.mark.slow
def test_every_read_text_and_write_text_names_its_encoding():
    """PLW1514 finds ``open`` and a ``Path`` it knows to be one, not ``(folder / name)
    .read_text()``: bench/import_bench.py wrote its kg.toml (a Swedish city's name) in the
    system's encoding, which kg then read as UTF-8. Every read_text and write_text in kg, its
    scripts, benchmarks and tests names one."""
    import ast

    root = Path(__file__).resolve().parents[1]
    missing = []
    for top in ("kg", "scripts", "bench", "tests"):
        for path in sorted((root / top).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                needs = {"read_text": 1, "write_text": 2}.get(node.func.attr)
                named = any(k.arg == "encoding" for k in node.keywords)
                if needs is not None and not named and len(node.args) < needs:
                    missing.append(f"{path.relative_to(root)}:{node.lineno}")
    assert missing == []


@pytest.mark.slow
def test_without_a_lock_a_build_under_way_is_not_taken_for_a_leftover(tmp_path, monkeypatch):
    """Windows has no fcntl, so no lock on the store's folder: a build folder beside the
    store may be another command's build under way, and removing it (as under the lock)
    would break that build. Without the lock only those a day old are removed."""
    monkeypatch.setitem(sys.modules, "fcntl", None)
    store = tmp_path / "store"
    fresh, stale = tmp_path / ".store.fresh123.loading", tmp_path / ".store.stale123.old"
    fresh.mkdir()
    stale.mkdir()
    day_ago = time.time() - UNLOCKED_LEFTOVER_AGE - 60
    os.utime(stale, (day_ago, day_ago))
    said = CliRunner().invoke(app, ["stats", "--store", str(store), "-q"])
    assert said.exit_code == 0, said.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "store"]
    monkeypatch.delitem(sys.modules, "fcntl")  # Linux again: under the lock, every one
    said = CliRunner().invoke(app, ["stats", "--store", str(store), "-q"])
    assert said.exit_code == 0, said.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_without_a_lock_an_entry_that_cannot_be_read_keeps_no_leftover(tmp_path):
    """Without the lock each entry beside the store was read for its age, whatever its name,
    and the first that could not be (a link to nothing) ended the removal of every leftover
    after it. Only a build folder's name leads to its age now."""
    from kg.io.folderlock import remove_leftovers

    for number in range(50):
        (tmp_path / f"gone{number}").symlink_to(tmp_path / f"nothing{number}")
    stale = tmp_path / ".store.stale123.old"
    stale.mkdir()
    day_ago = time.time() - UNLOCKED_LEFTOVER_AGE - 60
    os.utime(stale, (day_ago, day_ago))
    remove_leftovers(tmp_path / "store", alone=False)
    assert not stale.exists()


@pytest.mark.parametrize(
    ("platform", "asked"),
    [("linux", "set LC_ALL=C.UTF-8"), ("darwin", "set LC_ALL=C.UTF-8"), ("win32", "PYTHONUTF8=1")],
)
def test_the_note_on_a_plain_terminal_says_what_to_set_on_that_system(monkeypatch, platform, asked):
    """A console in cp1252 or cp437 gets ASCII and a note; Windows has no LC_ALL, so there the
    note names Python's UTF-8 mode, in English and Swedish."""
    monkeypatch.setattr(sys, "platform", platform)
    said = plainly("cp1252")
    assert said.startswith("the terminal's encoding (cp1252) lacks some of the characters")
    assert asked in said
    swedish = translated(said, "sv")
    assert swedish.startswith("terminalens teckenkodning (cp1252) saknar")
    assert asked.replace("set ", "sätt ") in swedish


@pytest.mark.slow
def test_every_text_file_is_checked_out_with_lf_on_windows_too():
    """Git for Windows checks text out with CRLF by default (core.autocrlf): the bundled
    data's digest (data_sha256, which a citation names) differed from Linux's for the same
    data. .gitattributes keeps LF for every text file."""
    root = Path(__file__).resolve().parents[1]
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "--eol"], capture_output=True, text=True, cwd=root, check=True
    ).stdout.splitlines()
    text = [line for line in listed if line.startswith("i/lf")]
    assert len(text) > 100
    assert [line for line in text if "eol=lf" not in line] == []


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "write a Windows path in single quotes, sources = 'C:\\data\\sources'"),
        ("sv", "skriv en Windows-sökväg inom enkla citattecken, sources = 'C:\\data\\sources'"),
    ],
)
def test_a_windows_path_in_kg_toml_s_double_quotes_is_explained(tmp_path, lang, said):
    """A Windows user writes sources = "C:\\data\\sources" in kg.toml: TOML takes the \\ for
    an escape. kg named the line and column, with a hint that said nothing of the path."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "facts.ttl").write_bytes(FIXTURE.read_bytes())
    settings = 'city = "Sjöstad"\r\nsources = "C:\\data\\sources"\r\n'  # as Notepad saves it
    (folder / "kg.toml").write_bytes(settings.encode("utf-8"))
    done = CliRunner().invoke(app, ["gaps", "--no-bundled", "--data", str(folder), "--lang", lang])
    assert done.exit_code == 2, done.output
    text = " ".join(done.stderr.split())
    assert f"{folder / 'kg.toml'}:" in text
    assert "(at line 2, column" in text
    assert said in text


@pytest.mark.parametrize(
    ("path", "lang", "said"),
    [
        ("C:\\Users\\anna\\kg", "en", "(at line 2, column"),  # \U: eight hex digits wanted
        ("C:\\new\\tests", "en", "sources = 'C:\\new\\tests' holds a control character"),
        ("C:\\new\\tests", "sv", "sources = 'C:\\new\\tests' innehåller ett styrtecken"),
    ],
)
def test_every_windows_path_in_kg_toml_s_double_quotes_gets_the_hint(tmp_path, path, lang, said):
    """C:\\Users\\… (TOML's \\U wants eight hex digits: "Invalid hex value") had the
    general hint, and C:\\new\\tests was read without a word as a newline and a tab, the
    folder then said not to exist. Both name the value and say how to write the path."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "facts.ttl").write_bytes(FIXTURE.read_bytes())
    settings = f'city = "Sjöstad"\r\nsources = "{path}"\r\n'
    (folder / "kg.toml").write_bytes(settings.encode("utf-8"))
    done = CliRunner().invoke(app, ["gaps", "--no-bundled", "--data", str(folder), "--lang", lang])
    assert done.exit_code == 2, done.output
    text = " ".join(done.stderr.split())
    assert f"{folder / 'kg.toml'}:" in text and said in text
    hint = "tips: i TOML inleder \\ en escape" if lang == "sv" else "hint: in double quotes TOML"
    assert hint in text
