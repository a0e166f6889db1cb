// The config a command runs with when no launcher resolved it: the config file (--config FILE,
// else config/config.yaml here, else the defaults), then the flags, then --set, validated.
// Every problem is reported at once, naming the key, the flag, --set or file it came from, the
// value and what was expected.
import { type ClocklabConfig, validateConfig } from "../../core/config.ts";
import { readConfigLayer } from "../../runtime/configFile.ts";
import { applyConfigFlags } from "./applyFlags.ts";

export { validateConfig };

export interface LoadedConfig {
  config: ClocklabConfig;
  /** The file the config started from, or BUILT_IN_DEFAULTS. */
  source: string;
}

export function loadConfig(options: Record<string, unknown>): LoadedConfig {
  const explicit = typeof options.config === "string" ? options.config : undefined;
  const { raw, source } = readConfigLayer(explicit);
  const origins = applyConfigFlags(raw, options);
  return { config: validateConfig(raw, source, origins), source };
}
