// The log format's encoders on what the model really produces: core Machines' event objects and a
// simulation's router entries come out byte for byte as JSON.stringify writes them (so the Machine
// and the Router build their objects in the tables' key order), through the string and the byte
// encoders alike, and the fast decoder reads every one of them.
import { describe, expect, it } from "vitest";
import { configSchema } from "../core/config.ts";
import { decodeEventLine, encodeEventLine, eventLineJson } from "../core/logFormat/eventLine.ts";
import { byteTarget } from "../core/logFormat/jsonBytes.ts";
import { decodeRouterLine, encodeRouterEntry, routerLogJson } from "../core/logFormat/routerLine.ts";
import { Machine } from "../core/machine.ts";
import { createRandom, deriveSeed } from "../core/random.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import type { EventLine } from "../core/types.ts";
import { MemoryOutput } from "./output.ts";
import { Simulation } from "./simulation.ts";

/** Drives core Machines directly (no serializer in between) and collects their event objects. */
function machineEvents(
  count: number,
  ticks: number,
  clock: { offsetMs: number; driftPpm: number },
): EventLine[] {
  const ids = Array.from({ length: count }, (_, i) => `m${i + 1}`);
  const machines = ids.map(
    (id) =>
      new Machine({
        id,
        members: ids,
        actions: { sendFirst: 1, sendSecond: 1, broadcast: 1, direct: 2, internal: 5 },
        random: createRandom(deriveSeed(3, id)),
        physicalClock: clock,
        vectorClocks: count <= 16,
      }),
  );
  const events: EventLine[] = [];
  for (let tick = 1; tick <= ticks; tick++) {
    machines.forEach((machine, index) => {
      const nowMs = tick * (1000 / (index + 1.5));
      const { event, send } = machine.tick(nowMs);
      events.push(event);
      if (send === undefined || event.message === undefined || !("to" in event.message)) return;
      for (const to of event.message.to) {
        machines[ids.indexOf(to)]!.deliver({ ...send, from: machine.id, routedAt: nowMs + 1 });
      }
    });
  }
  return events;
}

function runLines(overrides: object): { events: string[]; router: string[] } {
  const config = configSchema.parse(overrides);
  const output = new MemoryOutput();
  new Simulation({ config, seed: 11, runId: "t", output }).runToEnd();
  return { events: [...output.machines.values()].flat(), router: output.routerLines };
}

const decoder = new TextDecoder();

describe("event lines of core Machines", () => {
  const runs = [
    machineEvents(3, 300, { offsetMs: 0, driftPpm: 0 }),
    machineEvents(20, 50, { offsetMs: 12.5, driftPpm: 333 }),
  ];

  it("are written exactly as JSON.stringify writes them, as text and as bytes", () => {
    const target = byteTarget(new Uint8Array(64 * 1024));
    for (const events of runs) {
      expect(events.some((event) => event.type === "RECEIVE")).toBe(true);
      for (const event of events) {
        const text = JSON.stringify(event);
        expect(eventLineJson(event)).toBe(text);
        const end = encodeEventLine(event, target, 10);
        expect(decoder.decode(target.bytes.subarray(10, end))).toBe(`${text}\n`);
      }
    }
  });

  it("are all read by the fast decoder, as JSON.parse reads them", () => {
    for (const event of runs.flat()) {
      const text = eventLineJson(event);
      expect(decodeEventLine(text)).toStrictEqual(JSON.parse(text));
    }
  });
});

describe("a simulation's lines", () => {
  it("read back as what they were written from, machine lines and router lines alike", () => {
    const { events, router } = runLines({
      run: { machines: 4, durationS: 20 },
      sim: { latency: { distribution: "uniform", minMs: 0.1, maxMs: 3 } },
    });
    for (const line of events) expect(eventLineJson(decodeEventLine(line) as EventLine)).toBe(line);
    const entries = router.map((line) => decodeRouterLine(line));
    expect(entries.filter((entry) => entry?.type === "routed").length).toBeGreaterThan(20);
    const types = new Set(entries.map((entry) => entry?.type));
    for (const type of ["joined", "started", "routed"] as const) expect(types).toContain(type);
    expect(types).not.toContain(undefined);
    const target = byteTarget(new Uint8Array(4096));
    router.forEach((line, i) => {
      const entry = entries[i] as RouterLogEntry;
      expect(routerLogJson(entry)).toBe(line);
      expect(JSON.stringify(entry)).toBe(line);
      const end = encodeRouterEntry(entry, target, 0);
      expect(decoder.decode(target.bytes.subarray(0, end))).toBe(`${line}\n`);
    });
  });
});
