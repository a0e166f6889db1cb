// `clocklab simulate` end to end, without the command line: checks the size, sets up the run
// directory (run.json with mode "sim"), runs the pure Simulation in slices (so the caller can show
// progress and take a signal between them), and records the outcome: the machines' final files,
// what the simulated network still carried, and how the run ended.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ClocklabConfig } from "../../core/config.ts";
import { faultEntriesOf } from "../../core/faults/fromConfig.ts";
import type { FaultEntry } from "../../core/faults/spec.ts";
import { planRun } from "../../core/plan.ts";
import { newRunInfo, type RunInfo } from "../../core/runInfo.ts";
import { UserError } from "../../core/userError.ts";
import {
  estimateEvents,
  Simulation,
  type SimulationProgress,
  type SimulationResult,
} from "../../sim/simulation.ts";
import { fsUserError } from "../fsErrors.ts";
import {
  currentVersions,
  ensureRunDirectory,
  RUN_INFO_FILE,
  timestampRunName,
  writeMachineFinal,
  writeNetworkFinal,
  writeRunInfo,
} from "../runDirectory.ts";
import { pickSeed } from "../seed.ts";
import { SimLogFiles } from "./simLogFiles.ts";

/** Events per slice: a slice takes about 0.1 s; between slices come progress and signals. */
const SLICE_EVENTS = 200_000;

export interface SimulateOptions {
  /** Run even when the estimate exceeds sim.maxEvents. */
  yes: boolean;
  /** The run's faults (default: the config's `faults:`). */
  faults?: readonly FaultEntry[];
  /** Called between slices with how far the simulation has come. */
  onProgress?: (progress: SimulationProgress) => void;
  /** Asked between slices: a reason (a signal's name) stops the simulation there. */
  stopRequested?: () => string | null;
  /** Called once run.json is written, before the first event: the run as planned. */
  onStart?: (info: RunInfo) => void;
}

export interface SimulateOutcome {
  runDir: string;
  info: RunInfo;
  result: SimulationResult;
  interrupted: boolean;
}

function checkSize(config: ClocklabConfig, estimatedEvents: number, yes: boolean): void {
  if (!config.sim.logging || estimatedEvents <= config.sim.maxEvents || yes) return;
  throw new UserError(
    `this simulation would write about ${estimatedEvents.toLocaleString("en")} events ` +
      `(sum of speeds x ${config.run.durationS} s), more than sim.maxEvents ${config.sim.maxEvents.toLocaleString("en")}; ` +
      "pass --yes to run it anyway, or shorten --duration, or raise sim.maxEvents (--set sim.maxEvents=N)",
  );
}

export async function runSimulation(
  config: ClocklabConfig,
  options: SimulateOptions,
): Promise<SimulateOutcome> {
  const seed = pickSeed(config.run.seed);
  const faults = options.faults ?? faultEntriesOf(config);
  const plan = planRun(config, seed, undefined, undefined, faults);
  const estimatedEvents = estimateEvents(plan, config.run.durationS);
  checkSize(config, estimatedEvents, options.yes);
  const createdAt = new Date().toISOString();
  const runId = config.run.name ?? timestampRunName(Date.now());
  const runDir = ensureRunDirectory(config.run.logDir, runId);
  if (existsSync(join(runDir, RUN_INFO_FILE))) {
    throw new UserError(
      `${runDir} already holds a run; expected a new run directory (choose another --name, or remove that one)`,
    );
  }
  const resolved: ClocklabConfig = { ...config, run: { ...config.run, seed, name: runId } };
  const info = newRunInfo({
    runId,
    mode: "sim",
    seed,
    config: resolved,
    plan,
    versions: currentVersions(),
    createdAt,
    t0: resolved.sim.startTimeMs,
  });
  info.sim = { estimatedEvents, totals: null, wallClockS: null };
  writeRunInfo(runDir, info);
  options.onStart?.(info);

  const startedMs = performance.now();
  let result: SimulationResult;
  let stopReason: string | null = null;
  try {
    const files = resolved.sim.logging ? new SimLogFiles(runDir, resolved.run.machines) : null;
    try {
      const simulation = new Simulation({
        config: resolved,
        seed,
        runId,
        faults,
        output: files ?? undefined,
      });
      while (!simulation.step(SLICE_EVENTS)) {
        options.onProgress?.(simulation.progress());
        // Let signals and the progress display's output through between slices.
        await new Promise<void>((resolve) => setImmediate(resolve));
        stopReason = options.stopRequested?.() ?? null;
        if (stopReason !== null) break;
      }
      options.onProgress?.(simulation.progress());
      result = simulation.finish(stopReason ?? "duration reached");
    } finally {
      files?.close();
    }
    for (const machine of result.machines) writeMachineFinal(runDir, machine);
    writeNetworkFinal(runDir, { endedAt: result.endedAtMs, inFlight: result.inFlight });
  } catch (error) {
    const failure = error instanceof UserError ? error : fsUserError("write the logs of", runDir, error);
    info.status = "failed";
    info.endReason = failure.message;
    info.endedAt = new Date().toISOString();
    writeRunInfo(runDir, info);
    throw failure;
  }
  info.status = stopReason !== null ? "interrupted" : "completed";
  info.endReason = result.endReason;
  info.endedAt = new Date().toISOString();
  info.sim = {
    estimatedEvents,
    totals: { ...result.totals },
    wallClockS: Math.round(performance.now() - startedMs) / 1000,
  };
  writeRunInfo(runDir, info);
  return { runDir, info, result, interrupted: stopReason !== null };
}
