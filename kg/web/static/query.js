
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var select = document.getElementById("example");
  var editor = document.getElementById("query");
  var description = document.getElementById("description");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var button = document.getElementById("run");
  var downloads = document.getElementById("downloads");
  var linkRow = document.getElementById("link-row");
  var link = document.getElementById("link");
  var recent = document.getElementById("recent");
  var HISTORY = "kg-query-history";
  var NUMBERS = /XMLSchema#(integer|decimal|double|float|int|long|short|byte|(non)?(negative|positive)Integer|unsigned\w+)$/;
  var words = data.text;

  // The page's words in its language, {placeholders} filled in; a plural by {n}
  function say(key, values) { return kgSay(words[key], values); }

  function seconds(started) {
    return ((Date.now() - started) / 1000).toFixed(2).replace(".", words.decimal);
  }
  var prefixes = Object.keys(data.prefixes).map(function (name) {
    return [name, data.prefixes[name]];
  }).sort(function (a, b) { return b[1].length - a[1].length; });

  document.getElementById("endpoint").textContent = new URL("sparql", window.location.href).href;
  // each example by what it asks, in the page's language and its alphabetical order, with
  // the name kg query takes in brackets (the value is its place in data.examples)
  data.examples.map(function (example, index) { return [example, index]; })
    .sort(function (a, b) { return a[0].summary.localeCompare(b[0].summary, data.lang); })
    .forEach(function (pair) {
      var option = document.createElement("option");
      option.value = String(pair[1]);
      option.textContent = pair[0].summary + " (" + pair[0].name + ")";
      select.appendChild(option);
    });
  var paramList = document.getElementById("params");
  // The box is read with what describes it: the chosen example's description, the values its
  // parameters run with (in its VALUES block) and the last run's error; the list of examples
  // with the chosen one's description
  var told = { description: false, params: false, error: false };
  function describedBy() {
    var ids = ["description", "params", "error"].filter(function (k) { return told[k]; })
      .map(function (k) { return k === "error" ? "query-error" : k; });
    if (ids.length) { editor.setAttribute("aria-describedby", ids.join(" ")); }
    else { editor.removeAttribute("aria-describedby"); }
    if (told.description) { select.setAttribute("aria-describedby", "description"); }
    else { select.removeAttribute("aria-describedby"); }
  }
  function describe(example) {  // what the chosen example asks, and the values it runs with
    description.textContent = example ? example.description : "";
    while (paramList.firstChild) { paramList.removeChild(paramList.firstChild); }
    paramList.hidden = !example || !example.params.length;
    told.description = Boolean(description.textContent);
    told.params = !paramList.hidden;
    describedBy();
    if (paramList.hidden) { return; }
    paramList.appendChild(element("p", say("params")));
    var list = element("ul");
    example.params.forEach(function (p) {
      list.appendChild(element("li", say("param", p)));
    });
    paramList.appendChild(list);
  }
  select.addEventListener("change", function () {
    var example = data.examples[Number(select.value)];
    if (!select.value || !example) { describe(null); return; }
    editor.value = example.text;
    describe(example);
  });

  function shorten(iri) {
    for (var i = 0; i < prefixes.length; i++) {
      var base = prefixes[i][1];
      if (iri.indexOf(base) === 0 && iri.length > base.length) {
        return prefixes[i][0] + ":" + iri.slice(base.length);
      }
    }
    return "<" + iri + ">";
  }

  // Where this server publishes an IRI's page (id/NAME, ontology#Name), in the language
  // this page's address chose (?lang=), as the queries' links keep it; null for others
  function pageOf(iri) {
    var ontology = data.ontology;
    var chosen = new URL(window.location.href).searchParams.get("lang");
    function kept(path) {
      var url = new URL(path, window.location.href);
      if (chosen) { url.searchParams.set("lang", chosen); }
      return url.href;
    }
    if (data.base && iri.indexOf(data.base) === 0 && iri.length > data.base.length) {
      return kept("id/" + iri.slice(data.base.length));
    }
    if (iri === ontology.slice(0, -1) || (iri.indexOf(ontology) === 0 && iri.length > ontology.length)) {
      return kept("ontology" + iri.slice(ontology.length - 1));
    }
    return null;
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function clear() {
    while (results.firstChild) { results.removeChild(results.firstChild); }
  }

  // Shows a SPARQL JSON answer; says which kind it was ("boolean" or "solutions")
  function showTable(json, truncated) {
    if (Object.prototype.hasOwnProperty.call(json, "boolean")) {
      results.appendChild(element("p", say("answer", { value: say(json.boolean ? "yes" : "no") })));
      status.textContent = say("done");
      return "boolean";
    }
    var vars = json.head.vars;
    var rows = json.results.bindings;
    var table = element("table");
    var head = element("tr");
    vars.forEach(function (name) {
      var th = element("th", name);
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = element("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = element("tbody");
    rows.forEach(function (row) {
      var tr = element("tr");
      vars.forEach(function (name) {
        var term = row[name];
        var td = element("td", "");
        if (term) {
          if (term.type === "uri") {
            td.appendChild(browse(term.value));
            var published = pageOf(term.value);
            if (published) {
              td.appendChild(document.createTextNode(" "));
              var opens = element("a", say("page"), "page");
              opens.href = published;
              opens.title = say("page_title", { iri: term.value });
              // heard in a list of links, each "page" names its IRI (WCAG 2.4.4)
              opens.setAttribute("aria-label", say("page_label", { iri: shorten(term.value) }));
              td.appendChild(opens);
            }
            td.className = "iri";
          } else {
            td.textContent = term.value;
            if (term["xml:lang"]) {  // read out in its own language (WCAG 3.1.2)
              td.title = "@" + term["xml:lang"];
              td.lang = term["xml:lang"];
            }
            else if (term.datatype) {
              td.title = shorten(term.datatype);
              if (NUMBERS.test(term.datatype)) { td.className = "num"; }
            }
          }
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    if (json.truncated || truncated) {
      var message = json.truncated ? say("cut_at", { n: json.truncated.max_rows }) : say("cut");
      results.appendChild(element("p", message, "note"));
    }
    results.appendChild(scrolling(table));
    status.textContent = say("rows", { n: rows.length });
    return "solutions";
  }

  // An answer in a box of its own size, which the keyboard can scroll: a region named for it
  function scrolling(content) {
    var box = element("div", undefined, "scroll");
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", say("answer_label"));
    box.appendChild(content);
    return box;
  }

  // What the graph says of an IRI: the triples it is in, as subject, object or property, as
  // a table whose IRIs are links again, so that a reader can walk the graph from any answer.
  function about(iri) {
    var term = "<" + iri + ">";
    return "SELECT ?subject ?property ?object\nWHERE {\n" +
      "  { " + term + " ?property ?object BIND(" + term + " AS ?subject) }\n" +
      "  UNION\n" +
      "  { ?subject ?property " + term + " BIND(" + term + " AS ?object) }\n" +
      "  UNION\n" +
      "  { ?subject " + term + " ?object BIND(" + term + " AS ?property) }\n" +
      "}\nLIMIT 1000";
  }

  function queryLink(text) {
    var url = new URL(window.location.href);
    var chosen = url.searchParams.get("lang");
    url.search = new URLSearchParams(chosen ? { query: text, lang: chosen } : { query: text }).toString();
    url.hash = "";
    return url.href;
  }

  // A click runs the query about the IRI here; a link opened elsewhere (a new tab, a copied
  // address) fills the box and waits for Run, as every shared query does.
  function browse(iri) {
    var anchor = element("a", shorten(iri));
    anchor.href = queryLink(about(iri));
    anchor.title = say("browse", { iri: iri });
    anchor.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      event.preventDefault();
      editor.value = about(iri);
      select.value = "";
      describe(null);
      window.history.pushState(null, "", anchor.href);
      run();
    });
    return anchor;
  }

  // The queries run on this page, newest first, kept in the browser (never sent anywhere).
  function remembered() {
    try {
      var list = JSON.parse(window.localStorage.getItem(HISTORY) || "[]");
      return Array.isArray(list) ? list.filter(function (t) { return typeof t === "string"; }) : [];
    } catch (error) { return []; }
  }

  function showRecent(list) {
    while (recent.options.length > 1) { recent.remove(1); }
    list.forEach(function (text, index) {
      var lines = text.split("\n").filter(function (line) {
        return line.trim() && !/^\s*(PREFIX|BASE|#)/i.test(line);
      });
      var shown = lines.join(" ").replace(/\s+/g, " ").trim();
      var option = element("option", shown.length > 90 ? shown.slice(0, 89) + "…" : shown);
      option.value = String(index);
      option.title = text;
      recent.appendChild(option);
    });
    recent.value = "";
    recent.parentNode.hidden = list.length === 0;
  }

  function remember(text) {
    var list = [text].concat(remembered().filter(function (t) { return t !== text; })).slice(0, 20);
    try { window.localStorage.setItem(HISTORY, JSON.stringify(list)); } catch (error) { /* private mode */ }
    showRecent(list);
  }

  // a refusal in the page's language, whatever the browser's (?lang= chose the page's)
  function ask(text, accept) {
    return fetch("sparql?" + new URLSearchParams({ lang: data.lang }).toString(), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
      body: new URLSearchParams({ query: text }).toString()
    });
  }

  // The answer in a file: the query that was run, sent again asking for the format, so the
  // file is the endpoint's own serialisation (the same as any SPARQL client gets).
  function offer(kind, text) {
    while (downloads.children.length > 1) { downloads.removeChild(downloads.lastChild); }
    data.downloads[kind].forEach(function (format) {
      var choice = element("button", format.name, "secondary");
      choice.type = "button";
      choice.title = format.media;
      choice.addEventListener("click", function () {  // once at a time; it keeps the keyboard
        if (choice.getAttribute("aria-disabled") !== "true") { save(text, format, choice); }
      });
      downloads.appendChild(choice);
    });
    downloads.hidden = false;
  }

  function save(text, format, choice) {
    // the file is named after the library's query when the box holds it as chosen
    var example = data.examples[Number(select.value)];
    var name = (select.value && example && example.text === text ? example.name : "kg-query") +
      "." + format.extension;
    choice.setAttribute("aria-disabled", "true");
    status.className = "";
    status.textContent = say("downloading", { name: name });
    ask(text, format.media).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (message) { throw new Error(message); });
      }
      var cut = response.headers.get("Kg-Truncated");
      return response.blob().then(function (blob) {
        var anchor = element("a");
        anchor.href = URL.createObjectURL(blob);
        anchor.download = name;
        document.body.appendChild(anchor);
        anchor.click();
        setTimeout(function () {
          URL.revokeObjectURL(anchor.href);
          document.body.removeChild(anchor);
        }, 0);
        status.textContent = say(cut ? "saved_cut" : "saved", { name: name });
      });
    }).catch(function (error) {
      status.className = "error";
      status.textContent = say("not_saved", { name: name, error: error.message });
    }).then(function () { choice.removeAttribute("aria-disabled"); });
  }

  function shareLink() {
    var href = queryLink(editor.value);
    // the address shares the query; the entry keeps what it ran, so Back runs it again
    window.history.replaceState(window.history.state, "", href);
    link.value = href;
    linkRow.hidden = false;
    link.focus();
    link.select();
    var opened = say("opened");
    status.className = "";
    status.textContent = say("link_shown", { opened: opened });
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(href).then(function () {
        status.textContent = say("link_copied", { opened: opened });
      }, function () { /* the link is selected below: Ctrl+C copies it */ });
    }
  }

  // The box's error: told beside it, and read with it, until the next run
  function invalid(message) {
    if (message === null) {
      editor.removeAttribute("aria-invalid");
      told.error = false;
      describedBy();
      return;
    }
    var detail = element("pre", message, "error-text");
    detail.id = "query-error";
    results.appendChild(detail);
    editor.setAttribute("aria-invalid", "true");
    told.error = true;
    describedBy();
  }

  // Run keeps the keyboard while a query runs (a disabled button would lose it): it says it
  // is busy and a press does nothing until the answer is in
  var running = false;
  function busy(now) {
    running = now;
    if (now) { button.setAttribute("aria-disabled", "true"); }
    else { button.removeAttribute("aria-disabled"); }
  }
  function runAsked() {
    if (!running) { run(); }
  }

  function run() {
    clear();
    invalid(null);
    downloads.hidden = true;
    status.className = "";
    status.textContent = say("running");
    busy(true);
    var started = Date.now();
    var text = editor.value;
    remember(text);
    // the page's entry in the browser's history remembers the query run, so Back runs it again
    window.history.replaceState({ query: text, ran: true }, "", window.location.href);
    // graphs as Turtle; solutions and booleans, which have no Turtle form, as SPARQL JSON
    ask(text, "text/turtle, application/sparql-results+json;q=0.9").then(function (response) {
      return response.text().then(function (body) {
        var took = seconds(started);
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok) {
          status.className = "error";
          var first = body.split("\n")[0].trim();
          status.textContent = say("failed", { status: response.status, seconds: took }) +
            (first ? ": " + first : "");
          invalid(body);
        } else if (type.indexOf("application/sparql-results+json") === 0) {
          var kind = showTable(JSON.parse(body), response.headers.get("Kg-Truncated"));
          status.textContent = say("in_seconds", { text: status.textContent, seconds: took });
          offer(kind, text);
        } else {
          results.appendChild(scrolling(element("pre", body)));
          status.textContent = say("graph", { type: type.split(";")[0], seconds: took });
          offer("graph", text);
        }
      });
    }).catch(function (error) {
      status.className = "error";
      status.textContent = say("unreachable", { error: error });
    }).then(function () { busy(false); });
  }

  // A link to / with ?query=… fills the editor; the query runs only when the reader asks for it,
  // so that a link (or another website) cannot make the page run queries by itself.
  function fromAddress() {
    var shared = new URLSearchParams(window.location.search).get("query");
    if (shared) {
      editor.value = shared;
      status.className = "";
      status.textContent = say("shared");
    }
  }
  fromAddress();
  // Back (or Forward) to a query that was run here runs it again; to a link's address, fills
  // the box and waits for Run, as on arrival. Either way the answer of another query goes.
  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.ran) {
      editor.value = event.state.query;
      run();
      return;
    }
    clear();
    downloads.hidden = true;
    status.textContent = "";
    fromAddress();
  });
  showRecent(remembered());
  recent.addEventListener("change", function () {
    var list = remembered();
    if (!recent.value || !list[Number(recent.value)]) { return; }
    editor.value = list[Number(recent.value)];
    select.value = "";
    describe(null);
  });
  // The other language keeps a query written or chosen in the box (as a shared link, waiting
  // for Run)
  document.getElementById("language").addEventListener("click", function (event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var url = new URL(window.location.href);
    var asked = { lang: this.hreflang };
    if (editor.value !== editor.defaultValue) { asked.query = editor.value; }  // the sample is the page's own
    url.search = new URLSearchParams(asked).toString();
    url.hash = "";
    window.location.href = url.href;
  });
  button.addEventListener("click", runAsked);
  document.getElementById("share").addEventListener("click", shareLink);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); runAsked(); }
  });
})();
