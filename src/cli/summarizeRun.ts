// After a run or simulation: analyse its directory, print the summary table, write report.html.
import { analyzeRun } from "../analysis/index.ts";
import { formatSummaryTable, writeHtmlReport } from "../report/index.ts";

export async function summarizeRun(runDir: string): Promise<void> {
  const analysis = await analyzeRun(runDir);
  process.stdout.write(`\n${formatSummaryTable(analysis)}\n`);
  const reportPath = await writeHtmlReport(runDir, analysis);
  process.stdout.write(`\nrun directory: ${runDir}\nreport: ${reportPath}\n`);
}
