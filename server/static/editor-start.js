// Starts the query editor at the visitor's first sign of presence (a key, the pointer, a touch, a scroll, or a
// click on the example shown in its place), not while the page loads: YASGUI is a megabyte of script whose start
// blocks a phone's main thread for a second or more, which nobody who only reads the page should pay for.
// What the visitor asked of the example (a tab, "Query uitvoeren") is handed to the editor once it has started.
(function () {
  var root = document.getElementById("yasgui");
  if (!root) { return; }
  var started = false;
  var status = root.querySelector(".facade-status");
  window.kgEditorRequest = {};
  var SIGNS = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "scroll", "focusin"];

  function start() {
    if (started) { return; }
    started = true;
    SIGNS.forEach(function (e) { window.removeEventListener(e, start, true); });
    if (status) { status.textContent = "De editor wordt geladen..."; }
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = root.getAttribute("data-style");
    document.head.appendChild(style);
    // inserted scripts run as soon as they arrive unless told otherwise; these must run in their order
    root.getAttribute("data-scripts").split(" ").forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onerror = function () {
        if (status) { status.textContent = "De editor kon niet worden geladen; het formulier hieronder werkt zonder."; }
      };
      document.body.appendChild(script);
    });
  }

  root.addEventListener("click", function (event) {
    var tab = event.target.closest("[data-tab]");
    if (tab) { window.kgEditorRequest.tab = tab.getAttribute("data-tab"); }
    if (event.target.closest(".facade-run")) { window.kgEditorRequest.run = true; }
    start();
  });
  SIGNS.forEach(function (e) { window.addEventListener(e, start, { capture: true, passive: true }); });
})();
