// Reads and checks an experiment file before anything runs: the file's own keys (zod, strict),
// then every variation as base + set over the default config (config/config.yaml). All problems
// are reported together, each with the file, the path inside it, and what was expected.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { BUILTIN_CONFIG_PATH } from "../cli/config/loadConfig.ts";
import type { ClocklabConfig } from "../core/config.ts";
import { UserError } from "../core/userError.ts";
import { applyOverrides, checkConfig, flattenOverrides, type OverrideLeaf } from "./configOverrides.ts";
import { describeValue, displayPath, expectation, getPath } from "./issueText.ts";
import {
  EXPERIMENT_KEYS,
  type ExperimentFile,
  type ExperimentMode,
  experimentSchema,
  VARIATION_KEYS,
} from "./schema.ts";

export interface ResolvedVariation {
  name: string;
  description: string;
  set: Record<string, unknown>;
  /** The complete config of this variation's runs (seed and name are filled in per run). */
  config: ClocklabConfig;
}

export interface ResolvedExperiment {
  /** The file as the user named it, and its absolute path. */
  file: string;
  path: string;
  /** The default config the overrides apply to. */
  configSource: string;
  definition: ExperimentFile;
  variations: ResolvedVariation[];
}

/** Command-line overrides of the file's own settings. */
export interface ExperimentOverrides {
  mode?: ExperimentMode;
  durationS?: number;
  repeats?: number;
}

/** Keys the experiment decides itself: the run directory, its name and the seeds. */
const RESERVED = new Map([
  ["run.name", "runs are named <experiment>/<variation>/<repeat>"],
  ["run.logDir", "use clocklab experiment --log-dir"],
  ["run.seed", "use the experiment's top-level seed; repeat i gets a seed derived from it"],
]);

function defaultConfigPath(): string {
  const local = resolve("config/config.yaml");
  return existsSync(local) ? local : BUILTIN_CONFIG_PATH;
}

function readYaml(path: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new UserError(`${shown}: cannot read the file (${code}); expected a readable YAML file`);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split("\n")[0] : String(error);
    throw new UserError(`${shown}: not valid YAML (${detail})`);
  }
}

function fail(file: string, problems: string[]): never {
  throw new UserError(
    `invalid experiment file ${file}; nothing was run:\n${problems.map((p) => `  ${file}: ${p}`).join("\n")}`,
  );
}

function parseDefinition(raw: unknown, file: string): ExperimentFile {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    fail(file, [`the top level must be a mapping with the keys ${EXPERIMENT_KEYS.join(", ")}`]);
  }
  const result = experimentSchema.safeParse(raw);
  if (result.success) return result.data;
  fail(
    file,
    result.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") {
        const inVariation = issue.path[0] === "variations";
        const allowed = (inVariation ? VARIATION_KEYS : EXPERIMENT_KEYS).join(", ");
        return issue.keys.map(
          (key) => `${displayPath([...issue.path, key])}: unknown key; expected one of ${allowed}`,
        );
      }
      const where = displayPath(issue.path) || "(top level)";
      return [`${where}: got ${describeValue(getPath(raw, issue.path))}; expected ${expectation(issue)}`];
    }),
  );
}

function reservedProblems(leaves: OverrideLeaf[], inBase: boolean): string[] {
  const problems: string[] = [];
  for (const leaf of leaves) {
    const key = leaf.path.join(".");
    const reason =
      RESERVED.get(key) ?? (inBase && key === "run.durationS" ? "use the top-level durationS" : null);
    if (reason !== null)
      problems.push(`${leaf.root}.${key}: set by the experiment; expected it left out (${reason})`);
  }
  return problems;
}

export function loadExperiment(file: string, overrides: ExperimentOverrides = {}): ResolvedExperiment {
  const path = resolve(file);
  const parsed = parseDefinition(readYaml(path, file), file);
  const definition: ExperimentFile = {
    ...parsed,
    mode: overrides.mode ?? parsed.mode,
    durationS: overrides.durationS ?? parsed.durationS,
    repeats: overrides.repeats ?? parsed.repeats,
  };
  const problems: string[] = [];
  const seen = new Set<string>();
  definition.variations.forEach((v, i) => {
    if (seen.has(v.name)) problems.push(`variations[${i}].name: "${v.name}" again; expected unique names`);
    seen.add(v.name);
  });

  const configSource = defaultConfigPath();
  const defaults = readYaml(configSource, configSource);
  const defaultRaw =
    typeof defaults === "object" && defaults !== null ? (defaults as Record<string, unknown>) : {};
  const baseLeaves = flattenOverrides(definition.base, "base", problems);
  problems.push(...reservedProblems(baseLeaves, true));
  const durationLeaf: OverrideLeaf = {
    path: ["run", "durationS"],
    root: "durationS",
    value: definition.durationS,
  };
  const baseCheck = checkConfig(
    applyOverrides(defaultRaw, [...baseLeaves, durationLeaf]),
    baseLeaves,
    "base",
  );
  if (!baseCheck.ok) problems.push(...baseCheck.problems);

  const variations: ResolvedVariation[] = [];
  definition.variations.forEach((variation, i) => {
    const setProblems: string[] = [];
    const setLeaves = flattenOverrides(variation.set, `variations[${i}].set`, setProblems);
    setProblems.push(...reservedProblems(setLeaves, false));
    if (setProblems.length > 0) {
      problems.push(...setProblems);
      return;
    }
    const leaves = [...baseLeaves, durationLeaf, ...setLeaves];
    const checked = checkConfig(
      applyOverrides(defaultRaw, leaves),
      leaves,
      `variations[${i}] (${variation.name})`,
    );
    // A problem already reported for base alone is not repeated for every variation.
    if (!checked.ok) problems.push(...checked.problems.filter((p) => baseCheck.ok || !problems.includes(p)));
    else variations.push({ ...variation, config: checked.config });
  });
  if (problems.length > 0) fail(file, [...new Set(problems)]);
  return { file, path, configSource, definition, variations };
}
