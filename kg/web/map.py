"""One self-contained, offline HTML page of the network, drawn with vis-network (inlined)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.analysis.centrality import MEASURES
from kg.analysis.gaps import lacking_partners
from kg.analysis.pipeline import Analysis
from kg.collector import collector_paused
from kg.errors import KgError, cannot_write
from kg.model.names import resolve
from kg.model.projection import bipartite_graph
from kg.web.assets import vis_assets
from kg.web.layout import spring_layout
from kg.web.pages import render, script_json, static

VIEWS = ("actors", "bipartite")
#: Above this many nodes, positions are computed in Python and physics stays off: the
#: browser's own layout (physics until stable) took 1.5–3 s before the first drawing from
#: 150 nodes on (bench/map_bench.py), precomputed positions draw 2,000 nodes in about 1 s.
LAYOUT_LIMIT = 100


#: Colours per actor type (colour-blind-friendly where possible); others get FALLBACK.
TYPE_COLOURS = {
    "Committee": "#1f77b4",
    "Administration": "#6baed6",
    "OperationalUnit": "#c6dbef",
    "Municipality": "#08306b",
    "PublicAgency": "#9467bd",
    "Association": "#2ca02c",
    "Company": "#ff7f0e",
    "University": "#e6ab02",
    "ResearchUnit": "#fdd835",
}
FALLBACK = "#7f7f7f"
COLLABORATION_COLOUR = "#bdbdbd"
LACKING_BORDER = "#d62728"
SECTOR_NAMES = {
    "public": "public sector",
    "civil": "civil society",
    "academia": "academia",
    "business": "business",
    "unknown": "unknown",
}


@dataclass
class MapPage:
    """A rendered map: the page, the nodes and edges it shows, and a note for the reader."""

    html: str
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    message: str = ""


def resolve_actor(analysis: Analysis, name: str) -> str:
    """The IRI of the actor whose name (any label) is ``name`` or starts with it.

    Case and diacritics are ignored. An ambiguous prefix or an unknown name raises KgError
    with the closest names.
    """
    actors = analysis.facts.actors
    return resolve(
        {i: a["names"] or [a["label"]] for i, a in actors.items()},
        {i: a["label"] for i, a in actors.items()},
        name,
        hint="run `kg centrality -n 0` to list the actors",
    )


def _base_graph(analysis: Analysis, view: str) -> nx.Graph:
    if view == "actors":
        return analysis.network
    graph = bipartite_graph(analysis.facts)
    for node, data in analysis.network.nodes(data=True):
        graph.nodes[node].update({m: data.get(m, 0) for m in (*MEASURES, "community")})
    return graph


def _value(graph: nx.Graph, node: str, size_by: str) -> float:
    data = graph.nodes[node]
    if data.get("kind") == "collaboration":
        return float(graph.degree(node))
    return float(data.get(size_by, 0) or 0)


def render_map(
    analysis: Analysis,
    *,
    view: str = "actors",
    size_by: str = "degree",
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = 2000,
) -> MapPage:
    """Render the network as one offline HTML page.

    Args:
        analysis: The result of :func:`kg.analysis.pipeline.analyse`.
        view: ``"actors"`` (the actor network) or ``"bipartite"`` (actors and collaborations;
            collaborations are diamonds, sized by their number of parties).
        size_by: The centrality measure that sizes actor nodes.
        focus: An actor's name or unique prefix: show only its ego network.
        depth: How many partner steps around ``focus`` to keep (in the bipartite view, one
            step is actor → collaboration → actor).
        max_nodes: Keep at most this many nodes, the largest by ``size_by`` (in the bipartite
            view, relative to the largest node of the same kind).

    Returns:
        The page with the node and edge data it holds and a message when nodes were left out.

    Raises:
        KgError: An unknown view, measure or actor, or a depth or limit below 1.
    """
    if view not in VIEWS:
        raise KgError(f"unknown view '{view}'", hint=f"choose one of: {', '.join(VIEWS)}")
    if size_by not in MEASURES:
        raise KgError(f"unknown measure '{size_by}'", hint=f"choose one of: {', '.join(MEASURES)}")
    if depth < 1 or max_nodes < 1:
        raise KgError("--depth and --max-nodes must be at least 1")
    graph = _base_graph(analysis, view)
    messages = []
    kept = set(graph)
    focus_iri = None
    if focus is not None:
        focus_iri = resolve_actor(analysis, focus)
        radius = depth * 2 if view == "bipartite" else depth
        kept = set(nx.ego_graph(graph, focus_iri, radius=radius))
        messages.append(
            f"Showing the network within {depth} step(s) of "
            f"{analysis.facts.actors[focus_iri]['label']}."
        )
    if len(kept) > max_nodes:
        top = {}
        for kind in sorted({graph.nodes[n].get("kind", "actor") for n in kept}):
            members = [n for n in kept if graph.nodes[n].get("kind", "actor") == kind]
            largest = max(_value(graph, n, size_by) for n in members) or 1.0
            top.update({n: _value(graph, n, size_by) / largest for n in members})
        ranked = sorted(kept, key=lambda n: (-top[n], graph.nodes[n]["label"].casefold(), n))
        kept = set(ranked[:max_nodes])
        if focus_iri is not None:
            kept = set(ranked[: max_nodes - 1]) | {focus_iri}
        messages.append(
            f"Showing the {max_nodes} largest of {len(ranked)} nodes by {size_by}; "
            "raise --max-nodes to see more."
        )
    shown = graph.subgraph(sorted(kept))
    nodes, edges, data = _data(analysis, shown, view, size_by, focus_iri)
    if len(nodes) > LAYOUT_LIMIT:
        layout = spring_layout(nx.Graph(shown.edges))
        for node in nodes:
            x, y = layout.get(node["id"], (0.0, 0.0))
            node["x"], node["y"] = round(float(x) * 1500, 1), round(float(y) * 1500, 1)
        if len(layout) < len(nodes):  # isolated nodes: a ring around the drawing
            lonely = [n for n in nodes if n["id"] not in layout]
            for i, node in enumerate(lonely):
                angle = 2 * math.pi * i / len(lonely)
                node["x"], node["y"] = (
                    round(1800 * math.cos(angle), 1),
                    round(1800 * math.sin(angle), 1),
                )
    data["physics"] = len(nodes) <= LAYOUT_LIMIT
    message = " ".join(messages)
    data["message"] = message
    page = _page(data, view, shown, lacking=bool(data["lacking"]))
    return MapPage(html=page, nodes=nodes, edges=edges, message=message)


def _data(
    analysis: Analysis, shown: nx.Graph, view: str, size_by: str, focus_iri: str | None
) -> tuple[list[dict], list[dict], dict]:
    facts = analysis.facts
    lacking = lacking_partners(analysis.gaps)
    of_actor: dict[str, list[str]] = {}
    for collab in sorted(facts.members):
        for member in facts.members[collab]:
            of_actor.setdefault(member, []).append(collab)
    values = {n: _value(shown, n, size_by) for n in shown}
    ranges = {}
    for kind in ("actor", "collaboration"):
        vals = [v for n, v in values.items() if shown.nodes[n].get("kind", "actor") == kind]
        ranges[kind] = (min(vals), max(vals)) if vals else (0.0, 0.0)
    collaborations: dict[str, dict] = {}
    excerpts: set[str] = set()

    def use_collab(iri: str) -> None:
        collab = facts.collaborations[iri]
        collaborations[iri] = {
            "label": collab["label"],
            "label_en": collab["label_en"],
            "type": collab["type"],
            "evidence": collab["evidence"],
        }
        excerpts.update(collab["evidence"])

    nodes = []
    for iri in sorted(shown):
        attrs = shown.nodes[iri]
        kind = attrs.get("kind", "actor")
        low, high = ranges[kind]
        scale = (values[iri] - low) / (high - low) if high > low else 0.5
        node = {
            "id": iri,
            "label": attrs["label"],
            "label_en": attrs.get("label_en") or "",
            "kind": kind,
            "type": attrs["type"],
            "value": round(values[iri], 6),
            "size": round((8 if kind == "collaboration" else 10) + 30 * scale, 2),
        }
        if kind == "collaboration":
            use_collab(iri)
            members = [m for m in facts.members.get(iri, {}) if m in facts.actors]
            node["members"] = sorted(
                ([m, facts.actors[m]["label"]] for m in members),
                key=lambda pair: (pair[1].casefold(), pair[0]),
            )
            node["sector"] = ""
        else:
            actor = facts.actors[iri]
            node.update(
                sector=actor["sector"],
                municipal=actor["municipal"],
                community=attrs.get("community", 0),
                lacking=iri in lacking,
                focus=iri == focus_iri,
                evidence=actor["evidence"],
                collaborations=[
                    [c, sorted(set(facts.members[c][iri]))] for c in of_actor.get(iri, [])
                ],
            )
            excerpts.update(actor["evidence"])
            for collab, evidence in node["collaborations"]:
                use_collab(collab)
                excerpts.update(evidence)
        nodes.append(node)
    edges = []
    for i, (a, b) in enumerate(sorted(tuple(sorted(e)) for e in shown.edges)):
        attrs = shown.edges[a, b]
        edge = {"id": f"e{i}", "from": a, "to": b}
        if view == "actors":
            edge["weight"] = attrs.get("weight", 1)
            edge["collaborations"] = list(attrs.get("collaborations", []))
            for collab in edge["collaborations"]:
                use_collab(collab)
        else:
            edge["weight"] = 1
            edge["evidence"] = list(attrs.get("evidence", []))
            excerpts.update(edge["evidence"])
        edges.append(edge)
    data = {
        "view": view,
        "size_by": size_by,
        "nodes": nodes,
        "edges": edges,
        "collaborations": collaborations,
        "excerpts": {
            e: {k: facts.excerpts[e][k] for k in ("file", "page", "quote")}
            for e in sorted(excerpts)
            if e in facts.excerpts
        },
        "colours": {**TYPE_COLOURS, "_fallback": FALLBACK, "_collaboration": COLLABORATION_COLOUR},
        "lacking_border": LACKING_BORDER,
        "lacking": sorted(n["id"] for n in nodes if n.get("lacking")),
        "sectors": SECTOR_NAMES,
    }
    return nodes, edges, data


def _page(data: dict, view: str, shown: nx.Graph, *, lacking: bool) -> str:
    script, style = vis_assets()
    types = sorted(
        {shown.nodes[n]["type"] for n in shown if shown.nodes[n].get("kind") != "collaboration"}
    )
    collab_types = sorted(
        {shown.nodes[n]["type"] for n in shown if shown.nodes[n].get("kind") == "collaboration"}
    )
    sectors = sorted({shown.nodes[n].get("sector") for n in shown if shown.nodes[n].get("sector")})
    legend = [
        {"shape": "dot", "style": f"background:{TYPE_COLOURS.get(t, FALLBACK)}", "label": t}
        for t in types
    ]
    if collab_types:
        legend.append(
            {
                "shape": "diamond",
                "style": f"background:{COLLABORATION_COLOUR}",
                "label": "collaboration",
            }
        )
    if lacking:
        legend.append(
            {
                "shape": "dot",
                "lacking": True,
                "style": f"border-color:{LACKING_BORDER}",
                "label": "committee without any partner",
            }
        )
    return render(
        "map.html",
        title="actors and collaborations" if view == "bipartite" else "actor network",
        vis_css=style,
        vis_js=script,
        css=static("map.css"),
        js=static("map.js"),
        data=script_json(data),
        legend=legend,
        types=[*types, *collab_types],
        sectors=[(s, SECTOR_NAMES.get(s, s)) for s in sectors],
    )


@collector_paused
def write_map(analysis: Analysis, path: Path, **options: object) -> MapPage:
    """Render the map (options as for :func:`render_map`) and write it to ``path``."""
    page = render_map(analysis, **options)  # type: ignore[arg-type]
    try:
        Path(path).write_text(page.html, encoding="utf-8")
    except OSError as error:
        raise cannot_write(Path(path), error) from error
    return page
