// The simulated network: one link up (machine -> router) and one link down (router -> machine)
// per connection, around the *core* Router, which makes every routing decision (the same one the
// live router drives). Messages take the latency model's time per hop; handshake frames (hello, bye,
// welcome, start, error) take none. Each link stays in order: nothing overtakes an earlier frame.
import { deliverFrame, type ServerFrame } from "../core/protocol.ts";
import type { ConnectionId, Router, RouterEffect, ScannedRoute } from "../core/router.ts";
import { type RouterLogEntry, routedEntry } from "../core/routerLog.ts";
import type { MachineId, MessageKind, OutboundMessage } from "../core/types.ts";
import type { EventHandler } from "./eventQueue.ts";
import type { LatencySampler } from "./latency.ts";
import type { Scheduler } from "./scheduler.ts";

/** A machine's end of its connection (one endpoint may see several connections, one per life). */
export interface SimEndpoint {
  /** A frame from the router arrives on `connection`. */
  receive(frame: ServerFrame, nowMs: number, connection: ConnectionId): void;
  /** The router closed `connection` (after every frame it sent before). */
  closed?(nowMs: number, connection: ConnectionId): void;
}

export interface SimNetworkOptions {
  router: Router;
  scheduler: Scheduler;
  latency: LatencySampler;
  /** Receives the router's log entries (router.jsonl); null: no router log (none is made). */
  log: ((entry: RouterLogEntry) => void) | null;
  /** Receives the run's lifecycle as the router decides it (started with its plan, ended). */
  lifecycle?: (effect: Extract<RouterEffect, { type: "started" | "ended" }>) => void;
}

/** A message still on a link when the run ends. */
export interface InFlightMessage {
  id: string;
  from: MachineId;
  /** The destination, when already routed or DIRECT; null for a not yet resolved kind. */
  to: MachineId | null;
  kind: MessageKind;
  stage: "to-router" | "to-machine";
  arrivesAtMs: number;
}

export interface SimNetworkCounts {
  /** Messages machines handed to the network. */
  sent: number;
  /** Deliver frames that reached their machine. */
  delivered: number;
}

/** Marks the end of a down link after a router close. */
const CLOSE = Symbol("close");

/** Every connection's link in one direction, by connection id (plain arrays of numbers, no object per link). */
class Links {
  /** Arrival time of the latest frame put on each link. */
  readonly lastArrivalMs: number[] = [0];
  /** Frames on each link not yet arrived. */
  readonly inFlight: number[] = [0];

  add(nowMs: number): void {
    this.lastArrivalMs.push(nowMs);
    this.inFlight.push(0);
  }

  has(connection: ConnectionId): boolean {
    return connection >= 0 && connection < this.inFlight.length;
  }
}

export class SimNetwork {
  readonly #router: Router;
  readonly #scheduler: Scheduler;
  readonly #latency: LatencySampler;
  readonly #log: ((entry: RouterLogEntry) => void) | null;
  readonly #endpoints: (SimEndpoint | undefined)[] = [undefined];
  readonly #up = new Links();
  readonly #down = new Links();
  /** The id each connection said hello with, once the router welcomed it. */
  readonly #idOf: (MachineId | undefined)[] = [undefined];
  readonly #helloIdOf: (MachineId | undefined)[] = [undefined];
  readonly #open: boolean[] = [false];
  readonly counts: SimNetworkCounts = { sent: 0, delivered: 0 };
  readonly #upMessages: EventHandler;
  readonly #upFrames: EventHandler;
  readonly #downFrames: EventHandler;
  readonly #routerWake: EventHandler;
  readonly #lifecycle: SimNetworkOptions["lifecycle"];
  /** Reused by every routed message for its effects (emptied after they are applied). */
  readonly #routeEffects: RouterEffect[] = [];
  /** Reused by every message the router routes at once: where it goes. */
  readonly #route: ScannedRoute = { from: "", count: 0, connections: [], ids: [] };
  /** The virtual time the router's next wake-up is armed for (Infinity: none). */
  #routerWakeArmedMs = Number.POSITIVE_INFINITY;

  constructor(options: SimNetworkOptions) {
    this.#router = options.router;
    this.#lifecycle = options.lifecycle;
    this.#scheduler = options.scheduler;
    this.#latency = options.latency;
    this.#log = options.log;
    this.#upMessages = { handle: (connection, data, nowMs) => this.#arriveAtRouter(connection, data, nowMs) };
    this.#upFrames = {
      handle: (connection, data, nowMs) => {
        this.#up.inFlight[connection]!--;
        this.#frameAtRouter(connection, data, nowMs);
      },
    };
    this.#downFrames = {
      handle: (connection, data, nowMs) => this.#arriveAtMachine(connection, data, nowMs),
    };
    this.#routerWake = {
      handle: (_arg, _data, nowMs) => {
        this.#routerWakeArmedMs = Number.POSITIVE_INFINITY;
        this.#apply(this.#router.wake(nowMs), nowMs);
      },
    };
  }

  /** Signals the router (an interrupt); its effects go out like any others. */
  interruptRouter(reason: string): void {
    const nowMs = this.#scheduler.nowMs;
    this.#apply(this.#router.interrupt(reason, nowMs), nowMs);
  }

  /** Opens a connection for `endpoint`; the machine says hello next with `sendFrame`. */
  attach(endpoint: SimEndpoint): ConnectionId {
    const connection = this.#endpoints.length;
    this.#endpoints.push(endpoint);
    this.#up.add(this.#scheduler.nowMs);
    this.#down.add(this.#scheduler.nowMs);
    this.#idOf.push(undefined);
    this.#helloIdOf.push(undefined);
    this.#open.push(true);
    this.#router.connect(connection);
    return connection;
  }

  /** The machine id the router knows a connection by (after welcome). */
  idOf(connection: ConnectionId): MachineId | undefined {
    return this.#idOf[connection];
  }

  /** A handshake frame (hello, bye, or anything else: the router validates it). Takes no time. */
  sendFrame(connection: ConnectionId, frame: unknown): void {
    if (isHello(frame)) this.#helloIdOf[connection] = frame.id;
    const up = this.#up;
    if (!up.has(connection)) return;
    if (up.inFlight[connection] === 0) {
      this.#frameAtRouter(connection, frame, this.#scheduler.nowMs);
      return;
    }
    up.inFlight[connection]!++;
    this.#scheduler.atInOrder(up.lastArrivalMs[connection]!, this.#upFrames, connection, frame);
  }

  /** A machine sends a message; it reaches the router after one hop of latency. */
  send(connection: ConnectionId, message: OutboundMessage): void {
    const up = this.#up;
    if (!up.has(connection)) return;
    this.counts.sent++;
    const arrivalMs = this.#arrival(up, connection);
    up.inFlight[connection]!++;
    this.#scheduler.atInOrder(arrivalMs, this.#upMessages, connection, message);
  }

  /** The transport drops a connection without a bye (or the run ends): the router logs it leaving. */
  disconnect(connection: ConnectionId, reason: string): void {
    if (!this.#open[connection]) return;
    this.#open[connection] = false;
    this.#apply(this.#router.disconnect(connection, this.#scheduler.nowMs, reason), this.#scheduler.nowMs);
  }

  /** Every message still on a link, in arrival order. */
  inFlight(): InFlightMessage[] {
    const out: InFlightMessage[] = [];
    for (const event of this.#scheduler.pending()) {
      if (event.handler === this.#upMessages) {
        const message = event.data as OutboundMessage;
        out.push({
          id: message.id,
          from: this.#idOf[event.arg] ?? this.#helloIdOf[event.arg] ?? "?",
          to: message.to ?? null,
          kind: message.kind,
          stage: "to-router",
          arrivesAtMs: event.timeMs,
        });
      } else if (event.handler === this.#downFrames) {
        const frame = event.data as ServerFrame | typeof CLOSE;
        if (frame === CLOSE || frame.type !== "deliver") continue;
        out.push({
          id: frame.id,
          from: frame.from,
          to: this.#idOf[event.arg] ?? null,
          kind: frame.kind,
          stage: "to-machine",
          arrivesAtMs: event.timeMs,
        });
      }
    }
    return out;
  }

  #arrival(links: Links, connection: ConnectionId): number {
    const arrivalMs = this.#scheduler.nowMs + this.#latency();
    const last = links.lastArrivalMs;
    if (arrivalMs > last[connection]!) last[connection] = arrivalMs;
    return last[connection]!;
  }

  #arriveAtRouter(connection: ConnectionId, data: unknown, nowMs: number): void {
    this.#up.inFlight[connection]!--;
    const message = data as OutboundMessage;
    const from = this.#idOf[connection];
    // The hot path skips frame validation (the simulator's own machines made the message); any
    // other case goes through the router's full receive, which validates and refuses.
    if (from !== undefined && this.#open[connection] && this.#router.started) {
      if (this.#router.routeTrusted(from, message, this.#route)) {
        this.#routeNow(message, nowMs);
        return;
      }
      // One array for every routed message: nothing the effects cause routes another message.
      const effects = this.#router.route(from, message, nowMs, this.#routeEffects);
      this.#apply(effects, nowMs);
      effects.length = 0;
      return;
    }
    this.#apply(this.#router.receive(connection, { type: "send", ...message }, nowMs), nowMs);
  }

  #frameAtRouter(connection: ConnectionId, frame: unknown, nowMs: number): void {
    this.#apply(this.#router.receive(connection, frame, nowMs), nowMs);
  }

  #apply(effects: RouterEffect[], nowMs: number): void {
    for (let i = 0; i < effects.length; i++) {
      const effect = effects[i]!;
      switch (effect.type) {
        case "send":
          this.#toMachine(effect.connection, effect.frame, nowMs);
          break;
        case "log":
          this.#log?.(effect.entry);
          break;
        case "close":
          this.#open[effect.connection] = false;
          this.#toMachine(effect.connection, CLOSE, nowMs);
          break;
        case "started":
        case "ended":
          this.#lifecycle?.(effect);
          break;
      }
    }
    this.#armRouterWake(nowMs);
  }

  /**
   * A message the router routed at once (no fault touched it, every destination is connected):
   * one deliver frame for all its destinations and a routed line for each, as the router's own
   * effects would have them. Nothing about the router's wake-ups changed.
   */
  #routeNow(message: OutboundMessage, nowMs: number): void {
    const route = this.#route;
    const from = route.from;
    const frame = deliverFrame(from, message, nowMs);
    const log = this.#log;
    for (let i = 0; i < route.count; i++) {
      this.#toMachine(route.connections[i]!, frame, nowMs);
      if (log === null) continue;
      log(routedEntry(nowMs, message, from, route.ids[i]!));
    }
  }

  /** Arms the router's next wake-up (the end of its grace), if it wants one sooner than armed. */
  #armRouterWake(nowMs: number): void {
    const wantMs = this.#router.nextWakeMs;
    if (wantMs === null || wantMs >= this.#routerWakeArmedMs) return;
    this.#routerWakeArmedMs = Math.max(wantMs, nowMs);
    this.#scheduler.at(this.#routerWakeArmedMs, this.#routerWake, 0);
  }

  #toMachine(connection: ConnectionId, frame: ServerFrame | typeof CLOSE, nowMs: number): void {
    const down = this.#down;
    if (!down.has(connection)) return;
    if (frame !== CLOSE && frame.type === "deliver") {
      const arrivalMs = this.#arrival(down, connection);
      down.inFlight[connection]!++;
      this.#scheduler.atInOrder(arrivalMs, this.#downFrames, connection, frame);
      return;
    }
    if (frame !== CLOSE && frame.type === "welcome") this.#idOf[connection] = this.#helloIdOf[connection];
    if (down.inFlight[connection] === 0) {
      this.#handOver(connection, frame, nowMs);
      return;
    }
    down.inFlight[connection]!++;
    this.#scheduler.atInOrder(down.lastArrivalMs[connection]!, this.#downFrames, connection, frame);
  }

  #arriveAtMachine(connection: ConnectionId, data: unknown, nowMs: number): void {
    this.#down.inFlight[connection]!--;
    this.#handOver(connection, data as ServerFrame | typeof CLOSE, nowMs);
  }

  #handOver(connection: ConnectionId, frame: ServerFrame | typeof CLOSE, nowMs: number): void {
    const endpoint = this.#endpoints[connection];
    if (endpoint === undefined) return;
    if (frame === CLOSE) {
      endpoint.closed?.(nowMs, connection);
      return;
    }
    if (frame.type === "deliver") this.counts.delivered++;
    endpoint.receive(frame, nowMs, connection);
  }
}

function isHello(frame: unknown): frame is { type: "hello"; id: MachineId } {
  return (
    typeof frame === "object" &&
    frame !== null &&
    (frame as { type?: unknown }).type === "hello" &&
    typeof (frame as { id?: unknown }).id === "string"
  );
}
