// One model machine inside the simulator: a thin driver of the core MachineSession in virtual
// time. It carries the session's frames onto the simulated network, hands it the frames that
// arrive, wakes it at its tick times (through its speed's tick group) and writes its event lines.
// Every decision (hello, start, ticks, done, end) is the session's. A crash fault ends a session
// (its queue is lost with it); the restart is a new session on a new connection that resumes
// from the last event this machine logged, or from zero.
import { clocksAtZero, type MachineResumeState } from "../core/machine.ts";
import type { MachinePlan } from "../core/plan.ts";
import type { ClientFrame, ServerFrame } from "../core/protocol.ts";
import type { ConnectionId } from "../core/router.ts";
import {
  type MachineFinal,
  MachineSession,
  type SessionLifecycle,
  type SessionOutput,
} from "../core/session/machineSession.ts";
import type { EventLine, MachineId, OutboundMessage } from "../core/types.ts";
import type { SimEndpoint, SimNetwork } from "./network.ts";
import type { LineOutput } from "./output.ts";
import type { TickGroups, Ticking } from "./tickGroups.ts";

/** Counters shared by every machine of a simulation. */
export interface EventCounts {
  events: number;
  sends: number;
  receives: number;
  internals: number;
}

export interface SimMachineContext {
  network: SimNetwork;
  ticks: TickGroups;
  counts: EventCounts;
  serialize: (event: EventLine) => string;
  /** Machines a crash fault restarts: only they keep what a restart resumes from. */
  restartable: ReadonlySet<MachineId>;
  /** A machine's session has ended (the simulation is over once all have and the router has). */
  machineEnded: () => void;
}

export class SimMachine implements Ticking, SessionOutput, SimEndpoint {
  readonly plan: MachinePlan;
  #session: MachineSession;
  readonly #context: SimMachineContext;
  readonly #log: ((event: EventLine) => void) | null;
  readonly #restartable: boolean;
  #connection: ConnectionId = 0;
  #joinedTicks = false;
  /** Down after a crash fault, until its restart. */
  #down = false;
  /** What a restart resumes from: the last event this machine logged and how many messages it sent. */
  #lastEvent: EventLine | null = null;
  #sent = 0;
  #resume: MachineResumeState | undefined;
  /** The session's end: its final state, and why the router refused it, if it did. */
  final: MachineFinal | null = null;
  refusal: string | null = null;

  constructor(plan: MachinePlan, context: SimMachineContext, log: LineOutput | null) {
    this.plan = plan;
    this.#context = context;
    this.#session = SimMachine.#newSession(plan.id);
    this.#restartable = context.restartable.has(plan.id);
    if (log === null) this.#log = null;
    else if (log.writeEvent !== undefined) this.#log = log.writeEvent.bind(log);
    else this.#log = (event) => log.writeLine(context.serialize(event));
  }

  /** The simulator's own machines made every delivery: no need to check them against the ceilings. */
  static #newSession(id: string): MachineSession {
    return new MachineSession({ id, trustDeliveries: true });
  }

  get id(): string {
    return this.plan.id;
  }

  get session(): MachineSession {
    return this.#session;
  }

  get down(): boolean {
    return this.#down;
  }

  get connection(): ConnectionId {
    return this.#connection;
  }

  /** Connects to the network (a new connection each life); the session says hello. */
  connect(): void {
    this.#connection = this.#context.network.attach(this);
    this.#session.connect(this);
  }

  // SimEndpoint: what the router sends this machine. Frames for an earlier life (sent before a
  // crash) find no one: they are lost with it.
  receive(frame: ServerFrame, nowMs: number, connection: ConnectionId): void {
    if (connection === this.#connection && !this.#down) this.#session.receive(frame, nowMs, this);
  }

  closed(nowMs: number, connection: ConnectionId): void {
    if (connection !== this.#connection || this.#down) return;
    this.refusal ??= "the router closed the connection";
    this.#session.disconnect();
    this.#session.giveUp("the router closed the connection", nowMs, this);
  }

  /** A crash fault: the process dies; its queue and anything on its way to it are lost. */
  crash(faultId: string): void {
    if (this.#down || this.final !== null) return;
    this.#down = true;
    this.#context.network.disconnect(this.#connection, `connection lost (crash fault ${faultId})`);
  }

  /** The restart after a crash: a new session that resumes from the log, or with its clocks at zero. */
  restart(mode: "log" | "zero"): void {
    if (!this.#down) return;
    const last = this.#lastEvent;
    this.#resume =
      last === null
        ? undefined
        : mode === "log"
          ? {
              seq: last.seq,
              tick: last.tick,
              lamport: last.lamport,
              hlc: last.hlc,
              sent: this.#sent,
              ...vectorOf(last),
            }
          : clocksAtZero({
              seq: last.seq,
              tick: last.tick,
              lamport: last.lamport,
              hlc: last.hlc,
              sent: this.#sent,
            });
    this.#session = SimMachine.#newSession(this.plan.id);
    this.#down = false;
    this.connect();
  }

  // Ticking: the tick group wakes the session at its tick times.
  tick(nowMs: number): void {
    if (!this.#down) this.#session.wake(nowMs, this);
  }

  // SessionOutput: what the session hands the network and the log.
  frame(frame: ClientFrame): void {
    const network = this.#context.network;
    if (frame.type === "send") network.send(this.#connection, frame);
    else network.sendFrame(this.#connection, frame);
  }

  message(message: OutboundMessage): void {
    this.#context.network.send(this.#connection, message);
  }

  event(event: EventLine): void {
    const counts = this.#context.counts;
    counts.events++;
    if (event.type === "INTERNAL") counts.internals++;
    else if (event.type === "RECEIVE") counts.receives++;
    else {
      counts.sends++;
      this.#sent++;
    }
    // Kept only where a restart will read it: a store per event into an old object is not free.
    if (this.#restartable) this.#lastEvent = event;
    if (this.#log !== null) this.#log(event);
  }

  lifecycle(change: SessionLifecycle): void {
    switch (change.type) {
      case "joined":
        this.#session.openedLog(this.#resume);
        break;
      case "started":
        // One tick group membership for every life: a restart keeps the same schedule.
        if (!this.#joinedTicks)
          this.#context.ticks.join(this, change.t0Ms, change.ticksPerSecond, change.endAtMs);
        this.#joinedTicks = true;
        break;
      case "refused-delivery":
        break;
      case "ended":
        this.final = change.final;
        if (change.refusal !== null) this.refusal = change.refusal;
        this.#context.machineEnded();
        // Leave the router, as a live machine closes its connection after the end.
        this.#context.network.sendFrame(this.#connection, { type: "bye", reason: "run ended" });
        break;
    }
  }
}

function vectorOf(event: EventLine): { vector?: EventLine["vector"] } {
  return event.vector === undefined ? {} : { vector: event.vector };
}
