// Download links for the numbers behind a chart: plain <a download> links whose href is a data:
// URL holding the whole file (base64), so they work with JavaScript off and need nothing from the
// network, as the rest of the page.
import { escapeHtml } from "../escape.ts";
import { type NumberTable, tableCsv, tableJson } from "./numberTable.ts";

function dataUrl(type: string, text: string): string {
  return `data:${type};charset=utf-8;base64,${Buffer.from(text, "utf8").toString("base64")}`;
}

/** A file name safe on every system: the run's and the table's names with anything odd as "_". */
export function downloadName(run: string, table: string, extension: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");
  return `${safe(run)}-${safe(table)}.${extension}`;
}

function link(file: string, href: string, label: string, title: string): string {
  return `<a class="data" download="${escapeHtml(file)}" href="${href}" title="${escapeHtml(title)}">${label}</a>`;
}

/** "numbers: CSV JSON" for each table (its name beside them when there are several). */
export function dataLinks(run: string, tables: NumberTable[]): string {
  const parts = tables.map((table) => {
    const label = tables.length > 1 ? `${escapeHtml(table.name)}: ` : "";
    const csv = link(
      downloadName(run, table.name, "csv"),
      dataUrl("text/csv", tableCsv(table)),
      "CSV",
      `Download the numbers (${table.about}) as CSV`,
    );
    const json = link(
      downloadName(run, table.name, "json"),
      dataUrl("application/json", tableJson(table, run)),
      "JSON",
      `Download the numbers (${table.about}) as JSON`,
    );
    return `<span class="table">${label}${csv} ${json}</span>`;
  });
  return `<span class="numbers">numbers ${parts.join(" ")}</span>`;
}
