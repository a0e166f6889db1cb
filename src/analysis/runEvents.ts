// Opens a run's machine logs as one true-time-ordered stream of events for the analyser: read on
// the analyser's own thread, or, for a large clocklab run, decoded and merged in a reading thread
// beside it (parallel/workerEvents.ts), which is faster on a host with a core to spare and gives
// the same events in the same order. Logs that cannot be opened become warnings either way.
import { statSync } from "node:fs";
import { chunkBytesFor } from "./chunkReader.ts";
import type { EventCursor } from "./cursor.ts";
import {
  type LogReport,
  type MachineLog,
  MergedEvents,
  type OrderedEvents,
  openCursor,
} from "./mergedEvents.ts";
import { readWorkerScript, startReadingThreads } from "./parallel/workerEvents.ts";
import type { RunFiles } from "./runFiles.ts";

/** Below this much log text a reading thread costs more to start than it saves. */
export const THREADS_FROM_BYTES = 24 << 20;
/** The part of the log text the analyser decodes itself when threads read the rest. */
const OWN_SHARE = 0.3;

/** How the logs are read: "auto" (a thread for a large clocklab run), or a number of reading threads. */
export type ReadThreads = "auto" | number;

export interface RunEvents {
  events: OrderedEvents;
  /** Reading threads used (0: the analyser's own). */
  threads: number;
  /** After the last event (or an error): closes the logs; what each one's reading found, in machine order. */
  finish(): Promise<LogReport[]>;
}

/** Maps a Python exercise message source ("127.0.0.1:8001") to the machine named by its port. */
function pythonSourceResolver(ids: string[]): (source: string) => string {
  const cache = new Map<string, string>();
  return (source) => {
    let id = cache.get(source);
    if (id === undefined) {
      const port = source.split(":").pop() ?? source;
      id = ids.find((candidate) => candidate === source || candidate.endsWith(`-${port}`)) ?? source;
      cache.set(source, id);
    }
    return id;
  };
}

function sizeOf(log: MachineLog): number {
  try {
    return statSync(log.path).size;
  } catch {
    return 0; // Opening it will say why.
  }
}

function threadsFor(files: RunFiles, bytes: number, requested: ReadThreads): number {
  if (files.format !== "clocklab") return 0;
  const fromEnv = process.env.CLOCKLAB_ANALYZE_THREADS;
  const wanted = fromEnv !== undefined && /^\d$/.test(fromEnv) ? Number(fromEnv) : requested;
  if (wanted === "auto") return bytes >= THREADS_FROM_BYTES ? 1 : 0;
  return wanted;
}

/**
 * The logs split by size: the analyser's own share (it also does all the metrics), then one share
 * per reading thread. Largest first, each to the share furthest below its target.
 */
function shareOut(logs: MachineLog[], sizes: number[], threads: number): MachineLog[][] {
  const total = sizes.reduce((sum, n) => sum + n, 0);
  const own = threads === 0 ? 1 : OWN_SHARE;
  const targets = [own, ...Array.from({ length: threads }, () => (1 - own) / threads)].map((f) => f * total);
  const shares: MachineLog[][] = targets.map(() => []);
  const order = logs.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < targets.length; s++) if (targets[s]! > targets[best]!) best = s;
    targets[best]! -= sizes[i]!;
    shares[best]!.push(logs[i]!);
  }
  for (const share of shares) share.sort((a, b) => a.index - b.index);
  return shares;
}

function cannotRead(files: RunFiles, index: number, code: string): string {
  const machine = files.machines[index]!;
  return `${machine.file} cannot be read (${code}); machine ${machine.id} has no events`;
}

/** Opens logs on this thread; failures go to `failures`. */
async function openHere(
  files: RunFiles,
  logs: MachineLog[],
  chunkBytes: number,
  failures: Array<{ index: number; code: string }>,
): Promise<EventCursor[]> {
  const ids = files.machines.map((m) => m.id);
  const machineOf = pythonSourceResolver(ids);
  const opened = await Promise.all(
    logs.map((log) => {
      const id = ids[log.index]!;
      const python =
        files.format === "clocklab" ? null : { id, machineOf, others: ids.filter((other) => other !== id) };
      return openCursor(log, chunkBytes, python);
    }),
  );
  const cursors: EventCursor[] = [];
  opened.forEach((cursor, i) => {
    if ("code" in cursor) failures.push({ index: logs[i]!.index, code: cursor.code });
    else cursors.push(cursor);
  });
  return cursors;
}

/** The run's events; `participates` gets the machines that have any. */
export async function openRunEvents(
  files: RunFiles,
  warnings: string[],
  participates: boolean[],
  requested: ReadThreads = "auto",
): Promise<RunEvents> {
  const logs: MachineLog[] = files.machines.flatMap((machine, index) =>
    machine.readable ? [{ index, file: machine.file, path: machine.path }] : [],
  );
  const chunkBytes = chunkBytesFor(files.machines.length);
  const sizes = files.format === "clocklab" ? logs.map(sizeOf) : logs.map(() => 0);
  const wanted = threadsFor(
    files,
    sizes.reduce((sum, n) => sum + n, 0),
    requested,
  );
  const script = wanted > 0 ? readWorkerScript() : null;
  const threads = script === null ? 0 : wanted;
  const [own, ...shares] = shareOut(logs, sizes, threads);
  const failures: Array<{ index: number; code: string }> = [];
  const reading =
    script === null ? null : await startReadingThreads(script, shares, files.machines.length, chunkBytes);
  const cursors = await openHere(files, own!, chunkBytes, failures);
  if (reading !== null) {
    failures.push(...reading.failures);
    for (const index of reading.participating) participates[index] = true;
  }
  for (const { index, code } of failures.sort((a, b) => a.index - b.index))
    warnings.push(cannotRead(files, index, code));
  const events = await MergedEvents.start([...cursors, ...(reading?.streams ?? [])], participates);
  const finish = async () => {
    const reports = cursors.map((c) => ({ machine: c.machine, file: c.file, problems: c.problems }));
    for (const cursor of cursors) await cursor.close();
    if (reading !== null) reports.push(...(await reading.finish()));
    return reports.sort((a, b) => a.machine - b.machine);
  };
  return { events, threads, finish };
}
