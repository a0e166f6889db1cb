// `clocklab experiment <file.yaml>`: every variation × repeat of an experiment file as runs under
// logs/<experiment>/<variation>/<repeat>/, then the comparison (printed, and comparison.html).
import { type Command, Option } from "@commander-js/extra-typings";
import { UserError } from "../../core/userError.ts";
import { loadExperiment } from "../../experiment/loadExperiment.ts";
import { runExperiment } from "../../experiment/runExperiment.ts";
import { NAME_PATTERN } from "../../experiment/schema.ts";
import { formatComparisonTable } from "../../report/comparison/index.ts";

function wholeNumber(flag: string, min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new UserError(`${flag} ${text}: expected a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

function positiveSeconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UserError(`--duration ${text}: expected seconds above 0`);
  return value;
}

function experimentName(text: string): string {
  if (!NAME_PATTERN.test(text))
    throw new UserError(`--name ${text}: expected letters, digits, _ . - (up to 100)`);
  return text;
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

export function addExperimentCommand(program: Command): void {
  program
    .command("experiment")
    .description("run an experiment file: variations × repeats, then a comparison (see docs/experiments.md)")
    .argument("<file>", "experiment file, e.g. experiments/assignment.yaml")
    .addOption(
      new Option("--mode <mode>", "live or sim (overrides the file's mode)").choices([
        "live",
        "sim",
      ] as const),
    )
    .option(
      "--parallel <n>",
      "runs at a time (default: all cores for sim, 1 for live)",
      wholeNumber("--parallel", 1, 256),
    )
    .option("--resume", "continue an interrupted experiment: completed runs are skipped, partial ones redone")
    .option("--repeats <n>", "repeats per variation (overrides the file)", wholeNumber("--repeats", 1, 1000))
    .option("--duration <seconds>", "seconds per run (overrides the file)", positiveSeconds)
    .option(
      "--name <name>",
      "experiment directory name under --log-dir (default: the file's name)",
      experimentName,
    )
    .option("--log-dir <dir>", "where experiment directories go", "logs")
    .action(async (file, options) => {
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
      });
      if (outcome.status === "interrupted") {
        const done = outcome.record.runs.filter(
          (r) => r.status === "completed" || r.status === "skipped",
        ).length;
        process.stderr.write(
          `clocklab: experiment interrupted; ${done} of ${outcome.record.runs.length} runs completed and kept in ${outcome.dir}\n` +
            `resume with: clocklab experiment ${resumeArgs(file, options).join(" ")}\n`,
        );
        process.exitCode = 130;
        return;
      }
      if (outcome.comparison !== null)
        process.stdout.write(`\n${formatComparisonTable(outcome.comparison)}\n`);
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
    });
}
