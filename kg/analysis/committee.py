"""Finding a committee by the name a user types: any of its labels, or the start of one."""

from __future__ import annotations

from kg.errors import KgError
from kg.model.facts import Facts
from kg.model.lookup import find_actor


def find_committee(facts: Facts, name: str) -> str:
    """The IRI of the committee whose name (any label) is ``name`` or starts with it.

    Case and diacritics are ignored (``fritidsnamnden`` finds Fritidsnämnden); an ambiguous
    prefix or an unknown name raises KgError with the closest names
    (:func:`kg.model.lookup.find_actor`, which the queries' parameters follow too).
    """
    committees = {i: a for i, a in facts.actors.items() if a["type"] == "Committee"}
    try:
        return find_actor(
            committees, name, kind="committee", hint="run `kg gaps` to list the committees"
        )
    except KgError:
        try:  # an actor of another kind (the municipality, a university) is said so
            other = find_actor(facts.actors, name)
        except KgError:
            other = None
        if other is None or other in committees:
            raise
        raise KgError(
            f"'{facts.actors[other]['label']}' is an actor, but not a committee",
            hint="suggestions and briefs are made for committees: run `kg gaps` to list them",
        ) from None
