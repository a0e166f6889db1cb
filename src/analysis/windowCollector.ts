// Keeps the events of the space-time diagram's window (a window of the run, by default
// its first 10 s), at most MAX_WINDOW_EVENTS of them, the earliest first, so memory stays bounded.
// Only the diagram's machines count: all of them in a small run, else a chosen few (`machines`).
import type { AnalysisEvent } from "./event.ts";
import type { SpaceTimeWindow, WindowEvent } from "./types.ts";

export const MAX_WINDOW_EVENTS = 1500;
const MAX_PAYLOAD_CHARS = 200;

export class WindowCollector {
  readonly #fromMs: number;
  readonly #toMs: number;
  readonly #t0: number;
  readonly #startS: number;
  readonly #lengthS: number;
  readonly #events: WindowEvent[] = [];
  readonly #machines: string[];
  /** By machine index: 1 if the machine is drawn. */
  readonly #drawn: Uint8Array;
  #seen = 0;

  /** `drawn` are the indexes of the machines drawn, in drawing order; `ids` all machine ids. */
  constructor(t0Ms: number, startS: number, lengthS: number, ids: string[], drawn: number[]) {
    this.#machines = drawn.map((i) => ids[i]!);
    this.#drawn = new Uint8Array(ids.length);
    for (const i of drawn) this.#drawn[i] = 1;
    this.#t0 = t0Ms;
    this.#startS = startS;
    this.#lengthS = lengthS;
    this.#fromMs = t0Ms + startS * 1000;
    this.#toMs = this.#fromMs + lengthS * 1000;
  }

  event(index: number, machine: string, event: AnalysisEvent, step: number | null): void {
    const time = event.trueTime;
    if (time < this.#fromMs || time > this.#toMs || this.#drawn[index] === 0) return;
    this.#seen++;
    if (this.#events.length >= MAX_WINDOW_EVENTS) return;
    const message = event.message;
    this.#events.push({
      machine,
      seq: event.seq,
      type: event.type,
      tS: (time - this.#t0) / 1000,
      lamport: event.lamport,
      step,
      queueLength: event.queueLength,
      messageId: message?.id ?? null,
      from: message?.from ?? null,
      to: message?.to?.map(String) ?? null,
      payload: message?.payload === undefined ? null : message.payload.slice(0, MAX_PAYLOAD_CHARS),
    });
  }

  result(): SpaceTimeWindow {
    return {
      startS: this.#startS,
      lengthS: this.#lengthS,
      machines: this.#machines,
      events: this.#events,
      truncated: this.#seen > this.#events.length,
      eventsInWindow: this.#seen,
      openedOnFault: null,
    };
  }
}
