// The model machine as a sans-IO state machine. Drivers feed it
// `deliver(message)` and `tick(trueTimeMs)`; it returns what happened as plain data: the log line
// and, for a send, the message for the router. The live runtime and the simulator both drive this
// one class, so the model's behaviour is written exactly once.
import { type Action, ActionDie, type ActionWeights } from "./actions.ts";
import { hlcLocal, hlcReceive } from "./hlc.ts";
import { lamportLocal, lamportReceive } from "./lamport.ts";
import { PhysicalClock, type PhysicalClockParams } from "./physicalClock.ts";
import type { ClockFaultPlan } from "./protocol.ts";
import { Fifo } from "./queue.ts";
import type { RandomSource } from "./random.ts";
import { Membership } from "./routing.ts";
import type { Delivery, EventLine, HlcTimestamp, MachineId, OutboundMessage, VectorClock } from "./types.ts";
import { VectorClockState } from "./vectorClock.ts";

/** Where a machine picks up after a restart, read back from its own log (clocks never go back). */
export interface MachineResumeState {
  seq: number;
  tick: number;
  lamport: number;
  vector?: VectorClock;
  hlc: HlcTimestamp;
  /** How many messages it had sent, so message ids stay unique. */
  sent: number;
}

/** A restart "from zero": the log's place (seq, tick, messages sent) kept, its clocks set back to 0. */
export function clocksAtZero(state: MachineResumeState): MachineResumeState {
  return { seq: state.seq, tick: state.tick, lamport: 0, hlc: { wall: 0, logical: 0 }, sent: state.sent };
}

export interface MachineOptions {
  id: MachineId;
  /** Every machine of the run, this one included. */
  members: readonly MachineId[];
  actions: ActionWeights;
  /** The machine's own random stream (see `deriveSeed`). */
  random: RandomSource;
  physicalClock: PhysicalClockParams;
  /** The run's start: drift accumulates from here (default 0, the simulator's usual start). */
  t0Ms?: number;
  /** Clock faults of this machine's physical clock. */
  clockFaults?: readonly ClockFaultPlan[];
  vectorClocks: boolean;
  /** Optional payload carried by every message (for experiments with message size). */
  payload?: string;
  resume?: MachineResumeState;
}

export interface TickOutcome {
  event: EventLine;
  /** Present when the event is a SEND: the message to hand to the router. */
  send?: OutboundMessage;
}

/**
 * One Membership per members list: a driver hosting many machines (the simulator, a process with
 * many clients) passes every machine the same list, and sorting it per machine would cost
 * O(N^2 log N) at 10,000 machines. Keyed by the array itself; callers do not mutate it.
 */
const membershipCache = new WeakMap<readonly MachineId[], Membership>();

function membershipOf(members: readonly MachineId[]): Membership {
  let membership = membershipCache.get(members);
  if (membership === undefined) {
    membership = new Membership(members);
    membershipCache.set(members, membership);
  }
  return membership;
}

export class Machine {
  readonly id: MachineId;
  readonly #membership: Membership;
  /** This machine's place among the members (sorted), for DIRECT's draw. */
  readonly #selfIndex: number;
  readonly #die: ActionDie;
  readonly #random: RandomSource;
  readonly #clock: PhysicalClock;
  readonly #vector: VectorClockState | undefined;
  readonly #payload: string | undefined;
  readonly #queue = new Fifo<Delivery>();
  #seq: number;
  #tick: number;
  #lamport: number;
  /**
   * The last HLC timestamp, in the machine's own object: each event's new timestamp is copied into
   * it rather than replacing it (storing a new object into a long-lived one costs a write barrier
   * per event, and the garbage collector a remembered slot); the event line gets the new object.
   */
  readonly #hlc: HlcTimestamp;
  /** "<id>:", the start of every message id this machine sends. */
  readonly #idPrefix: string;
  #sent: number;

  constructor(options: MachineOptions) {
    this.id = options.id;
    this.#membership = membershipOf(options.members);
    this.#selfIndex = this.#membership.indexOf(options.id);
    if (this.#selfIndex < 0) {
      throw new RangeError(`machine ${options.id} is not among the run's members`);
    }
    this.#die = ActionDie.shared(options.actions);
    this.#random = options.random;
    this.#clock = new PhysicalClock(options.physicalClock, options.t0Ms ?? 0, options.clockFaults);
    this.#payload = options.payload;
    const resume = options.resume;
    this.#vector = options.vectorClocks
      ? new VectorClockState(this.#membership.ids, options.id, resume?.vector)
      : undefined;
    this.#seq = resume?.seq ?? 0;
    this.#tick = resume?.tick ?? 0;
    this.#lamport = resume?.lamport ?? 0;
    this.#hlc = resume ? { wall: resume.hlc.wall, logical: resume.hlc.logical } : { wall: 0, logical: 0 };
    this.#idPrefix = `${options.id}:`;
    this.#sent = resume?.sent ?? 0;
  }

  get members(): readonly MachineId[] {
    return this.#membership.ids;
  }

  get queueLength(): number {
    return this.#queue.length;
  }

  get lamport(): number {
    return this.#lamport;
  }

  get ticks(): number {
    return this.#tick;
  }

  /** Messages this machine has sent in its whole life (its message id counter). */
  get messagesSent(): number {
    return this.#sent;
  }

  /** Messages delivered but not yet received (still queued), oldest first. */
  pendingMessages(): Delivery[] {
    return this.#queue.toArray();
  }

  /** A message arrives from the router. The queue is not rate-limited; it is taken on ticks. */
  deliver(message: Delivery): void {
    this.#queue.push(message);
  }

  /**
   * One tick: exactly one event happens. `scheduledTick` is its place in the run's schedule (tick k
   * at t0 + k / speed); it is the next one by default. After a pause or a restart the schedule has
   * moved on, so `tick` in the log shows the gap while `seq` counts events without one.
   */
  tick(trueTimeMs: number, scheduledTick = this.#tick + 1): TickOutcome {
    this.#tick = scheduledTick;
    this.#seq++;
    const systemTime = this.#clock.read(trueTimeMs);
    const physicalMs = Math.floor(systemTime);

    const message = this.#queue.shift();
    if (message !== undefined) return { event: this.#receive(message, trueTimeMs, systemTime, physicalMs) };

    const action = this.#die.roll(this.#random);
    this.#lamport = lamportLocal(this.#lamport);
    this.#vector?.tickLocal();
    const hlc = this.#keepHlc(hlcLocal(this.#hlc, physicalMs));
    if (action === "INTERNAL") return { event: this.#line("INTERNAL", trueTimeMs, systemTime, hlc) };
    return this.#send(action, trueTimeMs, systemTime, hlc);
  }

  #receive(message: Delivery, trueTimeMs: number, systemTime: number, physicalMs: number): EventLine {
    this.#lamport = lamportReceive(this.#lamport, message.lamport);
    if (this.#vector !== undefined && message.vector !== undefined) this.#vector.merge(message.vector);
    else this.#vector?.tickLocal();
    const hlc = this.#keepHlc(hlcReceive(this.#hlc, message.hlc, physicalMs));
    const event = this.#line("RECEIVE", trueTimeMs, systemTime, hlc);
    event.message = { id: message.id, from: message.from, lamport: message.lamport, sentAt: message.sentAt };
    if (message.duplicate === true) event.message.duplicate = true;
    return event;
  }

  #send(
    action: Exclude<Action, "INTERNAL">,
    trueTimeMs: number,
    systemTime: number,
    hlc: HlcTimestamp,
  ): TickOutcome {
    this.#sent++;
    const id = this.#idPrefix + this.#sent;
    let to: MachineId | undefined;
    if (action === "DIRECT") {
      const others = this.#membership.size - 1;
      to = this.#membership.nthOtherOf(this.#selfIndex, this.#random.int(0, others - 1));
    }
    const event = this.#line("SEND", trueTimeMs, systemTime, hlc);
    const send: OutboundMessage = {
      kind: action,
      id,
      lamport: this.#lamport,
      hlc: event.hlc,
      sentAt: systemTime,
    };
    if (to !== undefined) send.to = to;
    if (event.vector !== undefined) send.vector = event.vector;
    if (this.#payload !== undefined) send.payload = this.#payload;
    event.message = {
      id,
      kind: action,
      // A DIRECT names its destination even if it is not in the run: the router records the drop.
      to: action === "DIRECT" && to !== undefined ? [to] : this.#membership.resolve(action, this.id, to),
      lamport: this.#lamport,
      sentAt: systemTime,
    };
    return { event, send };
  }

  /** Copies the event's new timestamp into the machine's own; returns the new one, for the line. */
  #keepHlc(hlc: HlcTimestamp): HlcTimestamp {
    const own = this.#hlc;
    own.wall = hlc.wall;
    own.logical = hlc.logical;
    return hlc;
  }

  #line(type: EventLine["type"], trueTimeMs: number, systemTime: number, hlc: HlcTimestamp): EventLine {
    // Two literals so the keys keep the documented order.
    if (this.#vector === undefined) {
      return {
        seq: this.#seq,
        tick: this.#tick,
        type,
        trueTime: trueTimeMs,
        systemTime,
        lamport: this.#lamport,
        hlc,
        queueLength: this.#queue.length,
      };
    }
    return {
      seq: this.#seq,
      tick: this.#tick,
      type,
      trueTime: trueTimeMs,
      systemTime,
      lamport: this.#lamport,
      vector: this.#vector.snapshot(),
      hlc,
      queueLength: this.#queue.length,
    };
  }
}
