// The simulate driver: plans the run from config and seed, connects every machine to the core
// Router through the simulated network (so the start barrier is the real one), then runs the
// scheduler in virtual time in slices, so the caller can show progress between them. Pure: all
// output goes through injected sinks, and the same seed and config give the same lines.
import type { ClocklabConfig } from "../core/config.ts";
import { faultEntriesOf } from "../core/faults/fromConfig.ts";
import type { FaultEntry } from "../core/faults/spec.ts";
import { eventLineJson } from "../core/logFormat/eventLine.ts";
import { routerLogJson } from "../core/logFormat/routerLine.ts";
import { planRun, type RunPlan } from "../core/plan.ts";
import { createRandom, deriveSeed } from "../core/random.ts";
import { Router } from "../core/router.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import { ticksInDuration } from "../core/schedule.ts";
import type { MachineFinal } from "../core/session/machineSession.ts";
import type { EventLine, MachineId } from "../core/types.ts";
import type { EventHandler } from "./eventQueue.ts";
import { createLatency } from "./latency.ts";
import { type InFlightMessage, SimNetwork } from "./network.ts";
import type { SimulationOutput } from "./output.ts";
import { Scheduler } from "./scheduler.ts";
import { type EventCounts, SimMachine } from "./simMachine.ts";
import { TickGroups } from "./tickGroups.ts";

export interface SimulationOptions {
  config: ClocklabConfig;
  /** The run's faults (default: the config's `faults:`). */
  faults?: readonly FaultEntry[];
  seed: number;
  runId: string;
  /** Where log lines go; omitted, nothing is written (the counts and end states remain). */
  output?: SimulationOutput;
}

export interface SimulationProgress {
  virtualNowMs: number;
  t0Ms: number;
  endAtMs: number;
  events: number;
  estimatedEvents: number;
}

export type { MachineFinal };

export interface SimulationTotals extends EventCounts {
  /** Messages handed to the network by machines. */
  messagesSent: number;
  routed: number;
  dropped: number;
  delivered: number;
  /** Deliveries still in a machine's queue at the end. */
  queued: number;
  /** Messages still on a link at the end. */
  inFlight: number;
}

export interface SimulationResult {
  t0Ms: number;
  /** The planned end: t0 + duration. */
  endAtMs: number;
  /** When the run was over: the last end frame reached its machine (a hop or so after endAtMs). */
  endedAtMs: number;
  endReason: string;
  totals: SimulationTotals;
  machines: MachineFinal[];
  inFlight: InFlightMessage[];
}

/** The machines some crash fault restarts (from the log or from zero). */
function restartedMachines(plan: RunPlan): Set<MachineId> {
  const ids = new Set<MachineId>();
  for (const window of plan.faults) {
    if (window.action.kind === "crash" && window.action.restart !== "never") {
      for (const id of window.targets) ids.add(id);
    }
  }
  return ids;
}

/** How many events a run will log: each machine's ticks in the duration, summed. */
export function estimateEvents(plan: RunPlan, durationS: number): number {
  let total = 0;
  for (const machine of plan.machines) total += ticksInDuration(machine.ticksPerSecond, durationS * 1000);
  return total;
}

export class Simulation {
  readonly plan: RunPlan;
  readonly runId: string;
  readonly estimatedEvents: number;
  readonly #scheduler: Scheduler;
  readonly #router: Router;
  readonly #network: SimNetwork;
  readonly #machines: SimMachine[];
  readonly #counts: EventCounts = { events: 0, sends: 0, receives: 0, internals: 0 };
  readonly #t0Ms: number;
  readonly #endAtMs: number;
  #routerEnded = false;
  #machinesEnded = 0;
  #machinesDown = 0;
  #result: SimulationResult | null = null;

  constructor(options: SimulationOptions) {
    const { config, seed, runId, output } = options;
    const faults = options.faults ?? faultEntriesOf(config);
    const durationMs = config.run.durationS * 1000;
    this.plan = planRun(config, seed, undefined, undefined, faults);
    this.runId = runId;
    this.estimatedEvents = estimateEvents(this.plan, config.run.durationS);
    this.#scheduler = new Scheduler(config.sim.startTimeMs);
    this.#router = new Router({
      runId,
      seed,
      config,
      faults,
      expectedMachines: this.plan.machines.length,
      allowedIds: this.plan.ids,
      // The handshake takes no virtual time, so the run can start the instant the last hello lands.
      startDelayMs: 0,
      durationMs,
    });
    const routerLog = output?.router ?? null;
    this.#network = new SimNetwork({
      router: this.#router,
      scheduler: this.#scheduler,
      latency: createLatency(config.sim.latency, createRandom(deriveSeed(seed, "network"))),
      log:
        routerLog === null
          ? null
          : routerLog.writeRouterEntry !== undefined
            ? routerLog.writeRouterEntry.bind(routerLog)
            : (entry: RouterLogEntry) => routerLog.writeLine(routerLogJson(entry)),
      lifecycle: (effect) => {
        if (effect.type === "ended") this.#routerEnded = true;
        this.#stopIfOver();
      },
    });
    const context = {
      network: this.#network,
      ticks: new TickGroups(this.#scheduler),
      counts: this.#counts,
      serialize: eventLineJson as (event: EventLine) => string,
      restartable: restartedMachines(this.plan),
      machineEnded: () => {
        this.#machinesEnded++;
        this.#stopIfOver();
      },
    };
    this.#machines = this.plan.machines.map(
      (machine) => new SimMachine(machine, context, output?.machine(machine.id) ?? null),
    );
    for (const machine of this.#machines) machine.connect();
    if (!this.#router.started) {
      const refused = this.#machines.find((machine) => machine.refusal !== null);
      throw new Error(`the simulated router did not start${refused ? `: ${refused.refusal}` : ""}`);
    }
    this.#t0Ms = config.sim.startTimeMs;
    this.#endAtMs = this.#t0Ms + durationMs;
    this.#scheduleProcessFaults();
  }

  get t0Ms(): number {
    return this.#t0Ms;
  }

  get endAtMs(): number {
    return this.#endAtMs;
  }

  get events(): number {
    return this.#counts.events;
  }

  /** The run is over: the router ended it and every machine has had its end (or nothing is left to happen). */
  get done(): boolean {
    return this.#scheduler.stopRequested || this.#scheduler.pendingCount === 0;
  }

  #stopIfOver(): void {
    if (this.#routerEnded && this.#machinesEnded + this.#machinesDown === this.#machines.length) {
      this.#scheduler.requestStop();
    }
  }

  /**
   * Crash faults in virtual time: at the window's start the machine's session dies with its queue
   * (the router sees the connection lost); at its end a new session resumes from the machine's log
   * (or from zero). Pauses need nothing here: a machine's start frame tells it when not to tick.
   */
  #scheduleProcessFaults(): void {
    const byId = new Map(this.#machines.map((machine) => [machine.id, machine]));
    const durationMs = this.#endAtMs - this.#t0Ms;
    const handler: EventHandler = {
      handle: (_arg, data) => {
        const event = data as { machine: SimMachine; crash?: string; restart?: "log" | "zero" };
        if (event.crash !== undefined) {
          if (event.machine.down || event.machine.final !== null) return;
          event.machine.crash(event.crash);
          this.#machinesDown++;
        } else if (event.restart !== undefined && event.machine.down) {
          this.#machinesDown--;
          event.machine.restart(event.restart);
        }
        this.#stopIfOver();
      },
    };
    for (const window of this.plan.faults) {
      const action = window.action;
      if (action.kind !== "crash") continue;
      for (const id of window.targets) {
        const machine = byId.get(id);
        if (machine === undefined) continue;
        this.#scheduler.at(this.#t0Ms + window.fromMs, handler, 0, { machine, crash: window.id });
        if (action.restart !== "never" && window.toMs < durationMs) {
          this.#scheduler.at(this.#t0Ms + window.toMs, handler, 0, { machine, restart: action.restart });
        }
      }
    }
  }

  progress(): SimulationProgress {
    return {
      virtualNowMs: this.#scheduler.nowMs,
      t0Ms: this.#t0Ms,
      endAtMs: this.#endAtMs,
      events: this.#counts.events,
      estimatedEvents: this.estimatedEvents,
    };
  }

  /**
   * Runs on until about `maxEvents` more events (machine ticks) have happened or the run is done.
   * Returns true when the run is done.
   */
  step(maxEvents: number): boolean {
    const target = this.#counts.events + maxEvents;
    while (this.#counts.events < target && !this.done) this.#scheduler.run(Number.POSITIVE_INFINITY, 64);
    return this.done;
  }

  /** Runs to the end in one go. */
  runToEnd(): SimulationResult {
    while (!this.done) this.#scheduler.run(Number.POSITIVE_INFINITY, 1024);
    return this.finish();
  }

  /**
   * Ends the run. If it is not over yet (an interrupt), the router and every machine are told to
   * stop, and the simulation runs on until the end frames have reached the machines: the same end
   * as a live run's. Then the still-queued and in-flight messages are taken stock of. Idempotent.
   */
  finish(reason = "duration reached"): SimulationResult {
    if (this.#result !== null) return this.#result;
    if (!this.done) {
      const nowMs = this.#scheduler.nowMs;
      this.#network.interruptRouter(reason);
      for (const machine of this.#machines) if (!machine.down) machine.session.stop(reason, nowMs, machine);
      while (!this.done) this.#scheduler.run(Number.POSITIVE_INFINITY, 1024);
    }
    const endedAt = this.#scheduler.nowMs;
    const machines = this.#machines.map(
      (machine): MachineFinal =>
        machine.final ?? {
          id: machine.id,
          runId: this.runId,
          endedAt,
          reason: machine.refusal ?? reason,
          ticks: machine.session.machine?.ticks ?? 0,
          lamport: machine.session.machine?.lamport ?? 0,
          queued: (machine.session.machine?.pendingMessages() ?? []).map((m) => ({ id: m.id, from: m.from })),
        },
    );
    const inFlight = this.#network.inFlight();
    const counts = this.#router.counts;
    this.#result = {
      t0Ms: this.#t0Ms,
      endAtMs: this.#endAtMs,
      endedAtMs: endedAt,
      endReason: reason,
      totals: {
        ...this.#counts,
        messagesSent: this.#network.counts.sent,
        routed: counts.routed,
        dropped: counts.dropped,
        delivered: this.#network.counts.delivered,
        queued: machines.reduce((sum, machine) => sum + machine.queued.length, 0),
        inFlight: inFlight.length,
      },
      machines,
      inFlight,
    };
    return this.#result;
  }
}
