// The network's faults, decided for one delivery at a time: the router asks, for a message from
// `from` to `to` arriving at router time `nowMs`, whether it is dropped (and why), or when it is
// due, and whether a duplicate follows. Random choices are keyed by message id and destination
// (keyedRandom.ts), so a live router and the simulator decide alike; what depends on order (a
// bursty link's state, per-link FIFO) follows each link's own message order, which both keep.
import type { MachineId } from "../types.ts";
import { keyedUniform } from "./keyedRandom.ts";
import type { FaultWindow } from "./schedule.ts";
import type { LatencyModel, LinkSelection, LossModel } from "./spec.ts";

export type DeliveryDecision =
  | { type: "drop"; reason: "partition" | "loss"; fault: string }
  | {
      type: "deliver";
      /** Router time at which it goes out (now, or later: a delay, or held until a partition heals). */
      dueAtMs: number;
      /** The fault holding it back, if any (for the `held` line). */
      heldBy: string | null;
      /** Due times of extra copies (duplication). */
      copiesDueAtMs: number[];
    };

interface LinkState {
  /** Due time of the link's latest in-order delivery (per-link FIFO). */
  lastDueMs: number;
  /** Gilbert-Elliott state per bursty loss fault on this link. */
  bad: Map<string, boolean>;
}

export class NetworkFaults {
  /** Windows in order of their start; `#started` of them have started. */
  readonly #windows: readonly FaultWindow[];
  #started = 0;
  /** The windows in force at the last time asked about (time only moves forward). */
  #active: FaultWindow[] = [];
  #activeAtMs = Number.NEGATIVE_INFINITY;
  readonly #seed: number;
  readonly #t0Ms: number;
  readonly #links = new Map<string, LinkState>();

  constructor(windows: readonly FaultWindow[], seed: number, t0Ms: number) {
    // Stable by start time: windows that start together keep their schedule order.
    this.#windows = windows
      .map((w, i) => ({ w, i }))
      .sort((a, b) => a.w.fromMs - b.w.fromMs || a.i - b.i)
      .map((x) => x.w);
    this.#seed = seed;
    this.#t0Ms = t0Ms;
  }

  get empty(): boolean {
    return this.#windows.length === 0;
  }

  /** The windows in force at `atMs` (after t0), in schedule order. */
  #activeAt(atMs: number): readonly FaultWindow[] {
    if (atMs === this.#activeAtMs) return this.#active;
    if (atMs < this.#activeAtMs) {
      // Asked about an earlier time (should not happen): recompute from scratch.
      this.#started = 0;
      this.#active = [];
    }
    let changed = false;
    const windows = this.#windows;
    while (this.#started < windows.length && windows[this.#started]!.fromMs <= atMs) {
      this.#active.push(windows[this.#started++]!);
      changed = true;
    }
    if (this.#active.some((w) => !(atMs < w.toMs))) this.#active = this.#active.filter((w) => atMs < w.toMs);
    if (changed && this.#active.length > 1)
      this.#active.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
    this.#activeAtMs = atMs;
    return this.#active;
  }

  decide(from: MachineId, to: MachineId, messageId: string, nowMs: number): DeliveryDecision {
    const atMs = nowMs - this.#t0Ms;
    const seed = this.#seed;
    const link = this.#link(from, to);
    let dueAtMs = nowMs;
    let heldBy: string | null = null;
    let reordered = false;
    let duplicate = false;
    for (const window of this.#activeAt(atMs)) {
      const action = window.action;
      switch (action.kind) {
        case "partition":
          if (!cuts(window, from, to)) break;
          if (action.mode === "drop") return { type: "drop", reason: "partition", fault: window.id };
          // Held until it heals; later messages on the link follow it, so the order holds.
          if (this.#t0Ms + window.toMs > dueAtMs) {
            dueAtMs = this.#t0Ms + window.toMs;
            heldBy = window.id;
          }
          break;
        case "loss":
          if (!onLink(action.links, from, to)) break;
          if (this.#lost(action.loss, link, window.id, messageId, to)) {
            return { type: "drop", reason: "loss", fault: window.id };
          }
          break;
        case "latency":
          if (!onLink(action.links, from, to)) break;
          dueAtMs += sampleLatency(
            action.latency,
            keyedUniform(seed, messageId, to, `latency:${window.id}`),
            () => keyedUniform(seed, messageId, to, `latency2:${window.id}`),
          );
          heldBy ??= window.id;
          break;
        case "slow-link":
          if (!onLink(action.links, from, to)) break;
          dueAtMs += action.extraMs;
          heldBy ??= window.id;
          break;
        case "reorder":
          if (!onLink(action.links, from, to)) break;
          if (keyedUniform(seed, messageId, to, `reorder:${window.id}`) < action.probability) {
            dueAtMs += action.maxDelayMs * keyedUniform(seed, messageId, to, `reorder-delay:${window.id}`);
            reordered = true;
            heldBy ??= window.id;
          }
          break;
        case "duplicate":
          if (
            onLink(action.links, from, to) &&
            keyedUniform(seed, messageId, to, `dup:${window.id}`) < action.probability
          )
            duplicate = true;
          break;
        default:
          break;
      }
    }
    // Per-link FIFO: a message never overtakes an earlier one on its link, unless reordering
    // (which gives FIFO up, and says so) moved it.
    if (!reordered) {
      if (dueAtMs < link.lastDueMs) dueAtMs = link.lastDueMs;
      link.lastDueMs = dueAtMs;
    }
    return {
      type: "deliver",
      dueAtMs,
      heldBy: dueAtMs > nowMs ? heldBy : null,
      copiesDueAtMs: duplicate ? [dueAtMs] : [],
    };
  }

  #link(from: MachineId, to: MachineId): LinkState {
    const key = `${from}>${to}`;
    let state = this.#links.get(key);
    if (state === undefined) {
      state = { lastDueMs: Number.NEGATIVE_INFINITY, bad: new Map() };
      this.#links.set(key, state);
    }
    return state;
  }

  #lost(loss: LossModel, link: LinkState, fault: string, messageId: string, to: MachineId): boolean {
    const seed = this.#seed;
    if (loss.model === "bernoulli")
      return keyedUniform(seed, messageId, to, `loss:${fault}`) < loss.probability;
    // Gilbert-Elliott: the link turns bad or good with each message, then loses it with the state's rate.
    const wasBad = link.bad.get(fault) ?? false;
    const turn = keyedUniform(seed, messageId, to, `ge-turn:${fault}`);
    const bad = wasBad ? !(turn < loss.toGood) : turn < loss.toBad;
    link.bad.set(fault, bad);
    return (
      keyedUniform(seed, messageId, to, `ge-loss:${fault}`) < (bad ? loss.lossWhenBad : loss.lossWhenGood)
    );
  }
}

/** Whether a partition window separates `from` from `to`. */
export function cuts(window: FaultWindow, from: MachineId, to: MachineId): boolean {
  const action = window.action;
  if (action.kind !== "partition") return false;
  if (action.ring === true) {
    // A ring: each machine reaches its two neighbours in id order, and no one else.
    const ids = window.targets;
    const a = ids.indexOf(from);
    const b = ids.indexOf(to);
    if (a < 0 || b < 0) return false;
    const distance = Math.abs(a - b);
    return !(distance === 1 || distance === ids.length - 1);
  }
  const groups = window.groups ?? [];
  const groupOf = (id: MachineId) => groups.findIndex((group) => group.includes(id));
  const fromGroup = groupOf(from);
  const toGroup = groupOf(to);
  if (fromGroup === toGroup) return false;
  return action.oneWay === true ? fromGroup === 0 : true;
}

function onLink(links: LinkSelection | undefined, from: MachineId, to: MachineId): boolean {
  if (links === undefined || "all" in links) return true;
  return links.links.some((link) => link.from === from && link.to === to);
}

/** A delay in ms drawn from the model with the uniform draw `u` (and a second one for lognormal). */
export function sampleLatency(model: LatencyModel, u: number, second: () => number): number {
  switch (model.distribution) {
    case "constant":
      return model.meanMs;
    case "uniform":
      return model.minMs + (model.maxMs - model.minMs) * u;
    case "exponential":
      return -model.meanMs * Math.log(1 - u);
    case "lognormal": {
      // Box-Muller: a standard normal from two uniforms.
      const normal = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * second());
      return model.medianMs * Math.exp(model.sigma * normal);
    }
    case "pareto":
      return model.scaleMs / (1 - u) ** (1 / model.alpha);
  }
}
