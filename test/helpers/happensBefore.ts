// The happens-before graph of a run, built by the tests from its logs alone (program order and
// SEND -> RECEIVE edges), to check what the live view says is an event's causal past and future.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface LoggedEvent {
  key: string;
  machine: string;
  seq: number;
  type: string;
  t: number;
  msgId?: string;
}

export function readRun(dir: string): LoggedEvent[] {
  const events: LoggedEvent[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".jsonl") && name !== "router.jsonl")) {
    const machine = file.slice(0, -".jsonl".length);
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const e = JSON.parse(line) as { seq: number; type: string; trueTime: number; message?: { id: string } };
      const event: LoggedEvent = {
        key: `${machine}#${e.seq}`,
        machine,
        seq: e.seq,
        type: e.type,
        t: e.trueTime,
      };
      if (e.message !== undefined) event.msgId = e.message.id;
      events.push(event);
    }
  }
  return events;
}

/** Every event reachable from `start` along program order and SEND → RECEIVE edges (forward or back). */
export function reachable(events: LoggedEvent[], start: LoggedEvent, direction: "past" | "future"): string[] {
  const next = new Map<string, string[]>();
  const previous = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    next.set(from, [...(next.get(from) ?? []), to]);
    previous.set(to, [...(previous.get(to) ?? []), from]);
  };
  const byMachine = new Map<string, LoggedEvent[]>();
  for (const event of events) byMachine.set(event.machine, [...(byMachine.get(event.machine) ?? []), event]);
  for (const lane of byMachine.values())
    for (let i = 1; i < lane.length; i++) link(lane[i - 1]!.key, lane[i]!.key);
  const sends = new Map(events.filter((e) => e.type === "SEND").map((e) => [e.msgId!, e.key]));
  for (const receive of events.filter((e) => e.type === "RECEIVE")) {
    const send = sends.get(receive.msgId!);
    if (send !== undefined) link(send, receive.key);
  }
  const edges = direction === "future" ? next : previous;
  const seen = new Set<string>();
  const queue = [start.key];
  while (queue.length > 0) {
    for (const other of edges.get(queue.shift()!) ?? []) {
      if (!seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return [...seen].sort();
}
