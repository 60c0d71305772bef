// A "Grafiek" view for the query editor's results (a YASR plugin): where a result has a column of names and a
// column of numbers (counts per theme, key figures per year, ...), it draws them as horizontal bars in SVG.
// Hand-written and small rather than a chart library: one chart type, no dependencies, and it must run under
// the site's Content-Security-Policy (no inline styles or scripts). The SVG has a title and a description
// that lists every value, so it reads without sight too.
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var NUMERIC = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger|positiveInteger)$/;
  var MAX_ROWS = 60;

  function text(binding) {
    if (!binding) { return ""; }
    if (binding.type === "uri") { return binding.value.replace(/^.*[\/#]/, ""); }
    return binding.value;
  }

  function columns(results) {
    var vars = results.getVariables();
    var rows = results.getBindings();
    var numeric = vars.filter(function (v) {
      return rows.length > 0 && rows.every(function (r) {
        return r[v] && r[v].type !== "uri" && (NUMERIC.test(r[v].datatype || "") || /^-?\d+(\.\d+)?$/.test(r[v].value));
      });
    });
    var label = vars.filter(function (v) { return numeric.indexOf(v) === -1; });
    return { label: label[0], value: numeric[0], rows: rows };
  }

  function el(name, attrs, content) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (content !== undefined) { e.textContent = content; }
    return e;
  }

  function ChartPlugin(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Grafiek";
  }
  ChartPlugin.prototype.canHandleResults = function () {
    var r = this.yasr.results;
    if (!r || !r.getVariables || !r.getVariables() || !r.getBindings) { return false; }
    var c = columns(r);
    return !!c.label && !!c.value && c.rows.length > 0 && c.rows.length <= MAX_ROWS;
  };
  ChartPlugin.prototype.getIcon = function () {
    var svg = el("svg", { viewBox: "0 0 16 16", width: "16", height: "16", "aria-hidden": "true" });
    [[1, 9, 3, 6], [6, 4, 3, 11], [11, 7, 3, 8]].forEach(function (b) {
      svg.appendChild(el("rect", { x: b[0], y: b[1], width: b[2], height: b[3], fill: "currentColor" }));
    });
    return svg;
  };
  ChartPlugin.prototype.draw = function () {
    var c = columns(this.yasr.results);
    var values = c.rows.map(function (r) { return parseFloat(r[c.value].value); });
    var labels = c.rows.map(function (r) { return text(r[c.label]); });
    var max = Math.max.apply(null, values.map(Math.abs)) || 1;
    var longest = Math.max.apply(null, labels.map(function (l) { return l.length; }));
    var left = Math.min(360, 16 + 7 * longest), width = 760, row = 26, top = 8;
    var height = top + row * values.length + 8;
    var id = "grafiek-" + Date.now();
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img",
      "aria-labelledby": id + "-t " + id + "-d", "class": "result-chart" });
    svg.appendChild(el("title", { id: id + "-t" }, "?" + c.value + " per ?" + c.label));
    svg.appendChild(el("desc", { id: id + "-d" }, labels.map(function (l, i) { return l + ": " + values[i]; }).join("; ")));
    values.forEach(function (v, i) {
      var y = top + i * row;
      var w = Math.max(1, (width - left - 80) * Math.abs(v) / max);
      svg.appendChild(el("text", { x: left - 8, y: y + 16, "text-anchor": "end", "class": "label" },
        labels[i].length > 50 ? labels[i].slice(0, 49) + "…" : labels[i]));
      svg.appendChild(el("rect", { x: left, y: y + 4, width: w, height: row - 10, "class": "bar" }));
      svg.appendChild(el("text", { x: left + w + 6, y: y + 16, "class": "value" }, String(v).replace(".", ",")));
    });
    var box = document.createElement("div");
    box.className = "result-chart-box";
    box.appendChild(svg);
    this.yasr.resultsEl.appendChild(box);
  };

  Yasgui.Yasr.registerPlugin("chart", ChartPlugin);
  Yasgui.Yasr.defaults.pluginOrder = ["table", "chart", "response"];
})();
