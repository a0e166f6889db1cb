// Config overrides inside an experiment file (base, and each variation's set): nested mappings
// or dotted keys ("machine.speedMin": 5), applied over the default config and validated with the
// config schema. Each problem names the place in the experiment file it came from.
import type { z } from "zod";
import { type ClocklabConfig, configSchema, crossKeyProblems } from "../core/config.ts";
import { describeValue, expectation, getPath } from "./issueText.ts";

/** One value an override sets: the config path and where in the file it was written. */
export interface OverrideLeaf {
  path: string[];
  /** The file path of the mapping it sits in, e.g. "variations[1].set". */
  root: string;
  value: unknown;
}

const FORBIDDEN_KEYS = new Set(["", "__proto__", "constructor", "prototype"]);

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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
    if (keys.some((k) => FORBIDDEN_KEYS.has(k))) {
      problems.push(`${root}.${path.join(".")}: not a config key path; expected keys like machine.speedMin`);
      continue;
    }
    if (isMapping(value) && Object.keys(value).length > 0) {
      leaves.push(...flattenOverrides(value, root, problems, path));
    } else {
      leaves.push({ path, root, value });
    }
  }
  return leaves;
}

/** Sets each leaf into a deep copy of `base` (later leaves win). */
export function applyOverrides(
  base: Record<string, unknown>,
  leaves: OverrideLeaf[],
): Record<string, unknown> {
  const target = structuredClone(base);
  for (const leaf of leaves) {
    let node = target;
    for (const key of leaf.path.slice(0, -1)) {
      if (!isMapping(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[leaf.path.at(-1)!] = structuredClone(leaf.value);
  }
  return target;
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => key === path[i]);
}

/** Where a config path was set: the last leaf on it (or under it), or the fallback. */
function placeOf(path: string[], leaves: OverrideLeaf[], fallback: string): string {
  for (let i = leaves.length - 1; i >= 0; i--) {
    const leaf = leaves[i]!;
    if (isPrefix(leaf.path, path) || isPrefix(path, leaf.path)) return `${leaf.root}.${path.join(".")}`;
  }
  return `${fallback}: ${path.join(".")}`;
}

const DEFAULTS = configSchema.parse({}) as unknown as Record<string, unknown>;

function allowedKeys(parent: string[]): string {
  const atParent = getPath(DEFAULTS, parent);
  const keys = isMapping(atParent)
    ? Object.keys(atParent)
    : parent.length === 3 && parent[0] === "machine" && parent[1] === "clocks"
      ? ["offsetMs", "driftPpm"]
      : [];
  return keys.length > 0
    ? `one of ${keys.join(", ")}${parent.length > 0 ? ` under ${parent.join(".")}` : ""}`
    : "one of the keys in config/config.yaml";
}

function issueProblems(
  issue: z.core.$ZodIssue,
  raw: unknown,
  leaves: OverrideLeaf[],
  fallback: string,
): string[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map(
      (key) =>
        `${placeOf([...path, key], leaves, fallback)}: unknown key; expected ${allowedKeys(path)} (see config/config.yaml)`,
    );
  }
  const got = describeValue(getPath(raw, issue.path));
  return [`${placeOf(path, leaves, fallback)}: got ${got}; expected ${expectation(issue)}`];
}

export type CheckedConfig = { ok: true; config: ClocklabConfig } | { ok: false; problems: string[] };

/**
 * Validates `raw` (default config + leaves applied). `fallback` names the place for problems no
 * leaf explains (a cross-key rule, or a bad value in the default config itself).
 */
export function checkConfig(
  raw: Record<string, unknown>,
  leaves: OverrideLeaf[],
  fallback: string,
): CheckedConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.flatMap((i) => issueProblems(i, raw, leaves, fallback)),
    };
  }
  const crossKey = crossKeyProblems(result.data);
  if (crossKey.length > 0) {
    return {
      ok: false,
      problems: crossKey.map(
        ([path, message]) => `${placeOf(path.split("."), leaves, fallback)}: ${message}`,
      ),
    };
  }
  return { ok: true, config: result.data };
}
