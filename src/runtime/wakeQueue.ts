// One wake queue per process for the machines it hosts: every machine's next wake-up in one heap,
// one timer for the earliest, armed a little early (WakePolicy), then a short bounded wait until
// that earliest time. A wait is synchronous, so it is only ever for the machine due first: nothing
// due sooner waits behind it, and machines due at the same instant (whole seconds, with whole-number
// speeds) share one wake-up. Due wake-ups run first, in (time, arming order), and what they hand to
// `afterRound` (their sends) goes out once the round's wake-ups have run, so a send costs no later
// machine its time; the process's other work (sockets, IPC) gets its turn between rounds. Never
// early: a wake-up runs at or after its time.
import { type EventHandler, EventQueue } from "../sim/eventQueue.ts";
import { hostNowMs } from "./clock.ts";
import { WakePolicy } from "./wakePolicy.ts";

/** What the queue needs of the host: injected, so tests run it on a fake clock. */
export interface WakeHost {
  nowMs(): number;
  setTimer(run: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
  /** Runs `run` after the I/O that is ready now. */
  soon(run: () => void): void;
  /** Blocks the thread for about `ms` without using the CPU. */
  sleep(ms: number): void;
}

/** A machine's place in the queue: the same contract as WakeTimer (one pending wake-up at most). */
export interface WakeSlot {
  armAt(atMs: number): void;
  cancel(): void;
}

/** A round of due wake-ups yields to other work after this long. */
const MAX_ROUND_MS = 20;

class Slot implements WakeSlot, EventHandler {
  readonly #queue: WakeQueue;
  readonly onWake: () => void;
  /** Bumped on every arm and cancel: a queue entry with an older generation is stale. */
  generation = 0;
  armedForMs = Number.NaN;

  constructor(queue: WakeQueue, onWake: () => void) {
    this.#queue = queue;
    this.onWake = onWake;
  }

  armAt(atMs: number): void {
    if (atMs === this.armedForMs) return;
    this.#queue.arm(this, atMs);
  }

  cancel(): void {
    if (!Number.isNaN(this.armedForMs)) this.#queue.disarm(this);
  }

  handle(generation: number): void {
    if (generation !== this.generation) return;
    this.#queue.disarm(this);
    this.onWake();
  }
}

export class WakeQueue {
  readonly #host: WakeHost;
  readonly #policy: WakePolicy;
  readonly #entries = new EventQueue();
  #timer: unknown = null;
  /** When the armed timer was asked to fire (NaN: none armed). */
  #timerAtMs = Number.NaN;
  #soonPending = false;
  #running = false;
  /** Effects handed to afterRound during the current round, in order. */
  #afterRound: Array<() => void> = [];
  /** Slots with a pending wake-up: at none, no timer keeps the process alive. */
  #armedSlots = 0;

  constructor(host: WakeHost, policy = new WakePolicy()) {
    this.#host = host;
    this.#policy = policy;
  }

  /** A slot for one machine; `onWake` runs at or after the time the slot is armed for. */
  slot(onWake: () => void): WakeSlot {
    return new Slot(this, onWake);
  }

  /** Slots with a pending wake-up. */
  get armedSlots(): number {
    return this.#armedSlots;
  }

  arm(slot: Slot, atMs: number): void {
    if (Number.isNaN(slot.armedForMs)) this.#armedSlots++;
    slot.generation++;
    slot.armedForMs = atMs;
    this.#entries.push(atMs, slot, slot.generation, null);
    if (!this.#running) this.#plan(this.#host.nowMs());
  }

  /**
   * Runs `effect` once the current round of wake-ups is over (at once outside a round). Effects
   * keep their order, so a machine that hands over all its effects this way keeps theirs.
   */
  afterRound(effect: () => void): void {
    if (this.#running) this.#afterRound.push(effect);
    else effect();
  }

  /** The slot's pending wake-up is gone (ran or cancelled); its entry, if any, is now stale. */
  disarm(slot: Slot): void {
    slot.generation++;
    slot.armedForMs = Number.NaN;
    this.#armedSlots--;
    if (this.#armedSlots > 0) return;
    this.#clearTimer();
    const entries = this.#entries;
    while (entries.size > 0 && !this.#running) entries.release(entries.pop());
  }

  /** Arms the timer (or a turn soon) for the earliest entry, minus the lead. */
  #plan(nowMs: number): void {
    const nextMs = this.#entries.peekTimeMs();
    if (nextMs === Number.POSITIVE_INFINITY || this.#armedSlots === 0) {
      this.#clearTimer();
      return;
    }
    const delayMs = nextMs - this.#policy.leadMs - nowMs;
    if (delayMs <= 0) {
      this.#clearTimer();
      if (this.#soonPending) return;
      this.#soonPending = true;
      this.#host.soon(() => {
        this.#soonPending = false;
        this.#wake(false);
      });
      return;
    }
    // setTimeout never waits less than 1 ms; its lateness is measured against what it was asked.
    const askedMs = nowMs + Math.max(1, delayMs);
    if (this.#timer !== null && askedMs >= this.#timerAtMs) return;
    this.#clearTimer();
    this.#timerAtMs = askedMs;
    this.#timer = this.#host.setTimer(() => {
      this.#timer = null;
      this.#wake(true);
    }, askedMs - nowMs);
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#host.clearTimer(this.#timer);
    this.#timer = null;
    this.#timerAtMs = Number.NaN;
  }

  #wake(fromTimer: boolean): void {
    const host = this.#host;
    let nowMs = host.nowMs();
    if (fromTimer) {
      this.#policy.timerFired(this.#timerAtMs, nowMs);
      this.#timerAtMs = Number.NaN;
    }
    const dueMs = this.#entries.peekTimeMs();
    if (dueMs > nowMs && dueMs - nowMs <= this.#policy.maxWaitMs) nowMs = this.#waitUntil(dueMs, nowMs);
    this.#running = true;
    try {
      nowMs = this.#round(nowMs);
    } finally {
      this.#running = false;
      try {
        if (this.#runAfterRound()) nowMs = host.nowMs();
      } finally {
        this.#plan(nowMs);
      }
    }
  }

  /** Runs the round's deferred effects; false if there were none. */
  #runAfterRound(): boolean {
    const effects = this.#afterRound;
    if (effects.length === 0) return false;
    this.#afterRound = [];
    for (const effect of effects) effect();
    return true;
  }

  /** The final wait: sleep until a short tail before `dueMs`, then spin to it. */
  #waitUntil(dueMs: number, nowMs: number): number {
    const host = this.#host;
    const policy = this.#policy;
    policy.waitBegins(nowMs);
    const sleepUntilMs = dueMs - policy.spinMs;
    if (sleepUntilMs > nowMs) {
      host.sleep(sleepUntilMs - nowMs);
      nowMs = host.nowMs();
      policy.sleptUntil(sleepUntilMs, nowMs);
    }
    while (nowMs < dueMs) nowMs = host.nowMs();
    return nowMs;
  }

  /** Runs every wake-up due by now (now read again as it goes), for at most MAX_ROUND_MS. */
  #round(startMs: number): number {
    const entries = this.#entries;
    let nowMs = startMs;
    while (entries.peekTimeMs() <= nowMs && nowMs - startMs < MAX_ROUND_MS) {
      const entry = entries.pop();
      const slot = entries.handlerOf(entry) as Slot;
      const generation = entries.argOf(entry);
      entries.release(entry);
      slot.handle(generation);
      nowMs = this.#host.nowMs();
    }
    return nowMs;
  }
}

/** Blocks without spinning: a timed wait on a cell nobody ever notifies. */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

const realHost: WakeHost = {
  nowMs: hostNowMs,
  setTimer: (run, delayMs) => setTimeout(run, delayMs),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  soon: (run) => setImmediate(run),
  sleep: (ms) => Atomics.wait(sleepCell, 0, 0, ms),
};

/** The wake queue of this process's machines. */
export const processWakeQueue = new WakeQueue(realHost);
