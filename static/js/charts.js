// The dashboard's charts, drawn on canvas by the vendored Chart.js from the table in each
// <figure data-chart>: the table stays the record (print, screen readers, no script), the
// chart is hidden from assistive technology. Canvas drawing sets no style attribute, so the
// Content-Security-Policy (style-src-attr 'none') holds.
import "../vendor/chart.js-4.6.1/chart.umd.min.js";

const { Chart } = globalThis;
const INK = "#1b1d22";
const SERIES_COLOURS = ["#3f3bd1", "#c9c7f2", "#e08a2c", "#7a1f5c"];
const MOST_BARS = 15; // a long list (countries) keeps its table; the chart shows the top

function tableData(table) {
  const seriesCells = [...table.tHead.rows[0].cells].filter((cell) => cell.hasAttribute("data-series"));
  const rows = [...table.tBodies[0].rows].slice(0, MOST_BARS);
  const labels = rows.map((row) => row.cells[0].textContent.trim());
  const datasets = seriesCells.map((header, index) => ({
    label: header.textContent.trim(),
    data: rows.map((row) => Number(row.cells[header.cellIndex].dataset.value) || 0),
    backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
    borderColor: INK,
    borderWidth: 1,
  }));
  return { labels, datasets };
}

function draw(figure) {
  const table = figure.querySelector("table.chart-data");
  if (!table || !table.tBodies[0]?.rows.length) return;
  const data = tableData(table);
  const stacked = figure.dataset.chart === "stacked";
  const holder = document.createElement("div");
  holder.className = "chart-canvas";
  const canvas = document.createElement("canvas");
  canvas.setAttribute("aria-hidden", "true");
  holder.append(canvas);
  figure.insertBefore(holder, table);
  holder.classList.add(`bars-${Math.min(data.labels.length, MOST_BARS)}`);
  new Chart(canvas, {
    type: "bar",
    data,
    options: {
      indexAxis: "y",
      animation: false,
      maintainAspectRatio: false,
      devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2), // crisp when printed
      plugins: { legend: { display: data.datasets.length > 1, labels: { color: INK } }, tooltip: { enabled: true } },
      scales: {
        x: { stacked, beginAtZero: true, ticks: { color: INK, precision: 0 }, grid: { color: "#dedbd2" } },
        y: { stacked, ticks: { color: INK, autoSkip: false }, grid: { display: false } },
      },
    },
  });
}

document.querySelectorAll("figure[data-chart]").forEach(draw);
