"""What collecting the tests imports: each xdist worker imports every test module and every
kg module (--doctest-modules), so a package that only a few tests use is imported by those
tests, not at a module's top, where every process pays for it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Packages a few tests use, each a tenth of a second or more to import
HEAVY = {"csvw", "igraph", "matplotlib", "openpyxl", "pandas", "pyshacl", "selenium"}


def _top_level_imports(path: Path) -> set[str]:
    """The packages ``path`` imports when it is imported (not inside a function or class,
    nor under ``if TYPE_CHECKING:``)."""
    names: set[str] = set()
    body = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while body:
        node = body.pop()
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
            body.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            body.extend(node.body + node.orelse + node.finalbody)
    return names


def test_the_check_sees_an_import_at_the_top_and_not_one_inside_a_test(tmp_path):
    module = tmp_path / "test_example.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nimport pandas as pd\n"
        "if TYPE_CHECKING:\n    from matplotlib.figure import Figure\n"
        "def test_it():\n    import openpyxl\n",
        encoding="utf-8",
    )
    assert _top_level_imports(module) & HEAVY == {"pandas"}


@pytest.mark.slow
def test_a_package_few_tests_use_is_not_imported_at_collection():
    files = sorted((ROOT / "tests").rglob("*.py")) + sorted((ROOT / "kg").rglob("*.py"))
    found = {
        str(path.relative_to(ROOT)): sorted(heavy)
        for path in files
        if (heavy := _top_level_imports(path) & HEAVY)
    }
    assert not found, f"import these in the tests or functions that use them: {found}"
