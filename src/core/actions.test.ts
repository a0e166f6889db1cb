import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ActionDie, type ActionWeights, D10_WEIGHTS } from "./actions.ts";
import { createRandom } from "./random.ts";

describe("ActionDie", () => {
  it("a d10 maps 1, 2, 3, 4..10 to first, second, broadcast, internal", () => {
    const die = new ActionDie(D10_WEIGHTS);
    expect(die.faces).toBe(10);
    expect(die.actionFor(1)).toBe("SEND_FIRST");
    expect(die.actionFor(2)).toBe("SEND_SECOND");
    expect(die.actionFor(3)).toBe("BROADCAST");
    for (let face = 4; face <= 10; face++) expect(die.actionFor(face)).toBe("INTERNAL");
  });

  it("refuses faces outside 1..faces", () => {
    const die = new ActionDie(D10_WEIGHTS);
    expect(() => die.actionFor(11)).toThrow(RangeError);
  });

  it("includes DIRECT faces between broadcast and internal when weighted", () => {
    const die = new ActionDie({ sendFirst: 0, sendSecond: 1, broadcast: 0, direct: 2, internal: 1 });
    expect(die.faces).toBe(4);
    expect([1, 2, 3, 4].map((f) => die.actionFor(f))).toEqual([
      "SEND_SECOND",
      "DIRECT",
      "DIRECT",
      "INTERNAL",
    ]);
  });

  it.each([
    ["negative", { ...D10_WEIGHTS, internal: -1 }],
    ["fractional", { ...D10_WEIGHTS, broadcast: 0.5 }],
    ["NaN", { ...D10_WEIGHTS, sendFirst: Number.NaN }],
    ["all zero", { sendFirst: 0, sendSecond: 0, broadcast: 0, direct: 0, internal: 0 }],
  ])("refuses %s weights", (_name, weights: ActionWeights) => {
    expect(() => new ActionDie(weights)).toThrow(RangeError);
  });

  it("each action gets exactly as many faces as its weight", () => {
    const weight = fc.nat({ max: 6 });
    fc.assert(
      fc.property(
        fc.record({
          sendFirst: weight,
          sendSecond: weight,
          broadcast: weight,
          direct: weight,
          internal: weight,
        }),
        (weights) => {
          const total = Object.values(weights).reduce((a, b) => a + b, 0);
          fc.pre(total > 0);
          const die = new ActionDie(weights);
          expect(die.faces).toBe(total);
          const counts: Record<string, number> = {};
          for (let face = 1; face <= total; face++) {
            const action = die.actionFor(face);
            counts[action] = (counts[action] ?? 0) + 1;
          }
          expect(counts.SEND_FIRST ?? 0).toBe(weights.sendFirst);
          expect(counts.SEND_SECOND ?? 0).toBe(weights.sendSecond);
          expect(counts.BROADCAST ?? 0).toBe(weights.broadcast);
          expect(counts.DIRECT ?? 0).toBe(weights.direct);
          expect(counts.INTERNAL ?? 0).toBe(weights.internal);
        },
      ),
    );
  });

  it("rolls only actions with weight", () => {
    const die = new ActionDie({ sendFirst: 0, sendSecond: 0, broadcast: 1, direct: 0, internal: 1 });
    const random = createRandom(3);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(die.roll(random));
    expect([...seen].sort()).toEqual(["BROADCAST", "INTERNAL"]);
  });
});
