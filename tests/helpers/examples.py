"""How many examples hypothesis tries in kg's property tests, the same way in each."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings


def bounded(examples: int) -> Any:
    """Hypothesis settings for a test of kg: the same ``examples`` on every run (derandomized,
    no example database), no deadline (the machine is shared)."""
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
