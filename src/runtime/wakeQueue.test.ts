// The process-wide wake queue on a fake host clock: wake-ups never run early, whatever the timer
// does (early, late, on time); machines due together share one timer; one due sooner is never held
// up by the final wait of one due later; spinning stays within its share of a core; and nothing is
// left armed once every slot is cancelled (an idle process can exit).
import { describe, expect, it } from "vitest";
import { type WakeHost, WakeQueue } from "./wakeQueue.ts";

interface FakeTimer {
  atMs: number;
  run: () => void;
  cleared: boolean;
}

/** A host whose clock moves only when asked: by timers, sleeps, and a little on every reading. */
class FakeHost implements WakeHost {
  clockMs = 10_000;
  /** How far every clock reading moves it (a spin's loop has to end). */
  readStepMs = 0.001;
  /** When a timer fires relative to what it was asked for. */
  timerLatenessMs: (askedMs: number, delayMs: number) => number = () => 0.3;
  sleepOvershootMs = 0.08;
  readonly timers: FakeTimer[] = [];
  readonly soonQueue: Array<() => void> = [];
  timersSet = 0;
  sleptMs = 0;
  /** CPU spent reading the clock in a busy wait (every read outside a sleep or a handler). */
  readsWhileSpinning = 0;

  nowMs(): number {
    this.clockMs += this.readStepMs;
    return this.clockMs;
  }

  setTimer(run: () => void, delayMs: number): unknown {
    this.timersSet++;
    const askedMs = this.clockMs + delayMs;
    const timer = { atMs: askedMs + this.timerLatenessMs(askedMs, delayMs), run, cleared: false };
    this.timers.push(timer);
    return timer;
  }

  clearTimer(handle: unknown): void {
    (handle as FakeTimer).cleared = true;
  }

  soon(run: () => void): void {
    this.soonQueue.push(run);
  }

  sleep(ms: number): void {
    this.sleptMs += ms;
    this.clockMs += ms + this.sleepOvershootMs;
  }

  get pendingTimers(): FakeTimer[] {
    return this.timers.filter((t) => !t.cleared);
  }

  /** Runs what comes next (a turn soon, else the earliest timer); false when nothing is left. */
  step(): boolean {
    const soon = this.soonQueue.shift();
    if (soon !== undefined) {
      soon();
      return true;
    }
    const timer = this.pendingTimers.sort((a, b) => a.atMs - b.atMs)[0];
    if (timer === undefined) return false;
    timer.cleared = true;
    this.clockMs = Math.max(this.clockMs, timer.atMs);
    timer.run();
    return true;
  }

  runUntil(endMs: number): void {
    while (this.clockMs < endMs && this.step()) {}
  }
}

/** A machine ticking on an absolute schedule through one slot; records when each tick ran. */
function ticker(queue: WakeQueue, host: FakeHost, t0Ms: number, periodMs: number, ticks: number) {
  const ran: Array<{ dueMs: number; atMs: number }> = [];
  let k = 1;
  const slot = queue.slot(() => {
    const atMs = host.nowMs();
    while (k <= ticks && t0Ms + k * periodMs <= atMs) ran.push({ dueMs: t0Ms + k++ * periodMs, atMs });
    if (k <= ticks) slot.armAt(t0Ms + k * periodMs);
  });
  slot.armAt(t0Ms + periodMs);
  return { ran, slot };
}

describe("WakeQueue", () => {
  it("runs every wake-up at or after its time, within a fraction of a millisecond, at 60 ticks/s", () => {
    const host = new FakeHost();
    const queue = new WakeQueue(host);
    const { ran } = ticker(queue, host, 10_000, 1000 / 60, 600);
    host.runUntil(30_000);
    expect(ran).toHaveLength(600);
    const lateness = ran.map((r) => r.atMs - r.dueMs);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lateness.slice(20))).toBeLessThan(0.1);
    expect(queue.armedSlots).toBe(0);
    expect(host.pendingTimers).toHaveLength(0);
  });

  it("never runs early when the timer fires up to a millisecond early, and learns to arm it so", () => {
    const host = new FakeHost();
    host.timerLatenessMs = (askedMs) => -((askedMs * 7.3) % 1);
    const queue = new WakeQueue(host);
    const { ran } = ticker(queue, host, 10_000, 1000 / 6, 120);
    host.runUntil(40_000);
    expect(ran).toHaveLength(120);
    const lateness = ran.map((r) => r.atMs - r.dueMs);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lateness)).toBeLessThan(0.1);
  });

  it("keeps the schedule when the timer is often late (a loaded host): late ticks run, none is skipped", () => {
    const host = new FakeHost();
    host.timerLatenessMs = (askedMs) => (Math.floor(askedMs) % 5 === 0 ? 8 : 0.5);
    const queue = new WakeQueue(host);
    const { ran } = ticker(queue, host, 10_000, 1000 / 60, 300);
    host.runUntil(30_000);
    expect(ran.map((r) => r.dueMs)).toEqual(
      Array.from({ length: 300 }, (_, i) => 10_000 + (i + 1) * (1000 / 60)),
    );
    expect(Math.min(...ran.map((r) => r.atMs - r.dueMs))).toBeGreaterThanOrEqual(0);
  });

  it("wakes machines due at the same instant with one timer, in the order they were armed", () => {
    const host = new FakeHost();
    const queue = new WakeQueue(host);
    const order: string[] = [];
    for (const id of ["a", "b", "c"]) queue.slot(() => order.push(id)).armAt(11_000);
    host.runUntil(12_000);
    expect(order).toEqual(["a", "b", "c"]);
    expect(host.timersSet).toBe(1);
  });

  it("re-arms the timer for a machine due sooner than the one it was armed for", () => {
    const host = new FakeHost();
    host.timerLatenessMs = () => 0;
    const queue = new WakeQueue(host);
    const ran: Array<{ id: string; atMs: number }> = [];
    queue.slot(() => ran.push({ id: "late", atMs: host.nowMs() })).armAt(10_020);
    queue.slot(() => ran.push({ id: "soon", atMs: host.nowMs() })).armAt(10_010);
    host.runUntil(11_000);
    expect(ran.map((r) => r.id)).toEqual(["soon", "late"]);
    expect(ran[0]!.atMs).toBeGreaterThanOrEqual(10_010);
    expect(ran[0]!.atMs).toBeLessThan(10_010.1);
    expect(ran[1]!.atMs).toBeGreaterThanOrEqual(10_020);
  });

  it("does not hold a machine due sooner behind the final wait of one due later", () => {
    const host = new FakeHost();
    host.timerLatenessMs = () => 0;
    const queue = new WakeQueue(host);
    const ran: Array<{ id: string; atMs: number }> = [];
    // Due 0.5 ms apart: each gets its own final wait, the earlier first.
    queue.slot(() => ran.push({ id: "second", atMs: host.nowMs() })).armAt(10_050.5);
    queue.slot(() => ran.push({ id: "first", atMs: host.nowMs() })).armAt(10_050);
    host.runUntil(11_000);
    expect(ran.map((r) => r.id)).toEqual(["first", "second"]);
    expect(ran[0]!.atMs - 10_050).toBeGreaterThanOrEqual(0);
    expect(ran[0]!.atMs - 10_050).toBeLessThan(0.1);
    expect(ran[1]!.atMs - 10_050.5).toBeGreaterThanOrEqual(0);
    expect(ran[1]!.atMs - 10_050.5).toBeLessThan(0.1);
  });

  it("bounds the final wait: a timer that fires far too early waits again instead of blocking", () => {
    const host = new FakeHost();
    // Long timers fire 10 ms early, short ones on time.
    host.timerLatenessMs = (_askedMs, delayMs) => (delayMs > 20 ? -10 : 0);
    const queue = new WakeQueue(host);
    let ranAt = Number.NaN;
    queue.slot(() => (ranAt = host.nowMs())).armAt(10_200);
    host.runUntil(11_000);
    expect(ranAt).toBeGreaterThanOrEqual(10_200);
    expect(ranAt).toBeLessThan(10_200.1);
    // It did not block through the 10 ms: it armed the timer again and slept only a final wait.
    expect(host.timersSet).toBe(2);
    expect(host.sleptMs).toBeLessThan(3);
  });

  it("spins for at most its share of a core (0.5%) at 60 wake-ups a second", () => {
    const host = new FakeHost();
    host.sleepOvershootMs = 0.02;
    const queue = new WakeQueue(host);
    let spinReads = 0;
    const realSleep = host.sleep.bind(host);
    let sleeping = false;
    host.sleep = (ms) => {
      sleeping = true;
      realSleep(ms);
      sleeping = false;
    };
    const readNow = host.nowMs.bind(host);
    host.nowMs = () => {
      if (!sleeping) spinReads++;
      return readNow();
    };
    ticker(queue, host, 10_000, 1000 / 60, 600);
    host.runUntil(30_000);
    // Every clock read advances the fake clock by readStepMs: reads in busy waits are its spin time.
    expect(spinReads * host.readStepMs).toBeLessThanOrEqual(0.005 * 10_000 + 1);
  });

  it("leaves nothing armed once every slot is cancelled, and a cancelled slot never runs", () => {
    const host = new FakeHost();
    const queue = new WakeQueue(host);
    let ran = 0;
    const a = queue.slot(() => ran++);
    const b = queue.slot(() => ran++);
    a.armAt(10_100);
    b.armAt(10_200);
    a.cancel();
    expect(queue.armedSlots).toBe(1);
    b.cancel();
    expect(queue.armedSlots).toBe(0);
    expect(host.pendingTimers).toHaveLength(0);
    host.runUntil(11_000);
    expect(ran).toBe(0);
  });

  it("holds what wake-ups hand to afterRound until the round's last one ran, in order; outside a round, runs it at once", () => {
    const host = new FakeHost();
    const queue = new WakeQueue(host);
    const seen: string[] = [];
    for (const id of ["a", "b", "c"]) {
      const slot = queue.slot(() => {
        seen.push(`tick ${id}`);
        queue.afterRound(() => seen.push(`send ${id} 1`));
        queue.afterRound(() => seen.push(`send ${id} 2`));
      });
      slot.armAt(10_100);
    }
    host.runUntil(10_200);
    expect(seen).toEqual([
      "tick a",
      "tick b",
      "tick c",
      "send a 1",
      "send a 2",
      "send b 1",
      "send b 2",
      "send c 1",
      "send c 2",
    ]);
    queue.afterRound(() => seen.push("outside"));
    expect(seen.at(-1)).toBe("outside");
  });
});
