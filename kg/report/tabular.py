"""Flatten rows of plain data into CSV text (lists joined with "; ")."""

from __future__ import annotations

import csv
import io


def flatten(value: object) -> str:
    """One CSV cell: lists joined with "; ", dicts as ``key=value``, None as empty.

    >>> flatten(["civil", "academia"]), flatten({"civil": 2}), flatten(None)
    ('civil; academia', 'civil=2', '')
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}={flatten(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(
            flatten(v.get("label", v.get("iri", v))) if isinstance(v, dict) else flatten(v)
            for v in value
        )
    return str(value)


def to_csv(rows: list[dict], columns: list[str], *, delimiter: str = ",") -> str:
    """Rows as CSV with a header of ``columns``; nested values flattened."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([flatten(row.get(c)) for c in columns])
    return buffer.getvalue()
