"""Property-based round trip (hypothesis) of a spreadsheet's text cells: ``kg import`` →
Turtle → ``kg export -f xlsx`` (or ``-f csv-template``, a folder or a .zip of CSV files) →
``kg import`` gives the same graph, each cell's text as
written, never refused or written broken. A carriage return and each control character XML
cannot hold are written as Excel writes them (``_x000D_``, ``_x0001_``), and the text of such
an escape as itself (``_x005F_x000D_``)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers.examples import bounded
from helpers.graphs import same_graph
from helpers.roundtrip import AWKWARD, EX, canonical, kg, read_by_rdflib
from hypothesis import given
from hypothesis import strategies as st

SJOSTAD = Path(__file__).parent / "fixtures" / "sjostad"
SOURCES = ["--sources", str(SJOSTAD / "sources")]
#: The characters every writer must keep (``AWKWARD``), the CSV separators, what a
#: spreadsheet reads as a formula ("=", "+", "-", "@"), and the text of Excel's escapes
#: ("_x000D_" is a carriage return in a workbook's XML).
CHARACTERS = [
    *AWKWARD,
    "_x000D_",
    "_x0041",
    "_x0001_",
    "_x005f_",
    "_xD83D_",
    "_",
    ";",
    ",",
    "=",
    "+",
    "-",
    "@",
    " ",
    "ö",
]
#: A text cell: an actor's description, between two letters (a cell is read trimmed).
TEXT = st.lists(st.sampled_from(CHARACTERS), min_size=1, max_size=5).map(
    lambda chars: "a" + "".join(chars) + "b"
)


def _sheets_with(text: str, folder: Path) -> Path:
    """Sjöstad's spreadsheet with the first actor's English description ``text``."""
    sheets = folder / "kalkylark"
    shutil.copytree(SJOSTAD / "kalkylark", sheets)
    path = sheets / "aktörer.csv"
    with path.open(encoding="utf-8", newline="") as table:
        rows = list(csv.reader(table, delimiter=";"))
    rows[1][rows[0].index("beskrivning (en)")] = text
    written = io.StringIO()
    csv.writer(written, delimiter=";").writerows(rows)
    path.write_text(written.getvalue(), encoding="utf-8", newline="")
    return sheets


def _values(path: Path) -> set[str]:
    return {t.object.value for t in ox.parse(path=str(path)) if isinstance(t.object, ox.Literal)}


def _round_trip(text: str, fmt: str = "xlsx") -> None:
    """``text`` in a cell through kg import → kg export -f ``fmt`` (xlsx, csv-template into
    a folder, or into a .zip with ``csv-template.zip``) → kg import."""
    target = {"xlsx": "b.xlsx", "csv-template": "b", "csv-template.zip": "b.zip"}[fmt]
    with tempfile.TemporaryDirectory(prefix="kg-roundtrip-") as name:
        folder = Path(name)
        first, workbook, again = folder / "a.ttl", folder / target, folder / "c.ttl"
        sheets = _sheets_with(text, folder)
        city = ["--city", "Sjöstad kommun"]
        result = kg("import", str(sheets), "-o", str(first), *SOURCES, *city)
        assert result.exit_code == 0, result.output
        assert text in _values(first)
        written = fmt.removesuffix(".zip")
        result = kg(
            "export", "--no-bundled", "--data", str(first), "-f", written, "-o", str(workbook)
        )
        assert result.exit_code == 0, result.output
        result = kg("import", str(workbook), "-o", str(again), *SOURCES)
        assert result.exit_code == 0, result.output
        assert same_graph(
            ox.Dataset(ox.parse(path=str(again))), ox.Dataset(ox.parse(path=str(first)))
        )


@pytest.mark.slow
@bounded(2)
@given(TEXT)
def test_a_text_cell_is_kept_from_import_to_workbook_and_back(text: str):
    _round_trip(text)


@pytest.mark.slow
@bounded(40)
@given(TEXT)
def test_text_cells_are_kept_from_import_to_workbook_and_back(text: str):
    _round_trip(text)


@pytest.mark.slow
@bounded(2)
@given(TEXT, st.sampled_from(["csv-template", "csv-template.zip"]))
def test_a_text_cell_is_kept_from_import_to_csv_files_and_back(text: str, fmt: str):
    _round_trip(text, fmt)


@pytest.mark.slow
@bounded(40)
@given(TEXT, st.sampled_from(["csv-template", "csv-template.zip"]))
def test_text_cells_are_kept_from_import_to_csv_files_and_back(text: str, fmt: str):
    _round_trip(text, fmt)


@pytest.mark.slow
def test_a_carriage_return_and_the_text_of_its_escape_are_kept():
    """openpyxl wrote a carriage return bare, and XML reads "\\r\\n" as "\\n": a cell's
    "a\\r\\nb" came back "a\\nb". kg writes it "_x000D_" and a typed "_x000D_" as
    "_x005F_x000D_", as Excel does, and reads both back."""
    _round_trip("a\r\nb\rc _x000D_ _x005F_x000D_ _X000d_ d")


@pytest.mark.slow
def test_the_text_of_an_escape_before_a_carriage_return_is_kept():
    """The text "_x0041" before a carriage return is "_x0041_x000D_" once the return is escaped,
    which reads as "A" and "x000D_": its underscore is escaped too ("_x005F_x0041_x000D_"),
    as Excel writes it."""
    _round_trip("_x0041\r b_x000D\r\nc")


@pytest.mark.slow
def test_every_control_character_is_written_as_excel_writes_it_and_kept(tmp_path: Path):
    """kg export -f xlsx refused a control character ("a control character Excel cannot
    hold"), though a workbook holds it as ECMA-376's escape, as Excel writes it: each of
    U+0000–U+001F but tab and newline is written "_xHHHH_", the typed text of an escape
    "_x005F_xHHHH_", and kg import reads back the text."""
    text = "a" + "".join(map(chr, range(0x20))) + " _x0001_ _x001f_ b"
    first, workbook = _imported_and_exported(text, tmp_path)
    with zipfile.ZipFile(workbook) as archive:
        names = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode("utf-8") for name in names)
    assert "a_x0000__x0001__x0002__x0003__x0004__x0005__x0006__x0007__x0008_\t\n_x000B_" in xml
    assert "_x000C__x000D__x000E_" in xml and "_x001E__x001F_ _x005F_x0001_ _x005F_x001f_ b" in xml
    again = tmp_path / "c.ttl"
    result = kg("import", str(workbook), "-o", str(again), *SOURCES)
    assert result.exit_code == 0, result.output
    assert text in _values(again)
    assert same_graph(ox.Dataset(ox.parse(path=str(again))), ox.Dataset(ox.parse(path=str(first))))


@pytest.mark.slow
def test_the_two_noncharacters_xml_cannot_hold_are_written_as_escapes_and_kept(tmp_path: Path):
    """XML 1.0 holds no U+FFFE or U+FFFF either: openpyxl wrote them bare, a workbook no XML
    reader reads (kg import stopped with "internal error: ParseError"). They are written as
    escapes ("_xFFFE_", "_xFFFF_"), which LibreOffice reads too, and read back."""
    text = "a\ufffeb\uffffc _xFFFF_ d"
    first, workbook = _imported_and_exported(text, tmp_path)
    with zipfile.ZipFile(workbook) as archive:
        names = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode("utf-8") for name in names)
    assert "a_xFFFE_b_xFFFF_c _x005F_xFFFF_ d" in xml
    again = tmp_path / "c.ttl"
    result = kg("import", str(workbook), "-o", str(again), *SOURCES)
    assert result.exit_code == 0, result.output
    assert text in _values(again)
    assert same_graph(ox.Dataset(ox.parse(path=str(again))), ox.Dataset(ox.parse(path=str(first))))


def _imported_and_exported(text: str, folder: Path) -> tuple[Path, Path]:
    """Sjöstad's spreadsheet with ``text`` in a cell, imported (a.ttl) and exported as a
    workbook (b.xlsx) in ``folder``: their paths."""
    sheets = _sheets_with(text, folder)
    first, workbook = folder / "a.ttl", folder / "b.xlsx"
    result = kg("import", str(sheets), "-o", str(first), *SOURCES, "--city", "Sjöstad kommun")
    assert result.exit_code == 0, result.output
    result = kg("export", "--no-bundled", "--data", str(first), "-f", "xlsx", "-o", str(workbook))
    assert result.exit_code == 0, result.output
    return first, workbook


def _with_shared_strings(workbook: Path, saved: Path) -> str:
    """``workbook`` (inline strings, as kg writes) saved to ``saved`` with its texts in
    xl/sharedStrings.xml, as Excel and LibreOffice save them; returns that part's XML."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    inline = re.compile(r't="inlineStr"><is>(<t[^>]*>.*?</t>)</is>', re.S)
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match.group(1))
        return f't="s"><v>{len(strings) - 1}</v>'

    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(saved, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = inline.sub(shared, data.decode("utf-8")).encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>"))  # fmt: skip
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdShared" Target="sharedStrings.xml" Type="http://'
                    b'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                    b'sharedStrings"/></Relationships>'))  # fmt: skip
            target.writestr(item, data)
        xml = f'<sst xmlns="{main}">' + "".join(f"<si>{t}</si>" for t in strings) + "</sst>"
        target.writestr("xl/sharedStrings.xml", xml)
    return xml


def test_shared_strings_are_read_with_their_escapes(tmp_path: Path):
    """A workbook saved with shared strings (as Excel and LibreOffice save it; kg writes
    inline strings) is read with its escapes as Excel reads them: "_x000D_" a carriage
    return, "_x005F_x000D_" the typed text (openpyxl's own reader deletes every "x005F_",
    which made both a carriage return)."""
    text = "a\rb _x000D_ c _x005F_ d\x01e"
    first, workbook = _imported_and_exported(text, tmp_path)
    again = tmp_path / "c.ttl"
    saved = tmp_path / "saved.xlsx"
    strings = _with_shared_strings(workbook, saved)
    assert "a_x000D_b _x005F_x000D_ c _x005F_x005F_ d_x0001_e" in strings
    result = kg("import", str(saved), "-o", str(again), *SOURCES)
    assert result.exit_code == 0, result.output
    assert text in _values(again)
    assert same_graph(ox.Dataset(ox.parse(path=str(again))), ox.Dataset(ox.parse(path=str(first))))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_carriage_return_and_the_escapes_text(tmp_path: Path):
    """LibreOffice opens kg's workbook with the carriage return, the control characters, U+FFFE,
    U+FFFF and the typed "_x000D_" as written, and kg imports the workbook LibreOffice saves
    (its shared strings escape the typed text as "_x005F_x000D_", which openpyxl alone reads
    as a carriage return, and the others in lower case, "_x001f_", "_xffff_"). A return before
    a newline is not among them: LibreOffice keeps one line break of the two."""
    text = "a\rb _x000D_ c _x005F_ d\x00\x01\x08\x0b\x0c\x1fe _x0001_ f\ufffe\uffff"
    first, workbook = _imported_and_exported(text, tmp_path)
    again = tmp_path / "c.ttl"
    for target, out in (
        ("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "csv"),
        ("xlsx", "saved"),
    ):
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
             "--convert-to", target, "--outdir", str(tmp_path / out), str(workbook)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    with (tmp_path / "csv" / "b-actors.csv").open(encoding="utf-8", newline="") as table:
        cells = [cell for row in csv.reader(table) for cell in row]
    assert text in cells
    with zipfile.ZipFile(tmp_path / "saved" / "b.xlsx") as archive:
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8")
    assert "_x005F_x000D_" in strings and "_x001f_e _x005F_x0001_ f_xfffe__xffff_" in strings
    result = kg("import", str(tmp_path / "saved" / "b.xlsx"), "-o", str(again), *SOURCES)
    assert result.exit_code == 0, result.output
    assert text in _values(again)
    assert same_graph(ox.Dataset(ox.parse(path=str(again))), ox.Dataset(ox.parse(path=str(first))))


@pytest.mark.slow
def test_an_ill_typed_boolean_kg_writes_as_turtle_reads_back(tmp_path: Path):
    """rdflib's Turtle writer writes "yes"^^xsd:boolean bare (``yes``, no Turtle); the Turtle
    kg writes itself, kg export's and kg import's, keeps it typed text that reads back.
    (``kg.load(…).serialize(format="turtle")`` is rdflib's writer, and still writes it bare.)"""
    boolean = "http://www.w3.org/2001/XMLSchema#boolean"
    data = tmp_path / "data.nt"
    data.write_text(f'<{EX}a> <{EX}p> "yes"^^<{boolean}> .\n', encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = kg("export", "--no-bundled", "--data", str(data), "-f", "ttl", "-o", str(out))
    assert result.exit_code == 0, result.output
    literal = ox.Literal("yes", datatype=ox.NamedNode(boolean))
    assert literal in {t.object for t in ox.parse(path=str(out))}
    assert read_by_rdflib(out.read_bytes(), "ttl") == canonical(ox.parse(path=str(data)))
