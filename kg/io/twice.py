"""Data files that name the same things: a copy of a file, or an earlier ``kg import``'s
output left beside the new one, which kg reads as well (every RDF file under a ``--data``
folder is read). No file of the bundled data names (``skos:prefLabel``) what another names:
each thing is named where it is described, so two files that do are worth a note."""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

from kg.io.files import data_files
from kg.io.parse import SMALL_LOAD, files_size, read_options, starts_with_bom
from kg.model import vocab as v

#: How many of the IRIs two files both name a note lists
SHOWN = 3


def named_in_several(
    paths: Iterable[Path | str], store: Path | None = None
) -> list[tuple[Path, Path, list[str]]]:
    """Each pair of the files of ``paths`` that both name (``skos:prefLabel``) the same IRIs,
    with those IRIs, sorted; a file that cannot be read is passed over (loading it says why).
    Data of more than :data:`~kg.io.parse.SMALL_LOAD` bytes in all, at scale, is not read
    twice for it: nothing is found there. Nor are files a ``store`` was built from, unchanged
    since: they are not read again, and the note was given when it was built."""
    import pyoxigraph as ox

    from kg.io.store import built_from_unchanged

    files = data_files(paths)
    if len(files) < 2 or files_size(files) > SMALL_LOAD:
        return []
    if store is not None and built_from_unchanged(store, files):
        return []
    named: dict[str, list[Path]] = {}
    label = ox.NamedNode(v.PREF_LABEL)
    for path in files:
        subjects: set[str] = set()
        try:
            with path.open("rb") as raw:
                if starts_with_bom(path):
                    raw.seek(len(codecs.BOM_UTF8))
                for triple in ox.parse(input=raw, **read_options(path)):
                    if triple.predicate == label and isinstance(triple.subject, ox.NamedNode):
                        subjects.add(triple.subject.value)
        except (SyntaxError, OSError, ValueError):
            continue
        for subject in subjects:
            named.setdefault(subject, []).append(path)
    pairs: dict[tuple[Path, Path], list[str]] = {}
    for subject, where in named.items():
        for pair in combinations(where, 2):  # each pair of three copies, not the first two
            pairs.setdefault(pair, []).append(subject)
    return [(first, second, sorted(iris)) for (first, second), iris in sorted(pairs.items())]
