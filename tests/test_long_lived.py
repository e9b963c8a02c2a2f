"""A long-lived process (a notebook kept open all day) sees files as they are now: a source
text edited between two checks is read again, and the texts kept in memory stay bounded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg
from kg.io import texts
from kg.paths import sources_dir
from kg.validation import check

FIXTURES = Path(__file__).parent / "fixtures"
PRESS = "000_cf2ec969add15266.txt"  # the kitchen sink quotes it, unpaginated
REPORT = "004_7af0419ea9a82ec3.txt"


def _city(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in (PRESS, REPORT):
        shutil.copy(sources_dir() / name, folder / name)
    data = tmp_path / "facts.ttl"
    shutil.copy(FIXTURES / "kitchen_sink.ttl", data)
    return data, folder


def test_a_source_text_edited_between_two_checks_is_read_again(tmp_path: Path):
    """Before, each text was read once per process: a quote the edited text no longer holds
    still passed in the same notebook, and failed only in a new one."""
    data, folder = _city(tmp_path)
    first = check(kg.Source(data=[data], bundled=False, sources=[folder]))
    assert first.conforms
    text = folder / PRESS
    text.write_text(
        text.read_text("utf-8").replace("Herrgården, Holma-Kroksbäck", "Herrgården och Holma"),
        "utf-8",
    )
    again = check(kg.Source(data=[data], bundled=False, sources=[folder]))
    assert not again.conforms
    assert [v for v in again.violations if "the quote is not in " + PRESS in v.message]


@pytest.mark.slow
def test_a_quote_added_to_a_source_text_passes_in_the_same_process(tmp_path: Path):
    data, folder = _city(tmp_path)
    text = folder / PRESS
    whole = text.read_text("utf-8")
    text.write_text(whole.replace("Herrgården, Holma-Kroksbäck", "Herrgården och Holma"), "utf-8")
    assert not check(kg.Source(data=[data], bundled=False, sources=[folder])).conforms
    text.write_text(whole, "utf-8")  # put right
    assert check(kg.Source(data=[data], bundled=False, sources=[folder])).conforms


def test_the_texts_kept_in_memory_are_bounded(tmp_path: Path):
    """A notebook checking many cities' folders keeps at most KEPT_TEXTS texts, not every
    text it ever read."""
    for n in range(texts.KEPT_TEXTS + 20):
        path = tmp_path / f"t{n}.txt"
        path.write_text(f"1 Sidan ett av text {n}\n", "utf-8")
        assert texts.read_source(path).pages[1] == f"1 Sidan ett av text {n}"
    assert len(texts._READ) <= texts.KEPT_TEXTS


def test_a_text_edited_again_and_again_keeps_one_version_and_the_others_stay(tmp_path: Path):
    """A notebook that edits one source text and checks it again after each edit holds only
    the version it read last: the older ones are let go, and the other texts it read stay kept
    (not read again) however often that one text changes."""
    import gc
    import os
    import weakref

    other = tmp_path / "other.txt"
    other.write_text("1 Sidan ett av en annan text\n", "utf-8")
    kept = texts.read_source(other)
    edited = tmp_path / "edited.txt"
    versions = []
    for n in range(texts.KEPT_TEXTS + 5):
        edited.write_text(f"1 Sidan ett, version {n}\n", "utf-8")
        os.utime(edited, ns=(n * 10**9, n * 10**9))  # a new time, however coarse the clock
        read = texts.read_source(edited)
        assert read.pages[1] == f"1 Sidan ett, version {n}"
        versions.append(weakref.ref(read))
    del read
    gc.collect()
    assert [v for v in versions[:-1] if v() is not None] == []
    assert texts.read_source(other) is kept
