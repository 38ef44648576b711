// Render the trend chart from its Vega-Lite spec; on any failure show the server-rendered SVG instead.
(function () {
  "use strict";
  function fallback(el) {
    var img = document.createElement("img");
    img.alt = "Stacked bar chart of hours per week by category";
    img.src = el.getAttribute("data-spec-url").replace("trend.json", "trend.svg");
    el.textContent = "";
    el.appendChild(img);
  }
  function render() {
    var el = document.getElementById("trend-chart");
    if (!el) { return; }
    if (typeof window.vegaEmbed !== "function") { fallback(el); return; }
    fetch(el.getAttribute("data-spec-url"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (spec) { return window.vegaEmbed(el, spec, { actions: false, renderer: "svg" }); })
      .catch(function () { fallback(el); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", render); } else { render(); }
})();
