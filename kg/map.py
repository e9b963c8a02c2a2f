"""One self-contained, offline HTML page of the network, drawn with vis-network (inlined)."""

from __future__ import annotations

import difflib
import html
import json
import math
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import networkx as nx

from kg.analysis.centrality import MEASURES
from kg.analysis.gaps import lacking_partners
from kg.analysis.pipeline import Analysis
from kg.analysis.suggest import fold
from kg.collector import collector_paused
from kg.errors import KgError
from kg.projection import bipartite_graph

VIEWS = ("actors", "bipartite")
#: Above this many nodes, positions are computed in Python and physics stays off: the
#: browser's own layout (physics until stable) took 1.5–3 s before the first drawing from
#: 150 nodes on (bench/map_bench.py), precomputed positions draw 2,000 nodes in about 1 s.
LAYOUT_LIMIT = 100


def layout_iterations(nodes: int) -> int:
    """Spring-layout iterations for a graph of ``nodes``: 50 up to 500 nodes, fewer above.

    Each iteration is O(n²): measured at 2,000 nodes, 50 iterations took 17 s and 15 took 5 s.

    >>> layout_iterations(300), layout_iterations(1000), layout_iterations(2000)
    (50, 25, 15)
    """
    return 50 if nodes <= 500 else max(15, int(50 * 500 / nodes))


def spring_layout(graph: nx.Graph, *, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Force-directed positions in [-1, 1]², the same on every run.

    igraph's grid Fruchterman–Reingold (compiled: 0.2 s for 2,000 nodes) when igraph is
    installed, else networkx's spring layout with :func:`layout_iterations`.

    >>> sorted(spring_layout(nx.path_graph(3)))
    [0, 1, 2]
    """
    if graph.number_of_nodes() == 0:
        return {}
    nodes = sorted(graph, key=str)
    try:
        import igraph
    except ImportError:
        iterations = layout_iterations(len(nodes))
        return nx.spring_layout(graph, seed=seed, iterations=iterations)
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in graph.edges)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = igraph.Graph(len(nodes), edges).layout_fruchterman_reingold(niter=500, grid="grid")
    finally:
        igraph.set_random_number_generator(random)
    xs, ys = [c[0] for c in layout.coords], [c[1] for c in layout.coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {
        node: ((x - cx) / scale, (y - cy) / scale)
        for node, (x, y) in zip(nodes, layout.coords, strict=True)
    }


VIS_VERSION = "vis-9.1.2"

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


@cache
def _assets() -> tuple[str, str]:
    """The vis-network script and stylesheet bundled with pyvis, checked safe to inline."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "templates" / "lib" / VIS_VERSION
    try:
        script = (folder / "vis-network.min.js").read_text("utf-8")
        style = (folder / "vis-network.css").read_text("utf-8")
    except OSError as error:
        raise KgError(
            f"cannot read vis-network from pyvis: {error}",
            path=folder,
            hint="reinstall pyvis (pip install --force-reinstall 'pyvis>=0.3.2')",
        ) from error
    script = re.sub(r"//# sourceMappingURL=\S*\s*$", "", script)
    style = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", style)
    if re.search(r"</script|<!--", script, re.I) or re.search(r"</style", style, re.I):
        raise KgError("the bundled vis-network cannot be inlined safely", path=folder)
    return script, style


def resolve_actor(analysis: Analysis, name: str) -> str:
    """The IRI of the actor whose name (any label) is ``name`` or starts with it.

    Case and diacritics are ignored. An ambiguous prefix or an unknown name raises KgError
    with the closest names.
    """
    names: dict[str, set[str]] = {}
    for iri, actor in analysis.facts.actors.items():
        for n in actor["names"] or [actor["label"]]:
            names.setdefault(fold(n), set()).add(iri)
    wanted = fold(name)
    exact = names.get(wanted, set())
    matches = exact or {iri for n, iris in names.items() if n.startswith(wanted) for iri in iris}
    if len(matches) == 1:
        return next(iter(matches))
    labels = lambda iris: ", ".join(sorted(analysis.facts.actors[i]["label"] for i in iris))  # noqa: E731
    if matches:
        raise KgError(
            f"'{name}' matches several actors: {labels(matches)}", hint="give more of the name"
        )
    close = difflib.get_close_matches(wanted, sorted(names), n=5, cutoff=0.5)
    found = {iri for c in close for iri in names[c]}
    hint = (
        f"did you mean: {labels(found)}?"
        if found
        else "run `kg centrality -n 0` to list the actors"
    )
    raise KgError(f"no actor is called '{name}'", hint=hint)


def _base_graph(analysis: Analysis, view: str) -> nx.Graph:
    if view == "actors":
        return analysis.network
    graph = bipartite_graph(facts=analysis.facts)
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


def _script_json(data: dict) -> str:
    """JSON that cannot end its <script> element or open a comment inside it.

    >>> _script_json({"a": "</script><!--"})
    '{"a":"<\\\\/script><\\\\u0021--"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _page(data: dict, view: str, shown: nx.Graph, *, lacking: bool) -> str:
    script, style = _assets()
    esc = html.escape
    types = sorted(
        {shown.nodes[n]["type"] for n in shown if shown.nodes[n].get("kind") != "collaboration"}
    )
    collab_types = sorted(
        {shown.nodes[n]["type"] for n in shown if shown.nodes[n].get("kind") == "collaboration"}
    )
    sectors = sorted({shown.nodes[n].get("sector") for n in shown if shown.nodes[n].get("sector")})
    legend = [
        f'<li><span class="swatch dot" style="background:{TYPE_COLOURS.get(t, FALLBACK)}">'
        f"</span>{esc(t)}</li>"
        for t in types
    ]
    if collab_types:
        legend.append(
            f'<li><span class="swatch diamond" style="background:{COLLABORATION_COLOUR}">'
            "</span>collaboration</li>"
        )
    if lacking:
        legend.append(
            f'<li><span class="swatch dot lacking" style="border-color:{LACKING_BORDER}">'
            "</span>committee without any partner</li>"
        )
    type_boxes = [
        f'<label><input type="checkbox" class="kg-type" value="{esc(t)}" checked> {esc(t)}</label>'
        for t in (*types, *collab_types)
    ]
    sector_boxes = [
        f'<label><input type="checkbox" class="kg-sector" value="{esc(s)}" checked> '
        f"{esc(SECTOR_NAMES.get(s, s))}</label>"
        for s in sectors
    ]
    title = "actors and collaborations" if view == "bipartite" else "actor network"
    replacements = {
        "TITLE": esc(title),
        "VIS_CSS": style,
        "VIS_JS": script,
        "CSS": _CSS,
        "JS": _JS,
        "DATA": _script_json(data),
        "LEGEND": "\n".join(legend),
        "TYPES": "\n".join(type_boxes),
        "SECTORS": "\n".join(sector_boxes),
    }
    return re.sub(r"@@([A-Z_]+)@@", lambda m: replacements[m.group(1)], _TEMPLATE)


@collector_paused
def write_map(analysis: Analysis, path: Path, **options: object) -> MapPage:
    """Render the map (options as for :func:`render_map`) and write it to ``path``."""
    page = render_map(analysis, **options)  # type: ignore[arg-type]
    try:
        Path(path).write_text(page.html, encoding="utf-8")
    except OSError as error:
        raise KgError(
            f"cannot write the map to {path}: {error.strerror}",
            path=Path(path),
            hint="choose a writable file with -o",
        ) from error
    return page


_TEMPLATE = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg — Malmö @@TITLE@@</title>
<style>
@@VIS_CSS@@
</style>
<style>
@@CSS@@
</style>
</head>
<body>
<header>
<h1>Actors and alliances for a socially sustainable Malmö — @@TITLE@@</h1>
<p id="kg-message" role="status"></p>
<div id="kg-controls">
<label for="kg-search">Find an actor</label>
<input id="kg-search" type="search" list="kg-names" autocomplete="off"
 placeholder="name (Swedish or English)">
<datalist id="kg-names"></datalist>
<details><summary>Types</summary><div id="kg-types">
@@TYPES@@
</div></details>
<details><summary>Sectors</summary><div id="kg-sectors">
@@SECTORS@@
</div></details>
</div>
<ul id="kg-legend" aria-label="legend">
@@LEGEND@@
</ul>
</header>
<main>
<div id="kg-network"></div>
<aside id="kg-panel" aria-live="polite"><p class="hint">Click a node or a link for its
names, measures, collaborations and evidence.</p></aside>
</main>
<script type="application/json" id="kg-data">@@DATA@@</script>
<script>
@@VIS_JS@@
</script>
<script>
@@JS@@
</script>
</body>
</html>
"""

_CSS = """
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, sans-serif; font-size: 14px; color: #222;
  display: flex; flex-direction: column; height: 100vh; }
header { padding: 6px 12px; border-bottom: 1px solid #ddd; }
h1 { font-size: 17px; margin: 4px 0; }
#kg-message:empty { display: none; }
#kg-message { margin: 4px 0; color: #8a4b00; }
#kg-controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
#kg-controls details { position: relative; }
#kg-controls details > div { position: absolute; z-index: 10; background: #fff;
  border: 1px solid #ccc; padding: 6px; max-height: 60vh; overflow: auto; }
#kg-controls details label { display: block; white-space: nowrap; }
#kg-search { width: 22em; }
#kg-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0;
  margin: 6px 0 0; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: middle; border: 1px solid #555; }
.swatch.dot { border-radius: 50%; }
.swatch.diamond { transform: rotate(45deg) scale(0.8); }
.swatch.lacking { border-width: 3px; background: #fff; }
main { flex: 1; display: flex; min-height: 0; }
#kg-network { flex: 1; min-width: 0; }
#kg-panel { width: 360px; overflow: auto; padding: 8px 12px; border-left: 1px solid #ddd; }
#kg-panel h2 { font-size: 16px; margin: 4px 0; }
#kg-panel .en { color: #555; margin: 0 0 6px; }
#kg-panel dt { font-weight: 600; }
#kg-panel dd { margin: 0 0 4px 12px; }
#kg-panel blockquote { margin: 4px 0 8px 8px; padding-left: 8px; border-left: 3px solid #ccc; }
#kg-panel cite { display: block; color: #555; font-size: 12px; }
.hint { color: #666; }
.kg-tip { max-width: 320px; }
"""

_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function colourOf(n) {
    if (n.kind === "collaboration") { return data.colours._collaboration; }
    return data.colours[n.type] || data.colours._fallback;
  }
  function tooltip(n) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("strong", n.label));
    if (n.label_en && n.label_en !== n.label) { box.appendChild(el("div", n.label_en)); }
    var sector = n.sector ? " · " + (data.sectors[n.sector] || n.sector) : "";
    box.appendChild(el("div", n.type + sector));
    return box;
  }
  function visNode(n) {
    var colour = colourOf(n);
    var node = {
      id: n.id, label: n.label, size: n.size, title: tooltip(n),
      shape: n.kind === "collaboration" ? "diamond" : "dot",
      color: { background: colour, border: n.lacking ? data.lacking_border : "#444444",
               highlight: { background: colour, border: "#000000" } },
      borderWidth: n.lacking ? 5 : (n.focus ? 3 : 1)
    };
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    return node;
  }
  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, width: 1 + Math.log(e.weight || 1),
             color: { color: "#999999", highlight: "#333333" } };
  }

  var hidden = { type: {}, sector: {} };
  function shown(item) {
    var n = byId[item.id];
    return !hidden.type[n.type] && !(n.sector && hidden.sector[n.sector]);
  }
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, { filter: shown });
  var edgeView = new vis.DataView(edges, { filter: function (e) {
    return shown({ id: e.from }) && shown({ id: e.to });
  } });
  var options = {
    nodes: { font: { size: 12 } },
    edges: { smooth: false },
    interaction: { hover: true, tooltipDelay: 150 },
    physics: { enabled: data.physics, solver: "forceAtlas2Based",
               stabilization: { enabled: true, iterations: 400 } },
    layout: { randomSeed: 42 }
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  window.kgMap = {
    data: data, nodes: nodes, edges: edges, shown: nodeView, network: network,
    stable: !data.physics
  };
  window.kgMap.firstDrawn = null;
  network.once("afterDrawing", function () {
    window.kgMap.firstDrawn = performance.now();  // ms since navigation started
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    window.kgMap.stable = true;
  });
  document.getElementById("kg-message").textContent = data.message || "";

  // Side panel
  var panel = document.getElementById("kg-panel");
  function evidenceList(ids, parent) {
    (ids || []).forEach(function (id) {
      var ex = data.excerpts[id];
      if (!ex) { return; }
      var q = el("blockquote", "“" + ex.quote + "”");
      var page = ex.page !== null && ex.page !== undefined ? ", p. " + ex.page : "";
      q.appendChild(el("cite", ex.file + page));
      parent.appendChild(q);
    });
  }
  function field(dl, name, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", name));
    dl.appendChild(el("dd", value));
  }
  function collabItem(iri, memberEvidence) {
    var c = data.collaborations[iri] || { label: iri, type: "" };
    var li = el("li");
    li.appendChild(el("strong", c.label));
    li.appendChild(document.createTextNode(" (" + c.type + ")"));
    if (c.label_en && c.label_en !== c.label) { li.appendChild(el("div", c.label_en, "en")); }
    evidenceList(memberEvidence && memberEvidence.length ? memberEvidence : c.evidence, li);
    return li;
  }
  function clear() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    clear();
    panel.appendChild(el("h2", n.label));
    panel.appendChild(el("p", n.label_en || "", "en"));
    var dl = el("dl");
    field(dl, "type", n.type);
    field(dl, "sector", n.sector ? (data.sectors[n.sector] || n.sector) : "");
    if (n.kind === "collaboration") {
      field(dl, "parties", n.value);
    } else {
      field(dl, data.size_by.replace("_", " "), n.value);
      field(dl, "community", n.community || "none");
    }
    if (n.lacking) { field(dl, "partners", "none in the sources"); }
    panel.appendChild(dl);
    if (n.kind === "collaboration") {
      panel.appendChild(el("h3", "Parties"));
      var ul = el("ul");
      (n.members || []).forEach(function (m) { ul.appendChild(el("li", m[1])); });
      panel.appendChild(ul);
      panel.appendChild(el("h3", "Evidence"));
      evidenceList((data.collaborations[n.id] || {}).evidence, panel);
      return;
    }
    panel.appendChild(el("h3", "Collaborations (" + (n.collaborations || []).length + ")"));
    var list = el("ul");
    (n.collaborations || []).forEach(function (pair) {
      list.appendChild(collabItem(pair[0], pair[1]));
    });
    panel.appendChild(list);
    panel.appendChild(el("h3", "Evidence for the actor"));
    evidenceList(n.evidence, panel);
  }
  function showEdge(id) {
    var e = null;
    data.edges.forEach(function (x) { if (x.id === id) { e = x; } });
    if (!e) { return; }
    clear();
    panel.appendChild(el("h2", byId[e.from].label + " — " + byId[e.to].label));
    if (e.collaborations) {
      panel.appendChild(el("h3", "Shared collaborations (" + e.collaborations.length + ")"));
      var ul = el("ul");
      e.collaborations.forEach(function (c) { ul.appendChild(collabItem(c, null)); });
      panel.appendChild(ul);
    } else {
      panel.appendChild(el("h3", "Evidence of the membership"));
      evidenceList(e.evidence, panel);
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // Search
  var names = document.getElementById("kg-names");
  var lookup = {};
  data.nodes.forEach(function (n) {
    [n.label, n.label_en].forEach(function (name) {
      if (name && !lookup[name.toLowerCase()]) {
        lookup[name.toLowerCase()] = n.id;
        var option = document.createElement("option");
        option.value = name;
        names.appendChild(option);
      }
    });
  });
  function find(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) { return null; }
    if (lookup[wanted]) { return lookup[wanted]; }
    var hits = Object.keys(lookup).filter(function (k) { return k.indexOf(wanted) === 0; }).sort();
    return hits.length ? lookup[hits[0]] : null;
  }
  var search = document.getElementById("kg-search");
  function select() {
    var id = find(search.value);
    if (!id) { return; }
    var n = byId[id];
    hidden.type[n.type] = false;
    if (n.sector) { hidden.sector[n.sector] = false; }
    document.querySelectorAll("input.kg-type, input.kg-sector").forEach(function (box) {
      if (box.value === n.type || box.value === n.sector) { box.checked = true; }
    });
    nodeView.refresh(); edgeView.refresh();
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showNode(id);
  }
  search.addEventListener("change", select);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") { select(); } });

  // Filters
  document.querySelectorAll("input.kg-type, input.kg-sector").forEach(function (box) {
    box.addEventListener("change", function () {
      var group = box.classList.contains("kg-type") ? hidden.type : hidden.sector;
      group[box.value] = !box.checked;
      nodeView.refresh(); edgeView.refresh();
    });
  });
}());
"""
