// Process faults in a live run, carried out by the launcher on the processes it started: a pause
// stops a machine's process (SIGSTOP) and lets it go on (SIGCONT) when the window closes; a crash
// kills it (SIGKILL) and starts it again when the window closes, its clocks resumed from its log
// or from zero. The windows come from the same seeded schedule the router and the simulator draw.
// What was done, and what could not be (a restart that failed), is recorded through `record`.
import type { FaultWindow } from "../core/faults/schedule.ts";
import type { MachineId } from "../core/types.ts";
import { hostNowMs } from "./clock.ts";

/** How the launcher controls the process that hosts one machine. */
export interface MachineProcess {
  signal(signal: NodeJS.Signals): boolean;
  /** Starts it again; resolves to an error message if it could not be started. */
  restart(clocks: "log" | "zero"): Promise<string | null>;
}

export interface ProcessFaultNote {
  fault: string;
  machine: MachineId;
  action: "paused" | "resumed" | "killed" | "restarted" | "restart-failed";
  detail?: string;
}

export class ProcessFaultRunner {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #paused = new Set<MachineId>();
  readonly #processes: (id: MachineId) => MachineProcess | undefined;
  readonly #record: (note: ProcessFaultNote) => void;
  #stopped = false;

  constructor(
    processes: (id: MachineId) => MachineProcess | undefined,
    record: (note: ProcessFaultNote) => void,
  ) {
    this.#processes = processes;
    this.#record = record;
  }

  /** The machines the windows act on: each must have a process of its own. */
  static targets(windows: readonly FaultWindow[]): Set<MachineId> {
    const out = new Set<MachineId>();
    for (const window of windows)
      if (window.kind === "pause" || window.kind === "crash") for (const id of window.targets) out.add(id);
    return out;
  }

  /** Arms a timer for every window's start and end (times after the run's t0). */
  start(windows: readonly FaultWindow[], t0Ms: number, durationMs: number): void {
    for (const window of windows) {
      const action = window.action;
      if (action.kind !== "pause" && action.kind !== "crash") continue;
      for (const machine of window.targets) {
        this.#at(t0Ms + window.fromMs, () => this.#begin(window, machine));
        // A window that lasts to the run's end has nothing to undo.
        if (window.toMs < durationMs) this.#at(t0Ms + window.toMs, () => void this.#finish(window, machine));
      }
    }
  }

  /** The run is over: no more faults; a machine still paused is let go so that it can end. */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const machine of this.#paused) this.#processes(machine)?.signal("SIGCONT");
    this.#paused.clear();
  }

  #at(atMs: number, run: () => void): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        if (!this.#stopped) run();
      },
      Math.max(0, atMs - hostNowMs()),
    );
    this.#timers.add(timer);
  }

  #begin(window: FaultWindow, machine: MachineId): void {
    const process = this.#processes(machine);
    if (process === undefined) return;
    if (window.kind === "pause") {
      if (process.signal("SIGSTOP")) this.#paused.add(machine);
      this.#record({ fault: window.id, machine, action: "paused" });
    } else {
      this.#paused.delete(machine);
      process.signal("SIGKILL");
      this.#record({ fault: window.id, machine, action: "killed" });
    }
  }

  async #finish(window: FaultWindow, machine: MachineId): Promise<void> {
    const process = this.#processes(machine);
    if (process === undefined) return;
    const action = window.action;
    if (action.kind === "pause") {
      process.signal("SIGCONT");
      this.#paused.delete(machine);
      this.#record({ fault: window.id, machine, action: "resumed" });
      return;
    }
    if (action.kind !== "crash" || action.restart === "never") return;
    const failure = await process.restart(action.restart);
    if (failure === null)
      this.#record({
        fault: window.id,
        machine,
        action: "restarted",
        detail: `clocks from ${action.restart}`,
      });
    else this.#record({ fault: window.id, machine, action: "restart-failed", detail: failure });
  }
}
