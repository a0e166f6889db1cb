// After a run or simulation: analyse its directory, print the summary table, write report.html.
// The analysis and the report are loaded on demand, so the router and machine processes, which
// share this CLI, do not pay for the charting libraries (~50 MB and ~0.7 s each).

export async function summarizeRun(runDir: string): Promise<void> {
  const [{ analyzeRun }, { formatSummaryTable }, { writeHtmlReport }] = await Promise.all([
    import("../analysis/index.ts"),
    import("../report/summaryTable.ts"),
    import("../report/htmlReport.ts"),
  ]);
  const analysis = await analyzeRun(runDir);
  process.stdout.write(`\n${formatSummaryTable(analysis)}\n`);
  const reportPath = await writeHtmlReport(runDir, analysis);
  process.stdout.write(`\nrun directory: ${runDir}\nreport: ${reportPath}\n`);
}
