// `clocklab simulate` end to end, without the argument parsing: checks the size, writes the run
// directory (run.json with mode "sim", machine logs, router.jsonl, <id>.final.json), runs the
// pure Simulation in slices with progress and Ctrl-C between them, and records the outcome.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ClocklabConfig } from "../../core/config.ts";
import { planRun } from "../../core/plan.ts";
import type { RunInfo } from "../../core/runInfo.ts";
import { UserError } from "../../core/userError.ts";
import {
  currentVersions,
  ensureRunDirectory,
  machineFinalFile,
  RUN_INFO_FILE,
  timestampRunName,
  writeRunInfo,
} from "../../runtime/runDirectory.ts";
import { pickSeed } from "../../runtime/seed.ts";
import {
  estimateEvents,
  Simulation,
  type SimulationResult,
  type SimulationTotals,
} from "../../sim/simulation.ts";
import { createProgressView } from "./progress.ts";
import { RunFiles } from "./runFiles.ts";

/** Messages still on a link when the run ended (the live router has no such file: its network is real). */
export const NETWORK_FINAL_FILE = "network.final.json";

/** Events per slice: a slice takes about 0.1 s; between slices come progress and signals. */
const SLICE_EVENTS = 200_000;

export interface SimulateOptions {
  /** Run even when the estimate exceeds sim.maxEvents. */
  yes: boolean;
  quiet: boolean;
}

/** run.json of a simulation: the common RunInfo plus what the simulator counted. */
export interface SimRunInfo extends RunInfo {
  sim: {
    estimatedEvents: number;
    totals: SimulationTotals | null;
    /** Host seconds the simulation took (not part of the model; varies from run to run). */
    wallClockS: number | null;
  };
}

export interface SimulateOutcome {
  runDir: string;
  info: SimRunInfo;
  result: SimulationResult;
  interrupted: boolean;
}

export async function runSimulation(
  config: ClocklabConfig,
  options: SimulateOptions,
): Promise<SimulateOutcome> {
  const seed = pickSeed(config.run.seed);
  const estimatedEvents = estimateEvents(planRun(config, seed), config.run.durationS);
  if (config.sim.logging && estimatedEvents > config.sim.maxEvents && !options.yes) {
    throw new UserError(
      `this simulation would write about ${estimatedEvents.toLocaleString("en")} events ` +
        `(sum of speeds x ${config.run.durationS} s), more than sim.maxEvents ${config.sim.maxEvents.toLocaleString("en")}; ` +
        "pass --yes to run it anyway, or shorten --duration, or raise sim.maxEvents (--set sim.maxEvents=N)",
    );
  }
  const createdMs = Date.now();
  const runId = config.run.name ?? timestampRunName(createdMs);
  const runDir = ensureRunDirectory(config.run.logDir, runId);
  if (existsSync(join(runDir, RUN_INFO_FILE))) {
    throw new UserError(
      `${runDir} already holds a run; expected a new run directory (choose another --name, or remove that one)`,
    );
  }
  const resolved: ClocklabConfig = { ...config, run: { ...config.run, seed, name: runId } };
  const files = resolved.sim.logging ? new RunFiles(runDir, resolved.run.machines) : null;
  const simulation = new Simulation({ config: resolved, seed, runId, output: files ?? undefined });
  const info: SimRunInfo = {
    format: "clocklab-run",
    formatVersion: 1,
    runId,
    mode: "sim",
    seed,
    config: resolved,
    machines: simulation.plan.machines.map(({ id, ticksPerSecond, clock }) => ({
      id,
      ticksPerSecond,
      clock,
    })),
    versions: currentVersions(),
    createdAt: new Date(createdMs).toISOString(),
    t0: simulation.t0Ms,
    durationS: resolved.run.durationS,
    endedAt: null,
    status: "running",
    endReason: null,
    sim: { estimatedEvents, totals: null, wallClockS: null },
  };
  writeRunInfo(runDir, info);

  let signal: NodeJS.Signals | null = null;
  const onSignal = (received: NodeJS.Signals) => {
    signal = received;
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const progress = createProgressView({ quiet: options.quiet });
  const startedMs = performance.now();
  let result: SimulationResult;
  try {
    while (!simulation.step(SLICE_EVENTS)) {
      progress.update(simulation.progress());
      // Let Ctrl-C and the progress bar's output through between slices.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal !== null) break;
    }
    progress.update(simulation.progress());
    result = simulation.finish(signal ?? "duration reached");
  } finally {
    progress.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    files?.close();
  }

  for (const machine of result.machines) {
    writeFileSync(machineFinalFile(runDir, machine.id), `${JSON.stringify(machine, null, 2)}\n`);
  }
  writeFileSync(
    join(runDir, NETWORK_FINAL_FILE),
    `${JSON.stringify({ endedAt: result.endAtMs, inFlight: result.inFlight }, null, 2)}\n`,
  );
  const interrupted = signal !== null;
  info.status = interrupted ? "interrupted" : "completed";
  info.endReason = result.endReason;
  info.endedAt = new Date().toISOString();
  info.sim.totals = result.totals;
  info.sim.wallClockS = Math.round(performance.now() - startedMs) / 1000;
  writeRunInfo(runDir, info);
  return { runDir, info, result, interrupted };
}
