// The fates of a run's deliveries in words, for every place that shows them (the terminal summary,
// the report's table and its observations): sent, then each fate with its count, the dropped by
// reason and the lost by cause, so the reader sees that they add up to what was sent.
import type { RunMetrics } from "../analysis/index.ts";
import { formatNumber } from "./format.ts";

export interface FatePart {
  /** The metric's name in `analyze --json`. */
  key: "delivered" | "queued" | "inFlight" | "dropped" | "lost";
  label: string;
  count: number;
  /** Reasons or causes with their counts, largest first. */
  details: Array<[string, number]>;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
const sorted = (counts: Record<string, number>): Array<[string, number]> =>
  Object.entries(counts).sort((a, b) => b[1] - a[1]);

export function fateParts(run: RunMetrics): FatePart[] {
  return [
    { key: "delivered", label: "delivered", count: run.delivered, details: [] },
    { key: "queued", label: "queued at the end", count: run.queued, details: [] },
    { key: "inFlight", label: "in flight at the end", count: run.inFlight, details: [] },
    { key: "dropped", label: "dropped", count: total(run.dropped), details: sorted(run.dropped) },
    { key: "lost", label: "lost", count: total(run.lost), details: sorted(run.lost) },
  ];
}

/** Whether the fates add up to `sent` (they do for every run clocklab wrote completely). */
export function fatesAddUp(run: RunMetrics): boolean {
  return fateParts(run).reduce((sum, part) => sum + part.count, 0) === run.sent;
}

/** "120 sent: 100 delivered, 12 queued at the end, 8 dropped (machine-gone 8), 0 lost" */
export function fatesLine(run: RunMetrics, show: (text: string) => string = (t) => t): string {
  const parts = fateParts(run)
    .filter(
      (part) => part.count > 0 || part.key === "delivered" || part.key === "dropped" || part.key === "lost",
    )
    .map((part) => {
      const details = part.details.map(([name, n]) => `${show(name)} ${formatNumber(n)}`).join(", ");
      return `${formatNumber(part.count)} ${part.label}${details === "" ? "" : ` (${details})`}`;
    });
  return `${formatNumber(run.sent)} sent: ${parts.join(", ")}`;
}
