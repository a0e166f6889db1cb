// What `clocklab analyze <run-dir>...` does: prints a summary table per run and writes report.html
// into each run directory; `--json` prints every metric instead (one object for one run directory,
// an array for several). A directory of runs (logs/) stands for its newest run; with `--all` for
// every run, and one table across them replaces the per-run tables. Wiring only: the work is in
// src/analysis and src/report.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { type AnalyzeOptions, analyzeRun, type RunAnalysis } from "../../analysis/index.ts";
import { resolveRunArgument } from "../../analysis/runDirectories.ts";
import { discoverRun, type RunFiles } from "../../analysis/runFiles.ts";
import { groupRunParts, mergeRunParts } from "../../analysis/runParts.ts";
import { UserError } from "../../core/userError.ts";
import { formatRunsTable } from "../../report/runsTable.ts";
import { formatSummaryTable } from "../../report/summaryTable.ts";
import { printable } from "../../report/terminalText.ts";

export interface AnalyzeCommandOptions {
  json?: boolean;
  all?: boolean;
  report?: boolean;
  windowStart?: string;
  windowLength?: string;
  diagramMachines?: string;
}

export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processOutput: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new UserError(`${flag} ${value}: expected a number of seconds >= 0`);
  }
  return n;
}

/**
 * The machine-readable form of one analysis: every metric docs/analyze.md defines, by its name, and for
 * a run with faults every fault window with its phases and measures (`faults`, absent without
 * faults, so that the output of a run without them is what it always was).
 */
export function analysisJson(analysis: RunAnalysis, reportPath: string | null) {
  return {
    runDir: analysis.runDir,
    format: analysis.format,
    machines: analysis.metrics.machines,
    run: analysis.metrics.run,
    ...(analysis.faults.length > 0 ? { faults: analysis.faults } : {}),
    truncatedFiles: analysis.truncatedFiles,
    warnings: analysis.warnings,
    report: reportPath,
  };
}

async function tryWriteReport(runDir: string, analysis: RunAnalysis, out: Output): Promise<string | null> {
  try {
    // Loaded on demand: the charting libraries cost ~50 MB and ~0.7 s that --no-report runs skip.
    const { writeHtmlReport } = await import("../../report/htmlReport.ts");
    return await writeHtmlReport(runDir, analysis);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    // A report cut off by a full disk is not left behind as if it were one.
    if (code === "ENOSPC" || code === "EDQUOT") rmSync(join(runDir, "report.html"), { force: true });
    out.stderr(`clocklab analyze: cannot write report.html into ${runDir} (${code}); skipped\n`);
    return null;
  }
}

export async function runAnalyze(
  runDirArguments: string[],
  options: AnalyzeCommandOptions,
  out: Output = processOutput,
): Promise<RunAnalysis[]> {
  const analyzeOptions: AnalyzeOptions = {};
  const startS = seconds("--window-start", options.windowStart);
  const lengthS = seconds("--window-length", options.windowLength);
  if (startS !== undefined) analyzeOptions.windowStartS = startS;
  if (lengthS !== undefined) {
    if (lengthS === 0) throw new UserError("--window-length 0: expected a number of seconds > 0");
    analyzeOptions.windowLengthS = lengthS;
  }
  if (options.diagramMachines !== undefined) {
    const ids = options.diagramMachines
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    if (ids.length === 0) throw new UserError("--diagram-machines: expected machine ids, e.g. m1,m7,m42");
    analyzeOptions.diagramMachines = ids;
  }
  const runDirs: string[] = [];
  for (const argument of runDirArguments) {
    const { runDirs: found, note } = await resolveRunArgument(argument, options.all === true);
    if (note !== null) out.stderr(`clocklab analyze: ${printable(note)}\n`);
    for (const dir of found) if (!runDirs.includes(dir)) runDirs.push(dir);
  }
  const analyses: RunAnalysis[] = [];
  const json: ReturnType<typeof analysisJson>[] = [];
  let reports = 0;
  // The parts of one run over NATS (each host's copy of its run directory) are analysed as one run.
  const discovered: RunFiles[] = [];
  for (const runDir of runDirs) discovered.push(await discoverRun(runDir));
  const runs = (await groupRunParts(discovered)).map(mergeRunParts);
  for (const files of runs) {
    const runDir = files.runDir;
    const analysis = await analyzeRun(files, analyzeOptions);
    analyses.push(analysis);
    const reportPath = options.report === false ? null : await tryWriteReport(runDir, analysis, out);
    if (reportPath !== null) reports += 1;
    if (options.json) {
      json.push(analysisJson(analysis, reportPath));
      for (const warning of analysis.warnings)
        out.stderr(`warning: ${printable(runDir)}: ${printable(warning)}\n`);
    } else if (!options.all) {
      out.stdout(formatSummaryTable(analysis));
      if (reportPath !== null) out.stdout(`report: ${reportPath}\n`);
      out.stdout("\n");
    }
  }
  if (options.json) {
    out.stdout(`${JSON.stringify(json.length === 1 && !options.all ? json[0] : json, null, 2)}\n`);
  } else if (options.all) {
    out.stdout(
      formatRunsTable(analyses, `${analyses.length} run${analyses.length === 1 ? "" : "s"}, oldest first`),
    );
    if (reports > 0)
      out.stdout(
        `\nreport.html written into ${reports === 1 ? "the run directory" : `each of the ${reports} run directories`}\n`,
      );
  }
  return analyses;
}
