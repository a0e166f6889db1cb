// When each machine was down: crash windows from the fault schedule, and router.jsonl's record of a
// connection lost and the machine joining again (a crash fault, or a machine killed and restarted
// by hand). Both say the same thing where both exist, and are merged into one interval per crash.
// The restart is what matters to the metrics: the first event at or after `upMs` begins the
// machine's next life (its time down is left out of its tick rate, its first receive is a catch-up).

import { leftWithLostConnection } from "../lostConnection.ts";
import type { AnalysisFaultWindow } from "./faultWindows.ts";

export interface DownInterval {
  /** ms, true time (as the logs' trueTime and the router's `at`). */
  fromMs: number;
  /** When it came back; null when it never did (no restart, or the run ended first). */
  upMs: number | null;
  /** The crash window it belongs to, if any. */
  fault: string | null;
  restart: "log" | "zero" | "never" | null;
  /** Deliveries routed to the machine in all its lives up to this crash (null: router.jsonl does not say). */
  routedBefore: number | null;
  /** The router's reason for the connection's end, if it recorded one. */
  leftReason: string | null;
}

/** A window and a router interval this close count as the same crash. */
const SAME_CRASH_MS = 1000;

interface RouterDown {
  fromMs: number;
  upMs: number | null;
  routedBefore: number | null;
  reason: string;
}

/** Collects the router's side while router.jsonl is scanned. */
export class RouterDownRecord {
  readonly #open = new Map<string, RouterDown>();
  readonly #done = new Map<string, RouterDown[]>();
  readonly #routed = new Map<string, number>();
  readonly countRouted: boolean;

  constructor(countRouted: boolean) {
    this.countRouted = countRouted;
  }

  routed(to: string): void {
    this.#routed.set(to, (this.#routed.get(to) ?? 0) + 1);
  }

  left(id: string, at: number, reason: string): void {
    if (!leftWithLostConnection(reason) || this.#open.has(id)) return;
    const routedBefore = this.countRouted ? (this.#routed.get(id) ?? 0) : null;
    this.#open.set(id, { fromMs: at, upMs: null, routedBefore, reason });
  }

  joined(id: string, at: number): void {
    const open = this.#open.get(id);
    if (open === undefined) return;
    this.#open.delete(id);
    open.upMs = at;
    this.#push(id, open);
  }

  /** Every machine's intervals (those never closed stay down to the end). */
  finish(): Map<string, RouterDown[]> {
    for (const [id, open] of this.#open) this.#push(id, open);
    this.#open.clear();
    return this.#done;
  }

  #push(id: string, down: RouterDown): void {
    const list = this.#done.get(id) ?? [];
    list.push(down);
    this.#done.set(id, list);
  }
}

const overlaps = (a: { fromMs: number; upMs: number | null }, b: { fromMs: number; upMs: number | null }) =>
  a.fromMs <= (b.upMs ?? Number.POSITIVE_INFINITY) + SAME_CRASH_MS &&
  b.fromMs <= (a.upMs ?? Number.POSITIVE_INFINITY) + SAME_CRASH_MS;

/** Each machine's down intervals, earliest first (machines never down are absent). */
export function downIntervals(
  windows: readonly AnalysisFaultWindow[],
  runStartMs: number,
  router: Map<string, RouterDown[]>,
): Map<string, DownInterval[]> {
  const out = new Map<string, DownInterval[]>();
  const add = (id: string, interval: DownInterval) => {
    const list = out.get(id) ?? [];
    list.push(interval);
    out.set(id, list);
  };
  const unmatched = new Map([...router].map(([id, list]) => [id, [...list]]));
  for (const window of windows) {
    if (window.kind !== "crash") continue;
    const action = window.action?.kind === "crash" ? window.action : null;
    const restart = action?.restart ?? null;
    const planned = {
      fromMs: runStartMs + window.fromMs,
      upMs: restart === "never" ? null : runStartMs + window.toMs,
    };
    for (const id of window.targets) {
      const candidates = unmatched.get(id) ?? [];
      const index = candidates.findIndex((down) => overlaps(down, planned));
      const seen = index >= 0 ? candidates.splice(index, 1)[0]! : null;
      add(id, {
        fromMs: Math.min(planned.fromMs, seen?.fromMs ?? Number.POSITIVE_INFINITY),
        // The router saw it come back (or not): that is what happened; the plan is what was meant.
        upMs: seen !== null ? seen.upMs : planned.upMs,
        fault: window.id,
        restart,
        routedBefore: seen?.routedBefore ?? null,
        leftReason: seen?.reason ?? null,
      });
    }
  }
  for (const [id, list] of unmatched) {
    for (const down of list) {
      add(id, {
        fromMs: down.fromMs,
        upMs: down.upMs,
        fault: null,
        restart: null,
        routedBefore: down.routedBefore,
        leftReason: down.reason,
      });
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.fromMs - b.fromMs);
  return out;
}
