import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteTarget, putSmallInt } from "./asciiBytes.ts";

describe("putSmallInt", () => {
  it("writes any whole number in [0, 2^31) as String() does", () => {
    const out = new Uint8Array(24);
    const target = byteTarget(out);
    const text = (value: number) => new TextDecoder().decode(out.subarray(0, putSmallInt(target, 0, value)));
    for (const value of [0, 9, 10, 99, 100, 9999, 10_000, 10_001, 99_999_999, 100_000_000, 2 ** 31 - 1]) {
      expect(text(value)).toBe(String(value));
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (value) => text(value) === String(value)),
    );
  });
});
