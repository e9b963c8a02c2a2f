"""How the map draws things: a colour per partner group (the Okabe–Ito palette, which stays
apart under the common colour-vision deficiencies), a shape per actor type, and the mark of a
committee without any partner."""

from __future__ import annotations

#: Partner group (short name) → colour, from Okabe & Ito's palette.
GROUP_COLOURS = {
    "civil": "#009E73",  # bluish green
    "academia": "#E69F00",  # orange
    "business": "#CC79A7",  # reddish purple
    "agencies": "#0072B2",  # blue
    "city": "#56B4E9",  # sky blue
}
UNKNOWN_COLOUR = "#999999"
COLLABORATION_COLOUR = "#BBBBBB"
#: The border of a committee the report says has no partner: vermillion, thick and dashed, so
#: that it tells apart by its dashes as well as its colour.
LACKING_BORDER = "#D55E00"

#: Actor type → vis-network shape; collaborations are diamonds. An organisational unit has
#: its organisation's shape, drawn outlined (:data:`UNIT_TYPES`), so it tells apart from it;
#: the council has its municipality's star, outlined likewise (:data:`OUTLINED_TYPES`): the
#: municipality's own assembly, not the municipality, and no committee.
TYPE_SHAPES = {
    "Committee": "square",
    "Administration": "square",
    "OperationalUnit": "square",
    "Municipality": "star",
    "Council": "star",
    "PublicAgency": "triangleDown",
    "Association": "dot",
    "Company": "triangle",
    "University": "hexagon",
    "ResearchUnit": "hexagon",
}
FALLBACK_SHAPE = "dot"
#: The types of organisational units (org:OrganizationalUnit): outlined in their group's colour.
UNIT_TYPES = frozenset({"Administration", "OperationalUnit", "ResearchUnit"})
#: The types drawn outlined: the units, and the council (the municipality's star, outlined).
OUTLINED_TYPES = UNIT_TYPES | {"Council"}
COLLABORATION_SHAPE = "diamond"

#: Actor or collaboration type → its name for people: English and Swedish, for one and for
#: several ("6 idéburna offentliga partnerskap (IOP)").
TYPE_WORDS = {
    "Committee": ("committee", "nämnd", "committees", "nämnder"),
    "Administration": ("administration", "förvaltning", "administrations", "förvaltningar"),
    "OperationalUnit": ("unit", "verksamhet", "units", "verksamheter"),
    "Municipality": ("municipality", "kommun", "municipalities", "kommuner"),
    "Council": ("council", "kommunfullmäktige", "councils", "kommunfullmäktige"),
    "PublicAgency": ("public agency", "myndighet", "public agencies", "myndigheter"),
    "Association": ("association", "förening", "associations", "föreningar"),
    "Company": ("company", "bolag", "companies", "bolag"),
    "University": ("university", "lärosäte", "universities", "lärosäten"),
    "ResearchUnit": ("research unit", "forskningsenhet", "research units", "forskningsenheter"),
    "KnowledgeAlliance": (
        "knowledge alliance", "kunskapsallians", "knowledge alliances", "kunskapsallianser",
    ),
    "IOP": (
        "civic–public partnership (IOP)", "idéburet offentligt partnerskap (IOP)",
        "civic–public partnerships (IOPs)", "idéburna offentliga partnerskap (IOP)",
    ),
    "CollaborationAgreement": (
        "collaboration agreement", "samverkansavtal", "collaboration agreements", "samverkansavtal",
    ),
    "Project": (
        "project or initiative", "projekt eller satsning",
        "projects or initiatives", "projekt eller satsningar",
    ),
    "Network": ("network", "nätverk", "networks", "nätverk"),
    "MeetingPlace": ("meeting place", "mötesplats", "meeting places", "mötesplatser"),
}  # fmt: skip
#: Actor or collaboration type → its name for one, in English and Swedish.
TYPE_NAMES = {kind: words[:2] for kind, words in TYPE_WORDS.items()}


def type_name(kind: str, lang: str = "en", n: float = 1) -> str:
    """An actor or collaboration type for people; its plural where ``n`` is not 1.

    >>> type_name("PublicAgency"), type_name("PublicAgency", "sv")
    ('public agency', 'myndighet')
    >>> type_name("IOP", "sv", 6), type_name("Association", "en", 4)
    ('idéburna offentliga partnerskap (IOP)', 'associations')
    """
    words = TYPE_WORDS.get(kind)
    return words[(0 if n == 1 else 2) + (lang == "sv")] if words else kind
