// Accounts for every message of a live run after faults: each delivery a SEND asked for is
// received, still queued, recorded as dropped, or explained by a crash that the soak itself caused
// (in a killed machine's queue, in flight when the router was killed, unsent by a killed sender).
// Whatever is left is "unexplained": a message lost silently. The soak fails if there is any.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import type { EventLine, SentMessageSummary } from "../../src/core/types.ts";

export interface Kill {
  target: string; // "router" or a machine id
  atMs: number; // host time of the SIGKILL
}

export interface FateCounts {
  messages: number;
  deliveriesAsked: number;
  received: number;
  queuedAtEnd: number;
  dropped: Record<string, number>;
  failedRouterDown: number;
  inKilledMachineQueue: number;
  inFlightAtRouterKill: number;
  unsentByKilledSender: number;
  unexplained: number;
  unexplainedExamples: string[];
  logLines: number;
  unparsableLines: number;
}

/** How close to a kill a message must be for the kill to explain its loss. */
const KILL_WINDOW_MS = 2000;

function readJsonl<T>(path: string, counts: FateCounts): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  const lines = readFileSync(path, "utf8").split("\n");
  lines.forEach((line, index) => {
    if (line === "") return;
    counts.logLines++;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // Only a killed process's very last line may be cut; anything else is a broken log.
      counts.unparsableLines++;
      if (index !== lines.length - 1)
        counts.unexplainedExamples.push(`${path}: unparsable line ${index + 1}`);
    }
  });
  return out;
}

export function accountMessages(runDir: string, kills: Kill[]): FateCounts {
  const counts: FateCounts = {
    messages: 0,
    deliveriesAsked: 0,
    received: 0,
    queuedAtEnd: 0,
    dropped: {},
    failedRouterDown: 0,
    inKilledMachineQueue: 0,
    inFlightAtRouterKill: 0,
    unsentByKilledSender: 0,
    unexplained: 0,
    unexplainedExamples: [],
    logLines: 0,
    unparsableLines: 0,
  };
  const machineIds = readdirSync(runDir)
    .filter((f) => f.endsWith(".jsonl") && f !== "router.jsonl")
    .map((f) => f.slice(0, -".jsonl".length));
  const received = new Set<string>();
  const sends: Array<{ from: string; message: SentMessageSummary; trueTime: number }> = [];
  for (const id of machineIds) {
    for (const event of readJsonl<EventLine>(join(runDir, `${id}.jsonl`), counts)) {
      if (event.type === "RECEIVE" && event.message) received.add(`${event.message.id}>${id}`);
      if (event.type === "SEND" && event.message) {
        sends.push({ from: id, message: event.message as SentMessageSummary, trueTime: event.trueTime });
      }
    }
  }
  const queued = new Set<string>();
  for (const id of machineIds) {
    const path = join(runDir, `${id}.final.json`);
    if (!existsSync(path)) continue;
    const final = JSON.parse(readFileSync(path, "utf8")) as { queued: Array<{ id: string }> };
    for (const q of final.queued) queued.add(`${q.id}>${id}`);
  }
  const routed = new Map<string, number>();
  const dropped = new Map<string, string>();
  for (const entry of readJsonl<RouterLogEntry>(join(runDir, "router.jsonl"), counts)) {
    if (entry.type === "routed") routed.set(`${entry.id}>${entry.to}`, entry.at);
    if (entry.type === "dropped") dropped.set(`${entry.id}>${entry.to ?? "-"}`, entry.reason);
  }
  const killedNear = (target: string, fromMs: number, toMs: number) =>
    kills.some((k) => k.target === target && k.atMs >= fromMs && k.atMs <= toMs);
  const killedAfter = (target: string, afterMs: number) =>
    kills.some((k) => k.target === target && k.atMs >= afterMs);
  // A loaded host can run a machine's due ticks before it reads that its socket was reset, so a
  // send shortly after a router kill still went into the dead connection, as long as nothing the
  // sender wrote between the kill and then shows it had noticed (a SEND marked failed, or one the
  // restarted router routed).
  const noticed = (s: (typeof sends)[number]) =>
    s.message.failed !== undefined || s.message.to.some((to) => routed.has(`${s.message.id}>${to}`));
  const sentIntoKilledRouter = (from: string, sentMs: number) =>
    kills.some(
      (k) =>
        k.target === "router" &&
        k.atMs < sentMs &&
        sentMs - k.atMs <= KILL_WINDOW_MS &&
        !sends.some((s) => s.from === from && s.trueTime > k.atMs && s.trueTime < sentMs && noticed(s)),
    );

  for (const { from, message, trueTime } of sends) {
    counts.messages++;
    for (const to of message.to) {
      counts.deliveriesAsked++;
      const key = `${message.id}>${to}`;
      if (message.failed !== undefined) counts.failedRouterDown++;
      else if (received.has(key)) counts.received++;
      else if (queued.has(key)) counts.queuedAtEnd++;
      else if (dropped.has(key)) {
        const reason = dropped.get(key)!;
        counts.dropped[reason] = (counts.dropped[reason] ?? 0) + 1;
      } else if (routed.has(key) && killedAfter(to, routed.get(key)! - 1000)) counts.inKilledMachineQueue++;
      else if (
        !routed.has(key) &&
        (killedNear("router", trueTime - 50, trueTime + KILL_WINDOW_MS) ||
          sentIntoKilledRouter(from, trueTime))
      ) {
        counts.inFlightAtRouterKill++;
      } else if (!routed.has(key) && killedNear(from, trueTime - 50, trueTime + KILL_WINDOW_MS)) {
        counts.unsentByKilledSender++;
      } else {
        counts.unexplained++;
        if (counts.unexplainedExamples.length < 10) {
          counts.unexplainedExamples.push(
            `${key} (sent at ${trueTime.toFixed(1)}, routed: ${routed.has(key)})`,
          );
        }
      }
    }
  }
  return counts;
}
