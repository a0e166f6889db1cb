// Reads a live run directory (run.json, <id>.jsonl, <id>.final.json, router.jsonl) and computes
// what the tick and scale benchmarks report: per machine, tick lateness against the absolute
// schedule (tick k at t0 + k*1000/speed), achieved rate and drift; for the run, message accounting
// (sent, routed, received, queued, dropped, lost). A run over NATS has no router.jsonl routed
// lines: its senders' edges log them in edges/<part>.jsonl, read here as well.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunInfo } from "../../src/core/runInfo.ts";
import { ticksInDuration } from "../../src/core/schedule.ts";

interface EventLine {
  tick: number;
  type: "SEND" | "RECEIVE" | "INTERNAL";
  trueTime: number;
  message?: { id: string; from?: string };
}

export interface MachineTicks {
  id: string;
  ticksPerSecond: number;
  ticksExpected: number;
  events: number;
  firstTick: number;
  lastTick: number;
  /** trueTime - scheduled time of every event, ms. */
  latenessMs: Float64Array;
  /** (lastTick - firstTick) / (trueTime of last - trueTime of first), ticks/s. */
  achievedTicksPerSecond: number;
  /** Lateness of the last tick, ms: how far the schedule slipped over the whole run. */
  driftMs: number;
}

export interface MessageAccounting {
  sent: number;
  routed: number;
  received: number;
  queued: number;
  dropped: number;
  /** Drops by reason (machine-gone, slow-consumer, ...). */
  droppedByReason: Record<string, number>;
  /** Routed deliveries neither received nor left queued at the end. */
  lostDeliveries: number;
  /** Messages sent whose id the router never logged (routed or dropped). */
  lostBeforeRouter: number;
}

export interface RunAnalysis {
  info: RunInfo;
  machines: MachineTicks[];
  messages: MessageAccounting;
}

function jsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) if (line !== "") out.push(JSON.parse(line) as T);
  return out;
}

export function analyzeRunDir(runDir: string): RunAnalysis {
  const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as RunInfo;
  if (info.t0 === null) throw new Error(`${runDir}: run.json has no t0; the run never started`);
  const t0 = info.t0;
  const durationMs = info.durationS * 1000;
  const received = new Set<string>();
  const sentIds: string[] = [];
  const machines: MachineTicks[] = [];
  let receivedCount = 0;
  let queued = 0;
  for (const { id, ticksPerSecond } of info.machines) {
    const events = jsonLines<EventLine>(join(runDir, `${id}.jsonl`));
    const latenessMs = new Float64Array(events.length);
    events.forEach((event, index) => {
      latenessMs[index] = event.trueTime - (t0 + (event.tick * 1000) / ticksPerSecond);
      if (event.type === "RECEIVE" && event.message !== undefined) {
        received.add(`${event.message.from}>${id}:${event.message.id}`);
        receivedCount++;
      } else if (event.type === "SEND" && event.message !== undefined) {
        sentIds.push(event.message.id);
      }
    });
    const finalPath = join(runDir, `${id}.final.json`);
    if (existsSync(finalPath)) {
      const final = JSON.parse(readFileSync(finalPath, "utf8")) as {
        queued: Array<{ id: string; from: string }>;
      };
      for (const message of final.queued) received.add(`${message.from}>${id}:${message.id}`);
      queued += final.queued.length;
    }
    const first = events[0];
    const last = events.at(-1);
    const spanS = first !== undefined && last !== undefined ? (last.trueTime - first.trueTime) / 1000 : 0;
    machines.push({
      id,
      ticksPerSecond,
      ticksExpected: ticksInDuration(ticksPerSecond, durationMs),
      events: events.length,
      firstTick: first?.tick ?? 0,
      lastTick: last?.tick ?? 0,
      latenessMs,
      achievedTicksPerSecond: spanS > 0 ? (last!.tick - first!.tick) / spanS : Number.NaN,
      driftMs: latenessMs[latenessMs.length - 1] ?? Number.NaN,
    });
  }
  type LogEntry = { type: string; id?: string; from?: string; to?: string; reason?: string };
  const edgesDir = join(runDir, "edges");
  const parts = existsSync(edgesDir) ? readdirSync(edgesDir).filter((name) => name.endsWith(".jsonl")) : [];
  const routerLog = [join(runDir, "router.jsonl"), ...parts.map((name) => join(edgesDir, name))].flatMap(
    (path) => jsonLines<LogEntry>(path),
  );
  const loggedIds = new Set<string>();
  let routed = 0;
  let dropped = 0;
  const droppedByReason: Record<string, number> = {};
  let lostDeliveries = 0;
  for (const entry of routerLog) {
    if (entry.type === "routed") {
      routed++;
      loggedIds.add(entry.id!);
      if (!received.has(`${entry.from}>${entry.to}:${entry.id}`)) lostDeliveries++;
    } else if (entry.type === "dropped") {
      dropped++;
      droppedByReason[entry.reason!] = (droppedByReason[entry.reason!] ?? 0) + 1;
      loggedIds.add(entry.id!);
    }
  }
  const lostBeforeRouter = sentIds.filter((id) => !loggedIds.has(id)).length;
  return {
    info,
    machines,
    messages: {
      sent: sentIds.length,
      routed,
      received: receivedCount,
      queued,
      dropped,
      droppedByReason,
      lostDeliveries,
      lostBeforeRouter,
    },
  };
}
