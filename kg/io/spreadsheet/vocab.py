"""The words a spreadsheet may use for types, sectors, roles and statuses, in Swedish and English.

Each vocabulary maps a term of the ontology to the names a cell may give it: the ontology's
short name (``Committee``, ``kg:Committee``), its Swedish and English labels and a few common
synonyms. Matching ignores case, spaces, hyphens and the letters å, ä, ö, é.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from kg.model.vocab import ONTOLOGY_IRI

_SCHEMA = "https://schema.org/"
_FOLD = str.maketrans("åäöéü", "aaoeu")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only, for matching names of terms.

    >>> fold("Idéburen sektor")
    'ideburensektor'
    """
    return _NOT_WORD.sub("", text.strip().lower().translate(_FOLD))


@dataclass(frozen=True)
class Term:
    """One term: its IRI, the name written in each language, other accepted names, and the
    kinds it also covers (``stiftelse`` is an association), each as (English, Swedish)."""

    iri: str
    en: str
    sv: str
    aliases: tuple[str, ...] = ()
    kinds: tuple[tuple[str, str], ...] = ()

    def name(self, lang: str) -> str:
        """The name an exported spreadsheet writes."""
        return self.sv if lang == "sv" else self.en

    @property
    def words(self) -> tuple[str, ...]:
        """Every word a cell may name it by: its English and Swedish names, then the others."""
        kinds = (word for en, sv in self.kinds for word in dict.fromkeys((sv, en)))
        return (self.en, self.sv, *self.aliases, *kinds)

    def shown(self, lang: str) -> str:
        """Its name and the kinds it covers in ``lang``, then its name in the other language.

        >>> company = ACTOR_TYPES.find("bostadsbolag")
        >>> company.shown("sv"), company.shown("en")
        ('bolag, bostadsbolag (company)', 'company, housing company (bolag)')
        """
        other = "en" if lang == "sv" else "sv"
        names = [self.name(lang), *(sv if lang == "sv" else en for en, sv in self.kinds)]
        return f"{', '.join(names)} ({self.name(other)})"


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of terms a column accepts."""

    what: str
    terms: tuple[Term, ...]

    def find(self, text: str) -> Term | None:
        """The term ``text`` names, or None.

        >>> SECTORS.find("näringsliv").iri.rsplit("#")[-1]
        'Business'
        """
        return self._by_word.get(fold(text.removeprefix("kg:")))

    @cached_property
    def _by_word(self) -> dict[str, Term]:
        """Each term by every folded word that names it (the first term's, where two share
        one), made once rather than for each cell."""
        found: dict[str, Term] = {}
        for term in self.terms:
            local = term.iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            for word in (local, *term.words):
                found.setdefault(fold(word), term)
        return found

    def of(self, iri: str) -> Term | None:
        """The term with this IRI, or None."""
        return next((t for t in self.terms if t.iri == str(iri)), None)

    def accepted(self, lang: str = "en") -> str:
        """The accepted names for an error message: each term's name and the kinds it covers
        in ``lang``, then its name in the other language."""
        return "; ".join(t.shown(lang) for t in self.terms)


def _kg(
    local: str, en: str, sv: str, *aliases: str, kinds: tuple[tuple[str, str], ...] = ()
) -> Term:
    return Term(ONTOLOGY_IRI + local, en, sv, aliases, kinds)


ACTOR_TYPES = Vocabulary(
    "actor type",
    (
        _kg("Committee", "committee", "nämnd", "kommunstyrelse"),
        _kg("Administration", "administration", "förvaltning", "kontor"),
        _kg("OperationalUnit", "operational unit", "verksamhet", "unit", "enhet"),
        _kg(
            "Association",
            "association",
            "förening",
            "idéburen organisation",
            kinds=(("foundation", "stiftelse"), ("faith community", "trossamfund")),
        ),
        _kg("Company", "company", "bolag", "företag", kinds=(("housing company", "bostadsbolag"),)),
        _kg("University", "university", "lärosäte", "universitet", "högskola"),
        _kg("ResearchUnit", "research unit", "forskningsenhet", "institution"),
        _kg("PublicAgency", "public agency", "myndighet", "agency", kinds=(("region", "region"),)),
        _kg("Municipality", "municipality", "kommun"),
        _kg("Council", "council", "kommunfullmäktige", "fullmäktige", "city council"),
    ),
)

#: Collaboration types, each with the IRI prefix data/README.md gives its kind.
COLLABORATION_TYPES = Vocabulary(
    "collaboration type",
    (
        _kg("KnowledgeAlliance", "knowledge alliance", "kunskapsallians", "ka"),
        _kg(
            "IOP",
            "IOP",
            "idéburet offentligt partnerskap",
            "civic-public partnership",
            "civic–public partnership (IOP)",
            "idéburet offentligt partnerskap (IOP)",
        ),
        _kg("CollaborationAgreement", "agreement", "samverkansavtal", "avtal", "agr"),
        _kg("Project", "project", "projekt", "initiative", "initiativ", "proj"),
        _kg("Network", "network", "nätverk", "net"),
        _kg("MeetingPlace", "meeting place", "mötesplats", "mp"),
    ),
)
IRI_PREFIX: dict[str, str] = {
    ONTOLOGY_IRI + "KnowledgeAlliance": "ka",
    ONTOLOGY_IRI + "IOP": "iop",
    ONTOLOGY_IRI + "CollaborationAgreement": "agr",
    ONTOLOGY_IRI + "Project": "proj",
    ONTOLOGY_IRI + "Network": "net",
    ONTOLOGY_IRI + "MeetingPlace": "mp",
}


def _sectors() -> Vocabulary:
    """The four sectors of ``kg:sector``, with the words the ontology's vocabulary gives them
    (kg.model.sectors): the short name in English, the Swedish label, and every other label."""
    from kg.model.sectors import vocabulary

    return Vocabulary(
        "sector",
        tuple(
            Term(s.iri, s.name, s.label("sv"), (s.label("en"), *sorted(s.words)))
            for s in vocabulary().sectors
        ),
    )


SECTORS = _sectors()

ROLES = Vocabulary(
    "role",
    (
        _kg("LeadRole", "lead", "huvudman", "leder", "lead role"),
        _kg("FunderRole", "funder", "finansiär", "funder role"),
    ),
)

STATUSES = Vocabulary(
    "status",
    (
        _kg(
            "StatusDone",
            "green",
            "grön",
            "done",
            "klart",
            "done (green)",
            "klart (grönt)",
            "slutfört",
            "slutfört (grönt)",
        ),
        _kg(
            "StatusOngoing",
            "yellow",
            "gul",
            "ongoing",
            "pågående",
            "pågående (gult)",
            "pågår enligt plan",
            "pågår enligt plan (gult)",
        ),
        _kg("StatusNotStarted", "red", "röd", "not started", "ej påbörjat", "ej påbörjat (rött)"),
    ),
)

#: What a statement rests on when its quote alone does not carry it (data/README.md, "Bases").
BASES = Vocabulary(
    "basis",
    (
        _kg(
            "TypeFromOutsideKnowledge",
            "outside type",
            "typ utifrån",
            "outside-type",
            "type from outside knowledge",
            "typ från kunskap utanför källorna",
        ),
        _kg(
            "IdentityFromOutsideKnowledge",
            "outside identity",
            "identitet utifrån",
            "outside-identity",
            "identification from outside knowledge",
            "identifiering från kunskap utanför källorna",
        ),
        _kg(
            "ReadFromContext",
            "context",
            "sammanhang",
            "read from the context",
            "läst ur sammanhanget",
        ),
        _kg(
            "AssumedByCurators",
            "assumed",
            "antaget",
            "assumed by the curators",
            "antaget av dem som sammanställt uppgifterna",
            "antaget av kuratorerna",
        ),
    ),
)

AREA_TYPES = Vocabulary(
    "area type",
    (
        _kg("Area", "area", "område"),
        _kg("CityDistrict", "city district", "stadsområde", "stadsdel"),
        _kg("Neighbourhood", "neighbourhood", "delområde", "neighborhood"),
        _kg("GoalArea", "goal area", "målområde"),
    ),
)

DOCUMENT_KINDS = Vocabulary(
    "document kind",
    (
        Term(_SCHEMA + "Report", "report", "rapport", ("uppföljning", "årsanalys")),
        Term(_SCHEMA + "NewsArticle", "news article", "nyhet", ("news", "pressmeddelande")),
        Term(_SCHEMA + "WebPage", "web page", "webbsida", ("webpage", "webbplats")),
    ),
)

#: What a stated count counts: any actor, collaboration or area type, or these.
COUNTED_CLASSES = Vocabulary(
    "counted kind",
    (
        *ACTOR_TYPES.terms,
        *COLLABORATION_TYPES.terms,
        *AREA_TYPES.terms,
        _kg("InvestigationAssignment", "investigation assignment", "utredningsuppdrag"),
        _kg("Recommendation", "recommendation", "rekommendation"),
        _kg("Actor", "actor", "aktör", "organisation"),
        _kg("Collaboration", "collaboration", "samverkan"),
    ),
)

#: Yes and no, as a cell may write them.
YES = {"yes", "ja", "true", "sant", "y", "j", "x", "1"}
NO = {"no", "nej", "false", "falskt", "n", "0"}
_WRITTEN = {"en": ("no", "yes"), "sv": ("nej", "ja")}


def yes_no(value: bool, lang: str) -> str:
    """Yes or no as a workbook in ``lang`` writes it.

    >>> yes_no(True, "sv"), yes_no(False, "en")
    ('ja', 'no')
    """
    return _WRITTEN[lang][value]


def closest(name: str, names: list[str]) -> str | None:
    """The one of ``names`` ``name`` is most likely a misspelling of, or None.

    Of names spelt alike but for case and accents, the first is given (``idéburen sektor``,
    not the ``ideburen sektor`` a cell may also write).

    >>> closest("områdn", ["areas", "områden", "parter"])
    'områden'
    >>> closest("ideell sektor", ["idéburen sektor", "ideburen sektor"])
    'idéburen sektor'
    """
    by_folded: dict[str, str] = {}
    for n in names:
        by_folded.setdefault(fold(n), n)
    found = difflib.get_close_matches(fold(name), list(by_folded), n=1, cutoff=0.75)
    return by_folded[found[0]] if found else None
