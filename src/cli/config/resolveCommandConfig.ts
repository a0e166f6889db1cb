// The config a command runs with: normally config file + flags; in a process the launcher or an
// experiment started (--config-from-parent), the exact config the parent resolved, received over
// the IPC channel, so every process of a run agrees and nothing large or secret goes on argv.
import type { ClocklabConfig } from "../../core/config.ts";
import { receiveConfigFromParent } from "../../runtime/ipc.ts";
import { loadConfig, validateConfig } from "./loadConfig.ts";

export async function resolveCommandConfig(options: Record<string, unknown>): Promise<ClocklabConfig> {
  if (options.configFromParent === true) {
    return validateConfig(await receiveConfigFromParent(), "the config from the parent process");
  }
  return loadConfig(options).config;
}
