/* 统计分析: draws the statistics pages' charts (oversight/templates/oversight/statistics/) with
   Chart.js, served from static/vendor/chart.js/ (never a CDN).

   Progressive enhancement: every figure is a data table first. Each <figure data-chart="ID">
   names the JSON data island (Django's json_script: <script type="application/json" id="ID">,
   data, never code, so a Content-Security-Policy without 'unsafe-inline' allows it) that holds
       {"kind": "bar"|"line", "labels": [...], "axes": {"y": {"title", "percent"}, "y2": {...}},
        "series": [{"label", "data": [...], "kind": "bar"|"line", "axis": "y"|"y2",
                    "dashed": bool, "color": 0..5}]}
   and this script puts a chart in front of the table. Without JavaScript (or without the
   library) the table alone says everything; screen readers read the table, the canvas is an
   image labelled with the figure's caption. */
(function () {
  "use strict";
  if (!window.Chart || !document.querySelector) { return; }
  var Chart = window.Chart;
  // The site's palette (static/css/site.css): blue, red, green, amber, purple, grey.
  var COLORS = ["#1f4e8c", "#b3261e", "#1e7d32", "#b26a00", "#6a3d9a", "#5f6368"];
  var bodyFont = window.getComputedStyle(document.body).fontFamily;
  if (bodyFont) { Chart.defaults.font.family = bodyFont; }
  Chart.defaults.color = "#1d1d1f";

  function color(index, alpha) {
    var hex = COLORS[(index || 0) % COLORS.length];
    if (alpha === undefined) { return hex; }
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  function number(value, percent) {
    if (value === null || value === undefined) { return "—"; }
    var text = Number(value).toLocaleString(document.documentElement.lang || undefined, { maximumFractionDigits: 2 });
    return percent ? text + "%" : text;
  }

  function axis(spec, position) {
    spec = spec || {};
    return {
      position: position,
      beginAtZero: true,
      title: { display: !!spec.title, text: spec.title || "" },
      grid: { drawOnChartArea: position === "left" },
      ticks: { callback: function (value) { return number(value, spec.percent); } }
    };
  }

  function dataset(series, kind) {
    var type = series.kind || kind;
    var index = series.color !== undefined ? series.color : 0;
    return {
      type: type,
      label: series.label,
      data: series.data,
      yAxisID: series.axis === "y2" ? "y2" : "y",
      borderColor: color(index),
      backgroundColor: type === "bar" ? color(index, 0.75) : color(index),
      borderWidth: type === "bar" ? 0 : 2,
      maxBarThickness: 48,
      borderDash: series.dashed ? [6, 4] : [],
      pointRadius: series.dashed ? 0 : 3,
      spanGaps: true,
      order: type === "line" ? 0 : 1
    };
  }

  function draw(figure) {
    var island = document.getElementById(figure.getAttribute("data-chart"));
    if (!island) { return; }
    var spec;
    try { spec = JSON.parse(island.textContent); } catch (e) { return; }
    if (!spec.labels || !spec.labels.length) { return; }
    var axes = spec.axes || {};
    var scales = { y: axis(axes.y, "left") };
    if (axes.y2) { scales.y2 = axis(axes.y2, "right"); }
    var caption = figure.querySelector("figcaption");
    var box = document.createElement("div");
    box.className = "chart-box";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (caption ? caption.textContent.trim() + " — " : "") +
      (figure.getAttribute("data-chart-note") || ""));
    box.appendChild(canvas);
    var table = figure.querySelector(".chart-table");
    figure.insertBefore(box, table);
    figure.classList.add("has-chart");
    new Chart(canvas, {
      type: spec.kind || "bar",
      data: { labels: spec.labels, datasets: spec.series.map(function (s) { return dataset(s, spec.kind); }) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                var percent = (axes[item.dataset.yAxisID] || {}).percent;
                return item.dataset.label + ": " + number(item.raw, percent);
              }
            }
          }
        },
        scales: scales
      }
    });
  }

  var figures = document.querySelectorAll("figure[data-chart]");
  for (var i = 0; i < figures.length; i++) { draw(figures[i]); }
})();
