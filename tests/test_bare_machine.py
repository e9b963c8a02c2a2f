"""kg on a bare machine, run as a program with the environment such machines have: a terminal
whose encoding lacks å, ä and ö (``PYTHONIOENCODING=ascii``, a Latin-1 locale), a home folder
kg cannot write in, warnings made errors. What the user sees is a line or a few, never a
traceback, and the files written are whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
