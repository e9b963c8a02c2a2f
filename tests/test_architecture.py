"""The package's rooms: every import points down the list of rooms, and no module imports
itself round a loop (imports inside functions count; ``if TYPE_CHECKING:`` blocks do not)."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kg"
#: The rooms from the top down; a module may import its own room and the rooms below it.
ROOMS = ["cli", "report", "web", "analysis", "sparql", "validation", "io", "model", "base"]
#: Top-level modules that are not a folder, and the room each belongs to.
BASE = {
    "errors": "base",
    "collector": "base",
    "machine": "base",
    "paths": "base",
    "progress": "base",
    "numbers": "base",
    "__init__": "cli",
    "__main__": "cli",
    "synth": "analysis",
}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "cli"  # the package's face, kg/__init__.py
    return parts[1] if parts[1] in ROOMS else BASE[parts[1]]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and [a.name for a in node.names] == ["__version__"]:
            continue  # the release number, read from the package's face by anyone
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kg"))
    return found


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def _graph() -> dict[str, set[str]]:
    """Each module's imports of other kg modules (read once, when a test first asks)."""
    return {m: {i for i in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "kg"))
def test_imports_point_down_the_rooms(module: str):
    level = ROOMS.index(_room(module))
    upward = sorted(i for i in _graph()[module] if ROOMS.index(_room(i)) < level)
    assert not upward, f"{module} ({_room(module)}) imports rooms above it: {upward}"


def test_no_module_imports_itself_round_a_loop():
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(_graph()[module]):
            if state.get(target) == "open":
                loop = [*path[path.index(target) :], target]
                raise AssertionError("import loop: " + " -> ".join(loop))
            if target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])


def test_no_module_is_over_400_lines():
    long = {
        m: n
        for m, p in MODULES.items()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long, long


@pytest.mark.slow
def test_tests_import_their_helpers_one_way():
    """pytest puts tests/ on the path: a test imports ``helpers.serving``. One that imported
    ``tests.helpers.serving`` loaded the module a second time, with state of its own (a
    second copy of what the first holds, its classes not the first's)."""
    tests = PACKAGE.parent / "tests"
    other = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            other += [
                f"{path.relative_to(tests)}:{node.lineno}"
                for n in names
                if n == "tests" or n.startswith("tests.")
            ]
    assert other == []
