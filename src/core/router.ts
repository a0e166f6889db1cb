// The router as a sans-IO state machine (DESIGN.md sections 2 and 3). Drivers tell it about
// connections and hand it decoded frames with the current time; it answers with effects as plain
// data: frames to send, connections to close, lines to log. The TCP router and the simulated
// network both drive this one class.
import { constantTimeEqual } from "./constantTime.ts";
import { ProtocolError } from "./errors.ts";
import {
  type ClientFrame,
  deliverFrame,
  PROTOCOL_VERSION,
  parseClientFrame,
  type ServerFrame,
} from "./protocol.ts";
import type { DropReason, RouterLogEntry } from "./routerLog.ts";
import { compareIds, Membership } from "./routing.ts";
import type { MachineId, OutboundMessage } from "./types.ts";

export type ConnectionId = number;

export type RouterEffect =
  | { type: "send"; connection: ConnectionId; frame: ServerFrame }
  | { type: "close"; connection: ConnectionId }
  | { type: "log"; entry: RouterLogEntry };

export interface RouterOptions {
  runId: string;
  seed: number;
  /** The start barrier opens when this many machines have said hello. */
  expectedMachines: number;
  /** If given, only these ids may join. */
  allowedIds?: readonly MachineId[];
  /** If given, every hello must carry this token. */
  token?: string;
  /** How far after the last hello the common start time t0 lies, so every machine gets it in time. */
  startDelayMs: number;
  /** Run length from t0; machines stop at t0 + durationMs. */
  durationMs?: number;
  /**
   * A router restarted after a crash takes up the run where it was: already started at t0 with
   * these members, so every hello from a member is a rejoin that gets the original start frame.
   */
  resume?: { t0: number; endAt?: number; members: readonly MachineId[] };
}

export interface RouterCounts {
  routed: number;
  dropped: number;
  rejected: number;
}

interface ConnectionState {
  id: MachineId | null;
  /** The transport says this connection's output buffer is over its limit. */
  congested: boolean;
}

export class Router {
  readonly #options: RouterOptions;
  readonly #connections = new Map<ConnectionId, ConnectionState>();
  readonly #connectionOf = new Map<MachineId, ConnectionId>();
  readonly #joined = new Set<MachineId>();
  /** The joined ids in sorted order, kept up to date on each join (sorting per hello is O(N^2 log N)). */
  readonly #joinedSorted: MachineId[] = [];
  readonly #allowed: ReadonlySet<MachineId> | undefined;
  #membership: Membership | null = null;
  #start: { t0: number; endAt?: number } | null = null;
  readonly counts: RouterCounts = { routed: 0, dropped: 0, rejected: 0 };

  constructor(options: RouterOptions) {
    this.#options = options;
    this.#allowed = options.allowedIds === undefined ? undefined : new Set(options.allowedIds);
    const resume = options.resume;
    if (resume !== undefined) {
      this.#start = resume.endAt !== undefined ? { t0: resume.t0, endAt: resume.endAt } : { t0: resume.t0 };
      for (const id of resume.members) {
        if (!this.#joined.has(id)) insertSorted(this.#joinedSorted, id);
        this.#joined.add(id);
      }
      this.#membership = new Membership(this.#joined);
    }
  }

  get started(): boolean {
    return this.#start !== null;
  }

  /** Machines currently connected and past hello. */
  get connectedIds(): MachineId[] {
    return [...this.#connectionOf.keys()];
  }

  get members(): readonly MachineId[] {
    return this.#membership?.ids ?? [...this.#joined];
  }

  connect(connection: ConnectionId): void {
    this.#connections.set(connection, { id: null, congested: false });
  }

  /** The machine a connection said hello as, if it has. */
  machineOf(connection: ConnectionId): MachineId | null {
    return this.#connections.get(connection)?.id ?? null;
  }

  /**
   * The transport reports whether a connection's output buffer is over its limit. While it is,
   * deliveries to that machine are dropped and recorded as "slow-consumer" instead of queued
   * without bound in the router's memory.
   */
  setCongested(connection: ConnectionId, congested: boolean): void {
    const state = this.#connections.get(connection);
    if (state !== undefined) state.congested = congested;
  }

  /** The transport lost the connection (or closed it). */
  disconnect(connection: ConnectionId, nowMs: number, reason: string): RouterEffect[] {
    const state = this.#connections.get(connection);
    this.#connections.delete(connection);
    if (state?.id == null || this.#connectionOf.get(state.id) !== connection) return [];
    this.#connectionOf.delete(state.id);
    return [{ type: "log", entry: { type: "left", at: nowMs, id: state.id, reason } }];
  }

  /** The transport could not decode a frame: answer with an error and close that connection. */
  rejectUndecodable(connection: ConnectionId, error: ProtocolError, nowMs: number): RouterEffect[] {
    return this.#reject(connection, error, nowMs);
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
        return this.#hello(
          connection,
          state,
          frame.id,
          frame.protocol,
          frame.token,
          frame.ticksPerSecond,
          nowMs,
        );
      case "send":
        if (state.id === null) {
          return this.#reject(
            connection,
            new ProtocolError("HELLO_REQUIRED", "send before hello; say hello first"),
            nowMs,
          );
        }
        if (this.#start === null) {
          const message = "send before the run started; wait for the start frame";
          return this.#reject(connection, new ProtocolError("NOT_STARTED", message), nowMs);
        }
        return this.route(state.id, frame, nowMs);
      case "bye": {
        if (state.id === null) return [{ type: "close", connection }];
        const effects = this.disconnect(connection, nowMs, frame.reason);
        effects.push({ type: "close", connection });
        return effects;
      }
    }
  }

  /**
   * Forwards a message from `from` (the id its connection said hello with; a claimed source is
   * never trusted) to its destinations, recording a drop for every destination that is not there.
   */
  route(from: MachineId, message: OutboundMessage, nowMs: number): RouterEffect[] {
    const membership = this.#membership!;
    const targets = membership.resolve(message.kind, from, message.to);
    if (targets.length === 0) {
      const reason: DropReason = message.kind === "DIRECT" ? "unknown-destination" : "no-destination";
      return [this.#drop(from, message.to ?? null, message, reason, nowMs)];
    }
    const frame = deliverFrame(from, message, nowMs);
    const effects: RouterEffect[] = [];
    for (const to of targets) {
      const connection = this.#connectionOf.get(to);
      if (connection === undefined) {
        effects.push(this.#drop(from, to, message, "machine-gone", nowMs));
        continue;
      }
      if (this.#connections.get(connection)?.congested) {
        effects.push(this.#drop(from, to, message, "slow-consumer", nowMs));
        continue;
      }
      this.counts.routed++;
      effects.push({ type: "send", connection, frame });
      effects.push({
        type: "log",
        entry: {
          type: "routed",
          at: nowMs,
          id: message.id,
          from,
          to,
          kind: message.kind,
          lamport: message.lamport,
        },
      });
    }
    return effects;
  }

  #drop(
    from: MachineId,
    to: MachineId | null,
    message: OutboundMessage,
    reason: DropReason,
    nowMs: number,
  ): RouterEffect {
    this.counts.dropped++;
    return {
      type: "log",
      entry: {
        type: "dropped",
        at: nowMs,
        id: message.id,
        from,
        to,
        kind: message.kind,
        lamport: message.lamport,
        reason,
      },
    };
  }

  #hello(
    connection: ConnectionId,
    state: ConnectionState,
    id: MachineId,
    protocol: number,
    token: string | undefined,
    ticksPerSecond: number | undefined,
    nowMs: number,
  ): RouterEffect[] {
    const options = this.#options;
    const refuse = (code: ProtocolError["code"], message: string) =>
      this.#reject(connection, new ProtocolError(code, message), nowMs, id);
    if (state.id !== null)
      return refuse("ALREADY_HELLO", `this connection already said hello as ${state.id}`);
    if (protocol !== PROTOCOL_VERSION) {
      return refuse(
        "PROTOCOL_VERSION",
        `protocol ${protocol} is not spoken here; expected ${PROTOCOL_VERSION}`,
      );
    }
    if (options.token !== undefined && (token === undefined || !constantTimeEqual(token, options.token))) {
      return refuse("BAD_TOKEN", "hello carries no token or a wrong one; expected the router's shared token");
    }
    if (options.allowedIds !== undefined && !this.#allowed!.has(id)) {
      return refuse(
        "UNKNOWN_ID",
        `machine ${id} is not part of this run; expected one of ${options.allowedIds.join(", ")}`,
      );
    }
    if (this.#connectionOf.has(id)) return refuse("DUPLICATE_ID", `machine ${id} is already connected`);
    const rejoin = this.#joined.has(id);
    if (!rejoin && this.#joined.size >= options.expectedMachines) {
      return refuse(
        "RUN_FULL",
        `the run already has its ${options.expectedMachines} machines (${this.members.join(", ")})`,
      );
    }

    state.id = id;
    if (!rejoin) insertSorted(this.#joinedSorted, id);
    this.#joined.add(id);
    this.#connectionOf.set(id, connection);
    const joined: RouterLogEntry = { type: "joined", at: nowMs, id, rejoin };
    if (ticksPerSecond !== undefined) joined.ticksPerSecond = ticksPerSecond;
    const effects: RouterEffect[] = [
      { type: "log", entry: joined },
      {
        type: "send",
        connection,
        frame: {
          type: "welcome",
          protocol: PROTOCOL_VERSION,
          runId: options.runId,
          peers: this.#joinedSorted.slice(),
          seed: options.seed,
        },
      },
    ];
    if (this.#start !== null) {
      effects.push({ type: "send", connection, frame: this.#startFrame() });
    } else if (this.#joined.size === options.expectedMachines) {
      this.#open(nowMs, effects);
    }
    return effects;
  }

  #open(nowMs: number, effects: RouterEffect[]): void {
    const t0 = nowMs + this.#options.startDelayMs;
    this.#start = { t0 };
    if (this.#options.durationMs !== undefined) this.#start.endAt = t0 + this.#options.durationMs;
    this.#membership = new Membership(this.#joined);
    const frame = this.#startFrame();
    const entry: RouterLogEntry = { type: "started", at: nowMs, t0, peers: frame.peers };
    if (frame.endAt !== undefined) entry.endAt = frame.endAt;
    effects.push({ type: "log", entry });
    for (const connection of this.#connectionOf.values()) effects.push({ type: "send", connection, frame });
  }

  #startFrame(): ServerFrame & { type: "start" } {
    const start = this.#start!;
    const frame: ServerFrame & { type: "start" } = {
      type: "start",
      t0: start.t0,
      peers: [...this.#membership!.ids],
    };
    if (start.endAt !== undefined) frame.endAt = start.endAt;
    return frame;
  }

  #reject(
    connection: ConnectionId,
    error: ProtocolError,
    nowMs: number,
    claimedId?: MachineId,
  ): RouterEffect[] {
    this.counts.rejected++;
    const state = this.#connections.get(connection);
    const id = state?.id ?? claimedId ?? null;
    const effects = this.disconnect(connection, nowMs, `protocol error ${error.code}`);
    effects.unshift(
      { type: "send", connection, frame: { type: "error", code: error.code, message: error.message } },
      { type: "close", connection },
      {
        type: "log",
        entry: { type: "rejected", at: nowMs, connection, id, code: error.code, message: error.message },
      },
    );
    return effects;
  }
}

/** Inserts `id` into the sorted list `ids` (binary search by compareIds). */
function insertSorted(ids: MachineId[], id: MachineId): void {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareIds(ids[middle]!, id) <= 0) low = middle + 1;
    else high = middle;
  }
  ids.splice(low, 0, id);
}
