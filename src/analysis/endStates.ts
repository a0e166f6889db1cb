// What a run left at its end: each machine's <id>.final.json (its queue at a clean end) and, for
// a simulation, network.final.json (messages still on a link). Both feed the fate ledger; a file
// that is not what clocklab writes becomes a warning.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { MachineAccumulator } from "./machineAccumulator.ts";
import type { FateLedger } from "./messageFates.ts";
import type { RunFiles } from "./runFiles.ts";

const FINALS_AT_ONCE = 64;
export const NETWORK_FINAL_FILE = "network.final.json";

type QueuedEntry = { id?: unknown; from?: unknown; duplicate?: boolean };

/** A machine's queue at the end, or null (with a warning) if its final file is not usable. */
async function readQueuedAtEnd(path: string, warnings: string[]): Promise<QueuedEntry[] | null> {
  try {
    const value = JSON.parse(await readFile(path, "utf8")) as { queued?: unknown };
    if (Array.isArray(value.queued)) return value.queued as QueuedEntry[];
  } catch {
    // Reported below.
  }
  warnings.push(`${path.split("/").pop()}: not the expected {"queued": [...]} object; ignored`);
  return null;
}

/** Reads the final states a few dozen at a time (thousands one by one would wait on each); warnings in order. */
export async function readFinals(
  files: RunFiles,
  accumulators: MachineAccumulator[],
  ledger: FateLedger,
  warnings: string[],
): Promise<void> {
  const jobs = files.machines.flatMap((machine, index) => {
    const path = files.finals.get(machine.id);
    return path === undefined ? [] : [{ index, id: machine.id, path }];
  });
  for (let start = 0; start < jobs.length; start += FINALS_AT_ONCE) {
    const batch = jobs.slice(start, start + FINALS_AT_ONCE);
    const found = await Promise.all(
      batch.map(async ({ path }) => {
        const own: string[] = [];
        return { queued: await readQueuedAtEnd(path, own), own };
      }),
    );
    found.forEach(({ queued, own }, i) => {
      const job = batch[i]!;
      accumulators[job.index]!.queuedAtEnd = queued === null ? null : queued.length;
      if (queued !== null) ledger.queuedAtEnd(job.id, queued);
      warnings.push(...own);
    });
  }
}

interface InFlightEntry {
  from?: unknown;
  to?: unknown;
  kind?: unknown;
  stage?: unknown;
  duplicate?: unknown;
}

/** The simulated network's links at the end; `othersCount` resolves a broadcast still on its way up. */
export async function readNetworkFinal(
  runDir: string,
  othersCount: number,
  ledger: FateLedger,
  warnings: string[],
): Promise<void> {
  let text: string;
  try {
    text = await readFile(join(runDir, NETWORK_FINAL_FILE), "utf8");
  } catch {
    return; // A live run has no such file: its network is real.
  }
  let entries: unknown;
  try {
    entries = (JSON.parse(text) as { inFlight?: unknown }).inFlight;
  } catch {
    entries = undefined;
  }
  if (!Array.isArray(entries)) {
    warnings.push(`${NETWORK_FINAL_FILE}: not the expected {"inFlight": [...]} object; ignored`);
    return;
  }
  for (const entry of entries as InFlightEntry[]) {
    if (typeof entry.from !== "string" || entry.duplicate === true) continue;
    const to = typeof entry.to === "string" ? entry.to : null;
    if (entry.stage === "to-machine") ledger.inFlightAtEnd("to-machine", entry.from, to, 1);
    else ledger.inFlightAtEnd("to-router", entry.from, to, entry.kind === "BROADCAST" ? othersCount : 1);
  }
}
