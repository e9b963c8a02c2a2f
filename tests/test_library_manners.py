"""kg inside a program that does more than kg: a service's thread pool, its own warning
filters, logging and files. A call leaves the process's settings as the program made them,
also those the program changes in another thread while kg runs."""

from __future__ import annotations

import logging
import threading
import time
import warnings

import rdflib

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


def test_rdflib_still_logs_the_programs_own_ill_typed_literal_after_kg_read(caplog):
    kg.load()
    with caplog.at_level(logging.WARNING, logger="rdflib.term"):
        rdflib.Literal("abc", datatype=rdflib.XSD.integer)
    assert "Failed to convert Literal lexical form" in caplog.text
    assert logging.getLogger("rdflib.term").filters == []
