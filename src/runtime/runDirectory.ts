// Run directories (DESIGN.md section 4): naming, creation, and run.json written atomically
// (write a temporary file, then rename), so a reader never sees half a run.json.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PROTOCOL_VERSION } from "../core/protocol.ts";
import type { RunInfo } from "../core/runInfo.ts";
import { UserError } from "../core/userError.ts";
import { CLOCKLAB_VERSION } from "./version.ts";

export const RUN_INFO_FILE = "run.json";
export const ROUTER_LOG_FILE = "router.jsonl";

export function machineLogFile(runDir: string, id: string): string {
  return join(runDir, `${id}.jsonl`);
}

export function machineFinalFile(runDir: string, id: string): string {
  return join(runDir, `${id}.final.json`);
}

/** A sortable, filesystem-safe name from a host-clock time, e.g. run-20261126-194012-345. */
export function timestampRunName(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `run-${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}-${iso.slice(20, 23)}`;
}

export function ensureRunDirectory(logDir: string, runName: string): string {
  const dir = resolve(logDir, runName);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `run.logDir ${logDir}: cannot create ${dir} (${code}); expected a writable directory`,
    );
  }
  return dir;
}

export function writeRunInfo(runDir: string, info: RunInfo): void {
  const path = join(runDir, RUN_INFO_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`);
  renameSync(temporary, path);
}

export function readRunInfo(runDir: string): RunInfo {
  const path = join(runDir, RUN_INFO_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UserError(`${runDir}: no ${RUN_INFO_FILE}; expected a clocklab run directory`);
  }
  try {
    return JSON.parse(text) as RunInfo;
  } catch {
    throw new UserError(`${path}: not valid JSON; expected the run.json clocklab writes`);
  }
}

export function currentVersions(): RunInfo["versions"] {
  return { clocklab: CLOCKLAB_VERSION, node: process.version, protocol: PROTOCOL_VERSION };
}
