// The config a command runs with: normally config file + flags; under the launcher, the exact
// config the launcher resolved (passed as JSON), so every process of a run agrees.
import type { ClocklabConfig } from "../../core/config.ts";
import { UserError } from "../../core/userError.ts";
import { RESOLVED_CONFIG_OPTION } from "./flags.ts";
import { loadConfig, validateConfig } from "./loadConfig.ts";

export { RESOLVED_CONFIG_OPTION };

export function resolveCommandConfig(options: Record<string, unknown>): ClocklabConfig {
  const resolved = options.resolvedConfig;
  if (typeof resolved === "string") {
    let raw: unknown;
    try {
      raw = JSON.parse(resolved);
    } catch {
      throw new UserError("--resolved-config: not valid JSON; expected the config the launcher passes");
    }
    return validateConfig(raw, "--resolved-config");
  }
  return loadConfig(options).config;
}
