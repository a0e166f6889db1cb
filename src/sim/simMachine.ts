// One model machine inside the simulator: a thin driver of the core MachineSession in virtual
// time. It carries the session's frames onto the simulated network, hands it the frames that
// arrive, wakes it at its tick times (through its speed's tick group) and writes its event lines.
// Every decision (hello, start, ticks, done, end) is the session's.
import type { MachinePlan } from "../core/plan.ts";
import type { ClientFrame, ServerFrame } from "../core/protocol.ts";
import type { ConnectionId } from "../core/router.ts";
import {
  type MachineFinal,
  MachineSession,
  type SessionLifecycle,
  type SessionOutput,
} from "../core/session/machineSession.ts";
import type { EventLine } from "../core/types.ts";
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
  /** A machine's session has ended (the simulation is over once all have and the router has). */
  machineEnded: () => void;
}

export class SimMachine implements SimEndpoint, Ticking, SessionOutput {
  readonly plan: MachinePlan;
  readonly session: MachineSession;
  readonly #context: SimMachineContext;
  readonly #log: ((event: EventLine) => void) | null;
  #connection: ConnectionId = 0;
  /** The session's end: its final state, and why the router refused it, if it did. */
  final: MachineFinal | null = null;
  refusal: string | null = null;

  constructor(plan: MachinePlan, context: SimMachineContext, log: LineOutput | null) {
    this.plan = plan;
    this.#context = context;
    // The simulator's own machines made every delivery: no need to check them against the ceilings.
    this.session = new MachineSession({ id: plan.id, trustDeliveries: true });
    if (log === null) this.#log = null;
    else if (log.writeEvent !== undefined) this.#log = log.writeEvent.bind(log);
    else this.#log = (event) => log.writeLine(context.serialize(event));
  }

  get id(): string {
    return this.plan.id;
  }

  get connection(): ConnectionId {
    return this.#connection;
  }

  /** Connects to the network; the session says hello. */
  connect(): void {
    this.#connection = this.#context.network.attach(this);
    this.session.connect(this);
  }

  // SimEndpoint: what the network hands this machine.
  receive(frame: ServerFrame, nowMs: number): void {
    this.session.receive(frame, nowMs, this);
  }

  closed(nowMs: number): void {
    this.refusal ??= "the router closed the connection";
    this.session.disconnect();
    this.session.giveUp("the router closed the connection", nowMs, this);
  }

  // Ticking: the tick group wakes the session at its tick times.
  tick(nowMs: number): void {
    this.session.wake(nowMs, this);
  }

  // SessionOutput: what the session hands the network and the log.
  frame(frame: ClientFrame): void {
    const network = this.#context.network;
    if (frame.type === "send") network.send(this.#connection, frame);
    else network.sendFrame(this.#connection, frame);
  }

  event(event: EventLine): void {
    const counts = this.#context.counts;
    counts.events++;
    if (event.type === "INTERNAL") counts.internals++;
    else if (event.type === "RECEIVE") counts.receives++;
    else counts.sends++;
    if (this.#log !== null) this.#log(event);
  }

  lifecycle(change: SessionLifecycle): void {
    switch (change.type) {
      case "joined":
        this.session.openedLog(undefined);
        break;
      case "started":
        this.#context.ticks.join(this, change.t0Ms, change.ticksPerSecond, change.endAtMs);
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
