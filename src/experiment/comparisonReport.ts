// What an experiment needs of the report layer, which sits above it: the comparison's observations
// in plain words, and the comparison written to its files. The command passes the report's own.
import type { Comparison } from "../analysis/comparison/index.ts";

/** The files a written comparison is in. */
export interface ComparisonFiles {
  html: string;
  json: string;
  csv: string;
}

/** What the experiment needs of the report: the comparison's observations, and its files. */
export interface ComparisonReport {
  observations(comparison: Comparison): string[];
  write(dir: string, comparison: Comparison): Promise<ComparisonFiles>;
}
