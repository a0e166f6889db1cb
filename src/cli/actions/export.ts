// What `clocklab export <run-dir> --format shiviz|csv` does: writes the run's events as a ShiViz log (with
// the regex to paste into ShiViz) or as one CSV file. Wiring only: the work is in src/report/export,
// which also turns a missing run directory or an unwritable output into a UserError.
import { join } from "node:path";
import { UserError } from "../../core/userError.ts";
import { SHIVIZ_REGEX } from "../../report/export/shiviz.ts";
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportRun,
  exportRunToFile,
} from "../../report/export/writeExport.ts";
import { printable } from "../../report/terminalText.ts";
import type { Output } from "./analyze.ts";

const DEFAULT_FILE: Record<ExportFormat, string> = { shiviz: "shiviz.log", csv: "events.csv" };

export interface ExportCommandOptions {
  format: string;
  out?: string;
}

const processOutput: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Returns the path written, or "-" for stdout. */
export async function runExport(
  runDir: string,
  options: ExportCommandOptions,
  out: Output = processOutput,
): Promise<string> {
  const format = options.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UserError(`--format ${options.format}: expected one of ${EXPORT_FORMATS.join(", ")}`);
  }
  if (options.out === "-") {
    const result = await exportRun(runDir, format, process.stdout);
    for (const warning of result.warnings) out.stderr(`warning: ${printable(warning)}\n`);
    return "-";
  }
  const path = options.out ?? join(runDir, DEFAULT_FILE[format]);
  const result = await exportRunToFile(runDir, format, path);
  for (const warning of result.warnings) out.stderr(`warning: ${printable(warning)}\n`);
  out.stdout(`wrote ${result.events} events to ${path}\n`);
  if (format === "shiviz") {
    out.stdout(
      "Open https://bestchai.bitbucket.io/shiviz/, choose 'upload a log' with this file, or paste its log " +
        `(from the third line on) with this parsing regex:\n${SHIVIZ_REGEX}\n`,
    );
  }
  return path;
}
