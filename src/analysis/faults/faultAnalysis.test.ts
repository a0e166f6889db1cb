// The fault analysis on constructed runs with known answers (worked out by hand in
// test/analysis/faultRuns.ts): per-phase metrics, a partition's spread and heal jump, the HLC after
// a backward clock step, a paused queue's drain, and a crash's down time, lost queue and catch-up.
import { describe, expect, it } from "vitest";
import { clockStepRun, crashRun, partitionRun, pauseRun } from "../../../test/analysis/faultRuns.ts";
import { makeRunDir } from "../../../test/analysis/runDirs.ts";
import { analyzeRun } from "../index.ts";
import type { ClockEffect, CrashEffect, PartitionEffect, PauseEffect } from "../types.ts";

describe("fault analysis", () => {
  it("measures each phase of a partition and its effect on the spread", async () => {
    const analysis = await analyzeRun(makeRunDir(partitionRun()));
    expect(analysis.faults).toHaveLength(1);
    const fault = analysis.faults[0]!;
    expect(fault).toMatchObject({
      id: "f1",
      kind: "partition",
      fromMs: 2000,
      toMs: 4000,
      startS: 2,
      endS: 4,
      groups: [["m1"], ["m2"]],
      description: "partition {m1} | {m2}, messages dropped",
    });
    expect(fault.phases.before).toEqual({
      fromS: 0,
      toS: 2,
      durationS: 2,
      events: 4,
      eventsPerSecond: 2,
      receives: 1,
      drops: 0,
      dropsByReason: {},
      queueMax: 0,
      transitMsMean: 500,
      spreadMax: 1,
    });
    expect(fault.phases.during).toEqual({
      fromS: 2,
      toS: 4,
      durationS: 2,
      events: 8,
      eventsPerSecond: 4,
      receives: 0,
      drops: 1,
      dropsByReason: { partition: 1 },
      queueMax: 1,
      transitMsMean: null,
      spreadMax: 5,
    });
    expect(fault.phases.after).toMatchObject({ fromS: 4, toS: 5.5, durationS: 1.5, events: 4, receives: 1 });
    expect(fault.phases.after.eventsPerSecond).toBeCloseTo(4 / 1.5, 9);
    expect(fault.phases.after.transitMsMean).toBe(300);
    expect(fault.phases.after.spreadMax).toBe(6);
    expect(fault.effect).toEqual({
      kind: "partition",
      spreadBefore: 1,
      spreadAtStart: 1,
      spreadPeak: 5,
      spreadPeakAtS: 3,
      spreadAtHeal: 5,
      recoveryMs: 500,
      spreadAtRecovery: 1,
      healReceives: [
        {
          side: ["m1"],
          machine: "m1",
          from: "m2",
          atS: 4.5,
          jump: 7,
          jumpMax: 7,
          jumpMaxAtS: 4.5,
          jumpMaxMachine: "m1",
        },
        {
          side: ["m2"],
          machine: null,
          from: null,
          atS: null,
          jump: null,
          jumpMax: null,
          jumpMaxAtS: null,
          jumpMaxMachine: null,
        },
      ],
    } satisfies PartitionEffect);
    expect(analysis.runStartMs).toBe(0);
  });

  it("reads the windows from router.jsonl's fault lines when run.json has none", async () => {
    const fromRunJson = await analyzeRun(makeRunDir(partitionRun()));
    const fromLines = await analyzeRun(makeRunDir(partitionRun({ faultsInRunJson: false })));
    const fault = fromLines.faults[0]!;
    expect(fault).toMatchObject({ id: "f1", kind: "partition", fromMs: 2000, toMs: 4000 });
    expect(fault.description).toBe("partition {m1} | {m2}");
    expect(fault.phases).toEqual(fromRunJson.faults[0]!.phases);
    expect(fault.effect).toEqual(fromRunJson.faults[0]!.effect);
  });

  it("follows the HLC after a backward clock step until it catches up with its own clock", async () => {
    const analysis = await analyzeRun(makeRunDir(clockStepRun()));
    const effect = analysis.faults[0]!.effect as ClockEffect;
    expect(effect.targets).toEqual([
      {
        machine: "m1",
        target: true,
        hlcAheadMsBefore: 0,
        hlcAheadMsMax: 4900,
        hlcAheadMaxAtS: 4,
        hlcLogicalMax: 2,
        hlcOffTrueMsMax: 5000,
        aheadFromS: 2,
        caughtUpMs: 7000,
        hlcAheadMsAtEnd: 0,
      },
    ]);
    expect(effect.mostAffectedOther).toBeNull();
  });

  it("measures the queue a pause left and how long it took to drain", async () => {
    const analysis = await analyzeRun(makeRunDir(pauseRun()));
    expect((analysis.faults[0]!.effect as PauseEffect).machines).toEqual([
      {
        machine: "m2",
        queueBefore: 1,
        lastEventBeforeS: 1.8,
        resumedAtS: 4,
        queueAtResume: 4,
        drainMs: 1000,
      },
    ]);
  });

  it("measures a crash: down time, the queue lost with it and the catch-up jump after the restart", async () => {
    const analysis = await analyzeRun(makeRunDir(crashRun()));
    expect((analysis.faults[0]!.effect as CrashEffect).machines).toEqual([
      {
        machine: "m2",
        restart: "zero",
        lastEventBeforeS: 1.8,
        lamportBefore: 4,
        queueAtCrash: 0,
        lostWithQueue: 1,
        backAtS: 4,
        lamportAfterRestart: 1,
        downMs: 2200,
        catchUpJump: 4,
        catchUpAtS: 5.5,
        catchUpFrom: "m1",
      },
    ]);
    const m2 = analysis.metrics.machines.m2!;
    expect(m2.ticksPerSecond).toBeCloseTo(5 / 3.3, 9);
    expect(m2.jumpMax).toBe(2);
    expect(m2.jumpsOver1).toBe(1);
    const details = analysis.machines.find((m) => m.id === "m2")!;
    expect(details.downS).toBeCloseTo(2.2, 9);
    expect(details.catchUpJumpMax).toBe(4);
    expect(details.restarts).toEqual([
      {
        fault: "f1",
        downFromS: 1.8,
        backAtS: 4,
        downS: 2.2,
        restartSeq: 4,
        catchUpJump: 4,
        catchUpAtS: 5.5,
        catchUpSeq: 6,
        catchUpFrom: "m1",
      },
    ]);
    // The fates agree: one delivery lost in the crashed machine's queue, one dropped while it was gone.
    const run = analysis.metrics.run;
    expect(run).toMatchObject({ sent: 4, delivered: 2, dropped: { "machine-gone": 1 } });
    expect(Object.values(run.lost)).toEqual([1]);
  });

  it("knows a machine killed and restarted by hand from the router's record alone", async () => {
    const analysis = await analyzeRun(makeRunDir(crashRun({ byHand: true })));
    expect(analysis.faults).toEqual([]);
    const details = analysis.machines.find((m) => m.id === "m2")!;
    expect(details.restarts).toMatchObject([{ fault: null, backAtS: 4, catchUpJump: 4 }]);
    expect(analysis.metrics.machines.m2!.jumpMax).toBe(2);
  });

  it("adds nothing to a run without faults", async () => {
    const analysis = await analyzeRun(makeRunDir({ ...pauseRun(), "run.json": '{"t0":0,"faults":[]}' }));
    expect(analysis.faults).toEqual([]);
    expect(analysis.machines.every((m) => m.restarts.length === 0 && m.downS === 0)).toBe(true);
  });
});

describe("series for the new charts", () => {
  it("gives each machine's Lamport lag behind the leader and its HLC lead over its own clock", async () => {
    const analysis = await analyzeRun(makeRunDir(clockStepRun()));
    const lag = analysis.series.lag;
    // The leader has lag 0, the other a negative lag; the last bin: m1 at 8, m2 at 6.
    expect(lag.m1!.at(-1)!.value).toBe(0);
    expect(lag.m2!.at(-1)!.value).toBe(-2);
    expect(Math.max(...analysis.series.hlcAhead.m1!.map((p) => p.value))).toBe(4900);
    expect(Math.max(...analysis.series.hlcLogical.m1!.map((p) => p.value))).toBe(2);
    expect(analysis.series.hlcAhead.m2!.every((p) => p.value === 0)).toBe(true);
    expect(analysis.series.lagBand).toBeNull();
  });
});
