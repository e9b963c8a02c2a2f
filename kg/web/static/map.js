(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var text = data.text;  // the page's wording in the map's language
  var byId = Object.create(null);  // no inherited names: an address may say anything
  var unitOf = Object.create(null);  // a unit's IRI -> its organisation's node
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    (n.unit_ids || []).forEach(function (unit) { unitOf[unit] = n.id; });
  });
  // The node an IRI names: itself, or the organisation a unit of it is folded into.
  function nodeFor(iri) { return byId[iri] ? iri : (unitOf[iri] || null); }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  // Names compared without case or accents: "radda" finds "Rädda Barnen".
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // A name in the map's language first, as the report gives it, and the other beside it
  function inLanguage(n) {
    var english = data.lang === "en" && n.label_en;
    return english ? [n.label_en, n.label] : [n.label, n.label_en || ""];
  }
  // The language of each of those names: a label is Swedish (kg's shapes ask for a Swedish
  // name), an English name English; marked where it is not the page's own (WCAG 3.1.2)
  function languagesOf(n) {
    return data.lang === "en" && n.label_en ? ["en", "sv"] : ["sv", "en"];
  }
  function inLang(e, lang) {
    if (lang && lang !== data.lang) { e.lang = lang; }
    return e;
  }
  function tooltip(n) {
    var box = el("div", null, "kg-tip");
    var both = inLanguage(n), langs = languagesOf(n);
    box.appendChild(inLang(el("strong", both[0]), langs[0]));
    if (both[1] && both[1] !== both[0]) { box.appendChild(inLang(el("div", both[1]), langs[1])); }
    box.appendChild(el("div", n.type + (n.sector_label ? " · " + n.sector_label : "")));
    return box;
  }
  function visNode(n) {
    var dashed = n.lacking || (n.kind === "collaboration" && n.unpartnered);
    // a unit: outlined in its group's colour, darker where that is under 3:1 on white
    var inside = n.outlined ? "#ffffff" : n.colour;
    var border = n.lacking ? data.lacking_border : (n.outlined ? n.ring : "#333333");
    var node = {  // a committee without partners is never the smallest: the report leads with it
      id: n.id, label: inLanguage(n)[0],  // its tooltip and panel give both
      size: n.lacking ? Math.max(n.size, 18) : n.size,
      title: tooltip(n), shape: n.shape,
      color: { background: inside, border: border,
               highlight: { background: inside, border: n.lacking ? border : "#000000" } },
      borderWidth: n.lacking ? 5 : (n.focus ? 3 : 1) + (n.outlined ? 2 : 0),
      shapeProperties: { borderDashes: dashed ? [6, 4] : false }
    };
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    return node;
  }
  // A link's grey is 4.5:1 on white (WCAG 1.4.11 asks 3:1), darker when chosen; the links
  // of a node not chosen fade
  var LINK = "#767676", LINK_LIT = "#333333", LINK_DIM = "rgba(118,118,118,0.12)";
  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, width: 1 + Math.log(e.weight || 1),
             color: { color: LINK, highlight: LINK_LIT } };
  }

  // Filters: groups, types, the municipality whose data a node is in (where the map is several
  // municipalities'), and the collaborations' goal area, area, kind and year (the years a
  // source reports a node or a link in: a year keeps the collaborations reported in it and
  // the partners named in them). An organisation stays while it takes part in a collaboration
  // every chosen filter keeps, and a link while it runs through one.
  var hidden = { type: {}, sector: {} };
  var place = { goal: "", area: "", kind: "", year: "", city: "" };
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  function inYear(item) {
    return !place.year || (item.years || []).indexOf(Number(place.year)) >= 0;
  }
  function yearIn(years) {
    return !place.year || (years || []).indexOf(Number(place.year)) >= 0;
  }
  function choosing() { return place.goal || place.area || place.kind; }
  function kept(iri) {  // a collaboration the goal area, area and kind filters keep
    var c = data.collaborations[iri];
    return !!c && (!place.goal || c.goal_areas.indexOf(place.goal) >= 0) &&
      (!place.area || c.areas.indexOf(place.area) >= 0) && (!place.kind || c.kind === place.kind);
  }
  function shown(item) {
    var n = byId[item.id];
    if (hidden.type[n.type] || (n.sector && hidden.sector[n.sector])) { return false; }
    if (place.city && n.municipality !== place.city) { return false; }  // a city's data alone
    if (choosing()) {
      var stays = n.kind === "collaboration" ? kept(n.id) : (n.collaborations || []).some(
        function (entry) { return kept(entry[0]) && yearIn(entry[2]); });
      if (!stays) { return false; }
    }
    return inYear(n);
  }
  function keptOrWhole(iri, seen) {  // a link's collaboration, or a whole it is part of
    if (kept(iri)) { return true; }
    seen[iri] = true;
    return ((data.collaborations[iri] || {}).part_of || []).some(function (whole) {
      return !seen[whole] && keptOrWhole(whole, seen);
    });
  }
  function linkShown(e) {
    if (!choosing() || !e.collaborations) { return inYear(e); }  // bipartite: its ends decide
    var through = e.collaboration_years || [];  // absent where the page offers no year
    // a link lists the parts it counts, not their wholes: a kept whole keeps it too
    return e.collaborations.some(function (c, i) {
      return keptOrWhole(c, {}) && yearIn(through[i]);
    });
  }
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, { filter: shown });
  var edgeView = new vis.DataView(edges, { filter: function (e) {
    return shown({ id: e.from }) && shown({ id: e.to }) && linkShown(edgeById[e.id]);
  } });
  // names 12 units high, 2.5 times that for a projector's far row (the drawing's scale aside)
  var LABEL = 12, LARGE = 30;
  var options = {
    nodes: { font: { size: LABEL } },
    edges: { smooth: false },
    interaction: { hover: true, tooltipDelay: 150 },
    physics: { enabled: data.physics, solver: "forceAtlas2Based",
               stabilization: { enabled: true, iterations: 400 } },
    layout: { randomSeed: 42 }
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  // the drawing takes the keyboard (vis-network makes it focusable) and says where its
  // nodes and links are in words: the search and the panel
  var drawing = container.querySelector("div.vis-network") || container;
  drawing.setAttribute("role", "application");
  drawing.setAttribute("aria-label", text.drawing);
  // While it has the keyboard (Tab or a click gives it), the arrow keys move the drawing and
  // + and − zoom it, as a drag and the mouse wheel do (one press, one step)
  var STEPS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  var ZOOMS = { "+": 1.25, "=": 1.25, "-": 0.8, "−": 0.8 };
  function moveView(step, zoom) {
    var scale = network.getScale(), at = network.getViewPosition();
    if (step) {
      var by = 80 / scale;  // 80 pixels on the screen
      at = { x: at.x + step[0] * by, y: at.y + step[1] * by };
    } else {
      scale *= zoom;
    }
    network.moveTo({ position: at, scale: scale });
  }
  drawing.addEventListener("keydown", function (event) {
    var step = STEPS[event.key];
    if (event.ctrlKey || event.metaKey || event.altKey || (!step && !ZOOMS[event.key])) { return; }
    event.preventDefault();
    moveView(step, ZOOMS[event.key]);
  });
  // The same with one click or tap each, for a reader who cannot drag, pinch or turn a wheel
  // (WCAG 2.5.7): the buttons over the drawing, and one that shows the whole network
  Array.prototype.forEach.call(document.querySelectorAll("#kg-view button"), function (b) {
    b.addEventListener("click", function () {
      var move = b.getAttribute("data-move");
      if (move === "fit") { network.fit(); return; }
      moveView(STEPS[move], ZOOMS[move]);
    });
  });
  var large = document.getElementById("kg-large");
  large.addEventListener("change", function () {
    network.setOptions({ nodes: { font: { size: large.checked ? LARGE : LABEL } } });
  });
  var message = document.getElementById("kg-message");
  var found = document.getElementById("kg-found");
  message.textContent = data.message || "";

  // Highlight: a chosen node and its partners stay bright, the rest fades.
  function neighbours(id) {
    var near = {};
    near[id] = true;
    data.edges.forEach(function (e) {
      if (e.from === id) { near[e.to] = true; }
      if (e.to === id) { near[e.from] = true; }
    });
    return near;
  }
  function highlight(id) {
    var near = id ? neighbours(id) : null;
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, opacity: !near || near[n.id] ? 1 : 0.15 };
    }));
    edges.update(data.edges.map(function (e) {
      var lit = !near || e.from === id || e.to === id;
      return { id: e.id, color: { color: lit ? LINK : LINK_DIM, highlight: LINK_LIT } };
    }));
    return near ? Object.keys(near).length - 1 : 0;
  }

  // Side panel
  var panel = document.getElementById("kg-panel");
  // A quote in its document's language, then the reference as the report gives it (issuer,
  // year, page: kg.model.citation) and the document's title, as in its list of sources
  function evidenceList(ids, parent) {
    (ids || []).forEach(function (id) {
      var ex = data.excerpts[id];
      if (!ex) { return; }
      var doc = data.documents[ex.document] || {};
      var q = el("blockquote");
      var said = q.appendChild(el("span", text.quote_marks[0]));
      said.appendChild(inLang(el("span", ex.quote), doc.lang));
      said.appendChild(document.createTextNode(text.quote_marks[1]));
      var source = q.appendChild(el("cite", ex.cite || ex.document));
      if (doc.title) {
        source.appendChild(document.createTextNode(" — "));
        source.appendChild(inLang(el("span", doc.title), doc.lang));
      }
      parent.appendChild(q);
    });
  }
  function field(dl, name, value) {
    if (value === undefined || value === null || value === "") { return null; }
    dl.appendChild(el("dt", name));
    return dl.appendChild(el("dd", value));
  }
  // A button in the panel: it does what it says, then the keyboard is on the panel it shows
  function action(label, act, lang, cls) {
    var button = inLang(el("button", label, cls || "kg-go"), lang);
    button.type = "button";
    button.addEventListener("click", function () {
      act();
      var heading = panel.querySelector("h2");
      if (heading) { heading.focus(); }
    });
    return button;
  }
  // A node's name, which selects it where it is on the map
  function nameOf(id, fallback, tag) {
    var n = byId[id];
    if (!n) { return el(tag || "span", fallback); }
    return action(inLanguage(n)[0], function () { select(id); }, languagesOf(n)[0]);
  }
  function collabItem(iri, memberEvidence) {
    var c = data.collaborations[iri] || { label: iri, type: "" };
    var li = el("li");
    var both = inLanguage(c), langs = languagesOf(c);
    li.appendChild(inLang(byId[iri] ? nameOf(iri) : el("strong", both[0]), langs[0]));
    li.appendChild(document.createTextNode(" (" + c.type + ")"));
    if (c.unpartnered) { li.appendChild(el("div", text.unpartnered, "note")); }
    if (both[1] && both[1] !== both[0]) { li.appendChild(inLang(el("div", both[1], "en"), langs[1])); }
    evidenceList(memberEvidence && memberEvidence.length ? memberEvidence : c.evidence, li);
    return li;
  }
  function clear() {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    panel.classList.remove("kg-shown");
  }
  // On a phone the panel comes up over the network's foot: its Close button puts it away
  function closer() {
    var button = el("button", "×", "kg-close");
    button.type = "button";
    button.title = text.close;
    button.setAttribute("aria-label", text.close);
    button.addEventListener("click", putAway);
    return button;
  }
  // the keyboard goes back to the drawing, not to the page's top with the button gone
  function putAway() { deselect(); remember(null); drawing.focus(); }
  var phone = window.matchMedia ? window.matchMedia("(max-width: 600px)") : { matches: false };
  // ... and a node it would cover moves up into sight, between the screen's top and the panel
  function inSight(id) {
    if (!phone.matches || !panel.classList.contains("kg-shown") || !byId[id]) { return; }
    var box = container.getBoundingClientRect(), spot = network.getPositions([id])[id];
    if (!spot) { return; }
    var at = network.canvasToDOM(spot), top = Math.max(box.top, 0);
    var bottom = Math.min(panel.getBoundingClientRect().top, box.bottom);
    var y = box.top + at.y;
    if (bottom - top < 60 || (y > top + 24 && y < bottom - 24)) { return; }
    network.moveTo({ position: spot, animation: false,
      offset: { x: at.x - box.width / 2, y: (top + bottom) / 2 - box.top - box.height / 2 } });
  }
  function places(ids) {
    return (ids || []).map(function (p) { return data.places[p] || p; }).join(", ");
  }
  // A node's links, by the name at their other end: its partners (or, in the view of
  // collaborations, its collaborations and their parties)
  var linksAt = Object.create(null);
  data.edges.forEach(function (e) {
    (linksAt[e.from] = linksAt[e.from] || []).push({ other: e.to, edge: e });
    (linksAt[e.to] = linksAt[e.to] || []).push({ other: e.from, edge: e });
  });
  function linksOf(id) {
    function name(link) { return inLanguage(byId[link.other])[0]; }
    return (linksAt[id] || []).slice().sort(function (a, b) {
      return name(a).localeCompare(name(b), data.lang) || (a.other < b.other ? -1 : 1);
    });
  }
  // Partners as text: each one's name selects it, and its shared collaborations open the link
  function partnerList(n) {
    var links = linksOf(n.id);
    var whole = typeof n.partners === "number" && n.partners !== links.length;  // a cut map
    panel.appendChild(el("h3", kgSay(whole ? text.partners_on_map : text.partners_heading,
      { n: links.length, total: n.partners })));
    var list = el("ul", null, "kg-partners");
    links.forEach(function (link) {
      var li = list.appendChild(el("li"));
      li.appendChild(nameOf(link.other));
      li.appendChild(document.createTextNode(" · "));
      li.appendChild(action(kgSay(text.shared_button, { n: link.edge.collaborations.length }),
        function () { showEdge(link.edge.id); }, null, "kg-go kg-link"));
    });
    panel.appendChild(list);
  }
  function heading(text, lang) {
    panel.appendChild(closer());
    panel.classList.add("kg-shown");
    var h2 = inLang(el("h2", text), lang);
    h2.tabIndex = -1;  // where the keyboard goes when a button in the panel changes it
    return panel.appendChild(h2);
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    clear();
    var langs = languagesOf(n);
    heading(inLanguage(n)[0], langs[0]);
    panel.appendChild(inLang(el("p", inLanguage(n)[1], "en"), langs[1]));
    var dl = el("dl");
    field(dl, text.type, n.type);
    field(dl, text.group, n.sector_label);
    if (n.kind === "collaboration") {
      field(dl, text.parties, n.value);
      if (n.unpartnered) { field(dl, text.partners, text.no_partner_named); }
    } else {
      field(dl, text.partners, n.partners);
      if (n.one_collaboration) {  // how many of them one collaboration alone gives
        field(dl, text.one_collaboration, kgSay(text.one_collaboration_value, n.one_collaboration));
      }
      field(dl, text.status, n.status);
      // renamed, merged or split (dcterms:replaces): where its work is under another name
      field(dl, text.formerly, (n.replaces || []).join(", "));
      field(dl, text.replaced_by, (n.replaced_by || []).join(", "));
      if (n.lacks) { field(dl, text.lacks, n.lacks.length ? n.lacks.join(", ") : text.lacks_none); }
      (n.unnamed || []).forEach(function (group, i) {  // the report's "+", a line a group
        if (i === 0) { field(dl, text.unnamed, group); } else { dl.appendChild(el("dd", group)); }
      });
      field(dl, text[data.size_by], n.value);
      field(dl, text.community, n.community || text.none);
      field(dl, text.includes, (n.units || []).join(", "));
    }
    field(dl, text.reported_in, (n.years || []).join(", "));
    field(dl, text.goal_areas, places(n.goal_areas));
    field(dl, text.areas, places(n.areas));
    // a basis's name and the curators' note come in the map's language (mapdata._basis: a
    // Swedish map falls back on the English note where the data has no Swedish one)
    (n.basis || []).forEach(function (b) {
      var note = field(dl, text.basis + ": " + b.label, b.note);
      if (note) { inLang(note, b.note_lang); }
    });
    panel.appendChild(dl);
    if (n.kind === "collaboration") {
      panel.appendChild(el("h3", text.parties_heading));
      var ul = el("ul", null, "kg-partners");
      var through = {};
      (linksAt[n.id] || []).forEach(function (link) { through[link.other] = link.edge.id; });
      (n.members || []).forEach(function (m) {
        var li = ul.appendChild(el("li"));
        li.appendChild(nameOf(m[0], m[1]));
        if (!through[m[0]]) { return; }
        li.appendChild(document.createTextNode(" · "));
        li.appendChild(action(text.membership_button, function () { showEdge(through[m[0]]); },
          null, "kg-go kg-link"));
      });
      panel.appendChild(ul);
      panel.appendChild(el("h3", text.evidence_heading));
      evidenceList((data.collaborations[n.id] || {}).evidence, panel);
      return;
    }
    if (data.view === "actors") { partnerList(n); }
    panel.appendChild(el("h3", kgSay(text.collaborations_heading,
      { n: (n.collaborations || []).length })));
    var list = el("ul");
    (n.collaborations || []).forEach(function (pair) {
      list.appendChild(collabItem(pair[0], pair[1]));
    });
    panel.appendChild(list);
    panel.appendChild(el("h3", text.actor_evidence_heading));
    evidenceList(n.evidence, panel);
  }
  // A link's evidence through one collaboration: the passages that make either end a party
  // of it (kg.model.parties.Parties.between, as the report and evidence-between-actors cite)
  function pairEvidence(a, b, collab) {
    var found = {};
    [a, b].forEach(function (id) {
      (byId[id].collaborations || []).forEach(function (entry) {
        if (entry[0] === collab) { entry[1].forEach(function (x) { found[x] = true; }); }
      });
    });
    return Object.keys(found).sort();
  }
  function showEdge(id) {
    var e = null;
    data.edges.forEach(function (x) { if (x.id === id) { e = x; } });
    if (!e) { return; }
    clear();
    var h2 = heading("");  // its ends, each of which opens
    h2.appendChild(nameOf(e.from));
    h2.appendChild(document.createTextNode(" — "));
    h2.appendChild(nameOf(e.to));
    if (e.collaborations) {
      panel.appendChild(el("h3", kgSay(text.shared_heading, { n: e.collaborations.length })));
      var ul = el("ul");
      e.collaborations.forEach(function (c) {
        ul.appendChild(collabItem(c, pairEvidence(e.from, e.to, c)));
      });
      panel.appendChild(ul);
    } else {
      panel.appendChild(el("h3", text.membership_evidence_heading));
      evidenceList(e.evidence, panel);
    }
  }
  // Select a node: its own filters on, focused, its partners bright, its panel shown; the
  // address names it unless it came from the address (fromAddress).
  function select(id, fromAddress) {
    var n = byId[id];
    if (!n) { return; }
    hidden.type[n.type] = false;
    if (n.sector) { hidden.sector[n.sector] = false; }
    document.querySelectorAll("input.kg-type, input.kg-sector").forEach(function (box) {
      if (box.value === n.type || box.value === n.sector) { box.checked = true; }
    });
    refresh();
    // a goal area, area, kind or year chosen hides it: show every one again, as for its type
    if (!shown({ id: id })) { clearPlaces(); refresh(); }
    if (shown({ id: id })) {
      network.selectNodes([id]);
      network.focus(id, { scale: 1.2, animation: false });
    }
    highlight(id);
    showNode(id);
    inSight(id);
    announce(id);
    if (!fromAddress) { remember(id); }
  }
  // the status says what was chosen (the panel is not read out whole at each choice)
  function announce(id) { found.textContent = kgSay(text.selected, { name: inLanguage(byId[id])[0] }); }
  function deselect() {
    highlight(null); network.unselectAll(); found.textContent = "";
    clear();
    panel.appendChild(el("p", text.hint, "hint"));
  }
  // a click chooses anew: the search's message goes, and a click on nothing clears the panel
  network.on("click", function (params) {
    if (params.nodes.length) {
      highlight(params.nodes[0]); showNode(params.nodes[0]); inSight(params.nodes[0]);
      announce(params.nodes[0]);
      remember(params.nodes[0]);
    } else if (params.edges.length) { found.textContent = ""; showEdge(params.edges[0]); }
    else { deselect(); remember(null); }
  });

  // The address names the selected node (#its IRI): a link with it opens the map on that node
  // (#a unit's IRI: its organisation), each selection is a step Back returns from, and an
  // address that names no node says so, as the search does, and selects nothing.
  function remember(id) {
    var hash = id ? "#" + encodeURIComponent(id) : "";
    if (window.location.hash === hash) { return; }
    try {
      window.history.pushState(null, "", hash || window.location.pathname + window.location.search);
    } catch (error) { window.location.hash = hash; }
  }
  function fromAddress() {
    var id = window.location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (error) { /* not encoded: as it is */ }
    var node = id ? nodeFor(id) : null;
    if (node) { select(node, true); found.textContent = ""; return; }
    deselect();
    if (id) { found.textContent = kgSay(text.nothing_matches, { text: id }); }
  }
  window.addEventListener("hashchange", fromAddress);

  // Search by any part of a Swedish or English name of an organisation or of its units.
  var names = document.getElementById("kg-names");
  var seen = {};
  function namesOf(n) { return [n.label, n.label_en].concat(n.names || []); }
  data.nodes.forEach(function (n) {
    namesOf(n).forEach(function (name) {
      if (name && !seen[name]) {
        seen[name] = true;
        var option = document.createElement("option");
        option.value = name;
        names.appendChild(option);
      }
    });
  });
  // A name's words, folded: "Individuell Människohjälp (IM)" gives individuell, manniskohjalp, im
  function wordsOf(name) { return fold(name).split(/[^a-z0-9]+/).filter(Boolean); }
  // Two words one typo apart: a letter missing, added or changed, or two letters swapped
  function oneTypo(a, b) {
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i++; }
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
  }
  // Words people put before an association's name that the sources may not write
  var ADDED = { forening: true, foreningen: true, stiftelsen: true };
  // A name close to what was typed, when no name contains it: every typed word (but those
  // above) is a word of the name, the start of one, or one typo from one of four letters or more
  function close(n, typed) {
    var words = wordsOf(typed).filter(function (w) { return !ADDED[w]; });
    return words.length > 0 && namesOf(n).some(function (name) {
      var own = wordsOf(name);
      return words.every(function (w) {
        return own.some(function (o) {
          return o === w || (w.length >= 3 && o.indexOf(w) === 0) ||
            (w.length >= 4 && oneTypo(w, o));
        });
      });
    });
  }
  function search(typed) {
    var wanted = fold(typed).trim();
    if (!wanted) { found.textContent = ""; return []; }
    function exactly(n) {
      return namesOf(n).some(function (name) { return fold(name) === wanted; }) ? 0 : 1;
    }
    var hits = data.nodes.filter(function (n) {
      return namesOf(n).some(function (name) { return fold(name).indexOf(wanted) >= 0; });
    });
    var near = !hits.length;  // a misspelling, or "föreningen …": the closest names
    if (near) { hits = data.nodes.filter(function (n) { return close(n, typed); }); }
    hits.sort(function (a, b) {
      return exactly(a) - exactly(b) || a.label.localeCompare(b.label);
    });
    if (!hits.length) {
      found.textContent = kgSay(text.nothing_matches, { text: typed.trim() });
      return [];
    }
    select(hits[0].id);
    // in the page's language; "; " between names that have commas of their own
    var names = hits.map(function (h) { return inLanguage(h)[0]; });
    var apart = names.some(function (name) { return name.indexOf(",") >= 0; }) ? "; " : ", ";
    var others = names.slice(1, 6).join(apart) + (hits.length > 6 ? " …" : "");
    var said = { n: hits.length, first: names[0], others: others, text: typed.trim() };
    if (near) {  // never silently: the page says no name holds what was typed
      found.textContent = kgSay(text.close_matches, said);
    } else if (hits.length > 1) {  // one match: select said so
      found.textContent = kgSay(text.matches, said);
    }
    return hits.map(function (h) { return h.id; });
  }
  var box = document.getElementById("kg-search");
  box.addEventListener("change", function () { search(box.value); });
  box.addEventListener("keydown", function (event) { if (event.key === "Enter") { search(box.value); } });

  // Filters and reset
  function filtering() {
    return choosing() || place.year || place.city || Object.keys(hidden.type).some(function (k) { return hidden.type[k]; }) ||
      Object.keys(hidden.sector).some(function (k) { return hidden.sector[k]; });
  }
  function refresh() {
    nodeView.refresh(); edgeView.refresh();
    // a year keeps what the sources report in it; the statuses and measures stay the whole's
    var note = place.year ? kgSay(text.year_whole, { year: place.year }) : "";
    // how much of the map a filter leaves, which then fills the view
    var left = filtering() ? kgSay(text.filtered, { nodes: nodeView.length, total: nodes.length,
      links: edgeView.length, all_links: edges.length }) : "";
    message.textContent = [data.message || "", left, note].filter(Boolean).join(" ");
    if (window.kgMap && window.kgMap.stable) { network.fit({ animation: false }); }
  }
  document.querySelectorAll("input.kg-type, input.kg-sector").forEach(function (check) {
    check.addEventListener("change", function () {
      var group = check.classList.contains("kg-type") ? hidden.type : hidden.sector;
      group[check.value] = !check.checked;
      refresh();
    });
  });
  // each select of the page and the filter it sets
  var CHOICES = { "kg-goal": "goal", "kg-area": "area", "kg-kind": "kind", "kg-year": "year",
                  "kg-city": "city" };
  Object.keys(CHOICES).forEach(function (id) {
    var choice = document.getElementById(id);
    if (!choice) { return; }
    choice.addEventListener("change", function () { place[CHOICES[id]] = choice.value; refresh(); });
  });
  function clearPlaces() {
    Object.keys(CHOICES).forEach(function (id) {
      place[CHOICES[id]] = "";
      var choice = document.getElementById(id);
      if (choice) { choice.value = ""; }
    });
  }
  function reset() {
    hidden.type = {}; hidden.sector = {};
    clearPlaces();
    document.querySelectorAll("input.kg-type, input.kg-sector").forEach(function (check) {
      check.checked = true;
    });
    box.value = "";
    refresh(); deselect(); network.fit({ animation: false });
    remember(null);
  }
  document.getElementById("kg-reset").addEventListener("click", reset);
  // On a phone the filters and the key fold under a button, so that the network fills the screen
  var header = document.querySelector("header"), more = document.getElementById("kg-more");
  more.addEventListener("click", function () {
    more.setAttribute("aria-expanded", String(header.classList.toggle("kg-open")));
  });
  // Escape hides the tooltip until the pointer goes to another node or link, and closes an
  // open list of groups or types (WCAG 1.4.13); with no list open around the keyboard, it
  // folds a phone's filters back under their button, which takes the keyboard, or puts away a
  // phone's panel the keyboard is in
  function tips(dismissed) {
    document.querySelectorAll("div.vis-tooltip").forEach(function (tip) {
      tip.classList.toggle("kg-dismissed", dismissed);
    });
  }
  network.on("showPopup", function () { tips(false); });
  network.on("hidePopup", function () { tips(false); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    tips(true);
    var closed = false;
    document.querySelectorAll("#kg-controls details[open]").forEach(function (open) {
      var inside = open.contains(document.activeElement);
      open.open = false;
      if (inside) { open.querySelector("summary").focus(); closed = true; }
    });
    var filters = document.getElementById("kg-filters"), at = document.activeElement;
    if (!closed && phone.matches && panel.classList.contains("kg-shown") && panel.contains(at)) {
      putAway();
      return;
    }
    if (!closed && header.classList.contains("kg-open") &&
        (at === more || filters.contains(at))) {
      header.classList.remove("kg-open");
      more.setAttribute("aria-expanded", "false");
      more.focus();
    }
  });

  window.kgMap = {
    data: data, nodes: nodes, edges: edges, shown: nodeView, network: network,
    stable: !data.physics, firstDrawn: null, select: select, search: search, reset: reset,
    highlight: highlight, showLink: showEdge,
    setPlace: function (kind, iri) {
      place[kind] = iri ? String(iri) : "";
      var choice = document.getElementById("kg-" + kind);
      if (choice) { choice.value = place[kind]; }
      refresh();
      return nodeView.length;
    },
    shownEdges: function () { return edgeView.getIds(); }
  };
  network.once("afterDrawing", function () {
    window.kgMap.firstDrawn = performance.now();  // ms since navigation started
  });
  // Where each node is drawn, kept on its item: a node a filter hides comes back where it
  // was (the network forgets a node it no longer shows, and would place it anew at the centre)
  function keepPositions() {
    var at = network.getPositions();
    nodes.update(Object.keys(at).map(function (id) {
      return { id: id, x: at[id].x, y: at[id].y };
    }));
  }
  network.on("dragEnd", function (event) { if (event.nodes.length) { keepPositions(); } });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    keepPositions();
    window.kgMap.stable = true;
    fromAddress();
  });
  if (!data.physics) { fromAddress(); }
}());
