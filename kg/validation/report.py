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

    def __str__(self) -> str:
        name = self.node if self.label == self.node else f"{self.label} ({self.node})"
        return f"{name} {self.path}: {self.message}"


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

    def to_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "conforms": self.conforms,
            "violations": [v.__dict__ for v in self.violations],
            "recorded": self.recorded,
        }
