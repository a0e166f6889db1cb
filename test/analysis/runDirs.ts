// Test helpers: tiny run directories written into a temporary directory, and the small constructed
// runs whose metrics the analysis tests check against hand-computed values.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Writes files (name -> text, or objects written one JSON per line) into a fresh temp directory. */
export function makeRunDir(files: Record<string, string | object[]>): string {
  const dir = mkdtempSync(join(tmpdir(), "clocklab-analysis-"));
  for (const [name, content] of Object.entries(files)) {
    const text =
      typeof content === "string" ? content : content.map((line) => `${JSON.stringify(line)}\n`).join("");
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export const FIXTURE_DIR = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "fixtures",
  "seed-format",
  "test1",
);

type Line = Record<string, unknown>;

function event(
  seq: number,
  type: string,
  t: number,
  lamport: number,
  vector: Record<string, number>,
  queueLength: number,
  message?: Line,
): Line {
  const line: Line = {
    seq,
    tick: seq,
    type,
    trueTime: t,
    systemTime: t,
    lamport,
    vector,
    hlc: { wall: t, logical: 0 },
    queueLength,
  };
  if (message) line.message = message;
  return line;
}

/**
 * Two machines, vector clocks on, router.jsonl with one drop (hand-computed values in the tests):
 * m1: INTERNAL L1 @0, SEND m1:1 L2 @1000, INTERNAL L3 @2000, RECEIVE m2:1 L5 @3000
 * m2: INTERNAL L1 @500, RECEIVE m1:1 L3 @1500, SEND m2:1 L4 @2500, SEND m2:2 L5 @2600 (dropped:
 * m1 had left)
 */
export function twoMachineRun(): Record<string, string | object[]> {
  return {
    "run.json": `${JSON.stringify({
      format: "clocklab-run",
      mode: "sim",
      seed: 7,
      status: "completed",
      machines: [
        { id: "m1", ticksPerSecond: 1 },
        { id: "m2", ticksPerSecond: 1 },
      ],
      config: { run: { machines: 2 } },
    })}\n`,
    "m1.jsonl": [
      event(1, "INTERNAL", 0, 1, { m1: 1, m2: 0 }, 0),
      event(2, "SEND", 1000, 2, { m1: 2, m2: 0 }, 0, {
        id: "m1:1",
        kind: "SEND_FIRST",
        to: ["m2"],
        lamport: 2,
        sentAt: 1000,
      }),
      event(3, "INTERNAL", 2000, 3, { m1: 3, m2: 0 }, 2),
      event(4, "RECEIVE", 3000, 5, { m1: 4, m2: 3 }, 1, { id: "m2:1", from: "m2", lamport: 4, sentAt: 2500 }),
    ],
    "m2.jsonl": [
      event(1, "INTERNAL", 500, 1, { m1: 0, m2: 1 }, 0),
      event(2, "RECEIVE", 1500, 3, { m1: 2, m2: 2 }, 0, { id: "m1:1", from: "m1", lamport: 2, sentAt: 1000 }),
      event(3, "SEND", 2500, 4, { m1: 2, m2: 3 }, 0, {
        id: "m2:1",
        kind: "SEND_FIRST",
        to: ["m1"],
        lamport: 4,
        sentAt: 2500,
      }),
      event(4, "SEND", 2600, 5, { m1: 2, m2: 4 }, 0, {
        id: "m2:2",
        kind: "SEND_FIRST",
        to: ["m1"],
        lamport: 5,
        sentAt: 2600,
      }),
    ],
    "router.jsonl": [
      { type: "routed", at: 1000, id: "m1:1", from: "m1", to: "m2", kind: "SEND_FIRST", lamport: 2 },
      { type: "routed", at: 2500, id: "m2:1", from: "m2", to: "m1", kind: "SEND_FIRST", lamport: 4 },
      {
        type: "dropped",
        at: 2700,
        id: "m2:2",
        from: "m2",
        to: "m1",
        kind: "SEND_FIRST",
        lamport: 5,
        reason: "machine-gone",
      },
    ],
  };
}

export { event as eventLine };
