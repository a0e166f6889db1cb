// The fault entries a resolved config describes (its `faults:` list, `--fault` shorthands
// included), as the fault schedule consumes them. The config was checked when it was resolved
// (checkConfig refuses faults that cannot run), against the run's ids m1..mN; they are read here
// against the same ids, so they resolve exactly as they were checked.
import type { ClocklabConfig } from "../config.ts";
import { faultEntries } from "./parseEntries.ts";
import type { FaultEntry } from "./spec.ts";

/** m1..mN, as plan.ts's machineIds (not imported: plan.ts imports this file). */
const configIds = (count: number) => Array.from({ length: count }, (_, i) => `m${i + 1}`);

export function faultEntriesOf(config: ClocklabConfig): FaultEntry[] {
  if (config.faults.length === 0) return [];
  const ids = configIds(config.run.machines);
  const { entries, problems } = faultEntries(config.faults, ids, config.run.durationS, "");
  // Unreachable for a config that passed checkConfig; a bug if it happens.
  if (problems.length > 0) throw new Error(`faults of an unchecked config: ${JSON.stringify(problems)}`);
  return entries;
}
