// The numbers behind one chart or table of the report, as a table (columns and rows), and its two
// download forms: CSV (a header row, then one row per line; numbers written in full, exactly as the
// analysis holds them; empty for null) and JSON (the same columns and rows, plus what they mean and,
// for time charts, the time grid and the fault windows). Text a spreadsheet would take for a formula
// (=, +, -, @ at its start) is prefixed with a quote character in the CSV; numbers never are.

export type Cell = string | number | boolean | null;

export interface NumberTable {
  /** The file's name in a download: `<run>-<name>.csv` / `.json`. */
  name: string;
  /** What a row is, in words. */
  about: string;
  columns: string[];
  rows: Cell[][];
  /** JSON only: facts that hold for every row (the time grid, the fault windows, ...). */
  context?: Record<string, unknown>;
}

function csvCell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function tableCsv(table: NumberTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(","));
  return `${lines.join("\n")}\n`;
}

export function tableJson(table: NumberTable, run: string): string {
  const rows = table.rows.map((row) =>
    row.map((cell) => (typeof cell === "number" && !Number.isFinite(cell) ? null : cell)),
  );
  return `${JSON.stringify({ run, name: table.name, about: table.about, ...table.context, columns: table.columns, rows })}\n`;
}
