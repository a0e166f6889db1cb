// `clocklab analyze <run-dir>...`: its flags. The work is loaded when the command runs.
import type { Command } from "@commander-js/extra-typings";

export function addAnalyzeCommand(program: Command): void {
  program
    .command("analyze")
    .description(
      "analyse run directories (clocklab runs, live or simulated, or the original exercise's client-*.json): " +
        "print a summary table and write report.html into each",
    )
    .argument(
      "<run-dir...>",
      "run directories, e.g. logs/<run-name>, or a directory of runs such as logs/ (its newest run)",
    )
    .option("--all", "for a directory of runs: analyse every run in it and print one table across them")
    .option(
      "--json",
      "print every metric as JSON (one object for one run, an array for several or with --all)",
    )
    .option("--no-report", "do not write report.html")
    .option(
      "--window-start <seconds>",
      "start of the space-time diagram's window, after the run's first event (default: 0, or for a run with faults up to 2 s before its first partition, clock fault, pause or crash)",
    )
    .option(
      "--window-length <seconds>",
      "length of the space-time diagram's window (default: 10, or for a run with faults long enough to show that fault's end, up to 30)",
    )
    .option(
      "--diagram-machines <ids>",
      "machines the space-time diagram draws, e.g. m1,m7,m42 (default: all up to 20, else the first 12 by id)",
    )
    .action(async (runDirs, options) => {
      const { runAnalyze } = await import("../actions/analyze.ts");
      await runAnalyze(runDirs, options);
    });
}
