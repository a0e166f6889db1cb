// Public entry of src/report: the terminal summary table and the self-contained HTML report.
export { REPORT_FILE, renderHtmlReport, writeHtmlReport } from "./htmlReport.ts";
export { observations } from "./observations.ts";
export { formatSummaryTable } from "./summaryTable.ts";
