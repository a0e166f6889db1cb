import { describe, expect, it } from "vitest";
import { keyedUniform } from "./keyedRandom.ts";

describe("keyedUniform", () => {
  it("is a function of its key: the same key always draws the same number", () => {
    expect(keyedUniform(7, "m1:12", "m2", "loss")).toBe(keyedUniform(7, "m1:12", "m2", "loss"));
    expect(keyedUniform(7, "m1:12", "m2", "loss")).not.toBe(keyedUniform(8, "m1:12", "m2", "loss"));
    expect(keyedUniform(7, "m1:12", "m2", "loss")).not.toBe(keyedUniform(7, "m1:12", "m3", "loss"));
    expect(keyedUniform(7, "m1:12", "m2", "loss")).not.toBe(keyedUniform(7, "m1:12", "m2", "latency"));
  });

  it("spreads evenly over [0, 1)", () => {
    const buckets = new Array(10).fill(0);
    const draws = 50_000;
    for (let n = 0; n < draws; n++) {
      const u = keyedUniform(42, `m1:${n}`, "m2", "loss");
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      buckets[Math.floor(u * 10)]++;
    }
    for (const count of buckets) expect(Math.abs(count - draws / 10)).toBeLessThan((draws / 10) * 0.05);
  });
});
