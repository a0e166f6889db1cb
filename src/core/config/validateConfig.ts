// Validates a config and turns its problems into one UserError that names, for each, the key,
// where its value came from (the flag or --set that set it, else the file, else the defaults),
// the value and what was expected.
import { UserError } from "../userError.ts";
import { checkConfig } from "./checkConfig.ts";
import { describeProblem, type PlaceOf } from "./describeProblem.ts";
import { type ConfigPath, displayPath } from "./keyPath.ts";
import type { ClocklabConfig } from "./schema.ts";

/** The `source` of a config that no file was read for: clocklab's own defaults. */
export const BUILT_IN_DEFAULTS = "built-in defaults";

/**
 * Where overridden keys came from: dotted path ("machine.speeds") -> what set it ("--speeds 0,3",
 * "--set machine.speedMin=3"). A value below a recorded path (machine.speeds[0]) has its origin.
 */
export type ConfigOrigins = ReadonlyMap<string, string>;

export function originOf(path: ConfigPath, origins: ConfigOrigins): string | undefined {
  const keys = path.map(String);
  for (let length = keys.length; length > 0; length--) {
    const origin = origins.get(keys.slice(0, length).join("."));
    if (origin !== undefined) return origin;
  }
  // A rule about a whole mapping (machine.actions) is blamed on what last set a key inside it.
  const below = `${keys.join(".")}.`;
  let last: string | undefined;
  for (const [key, origin] of origins) if (key.startsWith(below)) last = origin;
  return last;
}

/** The place of a problem: the first key involved that a flag or --set gave, else the file's. */
export function placeInConfig(source: string, origins: ConfigOrigins): PlaceOf {
  return (paths) => {
    for (const path of paths) {
      const origin = originOf(path, origins);
      if (origin !== undefined) return `${displayPath(path)} (from ${origin})`;
    }
    const where = source === BUILT_IN_DEFAULTS ? "(default)" : `(in ${source})`;
    return `${displayPath(paths[0] ?? [])} ${where}`;
  };
}

/** The config `raw` describes, or a UserError listing every problem. */
export function validateConfig(
  raw: unknown,
  source: string,
  origins: ConfigOrigins = new Map(),
): ClocklabConfig {
  const checked = checkConfig(raw);
  if (checked.ok) return checked.config;
  const placeOf = placeInConfig(source, origins);
  const lines = checked.problems.map((problem) => `  ${describeProblem(problem, placeOf)}`);
  throw new UserError(`invalid configuration:\n${lines.join("\n")}`);
}
