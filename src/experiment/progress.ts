// The progress display over a whole experiment: runs done of total, which are running now, time
// elapsed and an estimate of the time left (from the durations of the runs finished so far).
// Redrawn in place on a terminal (stderr); plain periodic lines otherwise.

export interface ProgressState {
  total: number;
  /** Finished in this session or earlier (skipped), failed included. */
  done: number;
  failed: number;
  running: Array<{ label: string; elapsedS: number }>;
  elapsedS: number;
  /** Seconds each finished run took in this session. */
  finishedRunS: number[];
  parallel: number;
  /** A guess for a run's length before any has finished (live: its duration), or null. */
  expectedRunS: number | null;
}

/** Seconds left, or null when there is nothing to go on yet. */
export function estimateLeftS(state: ProgressState): number | null {
  const perRun =
    state.finishedRunS.length > 0
      ? state.finishedRunS.reduce((a, b) => a + b, 0) / state.finishedRunS.length
      : state.expectedRunS;
  if (perRun === null) return null;
  const waiting = state.total - state.done - state.running.length;
  const runningLeft = state.running.reduce((sum, r) => sum + Math.max(0, perRun - r.elapsedS), 0);
  return (waiting * perRun + runningLeft) / Math.max(1, Math.min(state.parallel, state.total - state.done));
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

export function progressLine(state: ProgressState): string {
  const left = estimateLeftS(state);
  const width = 20;
  const filled = state.total === 0 ? width : Math.round((state.done / state.total) * width);
  const running =
    state.running.length === 0
      ? ""
      : `  running ${state.running.map((r) => `${r.label} (${Math.floor(r.elapsedS)} s)`).join(", ")}`;
  return (
    `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${state.done}/${state.total} runs` +
    `${state.failed > 0 ? ` (${state.failed} failed)` : ""}` +
    `  elapsed ${formatDuration(state.elapsedS)}` +
    `  left ${left === null ? "estimating" : `~${formatDuration(left)}`}${running}`
  );
}

export class ExperimentProgress {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  readonly #plainEveryMs: number;
  #lastPlainMs = Number.NEGATIVE_INFINITY;
  #lastDone = -1;
  #drawn = false;

  constructor(out: NodeJS.WriteStream = process.stderr, plainEveryMs = 10_000) {
    this.#out = out;
    this.#tty = out.isTTY === true;
    this.#plainEveryMs = plainEveryMs;
  }

  get interval(): number {
    return this.#tty ? 250 : 1000;
  }

  render(state: ProgressState, nowMs: number): void {
    const line = progressLine(state);
    if (this.#tty) {
      const columns = this.#out.columns ?? 120;
      this.#out.write(`\r\x1b[K${line.slice(0, Math.max(20, columns - 1))}`);
      this.#drawn = true;
      return;
    }
    // Plain output: a line when a run finishes, and otherwise now and then.
    if (state.done !== this.#lastDone || nowMs - this.#lastPlainMs >= this.#plainEveryMs) {
      this.#out.write(`${line}\n`);
      this.#lastDone = state.done;
      this.#lastPlainMs = nowMs;
    }
  }

  /** Prints a message above the display. */
  notice(text: string): void {
    this.#clear();
    this.#out.write(`${text}\n`);
  }

  done(): void {
    if (this.#tty && this.#drawn) this.#out.write("\n");
    this.#drawn = false;
  }

  #clear(): void {
    if (this.#tty && this.#drawn) this.#out.write("\r\x1b[K");
    this.#drawn = false;
  }
}
