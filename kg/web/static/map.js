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
