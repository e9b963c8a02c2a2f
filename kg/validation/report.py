"""What validation finds: violations, each with the node (label and IRI), property and remedy."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Violation:
    """One broken promise: the node (label and IRI), the property, and what to do."""

    label: str
    node: str
    path: str
    message: str
    severity: str = "Violation"
    #: The :attr:`ref` of the violation this one follows from (a misspelt class or term
    #: named on another line): fixing that one clears this one.
    follows: str = ""
    #: The message in Swedish, where the shape has one (``sh:message "…"@sv``)
    message_sv: str = ""
    #: The values it is about, as N-Triples writes them (``"abc"^^<…#integer>``), where it is
    #: about values (a datatype, a list, a misspelt term): not part of what it is, so that
    #: several bad values of one node and property are one violation
    values: tuple[str, ...] = field(default=(), compare=False)

    @property
    def ref(self) -> str:
        """How another violation names this one in ``follows``: ``"node path"``."""
        return f"{self.node} {self.path}"

    def __str__(self) -> str:
        return self.text("en")

    def said(self, lang: str) -> str:
        """The message in ``lang``: the shape's own, else kg's catalog's, else as found."""
        from kg.errors import translated
        from kg.model.spoken import spoken

        if spoken(lang) == "sv" and self.message_sv:
            return self.message_sv
        return translated(self.message, lang)

    def text(self, lang: str) -> str:
        """The node (its label and IRI), the property and the message in ``lang``."""
        from kg.errors import translated, word

        label = translated(self.label, lang)  # a membership's: "membership of A in B"
        name = self.node if self.label == self.node else f"{label} ({self.node})"
        path = word(self.path, lang) if self.path == "(node)" else self.path
        return f"{name} {path}: {self.said(lang)}"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: ``conforms`` is true when there are no violations."""

    violations: list[Violation] = field(default_factory=list)
    #: True when a store's record of an earlier validation was used instead of checking again
    recorded: bool = False

    @property
    def conforms(self) -> bool:
        """True when the data keeps every promise."""
        return not self.violations

    def grouped(self) -> list[tuple[Violation, list[Violation]]]:
        """Each violation that follows from no other, with those that follow from it."""
        following: dict[str, list[Violation]] = {}
        for violation in self.violations:
            if violation.follows:
                following.setdefault(violation.follows, []).append(violation)
        roots = [v for v in self.violations if not v.follows]
        groups = [(root, following.pop(root.ref, [])) for root in roots]
        return groups + [(orphan, []) for rest in following.values() for orphan in rest]

    def to_dict(self) -> dict:
        """Plain data for JSON output: each violation's ``message_sv`` is what ``--lang sv``
        says (the shape's own Swedish, else kg's catalog's for the checks kg makes itself)."""
        return {
            "conforms": self.conforms,
            "violations": [
                {**v.__dict__, "message_sv": v.said("sv"), "values": list(v.values)}
                for v in self.violations
            ],
            "recorded": self.recorded,
        }
