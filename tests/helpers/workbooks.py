"""A workbook as everything a reader sees in it, and the template as kg wrote it before it
streamed the workbook (openpyxl's ordinary mode, every cell held): the reference it must match."""

from __future__ import annotations

from pathlib import Path

from kg.io.spreadsheet.columns import SHEETS
from kg.io.spreadsheet.writer import _CHOICES, _NUMBERS, _README, Rows


def reference_workbook(rows: Rows, lang: str, path: Path) -> Path:
    """The template with ``rows`` written cell by cell into a workbook held whole."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    readme = book.active
    readme.title = "läs mig" if lang == "sv" else "read me"
    for line in _README[lang]:
        readme.append([line])
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 110
    for sheet in SHEETS:
        page = book.create_sheet(sheet.name(lang))
        page.append([c.header(lang) for c in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            cell = page.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.comment = Comment(column.note(lang), "kg")
            width = 60 if column.key in ("quote", "description", "value") else 18
            page.column_dimensions[get_column_letter(index)].width = width
        for number, row in enumerate(rows.get(sheet.key, []), start=2):
            for index, column in enumerate(sheet.columns, start=1):
                cell = page.cell(row=number, column=index)
                text = row.get(column.key, "")
                if column.key in _NUMBERS and text.isdigit() and not text.startswith("0"):
                    cell.value = int(text)
                else:
                    cell.value = text or None
                    if text:
                        cell.data_type = "s"
                if column.key == "quote":
                    cell.alignment = Alignment(wrap_text=True)
        page.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            vocabulary = _CHOICES.get((sheet.key, column.key))
            if vocabulary is not None:
                words = ",".join(t.name(lang) for t in vocabulary.terms)
                check = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
                check.showErrorMessage = False
                letter = get_column_letter(index)
                check.add(f"{letter}2:{letter}5000")
                page.add_data_validation(check)
    book.save(path)
    return path


def seen(path: Path) -> dict[str, dict]:
    """Each sheet of the workbook at ``path`` as a reader sees it: its used range, frozen
    pane, column widths, drop-down lists, and every cell's value, type, font, wrapping and
    note."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheets: dict[str, dict] = {}
    for page in book.worksheets:
        cells = {
            cell.coordinate: (
                cell.value,
                cell.data_type,
                cell.font.b,
                cell.font.sz,
                cell.alignment.wrap_text,
                cell.comment.text if cell.comment else None,
                cell.comment.author if cell.comment else None,
            )
            for row in page.iter_rows()
            for cell in row
            if cell.value is not None or cell.has_style or cell.comment
        }
        sheets[page.title] = {
            "range": page.dimensions,
            "pane": page.freeze_panes,
            "widths": {k: d.width for k, d in page.column_dimensions.items()},
            "lists": [
                (str(v.sqref), v.type, v.formula1, v.allow_blank, v.showErrorMessage)
                for v in page.data_validations.dataValidation
            ],
            "cells": cells,
        }
    order = [page.title for page in book.worksheets]
    book.close()
    return {"order": order, **sheets}  # type: ignore[dict-item]


def read_only_rows(path: Path) -> dict[str, list[tuple]]:
    """Each sheet's rows as openpyxl's read-only mode (kg import's reader) gives them."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = {page.title: [tuple(c.value for c in r) for r in page.iter_rows()] for page in book}
    book.close()
    return rows
