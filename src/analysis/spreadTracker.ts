// The Lamport spread, computed in one pass over events in true-time order:
// samples at T0, T0 + 1 s, ... while <= T1; at each, every machine that has events in the run
// counts with the Lamport value of its last event at or before the sample (0 before its first);
// spread = largest - smallest. Between two events the spread cannot change, so a gap of many
// samples is measured once and given to each of them.

const SAMPLE_MS = 1000;

export class SpreadTracker {
  readonly #t0: number;
  readonly #lamport: Float64Array;
  readonly #participates: Uint8Array;
  readonly #onSample: (sampleMs: number, spread: number) => void;
  /** Index of the next sample not yet taken. */
  #nextSample = 0;
  max: number | null = null;
  maxAtMs: number | null = null;
  final: number | null = null;

  /** `participates[i]` says whether machine i has at least one event in the run. */
  constructor(t0Ms: number, participates: boolean[], onSample: (sampleMs: number, spread: number) => void) {
    this.#t0 = t0Ms;
    this.#lamport = new Float64Array(participates.length);
    this.#participates = Uint8Array.from(participates, (p) => (p ? 1 : 0));
    this.#onSample = onSample;
  }

  /** Call for every event, in true-time order, before the next one. */
  event(machine: number, timeMs: number, lamport: number): void {
    // Samples strictly before this event see the state before it.
    const upTo = Math.ceil((timeMs - this.#t0) / SAMPLE_MS);
    if (upTo > this.#nextSample) this.#take(upTo);
    this.#lamport[machine] = lamport;
  }

  /** Call once after the last event, with T1 = the latest event time. */
  finish(t1Ms: number): void {
    const last = Math.floor((t1Ms - this.#t0) / SAMPLE_MS);
    if (last + 1 > this.#nextSample) this.#take(last + 1);
  }

  /** Takes samples #nextSample .. end-1, all with the current spread. */
  #take(end: number): void {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    const lamport = this.#lamport;
    for (let i = 0; i < lamport.length; i++) {
      if (this.#participates[i] === 0) continue;
      const value = lamport[i]!;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    if (high < low) return;
    const spread = high - low;
    const firstMs = this.#t0 + this.#nextSample * SAMPLE_MS;
    if (this.max === null || spread > this.max) {
      this.max = spread;
      this.maxAtMs = firstMs;
    }
    this.final = spread;
    // Every sample reaches the series (one a second of the run: cheap), so that each time bin that
    // holds a sample has its point, as a recount of the samples from the logs finds them.
    for (let k = this.#nextSample; k < end; k++) this.#onSample(this.#t0 + k * SAMPLE_MS, spread);
    this.#nextSample = end;
  }
}
