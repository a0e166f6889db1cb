// Checks a raw config object (a file, with flags and overrides applied) against the schema, then
// the rules between keys (among them the faults against the run's machines and length). Returns
// the config, or every problem found, as plain data.
import { crossKeyConflicts } from "./crossKey.ts";
import { faultProblems } from "./faults.ts";
import { type ConfigProblem, problemsFromIssues } from "./problems.ts";
import { type ClocklabConfig, configSchema } from "./schema.ts";

export type CheckedConfig = { ok: true; config: ClocklabConfig } | { ok: false; problems: ConfigProblem[] };

export function checkConfig(raw: unknown): CheckedConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    return { ok: false, problems: problemsFromIssues(result.error.issues, configSchema, raw) };
  }
  const conflicts = [...crossKeyConflicts(result.data), ...faultProblems(result.data)];
  return conflicts.length > 0 ? { ok: false, problems: conflicts } : { ok: true, config: result.data };
}
