// The fault entries a resolved config describes (its `faults:` list, `--fault` shorthands
// included), as the fault schedule consumes them.
import type { ClocklabConfig } from "../config.ts";
import type { FaultEntry } from "./spec.ts";

export function faultEntriesOf(config: ClocklabConfig): FaultEntry[] {
  const faults = (config as { faults?: unknown }).faults;
  return Array.isArray(faults) ? (faults as FaultEntry[]) : [];
}
