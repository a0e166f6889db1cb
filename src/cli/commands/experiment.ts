// `clocklab experiment <file.yaml>`: every variation × repeat of an experiment file as runs under
// logs/<experiment>/<variation>/<repeat>/, then the comparison. Flags only; the work is loaded
// when it runs.
import { type Command, Option } from "@commander-js/extra-typings";
import { UserError } from "../../core/userError.ts";

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
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(text))
    throw new UserError(`--name ${text}: expected letters, digits, _ . - (up to 100)`);
  return text;
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
      const { runExperimentCommand } = await import("../actions/experiment.ts");
      await runExperimentCommand(file, options);
    });
}
