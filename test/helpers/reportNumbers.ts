// Reads a written report.html as a user's browser would (parsed with linkedom): its sections, the
// charts' fault marks, and the numbers behind a chart as the CSV and JSON its download links hold.
import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";

export type ReportDocument = ReturnType<typeof parseHTML>["document"];

export function reportDocument(path: string): ReportDocument {
  return parseHTML(readFileSync(path, "utf8")).document;
}

function decoded(href: string): string {
  const comma = href.indexOf(",");
  if (!href.startsWith("data:") || !href.slice(0, comma).endsWith(";base64"))
    throw new Error(`not a base64 data: URL: ${href.slice(0, 40)}`);
  return Buffer.from(href.slice(comma + 1), "base64").toString("utf8");
}

/** A CSV as rows of cells (quoted cells unquoted; the report quotes only text with , " or newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split("\n")) {
    const cells: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let j = i + 1;
        let cell = "";
        for (;;) {
          const q = line.indexOf('"', j);
          cell += line.slice(j, q);
          if (line[q + 1] === '"') {
            cell += '"';
            j = q + 2;
          } else {
            i = q + 2;
            break;
          }
        }
        cells.push(cell);
      } else {
        const end = line.indexOf(",", i);
        const stop = end < 0 ? line.length : end;
        cells.push(line.slice(i, stop));
        i = stop + 1;
      }
    }
    rows.push(cells);
  }
  return rows;
}

export interface DownloadedNumbers {
  /** The link's file name. */
  csvFile: string;
  csv: string[][];
  json: {
    run: string;
    name: string;
    about: string;
    columns: string[];
    rows: unknown[][];
    [key: string]: unknown;
  };
}

/** The numbers a table's two download links hold (a table: `lamport`, `fault-phases`, ...). */
export function downloaded(document: ReportDocument, table: string): DownloadedNumbers {
  const link = (extension: string) => {
    const found = [...document.querySelectorAll("a.data[download]")].find((a) =>
      a.getAttribute("download")!.endsWith(`-${table}.${extension}`),
    );
    if (found === undefined) throw new Error(`no ${extension} download for ${table}`);
    return found;
  };
  const csvLink = link("csv");
  return {
    csvFile: csvLink.getAttribute("download")!,
    csv: parseCsv(decoded(csvLink.getAttribute("href")!)),
    json: JSON.parse(decoded(link("json").getAttribute("href")!)),
  };
}

/** The data-chart names of the chart boxes whose SVG holds a shaded fault window. */
export function chartsWithFaultMarks(document: ReportDocument): string[] {
  return [...document.querySelectorAll("[data-chart]")]
    .filter((box) => box.querySelector("g.fault-window rect, g.faults g.fault rect") !== null)
    .map((box) => box.getAttribute("data-chart")!);
}
