// The fault analysis on real simulations: a partition, a backward clock step, a pause and a crash
// with a restart from zero in one run, each measured as its kind should show, the crash's lost queue
// agreeing with the fates, and the analysis of the same run identical twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.ts";
import type { ClockEffect, CrashEffect, PartitionEffect, PauseEffect } from "../../src/analysis/types.ts";
import { configSchema } from "../../src/core/config.ts";
import type { FaultAction, FaultEntry, FaultTiming } from "../../src/core/faults/spec.ts";
import { runSimulation } from "../../src/runtime/simulate/runSimulation.ts";

const logDir = mkdtempSync(join(tmpdir(), "clocklab-faultanalysis-"));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

const once = (atS: number, forS: number | null): FaultTiming => ({ schedule: "once", atS, forS });
const entry = (action: FaultAction, timing: FaultTiming): FaultEntry => ({ action, timing, source: "test" });

async function simulate(name: string, faults: FaultEntry[]) {
  const config = configSchema.parse({
    run: { machines: 3, durationS: 60, seed: 4, name, logDir },
    machine: { speeds: [4, 5, 6], actions: { sendFirst: 2, sendSecond: 2, broadcast: 2, internal: 4 } },
  });
  const outcome = await runSimulation(config, { yes: true, faults });
  return outcome.runDir;
}

describe("fault analysis of a simulation", () => {
  it("measures a partition, a clock step back, a pause and a crash as each should show", async () => {
    const dir = await simulate("all", [
      entry({ kind: "partition", groups: [["m1"], ["m2", "m3"]], mode: "drop" }, once(10, 15)),
      entry({ kind: "clock", targets: { ids: ["m2"] }, stepMs: -5000 }, once(30, null)),
      entry({ kind: "pause", targets: { ids: ["m3"] } }, once(40, 5)),
      entry({ kind: "crash", targets: { ids: ["m2"] }, restart: "zero" }, once(50, 3)),
    ]);
    const analysis = await analyzeRun(dir);
    expect(analysis.faults.map((f) => `${f.id} ${f.kind}`)).toEqual([
      "f1 partition",
      "f2 clock",
      "f3 pause",
      "f4 crash",
    ]);
    const [partition, clock, pause, crash] = analysis.faults;

    // Cut off, m1 stops hearing of the others' clocks: the spread grows past its level before.
    const p = partition!.effect as PartitionEffect;
    expect(p.spreadPeak!).toBeGreaterThan(p.spreadBefore! + 10);
    expect(partition!.phases.during.drops).toBe(partition!.phases.during.dropsByReason.partition);
    expect(partition!.phases.during.drops).toBeGreaterThan(0);
    expect(partition!.phases.before.drops).toBe(0);
    // After the heal each side's first message from across catches it up.
    const m1Side = p.healReceives.find((r) => r.side.includes("m1"))!;
    expect(m1Side.machine).toBe("m1");
    expect(m1Side.jump!).toBeGreaterThan(10);
    expect(m1Side.atS!).toBeGreaterThanOrEqual(partition!.endS);

    // m2's clock reads 5 s behind: its HLC holds the others' time and counts logical ticks.
    const c = (clock!.effect as ClockEffect).targets[0]!;
    expect(c.machine).toBe("m2");
    expect(c.hlcAheadMsMax!).toBeGreaterThan(4000);
    expect(c.hlcAheadMsMax!).toBeLessThanOrEqual(5000);
    expect(c.hlcLogicalMax!).toBeGreaterThan(3);
    expect(c.aheadFromS!).toBeCloseTo(clock!.startS, 0);

    // m3's queue filled while it was paused and drained after.
    const q = (pause!.effect as PauseEffect).machines[0]!;
    expect(q.queueAtResume!).toBeGreaterThan(q.queueBefore!);
    expect(q.drainMs!).toBeGreaterThanOrEqual(0);
    expect(pause!.phases.during.eventsPerSecond!).toBeLessThan(pause!.phases.before.eventsPerSecond!);

    // m2 came back from zero: its first receive after is a catch-up, not an ordinary jump.
    const k = (crash!.effect as CrashEffect).machines[0]!;
    expect(k.lamportAfterRestart).toBe(1);
    expect(k.downMs!).toBeGreaterThanOrEqual(3000);
    expect(k.catchUpJump!).toBeGreaterThan(100);
    const m2 = analysis.metrics.machines.m2!;
    expect(m2.jumpMax!).toBeLessThan(k.catchUpJump!);
    expect(analysis.machines.find((m) => m.id === "m2")!.catchUpJumpMax).toBe(k.catchUpJump);
    // Measured over the time it was up, m2 ticked at its configured 5 per second.
    expect(m2.ticksPerSecond!).toBeCloseTo(5, 1);
    const lost = Object.values(analysis.metrics.run.lost).reduce((a, b) => a + b, 0);
    expect(k.lostWithQueue).toBe(lost);

    // Streaming and deterministic: the same run analysed again gives the same faults.
    expect((await analyzeRun(dir)).faults).toEqual(analysis.faults);
  });

  it("sees a clock stepped forward pull the other machines' HLCs ahead", async () => {
    const dir = await simulate("forward", [
      entry({ kind: "clock", targets: { ids: ["m1"] }, stepMs: 5000 }, once(10, 20)),
    ]);
    const effect = (await analyzeRun(dir)).faults[0]!.effect as ClockEffect;
    // Its own HLC follows its clock: never ahead of it until the step ends and the clock goes back.
    expect(effect.targets[0]!.hlcAheadMsMax!).toBeGreaterThan(4000);
    expect(effect.targets[0]!.aheadFromS!).toBeGreaterThan(29);
    const other = effect.mostAffectedOther!;
    expect(["m2", "m3"]).toContain(other.machine);
    expect(other.hlcAheadMsMax!).toBeGreaterThan(4000);
    expect(other.aheadFromS!).toBeLessThan(12);
  });
});
