// Every chart of the report downloadable as SVG and as PNG, for a lab notebook, beside the links to
// its numbers (numbers/dataLinks.ts). The charts are static SVG and show without JavaScript; only
// the image buttons need it: one inline script, allowed by its SHA-256 hash in the page's
// Content-Security-Policy (nothing else may run), shows them and, on a click, writes the chart as
// a standalone SVG (its title and legend drawn into it, on white) or draws that onto a canvas for
// a PNG. Without JavaScript the image buttons stay hidden; the number links work all the same.
import { createHash } from "node:crypto";

/** The script, as it is inlined (its hash is taken over exactly this text). */
export const DOWNLOAD_SCRIPT = `
(() => {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  const run = document.body.dataset.run || "clocklab";
  const size = (svg, name) => {
    const v = parseFloat(svg.getAttribute(name));
    return Number.isFinite(v) ? v : svg.getBoundingClientRect()[name];
  };
  const el = (name, attributes, text) => {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  function standalone(box) {
    const main = box.querySelector(":scope > svg, :scope > figure > svg");
    if (!main) return null;
    const width = size(main, "width");
    const height = size(main, "height");
    const heading = box.closest("section")?.querySelector("h2")?.textContent ?? "";
    const swatches = [...box.querySelectorAll("span[class$='-swatch']")].map((s) => ({
      color: s.querySelector("svg")?.getAttribute("fill") || "#999",
      label: s.textContent.trim(),
    }));
    const out = el("svg", { xmlns: NS, "font-family": "system-ui, sans-serif", "font-size": 12 });
    const top = 26;
    let x = 10;
    let y = top + 8;
    const legend = el("g", {});
    for (const { color, label } of swatches) {
      const w = 22 + 7 * label.length;
      if (x + w > width && x > 10) {
        x = 10;
        y += 18;
      }
      legend.append(el("rect", { x, y, width: 12, height: 12, fill: color }));
      legend.append(el("text", { x: x + 16, y: y + 10, fill: "#222" }, label));
      x += w + 12;
    }
    const legendHeight = swatches.length > 0 ? y - top + 22 : 8;
    const total = top + legendHeight + height;
    for (const [k, v] of Object.entries({ width, height: total, viewBox: "0 0 " + width + " " + total }))
      out.setAttribute(k, String(v));
    out.append(el("rect", { width: "100%", height: "100%", fill: "white" }));
    out.append(el("text", { x: 10, y: 18, "font-weight": 700, fill: "#222" }, heading + " · " + run));
    out.append(legend);
    const copy = main.cloneNode(true);
    copy.setAttribute("x", "0");
    copy.setAttribute("y", String(top + legendHeight));
    out.append(copy);
    return { text: new XMLSerializer().serializeToString(out), width, height: total };
  }
  function save(blob, file) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = file;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }
  function download(box, format) {
    const chart = standalone(box);
    if (!chart) return;
    const file = run + "-" + box.dataset.chart;
    if (format === "svg") {
      save(new Blob([chart.text], { type: "image/svg+xml" }), file + ".svg");
      return;
    }
    const image = new Image();
    image.onload = () => {
      const scale = Math.min(2, 16000 / Math.max(chart.width, chart.height));
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(chart.width * scale);
      canvas.height = Math.round(chart.height * scale);
      const context = canvas.getContext("2d");
      context.fillStyle = "white";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => blob && save(blob, file + ".png"), "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(chart.text);
  }
  for (const images of document.querySelectorAll(".downloads .images")) images.hidden = false;
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-download]") : null;
    const box = button?.closest("[data-chart]");
    if (button && box) download(box, button.dataset.download);
  });
})();
`;

/** The CSP source that allows exactly DOWNLOAD_SCRIPT: 'sha256-<base64>'. */
export function downloadScriptHash(script: string = DOWNLOAD_SCRIPT): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

/**
 * The bar above a chart: links to its numbers (CSV and JSON, plain links that work without
 * JavaScript), and the SVG and PNG buttons (hidden until the script shows them).
 */
export function downloadBar(numberLinks: string): string {
  return (
    `<div class="downloads">${numberLinks}<span class="images" hidden>image ` +
    '<button type="button" data-download="svg" title="Download this chart as SVG">SVG</button>' +
    '<button type="button" data-download="png" title="Download this chart as PNG">PNG</button></span></div>'
  );
}
