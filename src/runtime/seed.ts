// Picks a seed for a run that was not given one; it is recorded in run.json so the run can be
// repeated. The only place clocklab draws true randomness.
import { randomInt } from "node:crypto";
import { MAX_SEED } from "../core/random.ts";

export function pickSeed(configured: number | null): number {
  return configured ?? randomInt(0, MAX_SEED);
}
