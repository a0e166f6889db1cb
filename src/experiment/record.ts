// logs/<experiment>/experiment.json: the experiment as resolved (file, settings, each variation's
// config), its seed, when it started and ended, its status, and every run's outcome. Written
// atomically (temporary file, then rename), so a reader never sees half of it.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ClocklabConfig } from "../core/config.ts";
import type { ExperimentFile } from "./schema.ts";

export const EXPERIMENT_FILE = "experiment.json";

export type ExperimentStatus = "running" | "completed" | "interrupted" | "failed";
export type RunOutcomeStatus = "pending" | "completed" | "skipped" | "interrupted" | "failed";

export interface RunRecord {
  variation: string;
  repeat: number;
  seed: number;
  dir: string;
  status: RunOutcomeStatus;
  /** Host seconds the run's process took (null until it ends, and for runs skipped on resume). */
  wallClockS: number | null;
  /** For a failed run: the end of its output. */
  error: string | null;
}

export interface ExperimentRecord {
  format: "clocklab-experiment";
  formatVersion: 1;
  name: string;
  file: string;
  configSource: string;
  /** The experiment file's content as resolved (command-line overrides applied). */
  definition: ExperimentFile;
  seed: number;
  /** "file" when the experiment file gave the seed, "picked" when clocklab chose it. */
  seedSource: "file" | "picked";
  parallel: number;
  variations: Array<{ name: string; description: string; config: ClocklabConfig }>;
  startedAt: string;
  /** Earlier starts of this experiment, when it was resumed. */
  previousStarts: string[];
  endedAt: string | null;
  status: ExperimentStatus;
  runs: RunRecord[];
}

export function writeExperimentRecord(dir: string, record: ExperimentRecord): void {
  const path = join(dir, EXPERIMENT_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, path);
}

/** The record of an earlier start, or null if there is none (or it is unreadable). */
export function readExperimentRecord(dir: string): ExperimentRecord | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, EXPERIMENT_FILE), "utf8")) as ExperimentRecord;
    return parsed.format === "clocklab-experiment" ? parsed : null;
  } catch {
    return null;
  }
}
