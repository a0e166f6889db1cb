// Public entry of src/report/comparison: the observations, the terminal table, and the files
// comparison.html, comparison.json and comparison.csv in the experiment's directory.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Comparison } from "../../analysis/comparison/index.ts";
import { comparisonCsv } from "./csv.ts";
import { renderComparisonHtml } from "./html.ts";

export { comparisonCsv } from "./csv.ts";
export { renderComparisonHtml } from "./html.ts";
export { comparisonObservations } from "./observations.ts";
export { formatComparisonTable } from "./table.ts";

export const COMPARISON_FILES = {
  html: "comparison.html",
  json: "comparison.json",
  csv: "comparison.csv",
} as const;

/** Writes the three comparison files into `dir`; returns their paths. */
export async function writeComparison(
  dir: string,
  comparison: Comparison,
): Promise<Record<keyof typeof COMPARISON_FILES, string>> {
  const paths = {
    html: join(dir, COMPARISON_FILES.html),
    json: join(dir, COMPARISON_FILES.json),
    csv: join(dir, COMPARISON_FILES.csv),
  };
  await writeFile(paths.html, renderComparisonHtml(comparison));
  await writeFile(paths.json, `${JSON.stringify(comparison, null, 2)}\n`);
  await writeFile(paths.csv, comparisonCsv(comparison));
  return paths;
}
