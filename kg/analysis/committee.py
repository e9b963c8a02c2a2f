"""Finding a committee by the name a user types: any of its labels, or the start of one."""

from __future__ import annotations

from collections.abc import Iterable

from kg.errors import KgError
from kg.model.facts import Facts
from kg.model.lookup import find_actor
from kg.model.names import WORD_INSIDE, fold
from kg.model.records import Actor

#: Where the committees are listed, for a command (``kg suggest``) and for Python
#: (``kg.suggest``): an unknown name's hint, and an actor's that is not a committee.
LISTED_FOR_COMMANDS = "run `kg gaps` to list the committees"
ONLY_FOR_COMMANDS = "suggestions and briefs are made for committees: run `kg gaps` to list them"
LISTED_FOR_PYTHON = "analysis.gaps lists the committees: [gap['label'] for gap in analysis.gaps]"
ONLY_FOR_PYTHON = (
    "suggestions are made for committees: [gap['label'] for gap in analysis.gaps] lists them"
)


def find_committee(
    facts: Facts, name: str, *, hint: str = LISTED_FOR_COMMANDS, only: str = ONLY_FOR_COMMANDS
) -> str:
    """The IRI of the committee whose name (any label) is ``name`` or starts with it.

    Case and diacritics are ignored (``fritidsnamnden`` finds Fritidsnämnden); an ambiguous
    prefix or an unknown name raises KgError with the closest names
    (:func:`kg.model.lookup.find_actor`, which the queries' parameters follow too), else
    ``hint``; an actor that is no committee, with ``only``, unless committees' names hold
    the text (``nämnden``) and it is not that actor's whole name but the start of one
    ("Nämndens kansli"): then it is no committee's name, with the committees that hold it.
    """
    committees = {i: a for i, a in facts.actors.items() if a["type"] == "Committee"}
    try:
        return find_actor(committees, name, kind="committee", hint=hint)
    except KgError:
        try:  # an actor of another kind (the municipality, a university) is said so
            other = find_actor(facts.actors, name)
        except KgError:
            other = None
        if other is None or other in committees:
            raise
        if _held(committees.values(), name) and not _held([facts.actors[other]], name, whole=True):
            raise
        raise KgError(
            f"'{facts.actors[other]['label']}' is an actor, but not a committee",
            hint=only,
        ) from None


def _held(actors: Iterable[Actor], text: str, *, whole: bool = False) -> bool:
    """Whether a name of one of ``actors`` holds ``text`` (of ``WORD_INSIDE`` letters or more,
    as an unknown name's hint takes a word), or with ``whole`` is it; case and diacritics
    ignored."""
    key = fold(text)
    names = (fold(n) for actor in actors for n in actor["names"] or [actor["label"]])
    return any(n == key if whole else len(key) >= WORD_INSIDE and key in n for n in names)
