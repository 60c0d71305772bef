// The query editor (YASGUI) with the saved queries as tabs. A file of its own, not inline: the
// Content-Security-Policy lets scripts come from this site only.
  (function () {
    var tabs = JSON.parse(document.getElementById("catalogue").textContent);
    // The endpoint's errors are JSON ({"error": {"message": ...}}) for a client that asks for JSON, as the
    // editor does; show their message as text, whole, instead of one cut-off line of escaped JSON.
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
      return Promise.resolve(box);
    }];
    // the endpoint's address as the page gives it (under the path the site is published at, behind a proxy)
    var endpoint = new URL(document.getElementById("yasgui").getAttribute("data-endpoint"), window.location.href).href;
    // Results as a person reads them: values without their datatype IRIs and language tags (the "simple view"
    // of YASR's table, which a reader can switch off); IRIs shortened with the query's own prefixes.
    Yasgui.Yasr.defaults.plugins.table.dynamicConfig = { compact: true };
    var yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      persistenceId: null,
      autoAddOnInit: false,
      populateFromUrl: false,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } }
    });
    tabs.forEach(function (tab, i) {
      yasgui.addTab(i === 0, { name: tab.title, yasqe: { value: tab.query }, requestConfig: { endpoint: endpoint } });
    });
    // YASGUI leaves its endpoint field and query text area without labels; name them for screen readers.
    function label() {
      document.querySelectorAll("#yasgui input.autocomplete").forEach(function (e) { e.setAttribute("aria-label", "SPARQL-endpoint"); });
      document.querySelectorAll("#yasgui .CodeMirror textarea").forEach(function (e) { e.setAttribute("aria-label", "SPARQL-query"); });
    }
    label();
    yasgui.on("tabSelect", function () { setTimeout(label, 0); });
    window.kgYasgui = yasgui;
  })();
