"""Write the organisation network, or the organisation–collaboration graph, for Gephi,
Cytoscape and pandas: GraphML, GEXF or CSV."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from kg import __version__
from kg.analysis.timeline import Weights, Years, spells
from kg.errors import KgError, cannot_write
from kg.report.csvw import COLUMNS, LISTS, csvw_metadata, described, metadata_path, write_csvw
from kg.report.frames import columns
from kg.report.tabular import for_excel, to_csv

if TYPE_CHECKING:
    from kg.analysis.pipeline import Analysis, Measured

NETWORK_FORMATS = ("graphml", "gexf", "csv", "csv-excel")
#: The network's CSV columns: those of the ``nodes`` and ``edges`` DataFrames
#: (:func:`kg.report.frames.columns`).
NODE_COLUMNS = columns("nodes")
EDGE_COLUMNS = columns("edges")
#: The organisation–collaboration graph's columns: ``kind`` is "actor" or "collaboration".
#: A collaboration's ``part_of``: the collaborations it is part of (dcterms:isPartOf).
TWO_MODE_NODE_COLUMNS = ["iri", "kind", "bipartite", *NODE_COLUMNS[1:], "part_of"]
TWO_MODE_EDGE_COLUMNS = ["source", "target", "evidence"]
#: Attributes that are numbers or booleans whenever a node has them: left out where missing,
#: even when no node has one (a network without links has no community).
TYPED = {"community", "municipal", "degree", "weighted_degree", "betweenness", "eigenvector"}
TYPED |= {"closeness", "bipartite", "weight"}
#: How each view's links are made, as the file says it (``projection``; no ";", which GEXF's
#: description uses between its entries).
PROJECTION = {
    "actors": "clique projection of the organisation-collaboration graph: two organisations "
    "are linked when both take part in a collaboration (never a municipality and its own "
    "bodies). weight = the number of collaborations they share, a collaboration and a part "
    "of it (dcterms:isPartOf) counted once. Undirected, no self-loops, no multi-edges",
    "bipartite": "two-mode (bipartite) graph: an organisation (bipartite=0) is linked to "
    "each collaboration (bipartite=1) it takes part in. Unweighted, undirected, no "
    "multi-edges",
}
#: What a dynamic GEXF's spells mean, as its description says it.
TIMELINE = (
    "each node and link has the spells of the years its sources report it in (kg:reportedIn, "
    "as kg export --year Y keeps it), a year from 1 January to 31 December. weight_in_year = "
    "a link's weight in each year's view, where weight is the whole data's"
)
#: Characters XML 1.0 cannot hold (the C0 controls but tab, newline and return; U+FFFE/F).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def export_network(
    network: nx.Graph,
    fmt: str,
    path: Path | str,
    about: dict | None = None,
    *,
    lang: str = "en",
    years: Years | None = None,
    weights: Weights | None = None,
) -> list[Path]:
    """Write ``network`` as ``graphml``, ``gexf``, ``csv`` or ``csv-excel`` (the CSV as Excel
    opens it in ``lang``'s locale: :func:`kg.report.tabular.for_excel`) to ``path`` (a Path or
    a str); return the files written, as Paths.

    ``about`` (:func:`kg.io.provenance.provenance`) says what the network was made from:
    GraphML holds it as the graph's attributes (``kg_version``, ``data_sha256``,
    ``licence_code``, ``licence_data``), GEXF in its ``meta`` (creator ``kg`` and its version,
    the rest in the description). Neither holds the date it was written, so the same data
    gives the same file.

    ``network`` is the organisation network or the organisation–collaboration graph
    (:func:`kg.analysis.pipeline.two_mode_network`). CSV writes three files: the nodes to
    ``path``, the edges beside it (``<stem>-edges.csv``) and their CSV on the Web metadata
    (``<name>-metadata.json``: :mod:`kg.report.csvw`). List attributes (an edge's
    collaborations or evidence) are joined with "; " for GraphML and GEXF, which hold only
    scalar values; ``municipal`` is a boolean; a character XML cannot hold (a control
    character in a name) is written there as U+FFFD. Both say which ``view`` they hold and
    how its links were made (``projection``). A value a node does not have (the ``community``
    of an organisation without partners, which is in none; ``municipal`` where the data does
    not say) is left out of GraphML and GEXF, and empty in CSV: never a made-up 0 or false.

    ``years`` (the first of :func:`kg.analysis.timeline.timeline`) makes GEXF a dynamic graph for
    Gephi's timeline: each node and link has the spells of the years it is reported in, each
    year 1 January to 31 December (:func:`kg.analysis.timeline.spells`); ``weights`` (the
    second of :func:`kg.analysis.timeline.timeline`) gives each link a dynamic attribute
    ``weight_in_year``, its weight in each year's view.
    """
    if fmt not in NETWORK_FORMATS:
        raise KgError(
            f"unknown network format '{fmt}'", hint=f"choose one of: {', '.join(NETWORK_FORMATS)}"
        )
    path = Path(path)
    # the organisation–collaboration graph's nodes say which kind they are
    view = "bipartite" if any("kind" in d for _, d in network.nodes(data=True)) else "actors"
    try:
        if fmt in ("csv", "csv-excel"):
            nodes = [dict(data) for _, data in network.nodes(data=True)]
            edges = [{"source": a, "target": b, **data} for a, b, data in network.edges(data=True)]
            edges_path = path.with_name(f"{path.stem}-edges.csv")
            two_mode = view == "bipartite"
            node_columns = TWO_MODE_NODE_COLUMNS if two_mode else NODE_COLUMNS
            edge_columns = TWO_MODE_EDGE_COLUMNS if two_mode else EDGE_COLUMNS
            for target, text in (
                (path, to_csv(nodes, node_columns)),
                (edges_path, to_csv(edges, edge_columns)),
            ):
                if fmt == "csv":
                    target.write_text(text, encoding="utf-8")
                else:
                    target.write_bytes(for_excel(text, lang))
            described = csvw_metadata(
                (path, edges_path),
                (node_columns, edge_columns),
                view=view,
                projection=PROJECTION[view],
                about=about,
                excel=None if fmt == "csv" else lang,
            )
            return [path, edges_path, write_csvw(metadata_path(path), described)]
        scalar = _scalar_copy(network)
        if fmt == "graphml":
            scalar.graph.update(_graph_attributes(about, view))
            _write_graphml(scalar, path)
        else:
            _write_gexf(scalar, path, about, view, (years or {}, weights or {}))
    except OSError as error:
        raise cannot_write(path, error) from error
    return [path]


@functools.cache
def meanings() -> dict[str, str]:
    """What each node and edge attribute holds, as GraphML's ``<key><desc>`` says it: the
    CSV's column descriptions (:func:`kg.report.csvw.described`), and ``units``, which CSV
    leaves out."""
    said = {name: described(name) for name in COLUMNS}
    said["units"] = "the administrations and units folded into the organisation, joined with '; '"
    return said | {name: f"{said[name]}, joined with '; '" for name in LISTS}


def _write_graphml(network: nx.Graph, path: Path) -> None:
    """GraphML as networkx writes it, each node and edge key with a ``<desc>`` of what it
    holds (:func:`meanings`): the file says what ``weight`` counts. Links have no id (igraph
    1.0 reads a GraphML edge id into its ``id`` attribute as another vertex's id)."""
    from networkx.readwrite.graphml import GraphMLWriter

    class Described(GraphMLWriter):
        def get_key(self, name: str, attr_type: str, scope: str, default: object) -> str:
            new = (name, attr_type, scope) not in self.keys
            key = super().get_key(name, attr_type, scope, default)
            if new and scope in ("node", "edge") and name in meanings():
                desc = self.myElement("desc")
                desc.text = meanings()[name]
                self.xml[0].insert(0, desc)  # the key just made; desc comes first
            return key

    writer = Described(graph=network, encoding="utf-8")
    with open(path, "wb") as file:
        writer.dump(file)


def _scalar_copy(network: nx.Graph) -> nx.Graph:
    typed = TYPED | {  # numbers and booleans
        k
        for _, data in network.nodes(data=True)
        for k, v in data.items()
        if isinstance(v, int | float)
    }
    copy = nx.Graph()
    for node, data in network.nodes(data=True):
        # a number or boolean the node does not have is left out: "" would make it text
        kept = {k: v for k, v in data.items() if not (v is None and k in typed)}
        copy.add_node(node, **{k: _scalar(v) for k, v in kept.items()})
    for a, b, data in network.edges(data=True):
        copy.add_edge(a, b, **{k: _scalar(v) for k, v in data.items()})
    return copy


def _scalar(value: object) -> object:
    """A value GraphML and GEXF can hold with one type per attribute across all nodes."""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        return NOT_XML.sub("\ufffd", value)
    return "" if value is None else value


def how_measured(analysis: Analysis | Measured) -> dict[str, str | int | float]:
    """How the network's measures were computed, for the file's metadata (report.json's
    ``summary.betweenness`` and ``communities_*``): betweenness ``exact`` or ``sampled`` (and
    from how many sources), the libraries, and the communities' weighted modularity, of an
    :func:`~kg.analysis.pipeline.analyse` or a :func:`~kg.analysis.pipeline.measured_network`."""
    centrality = analysis.centrality
    said: dict[str, str | int | float] = {"betweenness_method": centrality.betweenness_method}
    if centrality.betweenness_sample is not None:
        said["betweenness_sample"] = centrality.betweenness_sample
    said["betweenness_backend"] = centrality.backend
    said["communities_backend"] = analysis.backends.get("communities", "networkx")
    if analysis.modularity is not None:
        said["communities_modularity"] = round(analysis.modularity, 4)
    return said


def _graph_attributes(about: dict | None, view: str) -> dict[str, str | int]:
    """What GraphML says of the whole graph: kg's version, the ``view`` and its
    ``projection`` rule, and the data's digest, endpoint, year (a number), how the measures
    were computed (``about["measures"]``: :func:`how_measured`) and licences where ``about``
    gives them."""
    attributes: dict[str, str | int] = {"kg_version": __version__}
    attributes |= {"view": view, "projection": PROJECTION[view]}
    if about:
        if about.get("data_sha256"):
            attributes["data_sha256"] = about["data_sha256"]
        if about.get("endpoint"):
            attributes["endpoint"] = about["endpoint"]
        if about.get("year") is not None:
            attributes["year"] = int(about["year"])
        attributes |= about.get("measures", {})
        attributes["licence_code"] = about["licence"]["code"]
        if about["licence"]["data"]:  # kg's bundled data; another's is its publisher's to say
            attributes["licence_data"] = about["licence"]["data"]
            attributes["attribution"] = about["licence"]["attribution"]
    return attributes


def edge_id(a: str, b: str) -> str:
    """A link's id in GEXF: its two ends in IRI order joined by "|" (which no IRI holds), so a
    link has the same id in the whole data's file and in each year's, which Gephi matches when
    it merges files (numbers 0, 1, … named another link in each file).

    >>> edge_id("https://x/b", "https://x/a")
    'https://x/a|https://x/b'
    """
    return "|".join(sorted((a, b)))


def _write_gexf(
    network: nx.Graph, path: Path, about: dict | None, view: str, dated: tuple[Years, Weights]
) -> None:
    """GEXF as networkx writes it, but with kg as its creator, what it was made from as its
    description, and no ``lastmodifieddate`` (networkx writes the day it runs: the same data
    would give another file tomorrow); with ``years``, dynamic, each node and link with its
    spells (networkx declares the graph ``mode="dynamic" timeformat="date"``) and each
    link's ``weight_in_year``."""
    years, weights = dated
    from xml.etree.ElementTree import SubElement

    writer = GEXFWriter(encoding="utf-8")
    meta = writer.xml.find("meta")
    assert meta is not None  # GEXFWriter always makes it
    meta.attrib.pop("lastmodifieddate", None)
    creator = meta.find("creator")
    assert creator is not None
    creator.text = f"kg {__version__} (NetworkX {nx.__version__})"
    described: dict[str, str | int] = {**_graph_attributes(about, view)}
    if years:
        described["timeline"] = TIMELINE
    SubElement(meta, "description").text = "; ".join(f"{k}={v}" for k, v in described.items())
    for a, b, data in network.edges(data=True):  # the same link, the same id in every file
        data["id"] = edge_id(a, b)
    if years:
        for node, data in network.nodes(data=True):
            if node in years:
                data["spells"] = spells(years[node])
        for a, b, data in network.edges(data=True):
            if (ends := tuple(sorted((a, b)))) in years:
                data["spells"] = spells(years[ends])
            if ends in weights:  # a dynamic attribute: a value for each year
                data["weight_in_year"] = [
                    (weight, *spells([year])[0]) for year, weight in sorted(weights[ends].items())
                ]
    writer.add_graph(network)
    with open(path, "wb") as file:
        writer.write(file)
