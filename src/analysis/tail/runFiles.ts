// Which files of a run directory the live view follows: each machine's log, router.jsonl, and
// under NATS the hosts' send logs in edges/ (the same line shapes as router.jsonl: what each
// machine's own edge routed and dropped, and what its books found lost on a link).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { compareIds } from "../../core/routing.ts";
import { EDGES_DIR } from "../runFiles.ts";
import type { MachineTable } from "./machineTable.ts";
import { parseRouterLine } from "./routerLine.ts";
import { TailedFile } from "./tailedFile.ts";
import { parseMachineLine } from "./wireEvent.ts";

const ROUTER_LOG = "router.jsonl";
const LOG_SUFFIX = ".jsonl";

/**
 * Adds to `files` (keyed by name relative to the run) the run's logs not followed yet; false if
 * the run directory cannot be listed.
 */
export function addRunFiles(runDir: string, files: Map<string, TailedFile>, table: MachineTable): boolean {
  let names: string[];
  try {
    names = readdirSync(runDir);
  } catch {
    return false;
  }
  const machineIds = names
    .filter((name) => name.endsWith(LOG_SUFFIX) && name !== ROUTER_LOG)
    .map((name) => name.slice(0, -LOG_SUFFIX.length))
    .sort(compareIds);
  for (const id of machineIds) {
    const name = `${id}${LOG_SUFFIX}`;
    if (!files.has(name))
      files.set(name, new TailedFile(name, join(runDir, name), "machine", table.indexOf(id)));
  }
  if (names.includes(ROUTER_LOG) && !files.has(ROUTER_LOG)) {
    files.set(ROUTER_LOG, new TailedFile(ROUTER_LOG, join(runDir, ROUTER_LOG), "router"));
  }
  if (!names.includes(EDGES_DIR)) return true;
  let parts: string[];
  try {
    parts = readdirSync(join(runDir, EDGES_DIR));
  } catch {
    return true; // being created, or gone: the next look tries again
  }
  for (const part of parts.filter((name) => name.endsWith(LOG_SUFFIX)).sort(compareIds)) {
    const name = `${EDGES_DIR}/${part}`;
    if (!files.has(name)) files.set(name, new TailedFile(name, join(runDir, EDGES_DIR, part), "router"));
  }
  return true;
}

/** Whether every line read from these files was handed on and none waits for its rest. */
export function allHandedOn(files: Iterable<TailedFile>): boolean {
  for (const file of files) {
    if (file.pendingCount > 0 || file.cursor.behind || file.cursor.hasPartial) return false;
  }
  return true;
}

/** One line of a followed file: a WireEvent (machine log) or a RouterRecord, null if corrupt. */
export function parseFileLine(
  file: TailedFile,
  table: MachineTable,
  text: string,
): { parsed: unknown; timeMs: number } {
  if (file.kind === "machine") {
    const event = parseMachineLine(text, file.machine, table);
    return { parsed: event, timeMs: event?.t ?? Number.NEGATIVE_INFINITY };
  }
  const record = parseRouterLine(text);
  return { parsed: record, timeMs: record?.at ?? Number.NEGATIVE_INFINITY };
}
