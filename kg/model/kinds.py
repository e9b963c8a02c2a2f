"""What the data may not extend: kg's classes and partner groups are its ontology's.

A class the data declares below one of kg's (a city's own subclass, such as a foundation
under ``kg:Association``) is refused, as no surface would read it as its parent (the
statistics, the rules, the map's shapes, ``--type``, the spreadsheet and the shapes know the
ontology's classes only); so is a partner group of the data's own (a ``kg:Sector`` the
ontology lacks, typed so or put in ``kg:SectorScheme``), which no rule, option or legend
would know. One rule and one wording for
``kg validate`` (:mod:`kg.validation.kinds`), ``kg stats`` and every command that reads the
facts (:func:`kg.model.facts.assemble`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache

from kg.errors import KgError
from kg.model import vocab as v

#: Where the README says what to do instead (the model's table, and why)
_SEE = 'see "Extending the data" in the README'
#: The end of a command's hint: where to see every node the rule refuses
_LISTED_NODES = "kg validate lists every node typed so"
_LISTED_ACTORS = "kg validate lists every actor in it"


@cache
def ontology_classes() -> frozenset[str]:
    """The ``kg:`` classes kg's ontology declares (``owl:Class``).

    >>> v.ONTOLOGY_IRI + "Association" in ontology_classes()
    True
    """
    from kg.model.ontology import ontology

    query = "SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> }"
    return frozenset(
        row[0].value for row in ontology().query(query) if row[0].value.startswith(v.ONTOLOGY_IRI)
    )


#: The pairs (class, its parent) a graph declares by ``rdfs:subClassOf``, as ``?c ?p``: what
#: :func:`own_subclasses` is given where the graph is a store or an endpoint
SUBCLASS_PAIRS = f"SELECT ?c ?p WHERE {{ ?c <{v.SUBCLASS_OF}> ?p FILTER(isIRI(?c) && isIRI(?p)) }}"


def own_subclasses(children: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Each class the data declares below a ``kg:`` class of the ontology without being one
    (``children``: a class → its direct subclasses, as ``rdfs:subClassOf`` gives them) → the
    nearest of the ontology's classes above it.

    >>> foundation = "https://example.org/Foundation"
    >>> own_subclasses({v.ONTOLOGY_IRI + "Association": {foundation}})[foundation]
    'https://w3id.org/kg-malmo/ontology#Association'
    """
    known = ontology_classes()
    found: dict[str, str] = {}
    for parent in sorted(known):
        stack = sorted(c for c in children.get(parent, ()) if c not in known)
        while stack:
            cls = stack.pop()
            if cls not in found:
                found[cls] = parent
                stack.extend(c for c in children.get(cls, ()) if c not in known)
    return found


#: The classes no node is typed with on its own, only with one of the classes below them
#: (the ontology's "Abstract: …" in their definitions)
ABSTRACT = ("kg:Actor", "kg:Collaboration")


def below(parent: str) -> str:
    """The ``kg:`` classes directly below the abstract class ``parent``, one of which a node
    takes (prefixed, sorted).

    >>> below("kg:Collaboration").split(", ")[:3]
    ['kg:CollaborationAgreement', 'kg:IOP', 'kg:KnowledgeAlliance']
    """
    from kg.model.ontology import ontology

    iri = v.ONTOLOGY_IRI + parent.removeprefix("kg:")
    query = f"SELECT ?c WHERE {{ ?c <{v.SUBCLASS_OF}> <{iri}> FILTER(isIRI(?c)) }}"
    found = {r[0].value for r in ontology().query(query) if r[0].value in ontology_classes()}
    return ", ".join(sorted("kg:" + c.removeprefix(v.ONTOLOGY_IRI) for c in found))


def refusal(cls: str, parent: str) -> tuple[str, str]:
    """What is wrong with ``cls``, the data's own subclass of ``parent``, and what to do; an
    abstract ``parent`` (:data:`ABSTRACT`) names the classes below it to choose from.

    >>> refusal("ex:Foundation", "kg:Association")[1]
    'type it kg:Association and remove ex:Foundation (see "Extending the data" in the README)'
    >>> refusal("ex:Foundation", "kg:Actor")[1][:50]
    'type it one of the classes below kg:Actor (kg:Admi'
    """
    reason = f"{cls} is the data's own subclass of {parent}: kg takes only its ontology's classes"
    if parent in ABSTRACT:
        classes = below(parent)
        return (
            reason,
            f"type it one of the classes below {parent} ({classes}) and remove {cls} ({_SEE})",
        )
    return reason, f"type it {parent} and remove {cls} ({_SEE})"


def retype(parent: str) -> str:
    """What to do with the nodes of the data's own subclass of ``parent`` once it is removed.

    >>> retype("kg:Association")
    'remove it, and type its nodes kg:Association'
    """
    if parent in ABSTRACT:
        classes = below(parent)
        return (
            f"remove it, and type each of its nodes one of the classes below {parent} ({classes})"
        )
    return f"remove it, and type its nodes {parent}"


def refuse_own_subclasses(instances: Mapping[str, list[str]], own: Mapping[str, str]) -> None:
    """Raise :class:`~kg.errors.KgError` for the first node typed with a class of ``own``
    (:func:`own_subclasses`; ``instances``: a class → the nodes typed with it)."""
    from kg.model.names import display

    typed = sorted((node, cls) for cls in own for node in instances.get(cls, ()))
    if typed:
        node, cls = typed[0]
        parent = display(own[cls])
        raise KgError(
            f"{display(node)} is typed {display(cls)}, the data's own subclass of {parent}: kg "
            "takes only its ontology's classes",
            hint=f"{refusal(display(cls), parent)[1]}; {_LISTED_NODES}",
        )


#: How a graph makes a concept a sector or partner group: each (predicate, object) of its
#: statements, typed ``kg:Sector`` or in ``kg:SectorScheme``
GROUP_MARKS: tuple[tuple[str, str], ...] = (
    (v.TYPE, v.ONTOLOGY_IRI + "Sector"),
    (v.IN_SCHEME, v.ONTOLOGY_IRI + "SectorScheme"),
    (v.TOP_CONCEPT_OF, v.ONTOLOGY_IRI + "SectorScheme"),
)
#: The query of :data:`GROUP_MARKS`, as ``?c``: what :func:`own_groups` is given where the
#: graph is a store or an endpoint
GROUP_CONCEPTS = (
    "SELECT DISTINCT ?c WHERE { VALUES (?p ?o) { "
    + " ".join(f"(<{p}> <{o}>)" for p, o in GROUP_MARKS)
    + " } ?c ?p ?o FILTER(isIRI(?c)) }"
)


def group_concepts(subjects: Callable[[str, str], Iterable[str]]) -> set[str]:
    """The IRIs :data:`GROUP_MARKS` make a sector or partner group, where ``subjects(p, o)``
    gives the subjects of the statements ``?s p o`` (a blank node written ``_:…``).

    >>> group_concepts(lambda p, o: ["https://example.org/Regions"] if p == v.IN_SCHEME else [])
    {'https://example.org/Regions'}
    """
    return {c for p, o in GROUP_MARKS for c in subjects(p, o) if not c.startswith("_:")}


def own_groups(declared: Iterable[str]) -> list[str]:
    """The concepts of ``declared`` (:func:`group_concepts`) that kg's ontology does not
    define: a partner group of the data's own, which no rule, option or legend would know.

    >>> own_groups([v.ONTOLOGY_IRI + "Academia", "https://example.org/Regions"])
    ['https://example.org/Regions']
    """
    from kg.model.sectors import vocabulary

    vocab = vocabulary()
    known = {c.iri for c in (*vocab.groups, vocab.public, *vocab.sectors)}
    return sorted(set(declared) - known)


def group_refusal(concept: str) -> tuple[str, str]:
    """What is wrong with ``concept``, a partner group of the data's own, and what to do."""
    from kg.model.sectors import vocabulary

    names = ", ".join(vocabulary().names)
    return (
        f"{concept} is a partner group of the data's own: kg's partner groups ({names}) are "
        "its ontology's",
        "remove it, and give each actor in it one of kg's sectors (a region or another "
        f"public body outside the city: kg:PublicSector, kg:isMunicipal false) ({_SEE})",
    )


def refuse_own_groups(declared: Iterable[str]) -> None:
    """Raise :class:`~kg.errors.KgError` for the first of :func:`own_groups`."""
    from kg.model.names import display

    found = own_groups(declared)
    if found:
        reason, hint = group_refusal(display(found[0]))
        raise KgError(reason, hint=f"{hint}; {_LISTED_ACTORS}")
