// Which sampled rows the charts draw for a stretch of time: the live window's when it holds them,
// else rows fetched from the server (every step-th row, so a whole run fits in a chart), asked
// for at most every FETCH_EVERY_MS while the view moves. Until they arrive, what is held is shown.
import type { SampleColumns } from "../core/watch/protocol.ts";
import { SampleWindow } from "./sampleWindow.ts";

const FETCH_EVERY_MS = 2000;
const FETCHED_ROWS = 1500;

export interface ChosenRows {
  samples: SampleWindow;
  first: number;
  last: number;
  fetched: boolean;
}

export class SampleSource {
  readonly #fetch: (fromRow: number, toRow: number, step: number) => Promise<SampleColumns | null>;
  #fetched: SampleWindow | null = null;
  #inFlight = false;
  #fetchedAt = Number.NEGATIVE_INFINITY;

  constructor(fetch: (fromRow: number, toRow: number, step: number) => Promise<SampleColumns | null>) {
    this.#fetch = fetch;
  }

  /** Forgets fetched rows (the grid changed, or another span was chosen). */
  drop(): void {
    this.#fetched = null;
    this.#fetchedAt = Number.NEGATIVE_INFINITY;
  }

  rowsFor(live: SampleWindow, fromMs: number, toMs: number): ChosenRows | null {
    if (live.rows === 0) return null;
    const latestRow = live.fromRow + live.rows - 1;
    const inLive = live.indexRange(fromMs, toMs, latestRow);
    if (inLive !== null) return { samples: live, ...inLive, fetched: false };
    const fetched = this.#fetched;
    const inFetched = fetched?.indexRange(fromMs, toMs, latestRow) ?? null;
    if (fetched !== null && inFetched !== null) return { samples: fetched, ...inFetched, fetched: true };
    this.#request(live, fromMs, toMs, latestRow);
    if (fetched !== null && fetched.rows > 0)
      return { samples: fetched, first: 0, last: fetched.rows - 1, fetched: true };
    const last = Math.min(live.rows - 1, Math.max(0, live.gridRowAt(toMs) - live.fromRow));
    const first = Math.max(0, Math.min(last, live.gridRowAt(fromMs) - live.fromRow));
    return { samples: live, first, last, fetched: false };
  }

  #request(live: SampleWindow, fromMs: number, toMs: number, latestRow: number): void {
    const now = performance.now();
    if (this.#inFlight || now - this.#fetchedAt < FETCH_EVERY_MS) return;
    this.#inFlight = true;
    this.#fetchedAt = now;
    const fromRow = Math.max(0, live.gridRowAt(fromMs));
    const toRow = Math.min(latestRow, live.gridRowAt(toMs));
    const step = Math.max(1, Math.ceil((toRow - fromRow + 1) / FETCHED_ROWS));
    void this.#fetch(fromRow, toRow, step).then((samples) => {
      this.#inFlight = false;
      if (samples === null) return;
      const window = new SampleWindow();
      window.reset(samples);
      this.#fetched = window;
    });
  }
}
