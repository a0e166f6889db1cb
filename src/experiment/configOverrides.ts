// Config overrides inside an experiment file (base, and each variation's set): nested mappings
// or dotted keys ("machine.speedMin": 5), applied over the default config and checked by the
// config module. Each problem names the place in the experiment file it came from.
import {
  type ClocklabConfig,
  type ConfigPath,
  checkConfig,
  describeProblem,
  displayPath,
  isMapping,
  isPathPrefix,
  type PlaceOf,
  setPath,
  UNSAFE_KEYS,
} from "../core/config.ts";

/** One value an override sets: the config path, where in the file it was written, the value. */
export interface OverrideLeaf {
  path: string[];
  /** The place users see, e.g. "variations[1].set.machine.speedMin" or "durationS". */
  place: string;
  /** The mapping it was written in ("variations[1].set"), if it was written in one. */
  root?: string;
  value: unknown;
}

/** `place` followed by more keys: ("base.machine.speeds", [1]) -> "base.machine.speeds[1]". */
function placeBelow(place: string, rest: ConfigPath): string {
  return rest.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : `${text}.${key}`),
    place,
  );
}

/** Flattens nested mappings and dotted keys into leaves; an empty mapping is a leaf ({}). */
export function flattenOverrides(
  overrides: Record<string, unknown>,
  root: string,
  problems: string[],
  prefix: string[] = [],
): OverrideLeaf[] {
  const leaves: OverrideLeaf[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const keys = key.split(".");
    const path = [...prefix, ...keys];
    if (keys.some((k) => k === "" || UNSAFE_KEYS.has(k))) {
      problems.push(`${root}.${path.join(".")}: not a config key path; expected keys like machine.speedMin`);
      continue;
    }
    if (isMapping(value) && Object.keys(value).length > 0) {
      leaves.push(...flattenOverrides(value, root, problems, path));
    } else {
      leaves.push({ path, place: placeBelow(root, path), root, value });
    }
  }
  return leaves;
}

/** Sets each leaf into a deep copy of `base` (later leaves win). */
export function applyOverrides(
  base: Record<string, unknown>,
  leaves: readonly OverrideLeaf[],
): Record<string, unknown> {
  const target = structuredClone(base);
  for (const leaf of leaves) setPath(target, leaf.path, structuredClone(leaf.value));
  return target;
}

/**
 * The place of a problem: the last leaf that set the first key involved (or a key above or below
 * it), then the next key involved; else `fallback` (the config file the overrides apply to).
 */
function placeInFile(leaves: readonly OverrideLeaf[], fallback: (path: ConfigPath) => string): PlaceOf {
  return (paths) => {
    for (const path of paths) {
      for (let i = leaves.length - 1; i >= 0; i--) {
        const leaf = leaves[i]!;
        if (isPathPrefix(leaf.path, path)) return placeBelow(leaf.place, path.slice(leaf.path.length));
        if (isPathPrefix(path, leaf.path))
          return leaf.root === undefined ? leaf.place : placeBelow(leaf.root, path);
      }
    }
    return fallback(paths[0] ?? []);
  };
}

export type CheckedOverrides = { ok: true; config: ClocklabConfig } | { ok: false; problems: string[] };

/**
 * Checks `raw` (the default config with `leaves` applied). `fallback` names the place of a problem
 * that no leaf explains (a bad value in the config file itself).
 */
export function checkOverrides(
  raw: Record<string, unknown>,
  leaves: readonly OverrideLeaf[],
  fallback: (path: ConfigPath) => string = displayPath,
): CheckedOverrides {
  const checked = checkConfig(raw);
  if (checked.ok) return checked;
  const placeOf = placeInFile(leaves, fallback);
  return { ok: false, problems: checked.problems.map((problem) => describeProblem(problem, placeOf)) };
}
