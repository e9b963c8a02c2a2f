"""kg on a small machine: the memory it sees (a control group's limit, ``ulimit -v``), the
message when that runs out, and kg serve's workers sized to what is free."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.machine import available_memory, cgroup_memory, system_memory
from kg.web.workers import DEFAULT_MEMORY, worker_memory

KG = [sys.executable, "-c", "from kg.cli import app; app()"]
MIB = 1 << 20
runner = CliRunner()


def _group(root: Path, path: str, files: dict[str, str]) -> None:
    folder = root.joinpath(*path.strip("/").split("/")) if path.strip("/") else root
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_a_cgroup_v2_limit_is_what_it_leaves_its_page_cache_counted_free(tmp_path: Path):
    membership = tmp_path / "cgroup"
    membership.write_text("0::/system.slice/kg.service\n", encoding="utf-8")
    _group(tmp_path, "system.slice", {"memory.max": "max\n", "memory.current": "999\n"})
    _group(
        tmp_path,
        "system.slice/kg.service",
        {
            "memory.max": f"{2048 * MIB}\n",
            "memory.current": f"{700 * MIB}\n",
            "memory.stat": f"anon 1\ninactive_file {200 * MIB}\n",
        },
    )
    assert cgroup_memory(tmp_path, membership) == (2048 - 500) * MIB


def test_a_parent_groups_tighter_limit_wins(tmp_path: Path):
    membership = tmp_path / "cgroup"
    membership.write_text("0::/machine/vm\n", encoding="utf-8")
    _group(tmp_path, "machine", {"memory.max": f"{1024 * MIB}", "memory.current": f"{24 * MIB}"})
    _group(tmp_path, "machine/vm", {"memory.max": "max", "memory.current": f"{24 * MIB}"})
    assert cgroup_memory(tmp_path, membership) == 1000 * MIB


def test_a_cgroup_v1_limit_and_no_limit(tmp_path: Path):
    membership = tmp_path / "cgroup"
    membership.write_text("12:cpu,cpuacct:/\n4:memory:/docker/abc\n", encoding="utf-8")
    files = {"memory.limit_in_bytes": str(1536 * MIB), "memory.usage_in_bytes": str(536 * MIB)}
    _group(tmp_path / "memory", "docker/abc", files)
    assert cgroup_memory(tmp_path, membership) == 1000 * MIB
    unlimited = {"memory.limit_in_bytes": "9223372036854771712", "memory.usage_in_bytes": "5"}
    _group(tmp_path / "memory", "docker/abc", unlimited)
    assert cgroup_memory(tmp_path, membership) is None
    assert cgroup_memory(tmp_path, tmp_path / "missing") is None


def test_available_memory_is_never_more_than_the_system_says():
    system, available = system_memory(), available_memory()
    if system is None:
        pytest.skip("no /proc/meminfo here")
    assert available is not None and 0 < available <= system


def test_kg_serve_workers_take_2048_mib_on_a_big_machine_and_less_on_a_small_one():
    assert worker_memory(None, 2, 24_000) == (DEFAULT_MEMORY, None)
    assert worker_memory(None, 2, 1_700) == (283, None)  # half of 1,700 MiB for 3 workers
    assert worker_memory(None, 8, 100)[0] == 64  # never below 64
    assert worker_memory(512, 2, 24_000) == (512, None)
    asked, warning = worker_memory(2048, 2, 1_700)
    assert asked == 2048 and "--memory" in warning and "283 fits" in warning
    # what is more than the machine has is the workers' sum, not one worker's 2048
    assert "6,144 MiB together, more than the 1,700 MiB" in warning
    from kg.errors import translated

    swedish = translated(f"warning: {warning}", "sv")
    # the numbers grouped as Swedish writes them, by a narrow no-break space
    assert "6\u202f144 MiB tillsammans, mer än de 1\u202f700 MiB" in swedish, swedish
    assert "283 räcker" in swedish and "2\u202f048 MiB utöver" in swedish


def test_kg_serve_help_says_the_memory_default_depends_on_the_machine():
    result = runner.invoke(app, ["serve", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "Default: 2048, or less where the machine has less free" in " ".join(
        result.output.split()
    )


def _run(args: list[str], cwd: Path, env: dict | None = None):
    return subprocess.run(
        [*KG, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_ulimit_v_is_the_memory_kg_sees(tmp_path: Path):
    code = "import kg.machine as m; print(m.available_memory() >> 20)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: __import__("resource").setrlimit(
            __import__("resource").RLIMIT_AS, (1 << 30, 1 << 30)
        ),
    )
    assert done.returncode == 0, done.stderr
    assert 0 < int(done.stdout) < 1024


@pytest.mark.slow
def test_a_graph_too_big_for_the_memory_stops_with_kgs_message_and_leaves_nothing(
    tmp_path: Path,
):
    """Past its memory kg says what to do (a store), exit 3, with no traceback and no
    half-written report; the store it names then builds within the same memory."""
    graph = tmp_path / "city.ttl"
    # the graph is written in-process: the limits are on the commands that read it
    made = runner.invoke(app, ["synth", "-n", "3300", "--seed", "0", "-q", "-o", str(graph)])
    assert made.exit_code == 0, made.output
    small = {"KG_MAX_MEMORY": "250"}
    done = _run(["report", "--no-bundled", "--data", str(graph), "-o", "out"], tmp_path, small)
    assert done.returncode == 3, done.stderr[-2000:]
    assert "kg stopped" in done.stderr and "--store DIR" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city.ttl"]
    stored = _run(["validate", "--no-bundled", "--data", str(graph), "--store", "st"], tmp_path)
    assert stored.returncode == 0, stored.stderr[-2000:]
    again = _run(["gaps", "--store", "st", "-f", "json"], tmp_path, small)
    assert again.returncode == 0, again.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "said"),
    [  # kg as a program (slow)
        ("en", "error: kg stopped: it was using"),
        ("sv", "fel: kg avbröts: det använde"),
    ],
)
def test_the_memory_guards_message_is_in_the_commands_language(
    tmp_path: Path, lang: str, said: str
):
    """Past KG_MAX_MEMORY kg stops, exit 3, in the command's --lang, with a use it states as
    past the limit (rounded up: never "50 MiB, past its limit of 50 MiB")."""
    done = _run(["report", "--lang", lang, "-o", "out"], tmp_path, {"KG_MAX_MEMORY": "50"})
    assert done.returncode == 3, done.stderr[-2000:]
    assert done.stderr.startswith(said), done.stderr
    used, limit = (int(n) for n in re.findall(r"(\d+) MiB", done.stderr)[:2])
    assert used > limit == 50, done.stderr
    assert "--store" in done.stderr and "Traceback" not in done.stderr
    if lang == "sv":
        assert "memory" not in done.stderr.replace("KG_MAX_MEMORY", ""), done.stderr


@pytest.mark.slow  # writes a synthetic graph and runs kg as a program
def test_the_memory_guards_message_follows_a_data_folders_language(tmp_path: Path):
    """A data folder whose kg.toml says lang = "sv", with no --lang: past KG_MAX_MEMORY (above
    what kg takes before it reads the folder) kg stops in Swedish, as its other messages are."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "kg.toml").write_text('lang = "sv"\n', encoding="utf-8")
    made = runner.invoke(
        app, ["synth", "-n", "200", "--seed", "0", "-q", "-o", str(folder / "city.ttl")]
    )
    assert made.exit_code == 0, made.output
    done = _run(["report", "--data", str(folder), "-o", "out"], tmp_path, {"KG_MAX_MEMORY": "100"})
    assert done.returncode == 3, done.stderr[-2000:]
    assert done.stderr.startswith("fel: kg avbröts: det använde"), done.stderr
    assert "tips:" in done.stderr and "Traceback" not in done.stderr


def test_kg_serves_memory_warning_in_swedish_names_the_workers_as_its_help_does():
    """kg serve --memory 100000 --lang sv: the warning is Swedish throughout and calls the
    workers what kg serve's Swedish help and its start line call them."""
    from kg.errors import translated

    warning = worker_memory(100000, 2, 22000)[1]
    assert warning is not None
    said = translated(f"warning: {warning}", "sv")  # as kg serve writes it on stderr
    assert said.startswith("varning: 3 arbetsprocesser för frågor får var och en använda"), said
    assert "300\u202f000 MiB tillsammans" in said and "(2048 räcker)" in said, said
    assert "workers may" not in said and "frågeprocess" not in said, said
