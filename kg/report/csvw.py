"""CSV on the Web (W3C CSVW) metadata for the network's two CSV files.

``kg export -f csv -o nodes.csv`` writes ``nodes.csv``, ``nodes-edges.csv`` and, beside them,
``nodes.csv-metadata.json``: the name under which a CSVW processor looks for a CSV's
metadata (CSVW's "Model for Tabular Data and Metadata", §5.1). It says what each column holds
and its type (numbers, a boolean, IRIs, lists joined with "; "), that ``iri`` names a row and
that an edge's ends are rows of the nodes file, the file's dialect (csv-excel's semicolons
and decimal commas), and what a CSV cannot carry itself: how the links were made, what the
network was made from, and the licence and the credit the data's licence asks for.
docs/data-dictionary.md says more of each column.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg import __version__
from kg.io.provenance import DATA_LICENCE_URL

#: Each column's datatype (CSVW's built-in names) and what it holds, in a line (``{groups}``:
#: the partner groups as the vocabulary names them; :func:`described` fills it in).
COLUMNS: dict[str, tuple[str, str]] = {
    "iri": ("anyURI", "the node's identifier (an organisation's or a collaboration's IRI)"),
    "kind": ("string", "actor (an organisation) or collaboration"),
    "bipartite": ("integer", "the two-mode flag: 0 for an organisation, 1 for a collaboration"),
    "label": ("string", "its Swedish name"),
    "label_en": ("string", "its English name; where the data gives none, its Swedish name"),
    "type": ("string", "its class in kg's ontology (Committee, Association …) or kind"),
    "sector": ("string", "its partner group: {groups}"),
    "municipal": ("boolean", "whether it is part of the city; empty where the data does not say"),
    "community": ("integer", "its Louvain community; empty for one without partners"),
    "degree": ("integer", "its number of partners (links)"),
    "weighted_degree": ("integer", "the sum of its links' weights"),
    "betweenness": ("double", "betweenness centrality on hops, normalised, 0-1"),
    "eigenvector": ("double", "eigenvector centrality weighted by weight, 0-1"),
    "closeness": ("double", "closeness centrality on hops (Wasserman and Faust), 0-1"),
    "municipality": ("string", "the Swedish name of its municipality; empty where none"),
    "part_of": ("anyURI", "for a collaboration, the collaborations it is part of"),
    "source": ("anyURI", "one end of the link: a node's iri"),
    "target": ("anyURI", "the other end: a node's iri"),
    "weight": (
        "integer",
        "how many collaborations the two share, a collaboration and a part of it "
        "(dcterms:isPartOf) counted once",
    ),
    "collaborations": ("anyURI", "the collaborations the two share"),
    "evidence": ("anyURI", "the source excerpts that make the organisation a party"),
}
#: Columns that hold a list, joined with this separator.
SEPARATOR = "; "
LISTS = frozenset({"part_of", "collaborations", "evidence"})
#: The language of a column of names (not label_en's: where the data gives no English name
#: it holds the Swedish one).
LANGUAGES = {"label": "sv"}
#: How kg writes a boolean in CSV (R, pandas and Excel read it), as CSVW reads one
#: ("true value|false value").
_BOOLEAN = "TRUE|FALSE"


def metadata_path(nodes: Path) -> Path:
    """Where CSVW looks for the metadata of ``nodes``: ``nodes.csv-metadata.json``."""
    return nodes.with_name(nodes.name + "-metadata.json")


def csvw_metadata(
    files: tuple[Path, Path],
    columns: tuple[list[str], list[str]],
    *,
    view: str,
    projection: str,
    about: dict | None = None,
    excel: str | None = None,
) -> dict:
    """The CSVW table group of the nodes and edges ``files`` with their ``columns``: the
    ``view`` and how its links were made (``projection``), what it was made from (``about``,
    :func:`kg.io.provenance.provenance`), and for ``excel`` (a language) the dialect
    :func:`kg.report.tabular.for_excel` writes in it."""
    (nodes, edges), (node_columns, edge_columns) = files, columns
    delimiter, decimal = (";", ",") if excel == "sv" else (",", ".")
    group: dict = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "dc:title": f"kg: the organisation network ({view} view)",
        "dc:description": projection,
        "dc:creator": f"kg {__version__}",
    }
    group |= _provenance(about)
    group["dialect"] = {"delimiter": delimiter, "header": True, "encoding": "utf-8"}
    if excel:
        group["dialect"]["lineTerminators"] = ["\r\n"]
    group["tables"] = [
        {
            "url": nodes.name,
            "dc:description": "one row per node",
            "tableSchema": {
                "columns": [_column(c, decimal) for c in node_columns],
                "primaryKey": "iri",
                "aboutUrl": "{+iri}",
            },
        },
        {
            "url": edges.name,
            "dc:description": "one row per link; the network is undirected",
            "tableSchema": {
                "columns": [_column(c, decimal) for c in edge_columns],
                "foreignKeys": [
                    {
                        "columnReference": end,
                        "reference": {"resource": nodes.name, "columnReference": "iri"},
                    }
                    for end in ("source", "target")
                ],
            },
        },
    ]
    return group


def write_csvw(path: Path, metadata: dict) -> Path:
    """Write ``metadata`` as JSON to ``path``; return it."""
    path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def described(name: str) -> str:
    """What column ``name`` holds, in a line.

    >>> described("sector")
    'its partner group: civil, academia, business, agencies or city'
    """
    said = COLUMNS[name][1]
    if "{groups}" in said:
        from kg.model.sectors import vocabulary

        *first, last = vocabulary().names
        said = said.replace("{groups}", f"{', '.join(first)} or {last}")
    return said


def _column(name: str, decimal: str) -> dict:
    datatype, said = COLUMNS[name][0], described(name)
    column: dict = {"name": name, "titles": name, "dc:description": said}
    if datatype == "double" and decimal != ".":
        column["datatype"] = {"base": "double", "format": {"decimalChar": decimal}}
    elif datatype == "boolean":
        column["datatype"] = {"base": "boolean", "format": _BOOLEAN}
    else:
        column["datatype"] = datatype
    if name in LISTS:
        column["separator"] = SEPARATOR
    if name in LANGUAGES:
        column["lang"] = LANGUAGES[name]
    if name in ("iri", "source", "target"):
        column["required"] = True
    return column


def _provenance(about: dict | None) -> dict:
    """The table group's licence, credit and source, where ``about`` says them."""
    if not about:
        return {}
    said: dict = {}
    licence = about.get("licence") or {}
    if licence.get("data"):  # kg's own data; another's licence is its publisher's to state
        said["dc:license"] = {"@id": DATA_LICENCE_URL}
    if licence.get("attribution"):
        said["dc:rights"] = licence["attribution"]
    if about.get("endpoint"):
        said["dc:source"] = about["endpoint"]
    elif about.get("data_sha256"):
        said["dc:source"] = f"data files with the SHA-256 digest {about['data_sha256']}"
    if about.get("year") is not None:
        said["dc:temporal"] = str(about["year"])
    return said
