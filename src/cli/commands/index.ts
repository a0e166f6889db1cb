// Every subcommand, in the order `clocklab --help` lists them.
import type { Command } from "@commander-js/extra-typings";
import { addClientCommand } from "./client.ts";
import { addRouterCommand } from "./router.ts";
import { addRunCommand } from "./run.ts";

export function registerCommands(program: Command): void {
  addRunCommand(program);
  addRouterCommand(program);
  addClientCommand(program);
}
