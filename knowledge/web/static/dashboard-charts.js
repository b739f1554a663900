// The dashboard's charts (knowledge/templates/charts.html): figures from /admin/charts.json,
// drawn with the vendored Chart.js. A separate file because the page's CSP allows no inline script.
(function () {
  "use strict";
  var KINDS = {
    over_time: "line",
    by_sector: "bar",
    by_country: "bar",
    by_language: "bar",
    funnel: "bar",
  };
  function draw(name, counts) {
    var canvas = document.getElementById("chart-" + name);
    if (!canvas) return;
    var labels = Object.keys(counts);
    new window.Chart(canvas, {
      type: KINDS[name],
      data: {
        labels: labels,
        datasets: [{ label: "needs", data: labels.map(function (k) { return counts[k]; }),
                     backgroundColor: "#2f6f9f", borderColor: "#2f6f9f" }],
      },
      options: {
        animation: false,
        indexAxis: name === "by_sector" || name === "funnel" ? "y" : "x",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
      },
    });
  }
  function start() {
    var box = document.getElementById("charts");
    var status = document.getElementById("charts-status");
    fetch(box.dataset.source, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        Object.keys(KINDS).forEach(function (name) { draw(name, data[name] || {}); });
        box.dataset.drawn = "true";
      })
      .catch(function (error) { status.textContent = "Charts unavailable: " + error.message; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
