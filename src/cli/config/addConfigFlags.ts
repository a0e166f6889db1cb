// Adds to a command the config flags that apply to it (each with its default), --config and --set,
// so run, router, client and simulate accept the same overrides where they mean something.
import { type Command, Option } from "@commander-js/extra-typings";
import { CONFIG_FLAGS, type ConfigCommand, RESOLVED_CONFIG_OPTION } from "./flags.ts";
import { helpDefault } from "./helpDefault.ts";

/** Collects a flag given several times (--fault a --fault b) into a list, in order. */
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function addConfigFlags<C extends Command<[], Record<string, unknown>>>(
  command: C,
  name: ConfigCommand,
): C {
  command.option(
    "--config <file>",
    "YAML config file (default: config/config.yaml in the current directory if there is one, else the defaults shown here)",
  );
  for (const flag of CONFIG_FLAGS) {
    if (!flag.commands.includes(name)) continue;
    const description = `${flag.descriptionFor?.[name] ?? flag.description} (default: ${helpDefault(flag)})`;
    if (flag.toListEntry === undefined) command.option(flag.option, description);
    else command.option(flag.option, description, collect);
  }
  command.option(
    "--set <key=value...>",
    "override any config key, e.g. --set machine.clocks.m2.offsetMs=50",
    collect,
  );
  command.addOption(
    new Option(RESOLVED_CONFIG_OPTION, "config resolved by the launcher (internal)").hideHelp(),
  );
  return command;
}
