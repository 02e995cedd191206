// Draws each <figure class="chart"> from the table inside it, so the chart and the table never disagree.
// The table: first column dates (YYYY-MM-DD), each other column one series of numbers ("$1,234.50" reads
// 1234.5), the header cells naming the series. A header cell with data-axis="money" is drawn against a
// second axis on the right. The figure's data-kind="bars" draws bars instead of lines.
// Without JavaScript (or uPlot) the table is what people see.
(function () {
  "use strict";

  var COLOURS = ["#1f5fbf", "#17663a", "#b35c00", "#7b3fa0", "#b00020", "#00798c"];

  function number(text) {
    var n = parseFloat(String(text).replace(/[^0-9.\-]/g, ""));
    return isNaN(n) ? null : n;
  }

  function daySeconds(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 1000 : null;
  }

  function readTable(table) {
    var heads = table.querySelectorAll("thead th");
    var names = [];
    var axes = [];
    for (var i = 1; i < heads.length; i++) {
      names.push(heads[i].textContent.trim());
      axes.push(heads[i].getAttribute("data-axis") === "money" ? "money" : "y");
    }
    var data = [[]];
    names.forEach(function () { data.push([]); });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = row.querySelectorAll("th, td");
      var x = cells.length ? daySeconds(cells[0].textContent) : null;
      if (x === null) { return; }
      data[0].push(x);
      for (var c = 1; c <= names.length; c++) {
        data[c].push(cells[c] ? number(cells[c].getAttribute("data-value") || cells[c].textContent) : null);
      }
    });
    return { names: names, axes: axes, data: data };
  }

  function size(box) {
    var width = Math.max(240, Math.floor(box.clientWidth));
    return { width: width, height: Math.round(Math.min(320, Math.max(200, width * 0.55))) };
  }

  function draw(figure) {
    var table = figure.querySelector("table");
    if (!table || typeof window.uPlot !== "function") { return; }
    var read = readTable(table);
    if (read.data[0].length === 0) { return; }
    var box = document.createElement("div");
    box.className = "chart-plot";
    box.setAttribute("aria-hidden", "true");
    // Under the caption, over the table.
    var wrap = table.closest(".table-wrap") || table;
    wrap.parentNode.insertBefore(box, wrap);

    var bars = figure.getAttribute("data-kind") === "bars" ? window.uPlot.paths.bars({ size: [0.7, 40] }) : undefined;
    var hasMoney = read.axes.indexOf("money") !== -1;
    var series = [{ label: "Date", value: "{YYYY}-{MM}-{DD}" }];
    read.names.forEach(function (name, i) {
      var colour = COLOURS[i % COLOURS.length];
      series.push({
        label: name,
        scale: read.axes[i],
        stroke: colour,
        width: 2,
        fill: bars ? colour + "99" : undefined,
        paths: bars,
        points: { show: read.data[0].length <= 31 },
        value: read.axes[i] === "money" ? function (u, v) { return v == null ? "—" : "$" + v.toFixed(2); } : undefined,
      });
    });
    var axes = [
      { values: [[86400 * 365, "{YYYY}", null, null, null, null, null, null, 1], [86400 * 28, "{MMM}", "\n{YYYY}", null, null, null, null, null, 1], [86400, "{D} {MMM}", "\n{YYYY}", null, null, null, null, null, 1]] },
      { scale: "y", size: 44 },
    ];
    if (hasMoney) {
      axes.push({ scale: "money", side: 1, size: 56, grid: { show: false }, values: function (u, ticks) { return ticks.map(function (t) { return "$" + t; }); } });
    }
    var opts = {
      width: size(box).width,
      height: size(box).height,
      series: series,
      axes: axes,
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } }, money: { range: function (u, min, max) { return [Math.min(0, min), Math.max(1, max)]; } } },
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
    };
    var plot = new window.uPlot(opts, read.data, box);
    figure.classList.add("chart-drawn");
    if (typeof ResizeObserver === "function") {
      var last = opts.width;
      new ResizeObserver(function () {
        var next = size(box);
        if (next.width !== last) {
          last = next.width;
          plot.setSize(next);
        }
      }).observe(figure);
    }
  }

  function start() {
    document.querySelectorAll("figure.chart").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
