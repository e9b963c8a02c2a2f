"""The names closest to an absent id's last part (kg.sparql.closest): folded as kg folds one
name, and ranked as difflib ranks every name, on the bundled data."""

from __future__ import annotations

import difflib

import pytest

from kg.io.source import Source
from kg.model.names import fold
from kg.sparql.closest import Names, by_length, fold_all, within_reach
from kg.sparql.engine import select

#: Text whose folding is not one character for one: marks alone or at either end, letters
#: that fold to two, a compatibility form, spaces of other kinds, a control character
ODD = [" ¨x¨ ", "a\u0308", "ß", "ﬁ", "İstanbul", "\u00a0Nbsp\u00a0", "", " ", "Ǆ", "½", "x\x1fy"]
#: Words an absent id's last part folds to; "ø", which does not fold, has no byte of its own
WORDS = [
    "fritidsnamden",
    "radda barn",
    "im",
    "socialnamnd",
    "malmo stad",
    "goal area 2",
    "x",
    "ørestad",
]


@pytest.fixture(scope="module")
def bundled_names(bundled_source: Source) -> dict[str, set[str]]:
    """Every name of the bundled graph, folded one by one, with the nodes it names."""
    names: dict[str, set[str]] = {}
    text = "SELECT ?node ?name WHERE { ?node skos:prefLabel|skos:altLabel ?name }"
    for row in select(bundled_source, text):
        names.setdefault(fold(row["name"].value), set()).add(row["node"].value)
    return names


def test_names_folded_in_one_piece_are_folded_as_one_by_one(bundled_source: Source):
    rows = select(bundled_source, "SELECT ?name WHERE { ?node skos:prefLabel ?name }")
    texts = [row["name"].value for row in rows] + ODD
    assert fold_all(texts) == [fold(text) for text in texts]
    assert fold_all(ODD)[:4] == [" x ", "a", "ss", "fi"]
    assert fold_all([]) == []


def test_the_bounds_keep_every_name_difflib_finds_close(bundled_names: dict[str, set[str]]):
    everything = sorted(bundled_names)
    for word in WORDS:
        for cutoff in (0.5, 0.8):
            kept = within_reach(word, by_length(everything), cutoff)
            assert set(kept) <= set(everything)
            assert difflib.get_close_matches(word, kept, n=5, cutoff=cutoff) == (
                difflib.get_close_matches(word, everything, n=5, cutoff=cutoff)
            ), (word, cutoff)
            assert len(kept) < len(everything)  # and the bounds drop some


def test_the_closest_names_nodes_are_those_of_every_name(
    bundled_source: Source, bundled_names: dict[str, set[str]]
):
    names = Names(bundled_source)  # read once, asked for each word
    for word in WORDS:
        close = difflib.get_close_matches(word, sorted(bundled_names), n=5, cutoff=0.8)
        expected = tuple(dict.fromkeys(n for c in close for n in sorted(bundled_names[c])))
        assert names.closest(word, 5, 0.8) == expected, word


def test_the_bounds_hold_for_names_holding_every_control_character():
    """Names are counted in one piece joined by a control character none holds; names that
    hold them all are counted one by one, with the same answer."""
    controls = "".join(map(chr, range(32)))
    keys = ["fritidsnamnden", "fritidsnamnd" + controls, "fritidsnamnd\x00x", "namnd"]
    for word in ("fritidsnamden", "fritidsnämden"):
        kept = within_reach(word, by_length(keys), 0.8)
        assert difflib.get_close_matches(word, kept, cutoff=0.8) == (
            difflib.get_close_matches(word, keys, cutoff=0.8)
        )
        assert "fritidsnamnden" in kept and "namnd" not in kept
