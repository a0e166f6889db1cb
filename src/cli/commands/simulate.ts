// `clocklab simulate`: the same model in virtual time, reproducible from --seed. Takes the same
// config file and flags as `run`, writes a run directory in the same format (mode "sim"). Flags
// only; the work is loaded when it runs.
import type { Command } from "@commander-js/extra-typings";
import { addConfigFlags } from "../config/addConfigFlags.ts";

export function addSimulateCommand(program: Command): void {
  const command = program
    .command("simulate")
    .description(
      "replay the model in virtual time (discrete-event simulation); --duration is in virtual seconds",
    );
  addConfigFlags(command, "simulate")
    .option("--yes", "run even if it would log more than sim.maxEvents events")
    .option("--quiet", "no progress output")
    .option("--watch", "then replay the run in the live view (a page on 127.0.0.1)")
    .option("--speed <times>", "with --watch: replay at this many times real time (default: 1)")
    .option("--watch-port <n>", "the live view's port (default: 7410; 0: any free port)")
    .action(async (options) => {
      const { runSimulateCommand } = await import("../actions/simulate.ts");
      await runSimulateCommand(options);
    });
}
