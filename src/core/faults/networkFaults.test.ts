import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NetworkFaults } from "./networkFaults.ts";
import type { FaultWindow } from "./schedule.ts";
import type { FaultAction } from "./spec.ts";

const T0 = 1_000_000;
function window(
  id: string,
  action: FaultAction,
  fromMs = 0,
  toMs = 60_000,
  extra: Partial<FaultWindow> = {},
): FaultWindow {
  return { id, kind: action.kind, fromMs, toMs, targets: [], groups: null, action, source: "test", ...extra };
}

describe("NetworkFaults", () => {
  it("a partition drops (or holds until it heals) what crosses it, and nothing else", () => {
    const cut = window("f1", { kind: "partition", mode: "drop" }, 10_000, 25_000, {
      groups: [["m1"], ["m2", "m3"]],
    });
    const faults = new NetworkFaults([cut], 7, T0);
    expect(faults.decide("m1", "m2", "m1:1", T0 + 9_999)).toMatchObject({
      type: "deliver",
      dueAtMs: T0 + 9_999,
    });
    expect(faults.decide("m1", "m2", "m1:2", T0 + 10_000)).toEqual({
      type: "drop",
      reason: "partition",
      fault: "f1",
    });
    expect(faults.decide("m2", "m1", "m2:1", T0 + 12_000)).toMatchObject({ type: "drop" });
    expect(faults.decide("m2", "m3", "m2:2", T0 + 12_000)).toMatchObject({
      type: "deliver",
      dueAtMs: T0 + 12_000,
    });
    expect(faults.decide("m1", "m2", "m1:3", T0 + 25_000)).toMatchObject({
      type: "deliver",
      dueAtMs: T0 + 25_000,
    });

    const hold = window("f2", { kind: "partition", mode: "hold", oneWay: true }, 0, 5_000, {
      groups: [["m1"], ["m2"]],
    });
    const holding = new NetworkFaults([hold], 7, T0);
    expect(holding.decide("m1", "m2", "m1:1", T0 + 100)).toEqual({
      type: "deliver",
      dueAtMs: T0 + 5_000,
      heldBy: "f2",
      copiesDueAtMs: [],
    });
    // One way: the other direction goes through.
    expect(holding.decide("m2", "m1", "m2:1", T0 + 100)).toMatchObject({ dueAtMs: T0 + 100, heldBy: null });
  });

  it("loses about the configured share, the same messages whoever asks and in whatever order", () => {
    const loss = window("f1", { kind: "loss", loss: { model: "bernoulli", probability: 0.2 } });
    const a = new NetworkFaults([loss], 11, T0);
    const lostA = new Set<string>();
    for (let n = 1; n <= 5000; n++)
      if (a.decide("m1", "m2", `m1:${n}`, T0 + n).type === "drop") lostA.add(`m1:${n}`);
    expect(lostA.size / 5000).toBeGreaterThan(0.17);
    expect(lostA.size / 5000).toBeLessThan(0.23);
    // Another router (a live one) sees the messages interleaved with others: the same ones are lost.
    const b = new NetworkFaults([loss], 11, T0);
    for (let n = 1; n <= 5000; n++) {
      b.decide("m2", "m3", `m2:${n}`, T0 + n);
      expect(b.decide("m1", "m2", `m1:${n}`, T0 + n).type === "drop").toBe(lostA.has(`m1:${n}`));
    }
  });

  it("bursty loss comes in runs", () => {
    const bursty = window("f1", {
      kind: "loss",
      loss: { model: "bursty", toBad: 0.02, toGood: 0.2, lossWhenBad: 1, lossWhenGood: 0 },
    });
    const faults = new NetworkFaults([bursty], 3, T0);
    const lost = Array.from(
      { length: 20_000 },
      (_, n) => faults.decide("m1", "m2", `m1:${n}`, T0 + n).type === "drop",
    );
    const rate = lost.filter(Boolean).length / lost.length;
    let runs = 0;
    for (let i = 1; i < lost.length; i++) if (lost[i] && !lost[i - 1]) runs++;
    // Mean burst length 1 / toGood = 5; steady-state loss toBad / (toBad + toGood) ~ 9%.
    expect(rate).toBeGreaterThan(0.06);
    expect(rate).toBeLessThan(0.12);
    expect((rate * lost.length) / runs).toBeGreaterThan(3);
  });

  it("keeps each link in order under random latency unless reordering is on", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (seed) => {
        const latency = window("f1", {
          kind: "latency",
          latency: { distribution: "exponential", meanMs: 50 },
        });
        const faults = new NetworkFaults([latency], seed, T0);
        let last = 0;
        for (let n = 1; n <= 200; n++) {
          const decision = faults.decide("m1", "m2", `m1:${n}`, T0 + n);
          expect(decision.type).toBe("deliver");
          if (decision.type === "deliver") {
            expect(decision.dueAtMs).toBeGreaterThanOrEqual(last);
            last = decision.dueAtMs;
          }
        }
      }),
      { numRuns: 50 },
    );
    const reorder = window("f1", { kind: "reorder", probability: 0.5, maxDelayMs: 100 });
    const shuffled = new NetworkFaults([reorder], 5, T0);
    const dues = Array.from({ length: 200 }, (_, n) => {
      const d = shuffled.decide("m1", "m2", `m1:${n}`, T0 + n);
      return d.type === "deliver" ? d.dueAtMs : 0;
    });
    expect(dues.some((due, i) => i > 0 && due < dues[i - 1]!)).toBe(true);
  });

  it("duplicates about the configured share, the copy right after the original", () => {
    const dup = window("f1", { kind: "duplicate", probability: 0.1 });
    const faults = new NetworkFaults([dup], 9, T0);
    let copies = 0;
    for (let n = 1; n <= 2000; n++) {
      const d = faults.decide("m1", "m2", `m1:${n}`, T0 + n);
      if (d.type === "deliver") {
        copies += d.copiesDueAtMs.length;
        for (const due of d.copiesDueAtMs) expect(due).toBe(d.dueAtMs);
      }
    }
    expect(copies).toBeGreaterThan(150);
    expect(copies).toBeLessThan(250);
  });

  it("a slow link delays only its own messages; a ring lets each machine reach its neighbours only", () => {
    const slow = window("f1", {
      kind: "slow-link",
      extraMs: 200,
      links: { links: [{ from: "m1", to: "m2" }] },
    });
    const faults = new NetworkFaults([slow], 1, T0);
    expect(faults.decide("m1", "m2", "m1:1", T0)).toMatchObject({ dueAtMs: T0 + 200, heldBy: "f1" });
    expect(faults.decide("m2", "m1", "m2:1", T0)).toMatchObject({ dueAtMs: T0, heldBy: null });
    const ring = window("f2", { kind: "partition", ring: true, mode: "drop" }, 0, 60_000, {
      targets: ["m1", "m2", "m3", "m4", "m5"],
    });
    const ringFaults = new NetworkFaults([ring], 1, T0);
    expect(ringFaults.decide("m1", "m2", "m1:1", T0).type).toBe("deliver");
    expect(ringFaults.decide("m1", "m5", "m1:2", T0).type).toBe("deliver");
    expect(ringFaults.decide("m1", "m3", "m1:3", T0).type).toBe("drop");
  });
});
