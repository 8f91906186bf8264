// Report charts, drawn in the page as SVG from the figures of each table.js-chart
// (no external service, no inline script: the table stays the source and the fallback).
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  document.querySelectorAll("table.js-chart").forEach(function (table) {
    var rows = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var cell = tr.querySelector("td[data-value]");
      if (!cell) { return; }
      rows.push({ label: tr.cells[0].textContent.trim(), value: parseInt(cell.getAttribute("data-value"), 10) || 0 });
    });
    if (!rows.length) { return; }
    var max = Math.max.apply(null, rows.map(function (r) { return r.value; })) || 1;
    var barHeight = 18, gap = 6, labelWidth = 210, width = 560;
    var height = rows.length * (barHeight + gap);
    var svg = el("svg", {
      "class": "report-chart", viewBox: "0 0 " + width + " " + height, width: "100%",
      role: "img", "aria-label": "Biểu đồ: " + (table.previousElementSibling ? table.previousElementSibling.textContent : "")
    });
    rows.forEach(function (row, i) {
      var y = i * (barHeight + gap);
      var label = el("text", { x: labelWidth - 6, y: y + barHeight - 5, "text-anchor": "end", "class": "chart-label" });
      // About 30 letters fit the label column at 12px; the full label shows on hover.
      label.textContent = row.label.length > 30 ? row.label.slice(0, 29) + "…" : row.label;
      var full = el("title", {});
      full.textContent = row.label;
      label.appendChild(full);
      svg.appendChild(label);
      var w = Math.max(1, Math.round((width - labelWidth - 50) * row.value / max));
      svg.appendChild(el("rect", { x: labelWidth, y: y, width: w, height: barHeight, "class": "chart-bar" }));
      var value = el("text", { x: labelWidth + w + 4, y: y + barHeight - 5, "class": "chart-value" });
      value.textContent = String(row.value);
      svg.appendChild(value);
    });
    var box = document.createElement("div");
    box.className = "report-chart-box mb-2";
    box.appendChild(svg);
    table.parentNode.insertBefore(box, table);
  });
})();
