// A crash's effect on each crashed machine, recorded as the analysis meets it: its last event
// before the crash (when, Lamport value, queue), what was lost with its queue (deliveries routed to
// it in the life that ended and never received), its first event after the restart, the time it
// was down, and the catch-up jump of its first receive after the restart.
import type { CrashEffect, CrashMachineEffect } from "./faultTypes.ts";
import type { TimeBase } from "./tracker.ts";

export interface LastEvent {
  timeMs: number;
  lamport: number;
  queueLength: number;
}

interface Record_ {
  machine: string;
  restart: "log" | "zero" | "never" | null;
  last: LastEvent | null;
  lostWithQueue: number | null;
  backAtMs: number;
  lamportAfter: number;
  catchUp: { jump: number; atMs: number; from: string | null } | null;
}

export class CrashRecorder {
  readonly #records: Record_[];
  readonly #byMachine = new Map<string, Record_>();

  constructor(targets: readonly string[], restart: "log" | "zero" | "never" | null) {
    this.#records = targets.map((machine) => ({
      machine,
      restart,
      last: null,
      lostWithQueue: null,
      backAtMs: Number.NaN,
      lamportAfter: Number.NaN,
      catchUp: null,
    }));
    for (const record of this.#records) this.#byMachine.set(record.machine, record);
  }

  /** The machine ended its life before the crash with `last`; `lost` deliveries went with its queue. */
  ended(machine: string, last: LastEvent | null, lost: number | null): void {
    const record = this.#byMachine.get(machine);
    if (record === undefined || record.last !== null) return;
    record.last = last;
    record.lostWithQueue = lost;
  }

  /** Its first event after the restart. */
  back(machine: string, atMs: number, lamport: number): void {
    const record = this.#byMachine.get(machine);
    if (record === undefined || !Number.isNaN(record.backAtMs)) return;
    record.backAtMs = atMs;
    record.lamportAfter = lamport;
  }

  catchUp(machine: string, jump: number, atMs: number, from: string | null): void {
    const record = this.#byMachine.get(machine);
    if (record === undefined || record.catchUp !== null || Number.isNaN(record.backAtMs)) return;
    record.catchUp = { jump, atMs, from };
  }

  result(time: TimeBase): CrashEffect {
    const machines = this.#records.map((r): CrashMachineEffect => {
      const back = !Number.isNaN(r.backAtMs);
      return {
        machine: r.machine,
        restart: r.restart,
        lastEventBeforeS: r.last === null ? null : time.since(r.last.timeMs),
        lamportBefore: r.last?.lamport ?? null,
        queueAtCrash: r.last?.queueLength ?? null,
        lostWithQueue: r.lostWithQueue,
        backAtS: back ? time.since(r.backAtMs) : null,
        lamportAfterRestart: back ? r.lamportAfter : null,
        downMs: back && r.last !== null ? r.backAtMs - r.last.timeMs : null,
        catchUpJump: r.catchUp?.jump ?? null,
        catchUpAtS: r.catchUp === null ? null : time.since(r.catchUp.atMs),
        catchUpFrom: r.catchUp?.from ?? null,
      };
    });
    return { kind: "crash", machines };
  }
}
