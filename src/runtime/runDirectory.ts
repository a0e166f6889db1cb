// The one owner of a run directory: its file names, its creation, and run.json and the final
// files written and read back. run.json is written atomically (a temporary file, then a rename),
// so a reader never sees half of it, and is read back only after its shape is checked.
//
// A full disk must not leave run.json saying "running": every run.json carries some trailing
// spaces (JSON allows them), so when the atomic write fails for lack of space, the end of the run
// is still recorded by overwriting the file in place within the blocks it already holds.
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { RUN_ID_PATTERN } from "../core/protocol/frames.ts";
import { PROTOCOL_VERSION } from "../core/protocol.ts";
import type { RunInfo } from "../core/runInfo.ts";
import type { MachineFinal } from "../core/session/machineSession.ts";
import { UserError } from "../core/userError.ts";
import { describeFsError, errnoCode, fsUserError } from "./fsErrors.ts";
import { makeDirectory } from "./makeDirectory.ts";
import { CLOCKLAB_VERSION } from "./version.ts";

export const RUN_INFO_FILE = "run.json";
export const ROUTER_LOG_FILE = "router.jsonl";
/** What the simulated network still carried when the run ended (a live network's is real). */
export const NETWORK_FINAL_FILE = "network.final.json";

/** Room left in run.json for recording the end of the run on a full disk. */
const RUN_INFO_SLACK_BYTES = 2048;

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

/**
 * `<logDir>/<runId>`. A run id comes from the wire (the router's welcome) or the command line, so
 * it is checked to be a plain run name that stays inside the log directory: never a path.
 */
export function runDirectoryPath(logDir: string, runId: string): string {
  const base = resolve(logDir);
  const dir = resolve(base, runId);
  const inside = relative(base, dir);
  if (!RUN_ID_PATTERN.test(runId) || inside !== runId) {
    throw new UserError(
      `run id ${JSON.stringify(runId.slice(0, 120))} is not a run name (1-100 of A-Z a-z 0-9 _ . -, starting ` +
        `with a letter or digit); refusing to use it as a directory under ${base}`,
    );
  }
  return dir;
}

export function ensureRunDirectory(logDir: string, runId: string): string {
  const dir = runDirectoryPath(logDir, runId);
  try {
    makeDirectory(dir);
  } catch (error) {
    throw new UserError(
      `run.logDir ${logDir}: cannot create ${dir}: ${describeFsError(error)}; expected a writable directory`,
    );
  }
  return dir;
}

/** Writes run.json: atomically, or, on a full disk, in place within the space it already has. */
export function writeRunInfo(runDir: string, info: RunInfo): void {
  const path = join(runDir, RUN_INFO_FILE);
  const text = `${JSON.stringify(info, null, 2)}\n`;
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text + " ".repeat(RUN_INFO_SLACK_BYTES));
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (errnoCode(error) !== "ENOSPC" && errnoCode(error) !== "EDQUOT")
      throw fsUserError("write", path, error);
    overwriteInPlace(path, text, error);
  }
}

function overwriteInPlace(path: string, text: string, cause: unknown): void {
  let fd: number;
  let size: number;
  try {
    const old = readFileSync(path);
    size = old.length;
    fd = openSync(path, "r+");
  } catch {
    throw fsUserError("write", path, cause);
  }
  try {
    const bytes = Buffer.from(text);
    if (bytes.length > size) throw fsUserError("write", path, cause);
    const padded = Buffer.alloc(size, 0x20);
    bytes.copy(padded);
    writeSync(fd, padded, 0, size, 0);
  } catch (error) {
    throw error instanceof UserError ? error : fsUserError("write", path, error);
  } finally {
    closeSync(fd);
  }
}

export function writeMachineFinal(runDir: string, final: MachineFinal): void {
  writeJson(machineFinalFile(runDir, final.id), final);
}

export function writeNetworkFinal(runDir: string, network: { endedAt: number; inFlight: unknown[] }): void {
  writeJson(join(runDir, NETWORK_FINAL_FILE), network);
}

function writeJson(path: string, value: unknown): void {
  try {
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw fsUserError("write", path, error);
  }
}

export function currentVersions(): RunInfo["versions"] {
  return { clocklab: CLOCKLAB_VERSION, node: process.version, protocol: PROTOCOL_VERSION };
}
