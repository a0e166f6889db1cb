// One model machine inside the simulator: the *core* Machine, driven on its absolute tick
// schedule in virtual time, connected to the simulated network like a live client to the router:
// hello, wait for the start barrier, tick, send, receive deliveries.
import { Machine } from "../core/machine.ts";
import { type MachinePlan, machineRandom, type RunPlan } from "../core/plan.ts";
import { PROTOCOL_VERSION, type ServerFrame, type StartFrame } from "../core/protocol.ts";
import type { ConnectionId } from "../core/router.ts";
import type { Delivery, EventLine } from "../core/types.ts";
import type { SimEndpoint, SimNetwork } from "./network.ts";
import type { LineOutput } from "./output.ts";
import type { Scheduler } from "./scheduler.ts";
import type { TickGroups, Ticking } from "./tickGroups.ts";

/** Counters shared by every machine of a simulation. */
export interface EventCounts {
  events: number;
  sends: number;
  receives: number;
  internals: number;
}

export interface SimMachineContext {
  seed: number;
  runPlan: RunPlan;
  durationMs: number;
  network: SimNetwork;
  scheduler: Scheduler;
  ticks: TickGroups;
  counts: EventCounts;
  serialize: (event: EventLine) => string;
}

export class SimMachine implements SimEndpoint, Ticking {
  readonly plan: MachinePlan;
  readonly #context: SimMachineContext;
  readonly #log: ((event: EventLine) => void) | null;
  #connection: ConnectionId = 0;
  #machine: Machine | null = null;
  /** Why the router refused or closed this machine, if it did. */
  refusal: string | null = null;

  constructor(plan: MachinePlan, context: SimMachineContext, log: LineOutput | null) {
    this.plan = plan;
    this.#context = context;
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

  get ticks(): number {
    return this.#machine?.ticks ?? 0;
  }

  get lamport(): number {
    return this.#machine?.lamport ?? 0;
  }

  pendingMessages(): Delivery[] {
    return this.#machine?.pendingMessages() ?? [];
  }

  /** Connects to the network and says hello. */
  connect(): void {
    const network = this.#context.network;
    this.#connection = network.attach(this);
    network.sendFrame(this.#connection, {
      type: "hello",
      protocol: PROTOCOL_VERSION,
      id: this.plan.id,
      ticksPerSecond: this.plan.ticksPerSecond,
    });
  }

  receive(frame: ServerFrame): void {
    if (frame.type === "deliver") {
      this.#machine?.deliver(frame);
      return;
    }
    if (frame.type === "start") this.#start(frame);
    else if (frame.type === "error") this.refusal = `${frame.code}: ${frame.message}`;
  }

  closed(): void {
    this.refusal ??= "the router closed the connection";
  }

  /** A tick: exactly one event, logged; a send goes onto the network. */
  tick(nowMs: number): void {
    const context = this.#context;
    const outcome = this.#machine!.tick(nowMs);
    const event = outcome.event;
    const counts = context.counts;
    counts.events++;
    if (event.type === "INTERNAL") counts.internals++;
    else if (event.type === "RECEIVE") counts.receives++;
    else counts.sends++;
    if (this.#log !== null) this.#log(event);
    if (outcome.send !== undefined) context.network.send(this.#connection, outcome.send);
  }

  #start(frame: StartFrame): void {
    if (this.#machine !== null) return;
    const { runPlan, seed, durationMs } = this.#context;
    this.#machine = new Machine({
      id: this.plan.id,
      members: frame.peers,
      actions: runPlan.actions,
      random: machineRandom(seed, this.plan.id),
      physicalClock: this.plan.clock,
      vectorClocks: runPlan.vectorClocks,
      payload: runPlan.payload,
    });
    const endAtMs = frame.endAt ?? frame.t0 + durationMs;
    this.#context.ticks.join(this, frame.t0, this.plan.ticksPerSecond, endAtMs);
  }
}
