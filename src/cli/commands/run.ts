// `clocklab run` (what `npm start` runs): router + machines as separate processes, live progress,
// then the summary table and the report. Flags only; the work is loaded when it runs.
import type { Command } from "@commander-js/extra-typings";
import { addConfigFlags } from "../config/addConfigFlags.ts";

export function addRunCommand(program: Command): void {
  const command = program
    .command("run")
    .description("run the scale model live: a router and the machines as separate processes on 127.0.0.1");
  addConfigFlags(command, "run")
    .option("--watch", "follow the run in the live view (a page on 127.0.0.1) while it runs, and after")
    .option("--watch-port <n>", "the live view's port (default: 7410; 0: any free port)")
    .action(async (options) => {
      const { runRunCommand } = await import("../actions/run.ts");
      await runRunCommand(options);
    });
}
