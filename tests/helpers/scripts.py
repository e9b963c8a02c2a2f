"""The project's scripts (scripts/*.py) loaded as modules, for tests of their functions."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@contextmanager
def script(name: str) -> Iterator[ModuleType]:
    """``scripts/NAME.py`` as a module, registered under ``NAME`` while it is used
    (dataclasses look their module up while the file runs)."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(name, None)
