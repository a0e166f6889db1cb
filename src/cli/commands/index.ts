// Every subcommand, in the order `clocklab --help` lists them.
import type { Command } from "@commander-js/extra-typings";

export function registerCommands(_program: Command): void {}
