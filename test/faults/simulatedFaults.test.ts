// The fault engine in the simulator, end to end: each kind changes what it should, every delivery
// keeps exactly one fate (analysed from the files written), the clock rules hold on every line,
// and the same seed gives byte-identical logs.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.ts";
import { configSchema } from "../../src/core/config.ts";
import type { FaultAction, FaultEntry, FaultTiming } from "../../src/core/faults/spec.ts";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import type { EventLine } from "../../src/core/types.ts";
import { runSimulation } from "../../src/runtime/simulate/runSimulation.ts";

const logDir = mkdtempSync(join(tmpdir(), "clocklab-simfaults-"));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

const once = (atS: number, forS: number | null): FaultTiming => ({ schedule: "once", atS, forS });
const entry = (action: FaultAction, timing: FaultTiming = once(0, null)): FaultEntry => ({
  action,
  timing,
  source: "test",
});
let runs = 0;

async function simulate(faults: FaultEntry[], machines = 3, durationS = 30, seed = 4) {
  const config = configSchema.parse({
    run: { machines, durationS, seed, name: `r${++runs}`, logDir },
    machine: {
      speeds: Array.from({ length: machines }, (_, i) => 4 + i),
      actions: { sendFirst: 2, sendSecond: 2, broadcast: 2, internal: 4 },
    },
  });
  const outcome = await runSimulation(config, { yes: true, faults });
  const analysis = await analyzeRun(outcome.runDir, {});
  const read = <T>(file: string): T[] =>
    readFileSync(join(outcome.runDir, file), "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as T);
  const router = read<RouterLogEntry>("router.jsonl");
  const events = new Map(
    readdirSync(outcome.runDir)
      .filter((f) => /^m\d+\.jsonl$/.test(f))
      .map((f) => [f.slice(0, -6), read<EventLine>(f)]),
  );
  return { outcome, analysis, router, events };
}

function expectFatesAddUp(run: {
  sent: number;
  delivered: number;
  queued: number;
  inFlight: number;
  dropped: Record<string, number>;
  lost: Record<string, number>;
}) {
  const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  expect(
    run.delivered + run.queued + run.inFlight + sum(run.dropped) + sum(run.lost),
    JSON.stringify(run),
  ).toBe(run.sent);
  expect(Object.keys(run.lost).filter((c) => c.startsWith("unexplained"))).toEqual([]);
}

function expectClockRules(events: Map<string, EventLine[]>) {
  for (const lines of events.values()) {
    for (let i = 1; i < lines.length; i++) {
      const [a, b] = [lines[i - 1]!, lines[i]!];
      expect(b.lamport).toBeGreaterThan(a.lamport);
      expect(b.hlc.wall > a.hlc.wall || (b.hlc.wall === a.hlc.wall && b.hlc.logical > a.hlc.logical)).toBe(
        true,
      );
    }
  }
}

describe("faults in the simulator", () => {
  it("a partition drops what crosses it, and the fault's window is in router.jsonl", async () => {
    const { analysis, router, events } = await simulate([
      entry({ kind: "partition", groups: [["m1"], ["m2", "m3"]], mode: "drop" }, once(5, 10)),
    ]);
    expect(
      router
        .filter((e) => e.type === "fault")
        .map((e) => e.type === "fault" && `${e.fault}:${e.phase}:${e.at}`),
    ).toEqual(["f1:start:5000", "f1:end:15000"]);
    const drops = router.filter((e) => e.type === "dropped");
    expect(drops.length).toBeGreaterThan(0);
    for (const drop of drops) {
      expect(drop).toMatchObject({ reason: "partition", fault: "f1" });
      if (drop.type === "dropped") {
        expect(drop.at).toBeGreaterThanOrEqual(5000);
        expect(drop.at).toBeLessThan(15_000);
        expect([drop.from, drop.to]).toContain("m1");
      }
    }
    expect(analysis.metrics.run.dropped.partition).toBe(drops.length);
    expectFatesAddUp(analysis.metrics.run);
    expectClockRules(events);
  });

  it("a holding partition delivers everything after it heals, in order, and ends with nothing lost", async () => {
    const { analysis, router, events } = await simulate([
      entry({ kind: "partition", groups: [["m1"], ["m2", "m3"]], mode: "hold" }, once(5, 10)),
    ]);
    const held = router.filter((e) => e.type === "held");
    expect(held.length).toBeGreaterThan(0);
    for (const h of held) if (h.type === "held") expect(h.dueAt).toBe(15_000);
    expect(analysis.metrics.run.dropped).toEqual({});
    expectFatesAddUp(analysis.metrics.run);
    // m1's first receive after the heal jumps (it missed everything for 10 s).
    const afterHeal = events.get("m1")!.find((e) => e.type === "RECEIVE" && e.trueTime >= 15_000);
    expect(afterHeal).toBeDefined();
  });

  it("loss drops about its share, recorded as loss; latency and duplicates keep the books straight", async () => {
    const { analysis, router, events } = await simulate([
      entry({ kind: "loss", loss: { model: "bernoulli", probability: 0.2 } }),
      entry({ kind: "latency", latency: { distribution: "lognormal", medianMs: 30, sigma: 0.8 } }),
      entry({ kind: "duplicate", probability: 0.1 }),
    ]);
    const run = analysis.metrics.run;
    expect(run.dropped.loss! / run.sent).toBeGreaterThan(0.12);
    expect(run.dropped.loss! / run.sent).toBeLessThan(0.28);
    expect(run.duplicates).toBeGreaterThan(0);
    expect(router.some((e) => e.type === "held")).toBe(true);
    expectFatesAddUp(run);
    expectClockRules(events);
    // Every copy a machine took is marked, and never counted as a delivery.
    const copies = [...events.values()]
      .flat()
      .filter((e) => e.type === "RECEIVE" && (e.message as { duplicate?: boolean }).duplicate);
    expect(copies.length).toBeGreaterThan(0);
  });

  it("keeps per-link order under random latency when reordering is off", async () => {
    const { events } = await simulate([
      entry({ kind: "latency", latency: { distribution: "exponential", meanMs: 200 } }),
    ]);
    for (const lines of events.values()) {
      const last = new Map<string, number>();
      for (const line of lines) {
        if (line.type !== "RECEIVE") continue;
        const { from, id } = line.message as { from: string; id: string };
        const n = Number(id.split(":")[1]);
        expect(n).toBeGreaterThan(last.get(from) ?? 0);
        last.set(from, n);
      }
    }
  });

  it("a pause stops a machine's ticks while its queue fills; a crash loses its queue and it resumes from its log", async () => {
    const { analysis, router, events } = await simulate([
      entry({ kind: "pause", targets: { ids: ["m3"] } }, once(5, 5)),
      entry({ kind: "crash", targets: { ids: ["m2"] }, restart: "log" }, once(12, 3)),
    ]);
    const m3 = events.get("m3")!;
    expect(m3.some((e) => e.trueTime >= 5000 && e.trueTime < 10_000)).toBe(false);
    const firstAfterPause = m3.find((e) => e.trueTime >= 10_000)!;
    expect(firstAfterPause.queueLength).toBeGreaterThan(0);
    const m2 = events.get("m2")!;
    expect(m2.some((e) => e.trueTime > 12_000 && e.trueTime < 15_000)).toBe(false);
    const back = m2.findIndex((e) => e.trueTime >= 15_000);
    expect(m2[back]!.seq).toBe(m2[back - 1]!.seq + 1);
    expect(m2[back]!.lamport).toBeGreaterThan(m2[back - 1]!.lamport);
    expect(
      router.some((e) => e.type === "left" && e.id === "m2" && e.reason.startsWith("connection lost")),
    ).toBe(true);
    expect(router.some((e) => e.type === "joined" && e.id === "m2" && e.rejoin)).toBe(true);
    expectFatesAddUp(analysis.metrics.run);
    expectClockRules(events);
  });

  it("a backward clock step: the hybrid clock holds its wall and counts logical ticks instead", async () => {
    const { events } = await simulate([
      entry({ kind: "clock", targets: { ids: ["m2"] }, stepMs: -5000 }, once(10, null)),
    ]);
    const m2 = events.get("m2")!;
    const after = m2.filter((e) => e.trueTime >= 10_000 && e.trueTime < 14_000);
    for (const e of after) {
      expect(e.systemTime - e.trueTime).toBeCloseTo(-5000, 6);
      expect(e.hlc.wall).toBeGreaterThan(Math.floor(e.systemTime));
    }
    expect(Math.max(...after.map((e) => e.hlc.logical))).toBeGreaterThan(3);
    expectClockRules(events);
  });

  it("is byte-identical for the same seed and faults", async () => {
    const faults = [
      entry({
        kind: "loss",
        loss: { model: "bursty", toBad: 0.05, toGood: 0.3, lossWhenBad: 0.9, lossWhenGood: 0 },
      }),
      entry(
        { kind: "partition", targets: { rule: "one" }, mode: "hold" },
        {
          schedule: "every",
          every: { distribution: "exponential", meanS: 5 },
          for: { distribution: "uniform", minS: 1, maxS: 2 },
          startS: 0,
          untilS: null,
        },
      ),
      entry({ kind: "crash", targets: { rule: "one" }, restart: "zero" }, once(8, 2)),
    ];
    const a = await simulate(faults, 4, 20, 9);
    const b = await simulate(faults, 4, 20, 9);
    const bytes = (dir: string) =>
      readdirSync(dir)
        .filter((f) => f.endsWith(".jsonl"))
        .sort()
        .map((f) => readFileSync(join(dir, f), "utf8"));
    expect(bytes(b.outcome.runDir)).toEqual(bytes(a.outcome.runDir));
    expectFatesAddUp(a.analysis.metrics.run);
  });
});
