import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom, deriveSeed, MAX_SEED } from "./random.ts";

describe("deriveSeed", () => {
  it("is deterministic and a valid seed", () => {
    fc.assert(
      fc.property(fc.nat({ max: MAX_SEED }), fc.string(), (seed, name) => {
        const derived = deriveSeed(seed, name);
        expect(deriveSeed(seed, name)).toBe(derived);
        expect(Number.isInteger(derived)).toBe(true);
        expect(derived).toBeGreaterThanOrEqual(0);
        expect(derived).toBeLessThanOrEqual(MAX_SEED);
      }),
    );
  });

  it("differs across stream names and across run seeds", () => {
    const names = ["speeds", ...Array.from({ length: 200 }, (_, i) => `machine:m${i + 1}`)];
    const seeds = [0, 1, 2, 3, 42, 1234, 0x7ffffffe, MAX_SEED];
    const all = new Set<number>();
    for (const seed of seeds) for (const name of names) all.add(deriveSeed(seed, name));
    expect(all.size).toBe(names.length * seeds.length);
  });
});

describe("createRandom", () => {
  it("the same seed gives the same stream; another seed another stream", () => {
    const draw = (seed: number) => {
      const r = createRandom(seed);
      return Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? r.int(1, 1000) : r.float()));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("int is within [min, max] inclusive and float within [0, 1)", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: -1000, max: 1000 }), fc.nat({ max: 20 }), (seed, min, span) => {
        const r = createRandom(seed);
        for (let i = 0; i < 50; i++) {
          const n = r.int(min, min + span);
          expect(Number.isInteger(n)).toBe(true);
          expect(n).toBeGreaterThanOrEqual(min);
          expect(n).toBeLessThanOrEqual(min + span);
          const f = r.float();
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThan(1);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("int covers every value of a small range", () => {
    const r = createRandom(11);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(r.int(1, 6));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
