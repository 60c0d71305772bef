// The query editor (YASGUI) with the saved queries as tabs. A file of its own, not inline: the
// Content-Security-Policy lets scripts come from this site only.
//
// What it adds to YASGUI: the interface in Dutch (YASGUI has no Dutch of its own), the endpoint's errors as
// Dutch text with the place of the mistake marked in the query (the endpoint's parser decides, so the message
// and the mark always point at the same mistake), and each tab's query kept in the browser across reloads.
(function () {
  var tabs = JSON.parse(document.getElementById("catalogue").textContent);
  var STORE = "aeno-kg-editor";

  // -- Dutch -------------------------------------------------------------------------------------------------
  var DUTCH = {
    "Add a new tab": "Nieuw tabblad", "Add tab": "Nieuw tabblad", "Close tab": "Tabblad sluiten",
    "Download Results": "Resultaat downloaden", "Download result": "Resultaat downloaden",
    "Download not supported": "Downloaden kan hier niet", "Filter query results": "Resultaten filteren",
    "First": "Eerste", "Last": "Laatste", "Next": "Volgende", "Previous": "Vorige", "pagination": "Pagina's",
    "Open settings": "Instellingen", "Settings": "Instellingen", "Run query": "Query uitvoeren",
    "Share query": "Query delen", "Shows Table view": "Toont de tabel", "Shows Response view": "Toont het antwoord",
    "Shows Grafiek view": "Toont de grafiek", "Table": "Tabel", "Response": "Antwoord",
    "View documentation of Table": "Uitleg over de tabel", "View documentation of Response": "Uitleg over het antwoord",
    "View documentation of Grafiek": "Uitleg over de grafiek",
    "This plugin doesn't have a help reference yet. Please contact the maintainer to fix this":
      "Voor deze weergave is geen uitleg beschikbaar.",
    "Accept Headers": "Accept-kopregels", "Arguments": "Parameters", "Ask / Select": "ASK / SELECT",
    "Construct / Describe": "CONSTRUCT / DESCRIBE", "Clear endpoint": "Endpoint wissen",
    "Default Graphs": "Standaardgrafen", "Named Graphs": "Benoemde grafen", "Header Arguments": "Kopregels",
    "Request method": "Verzoekmethode", "Page size:": "Rijen per pagina:", "All": "Alle",
    "Simple view": "Eenvoudige weergave", "Ellipse": "Lange waarden inkorten", "Show all": "Alles tonen",
    "Shorten": "Inkorten", "Prettify": "Netjes opmaken", "Fullscreen": "Volledig scherm",
    "Search:": "Zoeken:", "No data available in table": "Geen resultaten", "Loading...": "Laden...",
    "No matching records found": "Niets gevonden"
  };
  function seconds(s) { return s.replace(".", ","); }
  var PATTERNS = [
    [/^(\d+) results? in ([\d.]+) seconds?$/, function (m) {
      return m[1] + (m[1] === "1" ? " resultaat" : " resultaten") + " in " + seconds(m[2]) + " seconden"; }],
    [/^Response in ([\d.]+) seconds?$/, function (m) { return "Antwoord in " + seconds(m[1]) + " seconden"; }],
    [/^(.*): Activate to (invert )?sort(ing)?$/, function (m) { return m[1] + ": sorteren"; }],
    [/^(.*): Activate to remove sorting$/, function (m) { return m[1] + ": niet meer sorteren"; }]
  ];
  function dutch(text) {
    var t = text.trim();
    if (!t) { return null; }
    if (Object.prototype.hasOwnProperty.call(DUTCH, t)) { return text.replace(t, DUTCH[t]); }
    for (var i = 0; i < PATTERNS.length; i++) {
      var m = t.match(PATTERNS[i][0]);
      if (m) { return text.replace(t, PATTERNS[i][1](m)); }
    }
    return null;
  }
  var ATTRIBUTES = ["title", "placeholder", "aria-label"];
  function translate(root) {
    var walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walk.nextNode())) {
      if (node.parentElement && node.parentElement.closest(".CodeMirror-code, .dataTable tbody, pre")) { continue; }
      var done = dutch(node.textContent);
      if (done !== null && done !== node.textContent) { node.textContent = done; }
    }
    var elements = root.querySelectorAll ? root.querySelectorAll("[title], [placeholder], [aria-label]") : [];
    Array.prototype.forEach.call(elements, function (e) {
      ATTRIBUTES.forEach(function (a) {
        var v = e.getAttribute(a);
        var done = v && dutch(v);
        if (done && done !== v) { e.setAttribute(a, done); }
      });
    });
  }
  // DataTables (YASR's table) has a language option of its own
  var table = Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (table && table.defaults && table.defaults.tableConfig) {
    table.defaults.tableConfig.language = {
      aria: { orderable: ": sorteren", orderableReverse: ": omgekeerd sorteren", orderableRemove: ": niet meer sorteren",
              paginate: { first: "Eerste", last: "Laatste", next: "Volgende", previous: "Vorige" } },
      paginate: { first: "&lt;&lt;", last: "&gt;&gt;", next: "&gt;", previous: "&lt;" },
      entries: { _: "rijen", 1: "rij" }, lengthLabels: { "-1": "Alle" },
      emptyTable: "Geen resultaten", info: "Rij _START_ tot _END_ van _TOTAL_", infoEmpty: "Geen rijen",
      infoFiltered: "(gefilterd uit _MAX_)", lengthMenu: "_MENU_ rijen per pagina", loadingRecords: "Laden...",
      search: "Zoeken:", zeroRecords: "Niets gevonden", thousands: ".", decimal: ","
    };
  }

  // -- errors --------------------------------------------------------------------------------------------------
  // The endpoint's errors are JSON ({"error": {"message": ...}}), in Dutch because the editor asks for Dutch;
  // show the message as text, whole, and mark the place it names in the query.
  Yasgui.Yasr.defaults.errorRenderers = [function (error) {
    var message = error && error.text;
    try { message = JSON.parse(error.text).error.message; } catch (e) { /* not our JSON: show as it is */ }
    if (!message) { return Promise.resolve(undefined); }
    var box = document.createElement("div");
    box.className = "query-error";
    var title = document.createElement("p");
    title.className = "query-error-title";
    title.textContent = error.status ? "De query kon niet worden uitgevoerd (" + error.status + ")" : "De query kon niet worden uitgevoerd";
    var text = document.createElement("p");
    text.textContent = message;
    box.appendChild(title);
    box.appendChild(text);
    markError(message);
    return Promise.resolve(box);
  }];
  // the endpoint's parser is the one that counts: YASQE's own check would mark another mistake than the message
  Yasgui.Yasqe.defaults.syntaxErrorCheck = false;
  var marked = [];
  function clearMarks() {
    marked.forEach(function (m) { m.clear ? m.clear() : m.cm.removeLineClass(m.line, "background", "query-error-line"); });
    marked = [];
  }
  function markError(message) {
    var at = /regel (\d+)(?:, kolom (\d+))?/.exec(message) || /line (\d+)(?:, column (\d+))?/.exec(message);
    var tab = yasgui && yasgui.getTab();
    if (!at || !tab) { return; }
    var cm = tab.getYasqe();
    var line = Number(at[1]) - 1;
    clearMarks();
    cm.addLineClass(line, "background", "query-error-line");
    marked.push({ cm: cm, line: line });
    if (at[2]) {
      var ch = Number(at[2]) - 1;
      var word = cm.findWordAt({ line: line, ch: ch });
      var end = word && word.head.ch > ch ? word.head : { line: line, ch: ch + 1 };
      marked.push(cm.markText({ line: line, ch: ch }, end, { className: "query-error-mark", attributes: { title: message } }));
      cm.setCursor({ line: line, ch: ch });
    }
    cm.scrollIntoView({ line: line, ch: 0 }, 60);
  }

  // -- the editor ------------------------------------------------------------------------------------------------
  // the endpoint's address as the page gives it (under the path the site is published at, behind a proxy)
  var endpoint = new URL(document.getElementById("yasgui").getAttribute("data-endpoint"), window.location.href).href;
  var requestConfig = { endpoint: endpoint, method: "POST", headers: { "Accept-Language": "nl" } };
  // Results as a person reads them: values without their datatype IRIs and language tags (the "simple view"
  // of YASR's table, which a reader can switch off); IRIs shortened with the query's own prefixes.
  Yasgui.Yasr.defaults.plugins.table.dynamicConfig = { compact: true };
  // the examples shown until the editor started (editor-start.js) give way to it, with what was asked of them
  var request = window.kgEditorRequest || {};
  var facade = document.querySelector("#yasgui .editor-facade");
  if (facade) { facade.parentNode.removeChild(facade); }
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: requestConfig,
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } }
  });

  // Each tab's query is kept in the browser (localStorage) as it is edited, so that a reload does not lose it;
  // "Voorbeeldquery terugzetten" puts the tab's example back.
  var kept = {};
  try { kept = JSON.parse(window.localStorage.getItem(STORE) || "{}") || {}; } catch (e) { kept = {}; }
  function keep() {
    try { window.localStorage.setItem(STORE, JSON.stringify(kept)); } catch (e) { /* private mode: not kept */ }
  }
  function known(title) { return tabs.some(function (t) { return t.title === title; }); }
  var active = known(request.tab) ? request.tab : known(kept.active) ? kept.active : tabs[0] && tabs[0].title;
  tabs.forEach(function (tab) {
    var query = typeof (kept.queries || {})[tab.title] === "string" ? kept.queries[tab.title] : tab.query;
    yasgui.addTab(tab.title === active, { name: tab.title, yasqe: { value: query }, requestConfig: requestConfig });
  });
  function watch(tab) {
    var yasqe = tab.getYasqe && tab.getYasqe();
    if (!yasqe || yasqe.kgWatched) { return; }
    yasqe.kgWatched = true;
    yasqe.on("change", function () {
      clearMarks();
      kept.queries = kept.queries || {};
      kept.queries[tab.getName()] = yasqe.getValue();
      keep();
    });
  }
  function current() {
    var tab = yasgui.getTab();
    if (tab) { watch(tab); kept.active = tab.getName(); keep(); }
    return tab;
  }
  current();
  document.getElementById("editor-reset").addEventListener("click", function () {
    var tab = current();
    var example = tabs.filter(function (t) { return t.title === tab.getName(); })[0];
    if (tab && example) {
      tab.getYasqe().setValue(example.query);
      delete (kept.queries || {})[tab.getName()];
      keep();
    }
  });
  document.getElementById("editor-reset").hidden = false;

  // YASGUI leaves its endpoint field and query text area without labels; name them for screen readers. Its
  // tab bar holds the "new tab" button inside the tab list, where only tabs belong, and points inactive tabs at
  // panels that are not drawn: the button goes just after the list, a pointer to no panel is left out.
  function label() {
    document.querySelectorAll("#yasgui input.autocomplete").forEach(function (e) { e.setAttribute("aria-label", "SPARQL-endpoint"); });
    document.querySelectorAll("#yasgui .CodeMirror textarea").forEach(function (e) { e.setAttribute("aria-label", "SPARQL-query"); });
    document.querySelectorAll("#yasgui [role=tablist] button").forEach(function (b) {
      var list = b.closest("[role=tablist]");
      var item = b.parentNode === list ? b : b.parentNode;
      while (item.parentNode !== list) { item = item.parentNode; }
      list.parentNode.insertBefore(item, list.nextSibling);
    });
    document.querySelectorAll("#yasgui [role=tab][aria-controls]").forEach(function (t) {
      if (!document.getElementById(t.getAttribute("aria-controls"))) { t.removeAttribute("aria-controls"); }
    });
  }
  var root = document.getElementById("yasgui");
  function settle() { label(); translate(root); }
  settle();
  yasgui.on("tabSelect", function () { setTimeout(function () { current(); settle(); }, 0); });
  new MutationObserver(function (changes) {
    if (changes.some(function (c) { return c.type === "childList"; })) { label(); }
    changes.forEach(function (c) {
      if (c.type === "attributes") { translate(c.target.parentNode || root); }
      c.addedNodes.forEach(function (n) { if (n.nodeType === 1) { translate(n); } else if (n.nodeType === 3 && n.parentElement) { translate(n.parentElement); } });
      if (c.type === "characterData" && c.target.parentElement) { translate(c.target.parentElement); }
    });
  }).observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  if (request.run) { current().getYasqe().query(); }
  else if (request.tab) { current().getYasqe().focus(); }
  window.kgYasgui = yasgui;
})();
