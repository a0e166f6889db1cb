// The HLC metrics (hlcAheadMsMax, hlcAheadMsMean, hlcLogicalMax) against hand-computed values on a
// tiny constructed run, read through the regex fast path and the JSON.parse fallback alike, and
// end to end on a simulated run where m1's clock is 500 ms fast.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRunDir } from "../../test/analysis/runDirs.ts";
import { observations } from "../report/observations.ts";
import { runMetricValues } from "./comparison/index.ts";
import { analyzeRun } from "./index.ts";

type Line = Record<string, unknown>;

/** A line with clocklab's key order (fast path). */
function line(
  seq: number,
  type: string,
  t: number,
  sys: number,
  lamport: number,
  hlc: [number, number],
  msg?: Line,
) {
  const out: Line = { seq, tick: seq, type, trueTime: t, systemTime: sys, lamport };
  out.hlc = { wall: hlc[0], logical: hlc[1] };
  out.queueLength = 0;
  if (msg) out.message = msg;
  return out;
}

/**
 * m1's clock is 500 ms fast (systemTime = trueTime + 500 + a fraction); m2's is true.
 * m1: INTERNAL hlc 500.0 @sys 500.4; SEND m1:1 hlc 1500.0 @sys 1500.7.
 * m2: INTERNAL 500.0 @500.2 (ahead 0); RECEIVE m1:1 1500.1 @1100.9 (ahead 1500 − 1100 = 400);
 *     INTERNAL 1500.2 @1200 (ahead 300; keys reordered: JSON.parse path); INTERNAL 1600.0 @1600.5 (0).
 * m2: hlcAheadMsMax 400, hlcAheadMsMean (0 + 400 + 300 + 0) / 4 = 175, hlcLogicalMax 2.
 */
function skewedRun(): Record<string, string | object[]> {
  return {
    "run.json": `${JSON.stringify({
      format: "clocklab-run",
      mode: "sim",
      machines: [
        { id: "m1", ticksPerSecond: 1, clock: { offsetMs: 500, driftPpm: 0 } },
        { id: "m2", ticksPerSecond: 1, clock: { offsetMs: 0, driftPpm: 0 } },
      ],
    })}\n`,
    "m1.jsonl": [
      line(1, "INTERNAL", 0, 500.4, 1, [500, 0]),
      line(2, "SEND", 1000, 1500.7, 2, [1500, 0], {
        id: "m1:1",
        kind: "SEND_FIRST",
        to: ["m2"],
        lamport: 2,
        sentAt: 1500.7,
      }),
    ],
    "m2.jsonl": [
      line(1, "INTERNAL", 500, 500.2, 1, [500, 0]),
      line(2, "RECEIVE", 1100, 1100.9, 3, [1500, 1], { id: "m1:1", from: "m1", lamport: 2, sentAt: 1500.7 }),
      {
        hlc: { logical: 2, wall: 1500 },
        type: "INTERNAL",
        seq: 3,
        trueTime: 1200,
        systemTime: 1200,
        lamport: 4,
        queueLength: 0,
      },
      line(4, "INTERNAL", 1600, 1600.5, 5, [1600, 0]),
    ],
  };
}

describe("HLC metrics", () => {
  it("computes how far each HLC ran ahead of its own clock, and its largest logical counter, as by hand", async () => {
    const analysis = await analyzeRun(makeRunDir(skewedRun()));
    expect(analysis.metrics.machines.m1).toMatchObject({
      hlcAheadMsMax: 0,
      hlcAheadMsMean: 0,
      hlcLogicalMax: 0,
    });
    expect(analysis.metrics.machines.m2).toMatchObject({
      hlcAheadMsMax: 400,
      hlcAheadMsMean: 175,
      hlcLogicalMax: 2,
    });
    const m2 = analysis.machines.find((d) => d.id === "m2")!;
    expect(m2.hlcAheadMaxAtS).toBeCloseTo(1.1, 12);
    expect(m2.hlcAheadMaxFrom).toBe("m1");
    expect(runMetricValues(analysis).hlcAheadMsMax).toBe(400);
    expect(observations(analysis)).toContain(
      "m2's hybrid clock (HLC) ran up to 400 ms ahead of its own physical clock (at 1.10 s), carried there " +
        "by a message from m1: a message carried a later time than m2's clock read. The fastest clock in " +
        "run.json is m1's, configured 500 ms fast.",
    );
  });

  it("names the lagging machine's own clock error too, and drift when no offset is configured", async () => {
    const files = skewedRun();
    const clocks = (m1: object, m2: object) =>
      `${JSON.stringify({
        machines: [
          { id: "m1", clock: m1 },
          { id: "m2", clock: m2 },
        ],
      })}\n`;
    files["run.json"] = clocks({ offsetMs: 300 }, { offsetMs: -200 });
    const slow = observations(await analyzeRun(makeRunDir(files))).join(" ");
    expect(slow).toContain(
      "The fastest clock in run.json is m1's, configured 300 ms fast. m2's own clock is configured 200 ms slow.",
    );
    files["run.json"] = clocks({ driftPpm: 50000 }, { driftPpm: 0 });
    const drift = observations(await analyzeRun(makeRunDir(files))).join(" ");
    expect(drift).toContain("The fastest clock in run.json is m1's, gaining 50,000 ppm.");
  });

  it("leaves them null for lines without an hlc, and says nothing when no HLC ran ahead", async () => {
    const files = skewedRun();
    files["m2.jsonl"] = (files["m2.jsonl"] as Line[]).map((l) => {
      const { hlc: _hlc, ...rest } = l;
      return rest;
    });
    const analysis = await analyzeRun(makeRunDir(files));
    expect(analysis.metrics.machines.m2).toMatchObject({
      hlcAheadMsMax: null,
      hlcAheadMsMean: null,
      hlcLogicalMax: null,
    });
    expect(runMetricValues(analysis).hlcAheadMsMax).toBe(0);
    expect(observations(analysis).join(" ")).not.toContain("hybrid clock");
  });

  it("end to end: with m1 500 ms fast, another machine's HLC runs more than 400 ms ahead (sim)", async () => {
    const logDir = mkdtempSync(join(tmpdir(), "clocklab-hlc-"));
    const bin = join(import.meta.dirname, "..", "..", "bin", "clocklab.js");
    const args = ["simulate", "--machines", "3", "--duration", "20", "--seed", "1", "--offsets", "m1=500"];
    execFileSync("node", [bin, ...args, "--quiet", "--yes", "--name", "x", "--log-dir", logDir]);
    const out = execFileSync("node", [bin, "analyze", "--json", "--no-report", join(logDir, "x")], {
      encoding: "utf8",
    });
    const machines = (JSON.parse(out) as { machines: Record<string, { hlcAheadMsMax: number | null }> })
      .machines;
    const others = Object.entries(machines).filter(([id]) => id !== "m1");
    expect(Math.max(...others.map(([, m]) => m.hlcAheadMsMax ?? 0))).toBeGreaterThan(400);
    expect(machines.m1!.hlcAheadMsMax).toBe(0);
  }, 30_000);
});
