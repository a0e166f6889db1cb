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
    .action(async (options) => {
      const { runSimulateCommand } = await import("../actions/simulate.ts");
      await runSimulateCommand(options);
    });
}
