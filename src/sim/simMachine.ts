// One model machine inside the simulator: the *core* Machine, driven on its absolute tick
// schedule in virtual time, connected to the simulated network like a live client to the router:
// hello, wait for the start barrier, tick, send, receive deliveries.
import { Machine } from "../core/machine.ts";
import { type MachinePlan, machineRandom, type RunPlan } from "../core/plan.ts";
import { PROTOCOL_VERSION, type ServerFrame, type StartFrame } from "../core/protocol.ts";
import type { ConnectionId } from "../core/router.ts";
import { ticksInDuration, tickTimeMs } from "../core/schedule.ts";
import type { Delivery, EventLine } from "../core/types.ts";
import type { EventHandler } from "./eventQueue.ts";
import type { SimEndpoint, SimNetwork } from "./network.ts";
import type { LineOutput } from "./output.ts";
import type { Scheduler } from "./scheduler.ts";

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
  counts: EventCounts;
  serialize: (event: EventLine) => string;
}

export class SimMachine implements SimEndpoint, EventHandler {
  readonly plan: MachinePlan;
  readonly #context: SimMachineContext;
  readonly #log: LineOutput | null;
  #connection: ConnectionId = 0;
  #machine: Machine | null = null;
  #t0Ms = 0;
  #endAtMs = 0;
  #lastTick = 0;
  #nextTick = 1;
  /** Why the router refused or closed this machine, if it did. */
  refusal: string | null = null;

  constructor(plan: MachinePlan, context: SimMachineContext, log: LineOutput | null) {
    this.plan = plan;
    this.#context = context;
    this.#log = log;
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
  handle(_arg: number, _data: unknown, nowMs: number): void {
    const context = this.#context;
    const outcome = this.#machine!.tick(nowMs);
    const event = outcome.event;
    const counts = context.counts;
    counts.events++;
    if (event.type === "INTERNAL") counts.internals++;
    else if (event.type === "RECEIVE") counts.receives++;
    else counts.sends++;
    if (this.#log !== null) this.#log.writeLine(context.serialize(event));
    if (outcome.send !== undefined) context.network.send(this.#connection, outcome.send);
    this.#scheduleNext();
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
    this.#t0Ms = frame.t0;
    this.#endAtMs = frame.endAt ?? frame.t0 + durationMs;
    this.#lastTick = ticksInDuration(this.plan.ticksPerSecond, this.#endAtMs - frame.t0);
    this.#scheduleNext();
  }

  #scheduleNext(): void {
    const tick = this.#nextTick;
    if (tick > this.#lastTick) return;
    this.#nextTick = tick + 1;
    // The last tick lies at the end time exactly, whatever the floating-point rounding says.
    const timeMs = Math.min(tickTimeMs(this.#t0Ms, this.plan.ticksPerSecond, tick), this.#endAtMs);
    this.#context.scheduler.at(timeMs, this, 0);
  }
}
