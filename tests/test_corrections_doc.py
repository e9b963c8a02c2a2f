"""docs/rattelser.md, the page that tells an association how to correct or add a fact, works
as written: its commands run, and its rows, added to the workbook `kg export` writes, import
and show in the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "rattelser.md"
runner = CliRunner()


def _rows() -> list[tuple[str, dict[str, str]]]:
    """Each table of the page under a "#### Bladet NAME" heading: (sheet, column → value)."""
    found = []
    for part in re.split(r"^#### Bladet ", PAGE.read_text("utf-8"), flags=re.M)[1:]:
        sheet, _, body = part.partition("\n")
        body = re.split(r"^#", body, flags=re.M)[0]
        for table in re.findall(r"((?:^\|.*\|\n)+)", body, flags=re.M):
            cells = [line.strip("|").split("|") for line in table.splitlines()[2:]]
            found.append((sheet.strip(), {k.strip(): v.strip() for k, v in cells}))
    return found


def test_the_page_is_linked_where_an_association_looks():
    assert "docs/rattelser.md" in (ROOT / "README.md").read_text("utf-8")
    assert "docs/rattelser.md" in (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    assert "docs/rattelser.md" in (ROOT / "data" / "README.md").read_text("utf-8")


@pytest.mark.slow
def test_the_pages_rows_import_and_show_in_the_report(tmp_path: Path):
    """The page's example is a fact the bundled data holds (the IOP with Refugees Welcome
    Sweden): taken out of the exported workbook and written back from the page's tables, it
    imports in Swedish and the report lists it under the committee."""
    import openpyxl

    rows = _rows()
    assert [sheet for sheet, _ in rows] == ["aktörer", "samverkan", "parter", "parter"]
    book = tmp_path / "malmo.xlsx"
    exported = runner.invoke(app, ["export", "--format", "xlsx", "--lang", "sv", "-o", str(book)])
    assert exported.exit_code == 0, exported.output
    workbook = openpyxl.load_workbook(book)
    for sheet in workbook.worksheets:  # as if the fact were missing
        for index in range(sheet.max_row, 1, -1):
            if any("Refugees" in str(c.value or "") for c in sheet[index]):
                sheet.delete_rows(index)
    for name, values in rows:
        sheet = workbook[name]
        header = [c.value for c in sheet[1]]
        assert set(values) <= set(header), set(values) - set(header)
        sheet.append([values.get(column, None) for column in header])
    workbook.save(book)

    turtle = tmp_path / "malmo.ttl"
    imported = runner.invoke(app, ["import", str(book), "-o", str(turtle)])
    assert imported.exit_code == 0, imported.output
    report = tmp_path / "rapport"
    made = runner.invoke(
        app, ["report", "--no-bundled", "--data", str(turtle), "--lang", "sv", "-o", str(report)]
    )
    assert made.exit_code == 0, made.output
    text = (report / "report.md").read_text("utf-8")
    assert "**Refugees Welcome Sweden** — idéburen sektor — genom IOP med Refugees Welcome" in text
    iops = runner.invoke(
        app,
        ["query", "iops-per-committee", "--no-bundled", "--data", str(turtle), "-f", "json"],
    )
    bindings = json.loads(iops.stdout)["results"]["bindings"]
    found = [(b["committeeLabel"]["value"], b["partyLabel"]["value"]) for b in bindings]
    assert ("Sociala resursnämnden", "Refugees Welcome Sweden") in found
