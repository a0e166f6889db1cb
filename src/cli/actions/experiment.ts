// What `clocklab experiment <file.yaml>` does: loads and runs the experiment, prints the comparison
// and says how to resume an interrupted one.
import { loadExperiment } from "../../experiment/loadExperiment.ts";
import { runExperiment } from "../../experiment/runExperiment.ts";
import {
  comparisonObservations,
  formatComparisonTable,
  writeComparison,
} from "../../report/comparison/index.ts";

export interface ExperimentCommandOptions {
  mode?: "live" | "sim";
  parallel?: number;
  resume?: true;
  repeats?: number;
  duration?: number;
  name?: string;
  logDir: string;
}

/** The command line that resumes this experiment: the same file and options, plus --resume. */
function resumeArgs(
  file: string,
  options: {
    mode?: string;
    parallel?: number;
    repeats?: number;
    duration?: number;
    name?: string;
    logDir: string;
  },
): string[] {
  const args = [file, "--resume"];
  if (options.mode !== undefined) args.push("--mode", options.mode);
  if (options.repeats !== undefined) args.push("--repeats", String(options.repeats));
  if (options.duration !== undefined) args.push("--duration", String(options.duration));
  if (options.name !== undefined) args.push("--name", options.name);
  if (options.logDir !== "logs") args.push("--log-dir", options.logDir);
  if (options.parallel !== undefined) args.push("--parallel", String(options.parallel));
  return args.map((a) => (/^[\w./:=-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`));
}

export async function runExperimentCommand(file: string, options: ExperimentCommandOptions): Promise<void> {
  const experiment = loadExperiment(file, {
    mode: options.mode,
    durationS: options.duration,
    repeats: options.repeats,
  });
  const outcome = await runExperiment(experiment, {
    logDir: options.logDir,
    name: options.name,
    parallel: options.parallel,
    resume: options.resume === true,
    report: { observations: comparisonObservations, write: writeComparison },
  });
  if (outcome.status === "interrupted") {
    const done = outcome.record.runs.filter((r) => r.status === "completed" || r.status === "skipped").length;
    process.stderr.write(
      `clocklab: experiment interrupted; ${done} of ${outcome.record.runs.length} runs completed and kept in ${outcome.dir}\n` +
        `resume with: clocklab experiment ${resumeArgs(file, options).join(" ")}\n`,
    );
    process.exitCode = 130;
    return;
  }
  if (outcome.comparison !== null) process.stdout.write(`\n${formatComparisonTable(outcome.comparison)}\n`);
  if (outcome.files !== null) {
    process.stdout.write(
      `\nexperiment directory: ${outcome.dir}\ncomparison: ${outcome.files.html}\nnumbers: ${outcome.files.json}, ${outcome.files.csv}\n`,
    );
  }
  if (outcome.status === "failed") {
    const failed = outcome.record.runs.filter((r) => r.status === "failed").length;
    process.stderr.write(
      `clocklab: ${failed} run(s) failed (see ${outcome.dir}/experiment.json); the comparison uses the completed runs\n`,
    );
    process.exitCode = 1;
  }
}
