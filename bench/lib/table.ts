// Markdown tables for stdout and BENCHMARKS.md (one format for both), and number formatting.

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A whole number with thousands separators, e.g. 212,345. */
export function whole(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en") : "n/a";
}

export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

export function verdict(ok: boolean): string {
  return ok ? "met" : "MISSED";
}

/** A ratio such as 0.71x, or n/a. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : "n/a";
}
