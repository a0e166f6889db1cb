// Runs an experiment: every variation × repeat as a child process (sim runs side by side, live
// runs one after another unless --parallel says otherwise), with a progress display, Ctrl-C
// (finished runs are kept, the experiment is marked interrupted) and --resume (completed runs are
// skipped, partial ones redone). At the end: the comparison, printed and written as files.
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Comparison } from "../analysis/comparison/index.ts";
import { UserError } from "../core/userError.ts";
import { pickSeed } from "../runtime/seed.ts";
import { type ChildOutcome, type ChildRun, startChildRun } from "./childRun.ts";
import { collectComparison } from "./collect.ts";
import type { ComparisonFiles, ComparisonReport } from "./comparisonReport.ts";
import type { ResolvedExperiment } from "./loadExperiment.ts";
import { planRuns, type RunSpec } from "./plan.ts";
import { ExperimentProgress } from "./progress.ts";
import {
  EXPERIMENT_FILE,
  type ExperimentRecord,
  type ExperimentStatus,
  type RunRecord,
  readExperimentRecord,
  writeExperimentRecord,
} from "./record.ts";
import { runDirStatus } from "./runStatus.ts";

export interface RunExperimentOptions {
  logDir: string;
  /** Directory name under logDir (default: the experiment's name). */
  name?: string;
  parallel?: number;
  resume: boolean;
  /** Where progress and notices go (default stderr). */
  progressOut?: NodeJS.WriteStream;
  /** How the comparison is worded and written (the report layer's; the command passes it in). */
  report: ComparisonReport;
}

export interface ExperimentOutcome {
  dir: string;
  status: ExperimentStatus;
  record: ExperimentRecord;
  comparison: Comparison | null;
  files: ComparisonFiles | null;
}

function checkResumable(dir: string, previous: ExperimentRecord, experiment: ResolvedExperiment): void {
  const before = previous.definition as unknown as Record<string, unknown>;
  const now = experiment.definition as unknown as Record<string, unknown>;
  const changed = Object.keys({ ...before, ...now }).filter(
    (key) => key !== "seed" && JSON.stringify(before[key]) !== JSON.stringify(now[key]),
  );
  if (changed.length > 0) {
    throw new UserError(
      `${dir} holds this experiment started with different ${changed.join(", ")}; expected the same file and ` +
        "options to --resume it (or choose another --name to start afresh)",
    );
  }
  if (experiment.definition.seed !== null && experiment.definition.seed !== previous.seed) {
    throw new UserError(
      `${dir} was started with seed ${previous.seed}; expected the same seed to --resume it`,
    );
  }
}

export async function runExperiment(
  experiment: ResolvedExperiment,
  options: RunExperimentOptions,
): Promise<ExperimentOutcome> {
  const definition = experiment.definition;
  const name = options.name ?? definition.name;
  const dir = resolve(options.logDir, name);
  const previous = readExperimentRecord(dir);
  if (!options.resume && existsSync(dir) && readdirSync(dir).length > 0) {
    throw new UserError(
      `${dir} already holds ${previous === null ? "files" : "this experiment"}; pass --resume to continue it ` +
        "(completed runs are kept), or choose another --name",
    );
  }
  if (previous !== null) checkResumable(dir, previous, experiment);
  const seed = definition.seed ?? previous?.seed ?? pickSeed(null);
  const parallel = Math.max(1, options.parallel ?? (definition.mode === "sim" ? availableParallelism() : 1));
  const specs = planRuns(experiment, seed, dir, { anyPort: definition.mode === "live" && parallel > 1 });

  mkdirSync(dir, { recursive: true });
  const runs: RunRecord[] = specs.map((spec) => {
    const status = runDirStatus(spec.runDir);
    if (status !== "absent" && status !== "completed") rmSync(spec.runDir, { recursive: true, force: true });
    return {
      variation: spec.variation,
      repeat: spec.repeat,
      seed: spec.seed,
      dir: spec.runDir,
      status: status === "completed" ? "skipped" : "pending",
      wallClockS: null,
      error: null,
    };
  });
  const record: ExperimentRecord = {
    format: "clocklab-experiment",
    formatVersion: 1,
    name,
    file: experiment.file,
    configSource: experiment.configSource,
    definition,
    seed,
    seedSource: definition.seed !== null ? "file" : (previous?.seedSource ?? "picked"),
    parallel,
    variations: experiment.variations.map(({ name, description, config }) => ({ name, description, config })),
    startedAt: new Date().toISOString(),
    previousStarts: previous === null ? [] : [...previous.previousStarts, previous.startedAt],
    endedAt: null,
    status: "running",
    runs,
  };
  writeExperimentRecord(dir, record);

  const progress = new ExperimentProgress(options.progressOut);
  const skipped = runs.filter((r) => r.status === "skipped").length;
  progress.notice(
    `clocklab: experiment ${name}: ${experiment.variations.length} variations × ${definition.repeats} repeats = ` +
      `${runs.length} runs of ${definition.durationS} s (${definition.mode}, ${parallel} at a time, seed ${seed}); ` +
      `logs in ${dir}${skipped > 0 ? `; ${skipped} already completed, skipped` : ""}`,
  );

  const startedMs = performance.now();
  const finishedRunS: number[] = [];
  const running = new Set<ChildRun>();
  let stopping: NodeJS.Signals | null = null;
  let finishAll: () => void = () => {};

  const recordOf = (spec: RunSpec) =>
    runs.find((r) => r.variation === spec.variation && r.repeat === spec.repeat)!;
  const state = () => ({
    total: runs.length,
    done: runs.filter((r) => r.status !== "pending").length,
    failed: runs.filter((r) => r.status === "failed").length,
    running: [...running].map((c) => ({
      label: `${c.spec.variation}/${c.spec.repeat}`,
      elapsedS: (performance.now() - c.startedMs) / 1000,
    })),
    elapsedS: (performance.now() - startedMs) / 1000,
    finishedRunS,
    parallel,
    expectedRunS: definition.mode === "live" ? definition.durationS + 3 : null,
  });
  const draw = () => progress.render(state(), performance.now());

  const settle = (child: ChildRun, outcome: ChildOutcome) => {
    const run = recordOf(child.spec);
    run.wallClockS = Math.round(outcome.wallClockS * 1000) / 1000;
    // Its run.json decides: a run that recorded "completed" has all its data, even if its process
    // was stopped afterwards (while writing report.html).
    if (runDirStatus(child.spec.runDir) === "completed") {
      run.status = "completed";
      finishedRunS.push(outcome.wallClockS);
    } else if (stopping !== null) {
      run.status = "interrupted";
    } else {
      run.status = "failed";
      run.error = outcome.output.trim().split("\n").slice(-8).join("\n");
      progress.notice(
        `clocklab: run ${child.spec.variation}/${child.spec.repeat} failed (exit ${outcome.code ?? outcome.signal}):\n` +
          `  ${run.error.replaceAll("\n", "\n  ")}`,
      );
    }
    writeExperimentRecord(dir, record);
  };

  const pending = specs.filter((spec) => recordOf(spec).status === "pending");
  const launchMore = () => {
    while (stopping === null && running.size < parallel && pending.length > 0) {
      const child = startChildRun(pending.shift()!, definition.mode);
      running.add(child);
      void child.done.then((outcome) => {
        running.delete(child);
        settle(child, outcome);
        draw();
        launchMore();
      });
    }
    if (running.size === 0 && (stopping !== null || pending.length === 0)) finishAll();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping !== null) {
      // A second Ctrl-C: do not wait for the runs to end cleanly.
      for (const child of running) child.signal("SIGKILL");
      return;
    }
    stopping = signal;
    progress.notice(
      `clocklab: ${signal}: stopping the ${running.size} running run(s); finished runs are kept`,
    );
    for (const child of running) child.signal("SIGINT");
    launchMore();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const timer = setInterval(draw, progress.interval);
  try {
    await new Promise<void>((resolveAll) => {
      finishAll = resolveAll;
      launchMore();
    });
  } finally {
    clearInterval(timer);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  draw();
  progress.done();

  if (stopping !== null) {
    record.status = "interrupted";
    record.endedAt = new Date().toISOString();
    writeExperimentRecord(dir, record);
    return { dir, status: "interrupted", record, comparison: null, files: null };
  }
  const comparison = await collectComparison(
    experiment,
    {
      name,
      description: definition.description,
      mode: definition.mode,
      durationS: definition.durationS,
      repeats: definition.repeats,
      seed,
    },
    runs,
    options.report,
  );
  const files = await options.report.write(dir, comparison);
  record.status = runs.some((r) => r.status === "failed") ? "failed" : "completed";
  record.endedAt = new Date().toISOString();
  writeExperimentRecord(dir, record);
  return { dir, status: record.status, record, comparison, files };
}

export { EXPERIMENT_FILE };
