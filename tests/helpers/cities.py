"""The bundled test city, Sjöstad (tests/fixtures/sjostad): a copy to change in a test."""

from __future__ import annotations

import shutil
from pathlib import Path

SJOSTAD = Path(__file__).parent.parent / "fixtures" / "sjostad"


def copy_sjostad(
    into: Path,
    folders: tuple[str, ...] = ("sources", "kalkylark"),
    files: tuple[str, ...] = ("kg.toml",),
) -> Path:
    """A copy of Sjöstad's data folder in ``into``: ``files`` and ``folders`` of it."""
    folder = into / "sjostad"
    folder.mkdir()
    for name in files:
        shutil.copy(SJOSTAD / name, folder / name)
    for name in folders:
        shutil.copytree(SJOSTAD / name, folder / name)
    return folder


def edit(csv: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in one line (1-based) of a CSV file."""
    lines = csv.read_text("utf-8-sig").splitlines()
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")


def two_cities(into: Path) -> tuple[Path, Path]:
    """Sjöstad and Nordstad, Sjöstad renamed in a folder of its own (the same file names,
    other texts), each imported to ``data.ttl`` in its folder."""
    from typer.testing import CliRunner

    from kg.cli import app

    sjostad = copy_sjostad(into)
    nordstad = into / "nordstad"
    for file in sjostad.rglob("*"):
        if file.is_file():
            twin = nordstad / file.relative_to(sjostad)
            twin.parent.mkdir(parents=True, exist_ok=True)
            twin.write_text(file.read_text("utf-8").replace("Sjöstad", "Nordstad"), "utf-8")
    for city in (sjostad, nordstad):
        args = ["import", str(city / "kalkylark"), "-o", str(city / "data.ttl")]
        written = CliRunner().invoke(app, args)
        assert written.exit_code == 0, written.output
    return sjostad, nordstad


def swedish_workbook(into: Path) -> Path:
    """Sjöstad's spreadsheet as a Swedish .xlsx workbook in ``into``."""
    from kg.io.spreadsheet import export_spreadsheet, import_spreadsheet

    path = into / "sjostad.xlsx"
    export_spreadsheet(import_spreadsheet(SJOSTAD / "kalkylark"), path, lang="sv")
    return path
