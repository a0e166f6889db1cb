// Every subcommand, in the order `clocklab --help` lists them.
import type { Command } from "@commander-js/extra-typings";
import { addAnalyzeCommand } from "./analyze.ts";
import { addClientCommand } from "./client.ts";
import { addClusterCommand } from "./cluster.ts";
import { addExperimentCommand } from "./experiment.ts";
import { addExportCommand } from "./export.ts";
import { addRouterCommand } from "./router.ts";
import { addRunCommand } from "./run.ts";
import { addSimulateCommand } from "./simulate.ts";
import { addWatchCommand } from "./watch.ts";

export function registerCommands(program: Command): void {
  addRunCommand(program);
  addRouterCommand(program);
  addClientCommand(program);
  addSimulateCommand(program);
  addAnalyzeCommand(program);
  addExportCommand(program);
  addExperimentCommand(program);
  addClusterCommand(program);
  addWatchCommand(program);
}
