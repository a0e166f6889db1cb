// One sending machine's share of the router, for a network with no router in the middle (NATS):
// the machine's own driver hands each message it sends to this edge, which decides its deliveries
// with the very Deliveries room the central router uses (destinations, network faults, holds,
// copies, drops and their log lines), and answers with what to publish to whom. A broadcast that
// reaches every other machine unchanged is one publish for all of them, which the server fans out.
//
// The edge also keeps the books its receivers check at the end: how many deliveries it published
// to each machine (`fin`). A receiver that counted fewer arrivals knows the network lost the
// difference, and says so with a reason; nothing is lost silently.
import type { FaultWindow } from "../faults/schedule.ts";
import type { DeliverFrame } from "../protocol.ts";
import type { RouterCounts, RouterEffect } from "../router.ts";
import type { RouterLogEntry } from "../routerLog.ts";
import { Membership } from "../routing.ts";
import type { MachineId, OutboundMessage } from "../types.ts";
import { Deliveries } from "./deliveries.ts";

export type EdgeEffect =
  /** Publish `frame` to one machine. */
  | { type: "publish"; to: MachineId; frame: DeliverFrame }
  /** Publish `frame` once for every other machine of the run (a broadcast the faults left alone). */
  | { type: "publish-all"; frame: DeliverFrame }
  | { type: "log"; entry: RouterLogEntry };

/** A sender's closing count, published after its last delivery: what each receiver should hold. */
export interface FinCounts {
  /** Deliveries published once for every other machine. */
  all: number;
  /** Deliveries published to one machine, by destination (copies excluded). */
  to: Record<MachineId, number>;
  /** Copies made by duplication faults, by destination. */
  copies: Record<MachineId, number>;
}

export interface SenderEdgeOptions {
  from: MachineId;
  /** The run's seed: fault decisions are keyed by it and the message id, the same on every host. */
  seed: number;
  t0Ms: number;
  /** Every machine of the run (from the start frame). */
  peers: readonly MachineId[];
  /** The run's network fault windows (other kinds are ignored here). */
  faults: readonly FaultWindow[];
}

export class SenderEdge {
  readonly from: MachineId;
  readonly counts: RouterCounts = { routed: 0, dropped: 0, rejected: 0 };
  readonly #membership: Membership;
  readonly #gone = new Set<MachineId>();
  readonly #deliveries: Deliveries;
  readonly #fin: FinCounts = { all: 0, to: {}, copies: {} };
  #ended = false;

  constructor(options: SenderEdgeOptions) {
    this.from = options.from;
    this.#membership = new Membership(options.peers);
    const indexOf = new Map(this.#membership.ids.map((id, index) => [id, index]));
    this.#deliveries = new Deliveries(
      {
        // A "connection" here is the destination's index: every member is reachable until it left.
        connectionOf: (id) => (this.#gone.has(id) ? undefined : indexOf.get(id)),
        congested: () => false,
      },
      this.counts,
      options.seed,
    );
    // The run's authority (the coordinator) writes the fault windows' lines, not every edge.
    this.#deliveries.armFaults(options.t0Ms, options.faults, null);
  }

  /** The coordinator says `id` left the run: later deliveries to it are dropped ("machine-gone"). */
  left(id: MachineId): void {
    this.#gone.add(id);
  }

  /** The coordinator says `id` came back (a new process): deliveries to it go out again. */
  rejoined(id: MachineId): void {
    this.#gone.delete(id);
  }

  /** What this edge has published so far that `to` should hold (a fin's counts, for one receiver). */
  countsTo(to: MachineId): FinCounts {
    const fin = this.#fin;
    return { all: fin.all, to: { [to]: fin.to[to] ?? 0 }, copies: { [to]: fin.copies[to] ?? 0 } };
  }

  get nextWakeMs(): number | null {
    return this.#ended ? null : this.#deliveries.nextWakeMs;
  }

  /** Whether a held delivery falls due by `deadlineMs` (the machine's done waits for it). */
  heldUntil(deadlineMs: number): boolean {
    return this.#deliveries.heldUntil(deadlineMs);
  }

  /** The deliveries of one message this machine sends. */
  route(message: OutboundMessage, nowMs: number): EdgeEffect[] {
    const effects = this.#deliveries.route(this.from, message, this.#membership, this.#ended, nowMs);
    return this.#edgeEffects(effects);
  }

  /** Time passed: held deliveries that fell due go out. */
  wake(nowMs: number): EdgeEffect[] {
    const effects: RouterEffect[] = [];
    this.#deliveries.wake(this.#ended, nowMs, effects);
    return this.#edgeEffects(effects);
  }

  /** The run is over: what is still held is logged as such, and the closing counts are final. */
  end(nowMs: number): { effects: EdgeEffect[]; fin: FinCounts } {
    const effects: RouterEffect[] = [];
    if (!this.#ended) this.#deliveries.endOfRun(nowMs, effects);
    this.#ended = true;
    return { effects: this.#edgeEffects(effects), fin: this.#fin };
  }

  /** Router effects as edge effects: sends of one frame to every other member become one publish. */
  #edgeEffects(effects: RouterEffect[]): EdgeEffect[] {
    const out: EdgeEffect[] = [];
    const others = this.#membership.size - 1;
    for (let i = 0; i < effects.length; i++) {
      const effect = effects[i]!;
      if (effect.type === "log") {
        out.push(effect);
        continue;
      }
      if (effect.type !== "send" || effect.frame.type !== "deliver") continue;
      const frame = effect.frame;
      if (frame.kind === "BROADCAST" && frame.duplicate !== true && this.#gone.size === 0 && others > 1) {
        // Deliveries hands out one frame object for all of a message's destinations when no fault
        // touched it; its log lines follow each send.
        let sends = 0;
        for (let j = i; j < effects.length; j++) {
          const next = effects[j]!;
          if (next.type === "send" && next.frame === frame) sends++;
        }
        if (sends === others) {
          out.push({ type: "publish-all", frame });
          this.#fin.all++;
          for (let j = i + 1; j < effects.length; j++) {
            const next = effects[j]!;
            if (next.type === "log") out.push(next);
          }
          return out;
        }
      }
      const to = this.#membership.ids[effect.connection]!;
      out.push({ type: "publish", to, frame });
      const book = frame.duplicate === true ? this.#fin.copies : this.#fin.to;
      book[to] = (book[to] ?? 0) + 1;
    }
    return out;
  }
}
