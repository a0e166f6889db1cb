// `clocklab export <run-dir> --format shiviz|csv`: its flags. The work is loaded when the command runs.
import type { Command } from "@commander-js/extra-typings";

export function addExportCommand(program: Command): void {
  program
    .command("export")
    .description(
      "export a run's events: --format shiviz (a ShiViz log with vector clocks) or csv (one row per event: " +
        "machine, seq, tick, type, kind, times, Lamport, HLC, queue, message, and a vector.<id> column per " +
        "machine when vector clocks were on)",
    )
    .argument("<run-dir>", "a run directory, e.g. logs/<run-name>")
    .requiredOption("--format <format>", "output format: shiviz or csv")
    .option(
      "--out <file>",
      "where to write (default: shiviz.log or events.csv in the run directory; - for stdout)",
    )
    .action(async (runDir, options) => {
      const { runExport } = await import("../actions/export.ts");
      await runExport(runDir, options);
    });
}
