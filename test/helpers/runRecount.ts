// An independent recount, straight from a run directory's raw logs, of the numbers the report
// shows around its faults: the time grid and the charts' binned series, the one-second Lamport
// spread samples, and each fault window's before/during/after phases. It shares no code with
// src/analysis: each rule is written out again from the documented definitions, so that a test
// comparing the two catches a report number that is not what the logs say.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

type Line = Record<string, unknown>;

export interface RawEvent {
  machine: string;
  /** The machine's place in run.json's list (ties in true time go by it). */
  index: number;
  seq: number;
  type: string;
  trueTime: number;
  systemTime: number;
  lamport: number;
  queueLength: number;
  message?: { id: string; from?: string; sentAt: number };
}

export interface RawRun {
  ids: string[];
  /** run.json's t0: what fault windows count from (ms, true time). */
  t0: number;
  /** Every event, in true-time order (a SEND before other events at the same time, then by machine). */
  events: RawEvent[];
  router: Line[];
  faults: Array<{ id: string; kind: string; fromMs: number; toMs: number }>;
}

const lines = (path: string): Line[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Line);

export function readRawRun(dir: string): RawRun {
  const info = JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as Line;
  const ids = (info.machines as Array<{ id: string }>).map((m) => m.id);
  const events: RawEvent[] = [];
  ids.forEach((machine, index) => {
    for (const e of lines(join(dir, `${machine}.jsonl`)))
      events.push({ ...(e as unknown as RawEvent), machine, index });
  });
  events.sort(
    (a, b) =>
      a.trueTime - b.trueTime || Number(a.type !== "SEND") - Number(b.type !== "SEND") || a.index - b.index,
  );
  const routerFile = readdirSync(dir).includes("router.jsonl") ? lines(join(dir, "router.jsonl")) : [];
  return {
    ids,
    t0: info.t0 as number,
    events,
    router: routerFile,
    faults: (info.faults ?? []) as RawRun["faults"],
  };
}

/** The charts' bins: 512 of them from the first event, the smallest power-of-two ms width that holds the last. */
export function binWidthMs(run: RawRun): number {
  const first = run.events[0]!.trueTime;
  const last = run.events.at(-1)!.trueTime;
  let width = 1;
  while (Math.floor((last - first) / width) >= 512) width *= 2;
  return width;
}

const binOf = (run: RawRun, width: number, t: number) => {
  const offset = t - run.events[0]!.trueTime;
  return offset > 0 ? Math.floor(offset / width) : 0;
};
const middleS = (bin: number, width: number) => ((bin + 0.5) * width) / 1000;

/** [machine, tS, value]: per machine (in id order) and bin, the last (or largest) value of its events. */
export function machineBins(
  run: RawRun,
  value: (e: RawEvent) => number,
  combine: "last" | "max",
): Array<[string, number, number]> {
  const width = binWidthMs(run);
  const out: Array<[string, number, number]> = [];
  for (const id of run.ids) {
    const bins = new Map<number, number>();
    for (const e of run.events) {
      if (e.machine !== id) continue;
      const bin = binOf(run, width, e.trueTime);
      const old = bins.get(bin);
      bins.set(bin, combine === "last" || old === undefined ? value(e) : Math.max(old, value(e)));
    }
    for (const bin of [...bins.keys()].sort((a, b) => a - b))
      out.push([id, middleS(bin, width), bins.get(bin)!]);
  }
  return out;
}

/** The spread samples at T0, T0 + 1 s, ... while <= T1 (machines with events; 0 before their first). */
export function spreadSamples(run: RawRun): Array<{ atMs: number; spread: number }> {
  const first = run.events[0]!.trueTime;
  const last = run.events.at(-1)!.trueTime;
  const takingPart = new Set(run.events.map((e) => e.machine));
  const out: Array<{ atMs: number; spread: number }> = [];
  for (let at = first; at <= last; at += 1000) {
    const latest = new Map<string, number>([...takingPart].map((id) => [id, 0]));
    for (const e of run.events) if (e.trueTime <= at) latest.set(e.machine, e.lamport);
    const values = [...latest.values()];
    out.push({ atMs: at, spread: Math.max(...values) - Math.min(...values) });
  }
  return out;
}

/** [tS, spread]: the largest sample in each bin. */
export function spreadBins(run: RawRun): Array<[number, number]> {
  const width = binWidthMs(run);
  const bins = new Map<number, number>();
  for (const s of spreadSamples(run)) {
    const bin = binOf(run, width, s.atMs);
    bins.set(bin, Math.max(bins.get(bin) ?? Number.NEGATIVE_INFINITY, s.spread));
  }
  return [...bins.keys()].sort((a, b) => a - b).map((bin) => [middleS(bin, width), bins.get(bin)!]);
}

export interface RecountedPhase {
  fromS: number;
  toS: number;
  durationS: number;
  events: number;
  eventsPerSecond: number | null;
  receives: number;
  drops: number;
  queueMax: number | null;
  transitMsMean: number | null;
  spreadMax: number | null;
}

/** The spread after each event (machines with events count 0 before their first). */
function spreadsAfterEvents(run: RawRun): number[] {
  const latest = new Map<string, number>([...new Set(run.events.map((e) => e.machine))].map((id) => [id, 0]));
  return run.events.map((e) => {
    latest.set(e.machine, e.lamport);
    const values = [...latest.values()];
    return Math.max(...values) - Math.min(...values);
  });
}

/** A phase [fromMs, toMs) of true time: its events, the router's drops in it, and the spread. */
export function recountPhase(run: RawRun, fromMs: number, toMs: number): RecountedPhase {
  const first = run.events[0]!.trueTime;
  const last = run.events.at(-1)!.trueTime;
  const spreads = spreadsAfterEvents(run);
  const inPhase = run.events
    .map((e, i) => ({ e, spread: spreads[i]! }))
    .filter(({ e }) => e.trueTime >= fromMs && e.trueTime < toMs);
  const receives = inPhase.filter(({ e }) => e.type === "RECEIVE");
  const transits = receives.map(({ e }) => e.systemTime - e.message!.sentAt);
  const drops = run.router.filter(
    (l) => l.type === "dropped" && (l.at as number) >= fromMs && (l.at as number) < toMs,
  );
  // The spread in force as the phase begins: after the last event before it (0 before any).
  let begin = 0;
  run.events.forEach((e, i) => {
    if (e.trueTime < fromMs) begin = spreads[i]!;
  });
  const from = Math.min(Math.max(fromMs, first), last);
  const to = Math.max(from, Math.min(toMs, last));
  const durationS = (to - from) / 1000;
  return {
    fromS: (from - first) / 1000,
    toS: (to - first) / 1000,
    durationS,
    events: inPhase.length,
    eventsPerSecond: durationS > 0 ? inPhase.length / durationS : null,
    receives: receives.length,
    drops: drops.length,
    queueMax: inPhase.length > 0 ? Math.max(...inPhase.map(({ e }) => e.queueLength)) : null,
    transitMsMean: transits.length > 0 ? transits.reduce((a, b) => a + b, 0) / transits.length : null,
    spreadMax: durationS > 0 || inPhase.length > 0 ? Math.max(begin, ...inPhase.map((p) => p.spread)) : null,
  };
}

/** A fault window's three phases: as long as the window just before it, the window, as long again after. */
export function recountPhases(run: RawRun, fault: { fromMs: number; toMs: number }) {
  const from = run.t0 + fault.fromMs;
  const to = run.t0 + fault.toMs;
  const length = to - from;
  return {
    before: recountPhase(run, from - length, from),
    during: recountPhase(run, from, to),
    after: recountPhase(run, to, to + length),
  };
}
