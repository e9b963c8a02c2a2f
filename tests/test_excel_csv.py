"""CSV for a spreadsheet's double-click (``--format csv-excel``): a byte-order mark, and with
``--lang sv`` semicolons and decimal commas, as Excel and LibreOffice with Swedish settings
read them."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.report.tabular import for_excel

runner = CliRunner()
BOM = "\ufeff".encode()


@pytest.fixture
def analysis_args(fixture_path) -> list[str]:
    return ["--no-bundled", "--data", str(fixture_path("analysis.ttl"))]


def _rows(body: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_for_excel_changes_only_whole_decimal_numbers():
    text = 'label,score,year,note\n"Förening, Två",0.35,2016,t.ex. 1.5 km\nX,1e-06,-2.5,3.0E-5\n'
    assert _rows(for_excel(text, "sv"), ";") == [
        ["label", "score", "year", "note"],
        ["Förening, Två", "0,35", "2016", "t.ex. 1.5 km"],
        ["X", "1e-06", "-2,5", "3,0E-5"],
    ]
    assert _rows(for_excel(text, "en"), ",")[1] == ["Förening, Två", "0.35", "2016", "t.ex. 1.5 km"]


@pytest.mark.parametrize(
    "command", [["centrality"], ["brokers"], ["communities"], ["gaps"], ["suggest", "alfa"]]
)
def test_each_analysis_writes_csv_for_swedish_excel(analysis_args, command):
    plain = runner.invoke(app, [*command, "-f", "csv", *analysis_args])
    excel = runner.invoke(app, [*command, "-f", "csv-excel", "--lang", "sv", *analysis_args])
    assert excel.exit_code == 0, excel.output
    body = excel.stdout_bytes
    assert body.startswith(BOM)  # else Excel shows "Ã¤" for "ä"
    assert b"\r\n" in body
    rows = _rows(body, ";")
    expected = _rows(plain.stdout_bytes, ",")
    assert len(rows) == len(expected) and rows[0] == expected[0]  # the same English columns
    for got, want in zip(rows, expected, strict=True):
        assert got == [w.replace(".", ",") if _decimal(w) else w for w in want]


def _decimal(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return "." in cell


@pytest.mark.slow
def test_swedish_excel_csv_has_decimal_commas_and_keeps_lists_in_one_cell():
    result = runner.invoke(app, ["centrality", "-f", "csv-excel", "--lang", "sv", "-q"])
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig")), delimiter=";"))
    top = rows[0]
    assert top["label"] == "Tekniska nämnden"
    assert "," in top["betweenness"] and "." not in top["betweenness"]
    gaps = runner.invoke(app, ["gaps", "-f", "csv-excel", "--lang", "sv", "-q"])
    rows = list(csv.DictReader(io.StringIO(gaps.stdout_bytes.decode("utf-8-sig")), delimiter=";"))
    election = next(r for r in rows if r["label"] == "Valnämnden")
    assert election["missing_sectors"] == "civil; academia; business; agencies"


@pytest.mark.slow
def test_english_excel_csv_keeps_commas_and_points_with_a_bom():
    result = runner.invoke(app, ["centrality", "-f", "csv-excel", "--lang", "en", "-q"])
    assert result.stdout_bytes.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert "." in rows[0]["betweenness"]


@pytest.mark.slow
def test_query_results_as_csv_for_swedish_excel():
    result = runner.invoke(app, ["query", "stated-counts", "-f", "csv-excel", "--lang", "sv"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig")), delimiter=";"))
    plain = runner.invoke(app, ["query", "stated-counts", "-f", "csv"])
    assert rows == list(csv.DictReader(io.StringIO(plain.stdout)))  # no decimals: text intact
    assert any("t.ex." in r["quote"] or "." in r["quote"] for r in rows)


@pytest.mark.slow
def test_csv_excel_is_refused_for_a_graph_answer():
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"
    result = runner.invoke(app, ["query", "-", "-f", "csv-excel"], input=query)
    assert result.exit_code == 2
    assert "'csv-excel' is not a format for CONSTRUCT" in result.output


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_with_swedish_settings_reads_numbers_as_numbers(tmp_path: Path):
    """Opened as a Swedish LibreOffice's import reads it (';', UTF-8, sv-SE), the measures
    are numbers and the names intact; the plain CSV gives one text column per line."""
    openpyxl = pytest.importorskip("openpyxl")
    for fmt in ("csv", "csv-excel"):
        body = runner.invoke(app, ["centrality", "-f", fmt, "--lang", "sv", "-q"]).stdout_bytes
        (tmp_path / f"{fmt}.csv").write_bytes(body)
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
             "--infilter=CSV:59,34,76,1,,1053", "--convert-to", "xlsx", "--outdir",
             str(tmp_path), str(tmp_path / f"{fmt}.csv")],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    sheet = openpyxl.load_workbook(tmp_path / "csv-excel.xlsx").active
    header, top = list(sheet.iter_rows(values_only=True))[:2]
    assert header[:2] == ("iri", "label") and top[1] == "Tekniska nämnden"
    assert isinstance(top[header.index("betweenness")], float)
    plain = openpyxl.load_workbook(tmp_path / "csv.xlsx").active
    assert plain.max_column < len(header)


def test_text_a_spreadsheet_would_run_as_a_formula_stays_text():
    """A name from a city's own data is shown, never run: "=HYPERLINK(…)" or "@SUM(…)"
    keeps an apostrophe in front, while numbers, signed ones too, stay numbers."""
    text = 'label,score\n"=HYPERLINK(""http://x"",""y"")",-0.5\n@SUM(A1),+3\n-Förening,-2\n'
    assert _rows(for_excel(text, "sv"), ";")[1:] == [
        ['\'=HYPERLINK("http://x","y")', "-0,5"],
        ["'@SUM(A1)", "+3"],
        ["'-Förening", "-2"],
    ]


def test_network_export_as_csv_for_swedish_excel(tmp_path: Path, analysis_args):
    """kg export -f csv-excel writes the nodes and the edges as csv does, each file for a
    Swedish spreadsheet's double-click."""
    for fmt in ("csv", "csv-excel"):
        target = tmp_path / fmt / "network.csv"
        target.parent.mkdir()
        args = ["export", "-f", fmt, "--lang", "sv", "-o", str(target), *analysis_args]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    for name in ("network.csv", "network-edges.csv"):
        body = (tmp_path / "csv-excel" / name).read_bytes()
        assert body.startswith(BOM)
        plain = (tmp_path / "csv" / name).read_bytes()
        want = [[w.replace(".", ",") if _decimal(w) else w for w in r] for r in _rows(plain, ",")]
        assert _rows(body, ";") == want
