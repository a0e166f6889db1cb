// After a run or simulation: analyse its directory, print the summary table, write report.html.
// The analysis and the report are loaded on demand, so the router and machine processes, which
// share this CLI, do not pay for the charting libraries (~50 MB and ~0.7 s each). A report that
// cannot be written (a full disk) is named with its cause, and a partial one is removed; the
// run's logs are left as they are.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../core/userError.ts";
import { describeFsError } from "../runtime/fsErrors.ts";

export async function summarizeRun(runDir: string): Promise<void> {
  const [{ analyzeRun }, { formatSummaryTable }, { writeHtmlReport, REPORT_FILE }] = await Promise.all([
    import("../analysis/index.ts"),
    import("../report/summaryTable.ts"),
    import("../report/htmlReport.ts"),
  ]);
  const analysis = await analyzeRun(runDir);
  process.stdout.write(`\n${formatSummaryTable(analysis)}\n`);
  let reportPath: string;
  try {
    reportPath = await writeHtmlReport(runDir, analysis);
  } catch (error) {
    const path = join(runDir, REPORT_FILE);
    rmSync(path, { force: true });
    throw new UserError(
      `cannot write ${path}: ${describeFsError(error)}; the run's logs in ${runDir} are kept ` +
        `(free some space and run clocklab analyze ${runDir})`,
    );
  }
  process.stdout.write(`\nrun directory: ${runDir}\nreport: ${reportPath}\n`);
}
