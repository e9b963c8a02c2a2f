"""On-disk stores under faults: concurrent first builds, killed builds, edits that keep size
and modification time, damaged manifests and damaged database files."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.io import store as store_module
from kg.io.source import Source
from kg.io.store import MANIFEST, open_or_build

pytestmark = pytest.mark.slow  # stores and subprocesses

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"
KG = [sys.executable, "-c", "from kg.cli import app; app()"]


def stats(*args: str) -> tuple[int, dict | str]:
    result = runner.invoke(app, ["stats", "--no-bundled", "--format", "json", *args])
    if result.exit_code:
        return result.exit_code, result.output
    return 0, json.loads(result.stdout)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic graph of about 65,000 triples."""
    path = tmp_path_factory.mktemp("synth") / "synth.ttl"
    result = runner.invoke(app, ["synth", "--actors", "2000", "--seed", "3", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


# ---------------------------------------------------------------- builds


def test_two_first_builds_of_one_store_take_turns(tmp_path: Path, monkeypatch):
    """The review's D4: two first builds raced; one died with "Corruption … MANIFEST"."""
    files = Source(data=(FIXTURES / "kitchen_sink.ttl",), bundled=False).files()
    directory = tmp_path / "store"
    builds: list[str] = []
    real_build = store_module._build

    def slow_build(*args: object) -> object:
        builds.append(threading.current_thread().name)
        time.sleep(1.0)  # the other opener arrives meanwhile
        return real_build(*args)

    monkeypatch.setattr(store_module, "_build", slow_build)
    sizes: dict[str, int] = {}

    def open_it() -> None:
        sizes[threading.current_thread().name] = len(open_or_build(directory, files)[0])

    threads = [threading.Thread(target=open_it, name=f"opener-{i}") for i in range(2)]
    threads[0].start()
    time.sleep(0.3)
    threads[1].start()
    for thread in threads:
        thread.join(60)
    assert len(builds) == 1, "the second opener waited and reopened the first one's store"
    assert len(set(sizes.values())) == 1 and len(sizes) == 2


def test_concurrent_first_builds_in_processes(tmp_path: Path, synthetic: Path):
    directory = tmp_path / "store"
    command = [*KG, "stats", "--no-bundled", "--data", str(synthetic), "--store", str(directory)]
    for _ in range(3):
        shutil.rmtree(directory, ignore_errors=True)
        runs = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)]
        runs.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        for run in runs:
            _, errors = run.communicate(timeout=300)
            assert run.returncode == 0, errors.decode()[-2000:]


def test_a_killed_build_leaves_nothing_behind_after_the_next_run(tmp_path: Path, synthetic: Path):
    """The review's D13: killed builds left .loading and .old folders for ever."""
    directory = tmp_path / "store"
    command = [*KG, "stats", "--no-bundled", "--data", str(synthetic), "--store", str(directory)]
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".store.*.loading")) and time.monotonic() < deadline:
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)
    build.wait()
    left = list(tmp_path.glob(".store.*.loading"))
    assert left, "the kill landed during the build"
    (tmp_path / ".store.abcd_123.old").mkdir()  # as a kill during a --reload swap leaves
    (tmp_path / ".store-other.abcd_123.loading").mkdir()  # another store's: not ours
    code, counts = stats("--data", str(synthetic), "--store", str(directory))
    assert code == 0 and counts["actors"] == 2000
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store-other.abcd_123.loading", "store"]


# ---------------------------------------------------------------- freshness


def test_an_edit_keeping_size_and_mtime_is_seen(tmp_path: Path):
    """The review's D12: a same-size edit with the mtime restored served stale counts."""
    data = tmp_path / "data.ttl"
    shutil.copy(FIXTURES / "kitchen_sink.ttl", data)
    directory = tmp_path / "store"
    code, before = stats("--data", str(data), "--store", str(directory))
    assert code == 0
    info = data.stat()
    text = data.read_text(encoding="utf-8")
    edited = text.replace("kg:Association ;", "kg:Company     ;", 1)
    assert edited != text and len(edited) == len(text)
    data.write_text(edited, encoding="utf-8")
    os.utime(data, ns=(info.st_atime_ns, info.st_mtime_ns))
    code, after = stats("--data", str(data), "--store", str(directory))
    assert code == 0
    assert after == stats("--data", str(data))[1], "the store was rebuilt from the edit"
    assert after["classes"] != before["classes"]


def test_a_copy_with_the_same_content_is_not_rebuilt(tmp_path: Path, monkeypatch):
    data = tmp_path / "data.ttl"
    shutil.copy(FIXTURES / "kitchen_sink.ttl", data)
    directory = tmp_path / "store"
    assert stats("--data", str(data), "--store", str(directory))[0] == 0
    data.unlink()
    shutil.copy2(FIXTURES / "kitchen_sink.ttl", data)  # a new inode, the same bytes

    def no_build(*args: object) -> None:
        raise AssertionError("rebuilt")

    monkeypatch.setattr(store_module, "_build", no_build)
    assert stats("--data", str(data), "--store", str(directory))[0] == 0


# ---------------------------------------------------------------- damage


@pytest.fixture(scope="module")
def kitchen_sink_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The kitchen sink and a store built of it, once: copy the store before changing it."""
    data = FIXTURES / "kitchen_sink.ttl"
    directory = tmp_path_factory.mktemp("kitchen-sink") / "store"
    assert stats("--data", str(data), "--store", str(directory))[0] == 0
    return data, directory


@pytest.fixture
def built(kitchen_sink_store: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A store of the kitchen sink of this test's own (a copy: kg reopens it as it is)."""
    data, pristine = kitchen_sink_store
    directory = tmp_path / "store"
    shutil.copytree(pristine, directory)
    return data, directory


@pytest.mark.parametrize(
    "manifest",
    ["[]", '{"layout": 3, "files": "x"}', '{"layout": 3, "files": [1, 2]}', '"x"', "{"],
)
def test_a_damaged_manifest_is_a_message_with_the_reload_hint(built, manifest: str):
    """The review's D11: a manifest of the wrong shape gave a traceback."""
    data, directory = built
    (directory / MANIFEST).write_text(manifest, encoding="utf-8")
    code, output = stats("--data", str(data), "--store", str(directory))
    assert code == 3 and "damaged" in output and "--reload" in output
    assert "Traceback" not in output
    assert stats("--data", str(data), "--store", str(directory), "--reload")[0] == 0


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A synthetic graph of 1,000 actors and a store built of it, once: each test damages a
    copy of the store (kg reopens a copied store as it is)."""
    folder = tmp_path_factory.mktemp("damaged")
    synthetic = folder / "s.ttl"
    made = runner.invoke(app, ["synth", "--actors", "1000", "--seed", "1", "-o", str(synthetic)])
    assert made.exit_code == 0, made.output
    directory = folder / "store"
    assert stats("--data", str(synthetic), "--store", str(directory))[0] == 0
    return synthetic, directory


def _corrupt(directory: Path) -> None:
    """Flip 16 bytes a tenth of the way into every table file, as the review did to the
    largest (on this graph that made the engine collect errors without end: 24 GB in the
    review); every file, so that each command meets the damage whichever indexes it reads."""
    for table in (directory / "oxigraph").glob("*.sst"):
        data = bytearray(table.read_bytes())
        start = len(data) // 10
        for i in range(start, start + 16):
            data[i] ^= 0x5A
        table.write_bytes(bytes(data))


def _limited() -> None:
    # A guard on the test itself: the review saw this query reach 24 GB.
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, resource.RLIM_INFINITY))


@pytest.mark.parametrize(
    "command",
    [["stats"], ["validate"], ["query", "-"], ["gaps"]],
    ids=lambda c: c[0],
)
def test_a_damaged_database_is_a_message_with_the_reload_hint(
    tmp_path: Path, synthetic_store: tuple[Path, Path], command
):
    """The review's D3: tracebacks, and kg query allocating until the kernel killed it."""
    synthetic, pristine = synthetic_store
    directory = tmp_path / "store"
    shutil.copytree(pristine, directory)
    _corrupt(directory)
    done = subprocess.run(
        [*KG, *command, "--no-bundled", "--data", str(synthetic), "--store", str(directory)],
        # kg query reads every triple, so that it meets the damage wherever it is
        input="SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "KG_MAX_MEMORY": "1500"},
        preexec_fn=_limited,
    )
    assert done.returncode == 3, done.stderr[-2000:]
    assert "--reload" in done.stderr and "Traceback" not in done.stderr
