"""What a test needs that a developer's machine may lack (a module, a program): the test is
skipped there, and fails in CI (``CI`` set), where ``.ci/run`` installs everything the tests
use, so that a test never passes in CI by being skipped."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def missing(reason: str) -> None:
    """Skip the test for want of something (``reason`` says what, and how to install it);
    in CI, fail it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI installs it (.ci/run), so it must be there", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def module(name: str, install: str = "pip install -e '.[test]'") -> ModuleType:
    """The module ``name``, imported; where it is missing, :func:`missing` (at module level
    too: every test of the module is skipped, or in CI the module fails to be collected)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"needs {name} ({install})")
        raise  # not reached: missing() skips or fails
