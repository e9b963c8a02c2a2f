"""Query parameters: ``--param NAME=VALUE`` text turned into RDF terms of the declared type."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError, ParameterError
from kg.model.vocab import LANGUAGE_TAG, PREFIXES, XSD

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: (the text given, the IRI a bare name reads as or None) → the IRI the graph names so
#: (:meth:`kg.sparql.named.Lookup.find`)
Find = Callable[[str, str | None], str]


class UnknownName(KgError):
    """A name given for an ``iri`` parameter that nothing of the kind it takes has in the
    graph (no actor, no goal area …), or several share (:class:`kg.sparql.named.Lookup`);
    :func:`to_term` says it of the parameter. Only this is: a store or an endpoint that fails
    while the name is looked up fails as itself."""


#: Parameter types a ``#+ param:`` header line may declare.
PARAM_TYPES = ("iri", "group", "literal", "integer", "langstring")

_LANGSTRING = re.compile(rf'^(?:"(?P<quoted>.*)"|(?P<bare>[^"@][^@]*?))@(?P<lang>{LANGUAGE_TAG})$')
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|^`\\]')
#: a bare name: letters (å, ä and ö too: an absent one gets a note naming id:fritidsnamnden
#: for Fritidsnämnden), digits, "_", "." and "-"
_BARE_NAME = re.compile(r"^[^\W_][\w.-]*$")
#: a name in a city's folder of kg's data namespace, as ids are shown without id:
_BARE_PATH = re.compile(r"^[^\W_][\w.-]*(/[^\W_][\w.-]*)+$")
#: a prefixed name or an IRI with its scheme: no space (which no IRI holds) and a prefix
#: before the colon; other text with a colon is a name ("Alby kommun: Fritidsnämnden",
#: "Lomma: Fritidsnämnden", as kg names two cities' namesakes)
_PREFIXED = re.compile(r"^[A-Za-z][\w.+-]*:\S*$")
#: What to give for a parameter of each type; ``{groups}``: the partner groups' short names,
#: as the vocabulary names them (:func:`_type_hint`)
_TYPE_HINTS = {
    "iri": "give <https://…>, a prefixed name such as id:radda-barnen or kg:Academia, an "
    "actor's name such as Fritidsnämnden, or a partner group: {groups} (public: both public "
    "groups)",
    "group": "give a partner group: {groups} (public: both public groups), a Swedish or "
    "English name of one, or its IRI such as kg:PublicAgencies",
    "integer": "give a whole number, for example 3",
    "langstring": 'give text with a language tag, for example "Rädda Barnen"@sv',
    "literal": "give any text",
}
#: What to give for an ``iri`` parameter that takes no actor (a goal area, a document, a kind)
_THING_HINT = "give <https://…>, a prefixed name such as id:… or kg:…, or a name the graph gives it"


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``["name=value", …]`` (from ``--param``) as a dict; a malformed item raises.

    >>> parse_assignments(["sector=academia", "actor=id:radda-barnen"])
    {'sector': 'academia', 'actor': 'id:radda-barnen'}
    """
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        named = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name.strip())
        if not sep and named:  # `-p committee`: its name, without a value
            raise ParameterError(
                f"malformed parameter '{item}'",
                hint=f"write --param {named[0]}=VALUE: the value after an equals sign",
            )
        if not sep or not named:
            raise ParameterError(
                f"malformed parameter '{item}'",
                hint="write --param NAME=VALUE, for example --param sector=academia",
            )
        name, value = name.strip(), value.strip()
        if name in values:
            raise ParameterError(
                f"parameter '{name}' is given twice ({values[name]} and {value})",
                hint=f"give --param {name}=VALUE once: a query takes one value for each",
            )
        values[name] = value
    return values


#: What a parameter of each type takes from Python besides text and an RDF term, and says so
_TAKEN = {
    "integer": ((int,), "a whole number (3, or the text '3')"),
    "literal": ((int, float, bool), "text, a number or a boolean"),
}


def check_given(name: str, kind: str, value: object) -> None:
    """Refuse, as a :class:`TypeError` naming parameter ``name`` and what it takes, a value
    from Python that is neither text, an RDF term (rdflib's or pyoxigraph's) nor a number or
    boolean where a parameter of type ``kind`` takes one: ``["a"]`` would be read as the
    text "['a']".

    >>> check_given("min_sectors", "integer", 3)
    >>> check_given("min_sectors", "integer", [3])
    Traceback (most recent call last):
    ...
    TypeError: parameter 'min_sectors' (integer) takes a whole number (3, or the text '3'), ...
    """
    import pyoxigraph as ox

    rdflib = sys.modules.get("rdflib.term")  # a term of rdflib's is made with it imported
    terms = (str, ox.NamedNode, ox.Literal, ox.BlankNode, *([rdflib.Node] if rdflib else []))
    taken, what = _TAKEN.get(kind, ((), "text (a name, an id such as id:x or an IRI)"))
    if isinstance(value, terms) or (
        isinstance(value, taken) and (bool in taken or not isinstance(value, bool))
    ):
        return
    several = isinstance(value, list | tuple | set | frozenset)
    raise TypeError(
        f"parameter '{name}' ({kind}) takes {what}, or an RDF term (rdflib's or pyoxigraph's), "
        f"not {value!r} (of type {type(value).__name__})"
        + ("; for several values, run the query once for each" if several else "")
    )


def to_term(
    value: str,
    kind: str,
    *,
    name: str = "value",
    source: Path | None = None,
    line: int | None = None,
    names: str | None = None,
    find: Find | None = None,
    groups: bool = True,
    committees: Callable[[str], str] | None = None,
) -> ox.NamedNode | ox.Literal:
    """Turn a parameter's text into an RDF term of its declared type.

    IRIs may be full (``<https://…>``), prefixed with a kg prefix (``id:radda-barnen``,
    ``kg:Academia``), a partner group's name (``academia``, ``agencies``, ``myndigheter``) or
    a bare name in the data namespace (``radda-barnen``), or in ``names`` where given (a
    city's own data: :attr:`kg.io.source.Source.names`), or a name in a city's folder of the
    data namespace, as kg shows ids without ``id:`` (``alby/fritidsnamnden``).

    With ``find`` (:meth:`kg.sparql.named.Lookup.find`: the graph's own names) any other text is
    a name too (``Fritidsnämnden``, ``Rädda Barnen``): ``find(text, iri)`` gives the IRI it
    names, ``iri`` being what a bare name reads as (None for other text); the
    :class:`UnknownName` it raises for an unknown or ambiguous name is said of the parameter
    (a :class:`~kg.errors.ParameterError`), any other error passes as it is. With
    ``groups=False`` (a parameter that denotes no actor: a goal area, a document) a partner
    group's word is a name like any other. For a parameter that takes a committee,
    ``committees`` (:meth:`kg.sparql.named.Lookup.closest`) lists the committees closest to a
    value that is no IRI, for the hint.

    >>> to_term("academia", "iri")
    <NamedNode value=https://w3id.org/kg-malmo/ontology#Academia>
    >>> to_term("alby/fritidsnamnden", "iri").value.removeprefix(PREFIXES["id"])
    'alby/fritidsnamnden'
    >>> str(to_term('"Rädda Barnen"@sv', "langstring")), str(to_term("3", "integer"))
    ('"Rädda Barnen"@sv', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    import pyoxigraph as ox

    def bad(expected: str, hint: str | None = None) -> ParameterError:
        return ParameterError(
            f"parameter '{name}' ({kind}): {value!r} is not {expected}",
            path=source,
            line=line,
            hint=hint
            or (_committee_hint(committees(value)) if committees else None)
            or _type_hint(kind, groups),
        )

    if kind == "iri":
        try:
            return ox.NamedNode(_iri(value, bad, names or PREFIXES["id"], find, groups))
        except UnknownName as error:  # a name the graph has none or several of (find)
            raise ParameterError(
                f"{error.message} (parameter {name})",
                path=source,
                line=line,
                hint=error.hint,
            ) from None
    if kind == "group":
        return ox.NamedNode(_group_iri(value, bad))
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise bad("an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "langstring":
        match = _LANGSTRING.match(value.strip())
        if not match:
            raise bad("a language-tagged string")
        text = match["quoted"] if match["quoted"] is not None else match["bare"]
        return ox.Literal(text, language=match["lang"].lower())
    if kind == "literal":
        return ox.Literal(value)
    raise bad(f"of a known type ({', '.join(PARAM_TYPES)})")


def _committee_hint(closest: str) -> str:
    """The hint for a committee parameter given no IRI and no name: the committees
    ``closest`` to it, or that the data has none (data without committees lists none)."""
    if not closest:
        return "the parameter takes a committee: give its name or id; the data has no committee"
    return f"the parameter takes a committee: give its name or id; the closest are {closest}"


def _type_hint(kind: str, actors: bool = True) -> str:
    """What to give for a parameter of type ``kind`` (an ``iri`` one that takes no actor
    where ``actors`` is False: no actor's name or partner group then).

    >>> _type_hint("group").split(" (")[0]
    'give a partner group: civil, academia, business, agencies, city'
    """
    if kind == "iri" and not actors:
        return _THING_HINT
    if kind not in _TYPE_HINTS:
        return f"declare one of the types {', '.join(PARAM_TYPES)}"
    if "{groups}" not in _TYPE_HINTS[kind]:
        return _TYPE_HINTS[kind]
    from kg.model.sectors import vocabulary

    return _TYPE_HINTS[kind].replace("{groups}", ", ".join(vocabulary().names))


def _iri(
    value: str,
    bad: Callable[[str], ParameterError],
    names: str,
    find: Find | None = None,
    groups: bool = True,
) -> str:
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif groups and (group := _group(text)) is not None:
        return group
    elif ":" in text and (find is None or _PREFIXED.match(text)):
        prefix, _, local = text.partition(":")
        if prefix in PREFIXES:
            text = PREFIXES[prefix] + local
        elif not local.startswith("//") and prefix not in ("urn", "mailto"):
            raise bad(f"an IRI (unknown prefix '{prefix}:')")
    elif find is not None and text:  # an id in the data's namespace, else a name
        return find(text, _bare(text, names))
    elif (bare := _bare(text, names)) is not None:
        text = bare
    elif re.search(r"\s", text) and (named := _slug(text)):  # a name, as people write it
        raise bad(
            "an IRI",
            hint="give a name as its id: lower case, a/a/o for å/ä/ö and - for spaces, "
            f"such as id:{named}",
        )
    else:
        raise bad("an IRI")
    if not text or _BAD_IRI_CHARS.search(text) or ":" not in text:
        raise bad("an IRI")
    return text


def _bare(text: str, names: str) -> str | None:
    """The IRI a bare name (``fritidsnamnden``: in ``names``) or a name in a city's folder
    (``alby/fritidsnamnden``: in kg's data namespace) reads as; None for other text."""
    if _BARE_NAME.match(text):
        return names + text
    if _BARE_PATH.match(text):
        return PREFIXES["id"] + text
    return None


def _slug(text: str) -> str:
    from kg.io.spreadsheet.cells import slug

    return slug(text)


def _group_iri(value: str, bad: Callable[[str], ParameterError]) -> str:
    """The IRI of the partner group ``value`` names (a word of the vocabulary or the group's
    IRI); anything else is refused, as ``kg gaps --sector`` refuses it."""
    iri = _group(value)
    if iri is None:
        from kg.model.sectors import vocabulary

        hint = _type_hint("group")
        either = vocabulary().nearest(value)
        raise bad("a partner group", f"did you mean {either}? Or {hint}" if either else None)
    return iri


def _group(word: str) -> str | None:
    """The IRI of the partner group (or sector) a vocabulary word or IRI names, else None."""
    from kg.model.sectors import vocabulary

    try:
        return vocabulary().group(word).iri
    except KgError:
        return None
