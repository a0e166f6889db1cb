// The analyser's fast decoder must read exactly what JSON.parse + validation reads, for any line
// the encoders write (property test) and for lines as the core Machine writes them, and step aside
// (counted, never quietly) for anything else.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineOf } from "../../test/helpers/logFormatArbitrary.ts";
import { D10_WEIGHTS } from "../core/actions.ts";
import { eventLineJson } from "../core/logFormat/eventLine.ts";
import { EVENT_LINE } from "../core/logFormat/eventLineFormat.ts";
import { Machine } from "../core/machine.ts";
import { machineRandom } from "../core/plan.ts";
import type { EventLine } from "../core/types.ts";
import {
  type AnalysisEvent,
  asClocklabEvent,
  type LineReadCounts,
  readClocklabLine,
  vectorOf,
} from "./event.ts";
import { fastClocklabEvent } from "./fastLine.ts";

function machineLines(vectorClocks: boolean): string[] {
  const ids = ["m1", "m2", "m3"];
  const machines = ids.map(
    (id) =>
      new Machine({
        id,
        members: ids,
        actions: D10_WEIGHTS,
        random: machineRandom(3, id),
        physicalClock: { offsetMs: 0.5, driftPpm: 20 },
        vectorClocks,
      }),
  );
  const out: string[] = [];
  for (let i = 0; i < 600; i++) {
    const from = i % 3;
    const { event, send } = machines[from]!.tick(i * 137.25);
    out.push(eventLineJson(event));
    if (send) {
      for (const [j] of ids.entries()) {
        if (j !== from) machines[j]!.deliver({ ...send, from: ids[from]!, routedAt: i * 137.25 });
      }
    }
  }
  return out;
}

/** What the slow path alone gives: JSON.parse, then validation. */
function slowEvent(line: string): AnalysisEvent | null {
  return asClocklabEvent(JSON.parse(line));
}

/**
 * What the analyser reads of an event (its AnalysisEvent fields, the vector parsed), so that a fast
 * and a slow result compare field by field: the slow path's object also keeps the line's other keys.
 */
function settled(event: AnalysisEvent | null): Partial<AnalysisEvent> | null {
  if (event === null) return null;
  const { seq, tick, type, trueTime, systemTime, lamport, queueLength, message, hlcWall, hlcLogical } = event;
  return {
    seq,
    tick,
    type,
    trueTime,
    systemTime,
    lamport,
    queueLength,
    message,
    hlcWall,
    hlcLogical,
    vector: vectorOf(event),
  };
}

describe("readClocklabLine", () => {
  it("gives what JSON.parse + validation gives, on any line the encoders write, all by the fast path", () => {
    const counts: LineReadCounts = { slowPathLines: 0 };
    fc.assert(
      fc.property(lineOf(EVENT_LINE), (line) => {
        const text = eventLineJson(line as EventLine);
        expect(fastClocklabEvent(text)).not.toBeNull();
        expect(settled(readClocklabLine(text, counts))).toEqual(settled(slowEvent(text)));
      }),
      { numRuns: 10_000 },
    );
    expect(counts.slowPathLines).toBe(0);
  });

  for (const vectorClocks of [true, false]) {
    it(`reads the core Machine's lines by the fast path (vector clocks ${vectorClocks ? "on" : "off"})`, () => {
      const counts: LineReadCounts = { slowPathLines: 0 };
      const all = machineLines(vectorClocks);
      expect(all.some((l) => l.includes('"RECEIVE"'))).toBe(true);
      for (const line of all) {
        const fast = readClocklabLine(line, counts);
        expect(fast, line).not.toBeNull();
        expect(fast!.vectorText !== undefined).toBe(vectorClocks);
        expect(fast!.tick).toBe((JSON.parse(line) as EventLine).tick);
        expect(settled(fast)).toEqual(settled(slowEvent(line)));
      }
      expect(counts.slowPathLines).toBe(0);
    });
  }

  it("reads other writers' lines through JSON.parse, with the same result, and counts them", () => {
    const counts: LineReadCounts = { slowPathLines: 0 };
    const [line] = machineLines(true).filter((text) => text.includes('"RECEIVE"'));
    const value = JSON.parse(line!) as Record<string, unknown>;
    const { seq, ...rest } = value;
    const foreign = [
      JSON.stringify({ ...rest, seq }),
      JSON.stringify(value, null, 1).replace(/\n/g, ""),
      JSON.stringify({ ...value, extra: 1 }),
      JSON.stringify({ type: "INTERNAL", lamport: 3, systemTime: 5 }),
    ];
    for (const text of foreign) {
      expect(fastClocklabEvent(text)).toBeNull();
      expect(settled(readClocklabLine(text, counts))).toEqual(settled(slowEvent(text)));
    }
    expect(counts.slowPathLines).toBe(foreign.length);
  });

  it("gives the slow path's verdict on lines that are not usable events", () => {
    const counts: LineReadCounts = { slowPathLines: 0 };
    const receiveWithoutMessage =
      '{"seq":1,"tick":1,"type":"RECEIVE","trueTime":1,"systemTime":1,"lamport":1,"hlc":{"wall":1,"logical":0},"queueLength":0}';
    expect(fastClocklabEvent(receiveWithoutMessage)).not.toBeNull();
    expect(readClocklabLine(receiveWithoutMessage, counts)).toBeNull();
    expect(slowEvent(receiveWithoutMessage)).toBeNull();
    expect(readClocklabLine('{"type":"INTERNAL","seq":1', counts)).toBeNull();
    expect(counts.slowPathLines).toBe(1);
  });

  it("gives the slow path's result on near-valid and malformed lines (numbers, cuts, stray characters)", () => {
    const lines = machineLines(true).concat(machineLines(false));
    const digits = fc
      .tuple(
        fc.constantFrom("", "-"),
        fc.stringMatching(/^[0-9]{1,24}$/),
        fc.constantFrom("", ".5", "e3", ".0"),
      )
      .map(([sign, body, tail]) => sign + body + tail);
    const stray = fc.constantFrom(" ", ",", '"', "\\", "{", "}", "0", "-", "x", "\u0001", "é");
    const edit = fc.oneof(
      fc.tuple(fc.nat(), digits).map(([n, text]) => (line: string) => {
        const numbers = [...line.matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)];
        const at = numbers[n % numbers.length]!;
        return line.slice(0, at.index) + text + line.slice(at.index + at[0].length);
      }),
      fc.tuple(fc.nat(), stray).map(([n, c]) => (line: string) => {
        const at = n % (line.length + 1);
        return line.slice(0, at) + c + line.slice(at);
      }),
      fc.nat().map((n) => (line: string) => {
        const at = n % line.length;
        return line.slice(0, at) + line.slice(at + 1);
      }),
    );
    const slow = (line: string) => {
      try {
        return slowEvent(line);
      } catch {
        return null;
      }
    };
    const parses = (text: string) =>
      slow(`{"type":"INTERNAL","lamport":1,"systemTime":1,"vector":${text}}`) !== null;
    const counts: LineReadCounts = { slowPathLines: 0 };
    fc.assert(
      fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), (pick, edits) => {
        const line = edits.reduce((text, change) => change(text), lines[pick % lines.length]!);
        // The fast path leaves the vector's text to be read when it is needed, and a corrupt one
        // then counts as no vector, as if the line had none.
        const vector = /,"vector":(.*?)(?=,"hlc":\{)/.exec(line);
        const allowed = [settled(slow(line))];
        if (vector !== null && !parses(vector[1]!)) allowed.push(settled(slow(line.replace(vector[0], ""))));
        expect(allowed, line).toContainEqual(settled(readClocklabLine(line, counts)));
      }),
      { numRuns: 20_000 },
    );
  });

  it("keeps the tick only when it is a number, on the JSON path too", () => {
    const line = {
      seq: 3,
      type: "INTERNAL",
      trueTime: 1,
      systemTime: 1,
      lamport: 3,
      hlc: { wall: 1, logical: 0 },
      queueLength: 0,
    };
    expect(asClocklabEvent({ ...line, tick: 7 })?.tick).toBe(7);
    expect(asClocklabEvent({ ...line, tick: "7" })).not.toHaveProperty("tick");
    expect(asClocklabEvent({ ...line })).not.toHaveProperty("tick");
  });
});
