// The config a command runs with: normally config file + flags; in a process the launcher or an
// experiment started (--config-from-parent), the exact config the parent resolved, received over
// the IPC channel, so every process of a run agrees and nothing large or secret goes on argv.
// The parent validated that config before sending it, so a child only checks its shape: the
// schema library (and the YAML reader) stay out of router and machine processes, which saves
// each of them about 15 MB and a tenth of a second of start-up.
import type { ClocklabConfig } from "../../core/config.ts";
import { UserError } from "../../core/userError.ts";
import { CONFIG_FROM_PARENT_FLAG, receiveConfigFromParent } from "../../runtime/ipc.ts";

const SECTIONS = ["router", "run", "machine", "sim"] as const;

export async function resolveCommandConfig(options: Record<string, unknown>): Promise<ClocklabConfig> {
  if (options.configFromParent === true) return checkShape(await receiveConfigFromParent());
  const { loadConfig } = await import("./loadConfig.ts");
  return loadConfig(options).config;
}

function checkShape(raw: unknown): ClocklabConfig {
  const config = raw as Record<string, unknown>;
  const missing = SECTIONS.filter(
    (section) => typeof config[section] !== "object" || config[section] === null,
  );
  if (missing.length > 0) {
    throw new UserError(
      `${CONFIG_FROM_PARENT_FLAG}: the config from the parent process has no ${missing.join(", ")} section; ` +
        `expected a resolved clocklab config with ${SECTIONS.join(", ")}`,
    );
  }
  return raw as ClocklabConfig;
}
