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

#: Actor type → a name for people, in English and Swedish.
TYPE_NAMES = {
    "Committee": ("committee", "nämnd"),
    "Administration": ("administration", "förvaltning"),
    "OperationalUnit": ("unit", "verksamhet"),
    "Municipality": ("municipality", "kommun"),
    "Council": ("council", "fullmäktige"),
    "PublicAgency": ("public agency", "myndighet"),
    "Association": ("association", "förening"),
    "Company": ("company", "bolag"),
    "University": ("university", "lärosäte"),
    "ResearchUnit": ("research unit", "forskningsenhet"),
    "KnowledgeAlliance": ("knowledge alliance", "kunskapsallians"),
    "IOP": ("civic–public partnership (IOP)", "idéburet offentligt partnerskap (IOP)"),
    "CollaborationAgreement": ("collaboration agreement", "samverkansavtal"),
    "Project": ("project or initiative", "projekt eller satsning"),
    "Network": ("network", "nätverk"),
    "MeetingPlace": ("meeting place", "mötesplats"),
}


#: Each type's plural, English and Swedish: "6 idéburna offentliga partnerskap (IOP)".
TYPE_PLURALS = {
    "Committee": ("committees", "nämnder"),
    "Council": ("councils", "fullmäktige"),
    "Administration": ("administrations", "förvaltningar"),
    "OperationalUnit": ("units", "verksamheter"),
    "Municipality": ("municipalities", "kommuner"),
    "PublicAgency": ("public agencies", "myndigheter"),
    "Association": ("associations", "föreningar"),
    "Company": ("companies", "bolag"),
    "University": ("universities", "lärosäten"),
    "ResearchUnit": ("research units", "forskningsenheter"),
    "KnowledgeAlliance": ("knowledge alliances", "kunskapsallianser"),
    "IOP": ("civic–public partnerships (IOPs)", "idéburna offentliga partnerskap (IOP)"),
    "CollaborationAgreement": ("collaboration agreements", "samverkansavtal"),
    "Project": ("projects or initiatives", "projekt eller satsningar"),
    "Network": ("networks", "nätverk"),
    "MeetingPlace": ("meeting places", "mötesplatser"),
}


def type_name(kind: str, lang: str = "en", n: float = 1) -> str:
    """An actor or collaboration type for people; its plural where ``n`` is not 1.

    >>> type_name("PublicAgency"), type_name("PublicAgency", "sv")
    ('public agency', 'myndighet')
    >>> type_name("IOP", "sv", 6), type_name("Association", "en", 4)
    ('idéburna offentliga partnerskap (IOP)', 'associations')
    """
    names = (TYPE_PLURALS.get(kind) if n != 1 else None) or TYPE_NAMES.get(kind)
    return (names[1] if lang == "sv" else names[0]) if names else kind
