// Reads and checks an experiment file before anything runs: the file's own keys (strict), then
// every variation as base + set over the default config (the same config file layer the command
// line starts from). Every problem of the file is collected and reported together, each with the
// file, the path inside it, the value and what was expected.
import { resolve } from "node:path";
import {
  type ClocklabConfig,
  type ConfigPath,
  describeProblem,
  displayPath,
  findUnsafeKeys,
  isMapping,
  problemsFromIssues,
} from "../core/config.ts";
import { UserError } from "../core/userError.ts";
import { readConfigLayer } from "../runtime/configFile.ts";
import { readYamlFile } from "../runtime/yamlFile.ts";
import { applyOverrides, checkOverrides, flattenOverrides, type OverrideLeaf } from "./configOverrides.ts";
import { EXPERIMENT_KEYS, type ExperimentFile, type ExperimentMode, experimentSchema } from "./schema.ts";

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
  /** The config file the overrides apply to, or BUILT_IN_DEFAULTS. */
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

/** What the config overrides are checked from: the parsed file, or as much of it as is usable. */
interface OverrideDraft {
  base: Record<string, unknown>;
  durationS: number | undefined;
  variations: Array<{ name: string | undefined; set: Record<string, unknown> }>;
}

function fail(file: string, problems: string[]): never {
  throw new UserError(
    `invalid experiment file ${file}; nothing was run:\n${problems.map((p) => `  ${file}: ${p}`).join("\n")}`,
  );
}

function fileProblems(raw: Record<string, unknown>): string[] {
  const result = experimentSchema.safeParse(raw);
  if (result.success) return [];
  const placeOf = (paths: readonly ConfigPath[]) => displayPath(paths[0] ?? []) || "(top level)";
  return problemsFromIssues(result.error.issues, experimentSchema, raw).map((p) =>
    describeProblem(p, placeOf),
  );
}

/** The overrides to check when the file's own keys are wrong: whatever parts have the right shape. */
function draftOf(raw: Record<string, unknown>, durationS: number | undefined): OverrideDraft {
  const variations = Array.isArray(raw.variations) ? raw.variations : [];
  return {
    base: isMapping(raw.base) ? raw.base : {},
    durationS:
      durationS ?? (experimentSchema.shape.durationS.safeParse(raw.durationS).data as number | undefined),
    variations: variations.map((v: unknown) => ({
      name: isMapping(v) && typeof v.name === "string" ? v.name : undefined,
      set: isMapping(v) && isMapping(v.set) ? v.set : {},
    })),
  };
}

function reservedProblems(leaves: OverrideLeaf[], inBase: boolean): string[] {
  const problems: string[] = [];
  for (const leaf of leaves) {
    const reason = reservedReason(leaf, inBase);
    if (reason !== null)
      problems.push(`${leaf.place}: set by the experiment; expected it left out (${reason})`);
  }
  return problems;
}

function reservedReason(leaf: OverrideLeaf, inBase: boolean): string | null {
  const key = leaf.path.join(".");
  return RESERVED.get(key) ?? (inBase && key === "run.durationS" ? "use the top-level durationS" : null);
}

interface CheckedVariations {
  problems: string[];
  /** Each variation's config, by index (missing where it has problems). */
  configs: Array<ClocklabConfig | undefined>;
  /** The config file the overrides applied to. */
  source: string;
}

/** Checks base and every variation's set over the config file layer; collects every problem. */
function checkVariations(draft: OverrideDraft, durationPlace: string): CheckedVariations {
  const layer = readConfigLayer();
  const fallback = (path: ConfigPath) => `${displayPath(path)} (in ${layer.source})`;
  const problems: string[] = [];
  const configs: Array<ClocklabConfig | undefined> = [];
  const baseLeaves = flattenOverrides(draft.base, "base", problems);
  problems.push(...reservedProblems(baseLeaves, true));
  const usableBase = baseLeaves.filter((leaf) => reservedReason(leaf, true) === null);
  const durationLeaves: OverrideLeaf[] =
    draft.durationS === undefined
      ? []
      : [{ path: ["run", "durationS"], place: durationPlace, value: draft.durationS }];
  const baseCheck = checkOverrides(
    applyOverrides(layer.raw, [...usableBase, ...durationLeaves]),
    usableBase,
    fallback,
  );
  if (!baseCheck.ok) problems.push(...baseCheck.problems);

  draft.variations.forEach((variation, i) => {
    const setLeaves = flattenOverrides(variation.set, `variations[${i}].set`, problems);
    problems.push(...reservedProblems(setLeaves, false));
    const leaves = [
      ...usableBase,
      ...durationLeaves,
      ...setLeaves.filter((leaf) => reservedReason(leaf, false) === null),
    ];
    const checked = checkOverrides(applyOverrides(layer.raw, leaves), leaves, fallback);
    // A problem already reported for base alone is not repeated for every variation.
    if (checked.ok) configs[i] = checked.config;
    else problems.push(...checked.problems.filter((p) => baseCheck.ok || !problems.includes(p)));
  });
  return { problems, configs, source: layer.source };
}

function duplicateNames(draft: OverrideDraft): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  draft.variations.forEach(({ name }, i) => {
    if (name === undefined) return;
    if (seen.has(name)) problems.push(`variations[${i}].name: "${name}" again; expected unique names`);
    seen.add(name);
  });
  return problems;
}

export function loadExperiment(file: string, overrides: ExperimentOverrides = {}): ResolvedExperiment {
  const path = resolve(file);
  const raw = readYamlFile(path, file);
  if (!isMapping(raw))
    fail(file, [`the top level must be a mapping with the keys ${EXPERIMENT_KEYS.join(", ")}`]);
  // Keys that could reach a prototype stop the check here: nothing else is read from such a file.
  const unsafe = findUnsafeKeys(raw);
  if (unsafe.length > 0) {
    fail(
      file,
      unsafe.map(
        (p) => `${displayPath(p)}: not allowed as a key; expected only the keys of an experiment file`,
      ),
    );
  }
  const problems = fileProblems(raw);
  const parsed = problems.length === 0 ? experimentSchema.parse(raw) : null;
  const draft =
    parsed !== null
      ? { ...parsed, durationS: overrides.durationS ?? parsed.durationS }
      : draftOf(raw, overrides.durationS);
  problems.push(...duplicateNames(draft));
  const checked = checkVariations(draft, overrides.durationS !== undefined ? "--duration" : "durationS");
  problems.push(...checked.problems);
  if (problems.length > 0 || parsed === null) fail(file, [...new Set(problems)]);
  const definition: ExperimentFile = {
    ...parsed,
    mode: overrides.mode ?? parsed.mode,
    durationS: overrides.durationS ?? parsed.durationS,
    repeats: overrides.repeats ?? parsed.repeats,
  };
  const variations = definition.variations.map((variation, i) => ({
    ...variation,
    config: checked.configs[i]!,
  }));
  return { file, path, configSource: checked.source, definition, variations };
}
