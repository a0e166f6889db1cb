// The default --help shows for a config flag, read from the config defaults (the one place they
// live), as the user would type it on the command line: 1,3,6 for a list, a=1,b=2 for a mapping.
import { CONFIG_DEFAULTS } from "../../core/config/defaults.ts";
import { getPath } from "../../core/config/keyPath.ts";
import type { ConfigFlag } from "./flags.ts";

function asFlagText(value: unknown): string {
  if (Array.isArray(value)) return value.map(asFlagText).join(",");
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0
      ? "none"
      : entries.map(([key, inner]) => `${key}=${asFlagText(inner)}`).join(",");
  }
  return String(value);
}

export function helpDefault(flag: ConfigFlag): string {
  const value = getPath(CONFIG_DEFAULTS, (flag.defaultPath ?? flag.path).split("."));
  if (value === undefined)
    throw new Error(`no default for ${flag.option} (${flag.defaultPath ?? flag.path})`);
  const none = value === null || (Array.isArray(value) && value.length === 0);
  return none ? (flag.whenNull ?? "none") : asFlagText(value);
}
