"""Helpers for the tests (and the benchmark scripts): not part of the kg package."""
