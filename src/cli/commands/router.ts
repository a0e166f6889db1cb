// `clocklab router`: runs the router for one run, by hand or under the launcher. Flags only; the
// work is loaded when it runs.
import type { Command } from "@commander-js/extra-typings";
import { addConfigFlags } from "../config/addConfigFlags.ts";

export function addRouterCommand(program: Command): void {
  const command = program
    .command("router")
    .description(
      "run the router: waits for --machines machines, starts them together, forwards their messages",
    );
  addConfigFlags(command, "router").action(async (options) => {
    const { runRouterCommand } = await import("../actions/router.ts");
    await runRouterCommand(options);
  });
}

export function addCoordinatorCommand(program: Command): void {
  const command = program
    .command("coordinator")
    .description(
      "coordinate a run over a NATS cluster (the router's part with --transport nats): the start, the end, the record",
    );
  addConfigFlags(command, "router").action(async (options) => {
    const { runCoordinatorCommand } = await import("../actions/router.ts");
    await runCoordinatorCommand(options);
  });
}
