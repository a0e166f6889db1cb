// The file layer of the config: `--config FILE`, else config/config.yaml in the current directory
// if there is one, else nothing (the schema's defaults, which config/config.yaml mirrors). Used by
// the command line and by experiments, so both start from the same config.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { BUILT_IN_DEFAULTS, displayPath, findUnsafeKeys, isMapping } from "../core/config.ts";
import { UserError } from "../core/userError.ts";
import { readYamlFile } from "./yamlFile.ts";

/** Where the config file is looked for when no --config is given, relative to the current directory. */
export const LOCAL_CONFIG_FILE = "config/config.yaml";

export interface ConfigLayer {
  /** The file's keys as written (a fresh object: callers may set keys in it). */
  raw: Record<string, unknown>;
  /** The absolute path of the file, or BUILT_IN_DEFAULTS when none was read. */
  source: string;
}

/** Reads one config file: a mapping of sections, with no key that could reach a prototype. */
export function readConfigFile(path: string, shown: string = path): Record<string, unknown> {
  const parsed = readYamlFile(path, shown);
  if (parsed === null || parsed === undefined) return {};
  const unsafe = findUnsafeKeys(parsed)[0];
  if (unsafe !== undefined) {
    throw new UserError(
      `${path}: key ${displayPath(unsafe)} is not allowed; expected only the keys in config/config.yaml`,
    );
  }
  if (!isMapping(parsed)) {
    throw new UserError(
      `${path}: the top level must be a mapping of the keys router, run, machine, sim and faults`,
    );
  }
  return parsed;
}

/** The config file to start from: `explicitPath` (--config), else the local file, else none. */
export function readConfigLayer(explicitPath?: string): ConfigLayer {
  if (explicitPath !== undefined) {
    const source = resolve(explicitPath);
    return { raw: readConfigFile(source, `--config ${source}`), source };
  }
  const local = resolve(LOCAL_CONFIG_FILE);
  return existsSync(local)
    ? { raw: readConfigFile(local), source: local }
    : { raw: {}, source: BUILT_IN_DEFAULTS };
}
