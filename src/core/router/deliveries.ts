// Where a message is routed: the router's part that turns one message into its deliveries. It
// resolves the destinations, asks the network's faults about each (drop, delay, hold, copy),
// hands a delivery to its machine's connection now or holds it until it is due, and records every
// delivery as routed, held or dropped (with its reason), so that none is ever lost silently. It
// also writes the fault windows' start and end lines, and at the end of the run what is still held.
import { FaultBoundaries } from "../faults/boundaries.ts";
import { NetworkFaults } from "../faults/networkFaults.ts";
import { PendingDeliveries, type PendingDelivery } from "../faults/pendingDeliveries.ts";
import { type FaultWindow, NETWORK_KINDS } from "../faults/schedule.ts";
import { deliverFrame, type ServerFrame } from "../protocol.ts";
import type { ConnectionId, RouterCounts, RouterEffect } from "../router.ts";
import { type DropReason, type RouterLogEntry, routedEntry } from "../routerLog.ts";
import type { Membership } from "../routing.ts";
import type { MachineId, MessageKind, OutboundMessage } from "../types.ts";

/** Where a scanned message goes (Router.routeScanned): reused from message to message. */
export interface ScannedRoute {
  /** The sender (the id its connection said hello with). */
  from: MachineId;
  /** How many destinations: the first `count` entries of `connections` and `ids`. */
  count: number;
  connections: ConnectionId[];
  ids: MachineId[];
}

/** What routing at once needs of a message: where it goes (a scanned frame, or a trusted message). */
export interface RouteTarget {
  readonly kind: MessageKind;
  readonly to?: MachineId | undefined;
}

/** What the deliveries need to know of the router's connections. */
export interface DeliveryTargets {
  /** The connection a machine is on, if it is connected. */
  connectionOf(id: MachineId): ConnectionId | undefined;
  /** Whether that connection's output buffer is over its limit. */
  congested(connection: ConnectionId): boolean;
}

export class Deliveries {
  readonly #targets: DeliveryTargets;
  readonly #counts: RouterCounts;
  readonly #seed: number;
  /** The network's faults, once the run started (null: none, the fast path). */
  #faults: NetworkFaults | null = null;
  /** When fault windows open and close, for router.jsonl's fault lines. */
  #boundaries: FaultBoundaries | null = null;
  readonly #pending = new PendingDeliveries();

  constructor(targets: DeliveryTargets, counts: RouterCounts, seed: number) {
    this.#targets = targets;
    this.#counts = counts;
    this.#seed = seed;
  }

  /**
   * The run's faults take effect from t0. `alreadyLogged`: fault lines a killed router wrote;
   * null: this is not the run's authority (a sender's edge under NATS), which writes no fault lines.
   */
  armFaults(t0: number, windows: readonly FaultWindow[], alreadyLogged: readonly string[] | null = []): void {
    if (windows.length === 0) return;
    const network = windows.filter((window) => NETWORK_KINDS.has(window.kind));
    if (network.length > 0) this.#faults = new NetworkFaults(network, this.#seed, t0);
    if (alreadyLogged !== null) this.#boundaries = new FaultBoundaries(windows, t0, alreadyLogged);
  }

  /** When a held delivery falls due or a fault window opens or closes (null: nothing to wait for). */
  get nextWakeMs(): number | null {
    const due = this.#pending.nextDueMs();
    const boundary = this.#boundaries?.nextMs ?? null;
    if (due === null) return boundary;
    return boundary === null ? due : Math.min(due, boundary);
  }

  /** Whether a held delivery falls due by `deadlineMs` (the end of the run waits for it). */
  heldUntil(deadlineMs: number): boolean {
    const due = this.#pending.nextDueMs();
    return due !== null && due <= deadlineMs;
  }

  /**
   * The deliveries of one message from `from` (the id its connection said hello with; a claimed
   * source is never trusted), each sent, held or dropped with its reason. Their effects are added
   * to `effects` (a driver may pass an array it reuses), which is returned.
   */
  route(
    from: MachineId,
    message: OutboundMessage,
    membership: Membership,
    runEnded: boolean,
    nowMs: number,
    effects: RouterEffect[] = [],
  ): RouterEffect[] {
    const targets = membership.resolve(message.kind, from, message.to);
    if (targets.length === 0) {
      const reason: DropReason = message.kind === "DIRECT" ? "unknown-destination" : "no-destination";
      effects.push(this.drop(from, message.to ?? null, message, reason, nowMs));
      return effects;
    }
    if (runEnded) {
      for (const to of targets) effects.push(this.drop(from, to, message, "run-ended", nowMs));
      return effects;
    }
    const faults = this.#faults;
    if (faults === null) {
      // No network faults: every delivery goes out now, one frame for all its destinations.
      const frame = deliverFrame(from, message, nowMs);
      for (const to of targets) this.#deliverNow(from, to, message, frame, false, nowMs, effects);
      return effects;
    }
    for (const to of targets) {
      const decision = faults.decide(from, to, message.id, nowMs);
      if (decision.type === "drop") {
        effects.push(this.drop(from, to, message, decision.reason, nowMs, decision.fault));
        continue;
      }
      this.#deliverAt(from, to, message, false, decision.dueAtMs, decision.heldBy, nowMs, effects);
      for (const dueAtMs of decision.copiesDueAtMs) {
        this.#deliverAt(from, to, message, true, dueAtMs, decision.heldBy, nowMs, effects);
      }
    }
    return effects;
  }

  /**
   * A message routed now to every destination, each routed (no fault, every destination connected
   * and keeping up): its destinations in `out`, counted as routed. False, having changed nothing but
   * `out`'s entries (which mean nothing then), if any delivery needs more (a fault's decision, a
   * drop and its line): `route` does that.
   */
  routeScanned(from: MachineId, message: RouteTarget, membership: Membership, out: ScannedRoute): boolean {
    if (this.#faults !== null) return false;
    const ids = out.ids;
    const count = membership.resolveInto(message.kind, from, message.to, ids);
    if (count === 0) return false;
    const connections = this.#targets;
    for (let i = 0; i < count; i++) {
      const connection = connections.connectionOf(ids[i]!);
      if (connection === undefined || connections.congested(connection)) return false;
      out.connections[i] = connection;
    }
    out.from = from;
    out.count = count;
    this.#counts.routed += count;
    return true;
  }

  /** Time passed: fault lines due, then the held deliveries due, in order. */
  wake(runEnded: boolean, nowMs: number, effects: RouterEffect[]): void {
    for (const entry of this.#boundaries?.due(nowMs) ?? []) effects.push({ type: "log", entry });
    for (const delivery of this.#pending.takeDue(nowMs)) this.#release(delivery, runEnded, nowMs, effects);
  }

  /** The run is over: the fault lines still to come, and a `held-at-end` line for what is still held. */
  endOfRun(nowMs: number, effects: RouterEffect[]): void {
    for (const entry of this.#boundaries?.due(Number.POSITIVE_INFINITY, nowMs) ?? []) {
      effects.push({ type: "log", entry });
    }
    for (const held of this.#pending.takeAll()) {
      const entry: RouterLogEntry = {
        type: "held-at-end",
        at: nowMs,
        id: held.message.id,
        from: held.from,
        to: held.to,
        dueAt: held.dueAtMs,
      };
      if (held.duplicate) entry.duplicate = true;
      effects.push({ type: "log", entry });
    }
  }

  drop(
    from: MachineId,
    to: MachineId | null,
    message: OutboundMessage,
    reason: DropReason,
    nowMs: number,
    fault?: string,
    duplicate = false,
  ): RouterEffect {
    this.#counts.dropped++;
    const entry: RouterLogEntry = {
      type: "dropped",
      at: nowMs,
      id: message.id,
      from,
      to,
      kind: message.kind,
      lamport: message.lamport,
      reason,
    };
    if (fault !== undefined) entry.fault = fault;
    if (duplicate) entry.duplicate = true;
    return { type: "log", entry };
  }

  /** Now if it is due, else held until it is (with a `held` line saying so). */
  #deliverAt(
    from: MachineId,
    to: MachineId,
    message: OutboundMessage,
    duplicate: boolean,
    dueAtMs: number,
    heldBy: string | null,
    nowMs: number,
    effects: RouterEffect[],
  ): void {
    if (dueAtMs <= nowMs) {
      this.#deliverNow(
        from,
        to,
        message,
        deliverFrame(from, message, nowMs, duplicate),
        duplicate,
        nowMs,
        effects,
      );
      return;
    }
    this.#pending.push({ dueAtMs, from, to, message, duplicate });
    const entry: RouterLogEntry = {
      type: "held",
      at: nowMs,
      id: message.id,
      from,
      to,
      kind: message.kind,
      lamport: message.lamport,
      dueAt: dueAtMs,
      fault: heldBy,
    };
    if (duplicate) entry.duplicate = true;
    effects.push({ type: "log", entry });
  }

  #release(delivery: PendingDelivery, runEnded: boolean, nowMs: number, effects: RouterEffect[]): void {
    const { from, to, message, duplicate } = delivery;
    if (runEnded) {
      effects.push(this.drop(from, to, message, "run-ended", nowMs, undefined, duplicate));
      return;
    }
    this.#deliverNow(
      from,
      to,
      message,
      deliverFrame(from, message, nowMs, duplicate),
      duplicate,
      nowMs,
      effects,
    );
  }

  /** Hands one delivery to its machine's connection, or records why it could not. */
  #deliverNow(
    from: MachineId,
    to: MachineId,
    message: OutboundMessage,
    frame: ServerFrame,
    duplicate: boolean,
    nowMs: number,
    effects: RouterEffect[],
  ): void {
    const connection = this.#targets.connectionOf(to);
    if (connection === undefined) {
      effects.push(this.drop(from, to, message, "machine-gone", nowMs, undefined, duplicate));
      return;
    }
    if (this.#targets.congested(connection)) {
      effects.push(this.drop(from, to, message, "slow-consumer", nowMs, undefined, duplicate));
      return;
    }
    this.#counts.routed++;
    effects.push({ type: "send", connection, frame });
    effects.push({ type: "log", entry: routedEntry(nowMs, message, from, to, duplicate) });
  }
}
