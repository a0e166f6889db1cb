// The live view's time series, sampled on a fixed grid of true time: row r is the instant
// originMs + r × intervalMs, and a machine's value there is that of its last event at or before
// it (Lamport value, queue length, HLC ahead of its physical clock). Each machine fills its own
// column as its events arrive, so no machine waits for another: rows after a machine's latest
// event are provisional (its current value) until its next event. Memory is bounded: when the
// grid would pass `maxCells` values per series, the interval doubles and every other row goes.
import type { SampleColumns } from "../../core/watch/protocol.ts";

export const DEFAULT_INTERVAL_MS = 250;
export const DEFAULT_MAX_CELLS = 2_000_000;
const INITIAL_ROWS = 256;

class MachineColumn {
  lamport = new Float64Array(INITIAL_ROWS).fill(Number.NaN);
  queueLength = new Float64Array(INITIAL_ROWS).fill(Number.NaN);
  hlcAheadMs = new Float64Array(INITIAL_ROWS).fill(Number.NaN);
  /** Rows up to here hold final values. */
  lastFinalRow = -1;
  current: { lamport: number; queueLength: number; hlcAheadMs: number } | null = null;

  ensure(rows: number): void {
    if (rows <= this.lamport.length) return;
    let capacity = this.lamport.length;
    while (capacity < rows) capacity *= 2;
    const grow = (old: Float64Array) => {
      const next = new Float64Array(capacity).fill(Number.NaN);
      next.set(old);
      return next;
    };
    this.lamport = grow(this.lamport);
    this.queueLength = grow(this.queueLength);
    this.hlcAheadMs = grow(this.hlcAheadMs);
  }

  /** Rows [from, to) take the current value (they are final now). */
  finalize(from: number, to: number): void {
    if (to <= from) return;
    this.ensure(to);
    const c = this.current;
    this.lamport.fill(c?.lamport ?? Number.NaN, from, to);
    this.queueLength.fill(c?.queueLength ?? Number.NaN, from, to);
    this.hlcAheadMs.fill(c?.hlcAheadMs ?? Number.NaN, from, to);
    this.lastFinalRow = to - 1;
  }

  /** Keeps every other row (row 2r becomes row r). */
  halve(): void {
    for (const series of [this.lamport, this.queueLength, this.hlcAheadMs]) {
      const rows = Math.ceil(series.length / 2);
      for (let r = 0; r < rows; r++) series[r] = series[2 * r]!;
      series.fill(Number.NaN, rows);
    }
    this.lastFinalRow = Math.floor(this.lastFinalRow / 2);
  }
}

function cell(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

export class SampleStore {
  intervalMs: number;
  originMs: number | null = null;
  readonly #maxCells: number;
  readonly #columns: MachineColumn[] = [];
  /** Number of rows: up to the latest event's instant. */
  rows = 0;
  /** Lowest row changed since `takeDirtyFrom` was last called (Infinity: none). */
  #dirtyFrom = Number.POSITIVE_INFINITY;
  /** Bumped when the grid is coarsened: holders of old rows must drop them. */
  generation = 0;

  constructor(intervalMs = DEFAULT_INTERVAL_MS, maxCells = DEFAULT_MAX_CELLS) {
    this.intervalMs = intervalMs;
    this.#maxCells = maxCells;
  }

  /** Fixes the grid's origin (the run's t0 when known); the first event fixes it otherwise. */
  setOrigin(originMs: number): void {
    if (this.originMs === null) this.originMs = originMs;
  }

  #column(machine: number): MachineColumn {
    while (this.#columns.length <= machine) this.#columns.push(new MachineColumn());
    return this.#columns[machine]!;
  }

  record(machine: number, timeMs: number, lamport: number, queueLength: number, hlcAheadMs: number): void {
    if (this.originMs === null) this.originMs = timeMs;
    const column = this.#column(machine);
    // Rows at or after the event's instant take its value; earlier rows keep the previous one.
    const firstAffected = Math.max(
      column.lastFinalRow + 1,
      Math.ceil((timeMs - this.originMs) / this.intervalMs),
    );
    column.finalize(column.lastFinalRow + 1, firstAffected);
    column.current = { lamport, queueLength, hlcAheadMs };
    const rowOfEvent = Math.max(0, Math.floor((timeMs - this.originMs) / this.intervalMs));
    const rows = Math.max(this.rows, rowOfEvent + 1);
    if (firstAffected < rows) this.#dirtyFrom = Math.min(this.#dirtyFrom, firstAffected);
    if (rows > this.rows) {
      this.#dirtyFrom = Math.min(this.#dirtyFrom, this.rows);
      this.rows = rows;
    }
    while (this.rows * Math.max(1, this.#columns.length) > this.#maxCells) this.#coarsen();
  }

  #coarsen(): void {
    for (const column of this.#columns) column.halve();
    this.intervalMs *= 2;
    this.rows = Math.ceil(this.rows / 2);
    this.generation++;
    this.#dirtyFrom = 0;
  }

  /** The lowest row changed since the last call, or null if none; resets it. */
  takeDirtyFrom(): number | null {
    const from = this.#dirtyFrom;
    this.#dirtyFrom = Number.POSITIVE_INFINITY;
    return Number.isFinite(from) ? Math.min(from, Math.max(0, this.rows - 1)) : null;
  }

  /** Rows fromRow, fromRow + step, ... up to toRow (inclusive, clamped to the rows there are). */
  columns(fromRow: number, toRow: number, step = 1): SampleColumns {
    const from = Math.max(0, Math.floor(fromRow));
    const to = Math.min(this.rows - 1, Math.floor(toRow));
    const stride = Math.max(1, Math.floor(step));
    const machines = this.#columns.length;
    const result: SampleColumns = {
      intervalMs: this.intervalMs,
      originMs: this.originMs ?? 0,
      fromRow: from,
      step: stride,
      rows: to >= from ? Math.floor((to - from) / stride) + 1 : 0,
      lamport: [],
      queueLength: [],
      hlcAheadMs: [],
    };
    for (let m = 0; m < machines; m++) {
      const column = this.#columns[m]!;
      const lamport: Array<number | null> = [];
      const queueLength: Array<number | null> = [];
      const hlcAheadMs: Array<number | null> = [];
      for (let r = from; r <= to; r += stride) {
        if (r <= column.lastFinalRow) {
          lamport.push(cell(column.lamport[r]!));
          queueLength.push(cell(column.queueLength[r]!));
          hlcAheadMs.push(cell(column.hlcAheadMs[r]!));
        } else {
          const c = column.current;
          lamport.push(c === null ? null : cell(c.lamport));
          queueLength.push(c === null ? null : cell(c.queueLength));
          hlcAheadMs.push(c === null ? null : cell(c.hlcAheadMs));
        }
      }
      result.lamport.push(lamport);
      result.queueLength.push(queueLength);
      result.hlcAheadMs.push(hlcAheadMs);
    }
    return result;
  }
}
