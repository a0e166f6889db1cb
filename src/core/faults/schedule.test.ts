import { describe, expect, it } from "vitest";
import { drawFaultSchedule } from "./schedule.ts";
import type { FaultEntry } from "./spec.ts";

const ids = ["m1", "m2", "m3", "m4", "m5"];
const once = (atS: number, forS: number | null) => ({ schedule: "once" as const, atS, forS });

describe("drawFaultSchedule", () => {
  it("places a scheduled entry at its time, clipped to the run, with its groups completed", () => {
    const entries: FaultEntry[] = [
      {
        action: { kind: "partition", groups: [["m1"], ["m2", "m3"]], mode: "drop" },
        timing: once(10, 15),
        source: "a",
      },
      { action: { kind: "pause", targets: { ids: ["m3"] } }, timing: once(50, null), source: "b" },
    ];
    const windows = drawFaultSchedule(entries, 1, ids, 60_000);
    expect(windows.map((w) => [w.id, w.kind, w.fromMs, w.toMs, w.targets])).toEqual([
      ["f1", "partition", 10_000, 25_000, ["m1"]],
      ["f2", "pause", 50_000, 60_000, ["m3"]],
    ]);
    // Machines not named form one more group.
    expect(windows[0]!.groups).toEqual([["m1"], ["m2", "m3"], ["m4", "m5"]]);
  });

  it("draws a generator's occurrences and targets from the seed: the same seed, the same schedule", () => {
    const entries: FaultEntry[] = [
      {
        action: { kind: "crash", targets: { rule: "one" }, restart: "log" },
        timing: {
          schedule: "every",
          every: { distribution: "exponential", meanS: 10 },
          for: { distribution: "uniform", minS: 1, maxS: 3 },
          startS: 0,
          untilS: null,
        },
        source: "gen",
      },
      {
        action: { kind: "partition", targets: { rule: "majority" }, mode: "hold" },
        timing: once(5, 5),
        source: "p",
      },
    ];
    const a = drawFaultSchedule(entries, 42, ids, 120_000);
    const b = drawFaultSchedule(entries, 42, ids, 120_000);
    const c = drawFaultSchedule(entries, 43, ids, 120_000);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const crashes = a.filter((w) => w.kind === "crash");
    expect(crashes.length).toBeGreaterThan(3);
    for (const [i, w] of crashes.entries()) {
      expect(w.targets).toHaveLength(1);
      expect(w.toMs - w.fromMs).toBeGreaterThanOrEqual(1000);
      expect(w.toMs - w.fromMs).toBeLessThanOrEqual(3000);
      if (i > 0) expect(w.fromMs).toBeGreaterThanOrEqual(crashes[i - 1]!.toMs);
      expect(w.toMs).toBeLessThanOrEqual(120_000);
    }
    const partition = a.find((w) => w.kind === "partition")!;
    expect(partition.targets).toHaveLength(3);
    expect(partition.groups).toEqual([
      partition.targets,
      ids.filter((id) => !partition.targets.includes(id)),
    ]);
  });
});
