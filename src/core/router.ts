// The router as a sans-IO state machine. Drivers tell it about connections and hand it decoded
// frames, wake-ups and signals with the current time; it answers with effects as plain data:
// frames to send, connections to close, lines to log, and the run's lifecycle (started, ended).
// The TCP router and the simulated network both drive this one class, so the handshake, the
// start barrier, routing and the end of the run are decided here and nowhere else.
//
// The end of a run: machines say `done` after their last tick and keep taking deliveries. Once
// every member is done or gone (or `endGraceMs` after the end time, or after an interrupt), the
// router sends each connected machine an `end` frame, which follows every delivery meant for it,
// and the run is over. A send that arrives after that is dropped and recorded ("run-ended").
import { clockAboveCeiling } from "./clockCeiling.ts";
import { configSchema } from "./config.ts";
import { ProtocolError } from "./errors.ts";
import { faultEntriesOf } from "./faults/fromConfig.ts";
import { planRun } from "./plan.ts";
import type { ScannedMessage } from "./protocol/sendScanner.ts";
import { type ClientFrame, type HelloFrame, parseClientFrame } from "./protocol.ts";
import {
  endEffects,
  type OpenedRun,
  refusalEffects,
  startEffects,
  welcomeFrame,
} from "./router/announcements.ts";
import { CeilingCache } from "./router/ceilingCache.ts";
import { Deliveries, type RouteTarget, type ScannedRoute } from "./router/deliveries.ts";
import { helloRefusal } from "./router/helloRefusal.ts";
import { RunLifecycle, type RunPhase } from "./router/lifecycle.ts";
import { SendSequences } from "./router/sendSequences.ts";
import { startFrameFor } from "./router/startFrame.ts";
import type { ConnectionId, RouterCounts, RouterEffect, RouterOptions } from "./router/types.ts";
import type { RouterLogEntry } from "./routerLog.ts";
import type { Membership } from "./routing.ts";
import type { MachineId, OutboundMessage } from "./types.ts";

export type { ScannedRoute } from "./router/deliveries.ts";
export type { ConnectionId, RouterCounts, RouterEffect, RouterOptions } from "./router/types.ts";

interface ConnectionState {
  id: MachineId | null;
}

export const DEFAULT_END_GRACE_MS = 5000;
/** What a machine that sends before the start is told, by the router or by its own NATS link. */
export const NOT_STARTED_MESSAGE = "send before the run started; wait for the start frame";
const DEFAULT_INTERRUPT_GRACE_MS = 2000;

export class Router {
  readonly #options: RouterOptions;
  readonly #connections = new Map<ConnectionId, ConnectionState>();
  readonly #connectionOf = new Map<MachineId, ConnectionId>();
  readonly #congested = new Set<ConnectionId>(); // over their output limit (usually none)
  readonly #allowed: ReadonlySet<MachineId> | undefined;
  readonly #lifecycle: RunLifecycle;
  readonly #deliveries: Deliveries;
  /** Each sender's highest message number seen, for the gaps a rejoin reveals. */
  readonly #sequences = new SendSequences();
  readonly #ceilings = new CeilingCache();
  readonly counts: RouterCounts = { routed: 0, dropped: 0, rejected: 0 };

  constructor(options: RouterOptions) {
    this.#options = options;
    this.#deliveries = new Deliveries(
      {
        connectionOf: (id) => this.#connectionOf.get(id),
        congested: (connection) => this.#congested.size > 0 && this.#congested.has(connection),
      },
      this.counts,
      options.seed,
    );
    this.#allowed = options.allowedIds === undefined ? undefined : new Set(options.allowedIds);
    this.#lifecycle = new RunLifecycle({
      expectedMachines: options.expectedMachines,
      startDelayMs: options.startDelayMs,
      durationMs: options.durationMs,
      endGraceMs: options.endGraceMs ?? DEFAULT_END_GRACE_MS,
      interruptGraceMs: options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS,
      plan: (ids, requested) => {
        const config = options.config ?? configSchema.parse({});
        return planRun(config, options.seed, ids, requested, options.faults ?? faultEntriesOf(config));
      },
      resume: options.resume,
    });
    if (options.resume !== undefined) {
      const phase = this.#lifecycle.phase;
      if (phase.kind !== "gathering")
        this.#deliveries.armFaults(phase.t0, phase.plan.faults, options.resume.faultLines ?? []);
      this.#sequences.resume(options.resume.lastSeqs ?? {});
    }
  }

  get started(): boolean {
    return this.#lifecycle.phase.kind !== "gathering";
  }

  get phase(): RunPhase["kind"] {
    return this.#lifecycle.phase.kind;
  }

  /** Machines currently connected and past hello. */
  get connectedIds(): MachineId[] {
    return [...this.#connectionOf.keys()];
  }

  get members(): readonly MachineId[] {
    return this.#lifecycle.members;
  }

  /** When the router next wants `wake`: a held delivery due, a fault window opening or closing, the end. */
  get nextWakeMs(): number | null {
    const lifecycle = this.#lifecycle.nextWakeMs;
    const deliveries = this.#deliveries.nextWakeMs;
    if (lifecycle === null) return deliveries;
    return deliveries === null ? lifecycle : Math.min(lifecycle, deliveries);
  }

  connect(connection: ConnectionId): void {
    this.#connections.set(connection, { id: null });
    this.#congested.delete(connection);
  }

  /** The machine a connection said hello as, if it has. */
  machineOf(connection: ConnectionId): MachineId | null {
    return this.#connections.get(connection)?.id ?? null;
  }

  /**
   * The transport says whether a connection's output buffer is over its limit. While it is, deliveries
   * to that machine are dropped and recorded as "slow-consumer", not queued without bound in memory.
   */
  setCongested(connection: ConnectionId, congested: boolean): void {
    if (congested && this.#connections.has(connection)) this.#congested.add(connection);
    else this.#congested.delete(connection);
  }

  /** The transport lost the connection (or closed it). */
  disconnect(connection: ConnectionId, nowMs: number, reason: string): RouterEffect[] {
    const state = this.#connections.get(connection);
    this.#connections.delete(connection);
    this.#congested.delete(connection);
    if (state?.id == null || this.#connectionOf.get(state.id) !== connection) return [];
    const id = state.id;
    this.#connectionOf.delete(id);
    const effects: RouterEffect[] = [{ type: "log", entry: { type: "left", at: nowMs, id, reason } }];
    this.#lifecycle.left(id);
    this.#settle(nowMs, effects);
    return effects;
  }

  /**
   * The transport cut a slow consumer off (its output buffer stayed over the limit): recorded, so
   * the deliveries lost with its buffers are accounted for.
   */
  cutOff(connection: ConnectionId, bufferedBytes: number, nowMs: number): RouterEffect[] {
    const id = this.machineOf(connection);
    const effects = this.disconnect(connection, nowMs, "slow consumer: output limit exceeded");
    if (id !== null) {
      effects.unshift({
        type: "log",
        entry: { type: "cut-off", at: nowMs, id, reason: "slow-consumer", bufferedBytes },
      });
    }
    return effects;
  }

  /** The transport could not decode a frame: answer with an error and close that connection. */
  rejectUndecodable(connection: ConnectionId, error: ProtocolError, nowMs: number): RouterEffect[] {
    return this.#reject(connection, error, nowMs);
  }

  /** Time passed: fault windows open or close, held deliveries fall due, the end may come. */
  wake(nowMs: number): RouterEffect[] {
    const effects: RouterEffect[] = [];
    this.#deliveries.wake(this.#lifecycle.phase.kind === "ended", nowMs, effects);
    this.#settle(nowMs, effects);
    return effects;
  }

  /** A signal: machines are asked (by their own drivers) to stop; the run ends when they are done. */
  interrupt(reason: string, nowMs: number): RouterEffect[] {
    this.#lifecycle.interrupt(reason, nowMs);
    const effects: RouterEffect[] = [];
    this.#settle(nowMs, effects);
    return effects;
  }

  /** A decoded (not yet validated) frame arrived on a connection. */
  receive(connection: ConnectionId, value: unknown, nowMs: number): RouterEffect[] {
    const state = this.#connections.get(connection);
    if (state === undefined) return [];
    let frame: ClientFrame;
    try {
      frame = parseClientFrame(value);
    } catch (error) {
      if (error instanceof ProtocolError) return this.#reject(connection, error, nowMs);
      throw error;
    }
    switch (frame.type) {
      case "hello":
        return this.#hello(connection, state, frame, nowMs);
      case "send":
        return this.#send(connection, state, frame, nowMs);
      case "done":
        return this.#done(connection, state, frame, nowMs);
      case "bye": {
        if (state.id === null) return [{ type: "close", connection }];
        const effects = this.disconnect(connection, nowMs, frame.reason);
        effects.push({ type: "close", connection });
        return effects;
      }
    }
  }

  #send(
    connection: ConnectionId,
    state: ConnectionState,
    frame: OutboundMessage,
    nowMs: number,
  ): RouterEffect[] {
    if (state.id === null) {
      const error = new ProtocolError("HELLO_REQUIRED", "send before hello; say hello first");
      return this.#reject(connection, error, nowMs);
    }
    const phase = this.#lifecycle.phase;
    if (phase.kind === "gathering") {
      const error = new ProtocolError("NOT_STARTED", NOT_STARTED_MESSAGE);
      return this.#reject(connection, error, nowMs);
    }
    const from = state.id;
    if (!frame.id.startsWith(`${from}:`)) {
      const error = new ProtocolError(
        "INVALID_FIELD",
        `frame.id ${JSON.stringify(frame.id)} is not one of ${from}'s message ids; expected "${from}:<n>"`,
      );
      return this.#rejectSend(connection, from, frame, error, nowMs);
    }
    const above = clockAboveCeiling(frame, this.#ceilings.at(this.#lifecycle, phase, nowMs));
    if (above !== null) {
      const error = new ProtocolError(
        "INVALID_FIELD",
        `frame.${above} is more than this run could have reached by now; expected a value the model's clock rules produce`,
      );
      return this.#rejectSend(connection, from, frame, error, nowMs);
    }
    return this.route(from, frame, nowMs);
  }

  /**
   * The fast path for a send frame the scanner took (protocol/sendScanner.ts): the message is
   * routed now if nothing about it needs more than that: a sender past hello in a started run that
   * has not ended, an id of its own, clocks within the ceilings, no network faults, every
   * destination connected and keeping up. Then `out` says where it goes, and its deliveries are
   * counted as routed; the driver writes their frames and routed lines. Otherwise it returns false
   * having changed nothing, and the frame goes through `receive` like any other, which answers it
   * in full (the refusal, the drop and its line).
   */
  routeScanned(connection: ConnectionId, message: ScannedMessage, nowMs: number, out: ScannedRoute): boolean {
    const from = this.#connections.get(connection)?.id;
    if (from == null) return false;
    const phase = this.#lifecycle.phase;
    if (phase.kind !== "running") return false;
    const id = message.id;
    if (!id.startsWith(from) || id.charCodeAt(from.length) !== 0x3a) return false;
    if (this.#ceilings.exceeded(this.#lifecycle, phase, nowMs, message)) return false;
    return this.routeTrusted(from, message, out);
  }

  /** `routeScanned` for a message its driver trusts (the simulator's own machines made it): no checks. */
  routeTrusted(from: MachineId, message: RouteTarget & { readonly id: string }, out: ScannedRoute): boolean {
    const phase = this.#lifecycle.phase;
    if (phase.kind !== "running" || !this.#deliveries.routeScanned(from, message, phase.membership, out))
      return false;
    this.#sequences.note(from, message.id);
    return true;
  }

  /**
   * Forwards a message from `from` (the id its connection said hello with; a claimed source is
   * never trusted) to its destinations: see router/deliveries.ts for what becomes of each. The
   * effects are added to `effects` (a driver may pass an array it reuses), which is returned.
   */
  route(
    from: MachineId,
    message: OutboundMessage,
    nowMs: number,
    effects: RouterEffect[] = [],
  ): RouterEffect[] {
    const phase = this.#lifecycle.phase;
    if (phase.kind === "gathering") return effects;
    this.#sequences.note(from, message.id);
    return this.#deliveries.route(from, message, phase.membership, phase.kind === "ended", nowMs, effects);
  }

  #done(
    connection: ConnectionId,
    state: ConnectionState,
    done: { ticks?: number; reason?: string },
    nowMs: number,
  ) {
    if (state.id === null) {
      const error = new ProtocolError("HELLO_REQUIRED", "done before hello; say hello first");
      return this.#reject(connection, error, nowMs);
    }
    const entry: RouterLogEntry = { type: "done", at: nowMs, id: state.id };
    if (done.ticks !== undefined) entry.ticks = done.ticks;
    if (done.reason !== undefined) entry.reason = done.reason;
    const effects: RouterEffect[] = [{ type: "log", entry }];
    this.#lifecycle.done(state.id, done.reason);
    this.#settle(nowMs, effects);
    return effects;
  }

  #hello(connection: ConnectionId, state: ConnectionState, hello: HelloFrame, nowMs: number): RouterEffect[] {
    const options = this.#options;
    const id = hello.id;
    const lifecycle = this.#lifecycle;
    const refusal = helloRefusal(hello, {
      alreadyAs: state.id,
      token: options.token,
      allowed: this.#allowed,
      connected: (machine) => this.#connectionOf.has(machine),
      lifecycle,
      expectedMachines: options.expectedMachines,
    });
    if (refusal !== null) {
      return this.#reject(connection, new ProtocolError(refusal.code, refusal.message), nowMs, id);
    }
    const rejoin = lifecycle.isMember(id);

    state.id = id;
    this.#connectionOf.set(id, connection);
    lifecycle.join(id, hello.ticksPerSecond);
    const joined: RouterLogEntry = { type: "joined", at: nowMs, id, rejoin };
    if (hello.ticksPerSecond !== undefined) joined.ticksPerSecond = hello.ticksPerSecond;
    const effects: RouterEffect[] = [{ type: "log", entry: joined }];
    const gap = this.#sequences.gap(id, hello.sent);
    if (gap !== null)
      effects.push({ type: "log", entry: { type: "lost-sends", at: nowMs, from: id, ...gap } });
    effects.push({ type: "send", connection, frame: welcomeFrame(options, lifecycle.members) });
    const phase = lifecycle.phase;
    if (phase.kind === "gathering") {
      const opened = lifecycle.openIfComplete(nowMs);
      if (opened !== null) this.#announceStart(opened, nowMs, effects);
    } else {
      effects.push({ type: "send", connection, frame: startFrameFor(this.#lifecycle.phase, id) });
      if (phase.kind === "ended") {
        effects.push({ type: "send", connection, frame: { type: "end", reason: phase.reason } });
      }
    }
    return effects;
  }

  #announceStart(opened: OpenedRun, nowMs: number, effects: RouterEffect[]) {
    this.#deliveries.armFaults(opened.t0, opened.plan.faults);
    startEffects(opened, this.#lifecycle, this.#connectionOf, nowMs, effects);
  }

  /** Ends the run if the lifecycle says so: an end frame to every connected machine. */
  #settle(nowMs: number, effects: RouterEffect[]): void {
    const connected = (id: MachineId) => this.#connectionOf.has(id);
    // Deliveries held only for a while (a delay) go out before the end; one held past the grace
    // (a partition that heals after the run) stays in flight.
    const heldBriefly = this.#deliveries.heldUntil(this.#lifecycle.graceEndMs());
    const ending = this.#lifecycle.settle(nowMs, connected, heldBriefly);
    if (ending === null) return;
    this.#deliveries.endOfRun(nowMs, effects);
    endEffects(ending, this.#connectionOf.values(), nowMs, effects);
  }

  /** A send frame refused: the error, and a `dropped` line for each delivery it asked for. */
  #rejectSend(
    connection: ConnectionId,
    from: MachineId,
    message: OutboundMessage,
    error: ProtocolError,
    nowMs: number,
  ): RouterEffect[] {
    const phase = this.#lifecycle.phase;
    const membership: Membership | null = phase.kind === "gathering" ? null : phase.membership;
    const targets = membership?.resolve(message.kind, from, message.to) ?? [];
    const effects = this.#reject(connection, error, nowMs, undefined, message.id);
    for (const to of targets) effects.push(this.#deliveries.drop(from, to, message, "rejected", nowMs));
    return effects;
  }

  #reject(
    connection: ConnectionId,
    error: ProtocolError,
    nowMs: number,
    claimedId?: MachineId,
    messageId?: string,
  ): RouterEffect[] {
    this.counts.rejected++;
    const id = this.#connections.get(connection)?.id ?? claimedId ?? null;
    const effects = this.disconnect(connection, nowMs, `protocol error ${error.code}`);
    effects.unshift(...refusalEffects(connection, id, error, nowMs, messageId));
    return effects;
  }
}
