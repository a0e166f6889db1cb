// The clicked event and its causal highlight: which window of events the causality was worked
// out over, the past and future found there (as event keys, so the diagram can light up events
// of another window holding the same run), and the counts for the panel. Recomputed when that
// window changes, at most every RECOMPUTE_MS (new events may join the future).
import { type CausalMethod, causalSets } from "./causal.ts";
import { type EventWindow, eventKey, type ViewEvent } from "./eventWindow.ts";
import type { Highlight } from "./spaceTime.ts";

const RECOMPUTE_MS = 500;

export class CausalSelection {
  readonly m: number;
  readonly seq: number;
  /** The event as last found (in the causal window when it holds it). */
  event: ViewEvent;
  highlight: Highlight | null = null;
  /** The window the sets were computed over. */
  window: EventWindow | null = null;
  method: CausalMethod = "graph";
  past = 0;
  future = 0;
  concurrent = 0;
  #windowId = -1;
  #version = -1;
  #computedAt = Number.NEGATIVE_INFINITY;
  /** Bumped on every recomputation, so the diagram knows to redraw. */
  generation = 0;

  constructor(event: ViewEvent) {
    this.m = event.m;
    this.seq = event.seq;
    this.event = event;
  }

  get key(): number {
    return eventKey(this);
  }

  /** Works the causality out over `window` if it changed; returns whether it did. */
  update(window: EventWindow, force = false): boolean {
    const now = performance.now();
    const changed = window.id !== this.#windowId || window.version !== this.#version;
    if (!force && (!changed || now - this.#computedAt < RECOMPUTE_MS)) return false;
    this.#windowId = window.id;
    this.#version = window.version;
    this.#computedAt = now;
    this.window = window;
    this.generation++;
    const event = window.find(this.m, this.seq);
    if (event === undefined) {
      this.highlight = null;
      this.past = this.future = this.concurrent = 0;
      return true;
    }
    this.event = event;
    const sets = causalSets(window, event);
    this.highlight = {
      selectedKey: this.key,
      past: new Set([...sets.past].map(eventKey)),
      future: new Set([...sets.future].map(eventKey)),
    };
    this.method = sets.method;
    this.past = sets.past.size;
    this.future = sets.future.size;
    this.concurrent = window.count - sets.past.size - sets.future.size - 1;
    return true;
  }
}
