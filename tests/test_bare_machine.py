"""kg on a bare machine, run as a program with the environment such machines have: a terminal
whose encoding lacks å, ä and ö (``PYTHONIOENCODING=ascii``, a Latin-1 locale), a home folder
kg cannot write in, warnings made errors. What the user sees is a line or a few, never a
traceback, and the files written are whole."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

#: each test runs kg as a program (some several times, or with signals): CI's tier
pytestmark = pytest.mark.slow
KG = str(Path(sys.executable).parent / "kg")
#: The note after text written plainly, as it starts in each language
NOTE = {"en": "note: the terminal's encoding (", "sv": "obs: terminalens teckenkodning ("}


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``kg args`` in a bare environment (no HOME, no locale) plus ``env``."""
    bare = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [KG, *args], capture_output=True, env={**bare, **env}, cwd=cwd, timeout=300
    )


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["gaps"], "Forskolenamnden"),
        (["stats"], "instances"),
        (["validate"], "ok the data conforms"),
        (["queries"], "committee-partners"),
        (["query", "committee-partners"], "Fritidsnamnden"),
        (["suggest", "Förskolenämnden"], "Forskolenamnden"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_an_ascii_terminal_gets_the_output_plainly_and_one_note(tmp_path, args, shown):
    """Every character ASCII lacks is written as its nearest ASCII (ö as o, ✓ as ok, — as -)
    rather than the command ending in "internal error: UnicodeEncodeError" (exit 3, the
    output cut short); one note on stderr says so and how to see them."""
    done = run(*args, "-q", cwd=tmp_path, PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("ascii")  # nothing but ASCII
    assert shown in text
    said = done.stderr.decode("ascii").splitlines()
    assert [line for line in said if not line.endswith(" rows")] == [
        NOTE["en"] + "ascii) lacks some of the characters written: they are shown as the "
        "nearest ASCII letters and signs; set LC_ALL=C.UTF-8 or PYTHONIOENCODING=utf-8 to see "
        "them as they are"
    ]


def test_the_note_is_in_the_commands_language(tmp_path):
    done = run("gaps", "--lang", "sv", "-q", cwd=tmp_path, PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    assert "Forskolenamnden" in done.stdout.decode("ascii")
    assert done.stderr.decode("ascii").startswith(NOTE["sv"] + "ascii) saknar")


def test_a_latin_1_terminal_keeps_its_letters(tmp_path):
    """Latin-1 has å, ä and ö: only the signs it lacks (—, ✓) are written plainly."""
    done = run("gaps", "-q", cwd=tmp_path, PYTHONIOENCODING="latin-1")
    assert done.returncode == 0, done.stderr
    assert "Förskolenämnden" in done.stdout.decode("latin-1")
    assert done.stderr.decode("latin-1").startswith(NOTE["en"] + "iso8859-1) lacks")


def test_a_c_locale_without_utf_8_mode_gets_the_output_plainly(tmp_path):
    """``LC_ALL=C`` with ``PYTHONUTF8=0`` (Python's UTF-8 mode off, as on some servers): the
    streams are ASCII with errors "surrogateescape", not "strict": the output is written
    plainly too, rather than "internal error: UnicodeEncodeError" (exit 3)."""
    for lang, shown in [("en", "Preschool Committee"), ("sv", "Forskolenamnden")]:
        done = run("gaps", "--lang", lang, "-q", cwd=tmp_path, LC_ALL="C", PYTHONUTF8="0")
        assert done.returncode == 0, done.stderr
        assert shown in done.stdout.decode("ascii")
        assert done.stderr.decode("ascii").startswith(NOTE[lang] + "ascii)")


@pytest.mark.parametrize("env", [{"LANG": "C", "LC_ALL": "C"}, {"LC_ALL": "C.UTF-8"}], ids=str)
def test_a_c_locale_writes_utf_8_and_no_note(tmp_path, env):
    done = run("gaps", "-q", cwd=tmp_path, **env)
    assert done.returncode == 0, done.stderr
    assert "Förskolenämnden" in done.stdout.decode("utf-8")
    assert done.stderr == b""


@pytest.mark.parametrize(
    "args",
    [
        ["gaps", "-f", "csv"],
        ["gaps", "-f", "json"],
        ["suggest", "fritidsnämnden", "-f", "csv"],
        ["query", "committee-partners", "-f", "csv"],
        ["query", "committee-partners", "-f", "tsv"],
    ],
    ids=" ".join,
)
def test_machines_formats_are_utf_8_whatever_the_terminal(tmp_path, args):
    """CSV, TSV and JSON are UTF-8 (as their standards say), the same bytes on an ASCII
    terminal as on a UTF-8 one, and nothing is noted: no name is altered."""
    ascii_ = run(*args, "-q", cwd=tmp_path, PYTHONIOENCODING="ascii")
    utf_8 = run(*args, "-q", cwd=tmp_path, LC_ALL="C.UTF-8")
    assert ascii_.returncode == utf_8.returncode == 0, ascii_.stderr
    assert "nämnden".encode() in ascii_.stdout
    assert ascii_.stdout == utf_8.stdout
    assert ascii_.stderr == b""


def _small_files() -> None:
    """No file past 8 KiB (``ulimit -f 8``): a write past it fails as on a full disk (EFBIG;
    Python ignores the signal), for the run of one command, without root."""
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))


def _on_a_small_disk(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``kg args`` in ``cwd``, able to write files of 8 KiB at the most (as on a full disk)."""
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        [KG, *args], capture_output=True, cwd=cwd, env=env, preexec_fn=_small_files, timeout=300
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["report", "-o", "out"], "out"),
        (["map", "-o", "map.html"], "map.html"),
        (["export", "-f", "xlsx", "-o", "data.xlsx"], "data.xlsx"),
        (["export", "-f", "csv-template", "-o", "data.zip"], "data.zip"),
        (["synth", "--actors", "300", "-o", "big.ttl"], "big.ttl"),
        (["init", "city", "--city", "Lund", "--lang", "en"], "city/data/lund.xlsx"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_full_disk_writes_nothing_and_says_what_to_do(tmp_path, args, named):
    """The error names the file as it was asked for (not kg's staging folder), says to free
    space rather than to check the folder, and nothing is left: no half-written file, no
    half-made folder (kg init can be run again), no "Exception ignored" from a writer."""
    done = _on_a_small_disk(tmp_path, *args, "-q")
    assert done.returncode == 2, done.stderr
    said = [line for line in done.stderr.decode().splitlines() if not line.startswith("✓")]
    assert said == [
        f"error: {named}: cannot write the {'folder' if args[0] == 'report' else 'file'}: "
        "File too large",
        "  hint: free some space on the disk (nothing was written), or write somewhere else",
    ]
    assert list(tmp_path.iterdir()) == []


def test_the_full_disk_is_said_in_swedish(tmp_path):
    done = _on_a_small_disk(tmp_path, "init", "stad", "--city", "Lund", "-q")
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "fel: stad/data/lund.xlsx: kan inte skriva filen: filen blir för stor",
        "  tips: frigör utrymme på disken (inget skrevs), eller skriv någon annanstans",
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [["gaps"], ["query", "committee-partners", "-f", "csv"], ["map", "-o", "-"]],
    ids=lambda args: " ".join(args),
)
def test_standard_output_on_a_full_disk_is_said_not_an_internal_error(tmp_path, args):
    """`kg gaps > /dev/full` was "internal error: OSError: [Errno 28] No space left on
    device", exit 3."""
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [KG, *args],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
            timeout=300,
        )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "error: cannot write the output: No space left on device",
        "  hint: make room (free space on the disk, or raise ulimit -f) or send the output "
        "elsewhere; what was written is not whole",
    ]


def test_standard_output_past_the_file_size_limit_is_said_in_swedish(tmp_path):
    done = subprocess.run(
        f"{shlex.quote(KG)} query passages -f csv --lang sv > passages.csv",
        shell=True,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        preexec_fn=_small_files,
        timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "fel: kan inte skriva utdata: filen blir för stor",
        "  tips: gör plats (frigör utrymme på disken, eller höj ulimit -f) eller skicka utdata "
        "någon annanstans; det som skrevs är ofullständigt",
    ]


@pytest.mark.parametrize(
    ("args", "code"),
    [(["query", "committee-partners", "-f", "json"], 2), (["export", "-o", "-"], 2), (["gaps"], 0)],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_closed_standard_output_is_said_where_the_answer_goes_there(tmp_path, args, code):
    """`kg query … -f json >&-` was "internal error: AttributeError: 'NoneType' object has no
    attribute 'buffer'" (Python gives no stdout then); `kg gaps >&-` the same of 'flush'. A
    machine's answer with nowhere to go is an error; a table for people is left unsaid, as
    Python leaves a print."""
    done = subprocess.run(
        f"{shlex.quote(KG)} {shlex.join(args)} >&-",
        shell=True,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        timeout=300,
    )
    assert done.returncode == code, done.stderr
    said = done.stderr.decode().splitlines()
    if code:
        assert said == [
            "error: cannot write the output: standard output is closed",
            "  hint: send the output to a file (> FILE) or to /dev/null, not to a closed "
            "descriptor",
        ]
    else:
        assert said == []


def test_a_query_from_a_closed_standard_input_is_an_empty_query(tmp_path):
    """`kg query - <&-` was "internal error: AttributeError: 'NoneType' object has no
    attribute 'read'"; it is the empty query `< /dev/null` gives."""
    done = subprocess.run(
        f"{shlex.quote(KG)} query - <&-",
        shell=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: <stdin>: the query is empty"), done.stderr


def _few_files() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))


def test_a_store_under_a_low_limit_of_open_files_says_to_raise_it_not_to_rebuild(tmp_path):
    """Under `ulimit -n 64` a new store was "internal error: OSError: Oxigraph needs at least
    96 file descriptors …", and an existing one said to rebuild it with --reload (or remove
    the folder), which would not help: the limit is what to change."""
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    args = [KG, "gaps", "--store", "store", "-q"]
    for built in (False, True):
        done = subprocess.run(
            args, capture_output=True, cwd=tmp_path, env=env, preexec_fn=_few_files, timeout=300
        )
        assert done.returncode == 3, done.stderr
        said = done.stderr.decode().splitlines()
        where = "store: " if built else ""
        assert said[0].startswith(f"error: {where}kg may open too few files at once: "), said
        assert "96 file descriptors" in said[0]
        assert said[1:] == [
            "  hint: raise the limit (ulimit -n 512) and run again; the store is not damaged"
        ]
        assert not (tmp_path / "store").exists() or built
        if not built:
            made = subprocess.run(args, capture_output=True, cwd=tmp_path, env=env, timeout=300)
            assert made.returncode == 0, made.stderr


def _without_temporary_folders(
    tmp_path: Path, *args: str, tmpdir: bool = False
) -> subprocess.CompletedProcess[str]:
    """``kg args`` where /tmp and /var/tmp are read-only (a mount namespace of their own),
    HOME is in them, TMPDIR unset and the working folder (``tmp_path``) read-only too, as on a
    locked-down machine: no temporary folder can be made. ``out`` is a small file system of
    its own kg may write in; what it holds after is printed; with ``tmpdir``, TMPDIR is its
    folder ``tmp``. Needs root and unshare(1)."""
    out = tmp_path / "out"
    out.mkdir()
    script = (
        "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"
        " && mount --bind /var/tmp /var/tmp && mount -o remount,bind,ro /var/tmp"
        f" && mount -t tmpfs -o size=64m kg-out {shlex.quote(str(out))}"
        + (f" && mkdir {shlex.quote(str(out / 'tmp'))}" if tmpdir else "")
        + f" && cd {shlex.quote(str(tmp_path))}"  # the working folder in the new mounts
        + f" && {shlex.join([KG, *args])}; code=$?; ls -A {shlex.quote(str(out))}; exit $code"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LC_ALL": "C.UTF-8",
        "HOME": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        **({"TMPDIR": str(out / "tmp")} if tmpdir else {}),
    }
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )


def _can_make_mounts() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp"], capture_output=True, timeout=60
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _can_make_mounts(), reason="needs root and unshare to make /tmp read-only")
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["report", "-q", "-o", "out/report"], "error: no folder for temporary files"),
        (["map", "-o", "-", "--lang", "sv"], "fel: ingen mapp för tillfälliga filer"),
        (["export", "-f", "xlsx", "-o", "out/data.xlsx"], "error: out/data.xlsx: cannot write"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_no_temporary_folder_says_to_set_tmpdir(tmp_path, args, said):
    """It was "internal error: OSError: Matplotlib requires access to a writable cache
    directory …" (kg report), "internal error: FileNotFoundError: No usable temporary
    directory …" (an output to stdout), and for a workbook "check that the folder exists and
    is writable" of a folder that was. Nothing is written."""
    done = _without_temporary_folders(tmp_path, *args)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if not line.startswith("✓")]
    assert lines[0].startswith(said), lines
    hint = {"error": "  hint: set TMPDIR to a folder you can write", "fel": "  tips: sätt TMPDIR"}
    assert lines[1].startswith(hint[said.split(":")[0]]), lines
    assert len(lines) == 2
    assert done.stdout == ""  # out/ holds nothing


@pytest.mark.skipif(not _can_make_mounts(), reason="needs root and unshare to make /tmp read-only")
def test_a_tmpdir_of_its_own_is_enough_and_the_report_is_staged_in_its_folder(tmp_path):
    """With TMPDIR on another file system than the output (the output's own here), the
    report is staged beside its folder, never in TMPDIR, and moved whole into place."""
    done = _without_temporary_folders(tmp_path, "report", "-q", "-o", "out/report", tmpdir=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["report", "tmp"]  # after the report's tables


def _private() -> None:
    os.umask(0o077)


def test_a_report_on_a_bare_machine_is_whole_and_quiet(tmp_path):
    """A home kg cannot write in (a file where ``~/.config`` would be: matplotlib keeps its
    settings and font cache there), ``TMPDIR`` unusable, the C locale, ``umask 077``, a folder
    named with spaces and å ä ö: the report is the same bytes as on a machine with a fresh
    matplotlib folder, its files private as the umask asks, and stderr has kg's one line, not
    matplotlib's "created a temporary cache directory" and "mkdir -p failed"."""
    home = tmp_path / "home"
    home.write_text("a file, not a folder", encoding="utf-8")
    work = tmp_path / "Mina filer å ä ö"
    work.mkdir()
    bare = {"HOME": str(home), "TMPDIR": str(home), "LANG": "C", "LC_ALL": "C"}
    done = subprocess.run(
        [KG, "report", "-o", "rapport ö", "--lang", "sv", "-q"],
        capture_output=True,
        cwd=work,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **bare},
        preexec_fn=_private,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().splitlines() == ["✓ uppgifterna uppfyller reglerna"]
    assert "rapport ö/report.html" in done.stdout.decode()
    fresh = {"MPLCONFIGDIR": str(tmp_path / "mpl"), "LC_ALL": "C.UTF-8"}
    subprocess.run(
        [KG, "report", "-o", str(tmp_path / "fresh"), "--lang", "sv", "-q"],
        capture_output=True,
        env={**os.environ, **fresh},
        check=True,
        timeout=300,
    )
    written = work / "rapport ö"
    names = sorted(p.relative_to(written) for p in written.rglob("*") if p.is_file())
    assert [str(n) for n in names if n.parent.name == "charts"] == [
        "charts/heatmap.svg",
        "charts/links.svg",
        "charts/partners.svg",
    ]
    for name in names:
        assert (written / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
        assert (written / name).stat().st_mode & 0o077 == 0, name
    assert written.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("padded", [False, True], ids=["laid-out", "preloaded"])
def test_a_large_map_on_a_bare_machine_is_quiet(tmp_path, padded):
    """igraph lays out a map of more than 100 nodes, and imports matplotlib's pyplot: with a
    home kg cannot write in, stderr has none of matplotlib's warnings about its folder, as
    for a report. Padded past a mebibyte (a comment), the file is large enough for igraph to
    be imported in the background while the data loads, which is quiet too."""
    from kg.analysis.preload import LARGE_FILES
    from kg.synth import write_synthetic

    pytest.importorskip("igraph")  # without it the map is laid out by networkx
    write_synthetic(tmp_path / "big.ttl", 150, seed=1)
    if padded:
        with (tmp_path / "big.ttl").open("a", encoding="utf-8") as file:
            file.write("#" + " " * LARGE_FILES + "\n")
    home = tmp_path / "home"
    home.write_text("a file, not a folder", encoding="utf-8")
    done = run(
        *("map", "--no-bundled", "--data", "big.ttl", "-o", "m.html", "-q"),
        cwd=tmp_path,
        HOME=str(home),
        MPLCONFIGDIR="",
        LC_ALL="C.UTF-8",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode() == ""
    assert done.stdout.decode().startswith("wrote ")


def test_a_store_where_no_folder_can_be_made_is_an_error_to_act_on(tmp_path):
    """Not "internal error: FileExistsError" (or PermissionError): what is in the way and
    what to do, exit 3 as for every store error."""
    (tmp_path / "notes").write_text("a file", encoding="utf-8")
    done = run("gaps", "--store", "notes/store", "-q", cwd=tmp_path, LC_ALL="C.UTF-8")
    assert done.returncode == 3
    assert done.stderr.decode().splitlines() == [
        f"error: notes/store: cannot make the store here: {tmp_path / 'notes'} is a file",
        "  hint: give --store a folder in a place you can write",
    ]


def test_a_store_on_a_full_disk_says_to_free_space_and_leaves_nothing(tmp_path):
    """The engine's "File too large" (or "No space left on device") is a full disk, not a
    damaged store to rebuild with --reload; the half-built store is removed."""
    done = _on_a_small_disk(tmp_path, "gaps", "--store", "store", "-q")
    assert done.returncode == 3
    said = done.stderr.decode().splitlines()
    assert said[0].startswith("error: the store's database failed: ")
    assert said[1:] == [
        "  hint: free some space on the disk (nothing was written), or write somewhere else"
    ]
    assert list(tmp_path.iterdir()) == []


def test_synths_suggestion_runs_as_given_for_a_name_with_spaces_and_brackets(tmp_path):
    """The file's name as given ("[ab]" was taken as rich markup and dropped), and the
    command to check it quoted for the shell, so that it runs as printed."""
    done = run("synth", "--actors", "200", "-o", "syn [ab] å.ttl", cwd=tmp_path, LC_ALL="C.UTF-8")
    assert done.returncode == 0, done.stderr
    said = done.stdout.decode()
    assert "to syn [ab] å.ttl; check it with: " in said
    command = shlex.split(said.split("check it with: ")[1])
    assert command[-1] == "syn [ab] å.ttl"
    checked = run(*command[1:], "-q", cwd=tmp_path, LC_ALL="C.UTF-8")
    assert checked.returncode == 0, checked.stderr
