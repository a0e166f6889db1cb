// What a run directory holds, from its run.json: a completed run (kept on --resume), something
// else (interrupted, failed, still "running" after a crash, or no run.json: redone), or nothing.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunStatus } from "../core/runInfo.ts";

export function runDirStatus(runDir: string): RunStatus | "partial" | "absent" {
  if (!existsSync(runDir)) return "absent";
  try {
    const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as { status?: unknown };
    const status = info.status;
    return status === "running" || status === "completed" || status === "interrupted" || status === "failed"
      ? status
      : "partial";
  } catch {
    return "partial";
  }
}
