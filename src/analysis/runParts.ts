// One run carried by NATS over several hosts leaves a part of its run directory on each: the
// coordinator's host has run.json and router.jsonl, every host has its machines' logs and its part
// log (edges/<part>.jsonl, whose first line names the run). This module tells which directories
// given to `analyze` are parts of one run, refuses parts that belong to no run given with them,
// and merges a run's parts into one set of files, so they are analysed and reported as one run.
import { open } from "node:fs/promises";
import { compareIds } from "../core/routing.ts";
import { UserError } from "../core/userError.ts";
import type { RunFiles } from "./runFiles.ts";

const FIRST_LINE_BYTES = 64 * 1024;

/** The run a part log says it belongs to (its first line), or null if it does not say. */
async function partRunId(path: string): Promise<string | null> {
  let handle: Awaited<ReturnType<typeof open>> | null = null;
  try {
    handle = await open(path, "r");
    const buffer = Buffer.alloc(FIRST_LINE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, FIRST_LINE_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    const first = JSON.parse(text.slice(0, text.indexOf("\n") >>> 0)) as { type?: unknown; runId?: unknown };
    return first.type === "part" && typeof first.runId === "string" ? first.runId : null;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

/** The run id a directory belongs to: run.json's, else its part logs'; null for a run that is not in parts. */
export async function runIdOfPart(files: RunFiles): Promise<string | null> {
  const info = files.run.info;
  const config = info?.config as { run?: { transport?: unknown } } | undefined;
  if (files.partLogs.length === 0 && config?.run?.transport !== "nats") return null;
  const fromInfo = info?.runId;
  if (typeof fromInfo === "string") return fromInfo;
  for (const path of files.partLogs) {
    const id = await partRunId(path);
    if (id !== null) return id;
  }
  return null;
}

/**
 * Groups the directories: the parts of one run become one group (the coordinator's part first);
 * every other directory is a group of its own. A part of a run none of the others belongs to, and
 * that has no run.json of its own, is refused with both ids.
 */
export async function groupRunParts(all: RunFiles[]): Promise<RunFiles[][]> {
  const groups: RunFiles[][] = [];
  const byRun = new Map<string, RunFiles[]>();
  for (const files of all) {
    const runId = await runIdOfPart(files);
    if (runId === null) {
      groups.push([files]);
      continue;
    }
    let group = byRun.get(runId);
    if (group === undefined) {
      group = [];
      byRun.set(runId, group);
      groups.push(group);
    }
    group.push(files);
  }
  for (const [runId, group] of byRun) {
    if (group.some((files) => files.run.info !== null) || all.length === 1) continue;
    const others = [...byRun.keys()].filter((id) => id !== runId);
    const dir = group[0]!.runDir;
    throw new UserError(
      `${dir} is a part of run ${runId}, but ${others.length > 0 ? `the other parts given are of run ${others.join(", ")}` : "no part given has that run's run.json"}; ` +
        "expected the parts of one run (each host's copy of the same run directory)",
    );
  }
  for (const group of groups)
    group.sort((a, b) => Number(b.routerLog !== null) - Number(a.routerLog !== null));
  return groups;
}

/** The parts of one run as one set of files: every host's machines, finals and part logs. */
export function mergeRunParts(parts: RunFiles[]): RunFiles {
  const [first, ...rest] = parts;
  if (first === undefined) throw new Error("mergeRunParts: no parts");
  if (rest.length === 0) return first;
  const withInfo = parts.find((files) => files.run.info !== null) ?? first;
  const machines = new Map(first.machines.map((m) => [m.id, m]));
  const finals = new Map(first.finals);
  const warnings = [...first.warnings];
  const routerLogs = parts.filter((files) => files.routerLog !== null);
  if (routerLogs.length > 1)
    warnings.push(`${routerLogs.length} parts have a router.jsonl; using ${routerLogs[0]!.runDir}'s`);
  for (const part of rest) {
    for (const machine of part.machines) {
      const known = machines.get(machine.id);
      if (known === undefined || !known.readable) {
        machines.set(machine.id, machine);
        const final = part.finals.get(machine.id);
        if (final !== undefined) finals.set(machine.id, final);
      } else if (machine.readable) {
        warnings.push(
          `${machine.id}'s log is in two parts (${known.path}, ${machine.path}); using the first`,
        );
      }
    }
    warnings.push(...part.warnings.filter((w) => !w.startsWith("run.json is missing")));
  }
  return {
    ...first,
    run: withInfo.run,
    machines: [...machines.values()].sort((a, b) => compareIds(a.id, b.id)),
    finals,
    partLogs: parts.flatMap((files) => files.partLogs),
    warnings: withInfo === first ? warnings : warnings.filter((w) => !w.startsWith("run.json is missing")),
  };
}
