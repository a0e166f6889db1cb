import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constantTimeEqual } from "./constantTime.ts";

describe("constantTimeEqual", () => {
  it.each([
    ["", "", true],
    ["secret-token", "secret-token", true],
    ["secret-token", "secret-tokem", false],
    ["secret-token", "secret-token!", false],
    ["a", "", false],
    ["", "a", false],
    ["a", "a\u0000", false],
    ["\u0000", "", false],
    ["é", "e", false],
    ["😀", "😀", true],
    ["😀", "😁", false],
  ])("%j vs %j -> %s", (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
    expect(constantTimeEqual(b, a)).toBe(expected);
  });

  it("agrees with === for any strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
      }),
    );
  });

  it("detects a single changed or appended character anywhere", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 0xffff }),
        (s, at, delta) => {
          const i = at % s.length;
          const changed =
            s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) + delta) % 0x10000) + s.slice(i + 1);
          expect(constantTimeEqual(s, changed)).toBe(s === changed);
          expect(constantTimeEqual(s, `${s}\u0000`)).toBe(false);
        },
      ),
    );
  });
});
