// run.json as the live view reads it, again and again while a run goes on: its status, t0,
// mode and configured speeds. A missing, half-written or corrupt run.json reads as null.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RunMeta } from "../../core/watch/protocol.ts";

export const RUN_INFO = "run.json";
const MAX_INFO_BYTES = 16 * 1024 * 1024;
const FINISHED = new Set(["completed", "interrupted", "failed"]);

export type RunInfoObject = Record<string, unknown>;

export function runInfoMtimeMs(runDir: string): number | null {
  try {
    return statSync(join(runDir, RUN_INFO)).mtimeMs;
  } catch {
    return null;
  }
}

export function readRunInfoObject(runDir: string): RunInfoObject | null {
  try {
    const path = join(runDir, RUN_INFO);
    if (statSync(path).size > MAX_INFO_BYTES) return null;
    const value: unknown = JSON.parse(readFileSync(path, "utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as RunInfoObject)
      : null;
  } catch {
    return null;
  }
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value.slice(0, 200) : null;
}

function finite(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function runStatusOf(info: RunInfoObject | null): string | null {
  return text(info?.status);
}

/** Whether run.json says the run has ended (so nothing more will be written). */
export function isFinished(info: RunInfoObject | null): boolean {
  const status = runStatusOf(info);
  return status !== null && FINISHED.has(status);
}

/** The machine ids run.json plans, with their configured speeds. */
export function plannedSpeeds(info: RunInfoObject | null): Record<string, number> {
  const speeds: Record<string, number> = {};
  const machines = Array.isArray(info?.machines) ? (info.machines as unknown[]) : [];
  for (const machine of machines) {
    const m = machine as Record<string, unknown> | null;
    if (typeof m?.id === "string" && typeof m.ticksPerSecond === "number") speeds[m.id] = m.ticksPerSecond;
  }
  return speeds;
}

export function runMeta(name: string, info: RunInfoObject | null, replaySpeed: number | null): RunMeta {
  return {
    name,
    mode: text(info?.mode),
    status: runStatusOf(info),
    t0: finite(info?.t0),
    durationS: finite(info?.durationS),
    ticksPerSecond: plannedSpeeds(info),
    replaySpeed,
  };
}
