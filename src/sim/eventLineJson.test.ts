import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configSchema } from "../core/config.ts";
import { numberText } from "../core/json/numberText.ts";
import { routerLogJson } from "../core/json/routerLogJson.ts";
import { Machine } from "../core/machine.ts";
import { createRandom, deriveSeed } from "../core/random.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
import type { EventLine } from "../core/types.ts";
import { byteTarget } from "./asciiBytes.ts";
import { encodeEventLine, eventLineBound, NEEDS_STRINGIFY, NO_ROOM } from "./eventLineBytes.ts";
import { eventLineJson } from "./eventLineJson.ts";
import { MemoryOutput } from "./output.ts";
import { encodeRouterEntry } from "./routerLogBytes.ts";
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

function runLines(overrides: object): { events: EventLine[]; router: RouterLogEntry[] } {
  const config = configSchema.parse(overrides);
  const output = new MemoryOutput();
  new Simulation({ config, seed: 11, runId: "t", output }).runToEnd();
  const events = [...output.machines.values()].flat().map((line) => JSON.parse(line) as EventLine);
  return { events, router: output.routerLines.map((line) => JSON.parse(line) as RouterLogEntry) };
}

describe("eventLineJson", () => {
  it("writes exactly what JSON.stringify writes, for every event of real runs", () => {
    const runs = [
      machineEvents(3, 300, { offsetMs: 0, driftPpm: 0 }),
      machineEvents(20, 50, { offsetMs: 12.5, driftPpm: 333 }),
    ];
    for (const events of runs) {
      expect(events.some((event) => event.type === "RECEIVE")).toBe(true);
      for (const event of events) expect(eventLineJson(event)).toBe(JSON.stringify(event));
    }
    // The simulator's own lines read back as what they were written from.
    const { events } = runLines({ run: { machines: 3, durationS: 20 } });
    for (const event of events) expect(eventLineJson(event)).toBe(JSON.stringify(event));
  });

  it("falls back to JSON.stringify for strings that need escaping and odd numbers", () => {
    const base: EventLine = {
      seq: 1,
      tick: 1,
      type: "RECEIVE",
      trueTime: 0.1 + 0.2,
      systemTime: -0,
      lamport: 2,
      hlc: { wall: 0, logical: 1 },
      queueLength: 0,
      message: { id: 'a"b\\c\n', from: "m\u00e9", lamport: 1, sentAt: 1e21 },
    };
    expect(eventLineJson(base)).toBe(JSON.stringify(base));
    const send: EventLine = {
      seq: 1,
      tick: 1,
      type: "SEND",
      trueTime: 5,
      systemTime: 5.5,
      lamport: 2,
      vector: { m1: 1, "x\u0001": 2, "7": 3 },
      hlc: { wall: 5, logical: 0 },
      queueLength: 0,
      message: { id: "m1:1", kind: "BROADCAST", to: ["m2", "\ud800"], lamport: 2, sentAt: Number.NaN },
    };
    expect(eventLineJson(send)).toBe(JSON.stringify(send));
    fc.assert(
      fc.property(fc.double(), fc.string(), fc.array(fc.string(), { maxLength: 3 }), (time, id, to) => {
        // Keys in the documented order, as the core Machine writes them.
        const event: EventLine = {
          seq: 1,
          tick: 1,
          type: "SEND",
          trueTime: time,
          systemTime: time,
          lamport: 2,
          vector: { [id || "k"]: 1, m2: 2 },
          hlc: { wall: 3, logical: 0 },
          queueLength: 0,
          message: { id, kind: "DIRECT", to, lamport: 1, sentAt: time },
        };
        expect(eventLineJson(event)).toBe(JSON.stringify(event));
      }),
    );
  });
});

describe("routerLogJson", () => {
  it("writes exactly what JSON.stringify writes", () => {
    const { router } = runLines({
      run: { machines: 4, durationS: 20 },
      sim: { latency: { distribution: "uniform", minMs: 0.1, maxMs: 3 } },
    });
    expect(router.filter((entry) => entry.type === "routed").length).toBeGreaterThan(20);
    for (const entry of router) expect(routerLogJson(entry)).toBe(JSON.stringify(entry));
    const odd: RouterLogEntry = {
      type: "routed",
      at: Number.NaN,
      id: 'q"',
      from: "m1",
      to: "m2",
      kind: "DIRECT",
      lamport: 1,
    };
    expect(routerLogJson(odd)).toBe(JSON.stringify(odd));
  });
});

describe("numberText", () => {
  it("agrees with JSON.stringify on any number, cached or not", () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 50 }), (values) => {
        for (const value of [...values, ...values]) expect(numberText(value)).toBe(JSON.stringify(value));
      }),
    );
  });
});

describe("encodeEventLine and encodeRouterEntry", () => {
  const decoder = new TextDecoder();

  it("write JSON.stringify's bytes and a newline, for real events and entries", () => {
    const bytes = new Uint8Array(64 * 1024);
    const out = byteTarget(bytes);
    const events = [
      ...machineEvents(3, 200, { offsetMs: 0, driftPpm: 0 }),
      ...machineEvents(20, 30, { offsetMs: -7.25, driftPpm: 50 }),
    ];
    for (const event of events) {
      const end = encodeEventLine(event, out, 10);
      expect(decoder.decode(bytes.subarray(10, end))).toBe(`${JSON.stringify(event)}\n`);
    }
    const { router } = runLines({
      run: { machines: 4, durationS: 10 },
      sim: { latency: { distribution: "exponential", meanMs: 1 } },
    });
    for (const entry of router) {
      const end = encodeRouterEntry(entry, out, 0);
      if (entry.type === "routed")
        expect(decoder.decode(bytes.subarray(0, end))).toBe(`${JSON.stringify(entry)}\n`);
      else expect(end).toBe(NEEDS_STRINGIFY);
    }
  });

  it("say when a line does not fit or needs JSON escaping", () => {
    const [event] = machineEvents(3, 1, { offsetMs: 0, driftPpm: 0 });
    const length = JSON.stringify(event).length + 1;
    const bound = eventLineBound(event!);
    expect(bound).toBeGreaterThan(length);
    expect(encodeEventLine(event!, byteTarget(new Uint8Array(bound)), 0)).toBe(length);
    expect(encodeEventLine(event!, byteTarget(new Uint8Array(bound)), 1)).toBe(NO_ROOM);
    const odd: EventLine = { ...event!, message: { id: 'x"', from: "m\u00e9", lamport: 1, sentAt: 2 } };
    expect(encodeEventLine(odd, byteTarget(new Uint8Array(1024)), 0)).toBe(NEEDS_STRINGIFY);
  });
});
