// Analyses one run directory in a single streaming pass: all machine logs are read in step, their
// events visited in true-time order, and every metric, series and the space-time window is fed one
// event at a time. Memory grows with machines and time bins, not with events (see
// causalityChecker.ts for the one caveat); read buffers shrink as the number of files grows.
import { relative } from "node:path";
import { UserError } from "../core/userError.ts";
import { CausalityChecker } from "./causalityChecker.ts";
import { chunkBytesFor } from "./chunkReader.ts";
import { type EventCursor, JsonlCursor, nextEvent, PythonCursor } from "./cursor.ts";
import { CursorHeap } from "./cursorHeap.ts";
import { diagramMachines } from "./diagramMachines.ts";
import { readFinals, readNetworkFinal } from "./endStates.ts";
import type { AnalysisEvent } from "./event.ts";
import { faultDiagramWindow } from "./faults/diagramWindow.ts";
import type { MachineEnd } from "./faults/faultAnalyzer.ts";
import { type PreparedFaults, prepareFaults } from "./faults/prepareFaults.ts";
import { leftWithLostConnection } from "./lostConnection.ts";
import { MachineAccumulator } from "./machineAccumulator.ts";
import { machineSeries } from "./machineSeries.ts";
import { FateLedger, LOST_UNEXPLAINED, type MessageFates } from "./messageFates.ts";
import { emptyRouterLogResult, type RouterLogResult, readRouterLog } from "./routerLogReader.ts";
import { discoverRun, type RunFiles } from "./runFiles.ts";
import { SpreadTracker } from "./spreadTracker.ts";
import { BinGrid, type BinnedSeries } from "./timeBins.ts";
import type { RunAnalysis, RunMetrics, SeriesPoint } from "./types.ts";
import { WindowCollector } from "./windowCollector.ts";

export interface AnalyzeOptions {
  /**
   * Start of the space-time window, seconds after the run's first event (default 0; a run with
   * faults opens just before its first fault, see faults/diagramWindow.ts).
   */
  windowStartS?: number;
  /** Length of the space-time window in seconds (default 10). */
  windowLengthS?: number;
  /** Machines the space-time diagram draws (default: all up to 20, else the first 12 by id). */
  diagramMachines?: string[];
}

export const DEFAULT_WINDOW_LENGTH_S = 10;

function checkWindow(options: AnalyzeOptions): { startS: number; lengthS: number } {
  const startS = options.windowStartS ?? 0;
  const lengthS = options.windowLengthS ?? DEFAULT_WINDOW_LENGTH_S;
  if (!Number.isFinite(startS) || startS < 0) {
    throw new UserError(`window start ${startS}: expected a number of seconds >= 0`);
  }
  if (!Number.isFinite(lengthS) || lengthS <= 0) {
    throw new UserError(`window length ${lengthS}: expected a number of seconds > 0`);
  }
  return { startS, lengthS };
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

async function openCursors(files: RunFiles, warnings: string[]): Promise<Array<EventCursor | null>> {
  const ids = files.machines.map((m) => m.id);
  const machineOf = pythonSourceResolver(ids);
  const chunkBytes = chunkBytesFor(files.machines.length);
  return Promise.all(
    files.machines.map(async (machine, index): Promise<EventCursor | null> => {
      if (!machine.readable) return null;
      try {
        if (files.format === "clocklab")
          return await JsonlCursor.open(index, machine.file, machine.path, chunkBytes);
        const others = ids.filter((id) => id !== machine.id);
        const context = { id: machine.id, machineOf, others };
        return await PythonCursor.open(index, machine.file, machine.path, context, chunkBytes);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "error";
        warnings.push(`${machine.file} cannot be read (${code}); machine ${machine.id} has no events`);
        return null;
      }
    }),
  );
}

function reportProblems(
  cursor: EventCursor,
  events: number,
  analysis: { warnings: string[]; truncatedFiles: string[] },
) {
  const { problems, file } = cursor;
  const unit = file.endsWith(".jsonl") ? "line" : "element";
  if (problems.truncated) {
    analysis.truncatedFiles.push(file);
    analysis.warnings.push(
      `${file}: the last ${unit} was cut off (the run was killed mid-write?); it was ignored`,
    );
  }
  if (problems.badItems > 0) {
    analysis.warnings.push(
      `${file}: ${problems.badItems} ${unit}${problems.badItems === 1 ? " was" : "s were"} not valid events ` +
        `and skipped (corrupt?; first at ${unit} ${problems.firstBadItem})`,
    );
  }
  if (problems.overlongLines > 0) {
    analysis.warnings.push(`${file}: ${problems.overlongLines} overlong lines (over 16 MB) were skipped`);
  }
  if (events === 0 && problems.badItems === 0 && !problems.truncated) {
    analysis.warnings.push(`${file} holds no events`);
  }
}

/**
 * Reads router.jsonl, and under NATS every host's part log, into the ledger; their problems become
 * warnings. Null when there is no router log at all.
 */
async function readRouterPart(
  files: RunFiles,
  ledger: FateLedger,
  warnings: string[],
  truncatedFiles: string[],
): Promise<RouterLogResult | null> {
  const paths = [...(files.routerLog !== null ? [files.routerLog] : []), ...files.partLogs];
  if (paths.length === 0) return null;
  const result = emptyRouterLogResult();
  for (const path of paths) {
    const name = relative(files.runDir, path) || path;
    const badBefore = result.badLines;
    result.truncated = false;
    await readRouterLog(path, ledger, result);
    if (result.truncated) {
      truncatedFiles.push(name);
      warnings.push(`${name}: the last line was cut off (the run was killed mid-write?); it was ignored`);
    }
    const bad = result.badLines - badBefore;
    if (bad > 0) warnings.push(`${name}: ${bad} lines were not valid router entries and were skipped`);
  }
  if (files.routerLog === null) return result;
  // A router that took the run up after a crash, or that never wrote the end of a run that did not
  // complete, was killed: what it had read and not logged is lost there.
  const status = files.run.status;
  if (result.resumed || (result.ended === null && status !== null && status !== "completed"))
    ledger.routerKilled();
  return result;
}

function routerSummary(result: RouterLogResult | null, t0: number | null): RunAnalysis["router"] {
  if (result === null) return { present: false, routed: 0, dropped: {}, joined: 0, left: [] };
  const router = result.summary;
  router.left.forEach((left, i) => {
    const at = result.leftAtMs[i];
    left.atS = at == null || t0 === null ? null : (at - t0) / 1000;
  });
  return router;
}

/** Every delivery's fate. Without a router log (the original exercise), all that is known is received or not. */
function closeTheBooks(
  files: RunFiles,
  routerLog: RouterLogResult | null,
  ledger: FateLedger,
  warnings: string[],
): MessageFates {
  const fates = ledger.finish(routerLog !== null);
  warnings.push(...ledger.warnings);
  if (routerLog !== null) return fates;
  const rest = Math.max(0, fates.sent - fates.delivered - fates.queued - sumOf(fates.dropped));
  if (files.format === "python-exercise") {
    // The original exercise logs no queues at the end: what was not received was queued or on its way.
    return { ...fates, queued: fates.queued + rest, undelivered: fates.undelivered + rest, lost: {} };
  }
  if (rest > 0)
    warnings.push(`router.jsonl is missing: ${rest} deliveries cannot be followed past their SEND`);
  return { ...fates, lost: rest > 0 ? { [LOST_UNEXPLAINED]: rest } : {} };
}

/** run.json's t0, when it records one. */
function runStartOf(info: Record<string, unknown> | null): number | null {
  const t0 = info?.t0;
  return typeof t0 === "number" && Number.isFinite(t0) ? t0 : null;
}

/** Before an event is counted: is it a machine's first after a restart? */
function beforeEvent(
  faults: PreparedFaults,
  accumulator: MachineAccumulator,
  machine: number,
  previous: AnalysisEvent | undefined,
  event: AnalysisEvent,
): void {
  if (!faults.restarts.any) return;
  const down = faults.restarts.check(machine, previous?.trueTime ?? Number.NaN, event.trueTime);
  if (down === null || previous === undefined) return;
  accumulator.restart(down.restart, down.fault);
  const last = { timeMs: previous.trueTime, lamport: previous.lamport, queueLength: previous.queueLength };
  faults.analyzer.restarted(machine, down, last, event, accumulator.receives);
}

/** After an event is counted: the fault analysis takes it (and a catch-up jump, if it was one). */
function afterEvent(
  faults: PreparedFaults,
  accumulator: MachineAccumulator,
  machine: number,
  event: AnalysisEvent,
  step: number | null,
): void {
  if (accumulator.catchUpNow) faults.analyzer.catchUp(machine, accumulator.lastCatchUpJump, event);
  faults.analyzer.event(machine, event, step);
}

function sumOf(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Analyses a run directory, or a run's files as discovered (the merged parts of a run over NATS). */
export async function analyzeRun(run: string | RunFiles, options: AnalyzeOptions = {}): Promise<RunAnalysis> {
  const window = checkWindow(options);
  const files = typeof run === "string" ? await discoverRun(run) : run;
  const warnings = [...files.warnings];
  const truncatedFiles: string[] = [];
  const ids = files.machines.map((m) => m.id);
  const drawn = diagramMachines(ids, options.diagramMachines);
  const othersCount = Math.max(0, ids.length - 1);
  const accumulators = files.machines.map((m) => new MachineAccumulator(m.id, m.file));
  // The router's record comes first: what it says of lost sends is needed when the SENDs are read.
  const ledger = new FateLedger();
  const routerLog = await readRouterPart(files, ledger, warnings, truncatedFiles);
  const cursors = await openCursors(files, warnings);

  const heap = new CursorHeap();
  const participates = ids.map(() => false);
  for (const cursor of cursors) {
    if (cursor !== null && (await nextEvent(cursor))) {
      heap.push(cursor);
      participates[cursor.machine] = true;
    }
  }
  const t0 = heap.size > 0 ? heap.top()!.current!.trueTime : null;
  const faults = await prepareFaults({
    info: files.run.info,
    routerLog: files.routerLog,
    connectionLost: (routerLog?.summary.left ?? []).some((left) => leftWithLostConnection(left.reason)),
    ids,
    participates,
    firstEventMs: t0,
    warnings,
  });
  const grid = new BinGrid(t0 ?? 0);
  const lamportSeries = grid.seriesSet("last", ids.length);
  const queueSeries = grid.seriesSet("max", ids.length);
  // A machine's are taken at its first event with a hybrid clock (logs of the original exercise
  // have none); the sets are made at the run's first.
  const hlcAheadSeries: Array<BinnedSeries | undefined> = ids.map(() => undefined);
  const hlcLogicalSeries: Array<BinnedSeries | undefined> = ids.map(() => undefined);
  let hlcSets: { ahead: BinnedSeries[]; logical: BinnedSeries[] } | undefined;
  const spreadSeries = grid.series("max");
  const spread = new SpreadTracker(t0 ?? 0, participates, (sampleMs, value) =>
    spreadSeries.record(grid.binOf(sampleMs), value),
  );
  const opened =
    faults === null || t0 === null || options.windowStartS !== undefined
      ? null
      : faultDiagramWindow(faults.windows, faults.runStartMs, t0, options.windowLengthS);
  const { startS, lengthS } = opened ?? window;
  const windowCollector = new WindowCollector(t0 ?? 0, startS, lengthS, ids, drawn);
  const checker = new CausalityChecker();
  const previous: Array<AnalysisEvent | undefined> = ids.map(() => undefined);
  let t1 = t0 ?? 0;

  while (heap.size > 0) {
    const cursor = heap.top()!;
    const event = cursor.current!;
    const machine = cursor.machine;
    const id = ids[machine]!;
    const time = event.trueTime;
    const accumulator = accumulators[machine]!;
    if (faults !== null) beforeEvent(faults, accumulator, machine, previous[machine], event);
    const step = accumulator.add(event, othersCount);
    if (faults !== null) afterEvent(faults, accumulator, machine, event, step);
    if (time > t1) t1 = time;
    spread.event(machine, time, event.lamport);
    const bin = grid.binOf(time);
    lamportSeries[machine]!.record(bin, event.lamport);
    queueSeries[machine]!.record(bin, event.queueLength);
    if (event.hlcWall !== undefined) {
      let ahead = hlcAheadSeries[machine];
      let logical = hlcLogicalSeries[machine];
      if (ahead === undefined || logical === undefined) {
        hlcSets ??= { ahead: grid.seriesSet("max", ids.length), logical: grid.seriesSet("max", ids.length) };
        ahead = hlcAheadSeries[machine] = hlcSets.ahead[machine]!;
        logical = hlcLogicalSeries[machine] = hlcSets.logical[machine]!;
      }
      ahead.record(bin, event.hlcWall - Math.floor(event.systemTime));
      logical.record(bin, event.hlcLogical!);
    }
    windowCollector.event(machine, id, event, step);
    const message = event.message;
    const destinations =
      event.type === "SEND" ? (message?.to?.length ?? (message?.kind === "BROADCAST" ? othersCount : 1)) : 0;
    checker.event(event, id, previous[machine], destinations);
    ledger.event(id, event, destinations);
    previous[machine] = event;

    let more = cursor.advance();
    while (more === "fill") {
      await cursor.fill();
      more = cursor.advance();
    }
    if (more) heap.topChanged();
    else heap.popTop();
  }
  if (t0 !== null) spread.finish(t1);

  const problemSink = { warnings, truncatedFiles };
  let slowPathLines = 0;
  for (const cursor of cursors) {
    if (cursor === null) continue;
    await cursor.close();
    slowPathLines += cursor.problems.slowPathLines;
    reportProblems(cursor, accumulators[cursor.machine]!.events, problemSink);
  }
  if (t0 === null) warnings.push("the run has no events");

  await readFinals(files, accumulators, ledger, warnings);
  // Every machine writes its final file at a clean end. In a run that ended, one without it was
  // killed or failed (its log could not be written): what it had not received was in its queue.
  if (routerLog?.ended != null) {
    for (const machine of files.machines)
      if (!files.finals.has(machine.id)) ledger.connectionLost(machine.id);
  }
  await readNetworkFinal(files.runDir, othersCount, ledger, warnings);
  const router = routerSummary(routerLog, t0);
  const fates = closeTheBooks(files, routerLog, ledger, warnings);

  const machineMetrics = accumulators.map((a) => a.metrics());
  const sendDestinations = accumulators.reduce((sum, a) => sum + a.sendDestinations, 0);
  const runMetrics: RunMetrics = {
    spreadMax: spread.max,
    spreadFinal: spread.final,
    ...fates,
    causalityViolations: checker.violations,
  };

  const spreadPoints: SeriesPoint[] = t0 === null ? [] : grid.points(spreadSeries);
  const perMachine = machineSeries(t0 === null ? null : grid, ids, machineMetrics, {
    lamport: lamportSeries,
    queue: queueSeries,
    hlcAhead: hlcAheadSeries,
    hlcLogical: hlcLogicalSeries,
  });
  const ends = accumulators.map(
    (a): MachineEnd => ({
      last: a.events === 0 ? null : { timeMs: a.lastTime, lamport: a.lamportLast, queueLength: a.queueLast },
      receives: a.receives,
    }),
  );
  const faultResults = faults === null || t0 === null ? [] : faults.analyzer.finish(t0, t1, ends);
  return {
    runDir: files.runDir,
    format: files.format,
    machineIds: ids,
    metrics: {
      machines: Object.fromEntries(ids.map((id, i) => [id, machineMetrics[i]!])),
      run: runMetrics,
    },
    machines: accumulators.map((a) => a.details(t0)),
    run: files.run,
    router,
    t0Ms: t0,
    t1Ms: t0 === null ? null : t1,
    durationS: t0 === null ? 0 : (t1 - t0) / 1000,
    spreadMaxAtS: spread.maxAtMs === null || t0 === null ? null : (spread.maxAtMs - t0) / 1000,
    sendDestinations,
    vectorChecksSkipped: checker.vectorChecksSkipped,
    vectorChecksMade: checker.vectorChecksMade,
    series: {
      binWidthS: grid.widthMs / 1000,
      ...perMachine,
      spread: spreadPoints,
    },
    window: { ...windowCollector.result(), openedOnFault: opened?.fault ?? null },
    runStartMs: faults?.runStartMs ?? runStartOf(files.run.info),
    faults: faultResults,
    truncatedFiles,
    slowPathLines,
    warnings,
  };
}
