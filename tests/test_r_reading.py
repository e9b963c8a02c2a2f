"""kg's CSV, GraphML and JSON as R reads them. The slow tests run the data dictionary's R
lines, and R's ``read.csv`` and readr on every CSV export, in Rscript (Debian's r-base-core,
r-cran-igraph, r-cran-jsonlite and r-cran-readr, which ``.ci/run`` installs); the fast ones
check in Python the properties R relies on."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from helpers.needs import missing
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
DICTIONARY = Path(__file__).parent.parent / "docs" / "data-dictionary.md"
R_BLOCK = re.compile(r"^( *)```r\n(.*?)^\1```", re.S | re.M)
R_PACKAGES = (
    "apt-get install --no-install-recommends r-base-core r-cran-igraph r-cran-jsonlite r-cran-readr"
)


def _kg(*args: str, stdout: Path | None = None) -> None:
    result = runner.invoke(app, [*args])
    assert result.exit_code == 0, result.output
    if stdout is not None:
        stdout.write_bytes(result.stdout_bytes)


def _booleans(metadata: Path) -> dict[str, list[str]]:
    """Each boolean column of the CSVW ``metadata``'s tables: its cells, as written."""
    described = json.loads(metadata.read_text("utf-8"))
    found: dict[str, list[str]] = {}
    for table in described["tables"]:
        with open(metadata.parent / table["url"], encoding="utf-8-sig", newline="") as file:
            rows = list(csv.DictReader(file, delimiter=described["dialect"]["delimiter"]))
        for column in table["tableSchema"]["columns"]:
            if isinstance(column["datatype"], dict) and column["datatype"]["base"] == "boolean":
                found[f"{table['url']}:{column['name']}"] = [row[column["name"]] for row in rows]
    return found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fmt", "args"),
    [("csv", []), ("csv", ["--view", "bipartite"]), ("csv-excel", ["--lang", "sv"])],
)
def test_a_boolean_is_written_as_r_reads_a_logical(tmp_path, fmt, args):
    """R's read.csv reads only TRUE/FALSE (and T/F) as logical: `True` stayed text there, so
    `municipal` came out a character column. pandas reads TRUE/FALSE as booleans too."""
    import pandas as pd

    _kg("export", "-f", fmt, *args, "-o", str(tmp_path / "n.csv"), "-q")
    metadata = tmp_path / "n.csv-metadata.json"
    booleans = _booleans(metadata)
    assert booleans, "the network's CSV has a boolean column (municipal)"
    for cells in booleans.values():
        assert set(cells) == {"TRUE", "FALSE", ""}, set(cells)
    described = json.loads(metadata.read_text("utf-8"))
    formats = {
        c["datatype"]["format"]
        for t in described["tables"]
        for c in t["tableSchema"]["columns"]
        if isinstance(c["datatype"], dict) and c["datatype"]["base"] == "boolean"
    }
    assert formats == {"TRUE|FALSE"}, "the CSVW metadata reads them as written"
    if fmt == "csv":
        read = pd.read_csv(tmp_path / "n.csv")["municipal"].dropna()
        assert {type(v) for v in read} == {bool}


@pytest.mark.slow
def test_igraph_reads_weight_as_a_length_so_kgs_betweenness_needs_weights_na(tmp_path):
    """The data dictionary: igraph's betweenness takes `weight` as a length by default and
    then differs from kg's (on hops) by up to 0.03 on the bundled data; without weights it is
    kg's. python-igraph runs the same C code as R's."""
    import igraph

    graphml = tmp_path / "malmo.graphml"
    _kg("export", "-f", "graphml", "-o", str(graphml), "-q")
    g = igraph.Graph.Read_GraphML(str(graphml))
    pairs = (g.vcount() - 1) * (g.vcount() - 2) / 2
    kg = g.vs["betweenness"]
    on_hops = [b / pairs for b in g.betweenness(directed=False)]
    weighted = [b / pairs for b in g.betweenness(directed=False, weights="weight")]
    assert max(abs(a - b) for a, b in zip(on_hops, kg, strict=True)) < 1e-6
    assert round(max(abs(a - b) for a, b in zip(weighted, kg, strict=True)), 2) == 0.03
    assert "differs by up to 0.03 on the bundled data" in " ".join(
        DICTIONARY.read_text(encoding="utf-8").split()
    )


def test_igraph_modularity_is_kgs_only_with_the_weights(tmp_path):
    """The data dictionary: igraph's modularity of kg's communities is unweighted unless
    given the weights, 0.4873 rather than kg's 0.5128 on the bundled data."""
    import igraph

    graphml = tmp_path / "malmo.graphml"
    _kg("export", "-f", "graphml", "-o", str(graphml), "-q")
    g = igraph.Graph.Read_GraphML(str(graphml))
    partnered = g.induced_subgraph([v.index for v in g.vs if v["community"] == v["community"]])
    communities = [int(c) for c in partnered.vs["community"]]
    weighted = partnered.modularity(communities, weights="weight")
    assert round(weighted, 4) == g["communities_modularity"] == 0.5128
    assert round(partnered.modularity(communities), 4) == 0.4873
    assert "0.4873 rather than kg's 0.5128" in " ".join(
        DICTIONARY.read_text(encoding="utf-8").split()
    )


def r_blocks() -> list[str]:
    """The data dictionary's R code blocks, in order."""
    return [
        textwrap.dedent(code) for _, code in R_BLOCK.findall(DICTIONARY.read_text(encoding="utf-8"))
    ]


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    """The files the data dictionary's R lines read, made from the bundled data."""
    folder = tmp_path_factory.mktemp("r")
    _kg("export", "-f", "csv", "-o", str(folder / "nodes.csv"), "-q")
    _kg("export", "-f", "csv-excel", "--lang", "sv", "-o", str(folder / "natverk.csv"), "-q")
    _kg("export", "-f", "csv-excel", "--lang", "en", "-o", str(folder / "excel.csv"), "-q")
    _kg("export", "-f", "graphml", "-o", str(folder / "malmo.graphml"), "-q")
    two_mode = ["--view", "bipartite", "-q"]
    _kg("export", "-f", "graphml", "-o", str(folder / "two-mode.graphml"), *two_mode)
    _kg("export", "-f", "csv", "-o", str(folder / "two-mode.csv"), *two_mode)
    for year in ("2012", "2016"):
        _kg("export", "--year", year, "-f", "csv", "-o", str(folder / f"net-{year}.csv"), "-q")
    _kg("centrality", "-n", "0", "-f", "csv", stdout=folder / "centrality.csv")
    _kg("brokers", "-n", "0", "-f", "csv", stdout=folder / "brokers.csv")
    _kg("stats", "-f", "json", stdout=folder / "stats.json")
    tables = {
        "gaps": ["gaps"],
        "centrality-2016": ["centrality", "-n", "0", "--year", "2016"],
        "brokers-all": ["brokers", "-n", "0"],
        "suggest": ["suggest", "förskolenämnden"],
    }
    for name, command in tables.items():
        _kg(*command, "-f", "csv", stdout=folder / f"{name}.csv")
        _kg(*command, "-f", "csv-excel", "--lang", "sv", stdout=folder / f"{name}-sv.csv")
    _kg("report", "-o", str(folder / "report"), "-q")
    return folder


def _rscript(folder: Path, script: str, locale: str) -> subprocess.CompletedProcess:
    """Run ``script`` in R in ``folder`` under ``locale``, with warnings as errors."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        missing(f"needs R ({R_PACKAGES})")
    program = folder / "run.R"
    program.write_text("options(warn = 2)\n" + script, encoding="utf-8")
    return subprocess.run(
        [rscript, "--vanilla", str(program)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "LANG": locale, "LC_ALL": locale},
    )


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_the_data_dictionarys_r_lines_run_on_the_bundled_data(exports, locale):
    """Every ```r block of docs/data-dictionary.md, in order, with warnings as errors, in a
    UTF-8 locale and in one that is not: the blocks' own stopifnot() hold kg's numbers
    against igraph's and the files against each other (ids that join, the Swedish Excel
    file equal to the CSV)."""
    blocks = r_blocks()
    assert len(blocks) >= 4, "the CSV, igraph, two-mode and panel blocks"
    result = _rscript(exports, "\n".join(blocks) + '\ncat("done\\n")\n', locale)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("done\n")


CHECK_TYPES = r"""
kinds <- function(meta, reader, label) {
  described <- jsonlite::fromJSON(meta, simplifyVector = FALSE)
  for (table in described$tables) {
    read <- as.data.frame(reader(table$url))
    for (column in table$tableSchema$columns) {
      x <- read[[column$name]]
      base <- if (is.list(column$datatype)) column$datatype$base else column$datatype
      if (is.null(x)) stop(label, " ", table$url, ": no column ", column$name)
      if (all(is.na(x) | x %in% "")) next  # an empty column has no type to read
      fine <- switch(base, boolean = is.logical(x), integer = is.numeric(x) &&
        all(x == round(x), na.rm = TRUE), double = is.numeric(x), is.character(x))
      if (!fine) stop(label, " ", table$url, ": ", column$name, " read as ", class(x)[1],
        ", not ", base)
    }
  }
  read
}
quiet <- function(f) function(path) suppressMessages(f(path, show_col_types = FALSE))
utf8 <- function(path) read.csv(path, encoding = "UTF-8")
utf8_sv <- function(path) read.csv2(path, encoding = "UTF-8")
for (name in c("nodes.csv", "excel.csv", "two-mode.csv", "net-2016.csv")) {
  meta <- paste0(name, "-metadata.json")
  a <- kinds(meta, utf8, "read.csv")
  b <- kinds(meta, quiet(readr::read_csv), "readr")
}
a <- kinds("natverk.csv-metadata.json", utf8_sv, "read.csv2")
b <- kinds("natverk.csv-metadata.json", quiet(readr::read_csv2), "readr::read_csv2")
nodes <- read.csv("nodes.csv", encoding = "UTF-8")
sv <- read.csv2("natverk.csv", encoding = "UTF-8")
stopifnot(identical(sv, nodes), any(grepl("Malmö", nodes$municipality, fixed = TRUE)))
for (name in c("gaps", "centrality-2016", "brokers-all", "suggest")) {
  plain <- as.data.frame(readr::read_csv(paste0(name, ".csv"), show_col_types = FALSE))
  swedish <- suppressMessages(readr::read_csv2(paste0(name, "-sv.csv"), show_col_types = FALSE))
  same <- all.equal(plain, as.data.frame(swedish), check.attributes = FALSE)
  if (!isTRUE(same)) stop(name, "-sv.csv: ", paste(same, collapse = "; "))
}
cat("done\n")
"""


@pytest.mark.slow
def test_r_reads_every_column_of_the_network_csv_as_its_metadata_types_it(exports):
    """read.csv and readr, on csv, csv-excel (en; sv with read.csv2 and read_csv2), the
    two-mode network and a year's view: each column comes out as the CSVW metadata says
    (a boolean logical, a number numeric, text character), and the Swedish Excel file gives
    the same table as the CSV, å, ä and ö included, as do the analysis commands' Swedish
    csv-excel tables (a year's too). Base R in a UTF-8 locale, as the data
    dictionary says (elsewhere the byte-order mark stays in a column name); readr in any."""
    result = _rscript(exports, CHECK_TYPES, "C.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("done\n")
