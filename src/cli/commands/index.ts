// Every subcommand, in the order `clocklab --help` lists them.
import type { Command } from "@commander-js/extra-typings";
import { addClientCommand } from "./client.ts";
import { addRouterCommand } from "./router.ts";

export function registerCommands(program: Command): void {
  addRouterCommand(program);
  addClientCommand(program);
}
