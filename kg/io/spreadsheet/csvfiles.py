"""Read CSV files (a folder of them, or a ZIP) into rows of text cells, one file a sheet."""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KgWarning, translated, utf8_position
from kg.io.spreadsheet.columns import SHEETS, sheet_named, sheet_of_headers
from kg.io.spreadsheet.mistakes import Mistakes


def download_name(file: Path) -> str:
    """The sheet a CSV file is named after, also when Google Sheets ("Ekstad - aktörer.csv")
    or LibreOffice ("ekstad-aktörer.csv") put the workbook's name before it.

    >>> download_name(Path("Ekstad - aktörer.csv")), download_name(Path("x-parter.csv"))
    ('aktörer', 'parter')
    >>> download_name(Path("aktörer 2016.csv"))
    'aktörer 2016'
    """
    name = file.stem
    if sheet_named(name) is not None:
        return name
    for separator in (" - ", "-"):
        _, found, sheet = name.rpartition(separator)
        if found and sheet_named(sheet.strip()) is not None:
            return sheet.strip()
    return name


def read_zip(path: Path, mistakes: Mistakes) -> Iterator[tuple[Path, str, list[list[str]]]]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        mistakes.add(f"{path}: not a ZIP file ({error})", "zip the CSV files again")
        return
    legacy: list[Path] = []
    with archive:
        for name, info in csv_names(archive).items():
            where = Path(f"{path}/{name}")
            yield where, download_name(where), read_csv(archive.read(info), where, mistakes, legacy)
    note_windows_1252(legacy)


def csv_names(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The CSV files of a ZIP (its sheets), by name, in order; no folders or hidden files."""
    found = {}
    for info in sorted(archive.infolist(), key=zip_name):
        name = Path(zip_name(info))
        if not (info.is_dir() or name.suffix.lower() != ".csv" or name.name.startswith(".")):
            found[str(name)] = info
    return found


def zip_name(info: zipfile.ZipInfo) -> str:
    """A file's name in a ZIP as the tool that made it wrote it.

    A name without the UTF-8 flag (bit 0x800) is CP437 by the ZIP standard, but the ordinary
    ``zip`` command and macOS write UTF-8 there without the flag; read such a name as UTF-8
    when it is valid UTF-8, as ``unzip`` does.

    >>> info = zipfile.ZipInfo("aktörer.csv".encode().decode("cp437"))
    >>> zip_name(info)
    'aktörer.csv'
    """
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except UnicodeError:
        return info.filename


def read_csv(
    data: bytes, path: Path, mistakes: Mistakes, legacy: list[Path] | None = None
) -> list[list[str]]:
    """CSV in UTF-8 (with or without BOM), or else Windows-1252 (what Swedish Excel's "CSV
    (semikolonavgränsad)" writes; a :class:`~kg.errors.KgWarning` says so, or ``path`` is
    added to ``legacy``, for :func:`note_windows_1252` to say of a folder's files at once),
    separated by commas, semicolons or tabs; a first line ``sep=;`` (which Excel reads and
    some exports write) names the separator."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = _windows_1252(data)
        if text is None:
            line, column = utf8_position(data, error)
            mistakes.add(
                f"{path}: not UTF-8 text (line {line}, column {column})",
                "save the CSV file as 'CSV UTF-8' (Excel) or with character set UTF-8 "
                "(LibreOffice)",
            )
            return []
        if legacy is None:
            note_windows_1252([path])
        else:
            legacy.append(path)
    first, _, rest = text.partition("\n")
    named = re.fullmatch(r"\s*sep=(.)\s*", first, flags=re.IGNORECASE)
    if named:  # an empty first row keeps the rows' numbers those of the file's lines
        text, first = "\n" + rest, rest.split("\n", 1)[0]
    delimiter = named.group(1) if named else max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append([cell.strip() for cell in row])
    except csv.Error:  # past csv's limit of a cell's length: the rows before it are read
        mistakes.add(
            "a cell starting on this row runs past 131,072 characters, more than kg import "
            'reads: a quote mark (") that opens a cell and is never closed makes the rest of '
            "the file one cell",
            'close that quote mark (a quote mark inside a cell is written twice: ""), or save '
            "the sheet as CSV again from Excel or LibreOffice",
            file=path,
            sheet=download_name(path),
            row=len(rows) + 1,
        )
    return rows


def note_windows_1252(paths: list[Path]) -> None:
    """One :class:`~kg.errors.KgWarning` for the CSV files of ``paths`` read as Windows-1252
    (a folder Swedish Excel saved has nine): naming the one file, or the folder and each."""
    if len(paths) == 1:
        warnings.warn(
            f"{paths[0]} is not UTF-8 text: it was read as Windows-1252, as Excel saves "
            "'CSV (semicolon delimited)'; check its names with å, ä and ö in the output, or "
            "save it as 'CSV UTF-8'",
            KgWarning,
            stacklevel=3,
        )
    elif paths:
        folder = Path(os.path.commonpath([p.parent for p in paths]))
        names = ", ".join(p.relative_to(folder).as_posix() for p in paths)
        warnings.warn(
            f"{len(paths)} CSV files in {folder} are not UTF-8 text ({names}): they were read "
            "as Windows-1252, as Excel saves 'CSV (semicolon delimited)'; check their names "
            "with å, ä and ö in the output, or save them as 'CSV UTF-8'",
            KgWarning,
            stacklevel=3,
        )


def no_csv_files(path: Path) -> tuple[str, str]:
    """The mistake (and what to do) of a folder without CSV files, such as a city's data
    folder: the spreadsheets in it and its folders (a workbook, a folder of CSV files, a ZIP
    of CSV files), to give instead; a folder it cannot enter is passed over."""
    found = sorted(
        str(p.parent if p.suffix.lower() == ".csv" else p)
        for p in [*path.glob("*"), *path.glob("*/*")]
        if p.suffix.lower() in (".xlsx", ".xlsm", ".csv", ".zip")
        and not p.name.startswith(("~$", "."))  # Excel's lock file of an open workbook
        and _is_file(p)
        and (p.suffix.lower() != ".zip" or _holds_csv_files(p))
    )
    found = list(dict.fromkeys(found))
    if len(found) == 1:
        return f"{path} has no .csv files", f"give the spreadsheet in it instead: {found[0]}"
    if found:
        shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
        return f"{path} has no .csv files", f"give one of the spreadsheets in it instead: {shown}"
    return (
        f"{path} has no .csv files",
        "give a folder of CSV files (one per sheet, each named after its sheet) or an .xlsx file",
    )


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; False where it cannot be told (in a folder that can be
    listed but not entered)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _holds_csv_files(path: Path) -> bool:
    """Whether ``path`` is a ZIP that holds CSV files (a spreadsheet kg import reads)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return bool(csv_names(archive))
    except (OSError, zipfile.BadZipFile):
        return False


def csv_sheet(path: Path) -> str | None:
    """The template's sheet a CSV file holds, named as the file writes it: the one its header
    row names the columns of (Excel's "Save as CSV" names the file after the workbook), else
    the one its name is; None where neither is, or the file cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    grid = read_csv(data, path, Mistakes(), legacy=[])  # its mistakes come when it is read
    name = download_name(path)
    found = sheet_of_headers(next((row for row in grid if any(row)), []))
    return found or (name if sheet_named(name) is not None else None)


def one_sheet_alone(path: Path, mistakes: Mistakes) -> None:
    """The mistake (and what to do) of a CSV file given alone, where kg import reads a whole
    workbook: Excel's "Save as CSV" saves the open sheet only. It names the sheet the file
    holds and the others to save beside it, in the workbook's language, where kg can tell;
    else every sheet, in the language the mistakes are told in."""
    name = csv_sheet(path)
    sheet = sheet_named(name) if name else None
    if sheet is None or name is None:
        mistakes.add(
            f"{path}: one CSV file is one sheet",
            _save_each(", ".join(s.en for s in SHEETS)),
            hint_sv=translated(_save_each(", ".join(s.sv for s in SHEETS)), "sv"),
        )
        return
    swedish = name.casefold() == sheet.sv.casefold() != sheet.en.casefold()
    others = ", ".join(s.sv if swedish else s.en for s in SHEETS if s is not sheet)
    hint = (
        f"save each other sheet of the workbook ({others}) as CSV into one folder with this "
        f"file, named after its sheet ({name}.csv), and give the folder (or a .zip of it); "
        "or give the .xlsx file itself"
    )
    if sheet is sheet_named(download_name(path)):
        mistakes.add(
            f"{path} holds one sheet of the workbook, {name}: kg import reads every sheet", hint
        )
        return
    mistakes.add(
        f"{path} holds one sheet of the workbook, {name} (by its headers): kg import reads "
        "every sheet",
        hint,
    )


def _save_each(names: str) -> str:
    """What to do with a CSV file given alone that is no sheet of the template: save each of
    the sheets ``names`` (in the language the mistake is told in) as CSV beside it."""
    return (
        f"save each sheet of the workbook ({names}) as CSV into one folder, each file named "
        "after its sheet, and give the folder (or a .zip of it); or give the .xlsx file itself"
    )


#: Letters Windows-1252 has where another 8-bit encoding has å, ä or ö (Mac Roman's Œ, Š and
#: š): in a file that holds them, guessing Windows-1252 could garble names
_NOT_WINDOWS_1252 = frozenset("ŒœŠšŽžŸ")
#: Mac Roman's Ä and Ö, which are Windows-1252's € and …, at the start of a word (Äng, Öre)
_MAC_ROMAN_CAPITAL = re.compile(r"[€…][^\W\d_]")
#: A letter such as ö in UTF-8 (Ã¶ in Windows-1252): a file holding one is UTF-8 with a byte
#: or a line in another encoding, which read as Windows-1252 would garble every other name
_UTF8_LETTER = re.compile(rb"[\xc2\xc3][\x80-\xbf]")


def _windows_1252(data: bytes) -> str | None:
    """``data`` read as Windows-1252 where it is that, most likely: no NUL (UTF-16), no byte
    Windows-1252 leaves undefined, no letter that is å, ä or ö in Mac Roman, no letter in
    UTF-8 (a UTF-8 file with a stray line); else None.

    >>> _windows_1252("namn;ort\\nFöreningen Ängen;Malmö".encode("cp1252"))
    'namn;ort\\nFöreningen Ängen;Malmö'
    >>> _windows_1252("Föreningen".encode("mac_roman")), _windows_1252("a".encode("utf-16"))
    (None, None)
    """
    if b"\x00" in data or _UTF8_LETTER.search(data):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if _NOT_WINDOWS_1252 & set(text) or _MAC_ROMAN_CAPITAL.search(text):
        return None
    return text
