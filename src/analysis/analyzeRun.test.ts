// analyzeRun against hand-computed values on tiny constructed runs, on broken runs, and on the
// original Python exercise's fixture (values computed independently from its JSON).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventLine, FIXTURE_DIR, makeRunDir, twoMachineRun } from "../../test/analysis/runDirs.ts";
import { UserError } from "../core/userError.ts";
import { analyzeRun } from "./index.ts";

describe("analyzeRun on a constructed two-machine run", () => {
  it("computes every per-machine metric as by hand", async () => {
    const analysis = await analyzeRun(makeRunDir(twoMachineRun()));
    expect(analysis.format).toBe("clocklab");
    expect(analysis.warnings).toEqual([]);
    expect(analysis.metrics.machines.m1).toEqual({
      events: 4,
      sends: 1,
      receives: 1,
      internals: 2,
      durationS: 3,
      ticksPerSecond: 1,
      lamportFinal: 5,
      jumpMax: 2,
      jumpMean: 4 / 3,
      jumpP99: 2,
      jumpsOver1: 1,
      queueMax: 2,
      queueMean: 0.75,
      transitMsMean: 500,
      transitMsMax: 500,
      hlcAheadMsMax: 0,
      hlcAheadMsMean: 0,
      hlcLogicalMax: 0,
    });
    const m2 = analysis.metrics.machines.m2!;
    expect(m2.durationS).toBeCloseTo(2.1, 12);
    expect(m2.ticksPerSecond).toBeCloseTo(3 / 2.1, 12);
    expect(m2).toMatchObject({
      lamportFinal: 5,
      jumpMax: 2,
      jumpsOver1: 1,
      jumpP99: 2,
      queueMax: 0,
      transitMsMean: 500,
    });
  });

  it("computes the run metrics: spread sampled every second, deliveries from router.jsonl", async () => {
    const analysis = await analyzeRun(makeRunDir(twoMachineRun()));
    // Samples at 0, 1, 2, 3 s: (1,0) (2,1) (3,3) (5,5) -> spreads 1, 1, 0, 0.
    expect(analysis.metrics.run).toEqual({
      spreadMax: 1,
      spreadFinal: 0,
      sent: 3,
      delivered: 2,
      queued: 0,
      inFlight: 0,
      undelivered: 0,
      dropped: { "machine-gone": 1 },
      lost: {},
      duplicates: 0,
      causalityViolations: 0,
    });
    expect(analysis.vectorChecksMade).toBe(2);
  });

  it("counts deliveries from SEND lines when there is no router.jsonl", async () => {
    const files = twoMachineRun();
    delete files["router.jsonl"];
    const analysis = await analyzeRun(makeRunDir(files));
    expect(analysis.metrics.run).toMatchObject({ sent: 3, delivered: 2, dropped: {}, undelivered: 0 });
    expect(analysis.metrics.run.lost).toEqual({ "unexplained (a log is incomplete)": 1 });
    expect(analysis.warnings).toContainEqual(expect.stringContaining("router.jsonl is missing"));
  });

  it("keeps the events of the space-time window and their steps", async () => {
    const analysis = await analyzeRun(makeRunDir(twoMachineRun()), { windowStartS: 1, windowLengthS: 1 });
    expect(analysis.window.events.map((e) => `${e.machine}:${e.lamport}:${e.step}`)).toEqual([
      "m1:2:1",
      "m2:3:2",
      "m1:3:1",
    ]);
  });
});

describe("causality violations", () => {
  it("counts a receive whose Lamport value is not above the message's", async () => {
    const dir = makeRunDir({
      "m1.jsonl": [
        {
          seq: 1,
          type: "SEND",
          trueTime: 0,
          systemTime: 0,
          lamport: 5,
          queueLength: 0,
          message: { id: "m1:1", to: ["m2", "m3"], lamport: 5, sentAt: 0 },
        },
      ],
      "m2.jsonl": [
        {
          seq: 1,
          type: "RECEIVE",
          trueTime: 10,
          systemTime: 10,
          lamport: 5,
          queueLength: 0,
          message: { id: "m1:1", from: "m1", lamport: 5, sentAt: 0 },
        },
      ],
      "m3.jsonl": [
        {
          seq: 1,
          type: "RECEIVE",
          trueTime: 10,
          systemTime: 10,
          lamport: 6,
          queueLength: 0,
          message: { id: "m1:1", from: "m1", lamport: 5, sentAt: 0 },
        },
      ],
    });
    const analysis = await analyzeRun(dir);
    expect(analysis.metrics.run.causalityViolations).toBe(1);
    expect(analysis.metrics.run).toMatchObject({ sent: 2, delivered: 2, undelivered: 0 });
    expect(analysis.warnings).toContain("run.json is missing; the run's configuration is unknown");
  });

  it("counts vector clocks that do not dominate the sender's or whose own entry does not grow", async () => {
    const dir = makeRunDir({
      "m1.jsonl": [
        eventLine(1, "SEND", 0, 1, { m1: 1 }, 0, { id: "m1:1", to: ["m2"], lamport: 1, sentAt: 0 }),
        eventLine(2, "SEND", 5, 2, { m1: 2 }, 0, { id: "m1:2", to: ["m2"], lamport: 2, sentAt: 5 }),
      ],
      "m2.jsonl": [
        // Lamport fine, but the vector misses m1's entry: not dominating.
        eventLine(1, "RECEIVE", 10, 2, { m2: 1 }, 0, { id: "m1:1", from: "m1", lamport: 1, sentAt: 0 }),
        // Dominates, but m2's own entry did not grow.
        eventLine(2, "RECEIVE", 20, 3, { m1: 2, m2: 1 }, 0, {
          id: "m1:2",
          from: "m1",
          lamport: 2,
          sentAt: 5,
        }),
      ],
    });
    const analysis = await analyzeRun(dir);
    expect(analysis.metrics.run.causalityViolations).toBe(2);
  });
});

describe("broken runs", () => {
  it("analyses a run whose last line was cut, and says so", async () => {
    const files = twoMachineRun();
    const m2 = (files["m2.jsonl"] as object[]).map((l) => JSON.stringify(l)).join("\n");
    files["m2.jsonl"] = m2.slice(0, m2.length - 20);
    const analysis = await analyzeRun(makeRunDir(files));
    expect(analysis.truncatedFiles).toEqual(["m2.jsonl"]);
    expect(analysis.warnings.join("\n")).toMatch(/m2\.jsonl: the last line was cut off/);
    expect(analysis.metrics.machines.m2!.events).toBe(3);
    expect(analysis.metrics.machines.m1!.events).toBe(4);
  });

  it("keeps a whole last line that only lacks its newline", async () => {
    const files = twoMachineRun();
    files["m2.jsonl"] = (files["m2.jsonl"] as object[]).map((l) => JSON.stringify(l)).join("\n");
    const analysis = await analyzeRun(makeRunDir(files));
    expect(analysis.truncatedFiles).toEqual([]);
    expect(analysis.metrics.machines.m2!.events).toBe(4);
  });

  it("names empty, missing and corrupt files in warnings and analyses the rest", async () => {
    const files = twoMachineRun();
    const m1 = (files["m1.jsonl"] as object[]).map((l) => JSON.stringify(l));
    files["m1.jsonl"] = `${m1[0]}\n{"seq":2,"type":garbage\n${m1.slice(1).join("\n")}\n`;
    files["m2.jsonl"] = "";
    files["run.json"] = JSON.stringify({
      mode: "live",
      machines: [
        { id: "m1", ticksPerSecond: 1 },
        { id: "m2", ticksPerSecond: 1 },
        { id: "m3", ticksPerSecond: 2 },
      ],
    });
    files["router.jsonl"] = "";
    const analysis = await analyzeRun(makeRunDir(files));
    const text = analysis.warnings.join("\n");
    expect(text).toMatch(/m2\.jsonl is empty \(0 bytes\)/);
    expect(text).toMatch(/m3\.jsonl is missing/);
    expect(text).toMatch(/m1\.jsonl: 1 line was not valid events and skipped \(corrupt\?; first at line 2\)/);
    expect(text).toMatch(/router\.jsonl is empty/);
    expect(analysis.machineIds).toEqual(["m1", "m2", "m3"]);
    expect(analysis.metrics.machines.m1!.events).toBe(4);
    expect(analysis.metrics.machines.m3!.events).toBe(0);
    // m2 and m3 have no events: the spread is over m1 alone.
    expect(analysis.metrics.run.spreadMax).toBe(0);
  });

  it("warns about a corrupt run.json and still reads the machine logs", async () => {
    const files = twoMachineRun();
    files["run.json"] = "{not json";
    const analysis = await analyzeRun(makeRunDir(files));
    expect(analysis.warnings.join("\n")).toMatch(/run\.json is not valid JSON/);
    expect(analysis.metrics.machines.m1!.events).toBe(4);
  });

  it("refuses a directory that is not a run, and a missing one, with a UserError (exit code 2)", async () => {
    const notARun = makeRunDir({ "notes.txt": "hello" });
    await expect(analyzeRun(notARun)).rejects.toThrow(UserError);
    await expect(analyzeRun(notARun)).rejects.toThrow(/is not a run directory/);
    const error = await analyzeRun(`${notARun}/nope`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
  });

  it("reads a cut Python-format file up to its last whole element", async () => {
    const element = (i: number) =>
      JSON.stringify({
        event_type: "INTERNAL",
        system_clock_time: 1000 + i,
        logical_clock_time: i,
        message_queue_size: 0,
        message: null,
      });
    const dir = makeRunDir({
      "client-localhost-8001.json": `[\n${element(1)},\n${element(2)},\n${element(3).slice(0, 30)}`,
      "client-localhost-8002.json": `[${element(1)}, ${element(4)}]`,
    });
    const analysis = await analyzeRun(dir);
    expect(analysis.format).toBe("python-exercise");
    expect(analysis.truncatedFiles).toEqual(["client-localhost-8001.json"]);
    expect(analysis.metrics.machines["localhost-8001"]!.events).toBe(2);
    expect(analysis.metrics.machines["localhost-8002"]).toMatchObject({
      events: 2,
      jumpMax: 3,
      durationS: 3,
    });
  });
});

describe.skipIf(!existsSync(FIXTURE_DIR))(
  "the original exercise's fixture (../shared/fixtures/seed-format/test1)",
  () => {
    it("matches values computed independently from its JSON", async () => {
      const analysis = await analyzeRun(FIXTURE_DIR);
      expect(analysis.format).toBe("python-exercise");
      expect(analysis.warnings).toEqual([]);
      const m = analysis.metrics.machines;
      expect(Object.keys(m)).toEqual(["localhost-8001", "localhost-8002", "localhost-8003"]);
      expect(m["localhost-8001"]).toMatchObject({
        events: 352,
        sends: 98,
        receives: 41,
        internals: 213,
        lamportFinal: 364,
        jumpMax: 2,
        jumpsOver1: 12,
        jumpP99: 2,
        queueMax: 0,
      });
      expect(m["localhost-8002"]).toMatchObject({
        events: 294,
        sends: 66,
        receives: 69,
        internals: 159,
        lamportFinal: 362,
        jumpMax: 5,
        jumpsOver1: 46,
        jumpP99: 4,
        queueMax: 1,
      });
      expect(m["localhost-8003"]).toMatchObject({
        events: 60,
        sends: 1,
        receives: 58,
        internals: 1,
        lamportFinal: 162,
        jumpMax: 11,
        jumpsOver1: 43,
        jumpP99: 11,
        queueMax: 52,
      });
      expect(m["localhost-8003"]!.jumpMean).toBeCloseTo(2.7288135593220337, 10);
      expect(m["localhost-8003"]!.queueMean).toBeCloseTo(29.566666666666666, 10);
      expect(m["localhost-8003"]!.durationS).toBeCloseTo(59.228880859375, 6);
      expect(m["localhost-8003"]!.transitMsMax).toBeCloseTo(32294.533935546875, 3);
      expect(m["localhost-8001"]!.transitMsMean).toBeCloseTo(86.66823670922255, 3);
      // The original format has no hybrid clock.
      expect(m["localhost-8003"]).toMatchObject({
        hlcAheadMsMax: null,
        hlcAheadMsMean: null,
        hlcLogicalMax: null,
      });
      expect(analysis.metrics.run).toEqual({
        spreadMax: 198,
        spreadFinal: 198,
        sent: 223,
        delivered: 168,
        // The original exercise logs no queues at the end: what was not received counts as queued.
        queued: 55,
        inFlight: 0,
        undelivered: 55,
        dropped: {},
        lost: {},
        duplicates: 0,
        causalityViolations: 0,
      });
    });
  },
);

if (!existsSync(FIXTURE_DIR)) {
  console.warn(
    `skipping the fixture test: ${FIXTURE_DIR} is absent (it lives in ../shared, outside the project)`,
  );
}
