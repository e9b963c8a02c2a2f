"""One self-contained, offline HTML page of the network, drawn with vis-network (inlined);
for a large network, positions computed in Python (seeded)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import networkx as nx

import kg.progress as progress
from kg import __version__
from kg.analysis import optional
from kg.analysis.centrality import MEASURES
from kg.analysis.pipeline import Analysis, two_mode_network
from kg.collector import collector_paused
from kg.errors import KgError, cannot_write
from kg.model.city import municipalities, names_in
from kg.model.lookup import search_for_python
from kg.model.names import listed, natural, resolve
from kg.model.spoken import spoken
from kg.web.mapdata import organisation_names, page_data, value_of
from kg.web.pages import render, script_json, static
from kg.web.style import COLLABORATION_SHAPE
from kg.web.wording import wording

VIEWS = ("actors", "bipartite")
#: vis-network, the map's renderer, as shipped with pyvis (read once, checked safe to inline)
VIS_VERSION = "vis-9.1.2"
#: Above this many nodes, positions are computed in Python and physics stays off: the
#: browser's own layout (physics until stable) took 1.5–3 s before the first drawing from
#: 150 nodes on (bench/map_bench.py), precomputed positions draw 2,000 nodes in about 1 s.
LAYOUT_LIMIT = 100


#: The height of a map shown inline in a notebook, in pixels.
NOTEBOOK_HEIGHT = 600


@dataclass
class MapPage:
    """A rendered map: the page, the nodes and edges it shows, and a note for the reader.

    In Jupyter it shows inline, in a frame :data:`NOTEBOOK_HEIGHT` pixels high; its text form
    is one line, not the page.
    """

    html: str
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    message: str = ""

    def __repr__(self) -> str:
        note = f", {self.message!r}" if self.message else ""
        size = f"{len(self.html) / 1024:.0f} KiB"
        return f"<MapPage: {len(self.nodes)} nodes, {len(self.edges)} links, {size}{note}>"

    def _repr_html_(self) -> str:
        """The map in a notebook: the page in a sandboxed frame of bounded height."""
        from html import escape

        return (
            f'<iframe srcdoc="{escape(self.html, quote=True)}" width="100%" '
            f'height="{NOTEBOOK_HEIGHT}" style="border: 1px solid #ddd" '
            'sandbox="allow-scripts" loading="lazy"></iframe>'
        )


def resolve_organisation(
    analysis: Analysis, name: str, *, hint: Callable[[str], str] = search_for_python
) -> str:
    """The IRI of the organisation (a node of the map) whose name, or one of whose units'
    names (any label), is ``name`` or starts with it: "fritid" names Fritidsnämnden, with
    Fritidsförvaltningen folded in.

    Case and diacritics are ignored. An ambiguous prefix or an unknown name raises KgError
    with the closest names, else ``hint(name)`` (:func:`~kg.model.lookup.search_for_python` or
    :func:`~kg.model.lookup.search_for_commands`). The map's search matches the same names
    (:func:`~kg.web.mapdata.organisation_names`).
    """
    actors = analysis.facts.actors
    names = organisation_names(analysis.facts)
    return resolve(names, {i: actors[i]["label"] for i in names}, name, hint=hint(name))


def map_nodes(analysis: Analysis, *, size_by: str = "degree", max_nodes: int = 2000) -> set[str]:
    """The organisations :func:`render_map` draws in its default view with these options (the
    report's map.html): all of them, or the ``max_nodes`` largest by ``size_by``."""
    kept = set(analysis.network)
    if len(kept) <= max_nodes:
        return kept
    return _largest(analysis.network, kept, size_by, max_nodes, None)


def _largest(
    graph: nx.Graph, kept: set[str], size_by: str, max_nodes: int, focus: str | None
) -> set[str]:
    """The ``max_nodes`` of ``kept`` largest by ``size_by``, each kind of node measured against
    the largest of its kind; ``focus`` is always kept."""
    value = {n: value_of(graph, n, size_by) for n in kept}
    by_kind: dict[str, list[str]] = {}
    for n in kept:
        by_kind.setdefault(graph.nodes[n].get("kind", "actor"), []).append(n)
    top = {}
    for members in by_kind.values():
        largest = max(value[n] for n in members) or 1.0
        top.update({n: value[n] / largest for n in members})
    limit = max_nodes if focus is None else max_nodes - 1
    first = _first(kept, limit, top, lambda n: natural(graph.nodes[n]["label"]))
    return first if focus is None else first | {focus}


def _first(
    nodes: set[str], limit: int, score: dict[str, float], name: Callable[[str], tuple]
) -> set[str]:
    """The first ``limit`` of ``nodes`` by highest ``score``, then ``name``, then the node
    itself: a whole sort by all three, named only the nodes tied at the cut (a name is the
    costly part of the key, and the map keeps 2,000 of tens of thousands).

    >>> sorted(_first({"a", "b", "c", "d"}, 2, {"a": 1.0, "b": 2.0, "c": 1.0, "d": 0.5},
    ...               lambda n: {"a": (2,), "c": (1,)}.get(n, ())))
    ['b', 'c']
    """
    ranked = sorted(nodes, key=lambda n: -score[n])
    if limit <= 0 or len(ranked) <= limit or any(math.isnan(x) for x in score.values()):
        return set(sorted(nodes, key=lambda n: (-score[n], name(n), n))[:limit])
    cut = score[ranked[limit - 1]]
    ahead = [n for n in ranked if score[n] > cut]
    tied = sorted((n for n in ranked if score[n] == cut), key=lambda n: (name(n), n))
    return set(ahead) | set(tied[: limit - len(ahead)])


def _induced(graph: nx.Graph, kept: set[str]) -> nx.Graph:
    """The subgraph of ``graph`` on ``kept`` as a graph of its own, in the order of
    ``graph.subgraph(kept).copy()``, read from the adjacency once: the page's data and layout
    walk its nodes and links several times, and a view filters the whole network's
    adjacency at each step.

    >>> g = nx.Graph([("a", "b", {"weight": 2}), ("b", "c"), ("c", "a")])
    >>> shown = _induced(g, {"a", "b"})
    >>> list(shown.edges(data=True)) == list(g.subgraph({"a", "b"}).copy().edges(data=True))
    True
    """
    shown = graph.__class__()
    shown.graph.update(graph.graph)
    order = [n for n in graph if n in kept]
    shown.add_nodes_from((n, graph.nodes[n]) for n in order)
    adjacency = graph.adj
    listed: set[str] = set()  # each link once, from the first of its ends, as a view lists them
    for a in order:
        shown.add_edges_from(
            (a, b, data) for b, data in adjacency[a].items() if b in kept and b not in listed
        )
        listed.add(a)
    return shown


def render_map(
    analysis: Analysis,
    *,
    view: str = "actors",
    size_by: str = "degree",
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = 2000,
    lang: str = "en",
    credit: str | None = None,
    report: str | None = None,
    hint: Callable[[str], str] = search_for_python,
) -> MapPage:
    """Render the network as one offline HTML page.

    The default view is the organisation network of the report: a committee with its
    administrations and units is one node, its links are the report's partners, and a dashed
    vermillion border marks exactly the committees the report says have no partner.

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
        lang: ``"en"`` or ``"sv"``: the language of the legend, types and panel.
        credit: The credit line the data's licence asks for, shown at the page's foot
            (:func:`kg.io.provenance.attribution`; None: none, as for another's data).
        report: The address of the report the map belongs to, relative to the map (``kg
            report`` writes ``report.html`` beside it): the page's foot links back to it.
        hint: What to say where no organisation has the name ``focus``, given it:
            :func:`kg.model.lookup.search_for_python` (``kg.query``'s search), or
            :func:`kg.model.lookup.search_for_commands` (``kg query``'s) as ``kg map`` gives.

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
        raise KgError("depth and max_nodes (--depth and --max-nodes) must be at least 1")
    words = wording(spoken(lang))  # an unknown language fails before any work
    graph = analysis.network if view == "actors" else two_mode_network(analysis)
    messages = []
    kept = set(graph)
    focus_iri = None
    if focus is not None:
        focus_iri = resolve_organisation(analysis, focus, hint=hint)
        radius = depth * 2 if view == "bipartite" else depth
        kept = set(nx.ego_graph(graph, focus_iri, radius=radius))
        label = analysis.facts.actors[focus_iri]["label"]
        steps = words["steps"][depth != 1]  # one, other
        messages.append(words["focus_message"].format(depth=depth, steps=steps, label=label))
    if len(kept) > max_nodes:
        total = len(kept)
        kept = _largest(graph, kept, size_by, max_nodes, focus_iri)
        measure = words["page"][size_by]
        messages.append(words["top_message"].format(shown=max_nodes, total=total, measure=measure))
    shown = _induced(graph, kept)
    data = page_data(analysis, shown, view, size_by, focus_iri, lang)
    nodes, edges = data["nodes"], data["edges"]
    if len(nodes) > LAYOUT_LIMIT:
        with progress.step("Laying out the map's {nodes} nodes", nodes=len(nodes)):
            layout = spring_layout(nx.Graph(shown.edges))
        for node in nodes:
            x, y = layout.get(node["id"], (0.0, 0.0))
            node["x"], node["y"] = round(float(x) * 1500, 1), round(float(y) * 1500, 1)
        lonely = [n for n in nodes if n["id"] not in layout]  # isolated: a ring around it all
        for i, node in enumerate(lonely):
            angle = 2 * math.pi * i / len(lonely)
            node["x"] = round(1800 * math.cos(angle), 1)
            node["y"] = round(1800 * math.sin(angle), 1)
    data["physics"] = len(nodes) <= LAYOUT_LIMIT
    message = " ".join(messages)
    data["message"] = message
    cities = names_in(municipalities(analysis.facts), lang)
    city = listed(cities, wording(lang)["and"])  # as the report's title lists them
    page = _page(data, view, lang, city, credit, report)
    return MapPage(html=page, nodes=nodes, edges=edges, message=message)


@cache
def vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet bundled with pyvis, checked safe to inline."""
    import importlib.util

    # pyvis is found, not imported: importing it imports IPython (0.2-0.5 s) for two files
    spec = importlib.util.find_spec("pyvis")
    places = (spec.submodule_search_locations or []) if spec else []
    folder = Path(next(iter(places), "pyvis")) / "templates" / "lib" / VIS_VERSION
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
    if not optional.IGRAPH:
        iterations = layout_iterations(len(nodes))
        return nx.spring_layout(graph, seed=seed, iterations=iterations)
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in graph.edges)
    with optional.seeded(seed) as igraph:
        layout = igraph.Graph(len(nodes), edges).layout_fruchterman_reingold(niter=500, grid="grid")
    xs, ys = [c[0] for c in layout.coords], [c[1] for c in layout.coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {
        node: ((x - cx) / scale, (y - cy) / scale)
        for node, (x, y) in zip(nodes, layout.coords, strict=True)
    }


def _lacking(data: dict, words: dict, lang: str) -> str:
    """The legend of the marked committees (none: ""), in the words of their statuses as the
    panel and ``kg gaps`` give them: "described, no partner named", and in a year's view
    "absent from the sources", never more than the sources tell."""
    from kg.analysis.gaps import ABSENT, NO_PARTNER
    from kg.model.sectors import vocabulary

    marked = set(data["lacking"])
    present = {n["status"] for n in data["nodes"] if n["id"] in marked and n["status"]}
    order = [vocabulary().status(s).label(lang) for s in (NO_PARTNER, ABSENT)]
    said = [s for s in order if s in present] + sorted(present - set(order))
    return words["legend_lacking"].format(statuses="; ".join(said)) if marked else ""


def _page(
    data: dict, view: str, lang: str, city: str, credit: str | None, report: str | None
) -> str:
    script, style = vis_assets()
    types = sorted({(n["shape"], n["type"], n.get("outlined", False)) for n in data["nodes"]})
    places = data["places"]

    def by_name(iri: str) -> tuple[str, str]:  # in the page's language
        return natural(places[iri]), iri

    goal_areas = sorted({g for n in data["nodes"] for g in n.get("goal_areas", ())}, key=by_name)
    areas = sorted({a for n in data["nodes"] for a in n.get("areas", ())}, key=by_name)
    kinds = sorted(
        {(c["type"], c["kind"]) for c in data["collaborations"].values()},
        key=lambda k: natural(k[0]),
    )
    words = wording(lang)
    return render(
        "map.html",
        lang=lang,
        version=__version__,
        t=words,
        title=words["title_bipartite" if view == "bipartite" else "title_network"],
        city=city,
        vis_css=style,
        vis_js=script,
        css=static("map.css"),
        js=static("wording.js") + static("map.js"),
        data=script_json(data),
        groups=data["groups"],
        types=types,
        lacking=_lacking(data, words, lang),
        lacking_border=data["lacking_border"],
        collaborations=view == "bipartite",
        collaboration_colour=data["collaboration_colour"],
        collaboration_shape=COLLABORATION_SHAPE,
        goal_areas=[(g, places[g]) for g in goal_areas],
        areas=[(a, places[a]) for a in areas],
        kinds=[(kind, name) for name, kind in kinds],
        years=data["years"],
        year=data["year"],
        municipalities=data["municipalities"],
        size_by=data["size_by"],
        credit=credit,
        report=report,
    )


@collector_paused
def write_map(analysis: Analysis, path: Path, **options: object) -> MapPage:
    """Render the map (options as for :func:`render_map`) and write it to ``path``."""
    with progress.step("Drawing the map"):
        page = render_map(analysis, **options)  # type: ignore[arg-type]
    try:
        Path(path).write_text(page.html, encoding="utf-8")
    except OSError as error:
        raise cannot_write(Path(path), error) from error
    return page
