"""How the map draws things: a colour per partner group (the Okabe–Ito palette, which stays
apart under the common colour-vision deficiencies), a shape per actor type, and the mark of a
committee with no partner, named or unnamed."""

from __future__ import annotations

from functools import cache

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
#: What WCAG 2.1's 1.4.11 asks of a graphical object against its background (white).
GRAPHICS_CONTRAST = 3.0

#: Actor type → vis-network shape; collaborations are diamonds. An organisational unit has
#: its organisation's shape, drawn outlined (:func:`outlined`), so it tells apart from it;
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
#: The types drawn outlined besides the units (the ontology's org:OrganizationalUnit
#: classes, :func:`outlined`): the council, the municipality's star outlined.
OUTLINED_TYPES = frozenset({"Council"})
COLLABORATION_SHAPE = "diamond"

#: Actor or collaboration type → its name for several, in English and Swedish ("6 idéburna
#: offentliga partnerskap (IOP)"); its name for one is its class's label in the ontology
#: (:func:`kg.model.ontology.class_labels`), as the query library and kg serve's pages say it.
TYPE_PLURALS = {
    "Committee": ("committees", "nämnder"),
    "Administration": ("administrations", "förvaltningar"),
    "OperationalUnit": ("operational units", "verksamheter"),
    "Municipality": ("municipalities", "kommuner"),
    "Council": ("councils", "kommunfullmäktige"),
    "PublicAgency": ("public agencies", "myndigheter"),
    "Association": ("associations", "föreningar"),
    "Company": ("companies", "bolag"),
    "University": ("universities", "lärosäten"),
    "ResearchUnit": ("research units", "forskningsenheter"),
    "KnowledgeAlliance": ("knowledge alliances", "kunskapsallianser"),
    "IOP": ("civic–public partnerships (IOPs)", "idéburna offentliga partnerskap (IOP)"),
    "CollaborationAgreement": ("collaboration agreements", "samverkansavtal"),
    "Project": ("projects", "projekt"),
    "Network": ("networks", "nätverk"),
    "MeetingPlace": ("meeting places", "mötesplatser"),
}


def outlined(kind: str) -> bool:
    """Whether the map draws an actor of type ``kind`` outlined: a unit (a class of the
    ontology's below ``org:OrganizationalUnit``) or the council.

    >>> outlined("ResearchUnit"), outlined("Council"), outlined("University")
    (True, True, False)
    """
    from kg.model.ontology import unit_classes

    return kind in OUTLINED_TYPES or kind in unit_classes()


def contrast(one: str, other: str) -> float:
    """The contrast ratio of two ``#rrggbb`` colours (WCAG 2.1's, of their relative
    luminance): 1 to 21.

    >>> round(contrast("#56B4E9", "#ffffff"), 2), round(contrast("#000000", "#ffffff"), 2)
    (2.31, 21.0)
    """

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@cache  # a map asks for each node's: a handful of colours, each worked out once
def ring(colour: str) -> str:
    """The outline of an outlined node of a group's ``colour``: the colour itself where it
    stands out from white by :data:`GRAPHICS_CONTRAST` (WCAG 1.4.11), else the same hue made
    darker until it does, so that a unit's ring is seen and still reads as its group's.

    >>> ring("#0072B2"), ring("#56B4E9"), ring("#E69F00")
    ('#0072B2', '#4B9DCB', '#C68900')
    """
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    scale = 1.0
    while True:
        found = "#" + "".join(f"{round(c * scale):02X}" for c in channels)
        if contrast(found, "#ffffff") >= GRAPHICS_CONTRAST:
            return colour if scale == 1.0 else found
        scale -= 0.01


def type_name(kind: str, lang: str = "en", n: float = 1) -> str:
    """An actor or collaboration type for people; its plural where ``n`` is not 1.

    >>> type_name("PublicAgency"), type_name("PublicAgency", "sv")
    ('public agency', 'myndighet')
    >>> type_name("IOP", "sv", 6), type_name("Association", "en", 4)
    ('idéburna offentliga partnerskap (IOP)', 'associations')
    >>> type_name("Project"), type_name("OperationalUnit", "sv")
    ('project', 'verksamhet')
    """
    if kind not in TYPE_PLURALS:
        return kind
    if n != 1:
        return TYPE_PLURALS[kind][lang == "sv"]
    from kg.model.ontology import class_labels

    return class_labels().get(kind, {}).get(lang, kind)
