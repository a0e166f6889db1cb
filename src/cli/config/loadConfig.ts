// Reads config/config.yaml (or --config FILE), applies flag overrides, and validates the result.
// Every problem becomes one UserError naming the key (and the flag or file it came from), the
// value, and what was expected.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { type ClocklabConfig, configSchema, crossKeyProblems } from "../../core/config.ts";
import { UserError } from "../../core/userError.ts";
import { CONFIG_FLAGS, optionAttribute, scalar } from "./flags.ts";

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const BUILTIN_CONFIG_PATH = resolve(PACKAGE_ROOT, "config/config.yaml");

export interface LoadedConfig {
  config: ClocklabConfig;
  /** The file the defaults came from. */
  source: string;
}

/** Where each overridden path came from, so errors can say "--port" rather than "router.port". */
type Origins = Map<string, string>;

export function loadConfig(options: Record<string, unknown>): LoadedConfig {
  const explicit = typeof options.config === "string" ? options.config : undefined;
  const source = explicit !== undefined ? resolve(explicit) : defaultConfigPath();
  const raw = readConfigFile(source, explicit !== undefined);
  const origins: Origins = new Map();
  for (const flag of CONFIG_FLAGS) {
    const text = options[optionAttribute(flag.option)];
    if (text === undefined) continue;
    const flagName = flag.option.split(" ")[0]!;
    const entries = flag.toEntries
      ? flag.toEntries(String(text))
      : [[flag.path, scalar(String(text))] as const];
    for (const [path, value] of entries) {
      setPath(raw, path, value, flagName);
      origins.set(path, flagName);
    }
  }
  const sets = options.set;
  for (const assignment of Array.isArray(sets) ? sets : []) {
    const text = String(assignment);
    const equals = text.indexOf("=");
    if (equals <= 0) throw new UserError(`--set ${text}: expected key=value, e.g. --set run.durationS=10`);
    const path = text.slice(0, equals).trim();
    setPath(raw, path, scalar(text.slice(equals + 1)), `--set ${path}`);
    origins.set(path, "--set");
  }
  return { config: validateConfig(raw, source, origins), source };
}

function defaultConfigPath(): string {
  const local = resolve("config/config.yaml");
  return existsSync(local) ? local : BUILTIN_CONFIG_PATH;
}

function readConfigFile(path: string, explicit: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    if (!explicit && code === "ENOENT") return {};
    throw new UserError(`--config ${path}: cannot read the file (${code}); expected a readable YAML file`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split("\n")[0] : String(error);
    throw new UserError(`${path}: not valid YAML (${detail})`);
  }
  if (parsed === null || parsed === undefined) return {};
  refuseUnsafeKeys(parsed, path, []);
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UserError(`${path}: the top level must be a mapping of sections (router, run, machine, sim)`);
  }
  return parsed as Record<string, unknown>;
}

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Keys that could reach an object's prototype are refused outright, wherever they appear. */
function refuseUnsafeKeys(value: unknown, source: string, path: string[]): void {
  if (typeof value !== "object" || value === null) return;
  for (const key of Object.keys(value)) {
    const here = [...path, key];
    if (UNSAFE_KEYS.has(key)) {
      throw new UserError(
        `${source}: key ${here.join(".")} is not allowed; expected only the keys in config/config.yaml`,
      );
    }
    refuseUnsafeKeys((value as Record<string, unknown>)[key], source, here);
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown, origin: string): void {
  const keys = path.split(".");
  if (keys.some((key) => key === "" || key === "__proto__" || key === "constructor" || key === "prototype")) {
    throw new UserError(`${origin}: "${path}" is not a config key path`);
  }
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

function getPath(target: unknown, path: readonly PropertyKey[]): unknown {
  let node = target;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Validates a raw config object. Exported for experiment files, which embed config overrides. */
export function validateConfig(raw: unknown, source: string, origins: Origins = new Map()): ClocklabConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new UserError(describeIssues(result.error.issues, raw, source, origins));
  const problems = crossKeyProblems(result.data);
  if (problems.length > 0) {
    const lines = problems.map(([path, message]) => `  ${label(path, source, origins)}: ${message}`);
    throw new UserError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

function label(path: string, source: string, origins: Origins): string {
  const origin = origins.get(path);
  return origin !== undefined ? `${path} (from ${origin})` : `${path} (in ${source})`;
}

function describeIssues(issues: z.core.$ZodIssue[], raw: unknown, source: string, origins: Origins): string {
  const lines = issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const parent = issue.path.join(".");
      const keys = issue.keys.map((key) => (parent ? `${parent}.${key}` : key));
      return `  unknown key ${keys.join(", ")} (in ${source}); expected only the keys listed in config/config.yaml`;
    }
    const path = issue.path.join(".");
    const value = getPath(raw, issue.path);
    const got = value === undefined ? "nothing" : JSON.stringify(value);
    return `  ${label(path, source, origins)}: got ${got}; expected ${expectation(issue)}`;
  });
  return `invalid configuration:\n${lines.join("\n")}`;
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_big":
      return `a value ${issue.inclusive ? "at most" : "below"} ${String(issue.maximum)}`;
    case "too_small":
      return `a value ${issue.inclusive ? "at least" : "above"} ${String(issue.minimum)}`;
    case "invalid_type":
      return `a ${issue.expected}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union":
      return '"auto", true or false';
    default:
      return issue.message;
  }
}
