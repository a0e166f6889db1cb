// Adds the config-overriding flags (and --config, --set) to a command, so run, router, client
// and simulate accept the same overrides.
import { type Command, Option } from "@commander-js/extra-typings";
import { CONFIG_FLAGS, RESOLVED_CONFIG_OPTION } from "./flags.ts";

export function addConfigFlags<C extends Command<[], Record<string, unknown>>>(command: C): C {
  command.option("--config <file>", "YAML config file (default: config/config.yaml)");
  for (const flag of CONFIG_FLAGS) command.option(flag.option, flag.description);
  command.option(
    "--set <key=value...>",
    "override any config key, e.g. --set machine.clocks.m2.offsetMs=50",
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
  command.addOption(
    new Option(RESOLVED_CONFIG_OPTION, "config resolved by the launcher (internal)").hideHelp(),
  );
  return command;
}
