// Number formatting shared by the terminal table and the HTML report: thousands separators, a
// fixed number of decimals, and a dash for metrics that are undefined (null). One formatter per
// number of decimals is kept: creating one per call (toLocaleString) is slow for 10,000 machines.

const formatters = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  let formatter = formatters.get(decimals);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat("en-US", {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formatters.set(decimals, formatter);
  }
  return formatter.format(value);
}

/** Decimals that suit a value: whole numbers as such, others with `decimals`. */
export function formatMaybeWhole(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined) return "–";
  return formatNumber(value, Number.isInteger(value) ? 0 : decimals);
}

export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return `${formatNumber(value, Math.abs(value) < 10 ? 2 : 1)} s`;
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (Math.abs(value) >= 10_000) return `${formatNumber(value / 1000, 1)} s`;
  return `${formatNumber(value, 1)} ms`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}
