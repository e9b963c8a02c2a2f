"""`kg export -f csv` writes CSV on the Web metadata beside its two files: a CSVW processor
(the csvw package) reads them through it as typed, linked tables that hold the network's own
values, and learns the licence and credit a CSV cannot carry."""

from __future__ import annotations

import csv
import json
import math
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.analysis.pipeline import analyse, two_mode_network
from kg.cli import app
from kg.io.provenance import ATTRIBUTION, DATA_LICENCE_URL, source_provenance
from kg.io.source import Source

runner = CliRunner()


def _export(tmp_path: Path, *args: str, name: str = "nodes.csv") -> Path:
    target = tmp_path / name
    result = runner.invoke(app, ["export", "-o", str(target), *args])
    assert result.exit_code == 0, result.output
    metadata = tmp_path / f"{name}-metadata.json"
    assert str(metadata) in result.stdout, "the terminal names the metadata it wrote"
    return metadata


def _text(value: object) -> object:
    """An IRI the processor read (an rfc3986 reference) as text; anything else as it is."""
    return value.unsplit() if hasattr(value, "unsplit") else value


def _same(read: object, held: object) -> bool:
    """A value a CSVW processor read against the network's (IRIs as text, lists item by
    item, numbers as the CSV rounds them)."""
    if isinstance(held, list) or (held is None and read == []):  # an empty list cell
        return isinstance(read, list) and [_text(r) for r in read] == (held or [])
    if isinstance(held, float):
        return math.isclose(read, held, abs_tol=1e-6)
    return _text(read) == held


def _headers_are_the_titles(metadata: Path) -> bool:
    """Whether each file's header row is its columns' titles, in order (the csvw package
    does not check it)."""
    described = json.loads(metadata.read_text("utf-8"))
    for table in described["tables"]:
        with open(metadata.parent / table["url"], encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader(file, delimiter=described["dialect"]["delimiter"]))
        if header != [c["titles"] for c in table["tableSchema"]["columns"]]:
            return False
    return True


def _rows_hold_the_network(metadata: Path, network) -> None:
    from csvw import CSVW, TableGroup

    assert CSVW(str(metadata), validate=True).is_valid
    assert _headers_are_the_titles(metadata)
    tables = TableGroup.from_file(metadata)
    assert tables.check_referential_integrity(), "every edge's ends are rows of the nodes file"
    nodes, edges = (list(table.iterdicts()) for table in tables.tables)
    held = {data["iri"]: data for _, data in network.nodes(data=True)}
    assert len(nodes) == len(held) and len(edges) == network.number_of_edges()
    for row in nodes:
        data = held[_text(row["iri"])]
        for column, value in row.items():
            assert _same(value, data.get(column)), (row["iri"], column, value, data.get(column))
    named = {data["iri"]: node for node, data in network.nodes(data=True)}
    for row in edges:
        ends = named[_text(row["source"])], named[_text(row["target"])]
        data = network.edges[ends]
        for column, value in row.items():
            if column not in ("source", "target"):
                assert _same(value, data.get(column)), (ends, column, value)


@pytest.mark.slow
def test_the_organisation_network_reads_as_typed_linked_tables(tmp_path: Path):
    metadata = _export(tmp_path, "-f", "csv")
    _rows_hold_the_network(metadata, analyse(Source().facts()).network)
    described = json.loads(metadata.read_text("utf-8"))
    assert [t["url"] for t in described["tables"]] == ["nodes.csv", "nodes-edges.csv"]
    assert described["dc:license"] == {"@id": DATA_LICENCE_URL}
    assert described["dc:rights"] == ATTRIBUTION
    assert described["dc:source"].endswith(source_provenance(Source())["data_sha256"])


@pytest.mark.slow
def test_the_two_mode_graph_splits_its_lists(tmp_path: Path):
    from csvw import TableGroup

    metadata = _export(tmp_path, "-f", "csv", "--view", "bipartite", name="two.csv")
    _rows_hold_the_network(metadata, two_mode_network(analyse(Source().facts())))
    nodes, edges = (list(t.iterdicts()) for t in TableGroup.from_file(metadata).tables)
    assert any(len(row["part_of"]) > 0 for row in nodes), "a collaboration part of another"
    assert all(isinstance(row["evidence"], list) and row["evidence"] for row in edges)


@pytest.mark.slow
def test_metadata_that_does_not_describe_the_file_is_refused(tmp_path: Path):
    """The processor holds the files to their metadata: a column the file does not have,
    or a value not of its type, makes them invalid (so the tests above check something)."""
    from csvw import CSVW, TableGroup

    metadata = _export(tmp_path, "-f", "csv")
    described = json.loads(metadata.read_text("utf-8"))
    columns = described["tables"][0]["tableSchema"]["columns"]
    assert (columns[4]["name"], columns[7]["name"]) == ("sector", "degree")
    columns[7]["titles"] = "partners"
    metadata.write_text(json.dumps(described), encoding="utf-8")
    assert not _headers_are_the_titles(metadata)
    columns[7] |= {"titles": "degree", "datatype": "nonsense"}
    metadata.write_text(json.dumps(described), encoding="utf-8")
    with warnings.catch_warnings():  # the processor records what it warns of, if let
        warnings.simplefilter("always")
        checked = CSVW(str(metadata), validate=True)
        assert not checked.is_valid
    assert "Invalid value for property: nonsense" in str(checked.warnings[0].message)
    columns[7]["datatype"] = "integer"
    columns[4]["datatype"] = "integer"
    metadata.write_text(json.dumps(described), encoding="utf-8")
    with pytest.raises(ValueError, match="sector"):
        list(TableGroup.from_file(metadata).tables[0].iterdicts())


@pytest.mark.slow
def test_excels_english_file_reads_as_the_plain_one(tmp_path: Path):
    from csvw import CSVW, TableGroup

    plain = _export(tmp_path, "-f", "csv")
    excel = _export(tmp_path, "-f", "csv-excel", "--lang", "en", name="excel.csv")
    assert (tmp_path / "excel.csv").read_bytes().startswith("\ufeff".encode())
    assert CSVW(str(excel), validate=True).is_valid and _headers_are_the_titles(excel)
    read = [list(TableGroup.from_file(m).tables[0].iterdicts()) for m in (plain, excel)]
    assert read[0] == read[1]


@pytest.mark.slow
def test_the_swedish_excel_file_says_its_semicolons_and_decimal_commas(tmp_path: Path):
    """Read as its metadata says (delimiter, decimal sign), the Swedish file holds the plain
    file's numbers."""
    import pandas as pd

    _export(tmp_path, "-f", "csv")
    metadata = _export(tmp_path, "-f", "csv-excel", "--lang", "sv", name="sv.csv")
    described = json.loads(metadata.read_text("utf-8"))
    dialect = described["dialect"]
    assert (dialect["delimiter"], dialect["lineTerminators"]) == (";", ["\r\n"])
    columns = {c["name"]: c for c in described["tables"][0]["tableSchema"]["columns"]}
    decimal = columns["betweenness"]["datatype"]["format"]["decimalChar"]
    assert decimal == ","
    plain = pd.read_csv(tmp_path / "nodes.csv")
    swedish = pd.read_csv(
        tmp_path / "sv.csv", sep=dialect["delimiter"], decimal=decimal, encoding="utf-8-sig"
    )
    for column in ("betweenness", "eigenvector", "closeness", "degree"):
        assert swedish[column].tolist() == plain[column].tolist(), column


def test_anothers_data_gets_no_licence_of_kgs(tmp_path: Path, fixture_path):
    from csvw import CSVW

    data = ["--no-bundled", "--data", str(fixture_path("analysis.ttl"))]
    metadata = _export(tmp_path, "-f", "csv", *data)
    assert CSVW(str(metadata), validate=True).is_valid
    described = json.loads(metadata.read_text("utf-8"))
    assert "dc:license" not in described and "dc:rights" not in described
    assert described["dc:creator"].startswith("kg ")


def test_a_years_network_says_its_year(tmp_path: Path):
    from csvw import CSVW

    metadata = _export(tmp_path, "-f", "csv", "--year", "2016")
    assert json.loads(metadata.read_text("utf-8"))["dc:temporal"] == "2016"
    assert CSVW(str(metadata), validate=True).is_valid


@pytest.mark.slow
def test_only_the_swedish_names_are_tagged_with_a_language(tmp_path: Path):
    """`label` is tagged sv; `label_en` has no language, as it holds the Swedish name where
    the data gives no English one (a CSVW processor would otherwise call it English)."""
    from csvw import TableGroup

    metadata = _export(tmp_path, "-f", "csv")
    described = json.loads(metadata.read_text("utf-8"))
    columns = {c["name"]: c for c in described["tables"][0]["tableSchema"]["columns"]}
    assert columns["label"]["lang"] == "sv"
    assert "lang" not in columns["label_en"]
    nodes = list(TableGroup.from_file(metadata).tables[0].iterdicts())
    assert any(row["label_en"] == row["label"] for row in nodes)  # a name with no English one
