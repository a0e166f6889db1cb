// The sampled series the page holds (Lamport value, queue length, HLC ahead, per machine, on
// the server's grid of true time): the live window keeps the latest rows, applying each update
// in place and dropping the oldest beyond a fixed count; a fetched window holds one past range.
import type { SampleColumns } from "../core/watch/protocol.ts";

export type Metric = "lamport" | "queueLength" | "hlcAheadMs";
export const METRICS: readonly Metric[] = ["lamport", "queueLength", "hlcAheadMs"];

export class SampleWindow {
  intervalMs = 250;
  originMs = 0;
  /** Grid row of the first row held, and the stride between held rows. */
  fromRow = 0;
  step = 1;
  rows = 0;
  /** Per metric, per machine, per held row. */
  readonly data: Record<Metric, Array<Array<number | null>>> = {
    lamport: [],
    queueLength: [],
    hlcAheadMs: [],
  };
  version = 0;

  /** Replaces everything with these rows. */
  reset(samples: SampleColumns): void {
    this.intervalMs = samples.intervalMs;
    this.originMs = samples.originMs;
    this.fromRow = samples.fromRow;
    this.step = samples.step;
    this.rows = samples.rows;
    for (const metric of METRICS) this.data[metric] = samples[metric].map((column) => column.slice());
    this.version++;
  }

  /** Writes rows fromRow... (step 1) over what is held, extending it. */
  apply(samples: SampleColumns, maxRows: number): void {
    if (samples.intervalMs !== this.intervalMs || samples.step !== 1 || this.step !== 1) {
      this.reset(samples);
      return;
    }
    if (this.rows === 0) this.fromRow = samples.fromRow;
    const offset = samples.fromRow - this.fromRow;
    if (offset < 0 || offset > this.rows) {
      this.reset(samples);
      return;
    }
    for (const metric of METRICS) {
      const columns = this.data[metric];
      samples[metric].forEach((incoming, machine) => {
        while (columns.length <= machine) columns.push(new Array(this.rows).fill(null));
        const column = columns[machine]!;
        for (let r = 0; r < incoming.length; r++) column[offset + r] = incoming[r]!;
      });
    }
    this.rows = Math.max(this.rows, offset + samples.rows);
    for (const metric of METRICS) {
      for (const column of this.data[metric]) while (column.length < this.rows) column.push(null);
    }
    if (this.rows > maxRows * 1.25) this.#dropOldest(this.rows - maxRows);
    this.version++;
  }

  #dropOldest(rows: number): void {
    for (const metric of METRICS) for (const column of this.data[metric]) column.splice(0, rows);
    this.fromRow += rows;
    this.rows -= rows;
  }

  /** True time (ms) of held row index i. */
  timeOf(index: number): number {
    return this.originMs + (this.fromRow + index * this.step) * this.intervalMs;
  }

  /** The grid row at or before timeMs. */
  gridRowAt(timeMs: number): number {
    return Math.floor((timeMs - this.originMs) / this.intervalMs);
  }

  /** Held row indexes covering [fromMs, toMs], or null if these rows are not all held. */
  indexRange(fromMs: number, toMs: number, latestRow: number): { first: number; last: number } | null {
    if (this.rows === 0) return null;
    const wantFirst = Math.max(0, this.gridRowAt(fromMs));
    const wantLast = Math.min(latestRow, this.gridRowAt(toMs));
    const heldLast = this.fromRow + (this.rows - 1) * this.step;
    if (wantFirst < this.fromRow || wantLast > heldLast) return null;
    return {
      first: Math.floor((wantFirst - this.fromRow) / this.step),
      last: Math.floor((wantLast - this.fromRow) / this.step),
    };
  }
}
